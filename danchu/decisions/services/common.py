"""What the writes of community decisions share: the households of a village at a date (the base of Law Art.21.1),
the checks of dates, teams and witnesses, and what every audit row records."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.core.errors import field_error
from danchu.core.text import clean_text
from danchu.units.models import AdministrativeUnit, Household, HouseholdResidence

from .. import domain
from ..models import Decision, Initiative

LAW_EFFECTIVE = date(2023, 7, 1)  # Luật 10/2022/QH15 in force
MAX_TEXT = 20000


def decision_data(decision: Decision, **data) -> dict:
    """What every audit row of a decision records: its state, then the step's data."""
    return {"state": decision.state, **data}


def initiative_data(initiative: Initiative, **data) -> dict:
    """What every audit row of an initiative records: its state, then the step's data."""
    return {"state": initiative.state, **data}


# --- households of a village at a date (units.services.household_count_on is the same base) --------


def household_ids_on(village: AdministrativeUnit, on: date) -> set[int]:
    """Households living in the village on `on` (HouseholdResidence history): the base of Art.21.1."""
    return set(
        HouseholdResidence.objects.filter(village=village, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .values_list("household_id", flat=True)
    )


def households_on(village: AdministrativeUnit, on: date):
    return Household.objects.filter(pk__in=household_ids_on(village, on)).order_by("code")


def team_names(values: Iterable[str], field: str) -> list[str]:
    names = [clean_text(v) for v in values if clean_text(v or "")]
    if not domain.team_size_ok(len(names)):
        raise field_error(field, _("Tổ phải có từ %(a)d đến %(b)d người (Nghị định 59/2023, Điều 3, 4).") % {
            "a": domain.TEAM_MIN, "b": domain.TEAM_MAX}, "team_size")
    if len({n.casefold() for n in names}) != len(names):
        raise field_error(field, _("Tên thành viên trong tổ bị trùng."), "team_duplicate")
    if any(len(n) > 150 for n in names):
        raise field_error(field, _("Tên tối đa 150 ký tự."), "too_long")
    return names


def date_in_range(value: date | None, field: str, *, required: bool = True) -> date | None:
    if value is None:
        if required:
            raise field_error(field, _("Cần nhập ngày."), "required")
        return None
    if value < LAW_EFFECTIVE:
        raise field_error(field, _("Ngày phải từ 01/07/2023 (ngày Luật Thực hiện dân chủ ở cơ sở có hiệu lực)."),
                          "too_old")
    if value.year > clock.today().year + 5:
        raise field_error(field, _("Ngày quá xa trong tương lai."), "too_far")
    return value


def not_future(value: date, field: str) -> date:
    if value > clock.today():
        raise field_error(field, _("Ngày này không thể ở tương lai."), "future_date")
    return value


def village_household(decision: Decision, household: Household | None, on: date, field: str = "household"):
    if household is None or household.pk not in household_ids_on(decision.unit, on):
        raise field_error(field, _("Hộ này không thuộc %(v)s vào ngày %(d)s.") % {
            "v": decision.unit.name, "d": on.strftime("%d/%m/%Y")}, "household_not_in_village")
    return household


def witnesses(decision: Decision, w1, w2, on: date, allowed: set[int] | None = None) -> tuple:
    if w1 is None or w2 is None:
        raise field_error("witness_1", _("Cần 02 đại diện hộ gia đình chứng kiến việc kiểm phiếu."), "witnesses")
    if w1.pk == w2.pk:
        raise field_error("witness_2", _("Hai hộ chứng kiến phải khác nhau."), "witnesses_same")
    village_household(decision, w1, on, "witness_1")
    village_household(decision, w2, on, "witness_2")
    if allowed is not None and not {w1.pk, w2.pk} <= allowed:
        raise field_error("witness_1", _("Hộ chứng kiến phải là hộ có đại diện dự họp."), "witness_absent")
    return w1, w2

