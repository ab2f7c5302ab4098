import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand

from danchu.units.demo import build_demo, login_table


def print_logins(write) -> None:
    write(f"Tài khoản mẫu / demo accounts (mật khẩu / password: {login_table()[0][1]}):")
    for username, _password, role in login_table():
        write(f"  {username:<20} {role}")
    write("Tài khoản cán bộ cần mã xác thực hai lớp: `danchu totp_code <tên đăng nhập>` in mã hiện tại.")
    write("Staff accounts need a TOTP code: `danchu totp_code <username>` prints the current one.")


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu Cần Thơ (idempotent) / build the Cần Thơ demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--households-per-village", type=int, default=18)
        parser.add_argument("--quiet-logins", action="store_true", help="do not print the demo accounts")
        parser.add_argument("--logins-only", action="store_true", help="only print the demo accounts")

    def handle(self, *args, **options):
        if options["logins_only"]:
            print_logins(self.stdout.write)
            return
        result = build_demo(households_per_village=options["households_per_village"])
        self.stdout.write(f"Dữ liệu mẫu sẵn sàng: {result['households_created']} hộ mới tạo lần này.")
        # then each domain app that ships a `demo` module (core ← units ← domain apps)
        for app in apps.get_app_configs():
            if app.label == "units" or not app.name.startswith("danchu.") or importlib.util.find_spec(
                    f"{app.name}.demo") is None:
                continue
            extra = importlib.import_module(f"{app.name}.demo").build_demo()
            self.stdout.write(f"  {app.verbose_name}: " + ", ".join(f"{k} = {v}" for k, v in extra.items()))
        if not options["quiet_logins"]:
            print_logins(self.stdout.write)
