"""Thin HTML views: the resident's report, tracking and rating pages, the public page of a commune; the staff
queue, one feedback with its actions, statistics and the .xlsx export."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from danchu.core import audit, clock, ratelimit
from danchu.core.attachments import attachment_response
from danchu.core.http import CachedCountPaginator
from danchu.core.http import form_errors as _form_errors
from danchu.core.http import require_perm as require
from danchu.core.models import folded_search
from danchu.core.ratelimit import client_ip, hit
from danchu.core.text import fold
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from . import domain, services, stats
from .domain import State
from .forms import (
    HONEYPOT,
    AnswerForm,
    AssignForm,
    CategoryForm,
    ConvertForm,
    DuplicateForm,
    InternalNoteForm,
    NoteForm,
    RateForm,
    RejectForm,
    RouteForm,
    StaffRecordForm,
    SubmitForm,
    TrackForm,
    TransferForm,
)
from .models import Category, Feedback, RoutingRule

SESSION_CODE = "feedback:submitted"
SESSION_TRACKED = "feedback:tracked"
SUBMIT_LIMIT, SUBMIT_WINDOW = 5, 3600  # accepted submissions per client address and hour
ATTEMPT_LIMIT = 30  # posts of any kind (valid or not) per client address and hour
TRACK_LIMIT, TRACK_WINDOW = 30, 600


def submission_allowed(request, scope: str = "feedback.submit") -> bool:
    """The form's and the API's spam protection (danchu.core.ratelimit.submission_allowed)."""
    return ratelimit.submission_allowed(request, scope, accepted_limit=SUBMIT_LIMIT, attempt_limit=ATTEMPT_LIMIT,
                                        window=SUBMIT_WINDOW)


def submission_accepted(request, scope: str = "feedback.submit") -> None:
    """Count one stored submission against the address's hourly limit."""
    ratelimit.submission_accepted(request, scope, window=SUBMIT_WINDOW)


def tracking_allowed(request) -> bool:
    return hit("feedback.track", client_ip(request), limit=TRACK_LIMIT, window=TRACK_WINDOW)


