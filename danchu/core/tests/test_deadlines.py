"""Deadline counting per BLDS Art.147–148 (pure: no database)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from danchu.core.calendar import WorkCalendar, calendar_from_holidays
from danchu.core.deadlines import (
    DeadlineUnit,
    add_months,
    due_date,
    explain_due,
    is_overdue,
    working_days_between,
)

CAL = calendar_from_holidays(range(2023, 2032))
D, WD, M = DeadlineUnit.DAY, DeadlineUnit.WORKING_DAY, DeadlineUnit.MONTH

starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31))
units = st.sampled_from([D, WD, M])
amounts = st.integers(min_value=0, max_value=400)
months = st.integers(min_value=0, max_value=24)


# --- calendar days -----------------------------------------------------------------------------


def test_it_does_not_count_the_day_of_the_event():
    # Monday 09/03/2026 + 1 day = Tuesday 10/03/2026 (Art.147)
    assert due_date(date(2026, 3, 9), 1, D, CAL) == date(2026, 3, 10)
    assert due_date(date(2026, 3, 9), 10, D, CAL) == date(2026, 3, 19)


def test_it_rolls_a_last_day_on_saturday_forward_to_monday():
    # Monday 02/03/2026 + 5 days = Saturday 07/03 -> Monday 09/03 (Art.148.5)
    result = explain_due(date(2026, 3, 2), 5, D, CAL)
    assert result.nominal_end == date(2026, 3, 7)
    assert result.due == date(2026, 3, 9)
    assert result.rolled_forward
    assert result.non_working_days == (date(2026, 3, 7), date(2026, 3, 8))


def test_it_rolls_a_last_day_in_tet_forward_past_the_whole_holiday():
    # 30 days after 17/01/2026 = Monday 16/02/2026 (Tết) -> Monday 23/02/2026
    assert due_date(date(2026, 1, 17), 30, D, CAL) == date(2026, 2, 23)


def test_it_rolls_a_last_day_on_national_day_forward():
    # 2026: Mon 31/08 (swap), Tue 01/09, Wed 02/09 off -> Thu 03/09
    assert due_date(date(2026, 8, 21), 10, D, CAL) == date(2026, 9, 3)


def test_it_ends_on_the_worked_saturday_of_the_2026_swap():
    # Thursday 20/08/2026 + 2 days = Saturday 22/08/2026, a working day: no roll-forward
    result = explain_due(date(2026, 8, 20), 2, D, CAL)
    assert result.due == date(2026, 8, 22)
    assert not result.rolled_forward


# --- months --------------------------------------------------------------------------------------


def test_it_ends_a_month_deadline_on_the_corresponding_day():
    # 15/04/2026 + 1 M = Friday 15/05/2026
    assert due_date(date(2026, 4, 15), 1, M, CAL) == date(2026, 5, 15)


def test_it_ends_on_the_last_day_of_a_shorter_month_then_rolls_forward():
    # 31/01/2026 + 1 M = 28/02/2026 (Art.148.3), a Saturday -> Monday 02/03/2026 (Art.148.5)
    result = explain_due(date(2026, 1, 31), 1, M, CAL)
    assert result.nominal_end == date(2026, 2, 28)
    assert result.due == date(2026, 3, 2)


def test_it_uses_29_february_in_a_leap_year():
    # 31/01/2028 + 1 M = Tuesday 29/02/2028
    assert due_date(date(2028, 1, 31), 1, M, CAL) == date(2028, 2, 29)


def test_it_adds_months_across_years():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 12, 31), 12) == date(2027, 12, 31)
    assert due_date(date(2026, 10, 15), 3, M, CAL) == date(2027, 1, 15)


# --- working days --------------------------------------------------------------------------------


def test_it_counts_working_days_across_tet_2026():
    # Friday 13/02/2026 + 5 WD: 16–20/02 Tết, weekends skipped -> 23, 24, 25, 26, 27/02
    assert due_date(date(2026, 2, 13), 5, WD, CAL) == date(2026, 2, 27)


def test_it_counts_working_days_across_tet_2025():
    # Friday 24/01/2025 + 1 WD: 27–31/01 Tết -> Monday 03/02/2025
    assert due_date(date(2025, 1, 24), 1, WD, CAL) == date(2025, 2, 3)


def test_it_counts_the_worked_saturday_as_a_working_day():
    # Friday 21/08/2026: WD 1 = Saturday 22/08 (worked in the swap), WD 2 = Monday 24/08
    assert due_date(date(2026, 8, 21), 1, WD, CAL) == date(2026, 8, 22)
    assert due_date(date(2026, 8, 21), 2, WD, CAL) == date(2026, 8, 24)


def test_it_skips_the_swapped_day_off_and_national_day():
    # Friday 28/08/2026 + 1 WD: Sat, Sun, Mon 31/08 (swap), 01/09, 02/09 off -> Thursday 03/09
    assert due_date(date(2026, 8, 28), 1, WD, CAL) == date(2026, 9, 3)


def test_it_counts_working_days_from_a_weekend_start():
    # event on Saturday 07/03/2026: day 1 is Monday 09/03
    assert due_date(date(2026, 3, 7), 1, WD, CAL) == date(2026, 3, 9)


def test_it_counts_working_days_between_two_dates():
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 27), CAL) == 5
    assert working_days_between(date(2026, 2, 27), date(2026, 2, 13), CAL) == -5
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 9), CAL) == 0


# --- amount 0 and bad input ----------------------------------------------------------------------


def test_it_makes_a_zero_deadline_due_the_same_working_day():
    for unit in (D, WD, M):
        assert due_date(date(2026, 3, 9), 0, unit, CAL) == date(2026, 3, 9)


def test_it_rolls_a_zero_deadline_on_a_holiday_forward():
    for unit in (D, WD, M):
        assert due_date(date(2026, 2, 17), 0, unit, CAL) == date(2026, 2, 23)


def test_it_accepts_unit_strings():
    assert due_date(date(2026, 3, 9), 1, "WD", CAL) == date(2026, 3, 10)


def test_it_rejects_a_negative_amount():
    with pytest.raises(ValueError, match="zero or positive"):
        due_date(date(2026, 3, 9), -1, D, CAL)


def test_it_rejects_a_non_integer_amount():
    with pytest.raises(TypeError):
        due_date(date(2026, 3, 9), 1.5, D, CAL)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        due_date(date(2026, 3, 9), True, D, CAL)  # type: ignore[arg-type]


def test_it_rejects_an_unknown_unit():
    with pytest.raises(ValueError, match="unknown deadline unit"):
        due_date(date(2026, 3, 9), 1, "W", CAL)


def test_it_rejects_a_deadline_beyond_the_last_supported_date():
    with pytest.raises(ValueError):
        due_date(date(9999, 12, 1), 100, D, WorkCalendar())
    with pytest.raises(ValueError):
        due_date(date(9999, 12, 1), 2, M, WorkCalendar())


# --- overdue -------------------------------------------------------------------------------------


def test_it_is_not_overdue_on_the_last_day_but_is_the_day_after():
    due = date(2026, 3, 9)
    assert not is_overdue(due, date(2026, 3, 8))
    assert not is_overdue(due, due)
    assert is_overdue(due, date(2026, 3, 10))


# --- properties ----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(start=starts, amount=amounts, unit=units)
def test_it_never_ends_before_the_start(start, amount, unit):
    if unit == M:
        amount %= 25
    assert due_date(start, amount, unit, CAL) >= start


@settings(max_examples=200, deadline=None)
@given(start=starts, amount=st.integers(min_value=1, max_value=400), unit=units)
def test_it_always_ends_on_a_working_day_after_the_start(start, amount, unit):
    if unit == M:
        amount = amount % 24 + 1
    due = due_date(start, amount, unit, CAL)
    assert due > start
    assert CAL.is_working_day(due)


@settings(max_examples=200, deadline=None)
@given(start=starts, a=amounts, b=amounts)
def test_it_is_monotonic_in_the_number_of_working_days(start, a, b):
    lo, hi = sorted((a, b))
    assert due_date(start, lo, WD, CAL) <= due_date(start, hi, WD, CAL)
    # strictly later, except 0 and 1 WD from a day off: both end on the next working day (Art.148)
    if lo < hi and (lo > 0 or CAL.is_working_day(start)):
        assert due_date(start, lo, WD, CAL) < due_date(start, hi, WD, CAL)


def test_zero_and_one_working_day_from_a_holiday_end_on_the_same_day():
    new_year = date(2024, 1, 1)  # Monday, a public holiday
    assert due_date(new_year, 0, WD, CAL) == due_date(new_year, 1, WD, CAL) == date(2024, 1, 2)


@settings(max_examples=200, deadline=None)
@given(start=starts, amount=st.integers(min_value=0, max_value=200), unit=st.sampled_from([D, M]))
def test_it_is_monotonic_in_calendar_days_and_months(start, amount, unit):
    if unit == M:
        amount %= 24
    assert due_date(start, amount, unit, CAL) <= due_date(start, amount + 1, unit, CAL)


@settings(max_examples=200, deadline=None)
@given(start=starts, amount=st.integers(min_value=1, max_value=120))
def test_it_equals_n_successive_next_working_day_steps(start, amount):
    d = start
    for _ in range(amount):
        d = CAL.next_working_day(d)
    assert due_date(start, amount, WD, CAL) == d


@settings(max_examples=200, deadline=None)
@given(start=starts, amount=st.integers(min_value=1, max_value=300))
def test_it_counts_back_the_same_number_of_working_days(start, amount):
    assert working_days_between(start, due_date(start, amount, WD, CAL), CAL) == amount


@settings(max_examples=200, deadline=None)
@given(start=starts, amount=st.integers(min_value=0, max_value=400))
def test_it_never_ends_a_calendar_day_deadline_before_the_nominal_day_nor_far_after_it(start, amount):
    result = explain_due(start, amount, D, CAL)
    assert result.nominal_end == start + timedelta(days=amount)
    assert 0 <= (result.due - result.nominal_end).days <= 14  # the longest run of days off (Tết + weekends)
    # every day between the nominal end and the due date is a non-working day
    d = result.nominal_end
    while d < result.due:
        assert not CAL.is_working_day(d)
        d += timedelta(days=1)


@settings(max_examples=100, deadline=None)
@given(start=starts, amount=st.integers(min_value=0, max_value=24))
def test_it_ends_a_month_deadline_on_the_same_day_or_the_month_end(start, amount):
    nominal = explain_due(start, amount, M, CAL).nominal_end
    assert (nominal.year * 12 + nominal.month) - (start.year * 12 + start.month) == amount
    assert nominal.day == start.day or (nominal.day < start.day and (nominal + timedelta(days=1)).day == 1)


@settings(max_examples=100, deadline=None)
@given(start=starts, amount=st.integers(min_value=1, max_value=200))
def test_it_never_makes_a_working_day_deadline_shorter_than_the_calendar_day_one(start, amount):
    assert due_date(start, amount, WD, CAL) >= start + timedelta(days=amount)


@given(start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 6, 30)),
       amount=st.integers(min_value=0, max_value=120), unit=st.sampled_from(["D", "WD", "M"]))
def test_due_date_agrees_with_explain_due(start, amount, unit):
    if unit == "M":
        amount = amount % 7
    assert due_date(start, amount, unit, CAL) == explain_due(start, amount, unit, CAL).due
