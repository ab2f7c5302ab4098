"""The filters of the register (Sổ theo dõi cung cấp thông tin theo yêu cầu, Art.26.1), shared by the staff page
and the API: by state, and by how the request stands with its deadlines."""

from __future__ import annotations

from datetime import date

from .domain import State
from .reminders import DUE_SOON_WORKING_DAYS

STATES = ("open", *State.values)
DUE_FILTERS = {
    "soon": lambda qs, today: qs.due_soon(today, DUE_SOON_WORKING_DAYS),  # at most 2 working days left
    "overdue": lambda qs, today: qs.overdue(today),  # open past its due date
    "late": lambda qs, today: qs.late(today=today),  # a deadline missed at some step, even once closed
}
DUES = tuple(DUE_FILTERS)


def filter_register(qs, *, state: str = "", due: str = "", today: date):
    """`state`: "open" or one state; `due`: one of DUE_FILTERS. Anything else is no filter (the callers check the
    values first)."""
    if state in STATES:
        qs = qs.open() if state == "open" else qs.filter(state=state)
    return DUE_FILTERS[due](qs, today) if due in DUE_FILTERS else qs
