"""Reads of a unit's steering page: the plans that concern it, its open tasks, the reports it has to send (its own
and those of the pre-2025 units it replaced) and the earlier periods it may still report on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from danchu.core.scoping import subtree_q
from danchu.units.models import AdministrativeUnit

from .. import domain
from ..aggregate import path_ids
from ..domain import PlanState
from ..lineage import predecessors_into
from ..models import Plan, ReportTemplate, Submission, Task
from ..periods import MIN_YEAR, five_year_start, previous_period


@dataclass
class HomePage:
    plans: list
    task_rows: list  # (task, overdue, due soon)
    overdue_count: int
    issued_here: list
    fill_rows: list  # (template, its last period, the unit's report of it or None)
    catch_up: list  # (template, [(value "period@unit", label)])
    earlier: list  # the unit's earlier reports of those templates


def home_page(unit: AdministrativeUnit, today: date, *, due_soon_days: int) -> HomePage:
    """Everything the steering page of `unit` lists, in a fixed number of queries per template to fill."""
    above = path_ids(unit.path)
    plans = list(Plan.objects.filter(Q(unit_id__in=above, state__in=[PlanState.ISSUED, PlanState.CLOSED])
                                     | Q(unit=unit) | (subtree_q("unit", unit) & Q(state=PlanState.ISSUED)))
                 .select_related("unit").annotate(n_tasks=Count("tasks")).order_by("-starts_on", "-pk")[:30])
    issued = Task.objects.in_subtree(unit).filter(plan__state=PlanState.ISSUED)
    tasks = issued.open().select_related("plan", "assignee_unit").order_by("due_on", "pk")[:50]
    task_rows = [(t, t.is_overdue(today), domain.task_due_soon(t.state, t.due_on, today, due_soon_days))
                 for t in tasks]
    to_fill = (ReportTemplate.objects.filter(unit_id__in=above, is_issued=True, target_level=unit.level)
               .exclude(unit=unit).order_by("-issued_on", "-pk"))
    fill_rows = []
    for template in to_fill:
        period = previous_period(template.period_kind, today)
        sub = Submission.objects.filter(template=template, unit=unit, period_key=period.key).first()
        fill_rows.append((template, period, sub))
    units = reporting_units(unit) if fill_rows else [unit]
    catch_up = [(template, catch_up_choices(template, units, today)) for template, _p, _s in fill_rows]
    earlier = list(Submission.objects.filter(template__in=[t for t, _p, _s in fill_rows], unit__in=units)
                   .exclude(pk__in=[sub.pk for _t, _p, sub in fill_rows if sub])  # already in the table above
                   .select_related("template", "unit").order_by("-period_start", "template_id", "unit__name")[:100])
    return HomePage(plans=plans, task_rows=task_rows, overdue_count=issued.overdue(today).count(),
                    issued_here=list(ReportTemplate.objects.filter(unit=unit).order_by("-pk")), fill_rows=fill_rows,
                    catch_up=catch_up, earlier=earlier)


def reporting_units(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The unit and the pre-2025 units whose reports roll into it through the lineage (ADR 0005): a commune enters
    the historical reports of the old communes it replaced under their own names."""
    old = [pk for pk, new in predecessors_into(unit).items() if new == unit.pk]
    return [unit] + list(AdministrativeUnit.objects.filter(pk__in=old).order_by("name"))



CATCH_UP_MAX_CHOICES = 120



def catch_up_choices(template: ReportTemplate, units: list[AdministrativeUnit], today: date) -> list[tuple]:
    """(value "period@unit", label) for every period of the template that has ended, back to the start of the
    previous 5-year term (a 2021–2025 review needs 2021), paired with the reporting unit that existed at the end of
    that period (the commune, or before 01/07/2025 the old unit that rolls into it). The service checks again."""
    units = [u for u in units if u.level == template.target_level]
    first = date(five_year_start(today.year) - 5, 1, 1)
    out: list[tuple] = []
    period = previous_period(template.period_kind, today)
    while period.start >= first and len(out) < CATCH_UP_MAX_CHOICES:
        for u in units:
            if u.is_current(period.end):
                label = f"{period.label} — {u.name}"
                if u.valid_to:
                    label += _(" (đơn vị trước 01/7/2025)")
                out.append((f"{period.key}@{u.pk}", label))
        if period.start.year <= MIN_YEAR:
            break
        period = previous_period(template.period_kind, period.start - timedelta(days=1))
    return out

