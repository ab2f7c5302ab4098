"""Read-only statistics of feedback (one aggregate query per table; no Python loop over rows)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q

from . import domain
from .domain import State
from .models import Feedback

_ANSWERED = Q(answered_at__isnull=False)


def summary(qs, *, today: date) -> dict:
    """Totals for a set of feedback: received, open, overdue, answered, on time, rated, satisfied, and the
    on-time and satisfaction rates (Hue-S publishes both)."""
    row = qs.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(state__in=domain.OPEN_STATES)),
        overdue=Count("pk", filter=Q(state__in=domain.OPEN_STATES, due_on__lt=today)),
        answered=Count("pk", filter=_ANSWERED),
        on_time=Count("pk", filter=_ANSWERED & Q(answered_on_time=True)),
        rated=Count("pk", filter=Q(rating__isnull=False)),
        satisfied=Count("pk", filter=Q(rating__gte=domain.SATISFIED_FROM)),
        transferred=Count("pk", filter=Q(state=State.TRANSFERRED)),
        duplicates=Count("pk", filter=Q(state=State.DUPLICATE)),
    )
    row["on_time_rate"] = domain.rate(row["on_time"], row["answered"])
    row["satisfaction_rate"] = domain.rate(row["satisfied"], row["rated"])
    return row


def by(qs, field: str, *, today: date) -> list[dict]:
    """The same figures grouped by `field` ("category__name", "commune__name", …)."""
    rows = (qs.values(field).order_by(field).annotate(
        total=Count("pk"),
        open=Count("pk", filter=Q(state__in=domain.OPEN_STATES)),
        overdue=Count("pk", filter=Q(state__in=domain.OPEN_STATES, due_on__lt=today)),
        answered=Count("pk", filter=_ANSWERED),
        on_time=Count("pk", filter=_ANSWERED & Q(answered_on_time=True)),
        rated=Count("pk", filter=Q(rating__isnull=False)),
        satisfied=Count("pk", filter=Q(rating__gte=domain.SATISFIED_FROM)),
    ))
    out = []
    for r in rows:
        r["label"] = r.pop(field)
        r["on_time_rate"] = domain.rate(r["on_time"], r["answered"])
        r["satisfaction_rate"] = domain.rate(r["satisfied"], r["rated"])
        out.append(r)
    return out


def for_commune_public(commune, *, today: date) -> dict:
    """What the commune's public page shows: every feedback counts in the rates, published or not."""
    return summary(Feedback.objects.filter(commune=commune), today=today)
