"""Thin HTML views of report templates and the units' reports: a new template, its page (indicators, who has
sent the report of a period), opening a unit's report and the report itself (fill, send, return, accept)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core import clock
from danchu.core.http import form_errors
from danchu.core.http import require_perm as require
from danchu.units.models import AdministrativeUnit

from .. import domain, periods, services
from ..domain import PlanState, SubmissionState
from ..forms import IndicatorForm, ReasonForm, SubmissionForm, TemplateForm
from ..lineage import current_unit_of
from ..models import Plan, ReportTemplate, Submission
from ..periods import PeriodKind
from ..selectors.home import reporting_units
from ..selectors.reports import issue_due_on, report_due_on, submission_status
from ..values import IndicatorKind, format_number
from .common import NAV, ancestor_ids, chosen_period, create_page, period_choices, unit_or_404


@login_required
def template_create(request, unit_pk: int):
    unit = unit_or_404(unit_pk)
    require(request, "steering.manage_steering", unit)
    plans = Plan.objects.filter(unit_id__in=ancestor_ids(unit)).exclude(state=PlanState.CLOSED)
    return create_page(request, unit, TemplateForm(request.POST or None, plans=plans),
                       create=services.template_create, done=_("Đã tạo mẫu báo cáo. Thêm chỉ tiêu rồi ban hành."),
                       detail="steering:template-detail", title=_("Mẫu báo cáo mới"), submit=_("Tạo mẫu báo cáo"))


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
    period = chosen_period(template, request.GET.get("ky"), today)
    status_rows = submission_status(template=template, scope=unit, period=period, today=today) \
        if template.is_issued else []
    counts = {
        "expected": len(status_rows),
        "sent": sum(1 for r in status_rows if r.submission and r.submission.state in domain.COUNTED_STATES),
        "returned": sum(1 for r in status_rows if r.submission and r.submission.state == SubmissionState.RETURNED),
        "late": sum(1 for r in status_rows if r.late),
    }
    from ..sources import SOURCES

    due_on = report_due_on(template, period)
    indicators = list(template.indicators.all())
    for ind in indicators:
        ind.source_label = SOURCES[ind.source].label if ind.source in SOURCES else ind.source
    return render(request, "steering/template_detail.html", {
        "nav": NAV, "unit": unit, "template": template, "indicators": indicators, "form": form,
        "can_manage": can_manage, "period": period, "periods": period_choices(template, today),
        "status_rows": status_rows, "counts": counts, "due_on": due_on,
        "due_from_issue": template.is_issued and due_on == issue_due_on(template),
        "five_year": periods.period_of(PeriodKind.FIVE_YEARS, today.year - 1 if today.year % 5 == 1 else today.year),
    }, status=status)


@login_required
@require_POST
def submission_open(request, pk: int, unit_pk: int):
    """Open (create the draft of) `unit`'s report for the period in POST "ky"."""
    template = get_object_or_404(ReportTemplate, pk=pk)
    unit = unit_or_404(unit_pk)
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
        if target.pk != unit.pk and target.pk not in {u.pk for u in reporting_units(unit)}:
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
                "" if raw is None else (format_number(raw).replace(".", "") if ind.kind == "number" else raw))
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
        "current": current_unit_of(sub.unit) if sub.unit.valid_to else None,
    }, status=status)


def _table_initial(ind, value) -> dict:
    """The cells of a saved table as the form shows them (numbers typed the Vietnamese way, without grouping)."""
    out = {}
    for i, row in enumerate(value.rows if value is not None else ()):
        for j, cell in enumerate(row):
            if cell is not None:
                out[f"ind_{ind.pk}_{i}_{j}"] = format_number(cell).replace(".", "") \
                    if isinstance(cell, Decimal) else cell
    return out


def _sourced_rows(rows) -> list[tuple]:
    """The figures filled from platform data, each with the records it counted (links to their pages)."""
    from ..sources import describe_refs, refs_for

    sourced = [(ind, v) for ind, v in rows if v is not None and (v.source_note or v.source_refs)]
    described = describe_refs(v.source_refs for _ind, v in sourced)
    return [(ind, v, *refs_for(v.source_refs, described)) for ind, v in sourced]
