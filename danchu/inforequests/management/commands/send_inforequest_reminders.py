"""Remind handlers of information requests due within 1 working day and of overdue ones (idempotent).

Runs the same function as the 07:00 periodic job, for cron or by hand:
    danchu send_inforequest_reminders [--date YYYY-MM-DD]
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from danchu.inforequests.services import send_reminders


class Command(BaseCommand):
    help = "Nhắc người xử lý các yêu cầu cung cấp thông tin sắp đến hạn hoặc quá hạn."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày tính (YYYY-MM-DD), mặc định hôm nay")

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("Ngày phải theo dạng YYYY-MM-DD.") from None
        sent = send_reminders(today=today)
        self.stdout.write(f"Đã gửi {sent} lời nhắc.")
