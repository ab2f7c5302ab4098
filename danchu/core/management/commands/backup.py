"""`danchu backup PATH`: the database, the uploaded files and a manifest with checksums in one tar file (never
the keys, which are backed up apart: README, "Khóa · Keys"). See core/backup.py."""

from django.core.management.base import BaseCommand, CommandError

from danchu.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp đính kèm vào một tệp .tar (không gồm khóa)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp .tar sẽ tạo, hoặc thư mục để đặt tệp theo ngày giờ")
        parser.add_argument("--no-media", action="store_true", help="không gồm tệp đính kèm")

    def handle(self, *args, path, no_media, **options):
        try:
            result = backup(path, include_media=not no_media)
        except (BackupError, OSError) as exc:
            raise CommandError(f"Không sao lưu được: {exc}") from None
        self.stdout.write(f"Đã sao lưu: {result.path} ({result.members} mục, {result.bytes:,} byte). "
                          "Khóa trong DANCHU_KEY_DIR không nằm trong bản sao lưu: hãy sao lưu riêng.")
