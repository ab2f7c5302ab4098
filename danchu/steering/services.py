"""Write functions of steering and reporting, and the roll-up read.

Each write runs in one transaction, validates with the pure rules of domain.py, saves named fields and writes
its audit row in the same transaction. Errors are `ValidationError`s with a stable code and a Vietnamese message.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.calendar_service import calendar_for
from danchu.core.deadlines import DeadlineUnit, due_date
from danchu.core.errors import field_error
from danchu.core.legal_rules import rule_text
from danchu.core.scoping import subtree_q
from danchu.core.services import locked, service
from danchu.core.text import clean_field, clean_text
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit, UnitLineage

from . import domain
from .domain import (
    AssessmentState,
    IndicatorKind,
    InspectionState,
    PeriodKind,
    PlanState,
    SubmissionState,
    TaskState,
)
from .lineage import current_unit_of, lineage_successors, predecessors_into, within_scope
from .models import (
    AccessToLawAssessment,
    Commendation,
    CommitteeMeeting,
    CommitteeMember,
    ExemplaryModel,
    Indicator,
    Inspection,
    Plan,
    Recommendation,
    Replication,
    ReportTemplate,
    SteeringCommittee,
    Submission,
    SubmissionValue,
    Task,
    TaskUpdate,
)
from .verbs import AuditVerb

MAX_TEXT = 20000
MIN_DATE = date(1990, 1, 1)
MAX_DATE = date(2100, 12, 31)


# --- helpers ---------------------------------------------------------------------------------------


def _date(value, name: str, *, required: bool = True) -> date | None:
    if value is None:
        if required:
            raise field_error(name, _("Hãy nhập ngày."), "required")
        return None
    if not MIN_DATE <= value <= MAX_DATE:
        raise field_error(name, _("Ngày phải trong khoảng 1990–2100."), "date_out_of_range")
    return value


# --- steering committees ---------------------------------------------------------------------------


@service(AuditVerb.COMMITTEE_CREATED)
def committee_create(*, unit: AdministrativeUnit, name: str, actor, decision_number: str = "",
                     decision_date: date | None = None, note: str = "",
                     members: list[dict] | None = None) -> SteeringCommittee:
    """A committee, or its consolidation (kiện toàn): the previous active committee of the unit stops the day
    before the new decision."""
    committee = SteeringCommittee(
        unit=unit, name=clean_field(name, "name", required=True, max_length=250),
        decision_number=clean_field(decision_number, "decision_number", max_length=100, required=False),
        decision_date=_date(decision_date, "decision_date", required=False),
        note=clean_field(note, "note", max_length=MAX_TEXT, single_line=False, required=False))
    previous = list(SteeringCommittee.objects.filter(unit=unit, dissolved_on__isnull=True))
    committee.save()
    end = committee.decision_date or clock.today()
    for old in previous:
        old.dissolved_on = end
        old.save(update_fields=["dissolved_on", "modified"])
    for order, member in enumerate(members or [], start=1):
        CommitteeMember.objects.create(
            committee=committee, order=order,
            full_name=clean_field(member.get("full_name"), "members", required=True, max_length=150),
            position_title=clean_field(member.get("position_title"), "members", max_length=200, required=False),
            committee_role=clean_field(member.get("committee_role"), "members", required=True, max_length=100),
            area=clean_field(member.get("area"), "members", max_length=300, required=False))
    audit.record(actor=actor, verb=AuditVerb.COMMITTEE_CREATED, target=committee, unit=unit,
                 data={"replaces": [c.pk for c in previous], "members": len(members or [])})
    return committee


@service(AuditVerb.COMMITTEE_MEETING_ADDED)
def committee_meeting_add(*, committee: SteeringCommittee, held_on: date, content: str, conclusions: str = "",
                          actor) -> CommitteeMeeting:
    meeting = CommitteeMeeting.objects.create(
        committee=committee, held_on=_date(held_on, "held_on"),
        content=clean_field(content, "content", required=True, max_length=MAX_TEXT, single_line=False),
        conclusions=clean_field(conclusions, "conclusions", max_length=MAX_TEXT, single_line=False, required=False))
    audit.record(actor=actor, verb=AuditVerb.COMMITTEE_MEETING_ADDED, target=committee, unit=committee.unit,
                 data={"meeting": meeting.pk, "held_on": held_on})
    return meeting


# --- plans and tasks -------------------------------------------------------------------------------


@service(AuditVerb.PLAN_CREATED)
def plan_create(*, unit: AdministrativeUnit, issuer: str, title: str, starts_on: date, ends_on: date, actor,
                number: str = "", summary: str = "", parent: Plan | None = None) -> Plan:
    starts_on, ends_on = _date(starts_on, "starts_on"), _date(ends_on, "ends_on")
    if ends_on < starts_on:
        raise field_error("ends_on", _("Ngày kết thúc phải sau ngày bắt đầu."), "dates_reversed")
    if parent is not None and not unit.path.startswith(parent.unit.path):
        raise field_error("parent", _("Chỉ gắn được với kế hoạch của cấp trên."), "parent_not_above")
    if parent is not None and parent.state == PlanState.DRAFT:
        raise field_error("parent", _("Kế hoạch cấp trên chưa ban hành."), "parent_not_issued")
    plan = Plan(unit=unit, issuer=clean_field(issuer, "issuer", required=True, max_length=250),
                title=clean_field(title, "title", required=True, max_length=500),
                number=clean_field(number, "number", max_length=100, required=False),
                summary=clean_field(summary, "summary", max_length=MAX_TEXT, single_line=False, required=False),
                starts_on=starts_on, ends_on=ends_on, parent=parent,
                created_by=actor if getattr(actor, "is_authenticated", False) else None)
    plan.save()
    audit.record(actor=actor, verb=AuditVerb.PLAN_CREATED, target=plan, unit=unit,
                 data={"parent": parent.pk if parent else None})
    return plan


@service(AuditVerb.PLAN_ISSUED)
def plan_issue(*, plan: Plan, actor, on: date | None = None) -> Plan:
    locked(plan)
    domain.PLAN_WORKFLOW.check(plan.state, PlanState.ISSUED)
    plan.state, plan.issued_on = PlanState.ISSUED, on or clock.today()
    plan.save(update_fields=["state", "issued_on", "modified"])
    audit.record(actor=actor, verb=AuditVerb.PLAN_ISSUED, target=plan, unit=plan.unit,
                 data={"issued_on": plan.issued_on, "tasks": plan.tasks.count()})
    return plan


@service(AuditVerb.PLAN_CLOSED)
def plan_close(*, plan: Plan, actor) -> Plan:
    locked(plan)
    domain.PLAN_WORKFLOW.check(plan.state, PlanState.CLOSED)
    plan.state = PlanState.CLOSED
    plan.save(update_fields=["state", "modified"])
    audit.record(actor=actor, verb=AuditVerb.PLAN_CLOSED, target=plan, unit=plan.unit,
                 data={"open_tasks": plan.tasks.open().count()})
    return plan


@service(AuditVerb.TASK_CREATED)
def task_create(*, plan: Plan, title: str, assignee_unit: AdministrativeUnit, due_on: date, actor,
                description: str = "", assignee_org: str = "") -> Task:
    if plan.state == PlanState.CLOSED:
        raise ValidationError(_("Kế hoạch đã tổng kết, không thêm nhiệm vụ."), code="plan_closed")
    if assignee_unit is None or not assignee_unit.path.startswith(plan.unit.path) or assignee_unit.valid_to:
        raise field_error("assignee_unit", _("Chỉ giao cho đơn vị đang hoạt động thuộc địa bàn của kế hoạch."),
                          "assignee_outside")
    due_on = _date(due_on, "due_on")
    task = Task(plan=plan, title=clean_field(title, "title", required=True, max_length=500),
                description=clean_field(description, "description", max_length=MAX_TEXT, single_line=False, required=False),
                assignee_unit=assignee_unit, assignee_org=clean_field(assignee_org, "assignee_org", max_length=250, required=False),
                due_on=due_on)
    task.save()
    audit.record(actor=actor, verb=AuditVerb.TASK_CREATED, target=task, unit=assignee_unit,
                 data={"plan": plan.pk, "due_on": due_on})
    return task


@service(AuditVerb.TASK_PROGRESSED)
def task_progress(*, task: Task, percent: int, note: str, actor, evidence=None, on: date | None = None) -> TaskUpdate:
    """A progress update with evidence (an uploaded file checked by its content)."""
    from danchu.core.attachments import attachment_create

    locked(task, "plan")
    if task.plan.state != PlanState.ISSUED:
        raise ValidationError(_("Kế hoạch chưa ban hành hoặc đã tổng kết."), code="plan_not_issued")
    if not isinstance(percent, int) or isinstance(percent, bool) or not 0 <= percent <= 100:
        raise field_error("percent", _("Tiến độ từ 0 đến 100%."), "bad_percent")
    target = domain.state_for_progress(task.state, percent)
    domain.TASK_WORKFLOW.check(task.state, target)
    note = clean_field(note, "note", required=True, max_length=MAX_TEXT, single_line=False)
    attachment = attachment_create(uploaded_file=evidence, actor=actor) if evidence else None
    update = TaskUpdate.objects.create(task=task, percent=percent, note=note, evidence=attachment,
                                       actor=actor if getattr(actor, "is_authenticated", False) else None)
    task.progress, task.state = percent, target
    task.done_on = (on or clock.today()) if target == TaskState.DONE else None
    task.save(update_fields=["progress", "state", "done_on", "modified"])
    audit.record(actor=actor, verb=AuditVerb.TASK_PROGRESSED, target=task, unit=task.assignee_unit,
                 data={"percent": percent, "state": target, "evidence": attachment.pk if attachment else None})
    return update


@service(AuditVerb.TASK_CANCELLED)
def task_cancel(*, task: Task, reason: str, actor) -> Task:
    locked(task)
    domain.TASK_WORKFLOW.check(task.state, TaskState.CANCELLED)
    reason = clean_field(reason, "reason", required=True, max_length=MAX_TEXT, single_line=False)
    task.state = TaskState.CANCELLED
    task.save(update_fields=["state", "modified"])
    audit.record(actor=actor, verb=AuditVerb.TASK_CANCELLED, target=task, unit=task.assignee_unit,
                 data={"reason": reason})
    return task


# --- report templates ------------------------------------------------------------------------------


@service(AuditVerb.TEMPLATE_CREATED)
def template_create(*, unit: AdministrativeUnit, title: str, period_kind: str, actor, instructions: str = "",
                    due_working_days: int = domain.DEFAULT_DUE_WORKING_DAYS, target_level: int = Level.COMMUNE,
                    plan: Plan | None = None) -> ReportTemplate:
    if period_kind not in PeriodKind.values:
        raise field_error("period_kind", _("Kỳ báo cáo không hợp lệ."), "bad_period_kind")
    if not isinstance(due_working_days, int) or not 0 <= due_working_days <= domain.MAX_DUE_WORKING_DAYS:
        raise field_error("due_working_days", _("Hạn gửi từ 0 đến %(n)d ngày làm việc.")
                          % {"n": domain.MAX_DUE_WORKING_DAYS}, "bad_due_days")
    if target_level not in (Level.DISTRICT, Level.COMMUNE, Level.VILLAGE) or target_level <= unit.level:
        raise field_error("target_level", _("Cấp báo cáo phải thấp hơn cấp ban hành."), "bad_target_level")
    if plan is not None and not unit.path.startswith(plan.unit.path):
        raise field_error("plan", _("Kế hoạch không thuộc cấp này hoặc cấp trên."), "plan_outside")
    template = ReportTemplate(unit=unit, title=clean_field(title, "title", required=True, max_length=300),
                              instructions=clean_field(instructions, "instructions", max_length=MAX_TEXT, single_line=False, required=False),
                              period_kind=period_kind, due_working_days=due_working_days, target_level=target_level,
                              plan=plan)
    template.save()
    audit.record(actor=actor, verb=AuditVerb.TEMPLATE_CREATED, target=template, unit=unit,
                 data={"period_kind": period_kind})
    return template


def _table_definition(kind: str, columns, rows) -> tuple[list[dict], list[str]]:
    """The columns and fixed rows of a TABLE indicator, checked (domain.table_spec); none for the other kinds."""
    if kind != IndicatorKind.TABLE:
        if columns or rows:
            raise field_error("columns", _("Chỉ chỉ tiêu dạng bảng mới có cột và dòng."), "not_a_table")
        return [], []
    if isinstance(columns, (list, tuple)):
        columns = [{**c, "label": clean_text(c["label"])} if isinstance(c, dict) and isinstance(c.get("label"), str)
                   else c for c in columns]
    if isinstance(rows, (list, tuple)):
        rows = [clean_text(r) if isinstance(r, str) else r for r in rows]
    try:
        spec = domain.table_spec(columns, rows)
    except domain.TableSpecError as exc:
        raise field_error(exc.field, str(exc), "bad_table") from None
    return spec.to_json()


@service(AuditVerb.TEMPLATE_INDICATOR_ADDED)
def indicator_add(*, template: ReportTemplate, code: str, label: str, kind: str, actor, measure: str = "",
                  required: bool = True, source: str = "", columns: list[dict] | None = None,
                  rows: list[str] | None = None) -> Indicator:
    """An indicator of a template not yet issued. A TABLE indicator takes its `columns` ([{"label", "kind":
    "number"|"text"}]) and, optionally, fixed `rows` (labels); without them each unit adds its own rows."""
    from .sources import SOURCES

    if template.is_issued:
        raise ValidationError(_("Mẫu báo cáo đã ban hành, không sửa chỉ tiêu."), code="template_issued")
    if kind not in IndicatorKind.values:
        raise field_error("kind", _("Loại chỉ tiêu không hợp lệ."), "bad_kind")
    table_columns, table_rows = _table_definition(kind, columns, rows)
    if source and (source not in SOURCES or SOURCES[source].kind != kind):
        raise field_error("source", _("Nguồn dữ liệu không hợp lệ cho loại chỉ tiêu này."), "bad_source")
    code = clean_field(code, "code", required=True, max_length=20)
    if template.indicators.filter(code=code).exists():
        raise field_error("code", _("Mã chỉ tiêu đã có trong mẫu."), "duplicate_code")
    if template.indicators.count() >= 200:
        raise ValidationError(_("Mẫu báo cáo có tối đa 200 chỉ tiêu."), code="too_many_indicators")
    order = template.indicators.count() + 1
    indicator = Indicator.objects.create(template=template, code=code,
                                         label=clean_field(label, "label", required=True, max_length=500), kind=kind,
                                         measure=clean_field(measure, "measure", max_length=50, required=False), required=bool(required),
                                         source=source, order=order, table_columns=table_columns,
                                         table_rows=table_rows)
    audit.record(actor=actor, verb=AuditVerb.TEMPLATE_INDICATOR_ADDED, target=template, unit=template.unit,
                 data={"indicator": indicator.pk, "code": code, "kind": kind, "source": source,
                       **({"columns": table_columns, "rows": table_rows} if table_columns else {})})
    return indicator


@service(AuditVerb.TEMPLATE_ISSUED)
def template_issue(*, template: ReportTemplate, actor, on: date | None = None) -> ReportTemplate:
    locked(template)
    if template.is_issued:
        raise ValidationError(_("Mẫu báo cáo đã được ban hành."), code="invalid_transition")
    if not template.indicators.exists():
        raise ValidationError(_("Mẫu báo cáo cần ít nhất một chỉ tiêu."), code="no_indicators")
    template.is_issued, template.issued_on = True, on or clock.today()
    template.save(update_fields=["is_issued", "issued_on", "modified"])
    audit.record(actor=actor, verb=AuditVerb.TEMPLATE_ISSUED, target=template, unit=template.unit,
                 data={"indicators": template.indicators.count()})
    return template


# --- submissions -----------------------------------------------------------------------------------


def report_due_on(template: ReportTemplate, period: domain.Period) -> date:
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


def parse_period(template: ReportTemplate, key: str) -> domain.Period:
    try:
        return domain.parse_period_key(template.period_kind, key)
    except domain.PeriodError:
        raise field_error("period", _("Kỳ báo cáo không hợp lệ cho mẫu này."), "bad_period") from None


@service(AuditVerb.SUBMISSION_OPENED)
def submission_open(*, template: ReportTemplate, unit: AdministrativeUnit, period_key: str, actor,
                    today: date | None = None) -> Submission:
    """The unit's report for the period (created as a draft the first time). The unit must be of the template's
    level and inside the issuing unit's subtree — today's tree, or a pre-2025 unit rolling into it (historical
    reports of 2021–2025 are entered under the unit that existed then)."""
    today = today or clock.today()
    if not template.is_issued:
        raise ValidationError(_("Mẫu báo cáo chưa ban hành."), code="template_not_issued")
    period = parse_period(template, period_key)
    if period.start > today:
        raise field_error("period", _("Kỳ báo cáo chưa bắt đầu."), "period_in_future")
    if unit.level != template.target_level:
        raise field_error("unit", _("Đơn vị không thuộc cấp phải báo cáo theo mẫu này."), "wrong_level")
    if not unit.is_current(period.end):
        raise field_error("unit", _("Đơn vị không tồn tại vào cuối kỳ báo cáo (hãy dùng đơn vị của thời điểm đó)."),
                          "unit_not_in_period")
    if not within_scope(unit, template.unit):
        raise field_error("unit", _("Đơn vị không thuộc địa bàn của cấp ban hành mẫu."), "unit_outside")
    existing = Submission.objects.filter(template=template, unit=unit, period_key=period.key).first()
    if existing:
        return existing
    submission = Submission(template=template, unit=unit, rollup_unit=current_unit_of(unit), period_key=period.key,
                            period_start=period.start, period_end=period.end, due_on=report_due_on(template, period))
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:  # opened at the same moment by a colleague
        return Submission.objects.get(template=template, unit=unit, period_key=period.key)
    audit.record(actor=actor, verb=AuditVerb.SUBMISSION_OPENED, target=submission, unit=unit,
                 data={"template": template.pk, "period": period.key})
    return submission


@service(AuditVerb.SUBMISSION_SAVED)
def submission_save(*, submission: Submission, values: dict, actor, narrative: str | None = None) -> Submission:
    """Store the values typed in (indicator id or code → raw value). Every value is checked first; on any error
    nothing is stored and the error names the indicator."""
    locked(submission, "template", "unit")
    if not submission.is_editable:
        raise ValidationError(_("Báo cáo đã gửi, không sửa được (chờ cấp trên trả lại nếu cần sửa)."),
                              code="not_editable")
    indicators = {ind.pk: ind for ind in submission.template.indicators.all()}
    by_code = {ind.code: ind for ind in indicators.values()}
    parsed: dict[int, object] = {}
    errors: dict[str, list[ValidationError]] = {}
    for key, raw in (values or {}).items():
        ind = indicators.get(key) if isinstance(key, int) else None
        if ind is None and isinstance(key, str):
            ind = by_code.get(key) or (indicators.get(int(key)) if key.isdigit() and len(key) < 12 else None)
        if ind is None:
            errors.setdefault("values", []).append(ValidationError(
                _("Không có chỉ tiêu %(k)s trong mẫu.") % {"k": str(key)[:20]}, code="unknown_indicator"))
            continue
        try:
            parsed[ind.pk] = domain.parse_value(ind.kind, raw, spec=ind.table_spec())
        except domain.ValueError_ as exc:
            errors[f"ind_{ind.pk}"] = [ValidationError(f"{ind.code}: {exc}", code="bad_value")]
    if errors:
        raise ValidationError(errors)
    existing = {v.indicator_id: v for v in submission.values.all()}
    for v in existing.values():
        v.indicator = indicators.get(v.indicator_id, v.indicator)
    changed = 0
    for ind_pk, value in parsed.items():
        ind = indicators[ind_pk]
        row = existing.get(ind_pk) or SubmissionValue(submission=submission, indicator=ind)
        before = row.value() if row.pk else None
        row.number = value if ind.kind == IndicatorKind.NUMBER else None
        row.boolean = value if ind.kind == IndicatorKind.BOOLEAN else None
        row.text = (value or "") if ind.kind == IndicatorKind.TEXT else ""
        row.table = domain.table_to_json(value) if ind.kind == IndicatorKind.TABLE else None
        if row.pk and before != row.value():
            row.source_note, row.source_refs = "", []  # typed over: no longer the platform's figure
        if not row.pk or before != row.value():
            row.save()
            changed += 1
    fields = ["modified"]
    if narrative is not None:
        submission.narrative = clean_field(narrative, "narrative", max_length=MAX_TEXT, single_line=False, required=False)
        fields.append("narrative")
    submission.save(update_fields=fields)
    audit.record(actor=actor, verb=AuditVerb.SUBMISSION_SAVED, target=submission, unit=submission.unit,
                 data={"changed": changed})
    return submission


@service(AuditVerb.SUBMISSION_FILLED)
def submission_fill_from_platform(*, submission: Submission, actor) -> int:
    """Fill the indicators that have a platform source with the figure computed from the records, keeping the
    explanation and the record references (traceable figures). Returns the number filled."""
    from .sources import SOURCES

    locked(submission, "template", "unit")
    if not submission.is_editable:
        raise ValidationError(_("Báo cáo đã gửi, không sửa được."), code="not_editable")
    filled = 0
    for ind in submission.template.indicators.exclude(source=""):
        source = SOURCES.get(ind.source)
        if source is None:
            continue
        figure = source.compute(submission.unit, submission.period_start, submission.period_end)
        row, _created = SubmissionValue.objects.get_or_create(submission=submission, indicator=ind)
        row.number = figure.value if ind.kind == IndicatorKind.NUMBER else None
        row.boolean = figure.value if ind.kind == IndicatorKind.BOOLEAN else None
        row.source_note, row.source_refs = figure.note, figure.refs[:5000]
        row.save()
        filled += 1
    submission.save(update_fields=["modified"])
    audit.record(actor=actor, verb=AuditVerb.SUBMISSION_FILLED, target=submission, unit=submission.unit,
                 data={"filled": filled})
    return filled


@service(AuditVerb.SUBMISSION_SUBMITTED)
def submission_submit(*, submission: Submission, actor, on: date | None = None) -> Submission:
    locked(submission, "template", "unit")
    domain.SUBMISSION_WORKFLOW.check(submission.state, SubmissionState.SUBMITTED)
    have = {v.indicator_id for v in submission.values.select_related("indicator") if v.value() is not None}
    missing = [ind.code for ind in submission.template.indicators.filter(required=True) if ind.pk not in have]
    if missing:
        raise ValidationError(_("Chưa nhập các chỉ tiêu bắt buộc: %(c)s.") % {"c": ", ".join(missing[:20])},
                              code="missing_values")
    submission.state = SubmissionState.SUBMITTED
    submission.submitted_on = on or clock.today()
    submission.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
    submission.save(update_fields=["state", "submitted_on", "submitted_by", "modified"])
    audit.record(actor=actor, verb=AuditVerb.SUBMISSION_SUBMITTED, target=submission, unit=submission.unit,
                 data={"late": submission.is_late(submission.submitted_on)})
    return submission


@service(AuditVerb.SUBMISSION_RETURNED)
def submission_return(*, submission: Submission, reason: str, actor) -> Submission:
    locked(submission, "template", "unit")
    domain.SUBMISSION_WORKFLOW.check(submission.state, SubmissionState.RETURNED)
    submission.returned_reason = clean_field(reason, "reason", required=True, max_length=MAX_TEXT, single_line=False)
    submission.state = SubmissionState.RETURNED
    submission.save(update_fields=["state", "returned_reason", "modified"])
    audit.record(actor=actor, verb=AuditVerb.SUBMISSION_RETURNED, target=submission, unit=submission.unit,
                 data={"reason": submission.returned_reason})
    return submission


@service(AuditVerb.SUBMISSION_ACCEPTED)
def submission_accept(*, submission: Submission, actor, on: date | None = None) -> Submission:
    locked(submission, "template", "unit")
    domain.SUBMISSION_WORKFLOW.check(submission.state, SubmissionState.ACCEPTED)
    submission.state, submission.accepted_on = SubmissionState.ACCEPTED, on or clock.today()
    submission.save(update_fields=["state", "accepted_on", "modified"])
    audit.record(actor=actor, verb=AuditVerb.SUBMISSION_ACCEPTED, target=submission, unit=submission.unit, data={})
    return submission


# --- roll-up (read) --------------------------------------------------------------------------------


@dataclass
class RollupRow:
    unit: AdministrativeUnit
    cells: dict[int, domain.Aggregate]
    reports: int = 0
    legacy_reports: int = 0  # reports filed under pre-2025 units that rolled into this row


@dataclass
class Rollup:
    template: ReportTemplate
    scope: AdministrativeUnit
    start: date
    end: date
    indicators: list[Indicator]
    rows: list[RollupRow]
    total: dict[int, domain.Aggregate]
    reports: int
    legacy_reports: int
    label: str = ""
    legacy_units: list[str] = field(default_factory=list)  # names, at most MAX_LEGACY_NAMES
    legacy_unit_count: int = 0

    @property
    def grid_indicators(self) -> list[Indicator]:
        """The indicators shown as one column each of the main table (numbers, yes/no, texts)."""
        return [ind for ind in self.indicators if ind.kind != IndicatorKind.TABLE]

    def tables(self) -> list[TableSection]:
        """One section per TABLE indicator: its number columns added up per unit of the drill-down and in total,
        per fixed row (or once per unit when the rows are free, with the number of rows given)."""
        out = []
        for ind in self.indicators:
            if ind.kind != IndicatorKind.TABLE:
                continue
            spec = ind.table_spec()
            number = spec.number_columns
            section = TableSection(indicator=ind, spec=spec, columns=[spec.columns[j].label for j in number])

            def lines(agg, section=section, number=number):
                return [(label, [sums[j] for j in number], agg.lines, agg.reports)
                        for label, sums in agg.table_totals(section.spec)]

            for row in self.rows:
                agg = row.cells.get(ind.pk) or domain.Aggregate(ind.kind)
                section.rows.append((row.unit, lines(agg)))
            section.total = lines(self.total.get(ind.pk) or domain.Aggregate(ind.kind))
            section.texts = (self.total.get(ind.pk) or domain.Aggregate(ind.kind)).texts
            out.append(section)
        return out


@dataclass
class TableSection:
    """The roll-up of one TABLE indicator. Each line is (row label, [sum per number column or None], rows given,
    reports); `rows` pairs each unit of the drill-down with its lines, `total` is the lines of the whole scope."""

    indicator: Indicator
    spec: domain.TableSpec
    columns: list[str]
    rows: list[tuple[AdministrativeUnit, list[tuple]]] = field(default_factory=list)
    total: list[tuple] = field(default_factory=list)
    texts: list[tuple[str, str]] = field(default_factory=list)


ROLLUP_CACHE_SECONDS = 600
MAX_LEGACY_NAMES = 100


def _rollup_signature(template: ReportTemplate) -> str:
    """Changes whenever a report of the template, the lineage or the unit tree changes: a cached roll-up is only
    reused while the figures it was built from are the same."""
    from django.db.models import Count, Max

    subs = Submission.objects.filter(template=template).aggregate(n=Count("pk"), m=Max("modified"))
    units = AdministrativeUnit.objects.aggregate(n=Count("pk"), m=Max("modified"))
    lineage = UnitLineage.objects.aggregate(n=Count("pk"), m=Max("pk"))
    return f"{subs['n']}:{subs['m']}:{units['n']}:{units['m']}:{lineage['n']}:{lineage['m']}"


def rollup(*, template: ReportTemplate, scope: AdministrativeUnit, start: date, end: date, label: str = "") -> Rollup:
    """Add up the counted reports (sent or accepted) of every period inside [start, end] for the units in `scope`'s
    subtree — today's units and the pre-2025 units that roll into them through the lineage — grouped by the child
    of `scope` that contains them (drill-down). Numbers are summed in the database per unit and indicator; the
    lineage and tree grouping are applied in Python (domain.roll_up). The result is cached for 10 minutes under a
    signature of the template's reports, the units and the lineage, so any change is seen at once."""
    import hashlib

    from django.core.cache import cache

    signature = _rollup_signature(template)
    key = "steering:rollup:v2:" + hashlib.sha256(  # v2: aggregates carry the sums of table indicators
        f"{template.pk}|{scope.pk}|{start}|{end}|{signature}".encode()).hexdigest()
    packed = cache.get(key)
    if packed is None:
        result = _rollup(template=template, scope=scope, start=start, end=end)
        cache.set(key, _pack(result), ROLLUP_CACHE_SECONDS)
    else:
        result = _unpack(packed, template=template, scope=scope, start=start, end=end)
    result.label = label
    return result


