"""Thin HTML views: the public pages of a decision and of an initiative; the staff register, the decision page
with its actions, the attendance checklist, the meeting result, ballot entry and documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core import clock
from danchu.core.exports import file_download
from danchu.core.http import form_errors
from danchu.core.http import require_perm as require
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit, Household

from . import documents, domain, services
from .actions import ACTIONS
from .domain import Choice, Kind, State
from .forms import BallotForm, ConsentForm, CountForm, DecisionForm, InitiativeForm, MeetingResultForm
from .models import Decision, HouseholdPosition, Initiative, InitiativeState, Meeting, VoteMethod

NAV = "decisions"


def _decision(pk: int) -> Decision:
    return get_object_or_404(Decision.objects.select_related("unit", "unit__parent", "parent", "amends", "poll"),
                             pk=pk)


def _villages(unit: AdministrativeUnit):
    if unit.level == Level.VILLAGE:
        return [unit]
    return list(AdministrativeUnit.objects.in_subtree(unit).filter(level=Level.VILLAGE,
                                                                   valid_to__isnull=True).order_by("name"))


def _household_by_code(decision_unit: AdministrativeUnit, code: str) -> Household | None:
    code = (code or "").strip()
    if not code:
        return None
    # a household of ANY village, so that a ballot for a household of another village is refused (and audited)
    # by the service rather than silently ignored
    found = Household.objects.filter(village=decision_unit, code__iexact=code).first()
    return found or Household.objects.filter(code__iexact=code).first()


def _render(request, template: str, context: dict, **kwargs):
    """render(), with the numbers of the law the pages write (domain.law_texts)."""
    return render(request, template, {"law": domain.law_texts(), **context}, **kwargs)


# --- public ----------------------------------------------------------------------------------------


def decision_public_list(request, unit_pk: int):
    """The decisions and initiatives of a commune (or one village) as residents see them."""
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk, level__in=[Level.COMMUNE, Level.VILLAGE])
    decisions = (Decision.objects.for_unit(unit).public().top_level().select_related("unit")
                 .order_by("-modified", "-id"))
    page = Paginator(decisions, 30).get_page(request.GET.get("page"))
    initiatives = (Initiative.objects.in_subtree(unit).filter(state=InitiativeState.COLLECTING)
                   .select_related("village").order_by("-opened_on"))
    return _render(request, "decisions/public_list.html", {"nav": NAV, "unit": unit, "page_obj": page,
                                                          "initiatives": initiatives})


def decision_public(request, pk: int):
    """What the law requires to post (Art.20.2, 23.3): notice, result and recognition — counts, never names."""
    decision = _decision(pk)
    if decision.state == State.DRAFT:
        raise Http404
    return _render(request, "decisions/public_detail.html", {
        "nav": NAV, "decision": decision, "unit": decision.unit, "meetings": decision.meetings.all(),
        "round": getattr(decision, "ballot_round", None), "parts": decision.parts.select_related("unit"),
        "required": domain.required_households(decision.kind, decision.scope, decision.household_total),
        "required_villages": domain.required_villages(decision.villages_total) if decision.villages_total else None,
        "public_documents": documents.PUBLIC,
    })


def initiative_public(request, pk: int):
    """An initiative collecting consents; a household representative consents for their own household."""
    initiative = get_object_or_404(Initiative.objects.select_related("village", "village__parent"), pk=pk)
    today = clock.today()
    valid, total, required = services.consent_counts(initiative, today)
    own = []
    if request.user.is_authenticated:
        eligible = services.household_ids_on(initiative.village, today)
        given = set(initiative.consents.values_list("household_id", flat=True))
        own = [(h, h.pk in given) for h in Household.objects.filter(representative=request.user, pk__in=eligible)]
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        household = Household.objects.filter(pk=request.POST.get("household") or 0).first() if str(
            request.POST.get("household", "")).isdigit() else None
        if household is None or not request.user.has_perm("decisions.act_for_household", household):
            raise PermissionDenied
        try:
            services.consent_give(initiative=initiative, household=household, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã ghi nhận sự đồng thuận của hộ %(c)s.") % {"c": household.code})
        return redirect("decisions:initiative-public", initiative.pk)
    return _render(request, "decisions/initiative_public.html", {
        "nav": NAV, "initiative": initiative, "unit": initiative.village, "valid": valid, "total": total,
        "required": required, "own": own})


def document_public(request, pk: int, number: int, ext: str):
    decision = _decision(pk)
    if decision.state == State.DRAFT or number not in documents.PUBLIC:
        raise Http404
    return _document(decision, number, ext, public=True)


# --- staff: register -------------------------------------------------------------------------------


@login_required
def decision_list(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "decisions.view_decision", unit)
    qs = Decision.objects.for_unit(unit).select_related("unit", "parent").order_by("-modified", "-id")
    state = request.GET.get("state", "")
    if state in State.values:
        qs = qs.filter(state=state)
    kind = request.GET.get("kind", "")
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    base = request.GET.copy()
    base.pop("page", None)
    return _render(request, "decisions/decision_list.html", {
        "nav": NAV, "unit": unit, "page_obj": page, "state": state, "kind": kind, "states": State.choices,
        "kinds": [(k, k.upper() + " — " + str(domain.KIND_SHORT[k])) for k in Kind.values],
        "can_run": request.user.has_perm("decisions.run_decision", unit),
        "querystring_base": (base.urlencode() + "&") if base else "",
    })


@login_required
def decision_create(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "decisions.run_decision", unit)
    units = ([unit] if unit.level == Level.COMMUNE else []) + _villages(unit)
    units = [u for u in units if request.user.has_perm("decisions.run_decision", u)]
    form = DecisionForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target = next((u for u in units if u.pk == data.pop("unit")), None)
        if target is None:
            raise PermissionDenied
        try:
            decision = services.decision_create(unit=target, actor=request.user, **data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo dự thảo nội dung."))
            return redirect("decisions:decision-detail", decision.pk)
    return _render(request, "decisions/decision_create.html", {"nav": NAV, "unit": unit, "form": form},
                  status=400 if form.errors else 200)


# --- staff: one decision ---------------------------------------------------------------------------


@login_required
def decision_detail(request, pk: int):
    decision = _decision(pk)
    require(request, "decisions.view_decision", decision)
    outcome = ACTIONS.handle(request, decision)
    if outcome.response:
        return outcome.response
    round_ = getattr(decision, "ballot_round", None)
    today = clock.today()
    estimate = len(services.household_ids_on(decision.unit, today)) if decision.scope == "village" else None
    return _render(request, "decisions/decision_detail.html", {
        "nav": NAV, "decision": decision, "unit": decision.unit,
        "boxes": ACTIONS.boxes(request, decision, outcome.bound), "round": round_,
        "meetings": decision.meetings.select_related("witness_1", "witness_2"),
        "parts": decision.parts.select_related("unit").order_by("unit__name"),
        "estimate": estimate, "estimate_required": domain.required_yes(decision.kind, estimate) if estimate else None,
        "required": domain.required_households(decision.kind, decision.scope, decision.household_total),
        "required_villages": domain.required_villages(decision.villages_total) if decision.villages_total else None,
        "can_run": request.user.has_perm("decisions.run_decision", decision),
        "documents": documents.available(decision), "rule": domain.Rule(decision.rule).label,
        "recogniser": domain.RECOGNISER[decision.kind], "today": today,
        "effective_on_adoption": domain.takes_effect_on_adoption(decision.kind, decision.scope),
    }, status=outcome.status)


def _meeting(pk: int, meeting_pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.select_related("decision", "decision__unit"), pk=meeting_pk,
                             decision_id=pk)


@login_required
def meeting_attendance(request, pk: int, meeting_pk: int):
    """The attendance checklist: every household of the village on the meeting day, one tap each (phone-first,
    filterable, works for hundreds of rows without JavaScript; with it, a live counter and a filter)."""
    meeting = _meeting(pk, meeting_pk)
    decision = meeting.decision
    require(request, "decisions.view_decision", decision)
    can_edit = request.user.has_perm("decisions.run_decision", decision) and decision.state == State.NOTICED \
        and meeting.recorded_at is None
    if request.method == "POST":
        require(request, "decisions.run_decision", decision)
        ids = [v for v in request.POST.getlist("present") if v.isdigit()]
        try:
            n = services.attendance_record(meeting=meeting, household_ids=ids, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Đã lưu điểm danh: %(n)d hộ dự họp.") % {"n": n})
            if request.POST.get("next") == "result":
                return redirect("decisions:meeting-result", decision.pk, meeting.pk)
        return redirect("decisions:meeting-attendance", decision.pk, meeting.pk)
    households = list(services.households_on(decision.unit, meeting.held_on))
    present = set(meeting.attendances.values_list("household_id", flat=True))
    elsewhere = set(decision.attendances.exclude(meeting=meeting).values_list("household_id", flat=True))
    return _render(request, "decisions/meeting_attendance.html", {
        "nav": NAV, "decision": decision, "unit": decision.unit, "meeting": meeting, "can_edit": can_edit,
        "rows": [(h, h.pk in present, h.pk in elsewhere) for h in households], "present": len(present),
        "total": len(households), "required": domain.required_yes(decision.kind, len(households)),
    })


@login_required
def meeting_result(request, pk: int, meeting_pk: int):
    """The vote of the meeting: the secretary, then one choice per household present (show of hands) or the
    anonymous count with the count team and two witnesses (secret ballot, Mẫu 02)."""
    meeting = _meeting(pk, meeting_pk)
    decision = meeting.decision
    require(request, "decisions.run_decision", decision)
    attendees = list(Household.objects.filter(pk__in=meeting.attendances.values("household_id")).order_by("code"))
    form = MeetingResultForm(request.POST or None, households=attendees,
                             initial={"secretary_votes": len(attendees) or None})
    chosen = {}
    if request.method == "POST":
        chosen = {h.pk: request.POST.get(f"p-{h.pk}", "") for h in attendees}
        if form.is_valid():
            data = form.cleaned_data
            by_pk = {h.pk: h for h in attendees}
            secret = data["vote_method"] == VoteMethod.SECRET
            try:
                services.meeting_record(
                    meeting=meeting, secretary_name=data["secretary_name"], secretary_votes=data["secretary_votes"],
                    vote_method=data["vote_method"],
                    positions={h: c for h, c in chosen.items() if c} if not secret else None,
                    notes={h.pk: request.POST.get(f"n-{h.pk}", "") for h in attendees},
                    count_team=data["count_team"], witness_1=by_pk.get(data["witness_1"]),
                    witness_2=by_pk.get(data["witness_2"]), secret_agree=data["secret_agree"] or 0,
                    secret_disagree=data["secret_disagree"] or 0, secret_other=data["secret_other"] or 0,
                    actor=request.user)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                decision.refresh_from_db()
                if decision.state == State.MEETING_HELD:
                    messages.warning(request, _("Cuộc họp chưa đạt %(r)d hộ đồng ý trên tổng số %(t)d hộ và các hộ "
                                                "vắng mặt có thể quyết định kết quả: tổ chức phát phiếu lấy ý kiến hộ "
                                                "gia đình (Điều 19.1.b).") % {"r": domain.required_yes(
                                                    decision.kind, decision.household_total or 0),
                                                                              "t": decision.household_total or 0})
                else:
                    messages.success(request, _("Đã ghi kết quả cuộc họp: %(s)s.") % {
                        "s": decision.get_state_display()})
                return redirect("decisions:decision-detail", decision.pk)
    if meeting.recorded_at is not None or decision.state != State.NOTICED:
        messages.error(request, _("Cuộc họp đã ghi kết quả."))
        return redirect("decisions:decision-detail", decision.pk)
    return _render(request, "decisions/meeting_result.html", {
        "nav": NAV, "decision": decision, "unit": decision.unit, "meeting": meeting, "form": form,
        "rows": [(h, chosen.get(h.pk, "")) for h in attendees],
        "choices": [(c, Choice(c).label) for c in (Choice.AGREE, Choice.DISAGREE, Choice.OTHER)],
    }, status=400 if form.errors else 200)


@login_required
def ballot_entry(request, pk: int):
    """Enter the returned ballots one by one (typed from the paper by the household code), then count them
    with two household witnesses (Mẫu 04)."""
    decision = _decision(pk)
    require(request, "decisions.view_decision", decision)
    round_ = getattr(decision, "ballot_round", None)
    if round_ is None:
        raise Http404
    households = list(services.households_on(decision.unit, round_.deadline))
    form, count_form = BallotForm(prefix="b"), CountForm(prefix="c", households=households)
    status = 200
    if request.method == "POST":
        require(request, "decisions.run_decision", decision)
        action = request.POST.get("action")
        try:
            if action == "enter":
                form = BallotForm(request.POST, prefix="b")
                if form.is_valid():
                    household = _household_by_code(decision.unit, form.cleaned_data["household"])
                    if household is None:
                        form.add_error("household", _("Không có hộ với mã này."))
                    else:
                        services.ballot_enter(decision=decision, household=household,
                                              choice=form.cleaned_data["choice"], note=form.cleaned_data["note"],
                                              actor=request.user)
                        messages.success(request, _("Đã nhập phiếu của hộ %(c)s — %(n)s.") % {
                            "c": household.code, "n": household.representative_name})
                        return redirect("decisions:ballot-entry", decision.pk)
            elif action == "remove":
                household = Household.objects.filter(pk=request.POST.get("household") or 0).first() if str(
                    request.POST.get("household", "")).isdigit() else None
                services.ballot_remove(decision=decision, household=household,
                                       reason=request.POST.get("reason", ""), actor=request.user)
                messages.success(request, _("Đã hủy phiếu nhập nhầm."))
                return redirect("decisions:ballot-entry", decision.pk)
            elif action == "count":
                count_form = CountForm(request.POST, prefix="c", households=households)
                if count_form.is_valid():
                    by_pk = {h.pk: h for h in households}
                    services.ballot_count(decision=decision, witness_1=by_pk.get(count_form.cleaned_data["witness_1"]),
                                          witness_2=by_pk.get(count_form.cleaned_data["witness_2"]),
                                          actor=request.user)
                    decision.refresh_from_db()
                    messages.success(request, _("Đã kiểm phiếu: %(s)s (%(a)d/%(t)d hộ đồng ý).") % {
                        "s": decision.get_state_display(), "a": decision.agree, "t": decision.household_total})
                    return redirect("decisions:decision-detail", decision.pk)
            else:
                messages.error(request, _("Thao tác không hợp lệ."))
                return redirect("decisions:ballot-entry", decision.pk)
        except ValidationError as exc:
            target = form if action == "enter" else count_form
            if action == "remove":
                messages.error(request, " ".join(exc.messages))
                return redirect("decisions:ballot-entry", decision.pk)
            form_errors(target, exc)
        status = 400
    positions = {p.household_id: p for p in HouseholdPosition.objects.filter(decision=decision)}
    ballots = {h: p for h, p in positions.items() if p.channel == "ballot"}
    meeting = {p.household_id: p for p in HouseholdPosition.objects.filter(decision=decision, channel="meeting")}
    rows = [(h, ballots.get(h.pk), meeting.get(h.pk)) for h in households]
    return _render(request, "decisions/ballot_entry.html", {
        "nav": NAV, "decision": decision, "unit": decision.unit, "round": round_, "form": form,
        "count_form": count_form, "rows": rows, "entered": len(ballots), "total": len(households),
        "can_edit": request.user.has_perm("decisions.run_decision", decision) and round_.state == "open"
        and decision.state == State.BALLOT,
    }, status=status)


def _document(decision: Decision, number: int, ext: str, *, public: bool = False) -> HttpResponse:
    if number not in documents.BUILDERS or ext not in ("docx", "pdf"):
        raise Http404
    try:
        content = documents.render(decision, number, ext, public=public)
    except documents.NotAvailable:
        raise Http404 from None
    kind = "application/pdf" if ext == "pdf" else \
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return file_download(content, filename=f"mau-{number:02d}-dan-ban-{decision.pk}", extension=ext,
                         content_type=kind)


@login_required
def document_staff(request, pk: int, number: int, ext: str):
    decision = _decision(pk)
    require(request, "decisions.view_decision", decision)
    return _document(decision, number, ext)


# --- staff: initiatives ----------------------------------------------------------------------------


@login_required
def initiative_list(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "decisions.view_initiative", unit)
    villages = [v for v in _villages(unit) if request.user.has_perm("decisions.run_initiative", v)]
    form = InitiativeForm(request.POST or None, villages=villages)
    if request.method == "POST":
        if not villages:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            village = next((v for v in villages if v.pk == data.pop("village")), None)
            if village is None:
                raise PermissionDenied
            try:
                initiative = services.initiative_create(village=village, actor=request.user, **data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi nhận sáng kiến."))
                return redirect("decisions:initiative-detail", initiative.pk)
    today = clock.today()
    rows = []
    for i in Initiative.objects.in_subtree(unit).select_related("village", "decision"):
        rows.append((i, services.consent_counts(i, today)))
    return _render(request, "decisions/initiative_list.html", {
        "nav": NAV, "unit": unit, "rows": rows, "form": form if villages else None,
    }, status=400 if form.errors else 200)


@login_required
def initiative_detail(request, pk: int):
    initiative = get_object_or_404(Initiative.objects.select_related("village", "decision"), pk=pk)
    require(request, "decisions.view_initiative", initiative)
    today = clock.today()
    form = ConsentForm(prefix="c")
    status = 200
    if request.method == "POST":
        require(request, "decisions.run_initiative", initiative)
        action = request.POST.get("action")
        try:
            if action == "consent":
                form = ConsentForm(request.POST, prefix="c")
                if form.is_valid():
                    household = _household_by_code(initiative.village, form.cleaned_data["household"])
                    if household is None:
                        form.add_error("household", _("Không có hộ với mã này."))
                    else:
                        services.consent_record(initiative=initiative, household=household,
                                                given_on=form.cleaned_data["given_on"],
                                                channel=form.cleaned_data["channel"], actor=request.user)
                        messages.success(request, _("Đã ghi nhận sự đồng thuận của hộ %(c)s.") % {"c": household.code})
                        return redirect("decisions:initiative-detail", initiative.pk)
            elif action == "table":
                decision = services.initiative_table(initiative=initiative, on=today, actor=request.user)
                messages.success(request, _("Đã đưa sáng kiến ra cộng đồng bàn, quyết định."))
                return redirect("decisions:decision-detail", decision.pk)
            elif action == "withdraw":
                services.initiative_withdraw(initiative=initiative, actor=request.user)
                messages.success(request, _("Đã ghi nhận việc rút sáng kiến."))
                return redirect("decisions:initiative-detail", initiative.pk)
            else:
                messages.error(request, _("Thao tác không hợp lệ."))
                return redirect("decisions:initiative-detail", initiative.pk)
        except ValidationError as exc:
            if action == "consent":
                form_errors(form, exc)
            else:
                messages.error(request, " ".join(exc.messages))
                return redirect("decisions:initiative-detail", initiative.pk)
        status = 400
    valid, total, required = services.consent_counts(initiative, today)
    consents = initiative.consents.select_related("household").order_by("-given_on", "household__code")
    return _render(request, "decisions/initiative_detail.html", {
        "nav": NAV, "initiative": initiative, "unit": initiative.village, "form": form,
        "consents": [(c, domain.consent_is_valid(c.given_on, today), domain.consent_valid_until(c.given_on))
                     for c in consents],
        "valid": valid, "total": total, "required": required, "reached": domain.initiative_reached(valid, total),
        "can_run": request.user.has_perm("decisions.run_initiative", initiative),
        "households": services.households_on(initiative.village, today),
    }, status=status)


@require_POST
@login_required
def attendance_toggle(request, pk: int, meeting_pk: int, household_pk: int):
    """htmx: one row of the checklist, saved as soon as it is tapped."""
    meeting = _meeting(pk, meeting_pk)
    require(request, "decisions.run_decision", meeting.decision)
    household = get_object_or_404(Household, pk=household_pk)
    present = request.POST.get("present") == "1"
    try:
        n = services.attendance_mark(meeting=meeting, household=household, present=present, actor=request.user)
    except ValidationError as exc:
        return HttpResponse(" ".join(exc.messages), status=400)
    return HttpResponse(str(n))
