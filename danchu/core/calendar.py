"""The legal working-day calendar — PURE (no ORM, no cache): plain values in, plain values out.

A `WorkCalendar` answers one question: is this date a working day ("ngày làm việc")?
- civil-service week: Monday–Friday, Saturday and Sunday off (QĐ 188/1999/QĐ-TTg);
- minus the statutory public holidays (Bộ luật Lao động 2019 Art.112) and the Prime Minister's yearly
  decisions (Tết days, the day next to National Day, day swaps), as computed by the `holidays` package;
- plus the Saturdays/Sundays worked in exchange for a swapped day off ("làm bù").
On top of the package, decided exceptions (the `CalendarOverride` table, see calendar_service.py) are
applied as plain `(date, kind, name)` tuples by `calendar_from_holidays()`.

How the `holidays` package (0.109) exposes a day swap, e.g. 2026: Monday 31/08/2026 appears as an
ordinary holiday named "Ngày nghỉ (thay cho ngày 22/08/2026)", and the worked Saturday 22/08/2026 is
listed in the instance attribute `weekend_workdays` (a set of dates); it is not a holiday entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

DAY_OFF = "off"
WORKING_DAY = "work"
OVERRIDE_KINDS = (DAY_OFF, WORKING_DAY)

# Saturday (5) and Sunday (6) are the weekly rest days of the civil service (QĐ 188/1999/QĐ-TTg).
DEFAULT_WEEKEND = frozenset({5, 6})

# The longest stretch of consecutive non-working days we accept before declaring the calendar broken
# (a real Vietnamese calendar never has more than ~10: Tết plus the weekends around it).
MAX_CONSECUTIVE_DAYS_OFF = 366

_SUBSTITUTED_FROM = re.compile(r"(\d{2})/(\d{2})/(\d{4})")


class CalendarRangeError(ValueError):
    """A date outside the years the calendar was built for: its holidays are unknown."""


@dataclass(frozen=True)
class WorkCalendar:
    """Working days = weekdays not in `days_off`, plus the dates in `extra_working_days`.

    `years` is the set of years whose holidays are known; when it is non-empty, asking about a date of
    another year raises `CalendarRangeError` instead of silently treating a holiday as a working day.
    An empty `years` means "no limit" (handy for hand-made calendars in tests).
    """

    days_off: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    names: Mapping[date, str] = field(default_factory=dict, hash=False)
    weekend: frozenset[int] = DEFAULT_WEEKEND
    years: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        # normalise (any iterable in, frozensets and a private dict copy stored) so the value is safe to share
        object.__setattr__(self, "days_off", frozenset(self.days_off))
        object.__setattr__(self, "extra_working_days", frozenset(self.extra_working_days))
        object.__setattr__(self, "names", dict(self.names))
        object.__setattr__(self, "weekend", frozenset(self.weekend))
        object.__setattr__(self, "years", frozenset(self.years))
        if self.days_off & self.extra_working_days:
            raise ValueError("a date cannot be both a day off and a working day")
        if len(self.weekend) >= 7 and not self.extra_working_days:
            raise ValueError("a calendar needs at least one working weekday")

    # --- questions about one date ----------------------------------------------------------------

    def covers(self, d: date) -> bool:
        return not self.years or d.year in self.years

    def _check(self, d: date) -> None:
        if not self.covers(d):
            raise CalendarRangeError(
                f"{d.isoformat()} is outside the calendar's years ({min(self.years)}–{max(self.years)})"
            )

    def is_working_day(self, d: date) -> bool:
        self._check(d)
        if d in self.extra_working_days:
            return True
        if d in self.days_off:
            return False
        return d.weekday() not in self.weekend

    def name_of(self, d: date) -> str:
        """The reason a date is special (holiday name, swap), or "" for an ordinary day."""
        return self.names.get(d, "")

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after `d`."""
        cur = d
        for _i in range(MAX_CONSECUTIVE_DAYS_OFF):
            cur = cur + timedelta(days=1)
            if self.is_working_day(cur):
                return cur
        raise ValueError(f"no working day within {MAX_CONSECUTIVE_DAYS_OFF} days after {d.isoformat()}")

    def roll_forward(self, d: date) -> date:
        """`d` itself if it is a working day, else the next working day (BLDS Art.148.5)."""
        return d if self.is_working_day(d) else self.next_working_day(d)

    # --- one year at a glance --------------------------------------------------------------------

    def non_working_weekdays(self, year: int) -> list[tuple[date, str]]:
        """Days off that fall on a weekday of `year` (holidays, observed days, swapped days off)."""
        return [
            (d, self.name_of(d))
            for d in _days_of(year)
            if d.weekday() not in self.weekend and not self.is_working_day(d)
        ]

    def working_weekend_days(self, year: int) -> list[tuple[date, str]]:
        """Saturdays/Sundays of `year` that are working days (worked in exchange for a day off)."""
        return [
            (d, self.name_of(d))
            for d in _days_of(year)
            if d.weekday() in self.weekend and self.is_working_day(d)
        ]


