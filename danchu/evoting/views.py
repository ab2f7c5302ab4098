"""Thin HTML views: residents vote for their household (phone first) and check their receipt on the public
result page; village staff create, open, close and publish polls and keep the opt-in register."""

from __future__ import annotations

import json
from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from danchu.core import clock
from danchu.core.exports import file_download, table_download
from danchu.core.http import form_errors
from danchu.core.http import require_perm as require
from danchu.units.access import can
from danchu.units.domain import Capability, Level
from danchu.units.models import AdministrativeUnit, Household

from . import domain, services
from .access import my_households, receipt_check_allowed
from .actions import ACTIONS, SLUGS
from .domain import DEFAULT_OPTIONS, PollState
from .forms import PollForm, ReceiptForm, VoteForm
from .models import OptIn, Poll, Vote
from .verbs import AuditVerb


def _render(request, template: str, context: dict, **kwargs):
    """render(), with the numbers of the law the pages write (domain.law_texts)."""
    return render(request, template, {"law": domain.law_texts(), **context}, **kwargs)


# --- residents and the public -----------------------------------------------------------------------


def poll_index(request):
    """Residents: their households, opt-in and open polls. Everyone: published results."""
    households = list(my_households(request.user))
    opted = set(OptIn.objects.active().filter(household__in=households).values_list("household_id", flat=True))
    voted = set(Vote.objects.filter(household__in=households).values_list("poll_id", "household_id"))
    open_polls = []
    for h in households:
        for poll in Poll.objects.filter(village_id=h.village_id, state=PollState.OPEN).order_by("closes_at"):
            open_polls.append({"poll": poll, "household": h, "voted": (poll.pk, h.pk) in voted,
                               "opted": h.pk in opted})
    published = Poll.objects.public().select_related("village__parent").order_by("-published_at")
    page = Paginator(published, 20).get_page(request.GET.get("page"))
    return _render(request, "evoting/poll_index.html", {
        "nav": "evoting", "households": [(h, h.pk in opted) for h in households], "open_polls": open_polls,
        "page_obj": page, "now": timezone.now()})


@login_required
@require_POST
def opt_in_toggle(request, household_pk: int):
    household = get_object_or_404(Household, pk=household_pk)
    require(request, "evoting.opt_in", household)
    try:
        if request.POST.get("action") == "out":
            services.opt_out(household=household, actor=request.user)
            messages.success(request, _("Hộ %(code)s đã rút đăng ký biểu quyết trực tuyến.") % {"code": household.code})
        else:
            services.opt_in(household=household, actor=request.user)
            messages.success(request, _("Hộ %(code)s đã đăng ký biểu quyết trực tuyến.") % {"code": household.code})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    nxt = request.POST.get("next", "")
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect("evoting:poll-index")


def _visible_to_resident(request, poll: Poll) -> list[Household]:
    return [h for h in my_households(request.user) if h.village_id == poll.village_id]


@never_cache
def poll_detail(request, pk: int):
    """The voting page of a resident (one card per household they represent in the village)."""
    poll = get_object_or_404(Poll.objects.select_related("village__parent"), pk=pk)
    households = _visible_to_resident(request, poll)
    staff = request.user.has_perm("evoting.view_poll", poll)
    if poll.state == PollState.DRAFT and not staff:
        raise Http404
    if poll.is_public and not households:
        return redirect("evoting:poll-result", pk=poll.pk)
    voted = set(Vote.objects.filter(poll=poll, household__in=households).values_list("household_id", flat=True))
    opted = set(OptIn.objects.active().filter(household__in=households).values_list("household_id", flat=True))
    cards = [{"household": h, "voted": h.pk in voted, "opted": h.pk in opted,
              "form": VoteForm(initial={"household": h.pk}, options=poll.options, prefix=f"h{h.pk}")}
             for h in households]
    return _render(request, "evoting/poll_detail.html", {
        "nav": "evoting", "poll": poll, "cards": cards, "staff": staff, "now": timezone.now()})