def _agg_tuple(agg: domain.Aggregate) -> tuple:
    return (agg.kind, agg.total, agg.yes, agg.answered, agg.reports, agg.texts, agg.grid, agg.lines)


def _pack(result: Rollup) -> dict:
    """Plain data (ids, numbers, strings) for the cache: cheap to (un)pickle, unlike model instances."""
    return {"rows": [(r.unit.pk, r.reports, r.legacy_reports, {i: _agg_tuple(a) for i, a in r.cells.items()})
                     for r in result.rows],
            "total": {i: _agg_tuple(a) for i, a in result.total.items()}, "reports": result.reports,
            "legacy_reports": result.legacy_reports, "legacy_units": result.legacy_units,
            "legacy_unit_count": result.legacy_unit_count}


def _unpack(data: dict, *, template, scope, start, end) -> Rollup:
    units = AdministrativeUnit.objects.in_bulk([row[0] for row in data["rows"]])

    def agg(t):
        return domain.Aggregate(t[0], total=t[1], yes=t[2], answered=t[3], reports=t[4], texts=t[5], grid=t[6],
                                lines=t[7])

    rows = [RollupRow(unit=units[pk], reports=n, legacy_reports=legacy, cells={i: agg(t) for i, t in cells.items()})
            for pk, n, legacy, cells in data["rows"] if pk in units]
    return Rollup(template=template, scope=scope, start=start, end=end, indicators=list(template.indicators.all()),
                  rows=rows, total={i: agg(t) for i, t in data["total"].items()}, reports=data["reports"],
                  legacy_reports=data["legacy_reports"], legacy_units=data["legacy_units"],
                  legacy_unit_count=data["legacy_unit_count"])


