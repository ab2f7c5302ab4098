"""Villages and households imported from a CSV/XLSX file, all or nothing, through the same write functions as the
forms (so every row is checked and audited like one entered by hand)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as stored  # stored text stays Vietnamese

from danchu.core import audit, clock
from danchu.core.text import clean_text, fold

from ..domain import KIND_LEVEL, Level
from ..models import AdministrativeUnit, Household
from ..verbs import AuditVerb
from .common import commune_or_error
from .households import household_create, household_move, household_update
from .villages import village_create

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

    from ..domain import KIND_PREFIX, Kind, split_kind_prefix

    commune_or_error(commune)
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
                    result.refused(number, exc)
            if result.errors:
                raise _Rollback
            audit.record(actor=actor, verb=AuditVerb.VILLAGE_IMPORTED, target=commune, unit=commune,
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

    def refused(self, number: int, exc: ValidationError) -> None:
        """Row `number` was refused by the write function: its reasons, in the list of errors."""
        self.errors.append(_("Dòng %(n)d: %(e)s") % {"n": number, "e": "; ".join(exc.messages)})


def _resolve_village(commune: AdministrativeUnit, default_village, label: str, cache: dict):
    if not label:
        return default_village
    key = fold(label)
    if key not in cache:
        villages = commune.children.filter(valid_to__isnull=True)
        match = [v for v in villages if v.name_folded == key or fold(v.short_name) == key]
        if not match:
            from ..domain import split_kind_prefix

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
                    result.refused(number, exc)
            if result.errors:
                raise _Rollback
            audit.record(actor=actor, verb=AuditVerb.HOUSEHOLD_IMPORTED, target=commune, unit=commune,
                         data={"file": filename, "created": result.created, "updated": result.updated,
                               "unchanged": result.unchanged, "converted_from": result.converted_from})
    except _Rollback:
        result.created = result.updated = result.unchanged = 0
    return result


class _Rollback(Exception):
    pass
