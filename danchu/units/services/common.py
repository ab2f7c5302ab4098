"""What the write functions of the units app share: the commune check and the dates of the registers."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.core.errors import field_error

from ..domain import Level
from ..models import AdministrativeUnit

EARLIEST_RECORD = date(1900, 1, 1)


def commune_or_error(unit: AdministrativeUnit) -> AdministrativeUnit:
    if unit.level != Level.COMMUNE:
        raise ValidationError(_("Thôn, tổ dân phố phải thuộc một xã, phường hoặc đặc khu."), code="not_a_commune")
    return unit


def check_record_date(value: date | None, field: str, label: str) -> None:
    """A date of the registers (founding, dissolution, joining): from 1900 to at most a year ahead (a decision
    already signed may take effect next month; 2999 is a typing error)."""
    if value is None:
        return
    if not isinstance(value, date) or value < EARLIEST_RECORD or value > clock.today() + timedelta(days=366):
        raise field_error(field, _("%(label)s phải từ năm 1900 đến chậm nhất một năm sau hôm nay.") % {"label": label},
                          "invalid_date")


def villages_of_commune(commune: AdministrativeUnit, villages, *, field: str = "villages") -> list[AdministrativeUnit]:
    """The villages chosen for a record of `commune` (a disclosure item, a consultation), each one of its own, or a
    ValidationError on `field`."""
    villages = list(villages or [])
    for village in villages:
        if village.level != Level.VILLAGE or village.parent_id != commune.pk:
            raise field_error(field, _("“%(v)s” không phải là thôn, tổ dân phố của %(c)s.")
                              % {"v": village.name, "c": commune.name}, "village_other_commune")
    return villages