def _commune_param(request) -> int | None:
    value = (request.GET.get("commune") or request.GET.get("xa") or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None


# --- residents -------------------------------------------------------------------------------------


def submit(request):
    """Report from a phone in a few taps: category, commune, village, location, description, photos, contact."""
    initial = {"publish": True}
    commune_id = _commune_param(request)
    if commune_id:
        initial["commune"] = commune_id
    if request.user.is_authenticated:
        initial.update(reporter_name=request.user.full_name, phone=request.user.phone or "",
                       email=request.user.email)
    form = SubmitForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        if request.POST.get(HONEYPOT):  # a bot: pretend it worked, store nothing
            request.session[SESSION_CODE] = ""
            return redirect("feedback:submitted")
        if not submission_allowed(request):
            form.add_error(None, _("Bạn đã gửi quá nhiều phản ánh trong thời gian ngắn. Vui lòng thử lại sau một giờ."))
            status = 429
        elif form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != HONEYPOT}
            try:
                feedback = services.feedback_submit(user=request.user, **data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                submission_accepted(request)
                request.session[SESSION_CODE] = feedback.tracking_code
                return redirect("feedback:submitted")
        if status == 200 and form.errors:
            status = 400
    return render(request, "feedback/submit.html", {"nav": "feedback", "form": form}, status=status)


@never_cache
def submitted(request):
    """Shows the tracking code once (from the session, never from the URL)."""
    if SESSION_CODE not in request.session:
        return redirect("feedback:submit")
    code = request.session.pop(SESSION_CODE)
    feedback = Feedback.objects.filter(tracking_code=code).select_related("commune", "category").first() \
        if code else None
    duplicates = services.find_duplicates(feedback, limit=3) if feedback else []
    duplicates = [(s, f) for s, f in duplicates if f.publish]
    return render(request, "feedback/submitted.html", {"nav": "feedback", "feedback": feedback, "code": code,
                                                       "duplicates": duplicates})


def _lookup(code: str) -> Feedback | None:
    code = domain.normalise_tracking_code(code)
    if not domain.is_valid_tracking_code(code):
        return None
    return (Feedback.objects.select_related("commune", "category", "duplicate_of", "organisation")
            .prefetch_related("photos").filter(tracking_code=code).first())


@never_cache
def track(request):
    """The reporter enters the tracking code: status, each public step, the answer; then rates it and may
    reopen. Never the phone, e-mail or staff notes."""
    feedback = None
    status = 200
    rate_form = None
    if request.method == "POST" and request.POST.get("action") == "rate":
        code = request.session.get(SESSION_TRACKED, "")
        feedback = _lookup(code) if code else None
        if feedback is None:
            messages.error(request, _("Phiên tra cứu đã hết hạn. Hãy nhập lại mã tra cứu."))
            return redirect("feedback:track")
        rate_form = RateForm(request.POST)
        if rate_form.is_valid():
            try:
                services.feedback_rate(feedback=feedback, actor=request.user if request.user.is_authenticated
                                       else "public", **rate_form.cleaned_data)
            except ValidationError as exc:
                _form_errors(rate_form, exc)
            else:
                messages.success(request, _("Cảm ơn ông/bà đã đánh giá."))
                return redirect(f"{request.path}?code={feedback.tracking_code}")
        status = 400
        form = TrackForm(initial={"code": feedback.tracking_code})
    else:
        data = request.POST if request.method == "POST" else (request.GET if "code" in request.GET else None)
        form = TrackForm(data)
        if data is not None:
            if not tracking_allowed(request):
                form.add_error(None, _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."))
                status = 429
            elif form.is_valid():
                feedback = _lookup(form.cleaned_data["code"])
                if feedback is None:
                    form.add_error("code", _("Không tìm thấy phản ánh với mã này. Hãy kiểm tra lại mã tra cứu."))
                    status = 404
                else:
                    request.session[SESSION_TRACKED] = feedback.tracking_code
            else:
                status = 400
    context = {"nav": "feedback", "form": form, "feedback": feedback}
    if feedback is not None:
        today = clock.today()
        answered_on = clock.local_date(feedback.answered_at) if feedback.answered_at else None
        context.update(
            events=[e for e in feedback.events.order_by("created", "id") if e.note],
            answered_at=services.answer_time(feedback),
            rate_form=rate_form or RateForm(initial={"rating": feedback.rating}),
            show_rate=services.rating_open(feedback, today),
            can_reopen=domain.can_reopen(feedback.state, None, answered_on, today, services.reopen_days()),
            reopen_until=answered_on + timedelta(days=services.reopen_days()) if answered_on else None,
            overdue=feedback.is_overdue(today),
        )
    response = render(request, "feedback/track.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


def track_photo(request, code: str, photo_pk: int):
    """A photo of a feedback, reachable with its tracking code (a capability URL) or when published."""
    if not tracking_allowed(request):
        raise Http404
    feedback = _lookup(code)
    if feedback is None:
        raise Http404
    attachment = get_object_or_404(feedback.photos, pk=photo_pk)
    response = attachment_response(attachment)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


def public_photo(request, pk: int, photo_pk: int):
    feedback = get_object_or_404(Feedback.objects.public(), pk=pk)
    return attachment_response(get_object_or_404(feedback.photos, pk=photo_pk))


def public_index(request):
    """The communes, with how many feedback each received and answered on time (links to each page)."""
    q = request.GET.get("q", "")[:100].replace("\x00", "").strip()
    communes = AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True)
    if q:
        communes = folded_search(communes, q)
    page = CachedCountPaginator(communes.order_by("name_folded"), 50).get_page(request.GET.get("page"))
    today = clock.today()
    rows = {r["label"]: r for r in stats.by(Feedback.objects.filter(commune__in=list(page)), "commune_id",
                                            today=today)}
    items = [(c, rows.get(c.pk)) for c in page]
    return render(request, "feedback/public_index.html", {
        "nav": "feedback", "items": items, "page_obj": page, "q": q,
        "querystring_base": f"q={q}&" if q else "",
        "recent": Feedback.objects.public().select_related("commune", "category").order_by("-received_at")[:10],
    })


def public_commune(request, unit_pk: int):
    """Recent feedback, answers, the on-time rate and the satisfaction rate of one commune."""
    commune = get_object_or_404(AdministrativeUnit, pk=unit_pk, level=Level.COMMUNE)
    today = clock.today()
    qs = Feedback.objects.public().filter(commune=commune).select_related("category").prefetch_related("photos")
    category = request.GET.get("linh-vuc", "")[:40].replace("\x00", "")
    if category:
        qs = qs.filter(category__code=category)
    page = CachedCountPaginator(qs.order_by("-received_at", "-id"), 20).get_page(request.GET.get("page"))
    return render(request, "feedback/public_commune.html", {
        "nav": "feedback", "unit": commune, "page_obj": page, "summary": stats.for_commune_public(commune, today=today),
        "by_category": stats.by(Feedback.objects.filter(commune=commune), "category__name", today=today),
        "categories": Category.objects.filter(active=True), "category": category, "today": today,
        "querystring_base": f"linh-vuc={category}&" if category else "",
    })


# --- staff: queue ----------------------------------------------------------------------------------


def _queue(request, unit: AdministrativeUnit, today: date):
    qs = Feedback.objects.for_unit(unit).select_related("commune", "category", "assignee")
    state = request.GET.get("state", "open")
    if state == "open":
        qs = qs.open()
    elif state in State.values:
        qs = qs.filter(state=state)
    else:
        state = ""
    due = request.GET.get("due", "")
    if due == "overdue":
        qs = qs.overdue(today=today)
    elif due == "soon":
        cal = services.calendar_for(today)
        end = today
        for _i in range(domain.DUE_SOON_WORKING_DAYS):
            end = cal.next_working_day(end)
        qs = qs.due_between(today, end)
    elif due == "escalated":
        qs = qs.open().filter(escalated_at__isnull=False)
    else:
        due = ""
    category = request.GET.get("category", "")[:40].replace("\x00", "")
    if category:
        qs = qs.filter(category__code=category)
    q = request.GET.get("q", "")[:100].replace("\x00", "").strip()
    if q:
        code = domain.normalise_tracking_code(q)
        words = [w for w in fold(q).split() if w]
        cond = Q(tracking_code=code)
        if words:
            text = Q()
            for w in words:
                text &= Q(words__contains=w)
            cond |= text
        qs = qs.filter(cond)
    return qs, state, due, category, q


@login_required
def staff_list(request, unit_pk: int):
    """The queue of a unit: open feedback first by due date, overdue markers, filters."""
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "feedback.view_feedback", unit)
    today = clock.today()
    qs, state, due, category, q = _queue(request, unit, today)
    page = CachedCountPaginator(qs.order_by("due_on", "-received_at", "-id") if state == "open"
                                else qs.order_by("-received_at", "-id"), 50).get_page(request.GET.get("page"))
    cal = services.calendar_for(today)
    rows = [(f, {"overdue": f.is_overdue(today),
                 "soon": f.is_open and domain.is_due_within(f.due_on, today, domain.DUE_SOON_WORKING_DAYS, cal)})
            for f in page]
    base = request.GET.copy()
    base.pop("page", None)
    return render(request, "feedback/staff_list.html", {
        "nav": "feedback-staff", "unit": unit, "page_obj": page, "rows": rows, "state": state, "due": due,
        "category": category, "q": q, "states": State.choices, "categories": Category.objects.all(),
        "summary": stats.summary(Feedback.objects.for_unit(unit), today=today), "today": today,
        "querystring_base": (base.urlencode() + "&") if base else "", "export_query": base.urlencode(),
        "can_handle": request.user.has_perm("feedback.handle_feedback", unit),
    })


@login_required
def staff_export(request, unit_pk: int):
    """The queue as .xlsx (contains personal data: every export is audited)."""
    from danchu.core.tabular import write_xlsx

    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "feedback.handle_feedback", unit)
    today = clock.today()
    qs, *_rest = _queue(request, unit, today)
    qs = qs.select_related("village", "organisation").order_by("-received_at", "-id")[:50000]
    headers = [_("Mã tra cứu"), _("Thời điểm tiếp nhận"), _("Xã, phường"), _("Thôn, tổ dân phố"), _("Lĩnh vực"),
               _("Nội dung"), _("Địa điểm"), _("Vĩ độ"), _("Kinh độ"), _("Người phản ánh"), _("Điện thoại"),
               _("Thư điện tử"), _("Kênh"), _("Trạng thái"), _("Tổ chức chịu trách nhiệm"), _("Người xử lý"),
               _("Hạn trả lời"), _("Quá hạn"), _("Ngày trả lời"), _("Đúng hạn"), _("Mức hài lòng")]
    rows = [[f.tracking_code, timezone.localtime(f.received_at).replace(tzinfo=None), f.commune.name,
             f.village.name if f.village else "", f.category.name, f.description, f.address, f.lat, f.lon,
             _("(ẩn danh)") if f.anonymous else f.reporter_name, f.phone, f.email, f.get_channel_display(),
             f.get_state_display(), f.organisation.name if f.organisation else "",
             f.assignee.get_full_name() if f.assignee else "", f.due_on,
             _("Có") if f.is_overdue(today) else "",
             clock.local_date(f.answered_at) if f.answered_at else None,
             {True: _("Có"), False: _("Không")}.get(f.answered_on_time, ""), f.rating] for f in qs]
    with transaction.atomic():
        audit.record(actor=request.user, verb="feedback.feedback.exported", target=unit, unit=unit,
                     data={"format": "xlsx", "rows": len(rows), "filters": request.GET.dict()})
    response = HttpResponse(write_xlsx(headers, rows, _("Phản ánh, kiến nghị")),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = fold(unit.name).replace(" ", "-")
    response["Content-Disposition"] = f'attachment; filename="phan-anh-kien-nghi-{name}.xlsx"'
    return response


def _period(request, today: date) -> tuple[date, date]:
    def parse(name, default):
        try:
            value = date.fromisoformat(request.GET.get(name, ""))
            return value if date(2000, 1, 1) <= value <= date(2100, 12, 31) else default
        except ValueError:
            return default

    start = parse("from", today.replace(day=1) - timedelta(days=365))
    end = parse("to", today)
    return (start, end) if start <= end else (end, start)


@login_required
def staff_stats(request, unit_pk: int):
    """Statistics by unit, category and period: received, answered, on time, overdue, satisfaction."""
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "feedback.view_feedback", unit)
    today = clock.today()
    start, end = _period(request, today)
    qs = Feedback.objects.for_unit(unit).filter(received_on__gte=start, received_on__lte=end)
    return render(request, "feedback/staff_stats.html", {
        "nav": "feedback-staff", "unit": unit, "start": start, "end": end,
        "summary": stats.summary(qs, today=today), "by_category": stats.by(qs, "category__name", today=today),
        "by_commune": stats.by(qs, "commune__name", today=today) if unit.level < Level.COMMUNE else [],
    })


