"""Staff pages of grassroots mediation: the teams and cases of a commune (or a village), a team with its
mediators, a case with its sessions and outcome, and the statistics by period."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.core.http import form_errors, require_perm
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from .. import domain, forms, services
from ..domain import MediationState
from ..models import MediationCase, MediationTeam
from ..stats import mediation_overview, mediation_statistics
from .common import period_from, unit_or_404


def _villages(unit):
    return AdministrativeUnit.objects.in_subtree(unit).filter(level=Level.VILLAGE, valid_to__isnull=True
                                                               ).order_by("name")


@login_required
def mediation(request, unit_pk: int):
    """Tổ hòa giải, vụ việc và thống kê của một xã (hoặc một thôn)."""
    unit = unit_or_404(unit_pk)
    require_perm(request, "cases.manage_mediation", unit)
    villages = _villages(unit) if unit.level != Level.VILLAGE else AdministrativeUnit.objects.filter(pk=unit.pk)
    form = forms.TeamForm(request.POST or None, villages=villages, initial={"established_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã thành lập tổ hòa giải."))
            return redirect("cases:team-detail", team.pk)
    teams = MediationTeam.objects.in_subtree(unit).select_related("village").annotate(
        n_cases=Count("cases"), n_open=Count("cases", filter=Q(cases__state=MediationState.OPEN)))
    cases = MediationCase.objects.in_subtree(unit).select_related("team__village")
    stats_rows, success_rate = mediation_overview(unit)
    return render(request, "cases/mediation.html", {
        "nav": "mediation", "unit": unit, "form": form, "teams": teams, "cases": cases.order_by("-received_on")[:100],
        "stats": stats_rows, "success_rate": success_rate,
    }, status=400 if form.errors else 200)


@login_required
def mediation_stats(request, unit_pk: int):
    """Mediation statistics by period; per commune at city level (they feed the access-to-law standard)."""
    unit = unit_or_404(unit_pk)
    require_perm(request, "cases.view_statistics", unit)
    start, end = period_from(request, clock.today())
    stats = mediation_statistics(unit, start, end)
    return render(request, "cases/mediation_stats.html", {
        "nav": "mediation", "unit": unit, "start": start, "end": end, **stats,
        "outcome_labels": [MediationState(o).label for o in stats["outcomes"]],
        "can_manage": request.user.has_perm("cases.manage_mediation", unit)})


@login_required
def team_detail(request, pk: int):
    team = get_object_or_404(MediationTeam.objects.select_related("village"), pk=pk)
    require_perm(request, "cases.manage_mediation", team)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    member_form = forms.MediatorForm(request.POST if action == "member" else None, prefix="member",
                                     initial={"term_start": clock.today()})
    case_form = forms.MediationForm(request.POST if action == "case" else None, prefix="case",
                                    initial={"received_on": clock.today()})
    if action == "member" and member_form.is_valid():
        try:
            services.mediator_add(team=team, actor=request.user, **member_form.cleaned_data)
        except ValidationError as exc:
            form_errors(member_form, exc)
        else:
            messages.success(request, _("Đã thêm hòa giải viên."))
            return redirect("cases:team-detail", team.pk)
    ending = None  # (member, bound form) of a term-end request
    if action == "end_term":
        member_pk = request.POST.get("member", "")
        member = team.members.filter(pk=int(member_pk)).first() if member_pk.isdigit() and len(member_pk) < 18 else None
        if member is None:
            messages.error(request, _("Không có hòa giải viên này trong tổ."))
            return redirect("cases:team-detail", team.pk)
        ending = (member, forms.MediatorEndForm(request.POST, prefix=f"end-{member.pk}"))
        if ending[1].is_valid():
            try:
                services.mediator_end_term(member=member, actor=request.user, **ending[1].cleaned_data)
            except ValidationError as exc:
                form_errors(ending[1], exc)
            else:
                messages.success(request, _("Đã ghi kết thúc nhiệm kỳ của hòa giải viên."))
                return redirect("cases:team-detail", team.pk)
    if action == "case" and case_form.is_valid():
        try:
            mcase = services.mediation_open(team=team, actor=request.user, **case_form.cleaned_data)
        except ValidationError as exc:
            form_errors(case_form, exc)
        else:
            messages.success(request, _("Đã tiếp nhận vụ việc %(c)s.") % {"c": mcase.code})
            return redirect("cases:mediation-detail", mcase.pk)
    today = clock.today()
    members = list(team.members.all())
    active = [m for m in members if m.is_active_on(today)]
    end_forms = [(m, ending[1] if ending and ending[0].pk == m.pk
                  else forms.MediatorEndForm(prefix=f"end-{m.pk}", initial={"on": today})) for m in members]
    return render(request, "cases/team_detail.html", {
        "nav": "mediation", "unit": team.village, "team": team, "members": members, "member_form": member_form,
        "end_forms": end_forms,
        "case_form": case_form, "cases": team.cases.order_by("-received_on"), "today": today,
        "warnings": domain.mediation_team_warnings(len(active), sum(1 for m in active if m.is_woman)),
    }, status=400 if (member_form.errors or case_form.errors or (ending and ending[1].errors)) else 200)


@login_required
def mediation_detail(request, pk: int):
    mcase = get_object_or_404(MediationCase.objects.select_related("team__village"), pk=pk)
    require_perm(request, "cases.manage_mediation", mcase)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    session_form = forms.MediationSessionForm(request.POST if action == "session" else None, prefix="session",
                                              initial={"held_on": clock.today()})
    close_form = forms.MediationCloseForm(request.POST if action == "close" else None, prefix="close",
                                          initial={"on": clock.today()})
    try:
        if action == "session" and session_form.is_valid():
            services.mediation_session_add(case=mcase, actor=request.user, **session_form.cleaned_data)
            messages.success(request, _("Đã ghi buổi hòa giải."))
            return redirect("cases:mediation-detail", mcase.pk)
        if action == "close" and close_form.is_valid():
            services.mediation_close(case=mcase, actor=request.user, **close_form.cleaned_data)
            messages.success(request, _("Đã ghi kết quả hòa giải."))
            return redirect("cases:mediation-detail", mcase.pk)
    except ValidationError as exc:
        form_errors(session_form if action == "session" else close_form, exc)
        mcase.refresh_from_db()
    return render(request, "cases/mediation_detail.html", {
        "nav": "mediation", "unit": mcase.team.village, "mcase": mcase, "sessions": mcase.sessions.all(),
        "session_form": session_form, "close_form": close_form,
    }, status=400 if (session_form.errors or close_form.errors) else 200)
