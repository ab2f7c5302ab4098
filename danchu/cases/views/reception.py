"""Staff pages of citizen reception: the schedule and its sessions, the reception book, recording a visit."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danchu.core import clock
from danchu.core.exports import table_download
from danchu.core.http import form_errors, require_perm
from danchu.core.legal_rules import rule_text
from danchu.units.domain import Level

from .. import domain, forms, services
from ..models import Booking, ReceptionEntry, ReceptionSession
from ..rules import may_reveal_identity
from ..verbs import AuditVerb
from .common import unit_or_404

# --- schedule --------------------------------------------------------------------------------------


@login_required
def schedule(request, unit_pk: int):
    """Lịch tiếp công dân of a unit, with the legal minimum checked over the last and next 8 weeks."""
    unit = unit_or_404(unit_pk)
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
    sessions = list(ReceptionSession.objects.in_unit(unit).filter(day__gte=start, day__lte=end)
                    .annotate(booked=Count("bookings", filter=Q(bookings__cancelled=False))).order_by("day", "start"))
    gaps = []
    for kind in domain.FREQUENCY:
        days = [s.day for s in sessions if s.leader_kind == kind and not s.cancelled]
        if kind == domain.LeaderKind.COMMUNE_CHAIR and unit.level == Level.COMMUNE or days:
            for gap in domain.schedule_gaps(kind, days, start, end):
                gaps.append((domain.LeaderKind(kind).label, gap, domain.FREQUENCY[kind]))
    return render(request, "cases/schedule.html", {
        "nav": "cases", "unit": unit, "form": form, "sessions": sessions, "gaps": gaps, "today": today,
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def session_cancel(request, pk: int):
    session = get_object_or_404(ReceptionSession.objects.select_related("unit"), pk=pk)
    require_perm(request, "cases.manage_schedule", session)
    try:
        services.session_cancel(session=session, actor=request.user)
        messages.success(request, _("Đã hủy buổi tiếp và báo cho người đăng ký."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("cases:schedule", session.unit_id)


@login_required
def session_detail(request, pk: int):
    session = get_object_or_404(ReceptionSession.objects.select_related("unit"), pk=pk)
    require_perm(request, "cases.view_book", session)
    bookings = session.bookings.order_by("created")
    services.session_bookings_viewed(session=session, actor=request.user, count=bookings.count())
    return render(request, "cases/session_detail.html", {"nav": "cases", "unit": session.unit, "session": session,
                                                          "bookings": bookings})


# --- the reception book ----------------------------------------------------------------------------


def _book_queryset(request, unit):
    qs = ReceptionEntry.objects.in_subtree(unit).select_related("unit")
    year = request.GET.get("year", "")
    if year.isdigit() and 1990 <= int(year) <= 2100:
        qs = qs.filter(year=int(year))
    return qs.order_by("-received_on", "-number"), year


@login_required
def book(request, unit_pk: int):
    """Sổ tiếp công dân (Art.25): sealed entries show no visitor."""
    unit = unit_or_404(unit_pk)
    require_perm(request, "cases.view_book", unit)
    qs, year = _book_queryset(request, unit)
    page = Paginator(qs.prefetch_related("cases"), 50).get_page(request.GET.get("page"))
    return render(request, "cases/book.html", {"nav": "cases", "unit": unit, "page_obj": page, "year": year,
                                               "today": clock.today()})


BOOK_HEADERS = [
    gettext_lazy("STT"), gettext_lazy("Ngày tiếp"), gettext_lazy("Họ tên, địa chỉ"), gettext_lazy("CCCD/CMND/hộ chiếu"),
    gettext_lazy("Nội dung sự việc"), gettext_lazy("Loại đơn"), gettext_lazy("Số người cùng nội dung"),
    gettext_lazy("Người đại diện"), gettext_lazy("Quá trình giải quyết của cơ quan có thẩm quyền"),
    gettext_lazy("Yêu cầu, đề nghị"), gettext_lazy("Việc tiếp nhận, xử lý"), gettext_lazy("Hạn trả lời"),
    gettext_lazy("Ngày trả lời"), gettext_lazy("Số hồ sơ đơn"), gettext_lazy("Ghi chú"),
]


@login_required
def book_export(request, unit_pk: int):
    """The book as .xlsx in the usual columns (Art.25.2; NĐ 154/2026 Mẫu 03/TCD, UNVERIFIED). Audited."""
    unit = unit_or_404(unit_pk)
    require_perm(request, "cases.view_book", unit)
    qs, _year = _book_queryset(request, unit)
    rows = []
    for e in qs.prefetch_related("cases"):
        who = e.visitor_label() if e.sealed else ", ".join(x for x in (e.full_name, e.address) if x)
        kinds = ", ".join(sorted({str(c.get_kind_display()) for c in e.cases.all()}))
        reps = "" if e.sealed else "; ".join(f"{r.get('name', '')} {r.get('id_number', '')}".strip()
                                             for r in e.representatives)
        rows.append([f"{e.number}/{e.year}", e.received_on, who, "" if e.sealed else e.id_number, e.content, kinds,
                     e.people_count, reps, e.prior_handling, e.request, e.get_handling_display(), e.reply_due_on,
                     e.replied_on, ", ".join(c.code for c in e.cases.all()), e.handling_note])
    return table_download(request, headers=[str(h) for h in BOOK_HEADERS], rows=rows, fmt="xlsx",
                          sheet=_("Sổ tiếp công dân"), filename=f"so-tiep-cong-dan-{unit.name}",
                          verb=AuditVerb.BOOK_EXPORTED, target=unit, unit=unit)


@login_required
def visit_record(request, unit_pk: int):
    unit = unit_or_404(unit_pk)
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
            code = Booking.TRACKING.normalise(data["booking"])
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
            entry.refresh_from_db()
        else:
            messages.success(request, _("Đã ghi việc trả lời công dân."))
            return redirect("cases:entry-detail", entry.pk)
    services.entry_viewed(entry=entry, actor=request.user)
    return render(request, "cases/entry_detail.html", {
        "nav": "cases", "unit": entry.unit, "entry": entry, "form": form, "cases": entry.cases.all(),
        "can_reveal": entry.sealed and may_reveal_identity(request.user, entry),
        "reveal_form": forms.RevealForm(), "reply_period": rule_text("reception.reply_after_receipt"),
    }, status=400 if form.errors else 200)
