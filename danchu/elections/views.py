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
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit, Household

from . import domain, forms, services
from .domain import PUBLIC_STATES, DismissalState, DismissalTrigger, State
from .models import Dismissal, Election
from .rules import may_recognise, may_run


def _milestones(election: Election, today):
    return domain.milestones(election.election_day, election.office, services.done_steps(election), today)


# --- public ----------------------------------------------------------------------------------------


def public_index(request):
    communes = (AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True,
                                                  children__elections__state__in=PUBLIC_STATES)
                .annotate(n=Count("children__elections", distinct=True)).order_by("name_folded"))
    return render(request, "elections/public_index.html", {"nav": "elections", "communes": communes})


def public_list(request, commune_pk: int):
    """Upcoming elections (with their public notice) and results of a commune's villages."""
    commune = get_object_or_404(AdministrativeUnit, pk=commune_pk, level=Level.COMMUNE)
    qs = Election.objects.filter(village__parent=commune, state__in=PUBLIC_STATES).select_related("village")
    return render(request, "elections/public_list.html", {
        "nav": "elections", "unit": commune,
        "upcoming": qs.filter(state=State.PLANNED).order_by("election_day"),
        "results": qs.exclude(state=State.PLANNED).order_by("-election_day")[:100],
    })


def public_detail(request, pk: int):
    election = get_object_or_404(Election.objects.select_related("village__parent"), pk=pk,
                                 state__in=PUBLIC_STATES)
    candidates = election.candidates.order_by("-elected", "-votes", "id")
    return render(request, "elections/public_detail.html", {
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
    return render(request, "elections/staff_list.html", {
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
    return render(request, "elections/staff_plan.html", {"nav": "elections", "unit": unit, "form": form,
                                                         "follows": follows}, status=400 if form.errors else 200)


def _result_data(election, data) -> dict:
    votes = {int(k.removeprefix("votes_")): v for k, v in data.items() if k.startswith("votes_")}
    return {"method": data["method"], "participating": data["participating"], "votes": votes,
            "no_winner_reason": data.get("no_winner_reason", "")}


@login_required
def staff_detail(request, pk: int):
    election = get_object_or_404(Election.objects.select_related("village__parent", "follows_dismissal"), pk=pk)
    require_perm(request, "elections.view_election", election)
    runs = request.user.has_perm("elections.run_election", election)
    recognises = request.user.has_perm("elections.recognise_election", election)
    candidates = list(election.candidates.order_by("-elected", "id"))
    steps = {s.key for s in domain.timeline_steps(election.office)}
    planned = election.state == State.PLANNED
    specs = {
        "candidate": (forms.CandidateForm, runs and planned, _("Thêm người ứng cử"),
                      lambda d: services.candidate_add(election=election, actor=request.user, **d),
                      _("Đã thêm người ứng cử.")),
        "candidates": (forms.StepForm, runs and planned and "candidates" in steps and not election.candidates_listed_on,
                       _("Biên bản danh sách người ứng cử (Mẫu 05)"),
                       lambda d: services.election_step(election=election, step="candidates", actor=request.user, **d),
                       _("Đã ghi nhận danh sách người ứng cử.")),
        "team": (forms.TeamForm, runs and planned and "team" in steps and not election.team_decided_on,
                 _("Quyết định thành lập Tổ bầu cử"),
                 lambda d: services.election_step(election=election, step="team", actor=request.user, **d),
                 _("Đã ghi nhận Tổ bầu cử.")),
        "notice": (forms.StepForm, runs and planned and not election.notice_on, _("Thông báo công khai"),
                   lambda d: services.election_step(election=election, step="notice", actor=request.user, **d),
                   _("Đã ghi nhận thông báo công khai.")),
        "result": (forms.result_form(candidates), runs and planned and bool(candidates), _("Kết quả bầu cử"),
                   lambda d: services.result_record(election=election, actor=request.user,
                                                    **_result_data(election, d)),
                   _("Đã ghi nhận kết quả bầu cử.")),
        "send": (forms.SendForm, runs and election.state in (State.ELECTED, State.NO_WINNER) and not election.sent_on,
                 _("Gửi kết quả đề nghị công nhận"),
                 lambda d: services.result_send(election=election, actor=request.user, **d), _("Đã gửi kết quả.")),
        "recognise": (forms.RecogniseForm, recognises and election.state == State.ELECTED and bool(election.sent_on),
                      _("Quyết định công nhận"),
                      lambda d: services.election_recognise(election=election, actor=request.user, **d),
                      _("Đã công nhận kết quả bầu cử.")),
        "reelect": (forms.ReasonDateForm, recognises and election.state in (State.ELECTED, State.NO_WINNER),
                    _("Quyết định bầu lại"),
                    lambda d: services.election_order_reelection(election=election, actor=request.user, **d),
                    _("Đã ghi nhận quyết định bầu lại.")),
        "cancel": (forms.CancelForm, runs and planned, _("Hủy cuộc bầu cử"),
                   lambda d: services.election_cancel(election=election, actor=request.user, **d),
                   _("Đã hủy cuộc bầu cử.")),
    }
    today = clock.today()
    initial = {"candidates": {"done_on": today}, "team": {"done_on": today}, "notice": {"done_on": today},
               "send": {"sent_on": today}, "recognise": {"decided_on": today}, "reelect": {"decided_on": today}}
    bound, status = {}, 200
    if request.method == "POST":
        name = request.POST.get("action", "")
        if name not in specs:
            messages.error(request, _("Thao tác không hợp lệ."))
            return redirect("elections:staff-detail", election.pk)
        form_class, allowed, _title, run, done = specs[name]
        if not (runs or recognises):
            raise PermissionDenied
        if not allowed:
            if name in ("recognise", "reelect") and not recognises or name not in ("recognise", "reelect") and not runs:
                raise PermissionDenied
            messages.error(request, _("Thao tác này không thực hiện được ở bước hiện tại."))
            return redirect("elections:staff-detail", election.pk)
        form = form_class(request.POST, prefix=name)
        bound[name] = form
        if form.is_valid():
            try:
                run(dict(form.cleaned_data))
            except ValidationError as exc:
                if getattr(exc, "code", None) == "invalid_transition":
                    messages.error(request, " ".join(exc.messages))
                    return redirect("elections:staff-detail", election.pk)
                form_errors(form, exc)
                election.refresh_from_db()
            else:
                messages.success(request, done)
                return redirect("elections:staff-detail", election.pk)
        status = 400
    boxes = [{"name": name, "title": title,
              "form": bound.get(name) or form_class(prefix=name, initial=initial.get(name, {}))}
             for name, (form_class, allowed, title, _run, _done) in specs.items() if allowed]
    return render(request, "elections/staff_detail.html", {
        "nav": "elections", "election": election, "unit": election.village, "candidates": candidates,
        "boxes": boxes, "milestones": _milestones(election, today), "warnings": services.election_warnings(election),
        "recogniser": domain.Recogniser(domain.recogniser(election.office)).label,
    }, status=status)


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
    return render(request, "elections/dismissal_open.html", {"nav": "elections", "unit": unit, "form": form},
                  status=400 if form.errors else 200)


@login_required
def dismissal_detail(request, pk: int):
    dismissal = get_object_or_404(Dismissal.objects.select_related("village__parent"), pk=pk)
    require_perm(request, "elections.view_election", dismissal)
    runs = request.user.has_perm("elections.run_election", dismissal)
    recognises = may_recognise(request.user, dismissal.village, dismissal.office)
    opened = dismissal.state == DismissalState.OPENED
    today = clock.today()

    def consent(d):
        household = Household.objects.filter(village=dismissal.village, code=d["household_code"].strip()).first()
        if household is None:
            raise ValidationError({"household_code": ValidationError(
                _("Không có hộ mã “%(c)s” trong %(v)s.") % {"c": d["household_code"], "v": dismissal.village.name},
                code="other_village")})
        return services.dismissal_consent(dismissal=dismissal, household=household, signed_on=d["signed_on"],
                                          actor=request.user)

    specs = {
        "consent": (forms.ConsentForm, runs and opened and dismissal.trigger == DismissalTrigger.PETITION,
                    _("Ghi nhận hộ ký kiến nghị"), consent, _("Đã ghi nhận chữ ký của hộ.")),
        "vote": (forms.DismissalVoteForm, runs and opened, _("Kết quả họp biểu quyết cho thôi"),
                 lambda d: services.dismissal_vote(dismissal=dismissal, actor=request.user, **d),
                 _("Đã ghi nhận kết quả biểu quyết.")),
        "recognise": (forms.RecogniseForm, recognises and dismissal.state == DismissalState.VOTED,
                      _("Quyết định công nhận cho thôi"),
                      lambda d: services.dismissal_recognise(dismissal=dismissal, actor=request.user, **d),
                      _("Đã công nhận việc cho thôi.")),
    }
    initial = {"consent": {"signed_on": today}, "vote": {"held_on": today}, "recognise": {"decided_on": today}}
    bound, status = {}, 200
    if request.method == "POST":
        name = request.POST.get("action", "")
        if name not in specs:
            messages.error(request, _("Thao tác không hợp lệ."))
            return redirect("elections:dismissal-detail", dismissal.pk)
        form_class, allowed, _title, run, done = specs[name]
        if (name == "recognise" and not recognises) or (name != "recognise" and not runs):
            raise PermissionDenied
        if not allowed:
            messages.error(request, _("Thao tác này không thực hiện được ở bước hiện tại."))
            return redirect("elections:dismissal-detail", dismissal.pk)
        form = form_class(request.POST, prefix=name)
        bound[name] = form
        if form.is_valid():
            try:
                run(dict(form.cleaned_data))
            except ValidationError as exc:
                if getattr(exc, "code", None) in ("invalid_transition", "petition_below_threshold"):
                    messages.error(request, " ".join(exc.messages))
                    return redirect("elections:dismissal-detail", dismissal.pk)
                form_errors(form, exc)
                dismissal.refresh_from_db()
            else:
                messages.success(request, done)
                return redirect("elections:dismissal-detail", dismissal.pk)
        status = 400
    boxes = [{"name": name, "title": title,
              "form": bound.get(name) or form_class(prefix=name, initial=initial.get(name, {}))}
             for name, (form_class, allowed, title, _run, _done) in specs.items() if allowed]
    signed, total, valid = services.petition_status(dismissal)
    return render(request, "elections/dismissal_detail.html", {
        "nav": "elections", "dismissal": dismissal, "unit": dismissal.village, "boxes": boxes,
        "consents": dismissal.consents.select_related("household").order_by("signed_on", "id"),
        "signed": signed, "total": total, "petition_valid": valid,
        "warnings": services.dismissal_warnings(dismissal), "runs": runs,
        "follow_ups": dismissal.follow_up_elections.order_by("election_day"),
    }, status=status)
