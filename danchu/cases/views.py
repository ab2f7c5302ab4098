"""Thin staff views: reception schedule and book, the case dashboard and case pages, mediation.

A denouncer's identity is never rendered by these views except on the reveal page, which needs the custodian's
permission and a reason, and is audited."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from danchu.core import audit, clock
from danchu.core.http import form_errors, require_perm
from danchu.core.text import fold
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from . import documents, domain, forms, services
from .domain import CaseKind, MediationState, State
from .models import Booking, Case, MediationCase, MediationTeam, ReceptionEntry, ReceptionSession
from .rules import may_reveal_identity


def _unit(unit_pk: int) -> AdministrativeUnit:
    return get_object_or_404(AdministrativeUnit, pk=unit_pk)


# --- schedule --------------------------------------------------------------------------------------


@login_required
def schedule(request, unit_pk: int):
    """Lịch tiếp công dân of a unit, with the legal minimum checked over the last and next 8 weeks."""
    unit = _unit(unit_pk)
    require_perm(request, "cases.manage_schedule", unit)
    form = forms.SessionForm(request.POST or None, initial={"day": clock.today(), "kind": "regular"})
    if request.method == "POST" and form.is_valid():
        try:
            services.session_create(unit=unit, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm buổi tiếp công dân."))
            return redirect("cases:schedule", unit.pk)
    today = clock.today()
    start, end = today - timedelta(weeks=8), today + timedelta(weeks=8)
    sessions = list(ReceptionSession.objects.filter(unit=unit, day__gte=start, day__lte=end)
                    .annotate(booked=Count("bookings", filter=Q(bookings__cancelled=False))).order_by("day", "start"))
    gaps = []
    for kind in domain.FREQUENCY:
        days = [s.day for s in sessions if s.leader_kind == kind and not s.cancelled]
        if kind == "commune_chair" and unit.level == Level.COMMUNE or days:
            for gap in domain.schedule_gaps(kind, days, start, end):
                gaps.append((domain.LeaderKind(kind).label, gap, domain.FREQUENCY[kind]))
    return render(request, "cases/schedule.html", {
        "nav": "cases", "unit": unit, "form": form, "sessions": sessions, "gaps": gaps, "today": today,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def session_cancel(request, pk: int):
    session = get_object_or_404(ReceptionSession.objects.select_related("unit"), pk=pk)
    require_perm(request, "cases.manage_schedule", session.unit)
    try:
        services.session_cancel(session=session, actor=request.user)
        messages.success(request, _("Đã hủy buổi tiếp và báo cho người đăng ký."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cases:schedule", session.unit_id)


@login_required
def session_detail(request, pk: int):
    session = get_object_or_404(ReceptionSession.objects.select_related("unit"), pk=pk)
    require_perm(request, "cases.view_book", session.unit)
    bookings = session.bookings.order_by("created")
    services.session_bookings_viewed(session=session, actor=request.user, count=bookings.count())
    return render(request, "cases/session_detail.html", {"nav": "cases", "unit": session.unit, "session": session,
                                                          "bookings": bookings})


# --- the reception book ----------------------------------------------------------------------------


def _book_queryset(request, unit):
    qs = ReceptionEntry.objects.filter(unit__path__startswith=unit.path).select_related("unit")
    year = request.GET.get("year", "")
    if year.isdigit() and 1990 <= int(year) <= 2100:
        qs = qs.filter(year=int(year))
    return qs.order_by("-received_on", "-number"), year


@login_required
def book(request, unit_pk: int):
    """Sổ tiếp công dân (Art.25): sealed entries show no visitor."""
    unit = _unit(unit_pk)
    require_perm(request, "cases.view_book", unit)
    qs, year = _book_queryset(request, unit)
    page = Paginator(qs.prefetch_related("cases"), 50).get_page(request.GET.get("page"))
    return render(request, "cases/book.html", {"nav": "cases", "unit": unit, "page_obj": page, "year": year,
                                               "today": clock.today()})


@login_required
def book_export(request, unit_pk: int):
    """The book as .xlsx in the usual columns (Art.25.2; NĐ 154/2026 Mẫu 03/TCD, UNVERIFIED). Audited."""
    from danchu.core.tabular import write_xlsx

    unit = _unit(unit_pk)
    require_perm(request, "cases.view_book", unit)
    qs, _year = _book_queryset(request, unit)
    headers = [_("STT"), _("Ngày tiếp"), _("Họ tên, địa chỉ"), _("CCCD/CMND/hộ chiếu"), _("Nội dung sự việc"),
               _("Loại đơn"), _("Số người cùng nội dung"), _("Người đại diện"),
               _("Quá trình giải quyết của cơ quan có thẩm quyền"), _("Yêu cầu, đề nghị"), _("Việc tiếp nhận, xử lý"),
               _("Hạn trả lời"), _("Ngày trả lời"), _("Số hồ sơ đơn"), _("Ghi chú")]
    rows = []
    for e in qs.prefetch_related("cases"):
        who = e.visitor_label() if e.sealed else ", ".join(x for x in (e.full_name, e.address) if x)
        kinds = ", ".join(sorted({str(c.get_kind_display()) for c in e.cases.all()}))
        reps = "" if e.sealed else "; ".join(f"{r.get('name', '')} {r.get('id_number', '')}".strip()
                                             for r in e.representatives)
        rows.append([f"{e.number}/{e.year}", e.received_on, who, "" if e.sealed else e.id_number, e.content, kinds,
                     e.people_count, reps, e.prior_handling, e.request, e.get_handling_display(), e.reply_due_on,
                     e.replied_on, ", ".join(c.code for c in e.cases.all()), e.handling_note])
    with transaction.atomic():
        audit.record(actor=request.user, verb="cases.book.exported", target=unit, unit=unit,
                     data={"format": "xlsx", "rows": len(rows)})
    response = HttpResponse(write_xlsx(headers, rows, _("Sổ tiếp công dân")),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="so-tiep-cong-dan-{fold(unit.name).replace(" ", "-")}.xlsx"'
    return response


@login_required
def visit_record(request, unit_pk: int):
    unit = _unit(unit_pk)
    require_perm(request, "cases.record_visit", unit)
    form = forms.VisitForm(request.POST or None, initial={"received_on": clock.today(), "people_count": 1})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        letters = []
        if data["complaint"]:
            letters.append(services.Letter("complaint", data["complaint"], data["complaint_respondent"],
                                           data["complaint_known_on"]))
        if data["denunciation"]:
            letters.append(services.Letter("denunciation", data["denunciation"], data["denunciation_respondent"]))
        if data["petition"]:
            letters.append(services.Letter("petition", data["petition"]))
        booking = None
        if data["booking"]:
            code = domain.normalise_tracking_code(data["booking"])
            booking = Booking.objects.filter(tracking_code=code, session__unit=unit).first()
            if booking is None:
                form.add_error("booking", _("Không có mã đăng ký này ở đơn vị."))
        if not form.errors:
            try:
                entry = services.reception_record(
                    unit=unit, actor=request.user, full_name=data["full_name"], address=data["address"],
                    id_number=data["id_number"], phone=data["phone"], people_count=data["people_count"],
                    representatives=data["representatives"], content=data["content"],
                    prior_handling=data["prior_handling"], request=data["request"], letters=letters,
                    received_on=data["received_on"], booking=booking,
                    session=booking.session if booking else None, remote_area=data["remote_area"])
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Đã ghi sổ lượt tiếp số %(n)d/%(y)d.") % {"n": entry.number,
                                                                                      "y": entry.year})
                return redirect("cases:entry-detail", entry.pk)
    return render(request, "cases/visit_record.html", {"nav": "cases", "unit": unit, "form": form},
                  status=400 if form.errors else 200)


@login_required
def entry_detail(request, pk: int):
    entry = get_object_or_404(ReceptionEntry.objects.select_related("unit", "receiver"), pk=pk)
    require_perm(request, "cases.view_book", entry)
    form = forms.ReplyForm(request.POST or None, initial={"on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_reply(entry=entry, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi việc trả lời công dân."))
            return redirect("cases:entry-detail", entry.pk)
    services.entry_viewed(entry=entry, actor=request.user)
    return render(request, "cases/entry_detail.html", {
        "nav": "cases", "unit": entry.unit, "entry": entry, "form": form, "cases": entry.cases.all(),
        "can_reveal": entry.sealed and may_reveal_identity(request.user, entry),
        "reveal_form": forms.RevealForm(),
    }, status=400 if form.errors else 200)


# --- cases -----------------------------------------------------------------------------------------


def _cases_queryset(request, unit, today):
    qs = Case.objects.for_unit(unit).select_related("unit", "assignee")
    kind = request.GET.get("kind", "")
    if kind in CaseKind.values:
        qs = qs.filter(kind=kind)
    state = request.GET.get("state", "")
    if state == "open":
        qs = qs.open()
    elif state in State.values:
        qs = qs.filter(state=state)
    due = request.GET.get("due", "")
    if due == "overdue":
        qs = qs.filter(due_on__lt=today, due_on__isnull=False)
    elif due == "soon":
        cal = services.calendar_for(today)
        end = today
        for _i in range(domain.DUE_SOON_WORKING_DAYS):
            end = cal.next_working_day(end)
        qs = qs.filter(due_on__gte=today, due_on__lte=end)
    elif due == "extended":
        qs = qs.filter(extensions__gt=0)
    q = request.GET.get("q", "")[:60].replace("\x00", "").strip()
    if q:
        # by file number or tracking code only: a search never matches (nor reveals) a person's name
        qs = qs.filter(Q(code__icontains=q) | Q(tracking_code=domain.normalise_tracking_code(q)))
    return qs.order_by(F("due_on").asc(nulls_last=True), "-received_on", "-id"), kind, state, due, q


def statistics(unit, start: date, end: date) -> list[dict]:
    """On-time resolution per kind for cases closed in [start, end] (resolve deadline, or reply deadline).
    Anonymous and impersonated letters are not denunciations (Luật Tố cáo Art.25): counted apart, with no
    deadline and so no on-time rate."""
    out = []
    everything = Case.objects.for_unit(unit)
    base = everything.filter(anonymous=False)
    for kind, label in CaseKind.choices:
        closed = base.filter(kind=kind, decided_on__gte=start, decided_on__lte=end)
        total = closed.count()
        if kind == CaseKind.PETITION:
            on_time = sum(1 for c in closed.only("decided_on", "received_on", "rules_snapshot")
                          if c.decided_on <= domain.reception_reply_due(c.received_on, c.rules(),
                                                                       services.calendar_for(c.received_on)))
        else:
            on_time = closed.filter(resolve_due_on__isnull=False, decided_on__lte=F("resolve_due_on")).count()
        out.append({"kind": label, "received": base.filter(kind=kind, received_on__gte=start,
                                                           received_on__lte=end).count(),
                    "closed": total, "checked": None, "on_time": on_time,
                    "rate": domain.on_time_rate(on_time, total),
                    "open": base.filter(kind=kind).open().count()})
    anonymous = everything.filter(anonymous=True)
    out.append({"kind": _("Đơn nặc danh, mạo danh (Điều 25 Luật Tố cáo)"),
                "received": anonymous.filter(received_on__gte=start, received_on__lte=end).count(),
                "closed": anonymous.filter(closed_on__gte=start, closed_on__lte=end).count(),
                "checked": anonymous.filter(state=State.CHECKED, closed_on__gte=start, closed_on__lte=end).count(),
                "on_time": None, "rate": None, "open": anonymous.open().count()})
    return out


def _period(request, today: date) -> tuple[date, date]:
    """?tu=YYYY-MM-DD&den=YYYY-MM-DD, default: from 1 January to today; bad values fall back to the default."""
    def parse(name, default):
        try:
            value = date.fromisoformat(request.GET.get(name, "")[:10])
        except ValueError:
            return default
        return value if date(2012, 1, 1) <= value <= date(2100, 12, 31) else default

    start, end = parse("tu", date(today.year, 1, 1)), parse("den", today)
    return (start, end) if start <= end else (end, start)


@login_required
def case_list(request, unit_pk: int):
    """One deadline dashboard for all case types: due soon, overdue, extended; on-time statistics."""
    unit = _unit(unit_pk)
    require_perm(request, "cases.view_cases", unit)
    today = clock.today()
    qs, kind, state, due, q = _cases_queryset(request, unit, today)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    cal = services.calendar_for(today)
    rows = [(c, {"overdue": c.due_on is not None and c.due_on < today,
                 "soon": domain.is_due_within(c.due_on, today, domain.DUE_SOON_WORKING_DAYS, cal)}) for c in page]
    all_cases = Case.objects.for_unit(unit)
    end = today
    for _i in range(domain.DUE_SOON_WORKING_DAYS):
        end = cal.next_working_day(end)
    counts = {"overdue": all_cases.filter(due_on__lt=today).count(),
              "soon": all_cases.filter(due_on__gte=today, due_on__lte=end).count(),
              "extended": all_cases.open().filter(extensions__gt=0).count(),
              "open": all_cases.open().count()}
    start, end_period = _period(request, today)
    by_unit = []
    if unit.level < Level.COMMUNE:  # a province: on-time resolution per commune over the period
        per_unit = (Case.objects.for_unit(unit).filter(kind__in=[CaseKind.COMPLAINT, CaseKind.DENUNCIATION],
                                                       anonymous=False,
                                                   decided_on__gte=start, decided_on__lte=end_period)
                .values("unit__name").annotate(closed=Count("id"), on_time=Count(
                    "id", filter=Q(resolve_due_on__isnull=False, decided_on__lte=F("resolve_due_on"))))
                .order_by("unit__name"))
        by_unit = [{**r, "rate": domain.on_time_rate(r["on_time"], r["closed"])} for r in per_unit]
    base = request.GET.copy()
    base.pop("page", None)
    can_work = request.user.has_perm("cases.view_book", unit) or any(
        request.user.has_perm(p, unit) for p in ("cases.handle_case",))
    return render(request, "cases/case_list.html", {
        "nav": "cases", "unit": unit, "page_obj": page, "rows": rows, "kind": kind, "state": state, "due": due,
        "q": q, "kinds": CaseKind.choices, "states": State.choices, "counts": counts, "today": today,
        "stats": statistics(unit, start, end_period), "stats_start": start, "stats_end": end_period,
        "by_unit": by_unit,
        "querystring_base": (base.urlencode() + "&") if base else "", "can_work": can_work,
        "can_record": request.user.has_perm("cases.view_book", unit),
    })


@login_required
def letter_record(request, unit_pk: int):
    unit = _unit(unit_pk)
    if not (request.user.has_perm("cases.view_book", unit) or request.user.has_perm("cases.view_cases", unit)):
        raise PermissionDenied
    form = forms.LetterForm(request.POST or None, initial={"received_on": clock.today(), "round": 1})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_record_letter(unit=unit, actor=request.user, **form.cleaned_data)
        except PermissionDenied:
            form.add_error("kind", _("Bạn không có quyền tiếp nhận loại đơn này."))
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã vào sổ đơn %(c)s.") % {"c": case.code})
            return redirect("cases:case-detail", case.pk)
    return render(request, "cases/letter_record.html", {"nav": "cases", "unit": unit, "form": form},
                  status=400 if form.errors else 200)


ACTIONS = {
    "accept": (forms.AcceptForm, State.ACCEPTED),
    "reject": (forms.RejectForm, State.REJECTED),
    "transfer": (forms.TransferForm, State.TRANSFERRED),
    "extend": (forms.ExtendForm, State.EXTENDED),
    "decide": (forms.DecideForm, State.DECIDED),
    "terminate": (forms.TerminateForm, State.TERMINATED),
    "answer": (forms.AnswerForm, State.ANSWERED),
    "send": (forms.DateOnlyForm, None),
    "publish": (forms.DateOnlyForm, None),
    "check": (forms.AnonymousCheckForm, State.CHECKED),
    "places": (forms.SeveralPlacesForm, None),
    "dialogue": (forms.DialogueForm, None),
    "complexity": (forms.ComplexityForm, None),
    "assign": (forms.AssignForm, None),
}


def _run(action: str, case: Case, data: dict, actor) -> str:
    if action == "accept":
        services.case_accept(case=case, actor=actor, on=data["on"], criteria=data["criteria"],
                             remote_area=data["remote_area"], obstacle_days=data.get("obstacle_days"))
        return _("Đã thụ lý.")
    if action == "places":
        services.case_several_places(case=case, actor=actor, reason=data["reason"])
        return _("Đã ghi việc xác minh ở nhiều địa điểm; hạn xử lý ban đầu là 10 ngày làm việc.")
    if action == "reject":
        services.case_reject(case=case, actor=actor, ground=data["ground"], reason=data["reason"], on=data["on"])
        return _("Đã ghi thông báo không thụ lý.")
    if action == "transfer":
        services.case_transfer(case=case, actor=actor, to=data["to"], on=data["on"])
        return _("Đã chuyển đơn.")
    if action == "extend":
        services.case_extend(case=case, actor=actor, days=data["days"], reason=data["reason"], on=data["on"])
        return _("Đã gia hạn giải quyết.")
    if action == "decide":
        services.case_decide(case=case, actor=actor, number=data["number"], finding=data["finding"], text=data["text"],
                             on=data["on"])
        return _("Đã ghi quyết định, kết luận.")
    if action == "terminate":
        services.case_terminate(case=case, actor=actor, reason=data["reason"], on=data["on"])
        return _("Đã đình chỉ giải quyết.")
    if action == "answer":
        services.case_answer(case=case, actor=actor, text=data["text"], on=data["on"])
        return _("Đã trả lời.")
    if action == "send":
        services.case_send(case=case, actor=actor, on=data["on"])
        return _("Đã ghi việc gửi quyết định, kết luận.")
    if action == "publish":
        services.case_publish(case=case, actor=actor, on=data["on"])
        return _("Đã công khai kết luận.")
    if action == "dialogue":
        services.case_dialogue(case=case, actor=actor, on=data["on"], participants=data["participants"],
                               content=data["content"])
        return _("Đã ghi biên bản đối thoại.")
    if action == "complexity":
        services.case_reclassify(case=case, actor=actor, criteria=data["criteria"], reason=data["reason"], on=data["on"])
        return _("Đã xếp lại tính chất vụ việc.")
    if action == "check":
        services.case_anonymous_check(case=case, actor=actor, note=data["note"], on=data["on"])
        return _("Đã ghi kết quả kiểm tra.")
    services.case_assign(case=case, actor=actor, assignee=data["assignee"])
    return _("Đã giao người xử lý.")


def _handlers(case: Case):
    from danchu.accounts.models import User

    cap = services._perm_for(case)
    users = services.unit_users(case.unit, cap, clock.today())
    return User.objects.filter(pk__in=[u.pk for u in users]).order_by("full_name")


def _form(action: str, case: Case, data=None):
    cls = ACTIONS[action][0]
    kwargs = {"prefix": action}
    if action in ("reject", "accept"):
        kwargs["kind"] = case.kind
    if action == "reject":
        kwargs["anonymous"] = case.anonymous
    if action == "assign":
        kwargs["users"] = _handlers(case)
    initial = {"on": clock.today()}
    if action == "accept":
        initial["remote_area"] = case.remote_area
        initial["obstacle_days"] = case.obstacle_days or None
    if action == "complexity":
        initial["criteria"] = list(case.complexity_criteria or [])
    return cls(data, initial=initial, **kwargs)


@login_required
def case_detail(request, pk: int):
    case = get_object_or_404(Case.objects.select_related("unit", "assignee", "entry"), pk=pk)
    require_perm(request, "cases.view_cases", case)
    can_handle = request.user.has_perm("cases.handle_case", case)
    status = 200
    bound = {}
    if request.method == "POST":
        if not can_handle:
            raise PermissionDenied
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            messages.error(request, _("Thao tác không hợp lệ."))
            return redirect("cases:case-detail", case.pk)
        form = _form(action, case, request.POST)
        bound[action] = form
        if form.is_valid():
            try:
                done = _run(action, case, form.cleaned_data, request.user)
            except ValidationError as exc:
                if getattr(exc, "code", None) in ("invalid_transition",) or not hasattr(exc, "error_dict"):
                    form.add_error(None, exc.messages)
                else:
                    form_errors(form, exc)
                case.refresh_from_db()
            else:
                messages.success(request, done)
                return redirect("cases:case-detail", case.pk)
        status = 400
    services.case_viewed(case=case, actor=request.user)
    today = clock.today()
    allowed = domain.allowed_targets(case.kind, case.state, anonymous=case.anonymous)
    available = []
    if can_handle:
        for action, (_cls, target) in ACTIONS.items():
            ok = target in allowed if target else {
                "send": case.state == State.DECIDED and not case.sent_on,
                "publish": case.kind == CaseKind.DENUNCIATION and case.state == State.DECIDED and not case.published_on,
                "places": (case.kind == CaseKind.DENUNCIATION and case.state == State.RECEIVED
                           and not case.several_places and not case.anonymous),
                "dialogue": case.kind == CaseKind.COMPLAINT and case.state == State.ACCEPTED,
                "complexity": (case.kind == CaseKind.DENUNCIATION and not case.anonymous
                               and case.state in (State.ACCEPTED, State.EXTENDED)),
                "assign": case.is_open,
            }[action]
            if action == "extend" and ok:
                ok = domain.MAX_EXTENSIONS.get(case.complexity, 0) > case.extensions
            if ok:
                available.append((action, bound.get(action) or _form(action, case)))
    shown = {a for a, _f in available}
    for action, form in bound.items():  # an action not possible in this state: its error as a message
        if action not in shown and form.errors:
            messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    rules = case.rules()
    return render(request, "cases/case_detail.html", {
        "nav": "cases", "unit": case.unit, "case": case, "actions": available, "today": today,
        "overdue": case.due_on is not None and case.due_on < today,
        "events": case.events.select_related("actor").order_by("created", "id"),
        "documents": case.documents.order_by("number"),
        "can_reveal": case.identity_sealed and may_reveal_identity(request.user, case),
        "reveal_form": forms.RevealForm(), "rules": rules,
        "limitation": (domain.limitation_expires(case.known_on, case.obstacle_days, rules,
                                                 services.calendar_for(case.known_on))
                       if case.kind == CaseKind.COMPLAINT and case.known_on else None),
        "max_extensions": domain.MAX_EXTENSIONS.get(case.complexity, 0),
        "final_on": (domain.complaint_final_on(case.decided_on, remote=case.remote_area, rules=rules,
                                               cal=services.calendar_for(case.decided_on))
                     if case.kind == CaseKind.COMPLAINT and case.state == State.DECIDED else None),
        "ACTION_LABELS": ACTION_LABELS,
    }, status=status)


ACTION_LABELS = {
    "accept": gettext_lazy("Thụ lý"), "places": gettext_lazy("Xác minh ở nhiều địa điểm"),
    "reject": gettext_lazy("Không thụ lý"), "transfer": gettext_lazy("Chuyển đơn"),
    "extend": gettext_lazy("Gia hạn giải quyết"),
    "decide": gettext_lazy("Ban hành quyết định / kết luận"), "terminate": gettext_lazy("Đình chỉ (rút đơn)"), "answer": gettext_lazy("Trả lời"),
    "send": gettext_lazy("Đã gửi quyết định / kết luận"), "publish": gettext_lazy("Công khai kết luận"),
    "check": gettext_lazy("Kiểm tra nội dung đơn nặc danh"), "assign": gettext_lazy("Giao người xử lý"),
    "dialogue": gettext_lazy("Ghi biên bản đối thoại"),
    "complexity": gettext_lazy("Xếp lại tính chất vụ việc (phức tạp)"),
}


@never_cache
@login_required
@require_POST
def identity_reveal(request, kind: str, pk: int):
    """The custodian sees the denouncer's identity after giving a reason (audited). Never cached."""
    if kind == "don":
        owner = get_object_or_404(Case.objects.select_related("unit"), pk=pk, identity_sealed=True)
        back = ("cases:case-detail", owner.pk)
    elif kind == "so":
        owner = get_object_or_404(ReceptionEntry.objects.select_related("unit"), pk=pk, sealed=True)
        back = ("cases:entry-detail", owner.pk)
    else:
        raise Http404
    if not may_reveal_identity(request.user, owner):
        with contextlib.suppress(PermissionDenied):  # the service audits the refused attempt, then refuses
            services.identity_reveal(actor=request.user, reason="", **({"case": owner} if kind == "don"
                                                                      else {"entry": owner}))
        raise PermissionDenied
    form = forms.RevealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần nêu lý do (ít nhất 10 ký tự) để xem thông tin người tố cáo."))
        return redirect(*back)
    try:
        identity = services.identity_reveal(actor=request.user, reason=form.cleaned_data["reason"],
                                            **({"case": owner} if kind == "don" else {"entry": owner}))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(*back)
    response = render(request, "cases/identity.html", {"nav": "cases", "unit": owner.unit, "owner": owner,
                                                       "identity": identity, "back": back})
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
def case_document(request, pk: int, doc_pk: int, fmt: str):
    case = get_object_or_404(Case.objects.select_related("unit"), pk=pk)
    require_perm(request, "cases.view_cases", case)
    document = get_object_or_404(case.documents, pk=doc_pk)
    paper = documents.compose(document)
    with transaction.atomic():
        audit.record(actor=request.user, verb="cases.document.downloaded", target=case, unit=case.unit,
                     data={"document": document.number, "format": fmt})
    name = f"{case.code}-{document.number:02d}-{document.kind}"
    if fmt == "docx":
        response = HttpResponse(documents.build_docx(paper), content_type=(
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"))
        response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
    elif fmt == "pdf":
        response = HttpResponse(documents.build_pdf(paper), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    else:
        raise Http404
    return response


# --- mediation -------------------------------------------------------------------------------------


def _villages(unit):
    return AdministrativeUnit.objects.filter(path__startswith=unit.path, level=Level.VILLAGE,
                                             valid_to__isnull=True).order_by("name")


@login_required
def mediation(request, unit_pk: int):
    """Tổ hòa giải, vụ việc và thống kê của một xã (hoặc một thôn)."""
    unit = _unit(unit_pk)
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
    teams = MediationTeam.objects.filter(village__path__startswith=unit.path).select_related("village").annotate(
        n_cases=Count("cases"), n_open=Count("cases", filter=Q(cases__state=MediationState.OPEN)))
    cases = MediationCase.objects.filter(team__village__path__startswith=unit.path).select_related("team__village")
    stats = {row["state"]: row["n"] for row in cases.values("state").annotate(n=Count("id"))}
    stats_rows = [(label, stats.get(value, 0)) for value, label in MediationState.choices]
    total_closed = sum(stats.get(v, 0) for v in (MediationState.SUCCESSFUL, MediationState.UNSUCCESSFUL))
    return render(request, "cases/mediation.html", {
        "nav": "mediation", "unit": unit, "form": form, "teams": teams, "cases": cases.order_by("-received_on")[:100],
        "stats": stats_rows, "success_rate": domain.on_time_rate(stats.get(MediationState.SUCCESSFUL, 0), total_closed),
    }, status=400 if form.errors else 200)


def mediation_statistics(unit, start: date, end: date) -> dict:
    """Grassroots mediation over [start, end]: cases received, cases closed by outcome and the success rate
    (successful / successful + unsuccessful), in total and per commune (a province) or per village (a commune);
    open cases are counted as of today."""
    cases = MediationCase.objects.filter(team__village__path__startswith=unit.path)
    by = ("team__village__parent_id", "team__village__parent__name") if unit.level < Level.COMMUNE else (
        "team__village_id", "team__village__name")
    outcomes = [v for v in MediationState.values if v != MediationState.OPEN]

    def counts(qs):
        return qs.aggregate(
            received=Count("id", filter=Q(received_on__gte=start, received_on__lte=end)),
            open=Count("id", filter=Q(state=MediationState.OPEN)),
            **{o: Count("id", filter=Q(state=o, closed_on__gte=start, closed_on__lte=end)) for o in outcomes})

    def row(values, name=""):
        values = dict(values)
        closed = values[MediationState.SUCCESSFUL] + values[MediationState.UNSUCCESSFUL]
        return {"name": name, **values, "closed": sum(values[o] for o in outcomes),
                "rate": domain.on_time_rate(values[MediationState.SUCCESSFUL], closed)}

    groups = []
    for group in cases.values(*by).distinct().order_by(by[1]):
        groups.append(row(counts(cases.filter(**{by[0]: group[by[0]]})), group[by[1]]))
    return {"total": row(counts(cases)), "groups": groups, "outcomes": outcomes,
            "per_commune": unit.level < Level.COMMUNE}


@login_required
def mediation_stats(request, unit_pk: int):
    """Mediation statistics by period; per commune at city level (they feed the access-to-law standard)."""
    unit = _unit(unit_pk)
    require_perm(request, "cases.view_statistics", unit)
    start, end = _period(request, clock.today())
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
