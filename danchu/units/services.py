"""Write functions of the units app. Each runs in one transaction and writes its audit row there."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as stored  # stored text stays Vietnamese

from danchu.core import audit, clock
from danchu.core.errors import field_error
from danchu.core.text import clean_text, fold

from .domain import KIND_LEVEL, Level, LineageKind, Role
from .models import (
    AdministrativeUnit,
    Appointment,
    Household,
    HouseholdMember,
    HouseholdResidence,
    Organisation,
    Position,
)


def _commune(unit: AdministrativeUnit) -> AdministrativeUnit:
    if unit.level != Level.COMMUNE:
        raise ValidationError(_("Thôn, tổ dân phố phải thuộc một xã, phường hoặc đặc khu."), code="not_a_commune")
    return unit


# --- Villages --------------------------------------------------------------------------------------


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


@transaction.atomic
def village_create(*, commune: AdministrativeUnit, kind: str, name: str, actor, code: str = "",
                   valid_from: date | None = None) -> AdministrativeUnit:
    _commune(commune)
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
    audit.record(actor=actor, verb="units.village.created", target=village, unit=commune,
                 data={"name": name, "kind": kind, "code": code})
    return village


@transaction.atomic
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
    audit.record(actor=actor, verb="units.village.renamed", target=village, unit=village.parent,
                 data={"old": old, "new": {"name": name, "kind": village.kind}})
    return village


@transaction.atomic
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
            _move(household, target, on, reason=stored("Sáp nhập thôn"))
            moved += 1
        source.valid_to = on - timedelta(days=1)
        source.save(update_fields=["valid_to", "modified"])
        from .models import UnitLineage

        UnitLineage.objects.get_or_create(
            predecessor=source, successor=target,
            defaults={"kind": LineageKind.WHOLE, "is_primary": True, "effective_on": on, "legal_basis": legal_basis},
        )
    audit.record(actor=actor, verb="units.village.merged", target=target, unit=target.parent,
                 data={"sources": [s.pk for s in sources], "on": on, "households_moved": moved,
                       "legal_basis": legal_basis})
    return target


# --- Households ------------------------------------------------------------------------------------


HOUSEHOLD_FIELDS = ("code", "representative_name", "address", "phone", "member_count", "established_on", "note")


EARLIEST_RECORD = date(1900, 1, 1)


def _past_date(value: date | None, field: str, label: str) -> None:
    """A date of the registers (founding, dissolution, joining): from 1900 to at most a year ahead (a decision
    already signed may take effect next month; 2999 is a typing error)."""
    if value is None:
        return
    if not isinstance(value, date) or value < EARLIEST_RECORD or value > clock.today() + timedelta(days=366):
        raise field_error(field, _("%(label)s phải từ năm 1900 đến chậm nhất một năm sau hôm nay.") % {"label": label},
                          "invalid_date")


def _validate_household(household: Household) -> None:
    household.code = clean_text(household.code)
    household.representative_name = clean_text(household.representative_name)
    household.address = clean_text(household.address)
    raw_phone = household.phone or ""
    household.phone = "".join(ch for ch in raw_phone if ch.isdigit() or ch == "+")
    if raw_phone.strip() and not 9 <= sum(ch.isdigit() for ch in household.phone) <= 12:
        raise field_error("phone", _("Số điện thoại không hợp lệ."), "invalid_phone")
    _past_date(household.established_on, "established_on", _("Ngày ghi nhận hộ"))
    if not household.code:
        raise field_error("code", _("Cần nhập mã hộ."), "required")
    if not household.representative_name:
        raise field_error("representative_name", _("Cần nhập họ tên đại diện hộ."), "required")
    if household.village.level != Level.VILLAGE:
        raise field_error("village", _("Hộ gia đình phải thuộc một thôn, tổ dân phố."), "not_a_village")
    if household.village.valid_to is not None:
        raise field_error("village", _("Thôn, tổ dân phố này đã thôi hiệu lực."), "inactive_village")
    clash = Household.objects.filter(village__parent_id=household.village.parent_id, code=household.code,
                                     dissolved_on__isnull=True)
    if household.pk:
        clash = clash.exclude(pk=household.pk)
    if clash.exists():
        raise field_error("code", _("Mã hộ “%(code)s” đã có trong xã.") % {"code": household.code}, "duplicate_code")
    household.full_clean()


@transaction.atomic
def household_create(*, village: AdministrativeUnit, actor, code: str, representative_name: str,
                     address: str = "", phone: str = "", member_count: int = 1,
                     established_on: date | None = None, note: str = "") -> Household:
    household = Household(
        village=village, code=code, representative_name=representative_name, address=address, phone=phone,
        member_count=member_count, established_on=established_on or clock.today(), note=note,
    )
    _validate_household(household)
    household.save()
    HouseholdResidence.objects.create(household=household, village=village, start=household.established_on,
                                      reason=stored("Ghi nhận hộ"))
    HouseholdMember.objects.create(household=household, full_name=household.representative_name,
                                   relation=stored("Chủ hộ"), is_representative=True, start=household.established_on)
    audit.record(actor=actor, verb="units.household.created", target=household, unit=village,
                 data={"code": household.code, "village": village.pk})
    return household


@transaction.atomic
def household_update(*, household: Household, actor, on: date | None = None, **changes) -> Household:
    """Change the fields of a household; a new representative is recorded in the member history."""
    unknown = set(changes) - set(HOUSEHOLD_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không sửa được: %(f)s") % {"f": ", ".join(sorted(unknown))}, code="invalid")
    on = on or clock.today()
    before = {f: getattr(household, f) for f in changes}
    for name, value in changes.items():
        setattr(household, name, value if value is not None else "")
    _validate_household(household)
    changed = {f: (before[f], getattr(household, f)) for f in changes if before[f] != getattr(household, f)}
    if not changed:
        return household
    household.save(update_fields=[*changed, "name_folded", "modified"])
    if "representative_name" in changed:
        household.members.filter(is_representative=True, end__isnull=True).update(
            is_representative=False, end=on - timedelta(days=1))
        member = household.members.filter(full_name=household.representative_name, end__isnull=True).first()
        if member:
            member.is_representative = True
            member.save(update_fields=["is_representative", "modified"])
        else:
            HouseholdMember.objects.create(household=household, full_name=household.representative_name,
                                           relation=stored("Chủ hộ"), is_representative=True, start=on)
    audit.record(actor=actor, verb="units.household.updated", target=household, unit=household.village,
                 data={"changed": {k: [str(a), str(b)] for k, (a, b) in changed.items()}})
    return household


@transaction.atomic
def household_member_add(*, household: Household, full_name: str, actor, relation: str = "",
                         birth_year: int | None = None, start: date | None = None) -> HouseholdMember:
    full_name = clean_text(full_name)
    if not full_name:
        raise field_error("full_name", _("Cần nhập họ và tên."), "required")
    if birth_year is not None and not 1900 <= birth_year <= clock.today().year:
        raise field_error("birth_year", _("Năm sinh không hợp lệ."), "invalid_year")
    _past_date(start, "start", _("Ngày vào hộ"))
    if start and household.established_on and start < household.established_on:
        raise field_error("start", _("Ngày vào hộ không thể trước ngày ghi nhận hộ."), "invalid_date")
    member = HouseholdMember(household=household, full_name=full_name, relation=clean_text(relation),
                             birth_year=birth_year, start=start or clock.today())
    member.full_clean()
    member.save()
    audit.record(actor=actor, verb="units.household_member.added", target=household, unit=household.village,
                 data={"member": member.pk, "relation": member.relation})
    return member


@transaction.atomic
def household_member_end(*, member: HouseholdMember, end: date, actor, reason: str = "") -> HouseholdMember:
    """A member leaves the household (moved out, died, formed their own household)."""
    if member.is_representative:
        raise field_error("member", _("Hãy chọn đại diện hộ mới trước khi cho người đại diện rời hộ."),
                          "is_representative")
    if member.end is not None:
        raise field_error("member", _("Người này đã rời hộ."), "already_ended")
    if member.start and end < member.start:
        raise field_error("end", _("Ngày rời hộ không thể trước ngày vào hộ."), "invalid_date")
    member.end = end
    member.save(update_fields=["end", "modified"])
    audit.record(actor=actor, verb="units.household_member.ended", target=member.household,
                 unit=member.household.village, data={"member": member.pk, "end": end, "reason": clean_text(reason)})
    return member


def _move(household: Household, village: AdministrativeUnit, on: date, *, reason: str) -> None:
    household.residences.filter(end__isnull=True).update(end=on - timedelta(days=1))
    HouseholdResidence.objects.create(household=household, village=village, start=on, reason=reason)
    household.village = village
    household.save(update_fields=["village", "modified"])


@transaction.atomic
def household_move(*, household: Household, village: AdministrativeUnit, on: date, actor,
                   reason: str = "") -> Household:
    if village.level != Level.VILLAGE or village.valid_to is not None:
        raise field_error("village", _("Cần chọn một thôn, tổ dân phố đang hoạt động."), "not_a_village")
    if village.pk == household.village_id:
        raise field_error("village", _("Hộ đã thuộc thôn này."), "same_village")
    current = household.residences.filter(end__isnull=True).first()
    if current and on <= current.start:
        raise field_error("on", _("Ngày chuyển phải sau ngày bắt đầu cư trú hiện tại."), "invalid_date")
    old_village = household.village
    _move(household, village, on, reason=clean_text(reason) or _("Chuyển thôn"))
    audit.record(actor=actor, verb="units.household.moved", target=household, unit=village,
                 data={"from": old_village.pk, "to": village.pk, "on": on})
    return household


@transaction.atomic
def household_dissolve(*, household: Household, on: date, actor, reason: str = "") -> Household:
    if household.dissolved_on is not None:
        raise ValidationError(_("Hộ này đã thôi là hộ gia đình."), code="already_dissolved")
    if household.established_on and on < household.established_on:
        raise field_error("on", _("Ngày thôi không thể trước ngày ghi nhận hộ."), "invalid_date")
    _past_date(on, "on", _("Ngày thôi là hộ gia đình"))
    household.dissolved_on = on
    household.save(update_fields=["dissolved_on", "modified"])
    household.residences.filter(end__isnull=True).update(end=on)
    audit.record(actor=actor, verb="units.household.dissolved", target=household, unit=household.village,
                 data={"on": on, "reason": clean_text(reason)})
    return household


def household_count_on(village: AdministrativeUnit, on: date) -> int:
    """Households of a village on a date (the base of every quorum rule, Law 10/2022 Art.21)."""
    return (
        HouseholdResidence.objects.filter(village=village, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .values("household").distinct().count()
    )


# --- Village import (CSV/XLSX) ---------------------------------------------------------------------

VILLAGE_COLUMNS = {
    "name": ["Tên thôn, tổ dân phố", "Tên", "Thôn", "Ấp", "Khu vực", "Tổ dân phố", "name"],
    "kind": ["Loại", "kind"],
    "code": ["Mã", "Mã thôn", "code"],
}


def villages_import(*, commune: AdministrativeUnit, data: bytes, filename: str, actor) -> ImportResult:
    """Create the villages of a commune from a file (name, optional kind and code). Existing names are
    left as they are; all or nothing."""
    from danchu.core.tabular import TableError, match_headers, read_table

    from .domain import KIND_PREFIX, Kind, split_kind_prefix

    _commune(commune)
    result = ImportResult()
    try:
        table = read_table(data, filename)
        columns = match_headers(table.headers, _with_translations(VILLAGE_COLUMNS), optional=["kind", "code"])
    except TableError as exc:
        result.errors.append(str(exc))
        return result
    result.converted_from = table.converted_from
    labels = {fold(KIND_PREFIX[value]): value for value in Kind.values if KIND_LEVEL.get(value) == Level.VILLAGE}
    plan, seen = [], set()
    for number, row in table.numbered_rows():
        name = clean_text(str(row.get(columns["name"]) or ""))
        if not name:
            continue
        kind_text = clean_text(str(row.get(columns.get("kind", ""), "") or "")) if "kind" in columns else ""
        prefix_kind, bare = split_kind_prefix(name)
        kind = labels.get(fold(kind_text)) if kind_text else prefix_kind
        if kind_text and kind is None:
            result.errors.append(_("Dòng %(n)d: loại “%(k)s” không hợp lệ (ví dụ: Ấp, Thôn, Khu vực, Tổ dân phố).")
                                 % {"n": number, "k": kind_text})
            continue
        kind = kind or Kind.THON
        full = f"{KIND_PREFIX[kind]} {bare}" if prefix_kind is None or kind != prefix_kind else name
        if fold(full) in seen:
            result.errors.append(_("Dòng %(n)d: “%(v)s” bị lặp trong tệp.") % {"n": number, "v": full})
            continue
        seen.add(fold(full))
        code = clean_text(str(row.get(columns["code"]) or "")) if "code" in columns else ""
        plan.append((number, kind, full, code))
    if not result.errors and not plan:
        result.errors.append(_("Tệp không có dòng dữ liệu nào."))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for number, kind, name, code in plan:
                if commune.children.filter(name_folded=fold(name), valid_to__isnull=True).exists():
                    result.unchanged += 1
                    continue
                try:
                    village_create(commune=commune, kind=kind, name=name, code=code, actor=actor)
                    result.created += 1
                except ValidationError as exc:
                    result.errors.append(_("Dòng %(n)d: %(e)s") % {"n": number, "e": "; ".join(exc.messages)})
            if result.errors:
                raise _Rollback
            audit.record(actor=actor, verb="units.village.imported", target=commune, unit=commune,
                         data={"file": filename, "created": result.created, "unchanged": result.unchanged})
    except _Rollback:
        result.created = result.unchanged = 0
    return result


def _with_translations(spec: dict[str, list[str]]) -> dict[str, list[str]]:
    """Accept each column label also in the other interface languages, so that a file exported from
    the English interface can be imported again."""
    from django.conf import settings
    from django.utils import translation

    out = {key: list(labels) for key, labels in spec.items()}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            for key, labels in spec.items():
                out[key] += [translation.gettext(label) for label in labels if translation.gettext(label) != label]
    return out


# --- Household import (CSV/XLSX) -------------------------------------------------------------------

HOUSEHOLD_COLUMNS = {
    "code": ["Mã hộ", "Ma ho", "Số hộ", "Code", "household_code"],
    "representative_name": ["Họ và tên đại diện hộ", "Đại diện hộ", "Chủ hộ", "Họ tên chủ hộ", "Họ và tên chủ hộ",
                            "Họ và tên", "representative_name", "Representative"],
    "village": ["Thôn", "Ấp", "Khu vực", "Tổ dân phố", "Thôn/Ấp", "Thôn, tổ dân phố", "village", "Village"],
    "address": ["Địa chỉ", "address", "Address"],
    "phone": ["Điện thoại", "Số điện thoại", "SĐT", "phone", "Phone"],
    "member_count": ["Số nhân khẩu", "Nhân khẩu", "Số người", "member_count", "Members"],
}
REQUIRED_HOUSEHOLD_COLUMNS = ("code", "representative_name")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    converted_from: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors


def _resolve_village(commune: AdministrativeUnit, default_village, label: str, cache: dict):
    if not label:
        return default_village
    key = fold(label)
    if key not in cache:
        villages = commune.children.filter(valid_to__isnull=True)
        match = [v for v in villages if v.name_folded == key or fold(v.short_name) == key]
        if not match:
            from .domain import split_kind_prefix

            _kind, bare = split_kind_prefix(label)
            match = [v for v in villages if fold(split_kind_prefix(v.name)[1]) == fold(bare)]
        cache[key] = match[0] if len(match) == 1 else None
    return cache[key]


def households_import(*, commune: AdministrativeUnit, data: bytes, filename: str, actor,
                      village: AdministrativeUnit | None = None, on: date | None = None,
                      allowed_villages: set[int] | None = None) -> ImportResult:
    """Import households from a CSV/XLSX file. All or nothing: any bad row → nothing is saved.

    `allowed_villages` (pks) limits the villages rows may go to (a village head imports into their own).
    """
    from danchu.core.tabular import TableError, match_headers, read_table

    result = ImportResult()
    try:
        table = read_table(data, filename)
        columns = match_headers(table.headers, _with_translations(HOUSEHOLD_COLUMNS),
                                optional=[k for k in HOUSEHOLD_COLUMNS if k not in REQUIRED_HOUSEHOLD_COLUMNS])
    except TableError as exc:
        result.errors.append(str(exc))
        return result
    result.converted_from = table.converted_from
    if village is None and "village" not in columns:
        result.errors.append(_("Tệp không có cột “Thôn/Ấp/Tổ dân phố”: hãy chọn thôn nhận các hộ trong tệp."))
        return result
    on = on or clock.today()
    cache: dict = {}
    rows = []
    seen_codes: set[str] = set()
    for number, row in table.numbered_rows():
        def get(key, row=row):
            return clean_text(str(row.get(columns[key]) or "")) if key in columns else ""

        code, name = get("code"), get("representative_name")
        if not code and not name:
            continue
        target = _resolve_village(commune, village, get("village"), cache)
        if target is None:
            result.errors.append(_("Dòng %(n)d: không tìm thấy thôn “%(v)s” trong %(c)s.")
                                 % {"n": number, "v": get("village"), "c": commune.name})
            continue
        if allowed_villages is not None and target.pk not in allowed_villages:
            result.errors.append(_("Dòng %(n)d: bạn không có quyền quản lý hộ của %(v)s.") % {"n": number, "v": target.name})
            continue
        if not code or not name:
            result.errors.append(_("Dòng %(n)d: thiếu mã hộ hoặc họ tên đại diện hộ.") % {"n": number})
            continue
        if code in seen_codes:
            result.errors.append(_("Dòng %(n)d: mã hộ “%(c)s” bị lặp trong tệp.") % {"n": number, "c": code})
            continue
        seen_codes.add(code)
        count_text = get("member_count") or "1"
        try:
            member_count = int(float(count_text))
            if not 1 <= member_count <= 100:
                raise ValueError
        except ValueError:
            result.errors.append(_("Dòng %(n)d: số nhân khẩu “%(v)s” không hợp lệ.") % {"n": number, "v": count_text})
            continue
        rows.append((number, target, {"code": code, "representative_name": name, "address": get("address"),
                                      "phone": get("phone"), "member_count": member_count}))
    if result.errors:
        return result
    if not rows:
        result.errors.append(_("Tệp không có dòng dữ liệu nào."))
        return result
    try:
        with transaction.atomic():
            for number, target, values in rows:
                existing = Household.objects.filter(village__parent=commune, code=values["code"],
                                                    dissolved_on__isnull=True).first()
                if (existing is not None and allowed_villages is not None
                        and existing.village_id not in allowed_villages):
                    # a village head may not pull (or edit) a household kept by another village
                    result.errors.append(_("Dòng %(n)d: hộ mã “%(c)s” thuộc %(v)s, bạn không có quyền quản lý hộ "
                                           "này.") % {"n": number, "c": values["code"], "v": existing.village.name})
                    continue
                try:
                    if existing is None:
                        household_create(village=target, actor=actor, established_on=on, **values)
                        result.created += 1
                        continue
                    changes = {k: v for k, v in values.items() if getattr(existing, k) != v}
                    moved = existing.village_id != target.pk
                    if moved:
                        household_move(household=existing, village=target, on=on, actor=actor,
                                       reason=stored("Nhập từ tệp"))
                    if changes:
                        household_update(household=existing, actor=actor, on=on, **changes)
                    if changes or moved:
                        result.updated += 1
                    else:
                        result.unchanged += 1
                except ValidationError as exc:
                    result.errors.append(_("Dòng %(n)d: %(e)s") % {"n": number, "e": "; ".join(exc.messages)})
            if result.errors:
                raise _Rollback
            audit.record(actor=actor, verb="units.household.imported", target=commune, unit=commune,
                         data={"file": filename, "created": result.created, "updated": result.updated,
                               "unchanged": result.unchanged, "converted_from": result.converted_from})
    except _Rollback:
        result.created = result.updated = result.unchanged = 0
    return result


class _Rollback(Exception):
    pass


# --- Organisations, positions, appointments --------------------------------------------------------


def _check_organisation_dates(org: Organisation) -> None:
    _past_date(org.established_on, "established_on", _("Ngày thành lập"))
    _past_date(org.dissolved_on, "dissolved_on", _("Ngày giải thể"))
    if org.established_on and org.dissolved_on and org.dissolved_on < org.established_on:
        raise field_error("dissolved_on", _("Ngày giải thể không thể trước ngày thành lập."), "invalid_date")


@transaction.atomic
def organisation_create(*, unit: AdministrativeUnit, kind: str, name: str, actor, parent: Organisation | None = None,
                        established_on: date | None = None, decision_ref: str = "") -> Organisation:
    org = Organisation(unit=unit, kind=kind, name=clean_text(name), parent=parent, established_on=established_on,
                       decision_ref=clean_text(decision_ref))
    if not org.name:
        raise field_error("name", _("Cần nhập tên tổ chức."), "required")
    if parent is not None and not unit.path.startswith(parent.unit.path):
        raise field_error("parent", _("Tổ chức cấp trên phải thuộc đơn vị này hoặc đơn vị cấp trên."), "invalid_parent")
    _check_organisation_dates(org)
    org.full_clean()
    org.save()
    audit.record(actor=actor, verb="units.organisation.created", target=org, unit=unit,
                 data={"kind": kind, "name": org.name})
    return org


@transaction.atomic
def organisation_update(*, organisation: Organisation, actor, **changes) -> Organisation:
    allowed = {"name", "kind", "established_on", "dissolved_on", "decision_ref"}
    if set(changes) - allowed:
        raise ValidationError(_("Trường không sửa được."), code="invalid")
    before = {k: getattr(organisation, k) for k in changes}
    for key, value in changes.items():
        setattr(organisation, key, clean_text(value) if isinstance(value, str) else value)
    if not organisation.name:
        raise field_error("name", _("Cần nhập tên tổ chức."), "required")
    _check_organisation_dates(organisation)
    organisation.full_clean()
    organisation.save()
    audit.record(actor=actor, verb="units.organisation.updated", target=organisation, unit=organisation.unit,
                 data={"changed": {k: [str(before[k]), str(getattr(organisation, k))] for k in changes}})
    return organisation


def _check_may_grant(actor, role: str, unit) -> None:
    """Refuse a role the actor could not exercise over `unit` themselves (domain.may_grant). Code paths without a
    person (demo, imports, tests: actor None or a label) and superusers are not limited."""
    from .access import user_grants
    from .domain import may_grant

    if not role or actor is None or isinstance(actor, str) or getattr(actor, "is_superuser", False):
        return
    if not may_grant(user_grants(actor), role, unit.path):
        raise field_error("role", _("Ông/bà không thể giao quyền “%(role)s”: quyền này rộng hơn quyền của chính "
                                    "ông/bà tại đơn vị.") % {"role": Role(role).label}, "role_not_grantable")


@transaction.atomic
def position_create(*, organisation: Organisation, title: str, actor, role: str = "", is_head: bool = False) -> Position:
    _check_may_grant(actor, role, organisation.unit)
    position = Position(organisation=organisation, title=clean_text(title), role=role, is_head=is_head)
    if not position.title:
        raise field_error("title", _("Cần nhập chức danh."), "required")
    position.full_clean()
    position.save()
    audit.record(actor=actor, verb="units.position.created", target=position, unit=organisation.unit,
                 data={"title": position.title, "role": role})
    return position


@transaction.atomic
def appointment_create(*, position: Position, holder_name: str, actor, user=None, start: date | None = None,
                       end: date | None = None, decision_ref: str = "") -> Appointment:
    if position.role:
        _check_may_grant(actor, position.role, position.organisation.unit)
        if user is not None and getattr(actor, "pk", None) == user.pk and not getattr(actor, "is_superuser", False):
            raise field_error("user", _("Không thể tự bổ nhiệm mình vào chức danh có quyền trên hệ thống; "
                                        "người khác có thẩm quyền phải làm việc này."), "self_appointment")
    appointment = Appointment(position=position, holder_name=clean_text(holder_name) or (user.full_name if user else ""),
                              user=user, start=start, end=end, decision_ref=clean_text(decision_ref))
    if not appointment.holder_name:
        raise field_error("holder_name", _("Cần nhập người giữ chức danh."), "required")
    appointment.full_clean()
    appointment.save()
    audit.record(actor=actor, verb="units.appointment.created", target=appointment, unit=position.organisation.unit,
                 data={"position": position.pk, "user": getattr(user, "pk", None), "start": start, "end": end})
    return appointment


@transaction.atomic
def appointment_end(*, appointment: Appointment, end: date, actor) -> Appointment:
    if appointment.start and end < appointment.start:
        raise field_error("end", _("Ngày kết thúc không thể trước ngày bắt đầu."), "invalid_date")
    appointment.end = end
    appointment.save(update_fields=["end", "modified"])
    audit.record(actor=actor, verb="units.appointment.ended", target=appointment,
                 unit=appointment.position.organisation.unit, data={"end": end})
    return appointment
