"""Remind the staff of the units whose tasks are due within a week or overdue (idempotent: once a day per task).

For cron or by hand:
    danchu send_task_reminders [--date YYYY-MM-DD]
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from danchu.steering.services import send_task_reminders


class Command(BaseCommand):
    help = "Nhắc đơn vị thực hiện các nhiệm vụ sắp đến hạn hoặc quá hạn."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày tính (YYYY-MM-DD), mặc định hôm nay")

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("Ngày phải theo dạng YYYY-MM-DD.") from None
        sent = send_task_reminders(today=today)
        self.stdout.write(f"Đã gửi {sent} lời nhắc.")
