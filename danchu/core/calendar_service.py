"""The working-day calendar, database side: package holidays + `CalendarOverride` rows, cached.

Reads: `get_calendar(years)` builds a pure `WorkCalendar` (calendar.py) and caches it in Django's cache
under a key that includes a version number; `compute_due()` counts a deadline with enough years.
Writes: `override_set()` / `override_delete()` — atomic, audited, and they bump the version so every
process sees the change on its next read (the old entries simply expire).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from . import audit, clock
from .calendar import CalendarRangeError, WorkCalendar, calendar_from_holidays
from .deadlines import DeadlineUnit, DueDate, explain_due, parse_unit, validate_amount
from .models import CalendarOverride
from .verbs import AuditVerb

VERSION_KEY = "core:calendar:version"
CACHE_TIMEOUT = 24 * 3600
MIN_YEAR, MAX_YEAR = 1990, 2100  # the years the service (and the API) answers for


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return int(version)


def _bump_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # key missing (evicted or never set)
        cache.set(VERSION_KEY, _random_version(), timeout=None)


def _random_version() -> int:
    # after an eviction, never reuse a small number whose cached calendars may still be around
    return int(timezone.now().timestamp() * 1000)


def invalidate_calendar_cache() -> None:
    """Bump now (so this transaction reads its own change) and again after commit (so no reader that
    ran between the two caches the pre-commit state under the new version for long)."""
    _bump_version()
    transaction.on_commit(_bump_version)


def _normalise_years(years: Iterable[int] | int | None) -> tuple[int, ...]:
    if years is None:
        this_year = clock.today().year
        years = range(this_year - 1, this_year + 3)
    elif isinstance(years, int):
        years = [years]
    out = tuple(sorted({int(y) for y in years}))
    if not out:
        raise ValueError("get_calendar() needs at least one year")
    if out[0] < MIN_YEAR or out[-1] > MAX_YEAR:
        raise ValueError(f"years must be between {MIN_YEAR} and {MAX_YEAR}")
    return out


def calendar_for(start: date, *, years_after: int = 1) -> WorkCalendar:
    """The calendar to count a deadline that starts on `start`: its year and the next (`years_after`), within the
    years the service answers for. Every app counts its deadlines with it."""
    first = max(MIN_YEAR, min(start.year, MAX_YEAR))
    return get_calendar(range(first, min(first + years_after, MAX_YEAR) + 1))


def get_calendar(years: Iterable[int] | int | None = None) -> WorkCalendar:
    """The calendar of `years` (default: last year to two years ahead), from the cache when possible."""
    years = _normalise_years(years)
    key = f"core:calendar:v{_version()}:{','.join(map(str, years))}"
    cal = cache.get(key)
    if cal is None:
        rows = CalendarOverride.objects.filter(date__year__in=years).values_list("date", "kind", "name")
        cal = calendar_from_holidays(years, overrides=list(rows))
        cache.set(key, cal, CACHE_TIMEOUT)
    return cal


def _years_needed(start: date, amount: int, unit: DeadlineUnit) -> range:
    """A safe upper bound of the years a deadline can touch, roll-forward included."""
    if unit == DeadlineUnit.DAY:
        span = amount
    elif unit == DeadlineUnit.MONTH:
        span = amount * 31
    else:  # 5 working days a week plus at most ~20 days off a year: 2 calendar days per WD is generous
        span = amount * 2
    try:
        end = start + timedelta(days=span + 31)  # + room for rolling forward over Tết
    except OverflowError:
        raise ValueError("the deadline ends beyond the supported dates") from None
    return range(start.year, end.year + 1)


def compute_due(start: date, amount: int, unit) -> DueDate:
    """Count a deadline with the current calendar (package + overrides) for every year it touches."""
    amount, unit = validate_amount(amount), parse_unit(unit)
    years = list(_years_needed(start, amount, unit))
    while True:
        try:
            return explain_due(start, amount, unit, get_calendar(years))
        except CalendarRangeError:
            # the estimate was short (a calendar with unusual overrides): extend by one year and retry
            years.append(years[-1] + 1)


# --- writes ----------------------------------------------------------------------------------------


def _snapshot(obj: CalendarOverride) -> dict:
    return {"date": obj.date.isoformat(), "kind": obj.kind, "name": obj.name, "legal_basis": obj.legal_basis}


@transaction.atomic
def override_set(*, date: date, kind: str, name: str, legal_basis: str = "", actor) -> CalendarOverride:
    """Create or change the override of `date` (an extra day off, or an extra working day)."""
    obj = CalendarOverride.objects.select_for_update().filter(date=date).first()
    before = _snapshot(obj) if obj else None
    if obj is None:
        obj = CalendarOverride(date=date)
    obj.kind, obj.name, obj.legal_basis = kind, name, legal_basis
    obj.full_clean()
    if before is None:
        obj.save()
    else:
        obj.save(update_fields=["kind", "name", "legal_basis", "modified"])
    audit.record(
        actor=actor,
        verb=AuditVerb.CALENDAR_OVERRIDE_SET,
        target=obj,
        data={**_snapshot(obj), "before": before},
    )
    invalidate_calendar_cache()
    return obj


@transaction.atomic
def override_delete(*, date: date, actor) -> None:
    """Remove the override of `date` (the package's answer applies again). Raises DoesNotExist."""
    obj = CalendarOverride.objects.select_for_update().get(date=date)
    audit.record(actor=actor, verb=AuditVerb.CALENDAR_OVERRIDE_DELETED, target=obj, data=_snapshot(obj))
    obj.delete()
    invalidate_calendar_cache()


__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "compute_due",
    "get_calendar",
    "invalidate_calendar_cache",
    "override_delete",
    "override_set",
]
