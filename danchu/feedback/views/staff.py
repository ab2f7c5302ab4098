"""The officials' pages of a unit's feedback: the queue with its filters and its .xlsx export, the statistics,
recording a feedback received by phone or in person, and one feedback with the steps that can be taken on it."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.core.attachments import attachment_response
from danchu.core.calendar_service import calendar_for
from danchu.core.exports import table_download
from danchu.core.http import CachedCountPaginator
from danchu.core.http import form_errors as _form_errors
from danchu.core.http import require_perm as require
from danchu.core.legal_rules import rule_text
from danchu.core.text import fold
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from .. import domain, services, stats
from ..actions import ACTIONS
from ..domain import TRACKING, State
from ..forms import HONEYPOT, StaffRecordForm
from ..models import Category, Feedback
from ..queue import DUES, STATES, filter_queue
from ..reminders import DUE_SOON_WORKING_DAYS
from ..verbs import AuditVerb


def _queue(request, unit: AdministrativeUnit, today: date):
    state = request.GET.get("state", "open")
    state = state if state in STATES else ""
    due = request.GET.get("due", "")
    due = due if due in DUES else ""
    category = request.GET.get("category", "")[:40].replace("\x00", "")
    qs = filter_queue(Feedback.objects.in_subtree(unit).select_related("commune", "category", "assignee"),
                      state=state, due=due, category=category, today=today)
    q = request.GET.get("q", "")[:100].replace("\x00", "").strip()
    if q:
        code = TRACKING.normalise(q)
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
    cal = calendar_for(today)
    rows = [(f, {"overdue": f.is_overdue(today),
                 "soon": f.is_open() and domain.is_due_within(f.due_on, today, DUE_SOON_WORKING_DAYS, cal)})
            for f in page]
    base = request.GET.copy()
    base.pop("page", None)
    return render(request, "feedback/staff_list.html", {
        "nav": "feedback-staff", "unit": unit, "page_obj": page, "rows": rows, "state": state, "due": due,
        "category": category, "q": q, "states": State.choices, "categories": Category.objects.all(),
        "summary": stats.summary(Feedback.objects.in_subtree(unit), today=today), "today": today,
        "querystring_base": (base.urlencode() + "&") if base else "", "export_query": base.urlencode(),
        "soon_days": DUE_SOON_WORKING_DAYS,
        "can_handle": request.user.has_perm("feedback.handle_feedback", unit),
    })


@login_required
def staff_export(request, unit_pk: int):
    """The queue as .xlsx (contains personal data: every export is audited)."""
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "feedback.handle_feedback", unit)
    today = clock.today()
    qs, *_rest = _queue(request, unit, today)
    qs = qs.select_related("village", "organisation").order_by("-received_at", "-id")[:50000]
    headers = [_("Mã tra cứu"), _("Thời điểm tiếp nhận"), _("Xã, phường"), _("Thôn, tổ dân phố"), _("Lĩnh vực"),
               _("Nội dung"), _("Địa điểm"), _("Vĩ độ"), _("Kinh độ"), _("Người phản ánh"), _("Điện thoại"),
               _("Thư điện tử"), _("Kênh"), _("Trạng thái"), _("Tổ chức chịu trách nhiệm"), _("Người xử lý"),
               _("Hạn trả lời"), _("Quá hạn"), _("Ngày trả lời"), _("Đúng hạn"), _("Mức hài lòng")]
    rows = [[f.tracking_code, f.received_at.astimezone(clock.LEGAL_TIME_ZONE).replace(tzinfo=None), f.commune.name,
             f.village.name if f.village else "", f.category.name, f.description, f.address, f.lat, f.lon,
             _("(ẩn danh)") if f.anonymous else f.reporter_name, f.phone, f.email, f.get_channel_display(),
             f.get_state_display(), f.organisation.name if f.organisation else "",
             f.assignee.get_full_name() if f.assignee else "", f.due_on,
             _("Có") if f.is_overdue(today) else "",
             clock.local_date(f.answered_at) if f.answered_at else None,
             {True: _("Có"), False: _("Không")}.get(f.answered_on_time, ""), f.rating] for f in qs]
    return table_download(request, headers=headers, rows=rows, sheet=_("Phản ánh, kiến nghị"),
                          filename=f"phan-anh-kien-nghi-{unit.name}", verb=AuditVerb.FEEDBACK_EXPORTED, target=unit,
                          unit=unit, data={"filters": request.GET.dict()})


@login_required
def staff_stats(request, unit_pk: int):
    """Statistics by unit, category and period: received, answered, on time, overdue, satisfaction."""
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "feedback.view_feedback", unit)
    today = clock.today()
    start, end = stats.period(request.GET, today)
    qs = Feedback.objects.in_subtree(unit).filter(received_on__gte=start, received_on__lte=end)
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


@login_required
def staff_detail(request, pk: int):
    """One feedback: the reporter (every view audited), the content, photos and place, possible duplicates, the
    history, and the steps the official may take now (actions.py)."""
    feedback = get_object_or_404(Feedback.objects.select_related(
        "commune", "village", "category", "assignee", "organisation", "duplicate_of", "user"), pk=pk)
    require(request, "feedback.view_feedback", feedback)
    if request.method == "POST":
        require(request, "feedback.handle_feedback", feedback)
    outcome = ACTIONS.handle(request, feedback)
    if outcome.response is not None:
        if not request.user.has_perm("feedback.view_feedback", feedback):
            # transferred to a commune this official does not cover: back to their own queue
            unit_pk = _from_unit(request)
            return redirect("feedback:staff-list", unit_pk) if unit_pk else redirect("home")
        return outcome.response
    services.feedback_viewed(feedback=feedback, actor=request.user)
    today = clock.today()
    return render(request, "feedback/staff_detail.html", {
        "nav": "feedback-staff", "feedback": feedback, "unit": feedback.commune,
        "boxes": ACTIONS.boxes(request, feedback, outcome.bound),
        "events": feedback.events.select_related("actor", "from_unit", "to_unit"),
        "photos": feedback.photos.all(), "overdue": feedback.is_overdue(today),
        "soon": feedback.is_open() and domain.is_due_within(feedback.due_on, today, DUE_SOON_WORKING_DAYS,
                                                            calendar_for(today)),
        "transfer_late": feedback.is_open() and feedback.transfer_due_on and today > feedback.transfer_due_on,
        "transfer_period": rule_text("feedback.transfer_if_not_competent"),
        "duplicates": services.find_duplicates(feedback) if feedback.is_open() else [],
        "merged": feedback.duplicates.all(), "suggested_kind": domain.suggest_case_kind(feedback.description),
        "map": _map(feedback),
    }, status=outcome.status)


def _from_unit(request) -> int:
    """Where to go after transferring a feedback away: the official's active unit (or their first unit)."""
    unit = getattr(request, "active_unit", None)
    if unit is not None:
        return unit.pk
    from danchu.units.access import units_for

    first = units_for(request.user).first()
    return first.pk if first else 0


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
