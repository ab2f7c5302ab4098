"""Villages (thôn, tổ dân phố) of a commune: create, rename, merge."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as stored  # stored text stays Vietnamese

from danchu.core import audit, clock
from danchu.core.errors import field_error
from danchu.core.services import service
from danchu.core.text import clean_text, fold

from ..domain import KIND_LEVEL, Level, LineageKind
from ..models import AdministrativeUnit, Household, UnitLineage
from ..verbs import AuditVerb
from .common import commune_or_error
from .households import move_residence


def _next_village_code(commune: AdministrativeUnit) -> str:
    prefix = f"{commune.code}-"
    existing = AdministrativeUnit.objects.filter(version_id=commune.version_id, code__startswith=prefix).values_list(
        "code", flat=True
    )
    numbers = [int(c[len(prefix):]) for c in existing if c[len(prefix):].isdigit()]
    return f"{prefix}{(max(numbers) + 1) if numbers else 1:02d}"


def _check_village_name_free(commune, name: str, *, exclude_pk=None) -> None:
    clash = commune.children.filter(name_folded=fold(name), valid_to__isnull=True)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise field_error("name", _("Xã/phường này đã có thôn, tổ dân phố tên “%(name)s”.") % {"name": name}, "duplicate_name")


@service(AuditVerb.VILLAGE_CREATED)
def village_create(*, commune: AdministrativeUnit, kind: str, name: str, actor, code: str = "",
                   valid_from: date | None = None) -> AdministrativeUnit:
    commune_or_error(commune)
    name = clean_text(name)
    if KIND_LEVEL.get(kind) != Level.VILLAGE:
        raise field_error("kind", _("Loại không hợp lệ cho thôn, tổ dân phố."), "invalid_kind")
    if not name:
        raise field_error("name", _("Cần nhập tên thôn, tổ dân phố."), "required")
    _check_village_name_free(commune, name)
    code = clean_text(code) or _next_village_code(commune)
    if AdministrativeUnit.objects.filter(version_id=commune.version_id, code=code).exists():
        raise field_error("code", _("Mã “%(code)s” đã được dùng.") % {"code": code}, "duplicate_code")
    village = AdministrativeUnit(
        version_id=commune.version_id, code=code, name=name, short_name=name, kind=kind, level=Level.VILLAGE,
        parent=commune, valid_from=valid_from,
    )
    village.full_clean()
    village.save()
    audit.record(actor=actor, verb=AuditVerb.VILLAGE_CREATED, target=village, unit=commune,
                 data={"name": name, "kind": kind, "code": code})
    return village


@service(AuditVerb.VILLAGE_RENAMED)
def village_rename(*, village: AdministrativeUnit, name: str, actor, kind: str | None = None) -> AdministrativeUnit:
    if village.level != Level.VILLAGE:
        raise ValidationError(_("Chỉ đổi tên được thôn, tổ dân phố."), code="not_a_village")
    name = clean_text(name)
    if not name:
        raise field_error("name", _("Cần nhập tên thôn, tổ dân phố."), "required")
    _check_village_name_free(village.parent, name, exclude_pk=village.pk)
    old = {"name": village.name, "kind": village.kind}
    village.name = village.short_name = name
    if kind:
        if KIND_LEVEL.get(kind) != Level.VILLAGE:
            raise field_error("kind", _("Loại không hợp lệ cho thôn, tổ dân phố."), "invalid_kind")
        village.kind = kind
    village.full_clean()
    village.save(update_fields=["name", "short_name", "kind", "modified"])
    audit.record(actor=actor, verb=AuditVerb.VILLAGE_RENAMED, target=village, unit=village.parent,
                 data={"old": old, "new": {"name": name, "kind": village.kind}})
    return village


@service(AuditVerb.VILLAGE_MERGED)
def village_merge(*, sources: list[AdministrativeUnit], target: AdministrativeUnit, on: date, actor,
                  legal_basis: str = "") -> AdministrativeUnit:
    """Merge villages into `target` (an existing village of the same commune) from date `on`.

    The sources stop being valid the day before; their current households move to the target
    (residence history is kept) and a lineage row links each source to the target.
    """
    if target.level != Level.VILLAGE or not sources:
        raise ValidationError(_("Cần chọn thôn nhận sáp nhập và ít nhất một thôn bị sáp nhập."), code="invalid_merge")
    for source in sources:
        if source.pk == target.pk:
            raise ValidationError(_("Không thể sáp nhập một thôn vào chính nó."), code="merge_into_self")
        if source.parent_id != target.parent_id or source.level != Level.VILLAGE:
            raise ValidationError(_("Chỉ sáp nhập được các thôn, tổ dân phố của cùng một xã."), code="merge_other_commune")
        if source.valid_to is not None:
            raise ValidationError(_("Thôn “%(name)s” đã thôi hiệu lực.") % {"name": source.name}, code="merge_inactive")
    # A merge takes effect after every village involved existed and after the households it moves were set up:
    # a back-dated merge would leave households founded later stranded in a village that no longer exists.
    for village in [*sources, target]:
        if village.valid_from and on <= village.valid_from:
            raise field_error("on", _("Ngày sáp nhập phải sau ngày thành lập %(name)s (%(d)s).") % {
                "name": village.name, "d": village.valid_from.strftime("%d/%m/%Y")}, "merge_before_creation")
    latest = (Household.objects.filter(village__in=sources, dissolved_on__isnull=True)
              .order_by("-established_on").values_list("established_on", flat=True).first())
    if latest and on <= latest:
        raise field_error("on", _("Ngày sáp nhập phải sau ngày lập hộ mới nhất của thôn bị sáp nhập (%(d)s).") % {
            "d": latest.strftime("%d/%m/%Y")}, "merge_before_households")
    if on > clock.today() + timedelta(days=366):
        raise field_error("on", _("Ngày sáp nhập quá xa trong tương lai."), "merge_too_far")
    moved = 0
    for source in sources:
        for household in Household.objects.filter(village=source).active_on(on):
            move_residence(household, target, on, reason=stored("Sáp nhập thôn"))
            moved += 1
        source.valid_to = on - timedelta(days=1)
        source.save(update_fields=["valid_to", "modified"])
        UnitLineage.objects.get_or_create(
            predecessor=source, successor=target,
            defaults={"kind": LineageKind.WHOLE, "is_primary": True, "effective_on": on, "legal_basis": legal_basis},
        )
    audit.record(actor=actor, verb=AuditVerb.VILLAGE_MERGED, target=target, unit=target.parent,
                 data={"sources": [s.pk for s in sources], "on": on, "households_moved": moved,
                       "legal_basis": legal_basis})
    return target