def _days_of(year: int) -> Iterable[date]:
    d, end = date(year, 1, 1), date(year, 12, 31)
    while d <= end:
        yield d
        d += timedelta(days=1)


# --- building a calendar from the `holidays` package ---------------------------------------------


def _package_holidays(years: Iterable[int]):
    # Imported directly (not through holidays.country_holidays' lazy loader) and with an explicit
    # language: without it the names follow the process locale (English under C.UTF-8).
    from holidays.countries.vietnam import Vietnam

    return Vietnam(years=sorted(set(years)), language="vi")


def _working_day_label(worked: date, package: Mapping[date, str]) -> str:
    """Name a worked weekend day after the day off it pays for ("Ngày nghỉ (thay cho ngày 22/08/2026)")."""
    token = worked.strftime("%d/%m/%Y")
    for off, name in package.items():
        if token in name:
            return str(_("Làm việc bù cho ngày nghỉ %(day)s") % {"day": off.strftime("%d/%m/%Y")})
    return str(_("Ngày làm việc bù"))


def calendar_from_holidays(
    years: Iterable[int], overrides: Iterable[tuple[date, str, str]] = ()
) -> WorkCalendar:
    """The calendar of `years`: the `holidays` package (Vietnamese names) + override tuples.

    `overrides` are `(date, kind, name)` with kind "off" (extra day off) or "work" (extra working day,
    e.g. a swapped Saturday the package does not know yet); an override always wins over the package.
    """
    years = frozenset(int(y) for y in years)
    if not years:
        raise ValueError("calendar_from_holidays() needs at least one year")
    package = _package_holidays(years)
    days_off: set[date] = {d for d in package if d.year in years}
    names: dict[date, str] = {d: str(n) for d, n in package.items() if d.year in years}
    working: set[date] = {d for d in getattr(package, "weekend_workdays", ()) if d.year in years}
    plain = dict(package.items())
    for d in working:
        names[d] = _working_day_label(d, plain)

    for d, kind, name in overrides:
        if kind not in OVERRIDE_KINDS:
            raise ValueError(f"unknown override kind {kind!r} (expected 'off' or 'work')")
        if d.year not in years:
            continue
        if kind == DAY_OFF:
            days_off.add(d)
            working.discard(d)
        else:
            working.add(d)
            days_off.discard(d)
        if name:
            names[d] = str(name)
        elif kind == WORKING_DAY and d in names and d.weekday() < 5:
            names.pop(d)  # a cancelled holiday keeps no holiday name

    return WorkCalendar(
        days_off=frozenset(days_off), extra_working_days=frozenset(working), names=names, years=years
    )


__all__ = [
    "DAY_OFF",
    "DEFAULT_WEEKEND",
    "WORKING_DAY",
    "CalendarRangeError",
    "WorkCalendar",
    "calendar_from_holidays",
]
