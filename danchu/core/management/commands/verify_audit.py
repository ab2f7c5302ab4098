from django.core.management.base import BaseCommand, CommandError

from danchu.core import audit
from danchu.core.models import AuditEvent


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm của nhật ký kiểm tra; báo dòng đầu tiên bị sửa hoặc bị xóa."

    def handle(self, *args, **options):
        breach = audit.verify()
        if breach is not None:
            raise CommandError(f"Nhật ký bị can thiệp tại dòng #{breach.seq}: {breach.reason}")
        self.stdout.write(f"Nhật ký nguyên vẹn: {AuditEvent.objects.count()} dòng, chuỗi băm khớp.")
