"""Remind handlers of feedback due soon or overdue, and escalate late ones (idempotent).

Runs the same function as the 07:10 periodic job, for cron or by hand:
    danchu send_feedback_reminders [--date YYYY-MM-DD]
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from danchu.feedback.services import close_answered, send_reminders


class Command(BaseCommand):
    help = "Nhắc người xử lý phản ánh sắp đến hạn, quá hạn; báo cáo cấp trên phản ánh trễ hạn."

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
        closed = close_answered(today=today)
        self.stdout.write(f"Đã gửi {sent} lời nhắc, báo cáo; kết thúc {closed} phản ánh đã trả lời.")