def _rollup(*, template: ReportTemplate, scope: AdministrativeUnit, start: date, end: date) -> Rollup:
    """Reports are grouped in SQL by `rollup_unit` (today's unit, the lineage already applied when the report was
    opened), so a 5-year review of a province reads one sum per (today's unit, indicator)."""
    indicators = list(template.indicators.all())
    kinds = {ind.pk: ind.kind for ind in indicators}
    subs = Q(submission__template=template, submission__state__in=domain.COUNTED_STATES,
             submission__period_start__gte=start, submission__period_end__lte=end)
    report_filter = Q(template=template, state__in=domain.COUNTED_STATES, period_start__gte=start,
                      period_end__lte=end)
    if scope.pk != template.unit_id:
        # every report of a template lies in the issuing unit's subtree (submission_open checks it): only a
        # drill-down below the issuing unit needs the unit filter
        subs &= subtree_q("submission__rollup_unit", scope)
        report_filter &= subtree_q("rollup_unit", scope)
    base = SubmissionValue.objects.filter(subs)
    number_ids = [i for i, k in kinds.items() if k == IndicatorKind.NUMBER]
    ValueRow = domain.ValueRow
    rows: list[domain.ValueRow] = [
        ValueRow(unit_id, ind_id, number=total)
        for unit_id, ind_id, total in (base.filter(indicator_id__in=number_ids, number__isnull=False)
                                       .values_list("submission__rollup_unit_id", "indicator_id")
                                       .annotate(s=Sum("number")).order_by())]
    if len(number_ids) < len(kinds):
        specs = {ind.pk: ind.table_spec() for ind in indicators if ind.kind == IndicatorKind.TABLE}
        other = base.exclude(indicator_id__in=number_ids).values_list(
            "submission__rollup_unit_id", "submission__unit__name", "submission__period_key", "indicator_id",
            "boolean", "text", "table")
        rows += [ValueRow(unit_id, ind_id, boolean=boolean, text=text or None, label=f"{unit_name} ({key})",
                          table=domain.table_from_json(specs[ind_id], table) if ind_id in specs else None)
                 for unit_id, unit_name, key, ind_id, boolean, text, table in other]
    # (today's unit, filed unit, number of reports)
    from django.db.models import Count, F

    counts = list(Submission.objects.filter(report_filter).values_list("rollup_unit_id").annotate(
        n=Count("pk"), legacy=Count("pk", filter=~Q(unit_id=F("rollup_unit_id")))).order_by())
    unit_ids = {r.unit_id for r in rows} | {c[0] for c in counts}
    path_of = dict(AdministrativeUnit.objects.filter(pk__in=unit_ids).values_list("pk", "path"))
    groups = domain.roll_up(rows, kinds=kinds, scope_path=scope.path, path_of=path_of, successor_of={})
    report_count: Counter = Counter()
    legacy_count: Counter = Counter()
    for unit_id, n, legacy in counts:
        group = domain.group_under(scope.path, path_of.get(unit_id, ""))
        if group is None:
            continue
        report_count[group] += n
        legacy_count[group] += legacy
    children = list(AdministrativeUnit.objects.filter(parent=scope).current(_inside_validity(scope, end))
                    .order_by("name")) if scope.level < Level.VILLAGE else []
    shown = {c.pk for c in children}
    extra_ids = (set(groups) | set(report_count)) - shown
    if extra_ids:
        children += list(AdministrativeUnit.objects.filter(pk__in=extra_ids).order_by("name"))
    result_rows = [RollupRow(unit=c, cells=groups.get(c.pk, {}), reports=report_count[c.pk],
                             legacy_reports=legacy_count[c.pk]) for c in children]
    legacy = Submission.objects.filter(report_filter).exclude(unit_id=F("rollup_unit_id"))
    legacy_unit_count = legacy.values("unit_id").distinct().count()
    legacy_units = list(AdministrativeUnit.objects.filter(pk__in=legacy.values("unit_id")).order_by("name")
                        .values_list("name", flat=True)[:MAX_LEGACY_NAMES])
    return Rollup(template=template, scope=scope, start=start, end=end, indicators=indicators, rows=result_rows,
                  total=domain.totals(groups, kinds), reports=sum(report_count.values()),
                  legacy_reports=sum(legacy_count.values()), legacy_units=legacy_units,
                  legacy_unit_count=legacy_unit_count)


