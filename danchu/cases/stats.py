"""Read model of the dashboards: on-time resolution of letters and the results of grassroots mediation, per
period and per unit below. Reads only."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _

from danchu.core.calendar_service import calendar_for
from danchu.units.domain import Level

from . import domain
from .domain import CaseKind, MediationState, State
from .models import Case, MediationCase


def on_time_rate(closed_on_time: int, closed_total: int) -> float | None:
    """The share (%) of cases closed by their deadline, None when none was closed."""
    if closed_total <= 0:
        return None
    return round(100.0 * closed_on_time / closed_total, 1)


def statistics(unit, start: date, end: date) -> list[dict]:
    """On-time resolution per kind for cases closed in [start, end] (resolve deadline, or reply deadline).
    Anonymous and impersonated letters are not denunciations (Luật Tố cáo Art.25): counted apart, with no
    deadline and so no on-time rate."""
    out = []
    everything = Case.objects.in_subtree(unit)
    base = everything.filter(anonymous=False)
    for kind, label in CaseKind.choices:
        closed = base.filter(kind=kind, decided_on__gte=start, decided_on__lte=end)
        total = closed.count()
        if kind == CaseKind.PETITION:
            on_time = sum(1 for c in closed.only("decided_on", "received_on", "rules_snapshot")
                          if c.decided_on <= domain.reception_reply_due(c.received_on, c.rules(),
                                                                       calendar_for(c.received_on)))
        else:
            on_time = closed.filter(resolve_due_on__isnull=False, decided_on__lte=F("resolve_due_on")).count()
        out.append({"kind": label, "received": base.filter(kind=kind, received_on__gte=start,
                                                           received_on__lte=end).count(),
                    "closed": total, "checked": None, "on_time": on_time, "rate": on_time_rate(on_time, total),
                    "open": base.filter(kind=kind).open().count()})
    anonymous = everything.filter(anonymous=True)
    out.append({"kind": _("Đơn nặc danh, mạo danh (Điều 25 Luật Tố cáo)"),
                "received": anonymous.filter(received_on__gte=start, received_on__lte=end).count(),
                "closed": anonymous.filter(closed_on__gte=start, closed_on__lte=end).count(),
                "checked": anonymous.filter(state=State.CHECKED, closed_on__gte=start, closed_on__lte=end).count(),
                "on_time": None, "rate": None, "open": anonymous.open().count()})
    return out


def on_time_by_unit(unit, start: date, end: date) -> list[dict]:
    """Complaints and denunciations decided in [start, end] per unit below `unit`, and the share on time."""
    rows = (Case.objects.in_subtree(unit).filter(kind__in=[CaseKind.COMPLAINT, CaseKind.DENUNCIATION],
                                                 anonymous=False, decided_on__gte=start, decided_on__lte=end)
            .values("unit__name").annotate(closed=Count("id"), on_time=Count(
                "id", filter=Q(resolve_due_on__isnull=False, decided_on__lte=F("resolve_due_on"))))
            .order_by("unit__name"))
    return [{**r, "rate": on_time_rate(r["on_time"], r["closed"])} for r in rows]


def mediation_statistics(unit, start: date, end: date) -> dict:
    """Grassroots mediation over [start, end]: cases received, cases closed by outcome and the success rate
    (successful / successful + unsuccessful), in total and per commune (a province) or per village (a commune);
    open cases are counted as of today."""
    cases = MediationCase.objects.in_subtree(unit)
    by = ("team__village__parent_id", "team__village__parent__name") if unit.level < Level.COMMUNE else (
        "team__village_id", "team__village__name")
    outcomes = [v for v in MediationState.values if v != MediationState.OPEN]

    def counts(qs):
        return qs.aggregate(
            received=Count("id", filter=Q(received_on__gte=start, received_on__lte=end)),
            open=Count("id", filter=Q(state=MediationState.OPEN)),
            **{o: Count("id", filter=Q(state=o, closed_on__gte=start, closed_on__lte=end)) for o in outcomes})

    def row(values, name=""):
        values = dict(values)
        closed = values[MediationState.SUCCESSFUL] + values[MediationState.UNSUCCESSFUL]
        return {"name": name, **values, "closed": sum(values[o] for o in outcomes),
                "rate": on_time_rate(values[MediationState.SUCCESSFUL], closed)}

    groups = []
    for group in cases.values(*by).distinct().order_by(by[1]):
        groups.append(row(counts(cases.filter(**{by[0]: group[by[0]]})), group[by[1]]))
    return {"total": row(counts(cases)), "groups": groups, "outcomes": outcomes,
            "per_commune": unit.level < Level.COMMUNE}


def mediation_overview(unit) -> tuple[list, float | None]:
    """(label, count) per mediation outcome of every case of `unit`, and the success rate."""
    stats = {row["state"]: row["n"] for row in MediationCase.objects.in_subtree(unit).values("state")
             .annotate(n=Count("id"))}
    closed = sum(stats.get(v, 0) for v in (MediationState.SUCCESSFUL, MediationState.UNSUCCESSFUL))
    return ([(label, stats.get(value, 0)) for value, label in MediationState.choices],
            on_time_rate(stats.get(MediationState.SUCCESSFUL, 0), closed))
