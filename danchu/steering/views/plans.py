"""Thin HTML views of plans and tasks: a new plan, its page (tasks assigned, issued, closed), a task's page
(progress with evidence, cancellation) and its evidence files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.core.http import form_errors
from danchu.core.http import require_perm as require

from .. import domain, services
from ..domain import PlanState
from ..forms import PlanForm, ProgressForm, ReasonForm, TaskForm
from ..models import Plan, Task
from .common import NAV, ancestor_ids, create_page, subunits, unit_or_404


@login_required
def plan_create(request, unit_pk: int):
    unit = unit_or_404(unit_pk)
    require(request, "steering.manage_steering", unit)
    parents = Plan.objects.filter(unit_id__in=ancestor_ids(unit), state=PlanState.ISSUED).exclude(unit=unit)
    return create_page(request, unit, PlanForm(request.POST or None, parents=parents), create=services.plan_create,
                       done=_("Đã tạo kế hoạch. Thêm nhiệm vụ rồi ban hành."), detail="steering:plan-detail",
                       title=_("Kế hoạch mới"), submit=_("Tạo kế hoạch"))


@login_required
def plan_detail(request, pk: int):
    plan = get_object_or_404(Plan.objects.select_related("unit", "parent"), pk=pk)
    viewer_unit = plan.unit
    # a lower level sees an issued plan of its superiors
    if not request.user.has_perm("steering.view_steering", plan.unit) and (
            plan.state == PlanState.DRAFT or not _sees_from_below(request.user, plan)):
        raise PermissionDenied
    can_manage = request.user.has_perm("steering.manage_steering", plan.unit)
    today = clock.today()
    form = TaskForm(request.POST or None, units=subunits(plan.unit))
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action == "issue":
                services.plan_issue(plan=plan, actor=request.user)
                messages.success(request, _("Đã ban hành kế hoạch."))
                return redirect("steering:plan-detail", plan.pk)
            if action == "close":
                services.plan_close(plan=plan, actor=request.user)
                messages.success(request, _("Đã tổng kết kế hoạch."))
                return redirect("steering:plan-detail", plan.pk)
            if action == "task" and form.is_valid():
                services.task_create(plan=plan, actor=request.user, **form.cleaned_data)
                messages.success(request, _("Đã giao nhiệm vụ."))
                return redirect("steering:plan-detail", plan.pk)
        except ValidationError as exc:
            if action == "task":
                form_errors(form, exc)
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect("steering:plan-detail", plan.pk)
        status = 400
    tasks = plan.tasks.select_related("assignee_unit").order_by("due_on", "pk")
    rows = [(t, t.is_overdue(today)) for t in tasks]
    done = sum(1 for t in tasks if t.state == domain.TaskState.DONE)
    return render(request, "steering/plan_detail.html", {
        "nav": NAV, "unit": viewer_unit, "plan": plan, "rows": rows, "form": form, "can_manage": can_manage,
        "children": plan.children.select_related("unit").order_by("unit__name"), "done": done,
        "templates": plan.report_templates.all(),
    }, status=status)


def _sees_from_below(user, plan: Plan) -> bool:
    """A user of a unit under the plan's unit who has steering rights there sees the issued plan."""
    from danchu.units.access import user_grants
    from danchu.units.domain import ROLE_CAPABILITIES, Capability

    wanted = {Capability.VIEW_STEERING, Capability.SUBMIT_REPORTS, Capability.MANAGE_STEERING}
    return any(g.path.startswith(plan.unit.path) and wanted & ROLE_CAPABILITIES.get(g.role, frozenset())
               for g in user_grants(user))


def _can_view_task(user, task: Task) -> bool:
    """Who sees a task agrees with who is shown it: the plan's level, whoever may update it, and — once the plan is
    issued — anyone who sees the steering page of a unit the task is assigned within (the page lists the tasks of
    issued plans assigned in its subtree: a commune's Front officer sees the city's tasks given to the commune)."""
    return (user.has_perm("steering.view_steering", task.plan.unit)
            or user.has_perm("steering.update_task", task)
            or (task.plan.state != PlanState.DRAFT and user.has_perm("steering.view_steering", task.assignee_unit)))


@login_required
def task_detail(request, pk: int):
    task = get_object_or_404(Task.objects.select_related("plan__unit", "assignee_unit"), pk=pk)
    if not _can_view_task(request.user, task):
        raise PermissionDenied
    can_update = request.user.has_perm("steering.update_task", task) and task.plan.state == PlanState.ISSUED
    can_cancel = request.user.has_perm("steering.manage_steering", task.plan.unit)
    form = ProgressForm(prefix="p", initial={"percent": task.progress})
    cancel_form = ReasonForm(prefix="c")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "progress" and can_update:
            form = ProgressForm(request.POST, request.FILES, prefix="p")
            if form.is_valid():
                try:
                    services.task_progress(task=task, actor=request.user, **form.cleaned_data)
                except ValidationError as exc:
                    form_errors(form, exc)
                else:
                    messages.success(request, _("Đã cập nhật tiến độ."))
                    return redirect("steering:task-detail", task.pk)
        elif action == "cancel" and can_cancel:
            cancel_form = ReasonForm(request.POST, prefix="c")
            if cancel_form.is_valid():
                try:
                    services.task_cancel(task=task, reason=cancel_form.cleaned_data["reason"], actor=request.user)
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    messages.success(request, _("Đã hủy nhiệm vụ."))
                return redirect("steering:task-detail", task.pk)
        else:
            raise PermissionDenied
        status = 400
    today = clock.today()
    return render(request, "steering/task_detail.html", {
        "nav": NAV, "unit": task.assignee_unit, "task": task, "form": form, "cancel_form": cancel_form,
        "updates": task.updates.select_related("actor", "evidence").order_by("-created", "-pk"),
        "can_update": can_update, "can_cancel": can_cancel and task.state in domain.OPEN_TASK_STATES,
        "overdue": task.is_overdue(today),
    }, status=status)


@login_required
def task_evidence(request, pk: int, update_pk: int):
    from danchu.core.attachments import attachment_response

    task = get_object_or_404(Task.objects.select_related("plan__unit", "assignee_unit"), pk=pk)
    if not _can_view_task(request.user, task):
        raise PermissionDenied
    update = get_object_or_404(task.updates.select_related("evidence"), pk=update_pk, evidence__isnull=False)
    return attachment_response(update.evidence)
