"""Inputs every steering write checks the same way: dates within the years the platform counts, and the length
of free text (which core.text.clean_field cleans)."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from danchu.core.errors import field_error

MAX_TEXT = 20000
MIN_DATE = date(1990, 1, 1)
MAX_DATE = date(2100, 12, 31)


def checked_date(value, name: str, *, required: bool = True) -> date | None:
    """A date of a form or JSON, required unless said otherwise, between 1990 and 2100."""
    if value is None:
        if required:
            raise field_error(name, _("Hãy nhập ngày."), "required")
        return None
    if not MIN_DATE <= value <= MAX_DATE:
        raise field_error(name, _("Ngày phải trong khoảng 1990–2100."), "date_out_of_range")
    return value


def checked_span(starts_on, ends_on) -> tuple[date, date]:
    """The two dates of a span (a plan, an inspection), each checked, the end not before the start."""
    starts_on, ends_on = checked_date(starts_on, "starts_on"), checked_date(ends_on, "ends_on")
    if ends_on < starts_on:
        raise field_error("ends_on", _("Ngày kết thúc phải sau ngày bắt đầu."), "dates_reversed")
    return starts_on, ends_on
