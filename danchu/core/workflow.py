"""Workflows — PURE: which state may follow which, declared once per procedure as data.

Each app's `domain.py` declares its table with `Workflow(...)`; services call `WORKFLOW.check(current, target)`
before they write, views and the API ask `WORKFLOW.next_states(current)` to show what can be done next.

    WORKFLOW = Workflow(
        {State.DRAFT: {State.PUBLISHED}, State.PUBLISHED: {State.WITHDRAWN}},
        labels=State,
        name=_("mục công khai"),
    )
    WORKFLOW.check(item.state, State.PUBLISHED)   # raises InvalidTransition (a ValidationError)

A refused move raises one exception type everywhere, `InvalidTransition`, a `ValidationError` with the stable code
"invalid_transition" and a Vietnamese message naming both states, so that the HTML views show it as a form error
and the API answers 400 with that code. This is deliberately not a step engine: the procedures really differ, and
what happens on a move (deadlines, documents, notices) stays in each app's services.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

INVALID_TRANSITION = "invalid_transition"


class InvalidTransition(ValidationError):
    """A move the workflow does not allow. `current` and `target` are kept for callers and tests."""

    def __init__(self, message, *, current: str = "", target: str = "", code: str = INVALID_TRANSITION):
        super().__init__(message, code=code)
        self.current, self.target = current, target


def _label(labels, value) -> str:
    if labels is None:
        return str(value)
    if isinstance(labels, Mapping):
        return str(labels.get(value, value))
    try:  # a TextChoices class
        return str(labels(value).label)
    except ValueError:
        return str(value)


@dataclass(frozen=True)
class Workflow:
    """A transition table: `transitions[current]` is the set of states that may follow `current`.

    `labels` (a TextChoices class or a mapping) names the states in messages; `name` ("đơn tố cáo", "kế hoạch")
    says what moves, for the message; `code` is the error code of a refused move (an API whose clients have long
    known another code keeps it). States that appear only as targets are terminal."""

    transitions: Mapping[str, Iterable[str]]
    labels: object = None
    name: str = ""
    code: str = INVALID_TRANSITION
    _table: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        table = {str(k): frozenset(str(t) for t in v) for k, v in self.transitions.items()}
        object.__setattr__(self, "_table", table)

    @property
    def states(self) -> frozenset[str]:
        """Every state the table names, as a source or a target."""
        return frozenset(self._table).union(*self._table.values()) if self._table else frozenset()

    @property
    def terminal_states(self) -> frozenset[str]:
        return frozenset(s for s in self.states if not self._table.get(s))

    def next_states(self, current) -> frozenset[str]:
        return self._table.get(str(current), frozenset())

    def allows(self, current, target) -> bool:
        return str(target) in self.next_states(current)

    def label(self, state) -> str:
        return _label(self.labels, state)

    def check(self, current, target) -> None:
        """Raise `InvalidTransition` with a Vietnamese message when `current → target` is not allowed."""
        if self.allows(current, target):
            return
        values = {"a": self.label(current), "b": self.label(target), "what": str(self.name)}
        if self.name:
            message = _("Không thể chuyển %(what)s từ “%(a)s” sang “%(b)s”.") % values
        else:
            message = _("Không thể chuyển từ “%(a)s” sang “%(b)s”.") % values
        raise InvalidTransition(message, current=str(current), target=str(target), code=self.code)

    def move(self, obj, target, *, field: str = "state") -> None:
        """Check, then set `obj.<field> = target` (the caller saves)."""
        self.check(getattr(obj, field), target)
        setattr(obj, field, target)


__all__ = ["INVALID_TRANSITION", "InvalidTransition", "Workflow"]
