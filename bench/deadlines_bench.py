"""B2: deadline computations per second (danchu.core.deadlines.due_date) against `date + timedelta`.

Run in-process after Django is configured (the deadline units are TextChoices with lazy translations).
The calendar comes from the pure builder `danchu.core.calendar.calendar_from_holidays(years)`; when that
builder is missing, from `danchu.core.calendar_service.get_calendar()`.
"""

from __future__ import annotations

import inspect
import statistics
import time
from datetime import date, timedelta

YEARS = range(2025, 2029)
STARTS = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
AMOUNTS = {"D": (1, 3, 5, 7, 10, 15, 30, 45, 60, 90), "WD": (1, 3, 5, 7, 10, 15, 20, 30, 45, 60), "M": (1, 2, 3, 6)}


def _calendar():
    from danchu.core import calendar as calmod

    builder = getattr(calmod, "calendar_from_holidays", None)
    if builder is not None:
        params = inspect.signature(builder).parameters
        cal = builder(YEARS) if params else builder()
        return cal, f"danchu.core.calendar.calendar_from_holidays({YEARS.start}..{YEARS.stop - 1})"
    from danchu.core import calendar_service  # needs a migrated database

    return calendar_service.get_calendar(), "danchu.core.calendar_service.get_calendar()"


def _unit(code: str):
    from danchu.core import deadlines

    enum = getattr(deadlines, "DeadlineUnit", None)
    if enum is not None:
        for member in enum:
            if member.value == code:
                return member
    return code


def _rate(fn, items, min_seconds: float) -> float:
    """Operations per second of fn over items, repeating the whole list until min_seconds have passed."""
    n, t0 = 0, time.perf_counter()
    while True:
        fn(items)
        n += len(items)
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            return n / elapsed


def run(rounds: int = 3, min_seconds: float = 0.6) -> dict:
    from danchu.core.deadlines import due_date

    cal, cal_source = _calendar()
    out: dict = {"calendar": cal_source, "function": "danchu.core.deadlines.due_date(start, amount, unit, cal)",
                 "baseline": "start + timedelta(days=amount)", "rounds": rounds, "units": {}}

    def baseline(items):
        for s, a in items:
            s + timedelta(days=a)

    for code, amounts in AMOUNTS.items():
        unit = _unit(code)
        items = [(s, a) for s in STARTS for a in amounts]
        # sanity: the due date is never before the start, and a WD deadline ends on a working day
        for s, a in items[:: max(1, len(items) // 200)]:
            d = due_date(s, a, unit, cal)
            assert d >= s, (s, a, code, d)
            if code == "WD":
                assert cal.is_working_day(d), (s, a, d)

        def measured(items, unit=unit):
            for s, a in items:
                due_date(s, a, unit, cal)

        base_rates, rates = [], []
        for _ in range(rounds):  # interleaved so that both see the same machine state
            base_rates.append(_rate(baseline, items, min_seconds))
            rates.append(_rate(measured, items, min_seconds))
        ops, base = statistics.median(rates), statistics.median(base_rates)
        out["units"][code] = {
            "ops_per_s": round(ops),
            "baseline_ops_per_s": round(base),
            "slowdown_vs_baseline": round(base / ops, 1),
            "us_per_op": round(1e6 / ops, 2),
            "cases": len(items),
            "amounts": list(amounts),
            "runs_ops_per_s": [round(r) for r in rates],
        }
    return out
