"""The working-day calendar (pure: no database)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from danchu.core.calendar import CalendarRangeError, WorkCalendar, calendar_from_holidays

SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
HOLIDAYS_JSON = SHARED_DATA / "vn_public_holidays_2024_2027_python_holidays.json"


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return calendar_from_holidays(range(2024, 2028))


def _span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def test_it_gives_tet_2026_off_from_16_to_20_february(cal):
    for d in _span(date(2026, 2, 16), date(2026, 2, 20)):
        assert not cal.is_working_day(d), d
    assert cal.is_working_day(date(2026, 2, 13))  # Friday before
    assert cal.is_working_day(date(2026, 2, 23))  # Monday after
    assert cal.name_of(date(2026, 2, 17)) == "Tết Nguyên Đán"


def test_it_gives_tet_2025_off_from_27_to_31_january(cal):
    for d in _span(date(2025, 1, 27), date(2025, 1, 31)):
        assert not cal.is_working_day(d), d
    assert cal.is_working_day(date(2025, 1, 24))
    assert cal.is_working_day(date(2025, 2, 3))


def test_it_knows_the_2026_swap_of_31_august_for_saturday_22_august(cal):
    assert date(2026, 8, 22).weekday() == 5
    assert cal.is_working_day(date(2026, 8, 22))
    assert not cal.is_working_day(date(2026, 8, 31))
    assert "22/08/2026" in cal.name_of(date(2026, 8, 31))
    assert "31/08/2026" in cal.name_of(date(2026, 8, 22))
    assert (date(2026, 8, 22), cal.name_of(date(2026, 8, 22))) in cal.working_weekend_days(2026)


def test_it_lists_only_the_swapped_saturday_as_working_weekend_day_in_2026(cal):
    assert [d for d, _ in cal.working_weekend_days(2026)] == [date(2026, 8, 22)]


def test_it_gives_national_day_two_days_off(cal):
    assert not cal.is_working_day(date(2026, 9, 1))
    assert not cal.is_working_day(date(2026, 9, 2))
    assert cal.name_of(date(2026, 9, 2)) == "Quốc khánh"
    assert not cal.is_working_day(date(2025, 9, 1))
    assert not cal.is_working_day(date(2025, 9, 2))


def test_it_treats_weekends_as_non_working_and_ordinary_weekdays_as_working(cal):
    assert not cal.is_working_day(date(2026, 3, 7))  # Saturday
    assert not cal.is_working_day(date(2026, 3, 8))  # Sunday
    assert cal.is_working_day(date(2026, 3, 9))  # Monday


def test_it_lists_the_non_working_weekdays_of_2026_with_names(cal):
    days = dict(cal.non_working_weekdays(2026))
    assert date(2026, 1, 1) in days and days[date(2026, 1, 1)] == "Tết Dương lịch"
    assert date(2026, 8, 31) in days
    assert all(d.weekday() < 5 and d.year == 2026 for d in days)
    assert all(name for name in days.values())
    assert date(2026, 4, 26) not in days  # Giỗ Tổ falls on a Sunday ...
    assert date(2026, 4, 27) in days  # ... and is observed on Monday


def test_it_finds_the_next_working_day_strictly_after_a_date(cal):
    assert cal.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)  # across Tết
    assert cal.next_working_day(date(2026, 3, 9)) == date(2026, 3, 10)
    assert cal.next_working_day(date(2026, 8, 21)) == date(2026, 8, 22)  # the worked Saturday


def test_it_rolls_a_non_working_day_forward_and_keeps_a_working_day(cal):
    assert cal.roll_forward(date(2026, 3, 9)) == date(2026, 3, 9)
    assert cal.roll_forward(date(2026, 3, 7)) == date(2026, 3, 9)


def test_it_lets_overrides_win_over_the_package():
    cal = calendar_from_holidays(
        [2026],
        overrides=[
            (date(2026, 3, 10), "off", "Nghỉ thêm theo quyết định"),
            (date(2026, 11, 24), "work", "Không nghỉ 24/11"),
            (date(2026, 3, 14), "work", "Làm bù"),
        ],
    )
    assert not cal.is_working_day(date(2026, 3, 10))
    assert cal.name_of(date(2026, 3, 10)) == "Nghỉ thêm theo quyết định"
    assert cal.is_working_day(date(2026, 11, 24))
    assert cal.is_working_day(date(2026, 3, 14))
    assert date(2026, 3, 14) in dict(cal.working_weekend_days(2026))


def test_it_lets_an_off_override_cancel_a_package_working_saturday():
    cal = calendar_from_holidays([2026], overrides=[(date(2026, 8, 22), "off", "Hủy làm bù")])
    assert not cal.is_working_day(date(2026, 8, 22))
    assert cal.working_weekend_days(2026) == []


def test_it_ignores_overrides_outside_the_years():
    cal = calendar_from_holidays([2026], overrides=[(date(2027, 3, 10), "off", "x")])
    assert date(2027, 3, 10) not in cal.days_off


def test_it_rejects_an_unknown_override_kind():
    with pytest.raises(ValueError, match="unknown override kind"):
        calendar_from_holidays([2026], overrides=[(date(2026, 3, 10), "holiday", "x")])


def test_it_rejects_an_empty_year_list():
    with pytest.raises(ValueError):
        calendar_from_holidays([])


def test_it_refuses_dates_outside_its_years():
    cal = calendar_from_holidays([2026])
    with pytest.raises(CalendarRangeError):
        cal.is_working_day(date(2027, 1, 4))
    with pytest.raises(CalendarRangeError):
        cal.next_working_day(date(2026, 12, 31))


def test_it_accepts_any_date_when_built_without_years():
    cal = WorkCalendar(days_off=frozenset({date(2030, 1, 1)}))
    assert not cal.is_working_day(date(2030, 1, 1))
    assert cal.is_working_day(date(1999, 6, 1))


def test_it_rejects_a_date_both_off_and_working():
    with pytest.raises(ValueError):
        WorkCalendar(days_off=frozenset({date(2026, 1, 1)}), extra_working_days=frozenset({date(2026, 1, 1)}))


def test_it_is_hashable_and_equal_by_value():
    a = WorkCalendar(days_off=frozenset({date(2026, 1, 1)}), names={date(2026, 1, 1): "x"})
    b = WorkCalendar(days_off=frozenset({date(2026, 1, 1)}), names={date(2026, 1, 1): "x"})
    assert a == b and hash(a) == hash(b)


def test_it_gives_an_error_instead_of_looping_forever_on_a_calendar_without_working_days():
    cal = WorkCalendar(days_off=frozenset(_span(date(2026, 1, 1), date(2027, 12, 31))))
    with pytest.raises(ValueError, match="no working day"):
        cal.next_working_day(date(2026, 1, 1))


@pytest.mark.shared
def test_it_agrees_with_the_shared_holidays_snapshot(cal):
    if not HOLIDAYS_JSON.exists():
        pytest.skip(f"shared data not available ({HOLIDAYS_JSON} is absent: not in the developer workspace)")
    data = json.loads(HOLIDAYS_JSON.read_text(encoding="utf-8"))
    expected = {date.fromisoformat(row["date"]): row["name"] for row in data["holidays_vi"]}
    years = set(data["years"])
    ours = {d: cal.name_of(d) for d in cal.days_off if d.year in years}
    assert ours == expected
