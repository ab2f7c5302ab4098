"""Thin HTML views of inspections and supervision: the list of a unit's subtree, an inspection's page (start,
conclude with recommendations, follow them up, close)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.core.http import form_errors
from danchu.core.http import require_perm as require
from danchu.core.scoping import subtree_q

from .. import services
from ..forms import ConcludeForm, FollowUpForm, InspectionForm
from ..models import Inspection, Recommendation
from .common import NAV, subunits, unit_or_404


@login_required
def inspection_list(request, unit_pk: int):
    unit = unit_or_404(unit_pk)
    require(request, "steering.view_steering", unit)
    can_manage = request.user.has_perm("steering.manage_steering", unit)
    form = InspectionForm(request.POST or None, units=subunits(unit).exclude(pk=unit.pk))
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                inspection = services.inspection_create(unit=unit, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Đã lập kế hoạch kiểm tra, giám sát."))
                return redirect("steering:inspection-detail", inspection.pk)
    inspections = (Inspection.objects.filter(subtree_q("unit", unit) | subtree_q("target_unit", unit))
                   .select_related("unit", "target_unit").order_by("-starts_on", "-pk")[:200])
    return render(request, "steering/inspection_list.html", {
        "nav": NAV, "unit": unit, "inspections": inspections, "form": form, "can_manage": can_manage},
        status=400 if form.errors else 200)


@login_required
def inspection_detail(request, pk: int):
    inspection = get_object_or_404(Inspection.objects.select_related("unit", "target_unit"), pk=pk)
    if not (request.user.has_perm("steering.view_steering", inspection.unit)
            or request.user.has_perm("steering.view_steering", inspection.target_unit)):
        raise PermissionDenied
    can_manage = request.user.has_perm("steering.manage_steering", inspection.unit)
    can_follow = can_manage or request.user.has_perm("steering.update_task", inspection.target_unit)
    conclude = ConcludeForm(prefix="k")
    follow = FollowUpForm(prefix="f")
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        if (action in ("start", "conclude", "close") and not can_manage) or (action == "follow" and not can_follow):
            raise PermissionDenied
        try:
            if action == "start":
                services.inspection_start(inspection=inspection, actor=request.user)
                return redirect("steering:inspection-detail", inspection.pk)
            if action == "close":
                services.inspection_close(inspection=inspection, actor=request.user)
                messages.success(request, _("Đã hoàn tất theo dõi cuộc kiểm tra."))
                return redirect("steering:inspection-detail", inspection.pk)
            if action == "conclude":
                conclude = ConcludeForm(request.POST, prefix="k")
                if conclude.is_valid():
                    data = conclude.cleaned_data
                    recs = [{"content": line.strip(), "due_on": data["due_on"]}
                            for line in (data["recommendations"] or "").splitlines() if line.strip()]
                    try:
                        services.inspection_conclude(inspection=inspection, findings=data["findings"],
                                                     conclusion=data["conclusion"], recommendations=recs,
                                                     actor=request.user)
                    except ValidationError as exc:
                        form_errors(conclude, exc)
                        inspection.refresh_from_db()  # the refused write changed nothing
                    else:
                        messages.success(request, _("Đã ghi kết luận."))
                        return redirect("steering:inspection-detail", inspection.pk)
            elif action == "follow":
                follow = FollowUpForm(request.POST, prefix="f")
                if follow.is_valid():
                    rec = get_object_or_404(Recommendation, pk=follow.cleaned_data["recommendation"],
                                            inspection=inspection)
                    try:
                        services.recommendation_follow_up(recommendation=rec, actor=request.user,
                                                          follow_up=follow.cleaned_data["follow_up"],
                                                          closed_on=follow.cleaned_data["closed_on"])
                    except ValidationError as exc:
                        form_errors(follow, exc)
                    else:
                        messages.success(request, _("Đã cập nhật kết quả thực hiện kiến nghị."))
                        return redirect("steering:inspection-detail", inspection.pk)
            elif action not in ("start", "close"):
                raise Http404
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("steering:inspection-detail", inspection.pk)
        status = 400
    return render(request, "steering/inspection_detail.html", {
        "nav": NAV, "unit": inspection.unit, "inspection": inspection, "conclude": conclude, "follow": follow,
        "recommendations": inspection.recommendations.all(), "can_manage": can_manage, "can_follow": can_follow,
        "today": clock.today()}, status=status)