@never_cache
@login_required
@require_POST
def poll_vote(request, pk: int):
    """Cast the household's ballot; the receipt code is shown in this response only, never stored."""
    poll = get_object_or_404(Poll.objects.select_related("village__parent"), pk=pk)
    household = None
    raw = request.POST.get("household", "")
    if raw.isdigit() and len(raw) < 19:
        household = Household.objects.select_related("village").filter(pk=int(raw)).first()
    if household is None:
        messages.error(request, _("Không tìm thấy hộ gia đình."))
        return redirect("evoting:poll-detail", pk=poll.pk)
    form = VoteForm(request.POST, options=poll.options)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn một phương án."))
        return redirect("evoting:poll-detail", pk=poll.pk)
    try:
        cast = services.cast_vote(poll=poll, household=household, option=form.cleaned_data["option"],
                                  user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("evoting:poll-detail", pk=poll.pk)
    return _render(request, "evoting/poll_receipt.html", {
        "nav": "evoting", "poll": poll, "household": household, "code": cast.receipt_code,
        "option": poll.options[cast.vote.option]})


@never_cache
def poll_result(request, pk: int):
    """Public result page once published (staff who run or supervise it: once closed): counts, every receipt hash
    with its option, and the receipt check. Never the names of the participating households: next to the counts
    they would tell how a named household voted in a small or unanimous poll; that list belongs to the staff
    minutes only (poll_manage, Mẫu 03 of the decisions app)."""
    poll = get_object_or_404(Poll.objects.select_related("village__parent"), pk=pk)
    if not (poll.is_public or (poll.results_visible and request.user.has_perm("evoting.view_poll", poll))):
        raise Http404
    t = services.tally(poll)
    form = ReceiptForm(request.GET if "ma" in request.GET else None)
    checked, found = False, None
    status = 200
    if form.is_bound:
        if not receipt_check_allowed(request):
            form.add_error(None, _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."))
            status = 429
        elif form.is_valid():
            checked, found = True, services.find_receipt(poll, form.cleaned_data["ma"])
    ballots = Paginator(Vote.objects.filter(poll=poll).order_by("receipt_hash").values_list("receipt_hash", "option"),
                        200).get_page(request.GET.get("page"))
    return _render(request, "evoting/poll_result.html", {
        "nav": "evoting", "poll": poll, "result": t.result,
        "rows": [(label, count) for label, count in zip(poll.options, t.result.counts, strict=True)],
        "page_obj": ballots,
        "ballots": [(h, poll.options[o]) for h, o in ballots], "form": form, "checked": checked, "found": found,
        "found_option": poll.options[found.option] if found else "", "querystring_base": ""}, status=status)


def poll_export(request, pk: int, fmt: str):
    """Every ballot as (receipt hash, option): enough for anyone to recompute the tally (`danchu verify_tally`)."""
    poll = get_object_or_404(Poll.objects.select_related("village"), pk=pk)
    if not (poll.is_public or (poll.results_visible and request.user.has_perm("evoting.view_poll", poll))):
        raise Http404
    data = services.export_ballots(poll)
    name = f"bieu-quyet-{poll.pk}-phieu"
    if fmt == "json":
        return file_download(json.dumps(data, ensure_ascii=False, indent=1).encode(), filename=name,
                             extension="json", content_type="application/json; charset=utf-8")
    return table_download(request, headers=["receipt_hash", "option", "option_label"],
                          rows=[[b["receipt_hash"], b["option"], poll.options[b["option"]]] for b in data["ballots"]],
                          filename=name, fmt="csv", verb=AuditVerb.BALLOTS_EXPORTED, target=poll, unit=poll.village)


# --- staff -----------------------------------------------------------------------------------------


def _runnable_villages(user, unit: AdministrativeUnit):
    villages = AdministrativeUnit.objects.subtree_of(unit).filter(level=Level.VILLAGE, valid_to__isnull=True)
    return villages.order_by("name") if user.is_superuser else AdministrativeUnit.objects.filter(
        pk__in=[v.pk for v in villages if can(user, Capability.RUN_DECISIONS, v)]).order_by("name")


@login_required
def poll_list(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "evoting.view_poll", unit)
    polls = Poll.objects.for_unit(unit).select_related("village").order_by("-opens_at", "-id")
    page = Paginator(polls, 30).get_page(request.GET.get("page"))
    villages = AdministrativeUnit.objects.subtree_of(unit).filter(level=Level.VILLAGE, valid_to__isnull=True)
    status = [(v, services.opt_in_status(v)) for v in villages.order_by("name")[:200]]
    return _render(request, "evoting/poll_list.html", {
        "nav": "evoting-staff", "unit": unit, "page_obj": page, "opt_in": status,
        "can_run": request.user.has_perm("evoting.run_poll", unit)})


@login_required
def poll_create(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "evoting.run_poll", unit)
    villages = _runnable_villages(request.user, unit)
    now = clock.local_now().replace(second=0, microsecond=0)
    initial = {"opens_at": now, "closes_at": now + timedelta(days=3)}
    if unit.level == Level.VILLAGE:
        initial["village"] = unit.pk
    form = PollForm(request.POST or None, villages=villages, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                poll = services.create_poll(village=data["village"], question=data["question"], actor=request.user,
                                            description=data["description"],
                                            self_management_confirmed=data["self_management_confirmed"],
                                            opens_at=data["opens_at"], closes_at=data["closes_at"])
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Đã tạo cuộc biểu quyết (dự thảo)."))
                return redirect("evoting:poll-manage", pk=poll.pk)
        status = 400
    return _render(request, "evoting/poll_create.html", {"nav": "evoting-staff", "unit": unit, "form": form,
                                                         "options": DEFAULT_OPTIONS}, status=status)


@login_required
def poll_manage(request, pk: int):
    poll = get_object_or_404(Poll.objects.select_related("village__parent", "created_by"), pk=pk)
    require(request, "evoting.view_poll", poll)
    context = {"nav": "evoting-staff", "poll": poll, "unit": poll.village,
               "can_run": request.user.has_perm("evoting.run_poll", poll),
               "participation": services.participation(poll), "opt_in": services.opt_in_status(poll.village),
               "now": timezone.now()}
    if poll.results_visible:
        t = services.tally(poll)
        context.update(result=t.result, participants=services.participants(poll),
                       rows=list(zip(poll.options, t.result.counts, strict=True)))
    return _render(request, "evoting/poll_manage.html", context)


@login_required
@require_POST
def poll_action(request, pk: int, action: str):
    """One step of the poll (actions.ACTIONS), posted to its own address: open, close, publish."""
    poll = get_object_or_404(Poll.objects.select_related("village"), pk=pk)
    require(request, "evoting.run_poll", poll)
    if action not in SLUGS:
        raise Http404
    step = ACTIONS[SLUGS[action]]
    require(request, step.permission, poll)
    try:
        step.run(poll, request.user, {})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, str(step.done))
    return redirect("evoting:poll-manage", pk=poll.pk)


@login_required
def opt_in_register(request, unit_pk: int):
    """The opt-in register of one village: staff record the choice a household made in the village group or at a
    meeting (NĐ59 Art.5.3)."""
    village = get_object_or_404(AdministrativeUnit, pk=unit_pk, level=Level.VILLAGE)
    require(request, "evoting.view_poll", village)
    households = (services.village_households(village).order_by("code")
                  .annotate(opted=Exists(OptIn.objects.active().filter(household=OuterRef("pk")))))
    page = Paginator(households, 100).get_page(request.GET.get("page"))
    return _render(request, "evoting/opt_in_register.html", {
        "nav": "evoting-staff", "unit": village, "page_obj": page, "status": services.opt_in_status(village),
        "can_record": request.user.has_perm("evoting.record_opt_in", village), "querystring_base": ""})
