"""The case file: its numbered documents (Luật Khiếu nại Art.34), its steps, and who may act on it."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.core.errors import field_error
from danchu.core.services import locked
from danchu.units.access import can

from .. import domain
from ..models import Case, CaseDocument, CaseEvent
from ..recipients import handling_capability
from .common import actor_or_system


def lock_for_handling(case: Case, actor) -> Case:
    """The handler of the case's kind in its unit, or PermissionDenied; then the row is locked and refreshed."""
    if not can(actor, handling_capability(case.kind), case.unit):
        raise PermissionDenied
    return locked(case, "unit")


def case_data(case: Case, **data) -> dict:
    """What an audit row of a case says: codes, states and dates only — never a person (Luật Tố cáo Art.47)."""
    return {"kind": case.kind, "state": case.state, "due_on": case.due_on, **data}


def record_event(case: Case, actor, *, note: str = "", internal_note: str = "") -> CaseEvent:
    """One step. `note` may be shown to the citizen on the tracking page; `internal_note` only to staff."""
    return CaseEvent.objects.create(case=case, state=case.state, note=note, internal_note=internal_note,
                                    due_on=case.due_on, actor=actor_or_system(actor), created=clock.now())


def issue_document(case: Case, kind: str, on: date, title: str, body: dict, reference: str = "") -> CaseDocument:
    """A numbered document of the case file; `body` is the snapshot the .docx is built from (never the
    denouncer's identity)."""
    number = (case.documents.aggregate(m=Max("number"))["m"] or 0) + 1
    return CaseDocument.objects.create(case=case, number=number, kind=kind, issued_on=on, reference=reference[:60],
                                       title=title[:300], body=body, created=clock.now())


def check_criteria(criteria) -> list[str]:
    """The complexity criteria of NĐ 31/2019 Art.3.2, without repeats; anything else is refused."""
    criteria = list(dict.fromkeys(criteria or []))
    if any(c not in domain.ComplexityCriterion.values for c in criteria):
        raise field_error("criteria", _("Tiêu chí phức tạp không hợp lệ."), "invalid_criteria")
    return criteria
