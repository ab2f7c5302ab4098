"""Report periods — PURE: quarters, halves, years and the 5-year terms (2021–2025, 2026–2030 …), their keys
("2025-Q3", "2025-H1", "2025", "2021-2025") and their Vietnamese labels. Tested without a database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    """Report periods named by the issue and by Law 10/2022 Art.39 / NĐ59 Art.14.3 (quarterly, 6-monthly,
    yearly reports of the People's Inspection Board) plus the 5-year review of a term (2021–2025)."""

    QUARTER = "quarter", _("Quý")
    HALF_YEAR = "half", _("6 tháng")
    YEAR = "year", _("Năm")
    FIVE_YEARS = "five_years", _("5 năm")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    start: date
    end: date

    @property
    def key(self) -> str:
        return period_key(self)

    @property
    def label(self) -> str:
        return period_label(self)


MIN_YEAR, MAX_YEAR = 1990, 2100
_KEY = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12])|-(\d{4}))?$")


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"year out of range: {year}")


def five_year_start(year: int) -> int:
    """5-year periods follow the terms 2021–2025, 2026–2030 … (Kết luận 120-KL/TW reviews 2021–2025)."""
    return (year - 1) // 5 * 5 + 1


def period_of(kind: str, year: int, number: int = 1) -> Period:
    """The period `number` (quarter 1–4, half 1–2; ignored for a year) of `year`."""
    _check_year(year)
    if kind == PeriodKind.QUARTER:
        if not 1 <= number <= 4:
            raise PeriodError("quarter must be 1–4")
        start = date(year, 3 * number - 2, 1)
        end = date(year + (number == 4), (3 * number) % 12 + 1, 1) - timedelta(days=1)
        return Period(kind, start, end)
    if kind == PeriodKind.HALF_YEAR:
        if number not in (1, 2):
            raise PeriodError("half must be 1 or 2")
        return Period(kind, date(year, 1, 1), date(year, 6, 30)) if number == 1 else Period(
            kind, date(year, 7, 1), date(year, 12, 31))
    if kind == PeriodKind.YEAR:
        return Period(kind, date(year, 1, 1), date(year, 12, 31))
    if kind == PeriodKind.FIVE_YEARS:
        first = five_year_start(year)
        _check_year(first + 4)
        return Period(kind, date(first, 1, 1), date(first + 4, 12, 31))
    raise PeriodError(f"unknown period kind {kind!r}")


def period_containing(kind: str, on: date) -> Period:
    if kind == PeriodKind.QUARTER:
        return period_of(kind, on.year, (on.month - 1) // 3 + 1)
    if kind == PeriodKind.HALF_YEAR:
        return period_of(kind, on.year, 1 if on.month <= 6 else 2)
    return period_of(kind, on.year)


def previous_period(kind: str, on: date) -> Period:
    """The last period that has ended on or before `on` (the one a report is due for)."""
    current = period_containing(kind, on)
    if current.end == on:
        return current
    return period_containing(kind, current.start - timedelta(days=1))


def period_key(period: Period) -> str:
    """'2025-Q3', '2025-H1', '2025', '2021-2025'."""
    if period.kind == PeriodKind.QUARTER:
        return f"{period.start.year}-Q{(period.start.month - 1) // 3 + 1}"
    if period.kind == PeriodKind.HALF_YEAR:
        return f"{period.start.year}-H{1 if period.start.month == 1 else 2}"
    if period.kind == PeriodKind.YEAR:
        return str(period.start.year)
    return f"{period.start.year}-{period.end.year}"


def parse_period_key(kind: str, key: str) -> Period:
    """The inverse of `period_key` for a given kind; PeriodError for anything else."""
    m = _KEY.match((key or "").strip())
    if not m:
        raise PeriodError("bad period key")
    year = int(m.group(1))
    part, last = m.group(2), m.group(3)
    if kind == PeriodKind.QUARTER and part and part[0] == "Q":
        return period_of(kind, year, int(part[1]))
    if kind == PeriodKind.HALF_YEAR and part and part[0] == "H":
        return period_of(kind, year, int(part[1]))
    if kind == PeriodKind.YEAR and not part and not last:
        return period_of(kind, year)
    if kind == PeriodKind.FIVE_YEARS and last and not part:
        period = period_of(kind, year)
        if period.start.year != year or period.end.year != int(last):
            raise PeriodError("a 5-year period runs 2021–2025, 2026–2030 …")
        return period
    raise PeriodError("period key does not match the kind")


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_label(period: Period) -> str:
    """Vietnamese label used in documents: 'Quý III năm 2025', '6 tháng đầu năm 2025', 'Năm 2025',
    'Giai đoạn 2021–2025'."""
    y = period.start.year
    if period.kind == PeriodKind.QUARTER:
        return f"Quý {ROMAN[(period.start.month - 1) // 3 + 1]} năm {y}"
    if period.kind == PeriodKind.HALF_YEAR:
        return f"6 tháng đầu năm {y}" if period.start.month == 1 else f"6 tháng cuối năm {y}"
    if period.kind == PeriodKind.YEAR:
        return f"Năm {y}"
    return f"Giai đoạn {y}–{period.end.year}"


def recent_periods(kind: str, today: date, count: int = 8) -> list[Period]:
    """The `count` most recent periods that have started by `today`, newest first (choices of a form)."""
    out: list[Period] = []
    current = period_containing(kind, today)
    while len(out) < count:
        out.append(current)
        if current.start.year <= MIN_YEAR:
            break
        current = period_containing(kind, current.start - timedelta(days=1))
    return out