@login_required
def staff_record(request, unit_pk: int):
    """An official records a feedback received by phone or in person (e.g. the hotline)."""
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk, level=Level.COMMUNE)
    require(request, "feedback.handle_feedback", unit)
    form = StaffRecordForm(request.POST or None, request.FILES or None,
                           initial={"commune": unit.pk, "publish": False})
    form.fields["commune"].queryset = AdministrativeUnit.objects.filter(pk=unit.pk)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != HONEYPOT}
        try:
            feedback = services.feedback_submit(actor=request.user, **data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận phản ánh %(code)s.") % {"code": feedback.tracking_code})
            return redirect("feedback:staff-detail", feedback.pk)
    return render(request, "feedback/staff_record.html", {"nav": "feedback-staff", "unit": unit, "form": form},
                  status=400 if form.errors else 200)


# --- staff: one feedback ---------------------------------------------------------------------------

ACTIONS = {
    "accept": NoteForm, "start": NoteForm, "assign": AssignForm, "transfer": TransferForm, "answer": AnswerForm,
    "close": NoteForm, "reject": RejectForm, "duplicate": DuplicateForm, "convert": ConvertForm,
    "note": InternalNoteForm, "category": CategoryForm,
}


def _do(action: str, feedback: Feedback, data: dict, actor) -> str:
    if action == "accept":
        services.feedback_accept(feedback=feedback, actor=actor, note=data["note"])
        return _("Đã thụ lý phản ánh.")
    if action == "start":
        services.feedback_start(feedback=feedback, actor=actor, note=data["note"])
        return _("Đã chuyển sang đang xử lý.")
    if action == "assign":
        services.feedback_assign(feedback=feedback, assignee=data["assignee"], actor=actor)
        return _("Đã giao xử lý.")
    if action == "transfer":
        services.feedback_transfer(feedback=feedback, actor=actor, reason=data["reason"], to_unit=data["to_unit"],
                                   to_body=data["to_body"])
        return _("Đã chuyển phản ánh.")
    if action == "answer":
        services.feedback_answer(feedback=feedback, answer=data["answer"], actor=actor)
        return _("Đã trả lời phản ánh.")
    if action == "close":
        services.feedback_close(feedback=feedback, actor=actor, note=data["note"])
        return _("Đã kết thúc phản ánh.")
    if action == "reject":
        services.feedback_reject(feedback=feedback, reason=data["reason"], actor=actor)
        return _("Đã ghi nhận không thụ lý.")
    if action == "duplicate":
        original = _lookup(data["original"])
        services.feedback_mark_duplicate(feedback=feedback, original=original, actor=actor, note=data["note"])
        return _("Đã gộp vào phản ánh %(code)s.") % {"code": original.tracking_code}
    if action == "convert":
        services.feedback_convert(feedback=feedback, kind=data["kind"], reference=data["reference"],
                                  note=data["note"], actor=actor)
        return _("Đã chuyển sang thủ tục khiếu nại, tố cáo.")
    if action == "category":
        services.feedback_recategorise(feedback=feedback, category=data["category"], actor=actor)
        return _("Đã đổi lĩnh vực.")
    services.feedback_note(feedback=feedback, note=data["note"], actor=actor)
    return _("Đã thêm ghi chú.")


@login_required
def staff_detail(request, pk: int):
    feedback = get_object_or_404(Feedback.objects.select_related(
        "commune", "village", "category", "assignee", "organisation", "duplicate_of", "user"), pk=pk)
    require(request, "feedback.view_feedback", feedback)
    can_handle = request.user.has_perm("feedback.handle_feedback", feedback)
    from danchu.accounts.models import User

    today = clock.today()
    handlers = services.handlers_of(feedback.commune, today)
    user_qs = User.objects.filter(pk__in=[u.pk for u in handlers]).order_by("full_name")

    def make(action, data=None, files=None):
        kwargs = {"users": user_qs} if action == "assign" else {}
        if action == "transfer":
            kwargs["exclude"] = feedback.commune
        return ACTIONS[action](data, files, prefix=action, **kwargs) if data is not None else \
            ACTIONS[action](prefix=action, initial={"assignee": feedback.assignee_id} if action == "assign" else None,
                            **kwargs)

    forms = {action: make(action) for action in ACTIONS}
    status = 200
    if request.method == "POST":
        require(request, "feedback.handle_feedback", feedback)
        action = request.POST.get("action", "")
        if action not in ACTIONS:
            messages.error(request, _("Thao tác không hợp lệ."))
            return redirect("feedback:staff-detail", feedback.pk)
        form = make(action, request.POST, request.FILES)
        forms[action] = form
        if form.is_valid():
            try:
                with transaction.atomic():
                    done = _do(action, feedback, form.cleaned_data, request.user)
            except ValidationError as exc:
                if getattr(exc, "code", None) in ("invalid_transition", "closed"):
                    messages.error(request, " ".join(exc.messages))
                    return redirect("feedback:staff-detail", feedback.pk)
                _form_errors(form, exc)
                feedback.refresh_from_db()
            else:
                messages.success(request, done)
                feedback.refresh_from_db()
                if not request.user.has_perm("feedback.view_feedback", feedback):
                    # transferred to a commune this official does not cover: back to their own queue
                    unit_pk = _from_unit(request)
                    return redirect("feedback:staff-list", unit_pk) if unit_pk else redirect("home")
                return redirect("feedback:staff-detail", feedback.pk)
        status = 400
    services.feedback_viewed(feedback=feedback, actor=request.user)
    cal = services.calendar_for(today)
    allowed = domain.TRANSITIONS.get(feedback.state, frozenset())
    return render(request, "feedback/staff_detail.html", {
        "nav": "feedback-staff", "feedback": feedback, "unit": feedback.commune, "forms": forms,
        "can_handle": can_handle, "events": feedback.events.select_related("actor", "from_unit", "to_unit"),
        "photos": feedback.photos.all(), "overdue": feedback.is_overdue(today),
        "soon": feedback.is_open and domain.is_due_within(feedback.due_on, today, domain.DUE_SOON_WORKING_DAYS, cal),
        "transfer_late": feedback.is_open and feedback.transfer_due_on and today > feedback.transfer_due_on,
        "duplicates": services.find_duplicates(feedback) if feedback.is_open else [],
        "merged": feedback.duplicates.all(), "suggested_kind": domain.suggest_case_kind(feedback.description),
        "can": dict.fromkeys(_allowed_actions(allowed, feedback), True),
        "map": _map(feedback),
    }, status=status)


def _from_unit(request) -> int:
    """Where to go after transferring a feedback away: the official's active unit (or their first unit)."""
    unit = getattr(request, "active_unit", None)
    if unit is not None:
        return unit.pk
    from danchu.units.access import units_for

    first = units_for(request.user).first()
    return first.pk if first else 0


def _allowed_actions(allowed, feedback: Feedback) -> set[str]:
    out = set()
    if State.ACCEPTED in allowed:
        out.add("accept")
    if State.IN_PROGRESS in allowed and feedback.is_open:
        out.add("start")
    if feedback.is_open:
        out |= {"assign", "transfer", "category"}
    if State.ANSWERED in allowed:
        out.add("answer")
    if State.CLOSED in allowed:
        out.add("close")
    if State.REJECTED in allowed:
        out.add("reject")
    if State.DUPLICATE in allowed:
        out.add("duplicate")
    if State.CONVERTED in allowed:
        out.add("convert")
    out.add("note")
    return out


def _map(feedback: Feedback) -> dict | None:
    """A small offline map (SVG drawn here, no tiles): the commune's acceptance circle around its centroid, this
    feedback's point and the nearby open feedback of the same commune. None without coordinates."""
    c = feedback.commune
    if feedback.lat is None or c.latitude is None or c.longitude is None:
        return None
    import math

    radius = domain.commune_radius_km(c.area_km2)
    scale = 90.0 / radius  # px per km; the circle has a radius of 90 px in a 200×200 box
    kx = 111.32 * math.cos(math.radians(c.latitude))

    def xy(lat, lon):  # strings: SVG needs a decimal point whatever the interface language
        x, y = 100 + (lon - c.longitude) * kx * scale, 100 - (lat - c.latitude) * 110.57 * scale
        return f"{min(max(x, -50), 250):.1f}", f"{min(max(y, -50), 250):.1f}"

    others = (Feedback.objects.open().filter(commune=c, lat__isnull=False).exclude(pk=feedback.pk)
              .only("pk", "lat", "lon", "tracking_code")[:200])
    return {"radius_km": round(radius, 1), "me": xy(feedback.lat, feedback.lon),
            "others": [(xy(o.lat, o.lon), o) for o in others]}


@login_required
def staff_photo(request, pk: int, photo_pk: int):
    feedback = get_object_or_404(Feedback.objects.select_related("commune"), pk=pk)
    require(request, "feedback.view_feedback", feedback)
    return attachment_response(get_object_or_404(feedback.photos, pk=photo_pk))


@login_required
def staff_routes(request, unit_pk: int):
    """Phân công xử lý: which organisation answers which category in this unit's subtree (and in what period)."""
    from danchu.units.models import Organisation

    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "feedback.view_feedback", unit)
    can_configure = request.user.has_perm("feedback.configure_feedback", unit)
    ancestors = [int(p) for p in unit.path.strip("/").split("/") if p.isdigit()]
    organisations = (Organisation.objects.filter(Q(unit_id__in=ancestors) | Q(unit__path__startswith=unit.path),
                                                 dissolved_on__isnull=True)
                     .select_related("unit").order_by("unit__level", "unit__name_folded", "name"))
    form = RouteForm(organisations=organisations)
    status = 200
    if request.method == "POST":
        require(request, "feedback.configure_feedback", unit)
        if request.POST.get("action") == "delete":
            raw = request.POST.get("rule", "")
            rule = get_object_or_404(RoutingRule, pk=int(raw) if raw.isdigit() and len(raw) < 19 else 0, unit=unit)
            services.route_delete(rule=rule, actor=request.user)
            messages.success(request, _("Đã xóa phân công."))
            return redirect("feedback:staff-routes", unit.pk)
        form = RouteForm(request.POST, organisations=organisations)
        if form.is_valid():
            try:
                services.route_set(unit=unit, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu phân công xử lý."))
                return redirect("feedback:staff-routes", unit.pk)
        status = 400
    rules = (RoutingRule.objects.filter(Q(unit_id__in=ancestors) | Q(unit__path__startswith=unit.path))
             .select_related("unit", "category", "organisation").order_by("unit__level", "unit__name_folded",
                                                                           "category__order"))
    return render(request, "feedback/staff_routes.html", {
        "nav": "feedback-staff", "unit": unit, "rules": rules, "form": form, "can_configure": can_configure,
        "categories": Category.objects.all()}, status=status)
