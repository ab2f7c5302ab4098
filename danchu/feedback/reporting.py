"""Read interface of feedback for the reports of other apps (steering's platform figures).

Pure reads over model fields: the feedback and petitions (Law 10/2022 Art.35; NĐ 20/2008) of the communes in a
unit's subtree received, answered and rated during a period. Days are those of the platform's time zone
(Asia/Ho_Chi_Minh). Nothing here writes.
"""

from __future__ import annotations

from datetime import date

from danchu.core.scoping import subtree_q

from .domain import OPEN_STATES, is_satisfied
from .models import Feedback

FEEDBACK_FACTS = ("pk", "received_on")


def _of(unit):
    return Feedback.objects.filter(subtree_q("commune", unit))


def received_feedback(unit, start: date, end: date) -> list[int]:
    """The feedback received (the day of `received_at`) in [start, end]: their pks."""
    return list(_of(unit).filter(received_at__date__gte=start, received_at__date__lte=end)
                .values_list("pk", flat=True))


def answered_feedback(unit, start: date, end: date) -> list[tuple[int, bool]]:
    """(pk, answered on time) of the feedback answered (the day of `answered_at`) in [start, end] whose answer
    stands: a feedback its reporter reopened is open again and is not counted as answered (as the feedback app
    counts it). On time is the app's own flag `answered_on_time`."""
    rows = (_of(unit).filter(answered_at__isnull=False, answered_at__date__gte=start, answered_at__date__lte=end)
            .exclude(state__in=OPEN_STATES).values_list("pk", "answered_on_time"))
    return [(pk, bool(on_time)) for pk, on_time in rows]


def rated_feedback(unit, start: date, end: date) -> list[tuple[int, bool]]:
    """(pk, satisfied) of the feedback whose reporter rated the answer (the day of `rated_at`) in [start, end];
    satisfied is "hài lòng" or "rất hài lòng" (domain.is_satisfied, Law 10/2022 Art.35.2.a)."""
    rows = (_of(unit).filter(rating__isnull=False, rated_at__date__gte=start, rated_at__date__lte=end)
            .values_list("pk", "rating"))
    return [(pk, is_satisfied(rating)) for pk, rating in rows]


def feedback_facts(pks) -> dict[int, dict]:
    """What a report may show of the feedback `pks` (its number and date, never the reporter):
    {pk: {FEEDBACK_FACTS}}."""
    return {row["pk"]: row for row in Feedback.objects.filter(pk__in=pks).values(*FEEDBACK_FACTS)}
