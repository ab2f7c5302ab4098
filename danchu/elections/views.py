"""Thin HTML views of village elections: the public notice and results per commune, and the staff pages (plan,
timeline, candidates, result, recognition; dismissals with the petition)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.core.http import form_errors, require_perm
from danchu.core.legal_rules import rule_text
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from . import domain, forms, services
from .actions import DISMISSAL_ACTIONS, ELECTION_ACTIONS
from .domain import PUBLIC_STATES, Office, State
from .models import Dismissal, Election
from .rules import may_run


def _milestones(election: Election, today):
    return domain.milestones(election.election_day, election.office, services.done_steps(election), today)


def _render(request, template: str, context: dict, **kwargs):
    """render(), with the numbers of the law the pages write (domain.law_texts)."""
    return render(request, template, {"law": domain.law_texts(), **context}, **kwargs)


# --- public ----------------------------------------------------------------------------------------


def public_index(request):
    communes = (AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True,
                                                  children__elections__state__in=PUBLIC_STATES)
                .annotate(n=Count("children__elections", distinct=True)).order_by("name_folded"))
    return _render(request, "elections/public_index.html", {"nav": "elections", "communes": communes})


def public_list(request, commune_pk: int):
    """Upcoming elections (with their public notice) and results of a commune's villages."""
    commune = get_object_or_404(AdministrativeUnit, pk=commune_pk, level=Level.COMMUNE)
    qs = Election.objects.filter(village__parent=commune, state__in=PUBLIC_STATES).select_related("village")
    return _render(request, "elections/public_list.html", {
        "nav": "elections", "unit": commune,
        "upcoming": qs.filter(state=State.PLANNED).order_by("election_day"),
        "results": qs.exclude(state=State.PLANNED).order_by("-election_day")[:100],
    })


def public_detail(request, pk: int):
    election = get_object_or_404(Election.objects.select_related("village__parent"), pk=pk,
                                 state__in=PUBLIC_STATES)
    candidates = election.candidates.order_by("-elected", "-votes", "id")
    return _render(request, "elections/public_detail.html", {
        "nav": "elections", "election": election, "unit": election.village, "candidates": candidates,
        "milestones": _milestones(election, clock.today()),
        "recogniser": domain.Recogniser(domain.recogniser(election.office)).label,
    })


# --- staff -----------------------------------------------------------------------------------------


def _villages(user, unit, check):
    qs = AdministrativeUnit.objects.subtree_of(unit).filter(level=Level.VILLAGE, valid_to__isnull=True)
    return qs.filter(pk__in=[v.pk for v in qs if check(user, v)]).order_by("name")


@login_required
def staff_list(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require_perm(request, "elections.view_election", unit)
    today = clock.today()
    elections = Election.objects.for_unit(unit).select_related("village", "follows_dismissal").order_by(
        "-election_day")[:300]
    dismissals = Dismissal.objects.for_unit(unit).select_related("village").order_by("-opened_on")[:300]
    return _render(request, "elections/staff_list.html", {
        "nav": "elections", "unit": unit,
        "elections": [(e, services.election_warnings(e, today)) for e in elections],
        "dismissals": [(d, services.dismissal_warnings(d, today)) for d in dismissals],
        "can_run": bool(_villages(request.user, unit, lambda u, v: may_run(u, v, None)).exists()),
    })


@login_required
def staff_plan(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require_perm(request, "elections.run_election", unit)
    villages = _villages(request.user, unit, lambda u, v: may_run(u, v, None))
    if not villages.exists():
        raise Http404
    follows = None
    if request.GET.get("cho_thoi", "").isdigit():
        follows = Dismissal.objects.filter(pk=int(request.GET["cho_thoi"]), village__in=villages).first()
    initial = {"decided_on": clock.today(), "village": follows.village if follows else villages.first()}
    if follows:
        initial["office"] = follows.office
    form = forms.PlanForm(request.POST or None, villages=villages, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not may_run(request.user, data["village"], data["office"]):
            raise PermissionDenied
        try:
            election = services.election_plan(actor=request.user, follows_dismissal=follows, **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã lập kế hoạch bầu cử."))
            return redirect("elections:staff-detail", election.pk)
    return _render(request, "elections/staff_plan.html", {
        "nav": "elections", "unit": unit, "form": form, "follows": follows,
        "head_steps": domain.timeline_steps(Office.VILLAGE_HEAD),
        "board_notice": domain.timeline_steps(Office.INSPECTION_BOARD)[0],
    }, status=400 if form.errors else 200)


@login_required
def staff_detail(request, pk: int):
    election = get_object_or_404(Election.objects.select_related("village__parent", "follows_dismissal"), pk=pk)
    require_perm(request, "elections.view_election", election)
    outcome = ELECTION_ACTIONS.handle(request, election)
    if outcome.response:
        return outcome.response
    return _render(request, "elections/staff_detail.html", {
        "nav": "elections", "election": election, "unit": election.village,
        "candidates": list(election.candidates.order_by("-elected", "id")),
        "boxes": ELECTION_ACTIONS.boxes(request, election, outcome.bound),
        "milestones": _milestones(election, clock.today()), "warnings": services.election_warnings(election),
        "recogniser": domain.Recogniser(domain.recogniser(election.office)).label,
    }, status=outcome.status)


@login_required
def dismissal_open(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require_perm(request, "elections.run_election", unit)
    villages = _villages(request.user, unit, lambda u, v: may_run(u, v, None))
    if not villages.exists():
        raise Http404
    form = forms.DismissalForm(request.POST or None, villages=villages,
                               initial={"opened_on": clock.today(), "village": villages.first()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not may_run(request.user, data["village"], data["office"]):
            raise PermissionDenied
        try:
            dismissal = services.dismissal_open(actor=request.user, **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận đề nghị cho thôi."))
            return redirect("elections:dismissal-detail", dismissal.pk)
    return _render(request, "elections/dismissal_open.html", {"nav": "elections", "unit": unit, "form": form},
                  status=400 if form.errors else 200)


@login_required
def dismissal_detail(request, pk: int):
    dismissal = get_object_or_404(Dismissal.objects.select_related("village__parent"), pk=pk)
    require_perm(request, "elections.view_election", dismissal)
    outcome = DISMISSAL_ACTIONS.handle(request, dismissal)
    if outcome.response:
        return outcome.response
    signed, total, valid = services.petition_status(dismissal)
    return _render(request, "elections/dismissal_detail.html", {
        "nav": "elections", "dismissal": dismissal, "unit": dismissal.village,
        "boxes": DISMISSAL_ACTIONS.boxes(request, dismissal, outcome.bound),
        "consents": dismissal.consents.select_related("household").order_by("signed_on", "id"),
        "signed": signed, "total": total, "petition_valid": valid,
        "warnings": services.dismissal_warnings(dismissal),
        "runs": request.user.has_perm("elections.run_election", dismissal),
        "follow_ups": dismissal.follow_up_elections.order_by("election_day"),
        "new_election_period": rule_text(domain.NEW_ELECTION_RULE),
    }, status=outcome.status)
