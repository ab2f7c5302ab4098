"""Write functions of plans and tasks: a level's plan (kế hoạch) and the tasks it assigns to the units below,
issued, followed (progress with evidence), cancelled and closed."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.errors import field_error
from danchu.core.services import locked, service
from danchu.core.text import clean_field
from danchu.units.models import AdministrativeUnit

from .. import domain
from ..domain import PlanState, TaskState
from ..inputs import MAX_TEXT, checked_date, checked_span
from ..models import Plan, Task, TaskUpdate
from ..verbs import AuditVerb


@service(AuditVerb.PLAN_CREATED)
def plan_create(*, unit: AdministrativeUnit, issuer: str, title: str, starts_on: date, ends_on: date, actor,
                number: str = "", summary: str = "", parent: Plan | None = None) -> Plan:
    starts_on, ends_on = checked_span(starts_on, ends_on)
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
    due_on = checked_date(due_on, "due_on")
    task = Task(plan=plan, title=clean_field(title, "title", required=True, max_length=500),
                description=clean_field(description, "description", max_length=MAX_TEXT, single_line=False,
                                        required=False),
                assignee_unit=assignee_unit, assignee_org=clean_field(assignee_org, "assignee_org",
                                                                      max_length=250, required=False),
                due_on=due_on)
    task.save()
    audit.record(actor=actor, verb=AuditVerb.TASK_CREATED, target=task, unit=assignee_unit,
                 data={"plan": plan.pk, "due_on": due_on})
    return task


@service(AuditVerb.TASK_PROGRESSED)
def task_progress(*, task: Task, percent: int, note: str, actor, evidence=None,
                  on: date | None = None) -> TaskUpdate:
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
