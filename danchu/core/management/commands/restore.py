"""`danchu restore PATH --yes`: replace the database and the uploaded files with a backup's, after checking every
checksum; then say whether the audit log verifies with this machine's keys. See core/backup.py."""

from django.core.management.base import BaseCommand, CommandError

from danchu.core.backup import BackupError, read_manifest, restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và tệp đính kèm từ một bản sao lưu (thay thế dữ liệu hiện có)."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--yes", action="store_true", help="xác nhận thay thế toàn bộ dữ liệu hiện có")

    def handle(self, *args, path, yes, **options):
        try:
            manifest = read_manifest(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Bản sao lưu lúc {manifest['created']} ({manifest['engine']}), "
                          f"{len(manifest['files'])} mục, nhật ký đến dòng #{manifest['audit_head']['seq']}.")
        if not yes:
            raise CommandError("Khôi phục sẽ thay thế toàn bộ dữ liệu hiện có: chạy lại với --yes để xác nhận.")
        try:
            report = restore(path)
        except (BackupError, OSError) as exc:
            raise CommandError(f"Không khôi phục được (dữ liệu hiện có chưa bị thay đổi nếu lỗi ở bước kiểm tra): "
                               f"{exc}") from None
        self.stdout.write("Đã khôi phục cơ sở dữ liệu và tệp đính kèm.")
        if report["audit"] == "ok":
            self.stdout.write("Nhật ký kiểm tra: nguyên vẹn với khóa của máy này.")
        else:
            self.stdout.write(f"Nhật ký kiểm tra: {report['audit']} — khôi phục cả khóa (DANCHU_KEY_DIR) "
                              "từ nơi sao lưu riêng nếu đây là máy mới.")
