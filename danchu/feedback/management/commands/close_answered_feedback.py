"""Close answered feedback whose reopening window (DANCHU_FEEDBACK_REOPEN_DAYS) has passed (idempotent).

Runs the same function as the 07:10 periodic job (tasks.py), for cron or by hand:
    danchu close_answered_feedback [--date YYYY-MM-DD]
"""

from argparse import ArgumentTypeError
from datetime import date

from django.core.management.base import BaseCommand

from danchu.feedback.services import close_answered


def day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ArgumentTypeError("Ngày phải theo dạng YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Kết thúc các phản ánh đã trả lời khi hết thời hạn người phản ánh đề nghị xem xét lại."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=day, default=None,
                            help="Ngày tính (YYYY-MM-DD), mặc định hôm nay")

    def handle(self, *args, **options):
        closed = close_answered(today=options["date"])
        self.stdout.write(f"Đã kết thúc {closed} phản ánh đã trả lời.")
