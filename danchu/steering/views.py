"""Thin HTML views of steering: the unit's steering page, plans and tasks, report templates, the units' reports
and the roll-up with drill-down and exports. Fetch, check the named permission, bind, call the service."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core import audit, clock
from danchu.core.exports import FORMATS, file_download
from danchu.core.http import form_errors
from danchu.core.http import require_perm as require
from danchu.core.scoping import subtree_q
from danchu.units.models import AdministrativeUnit

from . import documents, domain, services
from .domain import IndicatorKind, PeriodKind, PlanState, SubmissionState
from .forms import IndicatorForm, PlanForm, ProgressForm, ReasonForm, SubmissionForm, TaskForm, TemplateForm
from .models import Plan, ReportTemplate, Submission, Task
from .reminders import TASK_DUE_SOON_DAYS
from .verbs import AuditVerb

NAV = "steering"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _unit(pk: int) -> AdministrativeUnit:
    return get_object_or_404(AdministrativeUnit, pk=pk)


def _ancestor_ids(unit: AdministrativeUnit) -> list[int]:
    return domain.path_ids(unit.path)


def _subunits(unit: AdministrativeUnit):
    """Active units under `unit` (and itself) that can be given tasks or inspected."""
    return AdministrativeUnit.objects.in_subtree(unit).filter(valid_to__isnull=True).order_by("level", "name")


@login_required
def home(request, unit_pk: int):
    """The steering page of a unit: plans that concern it, its tasks, the reports it must send or receives,
    and links to inspections, models, commendations and the access-to-law standard."""
    unit = _unit(unit_pk)
    require(request, "steering.view_steering", unit)
    today = clock.today()
    above = _ancestor_ids(unit)
    can_manage = request.user.has_perm("steering.manage_steering", unit)
    plans = (Plan.objects.filter(Q(unit_id__in=above, state__in=[PlanState.ISSUED, PlanState.CLOSED])
                                 | Q(unit=unit) | (subtree_q("unit", unit) & Q(state=PlanState.ISSUED)))
             .select_related("unit").annotate(n_tasks=Count("tasks")).order_by("-starts_on", "-pk")[:30])
    tasks = (Task.objects.in_subtree(unit).open().filter(plan__state=PlanState.ISSUED)
             .select_related("plan", "assignee_unit").order_by("due_on", "pk")[:50])
    task_rows = [(t, t.is_overdue(today), domain.task_due_soon(t.state, t.due_on, today, TASK_DUE_SOON_DAYS)) for t in tasks]
    issued_here = ReportTemplate.objects.filter(unit=unit).order_by("-pk")
    to_fill = (ReportTemplate.objects.filter(unit_id__in=above, is_issued=True, target_level=unit.level)
               .exclude(unit=unit).order_by("-issued_on", "-pk"))
    fill_rows = []
    for template in to_fill:
        period = domain.previous_period(template.period_kind, today)
        sub = Submission.objects.filter(template=template, unit=unit, period_key=period.key).first()
        fill_rows.append((template, period, sub))
    reporting_units = _reporting_units(unit) if fill_rows else [unit]
    catch_up = [(template, _catch_up_choices(template, reporting_units, today)) for template, _p, _s in fill_rows]
    earlier = (Submission.objects.filter(template__in=[t for t, _p, _s in fill_rows], unit__in=reporting_units)
               .exclude(pk__in=[sub.pk for _t, _p, sub in fill_rows if sub])  # already in the table above
               .select_related("template", "unit").order_by("-period_start", "template_id", "unit__name")[:100])
    return render(request, "steering/home.html", {
        "nav": NAV, "unit": unit, "plans": plans, "task_rows": task_rows, "issued_here": issued_here,
        "fill_rows": fill_rows, "can_manage": can_manage, "today": today, "catch_up": catch_up, "earlier": earlier,
        "can_submit": request.user.has_perm("steering.submit_report", unit),
        "overdue_count": Task.objects.in_subtree(unit).overdue(today).filter(plan__state=PlanState.ISSUED).count(),
    })


def _reporting_units(unit: AdministrativeUnit) -> list[AdministrativeUnit]:
    """The unit and the pre-2025 units whose reports roll into it through the lineage (ADR 0005): a commune enters
    the historical reports of the old communes it replaced under their own names."""
    old = [pk for pk, new in services.predecessors_into(unit).items() if new == unit.pk]
    return [unit] + list(AdministrativeUnit.objects.filter(pk__in=old).order_by("name"))


CATCH_UP_MAX_CHOICES = 120


def _catch_up_choices(template: ReportTemplate, units: list[AdministrativeUnit], today: date) -> list[tuple]:
    """(value "period@unit", label) for every period of the template that has ended, back to the start of the
    previous 5-year term (a 2021–2025 review needs 2021), paired with the reporting unit that existed at the end of
    that period (the commune, or before 01/07/2025 the old unit that rolls into it). The service checks again."""
    units = [u for u in units if u.level == template.target_level]
    first = date(domain.five_year_start(today.year) - 5, 1, 1)
    out: list[tuple] = []
    period = domain.previous_period(template.period_kind, today)
    while period.start >= first and len(out) < CATCH_UP_MAX_CHOICES:
        for u in units:
            if u.is_current(period.end):
                label = f"{period.label} — {u.name}"
                if u.valid_to:
                    label += _(" (đơn vị trước 01/7/2025)")
                out.append((f"{period.key}@{u.pk}", label))
        if period.start.year <= domain.MIN_YEAR:
            break
        period = domain.previous_period(template.period_kind, period.start - timedelta(days=1))
    return out


# --- plans and tasks -------------------------------------------------------------------------------


@login_required
def plan_create(request, unit_pk: int):
    unit = _unit(unit_pk)
    require(request, "steering.manage_steering", unit)
    parents = Plan.objects.filter(unit_id__in=_ancestor_ids(unit), state=PlanState.ISSUED).exclude(unit=unit)
    form = PlanForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(unit=unit, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo kế hoạch. Thêm nhiệm vụ rồi ban hành."))
            return redirect("steering:plan-detail", plan.pk)
    return render(request, "steering/form.html", {
        "nav": NAV, "unit": unit, "form": form, "title": _("Kế hoạch mới"), "submit": _("Tạo kế hoạch")},
        status=400 if form.errors else 200)


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
    form = TaskForm(request.POST or None, units=_subunits(plan.unit))
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


# --- report templates ------------------------------------------------------------------------------


@login_required
def template_create(request, unit_pk: int):
    unit = _unit(unit_pk)
    require(request, "steering.manage_steering", unit)
    plans = Plan.objects.filter(unit_id__in=_ancestor_ids(unit)).exclude(state=PlanState.CLOSED)
    form = TemplateForm(request.POST or None, plans=plans)
    if request.method == "POST" and form.is_valid():
        try:
            template = services.template_create(unit=unit, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo mẫu báo cáo. Thêm chỉ tiêu rồi ban hành."))
            return redirect("steering:template-detail", template.pk)
    return render(request, "steering/form.html", {
        "nav": NAV, "unit": unit, "form": form, "title": _("Mẫu báo cáo mới"), "submit": _("Tạo mẫu báo cáo")},
        status=400 if form.errors else 200)


def _period_choices(template: ReportTemplate, today: date, scope: AdministrativeUnit | None = None):
    periods = domain.recent_periods(template.period_kind, today, 8 if template.period_kind != PeriodKind.FIVE_YEARS
                                    else 3)
    return [(p.key, p.label) for p in periods]


def _chosen_period(template: ReportTemplate, key: str | None, today: date) -> domain.Period:
    if key:
        try:
            return domain.parse_period_key(template.period_kind, key)
        except domain.PeriodError:
            raise Http404 from None
    return domain.previous_period(template.period_kind, today)


@login_required
def template_detail(request, pk: int):
    """The template: its indicators (added until issued); once issued, who has and has not sent the report of a
    period, with return/accept, and the way to the roll-up."""
    template = get_object_or_404(ReportTemplate.objects.select_related("unit", "plan"), pk=pk)
    unit = template.unit
    require(request, "steering.view_steering", unit)
    can_manage = request.user.has_perm("steering.manage_steering", unit)
    form = IndicatorForm(request.POST or None, initial={"required": True})
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action", "")
        try:
            if action == "issue":
                services.template_issue(template=template, actor=request.user)
                messages.success(request, _("Đã ban hành mẫu báo cáo; các đơn vị có thể lập báo cáo."))
                return redirect("steering:template-detail", template.pk)
            if action == "indicator" and form.is_valid():
                services.indicator_add(template=template, actor=request.user, **form.indicator_data())
                messages.success(request, _("Đã thêm chỉ tiêu."))
                return redirect("steering:template-detail", template.pk)
        except ValidationError as exc:
            if action == "indicator":
                form_errors(form, exc)
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect("steering:template-detail", template.pk)
        status = 400
    today = clock.today()
    period = _chosen_period(template, request.GET.get("ky"), today)
    status_rows = services.submission_status(template=template, scope=unit, period=period, today=today) \
        if template.is_issued else []
    counts = {
        "expected": len(status_rows),
        "sent": sum(1 for r in status_rows if r.submission and r.submission.state in domain.COUNTED_STATES),
        "returned": sum(1 for r in status_rows if r.submission and r.submission.state == SubmissionState.RETURNED),
        "late": sum(1 for r in status_rows if r.late),
    }
    from .sources import SOURCES

    due_on = services.report_due_on(template, period)
    indicators = list(template.indicators.all())
    for ind in indicators:
        ind.source_label = SOURCES[ind.source].label if ind.source in SOURCES else ind.source
    return render(request, "steering/template_detail.html", {
        "nav": NAV, "unit": unit, "template": template, "indicators": indicators, "form": form,
        "can_manage": can_manage, "period": period, "periods": _period_choices(template, today),
        "status_rows": status_rows, "counts": counts, "due_on": due_on,
        "due_from_issue": template.is_issued and due_on == services.issue_due_on(template),
        "five_year": domain.period_of(PeriodKind.FIVE_YEARS, today.year - 1 if today.year % 5 == 1 else today.year),
    }, status=status)


# --- a unit's report -------------------------------------------------------------------------------


@login_required
@require_POST
def submission_open(request, pk: int, unit_pk: int):
    """Open (create the draft of) `unit`'s report for the period in POST "ky"."""
    template = get_object_or_404(ReportTemplate, pk=pk)
    unit = _unit(unit_pk)
    require(request, "steering.submit_report", unit)
    key = request.POST.get("ky", "")[:12]
    target = unit
    choice = request.POST.get("ky_don_vi", "")
    if choice:
        # an earlier period (catch-up or historical report), possibly under a pre-2025 unit rolling into `unit`
        key, _sep, target_pk = choice[:30].partition("@")
        if not target_pk.isdigit() or len(target_pk) > 12:
            raise Http404
        target = get_object_or_404(AdministrativeUnit, pk=int(target_pk))
        if target.pk != unit.pk and target.pk not in {u.pk for u in _reporting_units(unit)}:
            raise Http404
        require(request, "steering.submit_report", target)
    try:
        sub = services.submission_open(template=template, unit=target, period_key=key, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("steering:home", unit.pk)
    return redirect("steering:submission-detail", sub.pk)


def _submission(pk: int) -> Submission:
    return get_object_or_404(Submission.objects.select_related("template__unit", "unit", "submitted_by"), pk=pk)


@login_required
def submission_detail(request, pk: int):
    sub = _submission(pk)
    require(request, "steering.view_submission", sub)
    indicators = list(sub.template.indicators.all())
    by_pk = {ind.pk: ind for ind in indicators}
    values = {v.indicator_id: v for v in sub.values.all()}
    for v in values.values():
        v.indicator = by_pk.get(v.indicator_id, v.indicator)
    can_edit = request.user.has_perm("steering.edit_submission", sub)
    can_review = request.user.has_perm("steering.review_submission", sub)
    initial = {"narrative": sub.narrative}
    for ind in indicators:
        v = values.get(ind.pk)
        if v is not None:
            raw = v.value()
            if ind.kind == IndicatorKind.TABLE:
                initial.update(_table_initial(ind, raw))
                continue
            initial[f"ind_{ind.pk}"] = ("true" if raw else "false") if isinstance(raw, bool) else (
                "" if raw is None else (domain.format_number(raw).replace(".", "") if ind.kind == "number" else raw))
    form = SubmissionForm(indicators=indicators, initial=initial)
    return_form = ReasonForm(prefix="r")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in ("save", "submit", "fill") and not can_edit:
            raise PermissionDenied
        if action in ("return", "accept") and not can_review:
            raise PermissionDenied
        try:
            if action in ("save", "submit"):
                form = SubmissionForm(request.POST, indicators=indicators)
                if form.is_valid():
                    try:
                        services.submission_save(submission=sub, values=form.values(), actor=request.user,
                                                 narrative=form.cleaned_data.get("narrative", ""))
                        if action == "submit":
                            services.submission_submit(submission=sub, actor=request.user)
                    except ValidationError as exc:
                        form_errors(form, exc)
                    else:
                        messages.success(request, _("Đã gửi báo cáo.") if action == "submit" else _("Đã lưu."))
                        return redirect("steering:submission-detail", sub.pk)
            elif action == "fill":
                n = services.submission_fill_from_platform(submission=sub, actor=request.user)
                messages.success(request, _("Đã lấy %(n)d số liệu từ dữ liệu của hệ thống.") % {"n": n})
                return redirect("steering:submission-detail", sub.pk)
            elif action == "return":
                return_form = ReasonForm(request.POST, prefix="r")
                if return_form.is_valid():
                    services.submission_return(submission=sub, reason=return_form.cleaned_data["reason"],
                                               actor=request.user)
                    messages.success(request, _("Đã trả lại báo cáo để đơn vị sửa."))
                    return redirect("steering:submission-detail", sub.pk)
            elif action == "accept":
                services.submission_accept(submission=sub, actor=request.user)
                messages.success(request, _("Đã tiếp nhận báo cáo."))
                return redirect("steering:submission-detail", sub.pk)
            else:
                messages.error(request, _("Thao tác không hợp lệ."))
                return redirect("steering:submission-detail", sub.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("steering:submission-detail", sub.pk)
        status = 400
    rows = [(ind, values.get(ind.pk)) for ind in indicators]
    return render(request, "steering/submission_detail.html", {
        "nav": NAV, "unit": sub.unit, "sub": sub, "rows": rows, "form": form, "return_form": return_form,
        "sourced": _sourced_rows(rows),
        "can_edit": can_edit, "can_review": can_review, "late": sub.is_late(clock.today()),
        "has_sources": any(ind.source for ind in indicators),
        "current": services.current_unit_of(sub.unit) if sub.unit.valid_to else None,
    }, status=status)


def _table_initial(ind, value) -> dict:
    """The cells of a saved table as the form shows them (numbers typed the Vietnamese way, without grouping)."""
    out = {}
    for i, row in enumerate(value.rows if value is not None else ()):
        for j, cell in enumerate(row):
            if cell is not None:
                out[f"ind_{ind.pk}_{i}_{j}"] = domain.format_number(cell).replace(".", "") \
                    if isinstance(cell, Decimal) else cell
    return out


def _sourced_rows(rows) -> list[tuple]:
    """The figures filled from platform data, each with the records it counted (links to their pages)."""
    from .sources import describe_refs, refs_for

    sourced = [(ind, v) for ind, v in rows if v is not None and (v.source_note or v.source_refs)]
    described = describe_refs(v.source_refs for _ind, v in sourced)
    return [(ind, v, *refs_for(v.source_refs, described)) for ind, v in sourced]


# --- roll-up ---------------------------------------------------------------------------------------


def _rollup_request(request, template: ReportTemplate):
    """Scope (?don-vi=, default the issuing unit; must be inside it) and span (?ky= one period, or ?tu=&den= years)."""
    scope = template.unit
    scope_pk = request.GET.get("don-vi", "")
    if scope_pk:
        if not scope_pk.isdigit() or len(scope_pk) > 12:
            raise Http404
        scope = get_object_or_404(AdministrativeUnit, pk=int(scope_pk))
        if not scope.path.startswith(template.unit.path):
            raise Http404
    require(request, "steering.view_steering", scope)
    today = clock.today()
    years = (request.GET.get("tu", ""), request.GET.get("den", ""))
    if years[0] or years[1]:
        try:
            first, last = int(years[0] or years[1]), int(years[1] or years[0])
        except ValueError:
            raise Http404 from None
        if not (domain.MIN_YEAR <= first <= last <= domain.MAX_YEAR) or last - first > 20:
            raise Http404
        start, end = date(first, 1, 1), date(last, 12, 31)
        label = _("Giai đoạn %(a)d–%(b)d") % {"a": first, "b": last} if first != last else _("Năm %(a)d") % {"a": first}
    else:
        period = _chosen_period(template, request.GET.get("ky"), today)
        start, end, label = period.start, period.end, period.label
    return scope, start, end, label


@login_required
def rollup(request, pk: int):
    template = get_object_or_404(ReportTemplate.objects.select_related("unit"), pk=pk, is_issued=True)
    scope, start, end, label = _rollup_request(request, template)
    result = services.rollup(template=template, scope=scope, start=start, end=end, label=label)
    query = request.GET.copy()
    query.pop("don-vi", None)
    return render(request, "steering/rollup.html", {
        "nav": NAV, "unit": scope, "template": template, "result": result, "query": query.urlencode(),
        "tables": documents.table_sections(result),
        "periods": _period_choices(template, clock.today()), "ky": request.GET.get("ky", ""),
        "tu": request.GET.get("tu", ""), "den": request.GET.get("den", ""),
        "up": scope.parent if scope.pk != template.unit_id and scope.parent_id else None,
    })


@login_required
def rollup_export(request, pk: int, fmt: str):
    template = get_object_or_404(ReportTemplate.objects.select_related("unit"), pk=pk, is_issued=True)
    scope, start, end, label = _rollup_request(request, template)
    result = services.rollup(template=template, scope=scope, start=start, end=end, label=label)
    if fmt == "xlsx":
        data, content_type = documents.rollup_xlsx(result), FORMATS["xlsx"]
    elif fmt == "docx":
        data, content_type = documents.rollup_docx(result, on=clock.today()), DOCX
    elif fmt == "pdf":
        data, content_type = documents.rollup_pdf(result, on=clock.today()), "application/pdf"
    else:
        raise Http404
    with transaction.atomic():
        audit.record(actor=request.user, verb=AuditVerb.ROLLUP_EXPORTED, target=template, unit=scope,
                     data={"format": fmt, "start": start, "end": end, "reports": result.reports})
    return file_download(data, filename=f"bao-cao-tong-hop-{scope.name}-{start.year}-{end.year}", extension=fmt,
                         content_type=content_type)
