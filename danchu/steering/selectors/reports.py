"""Reads of report templates and the units' reports: the deadline of a period's report, who has and has not sent
it, and the period a template's key names."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.core.calendar_service import calendar_for
from danchu.core.deadlines import DeadlineUnit, due_date
from danchu.core.errors import field_error
from danchu.core.scoping import subtree_q
from danchu.units.models import AdministrativeUnit

from .. import domain
from ..inputs import MIN_DATE
from ..lineage import lineage_successors, predecessors_into
from ..models import ReportTemplate, Submission
from ..periods import Period, PeriodError, parse_period_key


def report_due_on(template: ReportTemplate, period: Period) -> date:
    """Period end + the template's working days, with the core calendar (holidays + override table) — or, for a
    period whose usual deadline came before the template was issued, the deadline counted from the issue date
    (domain.due_after_issue)."""
    if template.due_working_days == 0:
        usual = period.end
    else:
        usual = due_date(period.end, template.due_working_days, DeadlineUnit.WORKING_DAY, calendar_for(period.end))
    return domain.due_after_issue(usual, issue_due_on(template))


def issue_due_on(template: ReportTemplate) -> date | None:
    """The earliest deadline a report of this template can have: the issue date + its working days (at least
    DEFAULT_DUE_WORKING_DAYS). None while the template is not issued."""
    if not template.issued_on:
        return None
    days = max(template.due_working_days, domain.DEFAULT_DUE_WORKING_DAYS)
    return due_date(template.issued_on, days, DeadlineUnit.WORKING_DAY, calendar_for(template.issued_on))


def parse_period(template: ReportTemplate, key: str) -> Period:
    try:
        return parse_period_key(template.period_kind, key)
    except PeriodError:
        raise field_error("period", _("Kỳ báo cáo không hợp lệ cho mẫu này."), "bad_period") from None


def scope_start(scope: AdministrativeUnit) -> date:
    return scope.valid_from or MIN_DATE


@dataclass
class StatusRow:
    unit: AdministrativeUnit
    submission: Submission | None
    late: bool


def submission_status(*, template: ReportTemplate, scope: AdministrativeUnit, period: Period,
                      today: date | None = None) -> list[StatusRow]:
    """Who has and has not submitted: the units of the template's level that existed at the end of the period,
    in `scope`'s subtree (for a pre-2025 period: the old units that roll into it)."""
    today = today or clock.today()
    old_into = predecessors_into(scope, lineage_successors()) if period.end < scope_start(scope) else {}
    units = AdministrativeUnit.objects.filter(level=template.target_level).current(period.end)
    units = units.filter(subtree_q("", scope) | Q(pk__in=list(old_into))).order_by("name")
    subs = {s.unit_id: s for s in Submission.objects.filter(template=template, period_key=period.key,
                                                            unit__in=units)}
    due = report_due_on(template, period)
    out = []
    for unit in units:
        sub = subs.get(unit.pk)
        late = domain.submission_is_late(sub.due_on if sub else due, sub.submitted_on if sub else None, today)
        out.append(StatusRow(unit, sub, late))
    return out
