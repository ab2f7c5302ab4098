"""Read interface of decisions for the reports of other apps (steering's platform figures).

Pure reads over model fields: the contents residents discussed and decided (Law 10/2022 Art.15–24) in a unit's
subtree that got their result during a period. Nothing here writes.
"""

from __future__ import annotations

from datetime import date

from danchu.core.scoping import subtree_q

from .domain import RESULT_STATES, State
from .models import Decision

DECISION_FACTS = ("pk", "title", "result_on")


def decisions_with_result(unit, start: date, end: date) -> list[tuple[int, bool]]:
    """(pk, adopted) of every content of `unit`'s subtree whose result date (`result_on`, Art.20.2) falls in
    [start, end] and that has a result, counted once: a commune-wide decision counts as one, not once per village
    part (only decisions without a parent). Adopted: any result but "not passed" (a content later recognised,
    amended or annulled was adopted)."""
    rows = Decision.objects.filter(subtree_q("unit", unit), parent__isnull=True, state__in=RESULT_STATES,
                                   result_on__gte=start, result_on__lte=end).values_list("pk", "state")
    return [(pk, state != State.FAILED) for pk, state in rows]


def decision_facts(pks) -> dict[int, dict]:
    """What a report may show of the decisions `pks`: {pk: {DECISION_FACTS}}."""
    return {row["pk"]: row for row in Decision.objects.filter(pk__in=pks).values(*DECISION_FACTS)}
