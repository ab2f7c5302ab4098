"""What every write of reception, letters and mediation checks the same way: the dates of an act, phone and ID
numbers, the unit, and the rules in force."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.core.documents import fmt_date
from danchu.core.errors import field_error
from danchu.units.domain import Level

from .. import domain
from ..models import RuleVersion

MAX_TEXT = 10000
EARLIEST = date(2012, 7, 1)  # Luật Khiếu nại in force


def rules_for(on: date) -> domain.RuleSet:
    """The deadline rules in force for a letter received on `on` (RuleVersion rows over the default)."""
    versions = []
    for version in RuleVersion.objects.filter(effective_from__lte=on):
        try:
            versions.append(version.as_ruleset())
        except ValidationError:  # a broken row (edited outside the admin) never blocks the work
            continue
    return domain.pick_ruleset(versions, on)


def clean_phone(value: str, field: str = "phone", *, required: bool = False) -> str:
    value = re.sub(r"[\s.\-()]", "", str(value or ""))
    if not value:
        if required:
            raise field_error(field, _("Cần nhập số điện thoại."), "required")
        return ""
    if value.startswith("+84"):
        value = "0" + value[3:]
    if not re.fullmatch(r"0\d{9,10}", value):
        raise field_error(field, _("Số điện thoại không hợp lệ (ví dụ: 0912 345 678)."), "invalid_phone")
    return value


def clean_id_number(value: str, field: str = "id_number", *, required: bool = False) -> str:
    value = re.sub(r"[\s.\-]", "", str(value or "")).upper()
    if not value:
        if required:
            raise field_error(field, _("Cần nhập số CCCD, CMND hoặc hộ chiếu."), "required")
        return ""
    if not (re.fullmatch(r"\d{9}|\d{12}", value) or re.fullmatch(r"[A-Z]\d{7,8}", value)):
        raise field_error(field, _("Số giấy tờ không hợp lệ: CCCD 12 chữ số, CMND 9 chữ số, hộ chiếu 1 chữ cái và "
                                   "7–8 chữ số."), "invalid_id_number")
    return value


def act_date(value, field: str, *, not_before: date | None = None, label_before: str = "") -> date:
    """The date of an act (today when not given): not in the future, not before the laws, not before the previous
    step."""
    today = clock.today()
    value = value or today
    if not isinstance(value, date):
        raise field_error(field, _("Ngày không hợp lệ."), "invalid_date")
    if value > today:
        raise field_error(field, _("Ngày không thể ở tương lai."), "future_date")
    if value < EARLIEST:
        raise field_error(field, _("Ngày phải từ 01/07/2012."), "too_old")
    if not_before and value < not_before:
        raise field_error(field, _("Ngày này không thể trước %(what)s (%(d)s).") % {
            "what": label_before, "d": fmt_date(not_before)}, "before_previous_step")
    return value


def check_commune(unit) -> None:
    if unit is None or unit.level not in (Level.COMMUNE, Level.PROVINCE) or unit.valid_to is not None:
        raise field_error("unit", _("Hãy chọn một xã, phường (hoặc cấp tỉnh) đang hoạt động."), "not_a_commune")


def check_village(village) -> None:
    if village is None or village.level != Level.VILLAGE or village.valid_to is not None:
        raise field_error("village", _("Hãy chọn một thôn, tổ dân phố đang hoạt động."), "not_a_village")


def actor_or_system(actor):
    """The user to record as the one who acted, or None for the system (a command, a migration)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def collect_errors(errors: dict, fn):
    """Run one check and gather its field errors into `errors` (to report every mistake of a form at once)."""
    try:
        return fn()
    except ValidationError as exc:
        for key, errs in exc.error_dict.items():
            errors.setdefault(key, []).extend(errs)
        return ""
