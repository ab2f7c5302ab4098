"""Thin HTML views: the public request form and tracking page; the staff register and request page."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from danchu.core import clock
from danchu.core.attachments import attachment_response
from danchu.core.calendar_service import calendar_for
from danchu.core.exports import table_download
from danchu.core.http import form_errors as _form_errors
from danchu.core.http import require_perm as require
from danchu.core.legal_rules import rule_text
from danchu.core.text import fold
from danchu.units.models import AdministrativeUnit

from . import domain, services
from .actions import ACTIONS
from .domain import TRACKING, State
from .forms import HONEYPOT, PublicRequestForm, RecordRequestForm, TrackForm
from .limits import submission_accepted, submission_allowed, tracking_allowed
from .models import InfoRequest
from .register import DUES, STATES, filter_register
from .reminders import DUE_SOON_WORKING_DAYS
from .verbs import AuditVerb

SESSION_CODE = "inforequests:submitted"


# --- public ----------------------------------------------------------------------------------------


def request_submit(request):
    """Phiếu yêu cầu cung cấp thông tin (Art.24.2), sent online to a commune."""
    initial = {}
    if request.GET.get("xa", "").isdigit():
        initial["commune"] = int(request.GET["xa"])
    if request.user.is_authenticated:
        initial.update(full_name=request.user.full_name, phone=request.user.phone or "", email=request.user.email)
    form = PublicRequestForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if request.POST.get(HONEYPOT):  # a bot: pretend it worked, store nothing
            request.session[SESSION_CODE] = ""
            return redirect("inforequests:request-submitted")
        if not submission_allowed(request):
            form.add_error(None, _("Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau một giờ."))
            status = 429
        elif form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != HONEYPOT}
            try:
                info_request = services.request_submit(user=request.user, **data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                submission_accepted(request)
                request.session[SESSION_CODE] = info_request.tracking_code
                return redirect("inforequests:request-submitted")
        if status == 200 and form.errors:
            status = 400
    periods = {key: rule_text(f"information.electronic_{key}") for key in ("simple", "notice_of_deadline", "complex")}
    return render(request, "inforequests/request_submit.html", {"nav": "inforequests", "form": form,
                                                                "periods": periods}, status=status)


@never_cache
def request_submitted(request):
    """Shows the tracking code once (from the session, never from the URL)."""
    if SESSION_CODE not in request.session:
        return redirect("inforequests:request-submit")
    code = request.session.pop(SESSION_CODE)
    info_request = InfoRequest.objects.filter(tracking_code=code).select_related("commune").first() if code else None
    return render(request, "inforequests/request_submitted.html", {
        "nav": "inforequests", "info_request": info_request, "code": code})


def _public_events(info_request: InfoRequest):
    return [e for e in info_request.events.order_by("created", "id") if e.note]


@never_cache
def request_track(request):
    """The requester enters the tracking code and sees each step and the answer — never the ID number,
    contact details or staff notes."""
    data = request.POST if request.method == "POST" else (request.GET if "code" in request.GET else None)
    form = TrackForm(data)
    info_request = None
    status = 200
    if data is not None:
        if not tracking_allowed(request):
            form.add_error(None, _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."))
            status = 429
        elif form.is_valid():
            info_request = (InfoRequest.objects.with_code(form.cleaned_data["code"]).select_related("commune")
                            .prefetch_related("answer_files").first())
            if info_request is None:
                form.add_error("code", _("Không tìm thấy yêu cầu với mã này. Hãy kiểm tra lại mã tra cứu."))
                status = 404
    response = render(request, "inforequests/request_track.html", {
        "nav": "inforequests", "form": form, "info_request": info_request,
        "events": _public_events(info_request) if info_request else [],
    }, status=status)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"  # a POST from a no-referrer page carries Origin: null (CSRF)
    return response


def request_track_file(request, code: str, file_pk: int):
    """An answer file, reachable with the tracking code (a capability URL)."""
    if not tracking_allowed(request):
        raise Http404
    info_request = get_object_or_404(InfoRequest.objects.with_code(code), state=State.PROVIDED)
    attachment = get_object_or_404(info_request.answer_files, pk=file_pk)
    response = attachment_response(attachment)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- staff: register -------------------------------------------------------------------------------


def _register_queryset(request, unit: AdministrativeUnit, today: date):
    state = request.GET.get("state", "")
    state = state if state in STATES else ""
    due = request.GET.get("due", "")
    due = due if due in DUES else ""
    qs = filter_register(InfoRequest.objects.in_subtree(unit).select_related("commune", "assignee"), state=state,
                         due=due, today=today)
    q = request.GET.get("q", "")[:100].replace("\x00", "").strip()
    if q:
        folded = fold(q)
        matches = [pk for pk, name in qs.values_list("pk", "full_name") if folded in fold(name)] if folded else []
        qs = qs.filter(Q(tracking_code=TRACKING.normalise(q)) | Q(pk__in=matches))
    return qs.order_by("-received_on", "-id"), state, due, q


def _badges(info_request: InfoRequest, today: date, cal) -> dict:
    return {
        "overdue": info_request.is_overdue(today),
        "soon": info_request.is_open() and domain.is_due_within(info_request.due_on, today, DUE_SOON_WORKING_DAYS,
                                                                cal),
        "notice_late": info_request.notice_late,
        "late": info_request.is_late(today) and not info_request.is_overdue(today),  # a past step was late
    }


@login_required
def request_list(request, unit_pk: int):
    """Sổ theo dõi cung cấp thông tin theo yêu cầu (Art.26.1): the register and work queue of a commune."""
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "inforequests.handle_request", unit)
    today = clock.today()
    qs, state, due, q = _register_queryset(request, unit, today)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    cal = calendar_for(today)
    rows = [(r, _badges(r, today, cal)) for r in page]
    base = request.GET.copy()
    base.pop("page", None)
    return render(request, "inforequests/request_list.html", {
        "nav": "inforequests", "unit": unit, "page_obj": page, "rows": rows, "state": state, "due": due, "q": q,
        "states": State.choices, "today": today, "querystring_base": (base.urlencode() + "&") if base else "",
        "soon_days": DUE_SOON_WORKING_DAYS,
        "export_query": base.urlencode(),
    })


@login_required
def request_export(request, unit_pk: int):
    """The register as .xlsx (contains personal data: every export is audited)."""
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "inforequests.handle_request", unit)
    today = clock.today()
    qs, *_rest = _register_queryset(request, unit, today)
    headers = [_("Mã tra cứu"), _("Ngày nhận"), _("Xã, phường"), _("Người yêu cầu"), _("Số CCCD/CMND/hộ chiếu"),
               _("Địa chỉ"), _("Điện thoại"), _("Thư điện tử"), _("Thông tin yêu cầu"), _("Mục đích"),
               _("Cách thức gửi"), _("Hình thức nhận"), _("Tính chất"), _("Trạng thái"), _("Hạn xử lý"),
               _("Ngày thông báo thời hạn"), _("Hạn thông báo thời hạn"), _("Trễ hạn"), _("Gia hạn đến"), _("Ngày cung cấp/từ chối"), _("Căn cứ từ chối"),
               _("Chi phí (đồng)"), _("Diễn giải chi phí"), _("Người xử lý")]
    rows = [[r.tracking_code, r.received_on, r.commune.name, r.full_name, r.id_number, r.address, r.phone, r.email,
             r.content, r.purpose, r.get_channel_display(), r.get_delivery_display(), r.get_complexity_display(),
             r.get_state_display(), r.due_on, r.notice_sent_on, r.notice_due_on,
             _("Có") if r.is_late(today) else "", r.extended_until, r.closed_on,
             r.refusal_ground_text(), int(r.fee_amount), r.fee_note,
             r.assignee.get_full_name() if r.assignee else ""] for r in qs]
    return table_download(request, headers=headers, rows=rows, sheet=_("Sổ theo dõi yêu cầu"),
                          filename=f"so-theo-doi-yeu-cau-thong-tin-{unit.name}", verb=AuditVerb.REQUEST_EXPORTED,
                          target=unit, unit=unit, data={"filters": request.GET.dict()})


@login_required
def request_record(request, unit_pk: int):
    """An official records a request received in person or by post/fax (Art.29, 31)."""
    commune = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "inforequests.handle_request", commune)
    form = RecordRequestForm(request.POST or None, initial={"received_on": clock.today()})
    if request.method == "POST" and form.is_valid():
        try:
            info_request = services.request_record(commune=commune, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận yêu cầu %(code)s.") % {"code": info_request.tracking_code})
            return redirect("inforequests:request-detail", info_request.pk)
    return render(request, "inforequests/request_record.html", {"nav": "inforequests", "unit": commune, "form": form},
                  status=400 if form.errors else 200)


# --- staff: one request ----------------------------------------------------------------------------


@login_required
def request_detail(request, pk: int):
    """One request: the requester, the deadlines and their legal basis, the history, and the steps the official
    may take now (actions.py)."""
    info_request = get_object_or_404(InfoRequest.objects.select_related("commune", "assignee", "user"), pk=pk)
    require(request, "inforequests.handle_request", info_request)
    outcome = ACTIONS.handle(request, info_request)
    if outcome.response is not None:
        return outcome.response
    services.request_viewed(request=info_request, actor=request.user)
    today = clock.today()
    policy = domain.policy(info_request.channel, info_request.complexity)
    return render(request, "inforequests/request_detail.html", {
        "nav": "inforequests", "info_request": info_request, "unit": info_request.commune,
        "boxes": ACTIONS.boxes(request, info_request, outcome.bound),
        "events": info_request.events.select_related("actor").order_by("created", "id"),
        "files": info_request.answer_files.all(), "badges": _badges(info_request, today, calendar_for(today)),
        "policy": policy, "basis": domain.cite(policy.provide.article),
        "notice_basis": domain.cite(policy.notice.article) if policy.notice else "",
    }, status=outcome.status)


@login_required
def request_file(request, pk: int, file_pk: int):
    info_request = get_object_or_404(InfoRequest.objects.select_related("commune"), pk=pk)
    require(request, "inforequests.handle_request", info_request)
    return attachment_response(get_object_or_404(info_request.answer_files, pk=file_pk))

