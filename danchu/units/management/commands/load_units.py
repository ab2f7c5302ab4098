"""`danchu load_units [--province 92]`: import the administrative units and their lineage."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from danchu.units.importers import ImportReport, import_units


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def summary(report: ImportReport) -> list[str]:
    total = lambda name: getattr(report, name).total  # noqa: E731
    created = sum(getattr(report, n).created for n in ("old_provinces", "old_districts", "old_communes",
                                                        "provinces", "communes", "lineage"))
    updated = sum(getattr(report, n).updated for n in ("old_provinces", "old_districts", "old_communes",
                                                        "provinces", "communes", "lineage"))
    unchanged = sum(getattr(report, n).unchanged for n in ("old_provinces", "old_districts", "old_communes",
                                                            "provinces", "communes", "lineage"))
    return [
        _("Đã nạp: %(p)s tỉnh/thành, %(c)s xã/phường/đặc khu (từ 01/07/2025); "
          "%(op)s tỉnh/thành, %(od)s quận/huyện, %(oc)s xã/phường/thị trấn (trước 01/07/2025); "
          "%(l)s quan hệ kế thừa.") % {
            "p": _n(total("provinces")), "c": _n(total("communes")), "op": _n(total("old_provinces")),
            "od": _n(total("old_districts")), "oc": _n(total("old_communes")), "l": _n(total("lineage")),
        },
        _("Tạo mới %(c)s; cập nhật %(u)s; không đổi %(n)s.") % {
            "c": _n(created), "u": _n(updated), "n": _n(unchanged)},
    ]


class Command(BaseCommand):
    help = "Nạp đơn vị hành chính (trước và từ 01/07/2025) và quan hệ kế thừa từ gói vietnamadminunits."

    def add_arguments(self, parser):
        parser.add_argument("--province", help="Mã tỉnh/thành từ 01/07/2025 (vd. 92 = Cần Thơ); mặc định: cả nước")

    def handle(self, *args, province=None, **options):
        started = time.monotonic()
        try:
            report = import_units(province=province, actor="load_units")
        except ValueError as exc:
            raise CommandError(_("Không tìm thấy tỉnh/thành có mã %(code)s.") % {"code": province}) from exc
        for line in summary(report):
            self.stdout.write(line)
        if report.lineage_corrected:
            self.stdout.write(_("Đã sửa %(n)s liên kết sai do trùng tên xã trong bảng chuyển đổi.")
                              % {"n": _n(report.lineage_corrected)})
        if report.unmatched:
            self.stdout.write(self.style.WARNING(_("Không khớp được %(n)s khóa của bảng chuyển đổi.")
                                                 % {"n": _n(report.unmatched)}))
        for warning in report.warnings:
            self.stdout.write(self.style.WARNING(_("Cảnh báo: %(w)s") % {"w": warning}))
        self.stdout.write(self.style.SUCCESS(_("Xong sau %(s).1f giây.") % {"s": time.monotonic() - started}))
