"""Counting legal deadlines — PURE (no ORM): dates, an amount, a unit and a `WorkCalendar`.

The rules are those of Bộ luật Dân sự 2015 (BLDS, 91/2015/QH13), which apply to every deadline unless
another law says otherwise (Art.144–145), counted on the solar calendar (Art.145):

- Art.147.2–3: when a deadline is counted in days/weeks/months/years, the first day (the day of the
  triggering event) is NOT counted; counting starts the next day.
- Art.148.1: a deadline in days ends at the end (24:00) of its last day.
- Art.148.3: a deadline in months ends on the corresponding day of the final month; if that month has
  no such day (31/01 + 1 month), it ends on the last day of that month.
- Art.148.5: if the last day is a weekly rest day or a public holiday, the deadline ends at the end of
  the next working day.
- "ngày làm việc" (working days) has no single statutory definition: Monday–Friday minus public holidays
  plus the Saturdays worked in a Government-decided swap (QĐ 188/1999 + BLLĐ Art.111–112); each working
  day counts, non-working days are skipped, so the last day is always a working day.

Amount 0 (a decision of this project, the law has no zero-length deadline): "on the same day", i.e.
the start day itself; for every unit it is rolled forward like any other last day (Art.148.5), so a
0-day deadline triggered on a Saturday is due on Monday. For WD this equals "the start if it is a
working day, else the next working day".

Negative amounts, booleans and non-integers raise ValueError/TypeError with a clear message.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from .calendar import WorkCalendar

RULE_REFERENCE = "BLDS 2015 Art.147–148"


class DeadlineUnit(TextChoices):
    DAY = "D", _("ngày")
    WORKING_DAY = "WD", _("ngày làm việc")
    MONTH = "M", _("tháng")


@dataclass(frozen=True)
class DueDate:
    """The result of counting, with enough detail to explain it to a user."""

    start: date
    amount: int
    unit: DeadlineUnit
    due: date
    nominal_end: date  # the last day before any roll-forward (Art.148.5)
    non_working_days: tuple[date, ...]  # non-working days in (start, due], in order

    @property
    def rolled_forward(self) -> bool:
        return self.due != self.nominal_end


def validate_amount(amount: int) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"amount must be an integer, not {type(amount).__name__}")
    if amount < 0:
        raise ValueError(f"amount must be zero or positive, got {amount}")
    return amount


def parse_unit(unit) -> DeadlineUnit:
    try:
        return DeadlineUnit(unit)
    except ValueError:
        raise ValueError(f"unknown deadline unit {unit!r} (expected one of {', '.join(DeadlineUnit.values)})") from None


def add_months(start: date, months: int) -> date:
    """The corresponding day `months` later, or the last day of that month if it has none (Art.148.3)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise ValueError(f"{months} months after {start.isoformat()} is outside the supported dates")
    last = _stdlib_calendar.monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def _nominal_end(start: date, amount: int, unit: DeadlineUnit, cal: WorkCalendar) -> date:
    if unit == DeadlineUnit.DAY:
        # Art.147: day 1 is the day after the event, so the last day is start + amount.
        try:
            return start + timedelta(days=amount)
        except OverflowError:
            raise ValueError(f"{amount} days after {start.isoformat()} is outside the supported dates") from None
    if unit == DeadlineUnit.MONTH:
        return add_months(start, amount)
    # WD: count working days one by one, starting the day after the event (Art.147); the start day
    # itself never counts even when it is a working day.
    d = start
    for _i in range(amount):
        d = cal.next_working_day(d)
    return d


def explain_due(start: date, amount: int, unit, cal: WorkCalendar) -> DueDate:
    """Count a deadline and keep the working: nominal last day, roll-forward, skipped days."""
    amount = validate_amount(amount)
    unit = parse_unit(unit)
    nominal = _nominal_end(start, amount, unit, cal)
    # Art.148.5: a last day that is not a working day moves to the next working day (also covers amount 0).
    due = cal.roll_forward(nominal)
    return DueDate(
        start=start,
        amount=amount,
        unit=unit,
        due=due,
        nominal_end=nominal,
        non_working_days=tuple(non_working_days_between(start, due, cal)),
    )


def due_date(start: date, amount: int, unit, cal: WorkCalendar) -> date:
    """The last day of a deadline of `amount` `unit`s triggered on `start` (BLDS Art.147–148).

    Same result as `explain_due(...).due` without listing the skipped days (the hot path of every
    record that carries a deadline)."""
    unit = parse_unit(unit)
    return cal.roll_forward(_nominal_end(start, validate_amount(amount), unit, cal))


# --- minimum periods ("ít nhất N ngày kể từ ngày niêm yết") ---------------------------------------------
# A minimum period (a posting, a consultation, a comment period) is counted like every period of the BLDS: the day
# of the event (the posting day) is not counted (Art.147), so "posted at least 30 days from 01/03" is complete at
# the end of 31/03, and the notice must still be up on 31/03. Unlike a deadline to act, its last day is not rolled
# forward past a non-working day (Art.148.5 protects someone who must act; a notice stays up on a Sunday). Every
# "at least N days" of every law is counted by these two functions: disclosure (Luật 10/2022 Art.13.2), the draft
# convention (NĐ 61/2023 Art.9), consultations (Art.28.2), agency and workplace postings (Art.48, 66).


def period_end(start: date, amount: int, unit, cal: WorkCalendar | None = None) -> date:
    """The last day of a minimum period of `amount` `unit`s that began on `start` (the start day not counted):
    the period is complete at the end of that day."""
    amount = validate_amount(amount)
    unit = parse_unit(unit)
    if unit == DeadlineUnit.WORKING_DAY and cal is None:
        raise ValueError("a period in working days needs a calendar")
    return _nominal_end(start, amount, unit, cal)


def days_elapsed(start: date, last: date) -> int:
    """Days counted of a period that began on `start` and has lasted to the end of `last` (the start day not
    counted, BLDS Art.147): posted 01/03, still up at the end of 31/03 → 30. Zero when `last` <= `start`."""
    return max(0, (last - start).days)


def period_complete(start: date, last: date, amount: int, unit, cal: WorkCalendar | None = None) -> bool:
    """Whether a period that began on `start` and lasted to the end of `last` reached `amount` `unit`s."""
    return last >= period_end(start, amount, unit, cal)


def is_overdue(due: date, today: date) -> bool:
    """A deadline ends at 24:00 of its last day (BLDS Art.148.1), so it is overdue only from the day after."""
    return today > due


def non_working_days_between(a: date, b: date, cal: WorkCalendar) -> list[date]:
    """Non-working days d with a < d <= b (empty when b <= a)."""
    out, d = [], a + timedelta(days=1)
    while d <= b:
        if not cal.is_working_day(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def working_days_between(a: date, b: date, cal: WorkCalendar) -> int:
    """Working days d with a < d <= b, counted like a deadline (the first day `a` is not counted).

    So `working_days_between(s, due_date(s, n, "WD", cal), cal) == n` for n >= 1. If b < a the result is
    negative: `-working_days_between(b, a)`.
    """
    if b < a:
        return -working_days_between(b, a, cal)
    span = (b - a).days
    return span - len(non_working_days_between(a, b, cal))


__all__ = [
    "RULE_REFERENCE",
    "DeadlineUnit",
    "DueDate",
    "add_months",
    "days_elapsed",
    "due_date",
    "explain_due",
    "is_overdue",
    "non_working_days_between",
    "parse_unit",
    "period_complete",
    "period_end",
    "validate_amount",
    "working_days_between",
]
