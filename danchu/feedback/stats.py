"""Read-only statistics of feedback (one aggregate query per table; no Python loop over rows)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q

from . import domain
from .domain import State
from .models import Feedback

# Answered: an answer stands (a feedback reopened by its reporter is open again, whatever it was answered
# before; a merged duplicate has no answer date of its own and counts once, on the original).
_ANSWERED = Q(answered_at__isnull=False) & ~Q(state__in=domain.OPEN_STATES)


def _figures(today: date) -> dict:
    return {
        "total": Count("pk"),
        "open": Count("pk", filter=Q(state__in=domain.OPEN_STATES)),
        "overdue": Count("pk", filter=Q(state__in=domain.OPEN_STATES, due_on__lt=today)),
        "answered": Count("pk", filter=_ANSWERED),
        "on_time": Count("pk", filter=_ANSWERED & Q(answered_on_time=True)),
        "rated": Count("pk", filter=Q(rating__isnull=False)),
        "satisfied": Count("pk", filter=Q(rating__gte=domain.SATISFIED_FROM)),
    }


def _rates(row: dict) -> dict:
    # On time = answered by the deadline, out of everything whose deadline has come: the answered ones and the
    # open ones already past it (an overdue feedback left unanswered must lower the rate, not vanish from it).
    row["on_time_rate"] = domain.rate(row["on_time"], row["answered"] + row["overdue"])
    row["satisfaction_rate"] = domain.rate(row["satisfied"], row["rated"])
    return row


def summary(qs, *, today: date) -> dict:
    """Totals for a set of feedback: received, open, overdue, answered, on time, rated, satisfied, and the
    on-time and satisfaction rates (Hue-S publishes both)."""
    row = qs.aggregate(
        **_figures(today),
        transferred=Count("pk", filter=Q(state=State.TRANSFERRED)),
        duplicates=Count("pk", filter=Q(state=State.DUPLICATE)),
    )
    return _rates(row)


def by(qs, field: str, *, today: date) -> list[dict]:
    """The same figures grouped by `field` ("category__name", "commune__name", …)."""
    rows = qs.values(field).order_by(field).annotate(**_figures(today))
    out = []
    for r in rows:
        r["label"] = r.pop(field)
        out.append(_rates(r))
    return out


def for_commune_public(commune, *, today: date) -> dict:
    """What the commune's public page shows: every feedback counts in the rates, published or not."""
    return summary(Feedback.objects.filter(commune=commune), today=today)


def period(params, today: date) -> tuple[date, date]:
    """The period asked for by the query parameters `from` and `to` (YYYY-MM-DD; the staff page and the API):
    by default from the first day of this month a year ago to today; a date out of range or unreadable is the
    default; a reversed period is turned round."""

    def parse(name, default):
        try:
            value = date.fromisoformat(params.get(name, ""))
            return value if date(2000, 1, 1) <= value <= date(2100, 12, 31) else default
        except ValueError:
            return default

    start = parse("from", today.replace(day=1) - timedelta(days=365))
    end = parse("to", today)
    return (start, end) if start <= end else (end, start)
