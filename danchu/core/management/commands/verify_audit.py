"""`danchu verify_audit`: walk the keyed audit chain and compare it with every signed checkpoint it can find.

    danchu verify_audit                       # the chain, the checkpoints in the database and in the local file
    danchu verify_audit --checkpoints F       # also a copy kept elsewhere (the public feed saved by the Front)
    danchu verify_audit --checkpoint          # and, when intact, sign a new checkpoint of the head
"""

from django.core.management.base import BaseCommand, CommandError

from danchu.core import audit
from danchu.core.models import AuditEvent


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm có khóa của nhật ký và các mốc đã ký; báo dòng đầu tiên bị sửa, bị xóa."

    def add_arguments(self, parser):
        parser.add_argument("--checkpoints", action="append", default=[],
                            help="tệp mốc kiểm tra lưu ở nơi khác (JSON của trang công khai, hoặc JSON lines)")
        parser.add_argument("--checkpoint", action="store_true", help="ký một mốc mới khi nhật ký nguyên vẹn")

    def handle(self, *args, **options):
        extra = []
        for path in options["checkpoints"]:
            try:
                extra += audit.read_checkpoints(path)
            except (OSError, ValueError, KeyError) as exc:
                raise CommandError(f"Không đọc được tệp mốc {path}: {exc}") from None
        breach = audit.verify(checkpoints=extra)
        if breach is not None:
            raise CommandError(f"Nhật ký bị can thiệp tại dòng #{breach.seq}: {breach.reason}")
        rows = AuditEvent.objects.count()
        self.stdout.write(f"Nhật ký nguyên vẹn: {rows} dòng, chuỗi băm khớp, "
                          f"{len(audit.known_checkpoints(extra))} mốc đã ký khớp.")
        if options["checkpoint"]:
            cp = audit.checkpoint()
            if cp:
                self.stdout.write(f"Đã ký mốc mới: dòng #{cp.seq} lúc {cp.created}.")
