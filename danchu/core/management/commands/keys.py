"""`danchu keys`: the keys kept apart from the data (core/keys.py).

    danchu keys show                 # where they are, each key's public fingerprint (never a key)
    danchu keys create               # create the missing ones (first run does it too)
    danchu keys rotate audit         # a new audit chain key first; old rows stay verifiable with the old keys
    danchu keys rotate identity      # a new identity key first; then `danchu reseal_identities`
    danchu keys check                # every key present and usable (exit 1 otherwise)
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from danchu.core import keys


class Command(BaseCommand):
    help = "Khóa giữ ngoài cơ sở dữ liệu: xem, tạo, xoay vòng, kiểm tra."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("show")
        sub.add_parser("create")
        sub.add_parser("check")
        rotate = sub.add_parser("rotate")
        rotate.add_argument("which", choices=["audit", "identity"])

    def handle(self, *args, action, **options):
        try:
            if action == "create":
                keys.create_identity_key()
                keys.create_audit_key()
                keys.signing_key()
            elif action == "rotate" and options["which"] == "audit":
                fp = keys.create_audit_key(rotate=True)
                self.stdout.write(f"Khóa chuỗi nhật ký mới: {fp} (các khóa cũ vẫn dùng để kiểm tra dòng cũ).")
            elif action == "rotate":
                fp = keys.create_identity_key(rotate=True)
                self.stdout.write(f"Khóa niêm phong danh tính mới: {fp}. Chạy `danchu reseal_identities` để mã hóa "
                                  "lại mọi danh tính bằng khóa mới, rồi mới bỏ khóa cũ.")
            rows = keys.describe()
            if action == "check":
                if not keys.verify_signature("probe", keys.sign("probe")):
                    raise CommandError("Khóa ký mốc không dùng được.")
                fernet = keys.identity_fernet()
                if fernet.decrypt(fernet.encrypt(b"probe")) != b"probe":
                    raise CommandError("Khóa niêm phong danh tính không dùng được.")
        except keys.KeyProblem as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Thư mục khóa: {settings.DANCHU_KEY_DIR}")
        for role, value in rows:
            self.stdout.write(f"  {role}: {value}")
        if action == "check":
            self.stdout.write("Các khóa đều có và dùng được.")
