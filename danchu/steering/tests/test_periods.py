"""Report periods (periods.py, pure): bounds, keys, labels, the last period ended."""

from __future__ import annotations

from datetime import date

import pytest

from danchu.steering.periods import PeriodError, parse_period_key, period_of, previous_period, recent_periods
from danchu.steering.periods import PeriodKind as P

# --- periods ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "year", "n", "start", "end", "key"), [
    (P.QUARTER, 2025, 1, date(2025, 1, 1), date(2025, 3, 31), "2025-Q1"),
    (P.QUARTER, 2025, 4, date(2025, 10, 1), date(2025, 12, 31), "2025-Q4"),
    (P.QUARTER, 2024, 1, date(2024, 1, 1), date(2024, 3, 31), "2024-Q1"),
    (P.HALF_YEAR, 2025, 1, date(2025, 1, 1), date(2025, 6, 30), "2025-H1"),
    (P.HALF_YEAR, 2025, 2, date(2025, 7, 1), date(2025, 12, 31), "2025-H2"),
    (P.YEAR, 2023, 1, date(2023, 1, 1), date(2023, 12, 31), "2023"),
    (P.FIVE_YEARS, 2023, 1, date(2021, 1, 1), date(2025, 12, 31), "2021-2025"),
    (P.FIVE_YEARS, 2026, 1, date(2026, 1, 1), date(2030, 12, 31), "2026-2030"),
    (P.FIVE_YEARS, 2025, 1, date(2021, 1, 1), date(2025, 12, 31), "2021-2025"),
])
def test_it_computes_period_bounds_and_keys(kind, year, n, start, end, key):
    period = period_of(kind, year, n)
    assert (period.start, period.end, period.key) == (start, end, key)
    assert parse_period_key(kind, key) == period


@pytest.mark.parametrize(("kind", "key"), [
    (P.QUARTER, "2025-Q5"), (P.QUARTER, "2025"), (P.HALF_YEAR, "2025-Q1"), (P.YEAR, "2025-H1"),
    (P.FIVE_YEARS, "2022-2026"), (P.FIVE_YEARS, "2021-2024"), (P.YEAR, "1800"), (P.YEAR, ""), (P.YEAR, "abcd"),
    (P.YEAR, "2025\x00"), ("weekly", "2025"),
])
def test_it_refuses_bad_period_keys(kind, key):
    with pytest.raises(PeriodError):
        parse_period_key(kind, key)


def test_it_labels_periods_in_vietnamese():
    assert period_of(P.QUARTER, 2025, 3).label == "Quý III năm 2025"
    assert period_of(P.HALF_YEAR, 2025, 1).label == "6 tháng đầu năm 2025"
    assert period_of(P.HALF_YEAR, 2025, 2).label == "6 tháng cuối năm 2025"
    assert period_of(P.FIVE_YEARS, 2021).label == "Giai đoạn 2021–2025"


def test_previous_period_is_the_last_one_ended():
    assert previous_period(P.QUARTER, date(2025, 11, 25)).key == "2025-Q3"
    assert previous_period(P.QUARTER, date(2025, 9, 30)).key == "2025-Q3"  # ends today: due now
    assert previous_period(P.QUARTER, date(2025, 1, 2)).key == "2024-Q4"
    assert previous_period(P.YEAR, date(2026, 1, 5)).key == "2025"


def test_recent_periods_are_newest_first():
    keys = [p.key for p in recent_periods(P.QUARTER, date(2025, 11, 25), 5)]
    assert keys == ["2025-Q4", "2025-Q3", "2025-Q2", "2025-Q1", "2024-Q4"]
