"""Read interface of cases for the reports of other apps (steering's platform figures).

Pure reads over model fields: citizen reception sessions, complaints and denunciations decided, and grassroots
mediation in a unit's subtree during a period. Nothing here writes; no party's name or contact is returned.
"""

from __future__ import annotations

from datetime import date

from danchu.core.scoping import subtree_q

from .domain import MediationState
from .models import Case, MediationCase, ReceptionSession

SESSION_FACTS = ("pk", "day", "leader_title")
CASE_FACTS = ("pk", "code", "decided_on")
MEDIATION_FACTS = ("pk", "code", "received_on")


def reception_sessions(unit, start: date, end: date) -> list[int]:
    """The citizen reception sessions (regular and extraordinary) of the units in `unit`'s subtree dated in
    [start, end] and not cancelled: their pks. The caller passes an `end` no later than today to count the
    sessions held."""
    return list(ReceptionSession.objects.filter(subtree_q("unit", unit), cancelled=False, day__gte=start,
                                                day__lte=end).values_list("pk", flat=True))


def decided_cases(unit, kind: str, start: date, end: date) -> list[tuple[int, bool]]:
    """(pk, on time) of the cases of `kind` ("complaint", "denunciation") of `unit`'s subtree whose decision or
    conclusion was issued (`decided_on`) in [start, end]. On time: decided by the resolution deadline in force,
    extensions included (`resolve_due_on`), as the cases app counts it; without a deadline, not on time."""
    rows = Case.objects.filter(subtree_q("unit", unit), kind=kind, decided_on__gte=start, decided_on__lte=end)
    return [(pk, due is not None and decided <= due)
            for pk, decided, due in rows.values_list("pk", "decided_on", "resolve_due_on")]


def _mediations(unit):
    return MediationCase.objects.filter(subtree_q("team__village", unit))


def mediations_received(unit, start: date, end: date) -> list[int]:
    """The grassroots mediation cases received (`received_on`) in [start, end] by the teams of the villages in
    `unit`'s subtree: their pks."""
    return list(_mediations(unit).filter(received_on__gte=start, received_on__lte=end).values_list("pk", flat=True))


def mediation_outcomes(unit, start: date, end: date) -> list[tuple[int, bool]]:
    """(pk, successful) of the mediation cases of `unit`'s subtree closed (`closed_on`) in [start, end] with a
    result — successful or unsuccessful; transferred and withdrawn cases have none."""
    rows = _mediations(unit).filter(state__in=[MediationState.SUCCESSFUL, MediationState.UNSUCCESSFUL],
                                    closed_on__gte=start, closed_on__lte=end).values_list("pk", "state")
    return [(pk, state == MediationState.SUCCESSFUL) for pk, state in rows]


def session_facts(pks) -> dict[int, dict]:
    """What a report may show of the reception sessions `pks`: {pk: {SESSION_FACTS}}."""
    return {row["pk"]: row for row in ReceptionSession.objects.filter(pk__in=pks).values(*SESSION_FACTS)}


def case_facts(pks) -> dict[int, dict]:
    """What a report may show of the cases `pks` (their number and decision date, never a party):
    {pk: {CASE_FACTS}}."""
    return {row["pk"]: row for row in Case.objects.filter(pk__in=pks).values(*CASE_FACTS)}


def mediation_facts(pks) -> dict[int, dict]:
    """What a report may show of the mediation cases `pks` (their number and date, never a party):
    {pk: {MEDIATION_FACTS}}."""
    return {row["pk"]: row for row in MediationCase.objects.filter(pk__in=pks).values(*MEDIATION_FACTS)}
