"""The dashboard of a level (read model): per unit below it, its tasks, reports, models, inspections and
access-to-law result in a year, a map of the units and the trend over five years. Each figure is one aggregate
query over the whole subtree; the number of queries does not grow with the number of units."""

from __future__ import annotations

from collections import Counter
from datetime import date

from django.db.models import Count, F, Q

from danchu.core.scoping import subtree_q
from danchu.units.models import AdministrativeUnit

from .. import domain
from ..aggregate import group_under
from ..domain import AssessmentState, InspectionState, PlanState, SubmissionState
from ..lineage import predecessors_into
from ..models import AccessToLawAssessment, ExemplaryModel, Inspection, Submission, Task
from .rollup import inside_validity


def dashboard_rows(unit: AdministrativeUnit, today: date, year: int):
    """Per child unit: tasks (open, overdue, done), reports sent in the year, access-to-law result, models.

    Each figure is one aggregate query over the whole subtree, grouped by the unit of the record (its path comes
    with the row); the rows are then added up per child in Python (group_under). Reports filed under
    pre-2025 units count for the child they roll into through the lineage. The number of queries does not grow
    with the number of children."""
    children = list(AdministrativeUnit.objects.filter(parent=unit).current(inside_validity(unit, today))
                    .order_by("name"))
    child_of_old = {old: child for child, olds in _legacy_by_child(unit, children).items() for old in olds}

    def per_child(rows) -> dict[int, Counter]:
        """rows of (path, unit id, {figure: n}) → {child id: Counter of figures}."""
        out: dict[int, Counter] = {}
        for path, unit_id, figures in rows:
            child = group_under(unit.path, path or "") if path and path.startswith(unit.path) else \
                child_of_old.get(unit_id)
            if child is not None:
                out.setdefault(child, Counter()).update(figures)
        return out

    open_q = Q(state__in=domain.OPEN_TASK_STATES)
    tasks = per_child(
        (path, unit_id, {"tasks_open": n_open, "tasks_overdue": n_overdue, "tasks_done": n_done})
        for path, unit_id, n_open, n_overdue, n_done in
        Task.objects.in_subtree(unit).filter(plan__state__in=[PlanState.ISSUED, PlanState.CLOSED])
        .values_list("assignee_unit__path", "assignee_unit_id")
        .annotate(n_open=Count("pk", filter=open_q), n_overdue=Count("pk", filter=open_q & Q(due_on__lt=today)),
                  n_done=Count("pk", filter=Q(state=domain.TaskState.DONE))).order_by())
    counted = Q(state__in=domain.COUNTED_STATES)
    late = Q(due_on__isnull=False) & (Q(submitted_on__gt=F("due_on")) | Q(submitted_on__isnull=True,
                                                                           due_on__lt=today))
    reports = per_child(
        (path, unit_id, {"reports_sent": sent, "reports_returned": returned, "reports_late": n_late})
        for path, unit_id, sent, returned, n_late in
        Submission.objects.filter(subtree_q("unit", unit) | Q(unit_id__in=list(child_of_old)),
                                  period_start__year=year)
        .values_list("unit__path", "unit_id")
        .annotate(n_sent=Count("pk", filter=counted), n_returned=Count("pk", filter=Q(state=SubmissionState.RETURNED)),
                  n_late=Count("pk", filter=counted & late)).order_by())
    models = per_child((path, unit_id, {"models": n}) for path, unit_id, n in
                       ExemplaryModel.objects.in_subtree(unit)
                       .values_list("unit__path", "unit_id").annotate(n=Count("pk")).order_by())
    inspections = per_child(
        (path, unit_id, {"inspections_open": n}) for path, unit_id, n in
        Inspection.objects.filter(subtree_q("target_unit", unit)).exclude(state=InspectionState.CLOSED)
        .values_list("target_unit__path", "target_unit_id").annotate(n=Count("pk")).order_by())
    assessments = {a.commune_id: a for a in AccessToLawAssessment.objects.filter(commune__in=children, year=year)}
    out = []
    for child in children:
        figures = Counter()
        for table in (tasks, reports, models, inspections):
            figures.update(table.get(child.pk, {}))
        assessment = assessments.get(child.pk)
        out.append({
            "unit": child,
            **{key: figures[key] for key in ("tasks_open", "tasks_overdue", "tasks_done", "reports_sent",
                                              "reports_returned", "reports_late", "models", "inspections_open")},
            "access_to_law": assessment.get_state_display() if assessment else "—",
        })
    return out