@service(AuditVerb.SUBMISSIONS_RELINKED)
def submissions_relink(*, actor) -> int:
    """Recompute today's unit of every report after the lineage changed (ADR-0020). Returns the number changed."""
    successors = lineage_successors()
    changed = 0
    for sub in Submission.objects.only("pk", "unit_id", "rollup_unit_id").iterator():
        target = domain.resolve_current(sub.unit_id, successors)
        if target != sub.rollup_unit_id:
            Submission.objects.filter(pk=sub.pk).update(rollup_unit_id=target, modified=timezone.now())
            changed += 1
    audit.record(actor=actor, verb=AuditVerb.SUBMISSIONS_RELINKED, data={"changed": changed})
    return changed


def scope_start(scope: AdministrativeUnit) -> date:
    return scope.valid_from or MIN_DATE


def _inside_validity(scope: AdministrativeUnit, on: date) -> date:
    """`on` moved inside the scope's validity: a 2021–2025 review of today's city lists today's communes."""
    if scope.valid_from and on < scope.valid_from:
        return scope.valid_from
    if scope.valid_to and on > scope.valid_to:
        return scope.valid_to
    return on


@dataclass
class StatusRow:
    unit: AdministrativeUnit
    submission: Submission | None
    late: bool


def submission_status(*, template: ReportTemplate, scope: AdministrativeUnit, period: domain.Period,
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


# --- inspections -----------------------------------------------------------------------------------


@service(AuditVerb.INSPECTION_CREATED)
def inspection_create(*, unit: AdministrativeUnit, title: str, target_unit: AdministrativeUnit, starts_on: date,
                      ends_on: date, actor, kind: str = "kiem_tra", team: str = "", objectives: str = "",
                      plan: Plan | None = None) -> Inspection:
    if kind not in domain.InspectionKind.values:
        raise field_error("kind", _("Hình thức không hợp lệ."), "bad_kind")
    if target_unit is None or not target_unit.path.startswith(unit.path):
        raise field_error("target_unit", _("Đơn vị được kiểm tra phải thuộc địa bàn."), "target_outside")
    starts_on, ends_on = _date(starts_on, "starts_on"), _date(ends_on, "ends_on")
    if ends_on < starts_on:
        raise field_error("ends_on", _("Ngày kết thúc phải sau ngày bắt đầu."), "dates_reversed")
    inspection = Inspection(unit=unit, kind=kind, title=clean_field(title, "title", required=True, max_length=500),
                            target_unit=target_unit, starts_on=starts_on, ends_on=ends_on, plan=plan,
                            team=clean_field(team, "team", max_length=MAX_TEXT, single_line=False, required=False),
                            objectives=clean_field(objectives, "objectives", max_length=MAX_TEXT, single_line=False, required=False))
    inspection.save()
    audit.record(actor=actor, verb=AuditVerb.INSPECTION_CREATED, target=inspection, unit=unit,
                 data={"target": target_unit.pk})
    return inspection


@service(AuditVerb.INSPECTION_STARTED)
def inspection_start(*, inspection: Inspection, actor) -> Inspection:
    locked(inspection)
    domain.INSPECTION_WORKFLOW.check(inspection.state, InspectionState.ONGOING)
    inspection.state = InspectionState.ONGOING
    inspection.save(update_fields=["state", "modified"])
    audit.record(actor=actor, verb=AuditVerb.INSPECTION_STARTED, target=inspection, unit=inspection.unit, data={})
    return inspection


@service(AuditVerb.INSPECTION_CONCLUDED)
def inspection_conclude(*, inspection: Inspection, findings: str, conclusion: str, actor,
                        recommendations: list[dict] | None = None, on: date | None = None) -> Inspection:
    locked(inspection)
    domain.INSPECTION_WORKFLOW.check(inspection.state, InspectionState.CONCLUDED)
    inspection.findings = clean_field(findings, "findings", max_length=MAX_TEXT, single_line=False, required=False)
    inspection.conclusion = clean_field(conclusion, "conclusion", required=True, max_length=MAX_TEXT, single_line=False)
    inspection.concluded_on = on or clock.today()
    inspection.state = InspectionState.CONCLUDED
    inspection.save(update_fields=["findings", "conclusion", "concluded_on", "state", "modified"])
    for rec in recommendations or []:
        Recommendation.objects.create(
            inspection=inspection,
            content=clean_field(rec.get("content"), "recommendations", required=True, max_length=MAX_TEXT, single_line=False),
            responsible=clean_field(rec.get("responsible"), "recommendations", max_length=250, required=False),
            due_on=_date(rec.get("due_on"), "recommendations", required=False))
    audit.record(actor=actor, verb=AuditVerb.INSPECTION_CONCLUDED, target=inspection, unit=inspection.unit,
                 data={"recommendations": len(recommendations or [])})
    return inspection


@service(AuditVerb.RECOMMENDATION_FOLLOWED_UP)
def recommendation_follow_up(*, recommendation: Recommendation, follow_up: str, actor,
                             closed_on: date | None = None) -> Recommendation:
    rec = locked(recommendation, "inspection")
    if rec.inspection.state != InspectionState.CONCLUDED:
        raise ValidationError(_("Chỉ theo dõi kiến nghị của cuộc kiểm tra đã kết luận."), code="invalid_transition")
    rec.follow_up = clean_field(follow_up, "follow_up", required=True, max_length=MAX_TEXT, single_line=False)
    rec.closed_on = _date(closed_on, "closed_on", required=False)
    rec.save(update_fields=["follow_up", "closed_on"])
    audit.record(actor=actor, verb=AuditVerb.RECOMMENDATION_FOLLOWED_UP, target=rec.inspection,
                 unit=rec.inspection.unit, data={"recommendation": rec.pk, "closed": bool(rec.closed_on)})
    return rec


@service(AuditVerb.INSPECTION_CLOSED)
def inspection_close(*, inspection: Inspection, actor) -> Inspection:
    locked(inspection)
    domain.INSPECTION_WORKFLOW.check(inspection.state, InspectionState.CLOSED)
    open_count = inspection.recommendations.filter(closed_on__isnull=True).count()
    if not domain.inspection_can_close(open_count):
        raise ValidationError(_("Còn %(n)d kiến nghị chưa thực hiện xong.") % {"n": open_count},
                              code="open_recommendations")
    inspection.state = InspectionState.CLOSED
    inspection.save(update_fields=["state", "modified"])
    audit.record(actor=actor, verb=AuditVerb.INSPECTION_CLOSED, target=inspection, unit=inspection.unit, data={})
    return inspection


# --- exemplary models and commendations ------------------------------------------------------------


@service(AuditVerb.MODEL_CREATED)
def model_create(*, unit: AdministrativeUnit, name: str, field_: str, actor, description: str = "",
                 evidence: str = "", started_on: date | None = None) -> ExemplaryModel:
    if field_ not in domain.ModelField.values:
        raise field_error("field", _("Lĩnh vực không hợp lệ."), "bad_field")
    model = ExemplaryModel(unit=unit, name=clean_field(name, "name", required=True, max_length=300), field=field_,
                           description=clean_field(description, "description", max_length=MAX_TEXT, single_line=False, required=False),
                           evidence=clean_field(evidence, "evidence", max_length=MAX_TEXT, single_line=False, required=False),
                           started_on=_date(started_on, "started_on", required=False))
    model.save()
    audit.record(actor=actor, verb=AuditVerb.MODEL_CREATED, target=model, unit=unit, data={"field": field_})
    return model


@service(AuditVerb.MODEL_EVALUATED)
def model_evaluate(*, model: ExemplaryModel, status: str, evaluation: str, actor) -> ExemplaryModel:
    if status not in domain.ModelStatus.values:
        raise field_error("status", _("Tình trạng không hợp lệ."), "bad_status")
    locked(model)
    model.status = status
    model.evaluation = clean_field(evaluation, "evaluation", max_length=MAX_TEXT, single_line=False, required=False)
    model.save(update_fields=["status", "evaluation", "modified"])
    audit.record(actor=actor, verb=AuditVerb.MODEL_EVALUATED, target=model, unit=model.unit, data={"status": status})
    return model


@service(AuditVerb.MODEL_REPLICATED)
def replication_add(*, model: ExemplaryModel, unit: AdministrativeUnit, actor, started_on: date | None = None,
                    result: str = "") -> Replication:
    if unit.pk == model.unit_id:
        raise field_error("unit", _("Nơi nhân rộng phải khác nơi xây dựng mô hình."), "same_unit")
    replication = Replication.objects.create(model=model, unit=unit,
                                             started_on=_date(started_on, "started_on", required=False),
                                             result=clean_field(result, "result", max_length=MAX_TEXT, single_line=False, required=False))
    audit.record(actor=actor, verb=AuditVerb.MODEL_REPLICATED, target=model, unit=model.unit, data={"unit": unit.pk})
    return replication


@service(AuditVerb.COMMENDATION_CREATED)
def commendation_create(*, unit: AdministrativeUnit, recipient: str, form: str, level: str, decision_number: str,
                        decision_date: date, issuer: str, actor, reason: str = "",
                        model: ExemplaryModel | None = None) -> Commendation:
    if form not in domain.CommendationForm.values:
        raise field_error("form", _("Hình thức khen thưởng không hợp lệ."), "bad_form")
    if level not in domain.CommendationLevel.values:
        raise field_error("level", _("Cấp khen thưởng không hợp lệ."), "bad_level")
    if model is not None and not model.unit.path.startswith(unit.path):
        raise field_error("model", _("Mô hình không thuộc địa bàn."), "model_outside")
    commendation = Commendation(unit=unit, model=model, recipient=clean_field(recipient, "recipient", required=True,
                                                                        max_length=300),
                                form=form, level=level,
                                decision_number=clean_field(decision_number, "decision_number", required=True,
                                                      max_length=100),
                                decision_date=_date(decision_date, "decision_date"),
                                issuer=clean_field(issuer, "issuer", required=True, max_length=250),
                                reason=clean_field(reason, "reason", max_length=MAX_TEXT, single_line=False, required=False))
    commendation.save()
    audit.record(actor=actor, verb=AuditVerb.COMMENDATION_CREATED, target=commendation, unit=unit,
                 data={"form": form, "level": level, "model": model.pk if model else None})
    return commendation


# --- access-to-law standard ------------------------------------------------------------------------


def indicator_maxima() -> dict[str, Decimal]:
    """The configured point table (settings.DANCHU_QD25_INDICATOR_MAX) or the even default (UNVERIFIED)."""
    return domain.indicator_max_table(settings.DANCHU_QD25_INDICATOR_MAX)


def _scores(raw: dict, name: str) -> dict[str, str]:
    try:
        cleaned = domain.clean_scores(raw or {}, indicator_maxima())
    except domain.ScoreError as exc:
        raise field_error(name, str(exc), "bad_score") from None
    return {k: str(v) for k, v in cleaned.items()}


def assessment_result(assessment: AccessToLawAssessment) -> domain.StandardResult:
    """The pass rule on the council's scores when appraised (TT09 Art.2.2), else on the self-scores."""
    raw = assessment.appraised_scores or assessment.self_scores
    scores = {k: Decimal(v) for k, v in raw.items()}
    return domain.evaluate_standard(scores, indicator_maxima(), head_disciplined=assessment.head_disciplined)


@service(AuditVerb.ASSESSMENT_OPENED)
def assessment_open(*, commune: AdministrativeUnit, year: int, actor) -> AccessToLawAssessment:
    if commune.level != Level.COMMUNE:
        raise field_error("commune", _("Chỉ xã, phường, đặc khu tự đánh giá chuẩn tiếp cận pháp luật."), "not_commune")
    if not isinstance(year, int) or not 2022 <= year <= 2100:  # QĐ25 in force from 01/01/2022 (Art.7)
        raise field_error("year", _("Năm đánh giá từ 2022 (QĐ 25/2021/QĐ-TTg có hiệu lực từ 01/01/2022)."),
                          "bad_year")
    assessment, created = AccessToLawAssessment.objects.get_or_create(commune=commune, year=year)
    if created:
        audit.record(actor=actor, verb=AuditVerb.ASSESSMENT_OPENED, target=assessment, unit=commune,
                     data={"year": year})
    return assessment


@service(AuditVerb.ASSESSMENT_SELF_SCORED)
def assessment_self_score(*, assessment: AccessToLawAssessment, scores: dict, head_disciplined: bool,
                          actor) -> AccessToLawAssessment:
    locked(assessment)
    if assessment.state != AssessmentState.SELF_SCORING:
        raise ValidationError(_("Đã niêm yết hoặc gửi hồ sơ: không sửa điểm tự chấm."), code="not_editable")
    assessment.self_scores = _scores(scores, "self_scores")
    assessment.head_disciplined = bool(head_disciplined)
    assessment.save(update_fields=["self_scores", "head_disciplined", "modified"])
    result = assessment_result(assessment)
    audit.record(actor=actor, verb=AuditVerb.ASSESSMENT_SELF_SCORED, target=assessment, unit=assessment.commune,
                 data={"total": result.total, "passed": result.passed})
    return assessment


@service(AuditVerb.ASSESSMENT_POSTED)
def assessment_post(*, assessment: AccessToLawAssessment, posted_from: date, posted_to: date,
                    actor) -> AccessToLawAssessment:
    """The self-score posted at the commune HQ ≥ 05 days (TT09 Art.3.1.c)."""
    locked(assessment)
    domain.ASSESSMENT_WORKFLOW.check(assessment.state, AssessmentState.POSTED)
    posted_from, posted_to = _date(posted_from, "posted_from"), _date(posted_to, "posted_to")
    if not domain.posting_ok(posted_from, posted_to):
        raise field_error("posted_to", _("Phải niêm yết ít nhất %(period)s (khoản 1 Điều 3 Thông tư 09/2021/TT-BTP).")
                          % {"period": rule_text(domain.POSTING_RULE)}, "posting_too_short")
    if not assessment.self_scores:
        raise ValidationError(_("Chưa có điểm tự chấm."), code="no_scores")
    assessment.posted_from, assessment.posted_to = posted_from, posted_to
    assessment.state = AssessmentState.POSTED
    assessment.save(update_fields=["posted_from", "posted_to", "state", "modified"])
    audit.record(actor=actor, verb=AuditVerb.ASSESSMENT_POSTED, target=assessment, unit=assessment.commune,
                 data={"from": posted_from, "to": posted_to})
    return assessment


@service(AuditVerb.ASSESSMENT_SENT)
def assessment_send(*, assessment: AccessToLawAssessment, feedback_summary: str, actor,
                    on: date | None = None) -> AccessToLawAssessment:
    locked(assessment)
    domain.ASSESSMENT_WORKFLOW.check(assessment.state, AssessmentState.SENT)
    on = on or clock.today()
    if assessment.posted_to and on <= assessment.posted_to:
        raise field_error("dossier_sent_on", _("Gửi hồ sơ sau khi hết thời gian niêm yết."), "sent_before_posting_end")
    assessment.feedback_summary = clean_field(feedback_summary, "feedback_summary", max_length=MAX_TEXT, single_line=False, required=False)
    assessment.dossier_sent_on = on
    assessment.state = AssessmentState.SENT
    assessment.save(update_fields=["feedback_summary", "dossier_sent_on", "state", "modified"])
    audit.record(actor=actor, verb=AuditVerb.ASSESSMENT_SENT, target=assessment, unit=assessment.commune,
                 data={"late": on > domain.dossier_deadline(assessment.year)})
    return assessment


HEAD_FIELDS = ["head_disciplined", "head_set_by_council", "head_note"]


def _correct_head(assessment: AccessToLawAssessment, head_disciplined, note: str, actor) -> list[str]:
    """The council sets the third condition of QĐ25 Art.4 (no head of the commune Party committee or government
    disciplined or prosecuted that year) when it differs from the commune's statement: the ground is required and
    the change is audited with the value it replaced. Returns the fields changed."""
    if head_disciplined is None or bool(head_disciplined) == assessment.head_disciplined:
        return []
    note = clean_field(note, "head_note", max_length=MAX_TEXT, single_line=False, required=False)
    if not note:
        raise field_error("head_note", _("Ghi căn cứ (quyết định kỷ luật, quyết định khởi tố hoặc văn bản xác minh) "
                                         "khi Hội đồng xác định khác với xã tự khai."), "head_note_required")
    before = assessment.head_disciplined
    assessment.head_disciplined, assessment.head_set_by_council, assessment.head_note = bool(head_disciplined), True, note
    audit.record(actor=actor, verb=AuditVerb.ASSESSMENT_HEAD_CORRECTED, target=assessment, unit=assessment.commune,
                 data={"from": before, "to": assessment.head_disciplined, "note": note, "state": assessment.state})
    return HEAD_FIELDS


@service(AuditVerb.ASSESSMENT_APPRAISED)
def assessment_appraise(*, assessment: AccessToLawAssessment, scores: dict, actor, on: date | None = None,
                        head_disciplined: bool | None = None, head_note: str = "") -> AccessToLawAssessment:
    """The council's scores (TT09 Art.3.2.b, Art.2.2: they decide recognition) and, when it finds otherwise than
    the commune stated, whether a head of the commune was disciplined or prosecuted that year (with its ground)."""
    locked(assessment)
    domain.ASSESSMENT_WORKFLOW.check(assessment.state, AssessmentState.APPRAISED)
    assessment.appraised_scores = _scores(scores, "appraised_scores")
    fields = ["appraised_scores", "appraised_on", "state", "modified"]
    fields += _correct_head(assessment, head_disciplined, head_note, actor)
    assessment.appraised_on = on or clock.today()
    assessment.state = AssessmentState.APPRAISED
    assessment.save(update_fields=fields)
    result = assessment_result(assessment)
    audit.record(actor=actor, verb=AuditVerb.ASSESSMENT_APPRAISED, target=assessment, unit=assessment.commune,
                 data={"total": result.total, "passed": result.passed, "head_ok": result.head_ok})
    return assessment


@service(AuditVerb.ASSESSMENT_HEAD_CORRECTED)
def assessment_correct_head(*, assessment: AccessToLawAssessment, head_disciplined: bool, head_note: str,
                            actor) -> AccessToLawAssessment:
    """The council corrects the head condition after scoring but before the decision (e.g. a disciplinary decision
    of December learnt late): only while the dossier is with the council (sent or appraised)."""
    locked(assessment)
    if assessment.state not in (AssessmentState.SENT, AssessmentState.APPRAISED):
        raise ValidationError(_("Chỉ Hội đồng thẩm định điều chỉnh được, khi hồ sơ đang được thẩm định."),
                              code="invalid_transition")
    fields = _correct_head(assessment, head_disciplined, head_note, actor)
    if fields:
        assessment.save(update_fields=[*fields, "modified"])
    return assessment


@dataclass
class EvidenceFigure:
    key: str
    label: str
    value: Decimal | None
    notes: list[str]
    refs: list
    more: int = 0


@dataclass
class EvidenceGroup:
    codes: tuple[str, ...]
    titles: list[str]
    figures: list[EvidenceFigure]


def assessment_evidence(assessment: AccessToLawAssessment) -> tuple[list[EvidenceGroup], list[AdministrativeUnit]]:
    """The platform's figures for the commune and the assessed year (01/01–31/12, QĐ25 Art.5.1) behind the
    indicators of the standard (domain.DEFAULT_EVIDENCE or settings.DANCHU_QD25_EVIDENCE), each with the records it
    counted. Read only, through sources.py. Records of the year filed under pre-2025 communes that this commune
    replaced are added (lineage, ADR 0005); they are returned so that the page names them."""
    from .sources import SOURCES, describe_refs, refs_for

    table = domain.evidence_table(settings.DANCHU_QD25_EVIDENCE, known_sources=SOURCES)
    commune, start, end = assessment.commune, date(assessment.year, 1, 1), date(assessment.year, 12, 31)
    old = [pk for pk, new in predecessors_into(commune).items() if new == commune.pk]
    olds = list(AdministrativeUnit.objects.filter(pk__in=old, level=Level.COMMUNE, valid_to__gte=start)
                .order_by("name"))
    groups: list[EvidenceGroup] = []
    for codes, keys in table:
        figures = []
        for key in keys:
            source = SOURCES[key]
            if not source.available():
                continue
            value, notes, refs = Decimal(0), [], []
            for unit in [commune, *olds]:
                figure = source.compute(unit, start, end)
                value += figure.value or 0
                refs += figure.refs
                notes.append(figure.note if unit is commune else f"{unit.name}: {figure.note}")
            figures.append(EvidenceFigure(key=key, label=str(source.label), value=value, notes=notes, refs=refs))
        if figures:
            groups.append(EvidenceGroup(codes=codes, titles=[domain.indicator_title(c) for c in codes],
                                        figures=figures))
    described = describe_refs(f.refs for g in groups for f in g.figures)
    for group in groups:
        for figure in group.figures:
            figure.refs, figure.more = refs_for(figure.refs, described)
    return groups, olds


@service(AuditVerb.ASSESSMENT_DECIDED)
def assessment_decide(*, assessment: AccessToLawAssessment, decision_number: str, actor,
                      on: date | None = None) -> AccessToLawAssessment:
    """Record the decision: recognised exactly when the pass rule holds on the appraised scores (QĐ25 Art.4)."""
    locked(assessment)
    result = assessment_result(assessment)
    target = AssessmentState.RECOGNISED if result.passed else AssessmentState.NOT_RECOGNISED
    domain.ASSESSMENT_WORKFLOW.check(assessment.state, target)
    assessment.decision_number = clean_field(decision_number, "decision_number", required=result.passed, max_length=100)
    assessment.recognised_on = (on or clock.today()) if result.passed else None
    assessment.state = target
    assessment.save(update_fields=["decision_number", "recognised_on", "state", "modified"])
    audit.record(actor=actor, verb=AuditVerb.ASSESSMENT_DECIDED, target=assessment, unit=assessment.commune,
                 data={"passed": result.passed, "total": result.total,
                       "failing": list(result.failing_criteria), "head_ok": result.head_ok})
    return assessment
