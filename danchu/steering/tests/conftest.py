"""Fixtures of steering: the pre-2025 units of the test tree with their lineage, a city plan and template."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest


@dataclass
class Legacy:
    version: object
    province: object
    district: object
    an_hoa: object  # old Phường An Hòa → today's commune A (Cái Khế)
    tan_an: object  # old Phường Tân An → today's commune B (Ninh Kiều)


@pytest.fixture
def legacy(tree):
    from danchu.units.domain import Kind, Level, LineageKind
    from danchu.units.models import AdministrativeUnit, StructureVersion, UnitLineage

    version = StructureVersion.objects.create(code="truoc-2025", name="Trước 01/07/2025", valid_to=date(2025, 6, 30))

    def unit(code, name, kind, level, parent=None):
        u = AdministrativeUnit(version=version, code=code, name=name, short_name=name, kind=kind, level=level,
                               parent=parent, valid_to=date(2025, 6, 30))
        u.save()
        return u

    province = unit("92", "Thành phố Cần Thơ", Kind.THANH_PHO_TW, Level.PROVINCE)
    district = unit("916", "Quận Ninh Kiều", Kind.QUAN, Level.DISTRICT, province)
    an_hoa = unit("31120", "Phường An Hòa", Kind.PHUONG, Level.COMMUNE, district)
    tan_an = unit("31135", "Phường Tân An", Kind.PHUONG, Level.COMMUNE, district)
    for old, new in ((an_hoa, tree.commune_a), (tan_an, tree.commune_b), (province, tree.province)):
        UnitLineage.objects.create(predecessor=old, successor=new, kind=LineageKind.WHOLE, is_primary=True,
                                   effective_on=date(2025, 7, 1))
    UnitLineage.objects.create(predecessor=district, successor=tree.commune_b, kind=LineageKind.PARTIAL,
                               is_primary=True, effective_on=date(2025, 7, 1))
    UnitLineage.objects.create(predecessor=district, successor=tree.commune_a, kind=LineageKind.PARTIAL,
                               is_primary=False, effective_on=date(2025, 7, 1))
    return Legacy(version, province, district, an_hoa, tan_an)


@pytest.fixture
def city_template(tree):
    """An issued yearly template of the city with a number, a yes/no and a text indicator."""
    from danchu.steering import services
    from danchu.steering.periods import PeriodKind
    from danchu.steering.values import IndicatorKind

    template = services.template_create(unit=tree.province, title="Báo cáo kết quả thực hiện dân chủ ở cơ sở",
                                        period_kind=PeriodKind.YEAR, actor=None)
    services.indicator_add(template=template, code="1", label="Số hội nghị đối thoại", kind=IndicatorKind.NUMBER,
                           measure="cuộc", actor=None)
    services.indicator_add(template=template, code="2", label="Đã kiện toàn Ban Chỉ đạo", kind=IndicatorKind.BOOLEAN,
                           actor=None)
    services.indicator_add(template=template, code="3", label="Khó khăn, kiến nghị", kind=IndicatorKind.TEXT,
                           required=False, actor=None)
    services.template_issue(template=template, actor=None, on=date(2025, 1, 2))
    return template
