"""The filters of the register (Sổ theo dõi cung cấp thông tin theo yêu cầu, Art.26.1), shared by the staff page
and the API: by state, and by how the request stands with its deadline."""

from __future__ import annotations

from datetime import date

from .domain import State
from .reminders import DUE_SOON_WORKING_DAYS

STATES = ("open", *State.values)
DUES = ("soon", "overdue", "late")


def filter_register(qs, *, state: str = "", due: str = "", today: date):
    """`state`: "open" or one state; `due`: "soon" (at most DUE_SOON_WORKING_DAYS working days left), "overdue"
    (open past its due date) or "late" (a deadline missed at some step). Anything else is no filter; the callers
    check the values first."""
    if state == "open":
        qs = qs.open()
    elif state in State.values:
        qs = qs.filter(state=state)
    if due == "overdue":
        qs = qs.overdue(today)
    elif due == "late":
        qs = qs.late(today=today)
    elif due == "soon":
        qs = qs.due_soon(today, DUE_SOON_WORKING_DAYS)
    return qs
