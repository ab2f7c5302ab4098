"""Send the deadline reminders of every app (idempotent: a re-run sends nothing twice).

Runs the same sweep as the daily periodic job (core/tasks.py), for cron or by hand:
    danchu send_reminders [--date YYYY-MM-DD] [--policy feedback --policy cases ...] [--list]
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError

from danchu.core import reminders


class Command(BaseCommand):
    help = "Gửi lời nhắc hạn (sắp đến hạn, quá hạn, báo cáo cấp trên) của mọi phân hệ; chạy lại không gửi trùng."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Ngày tính (YYYY-MM-DD), mặc định hôm nay")
        parser.add_argument("--policy", action="append", default=[], help="Chỉ chạy chính sách này (lặp lại được)")
        parser.add_argument("--list", action="store_true", help="Liệt kê các chính sách nhắc hạn rồi thoát")

    def handle(self, *args, **options):
        known = {p.name: p for p in reminders.policies()}
        if options["list"]:
            for name, policy in known.items():
                kinds = ", ".join(str(label) for label in policy.kinds.values())
                self.stdout.write(f"{name}: {kinds}")
            return
        unknown = [n for n in options["policy"] if n not in known]
        if unknown:
            raise CommandError(f"Không có chính sách nhắc hạn: {', '.join(unknown)} (có: {', '.join(known)}).")
        today = None
        if options.get("date"):
            try:
                today = date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("Ngày phải theo dạng YYYY-MM-DD.") from None
        sent = reminders.run(today=today, only=options["policy"] or None)
        for name, count in sent.items():
            self.stdout.write(f"{name}: đã gửi {count} lời nhắc")
        self.stdout.write(f"Tổng cộng: {sum(sent.values())} lời nhắc.")
