"""Minimum periods ("ít nhất N ngày kể từ ngày niêm yết"): the posting day is not counted (BLDS Art.147)."""

from datetime import date

import pytest

from danchu.core.calendar import WorkCalendar
from danchu.core.deadlines import days_elapsed, period_complete, period_end
from danchu.core.legal_rules import get_rule, rule_period_end, rule_text


def test_a_30_day_posting_from_1_march_must_still_be_up_on_31_march():
    assert period_end(date(2026, 3, 1), 30, "D") == date(2026, 3, 31)
    assert days_elapsed(date(2026, 3, 1), date(2026, 3, 30)) == 29
    assert not period_complete(date(2026, 3, 1), date(2026, 3, 30), 30, "D")
    assert period_complete(date(2026, 3, 1), date(2026, 3, 31), 30, "D")


def test_the_last_day_is_not_rolled_forward_past_a_sunday():
    # 30 days from Friday 02/10/2026 end on Sunday 01/11/2026: a notice stays up on a Sunday
    assert period_end(date(2026, 10, 2), 30, "D") == date(2026, 11, 1)


def test_every_minimum_period_of_the_registry_is_counted_the_same_way():
    start = date(2026, 11, 5)
    assert rule_period_end("grassroots.posting_min", start) == date(2026, 12, 5)
    assert rule_period_end("grassroots.huong_uoc_draft_posting", start) == date(2026, 12, 5)
    assert rule_period_end("grassroots.consultation_min", start) == date(2026, 11, 25)
    assert rule_period_end("grassroots.agency_posting_min", start) == date(2026, 11, 25)
    with pytest.raises(ValueError):
        rule_period_end("grassroots.publicity_deadline", start)  # a deadline to act, not a minimum period


def test_periods_in_working_days_need_a_calendar():
    with pytest.raises(ValueError):
        period_end(date(2026, 11, 5), 3, "WD")
    cal = WorkCalendar()
    assert period_end(date(2026, 11, 6), 1, "WD", cal) == date(2026, 11, 9)


def test_days_elapsed_is_never_negative():
    assert days_elapsed(date(2026, 3, 10), date(2026, 3, 1)) == 0


def test_rule_text_writes_two_digits_as_the_law_does():
    assert rule_text("grassroots.publicity_deadline") == "05 ngày làm việc"
    assert rule_text("grassroots.posting_min") == "30 ngày"
    assert get_rule("grassroots.posting_min").direction == "at_least"
