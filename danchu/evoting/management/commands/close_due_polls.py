from django.core.management.base import BaseCommand

from danchu.evoting.services import close_due_polls


class Command(BaseCommand):
    help = "Kết thúc các cuộc biểu quyết trực tuyến đã hết giờ (cũng chạy tự động 5 phút một lần)."

    def handle(self, *args, **options):
        self.stdout.write(f"Đã kết thúc {close_due_polls()} cuộc biểu quyết.")