def _legacy_by_child(unit, children) -> dict[int, list[int]]:
    """Pre-2025 units whose records roll into each child (through the lineage): their reports count there."""
    old_into = predecessors_into(unit)
    paths = dict(AdministrativeUnit.objects.filter(pk__in=set(old_into.values())).values_list("pk", "path"))
    out: dict[int, list[int]] = {}
    for old, new in old_into.items():
        group = group_under(unit.path, paths.get(new, ""))
        if group is not None:
            out.setdefault(group, []).append(old)
    return out



def dashboard_trend(unit: AdministrativeUnit, years: range) -> list[tuple[int, int, int, int]]:
    """(year, reports sent, tasks done, communes recognised under QĐ 25/2021) for each of `years`, over `unit`'s
    subtree; reports filed under pre-2025 units that roll into it count too."""
    legacy = list(predecessors_into(unit))
    sent = dict(Submission.objects.filter(subtree_q("unit", unit) | Q(unit_id__in=legacy),
                                          period_start__year__in=years, state__in=domain.COUNTED_STATES)
                .values_list("period_start__year").annotate(n=Count("pk")).order_by())
    done = dict(Task.objects.in_subtree(unit).filter(due_on__year__in=years, state=domain.TaskState.DONE)
                .values_list("due_on__year").annotate(n=Count("pk")).order_by())
    recognised = dict(AccessToLawAssessment.objects.in_subtree(unit)
                      .filter(year__in=years, state=AssessmentState.RECOGNISED)
                      .values_list("year").annotate(n=Count("pk")).order_by())
    return [(y, sent.get(y, 0), done.get(y, 0), recognised.get(y, 0)) for y in years]


DASHBOARD_HEADERS = [
    ("unit", "Đơn vị"), ("tasks_open", "Nhiệm vụ đang thực hiện"), ("tasks_overdue", "Nhiệm vụ quá hạn"),
    ("tasks_done", "Nhiệm vụ hoàn thành"), ("reports_sent", "Báo cáo đã gửi trong năm"),
    ("reports_late", "Báo cáo gửi chậm"), ("reports_returned", "Báo cáo bị trả lại"),
    ("access_to_law", "Chuẩn tiếp cận pháp luật"), ("models", "Mô hình"),
    ("inspections_open", "Kiểm tra chưa hoàn tất")]



MAP_W, MAP_H = 600, 420



def map_points(rows) -> list[dict]:
    """Units with coordinates placed in an SVG box (equirectangular, enough for one province): red when a task is
    overdue, green when reports were sent in the year, grey otherwise."""
    located = [r for r in rows if r["unit"].latitude is not None and r["unit"].longitude is not None]
    if len(located) < 2:
        return []
    lats = [r["unit"].latitude for r in located]
    lons = [r["unit"].longitude for r in located]
    span_lat = (max(lats) - min(lats)) or 1.0
    span_lon = (max(lons) - min(lons)) or 1.0
    scale = min((MAP_W - 40) / span_lon, (MAP_H - 40) / span_lat)
    out = []
    for r in located:
        status = "late" if r["tasks_overdue"] else ("ok" if r["reports_sent"] else "none")
        out.append({"unit": r["unit"], "status": status,
                    "x": round(20 + (r["unit"].longitude - min(lons)) * scale, 1),
                    "y": round(20 + (max(lats) - r["unit"].latitude) * scale, 1)})
    return out

