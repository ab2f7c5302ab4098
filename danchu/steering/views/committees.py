"""Thin HTML view of a level's steering committee: its decisions of establishment or consolidation, members
and meetings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from danchu.core.http import form_errors
from danchu.core.http import require_perm as require

from .. import services
from ..forms import CommitteeForm, MeetingForm
from ..models import SteeringCommittee
from .common import NAV, unit_or_404


@login_required
def committee_list(request, unit_pk: int):
    unit = unit_or_404(unit_pk)
    require(request, "steering.view_steering", unit)
    can_manage = request.user.has_perm("steering.manage_steering", unit)
    form = CommitteeForm(prefix="c")
    meeting = MeetingForm(prefix="m")
    committees = list(SteeringCommittee.objects.filter(unit=unit).prefetch_related("members", "meetings"))
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action", "")
        if action == "committee":
            form = CommitteeForm(request.POST, prefix="c")
            if form.is_valid():
                try:
                    services.committee_create(unit=unit, actor=request.user, members=form.members_list(),
                                              name=form.cleaned_data["name"],
                                              decision_number=form.cleaned_data["decision_number"],
                                              decision_date=form.cleaned_data["decision_date"])
                except ValidationError as exc:
                    form_errors(form, exc)
                else:
                    messages.success(request, _("Đã ghi quyết định thành lập/kiện toàn Ban Chỉ đạo."))
                    return redirect("steering:committee-list", unit.pk)
        elif action == "meeting" and committees:
            meeting = MeetingForm(request.POST, prefix="m")
            current = next((c for c in committees if c.dissolved_on is None), committees[0])
            if meeting.is_valid():
                try:
                    services.committee_meeting_add(committee=current, actor=request.user, **meeting.cleaned_data)
                except ValidationError as exc:
                    form_errors(meeting, exc)
                else:
                    messages.success(request, _("Đã ghi cuộc họp."))
                    return redirect("steering:committee-list", unit.pk)
        else:
            raise Http404
        status = 400
    return render(request, "steering/committee_list.html", {
        "nav": NAV, "unit": unit, "committees": committees, "form": form, "meeting": meeting,
        "can_manage": can_manage}, status=status)
