"""`danchu import_households --unit <id> --file households.csv --as <username>`: the same import as the
web page, checked against the same named permission for the acting user."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from danchu.units import services
from danchu.units.access import commune_for_management, villages_for_edit
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit


class Command(BaseCommand):
    help = "Nhập hộ gia đình từ tệp CSV/XLSX thay mặt một cán bộ (kiểm tra quyền của cán bộ đó)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", type=int, required=True, help="id của xã/phường (hoặc thôn) nhận hộ")
        parser.add_argument("--file", required=True)
        parser.add_argument("--as", dest="username", required=True, help="tên đăng nhập của người thực hiện")

    def handle(self, *args, unit, file, username, **options):
        actor = get_user_model().objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(f"Không có tài khoản {username!r}.")
        target = AdministrativeUnit.objects.filter(pk=unit).first()
        if target is None or target.level not in (Level.COMMUNE, Level.VILLAGE):
            raise CommandError("Đơn vị phải là một xã/phường hoặc thôn.")
        if not actor.has_perm("units.import_households", target):
            raise CommandError(f"{username} không có quyền nhập hộ gia đình cho {target.name}.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        village = target if target.level == Level.VILLAGE else None
        result = services.households_import(commune=commune_for_management(target), data=path.read_bytes(),
                                            filename=path.name, village=village, actor=actor,
                                            allowed_villages={v.pk for v in villages_for_edit(actor, target)})
        if not result.ok:
            raise CommandError("Không nhập được:\n" + "\n".join(result.errors[:50]))
        self.stdout.write(f"Đã nhập: {result.created} hộ mới, {result.updated} cập nhật, {result.unchanged} không đổi.")
