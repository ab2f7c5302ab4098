"""core.clock: the local date of Việt Nam, whatever time zone is active."""

from datetime import UTC, date, datetime

import time_machine
from django.utils import timezone

from danchu.core import clock


@time_machine.travel(datetime(2026, 12, 31, 18, 30, tzinfo=UTC), tick=False)
def test_today_is_the_date_in_viet_nam_not_in_utc():
    assert clock.today() == date(2027, 1, 1)  # 01:30 on 1 January in Hà Nội
    assert clock.local_now().hour == 1
    with timezone.override("UTC"):
        assert clock.today() == date(2027, 1, 1)
    assert clock.local_date(datetime(2026, 12, 31, 16, 59, tzinfo=UTC)) == date(2026, 12, 31)
    assert clock.local_date(datetime(2026, 12, 31, 17, 0, tzinfo=UTC)) == date(2027, 1, 1)
