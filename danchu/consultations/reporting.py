"""Read interface of consultations for the reports of other apps (steering's platform figures).

Pure reads over model fields: the consultations of residents (Law 10/2022 Art.25–29) of the communes in a unit's
subtree that were published during a period. Nothing here writes.
"""

from __future__ import annotations

from datetime import date

from danchu.core.scoping import subtree_q

from .models import Consultation

CONSULTATION_FACTS = ("pk", "title", "published_on")


def published_consultations(unit, start: date, end: date) -> list[int]:
    """The consultations of the communes in `unit`'s subtree made public — the day comments open, `published_on`
    — in [start, end]: their pks."""
    return list(Consultation.objects.filter(subtree_q("commune", unit), published_on__isnull=False,
                                            published_on__gte=start, published_on__lte=end)
                .values_list("pk", flat=True))


def consultation_facts(pks) -> dict[int, dict]:
    """What a report may show of the consultations `pks`: {pk: {CONSULTATION_FACTS}}."""
    return {row["pk"]: row for row in Consultation.objects.filter(pk__in=pks).values(*CONSULTATION_FACTS)}
