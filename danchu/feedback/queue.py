"""The filters of a unit's feedback queue, shared by the staff page and the API: by state, by how the feedback
stands with its deadline, by category."""

from __future__ import annotations

from datetime import date

from .domain import State
from .reminders import DUE_SOON_WORKING_DAYS

STATES = ("open", *State.values)
DUE_FILTERS = {
    "soon": lambda qs, today: qs.due_soon(today, DUE_SOON_WORKING_DAYS),  # at most 2 working days left
    "overdue": lambda qs, today: qs.overdue(today),
    "escalated": lambda qs, today: qs.open().filter(escalated_at__isnull=False),  # reported to the superior unit
}
DUES = tuple(DUE_FILTERS)


def filter_queue(qs, *, state: str = "", due: str = "", category: str = "", today: date):
    """`state`: "open" or one state; `due`: one of DUE_FILTERS; `category`: a category code. Anything else is no
    filter (the callers check the values first)."""
    if state in STATES:
        qs = qs.open() if state == "open" else qs.filter(state=state)
    if due in DUE_FILTERS:
        qs = DUE_FILTERS[due](qs, today)
    if category:
        qs = qs.filter(category__code=category[:40])
    return qs
