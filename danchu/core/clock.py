"""The one clock of danchu: what day and time it is in Việt Nam.

Every legal deadline is counted in the local calendar of Asia/Ho_Chi_Minh (UTC+7, no daylight saving), whatever
time zone a request or a worker has activated, so code outside `core` asks this module and never calls
`date.today()`, `datetime.now()` or `timezone.localdate()` itself (a test in core/tests/test_layering.py checks).
Tests move the clock with time-machine; services take `today` as an argument where a rule depends on it.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

LEGAL_TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> datetime:
    """The current instant, timezone-aware (stored in UTC by Django)."""
    return timezone.now()


def local_now() -> datetime:
    """The current instant as wall-clock time in Việt Nam."""
    return timezone.now().astimezone(LEGAL_TIME_ZONE)


def today() -> date:
    """Today's date in Việt Nam: the day a deadline is counted from or checked against."""
    return local_now().date()


def local_date(moment: datetime) -> date:
    """The date in Việt Nam of an aware instant (a submission's `received_at`, an event's `created`)."""
    return moment.astimezone(LEGAL_TIME_ZONE).date()


__all__ = ["LEGAL_TIME_ZONE", "local_date", "local_now", "now", "today"]
