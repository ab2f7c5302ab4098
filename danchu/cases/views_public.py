"""Public pages: a unit's reception schedule (HTML and iCalendar), online booking, case tracking by code, and the
published conclusions of denunciations (Luật Tố cáo Art.40: never the denouncer)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from danchu.core import clock
from danchu.core.exports import file_download
from danchu.core.http import form_errors
from danchu.units.models import AdministrativeUnit

from . import documents, domain, forms, services
from .domain import CaseKind, State
from .limits import booking_allowed, booking_lookup_allowed, tracking_allowed
from .models import Booking, Case, DocumentKind, ReceptionSession

SESSION_KEY = "cases:booked"


def _upcoming(unit):
    today = clock.today()
    return (ReceptionSession.objects.in_unit(unit).filter(day__gte=today, day__lte=today + timedelta(days=120),
                                                          cancelled=False)
            .annotate(booked=Count("bookings", filter=Q(bookings__cancelled=False))).order_by("day", "start"))


def reception_index(request):
    """Communes with upcoming reception sessions, and the tracking form."""
    from danchu.units.domain import Level

    today = clock.today()
    units = (AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True,
                                               reception_sessions__day__gte=today,
                                               reception_sessions__cancelled=False)
             .annotate(upcoming=Count("reception_sessions", distinct=True)).order_by("name_folded"))
    return render(request, "cases/reception_index.html", {"nav": "reception", "units": units,
                                                          "form": forms.TrackForm()})


def schedule_public(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    sessions = [(s, max(0, s.capacity - s.booked)) for s in _upcoming(unit)]
    conclusions = (Case.objects.filter(unit=unit, kind=CaseKind.DENUNCIATION, published_on__isnull=False)
                   .order_by("-published_on")[:20])
    return render(request, "cases/schedule_public.html", {
        "nav": "reception", "unit": unit, "sessions": sessions, "conclusions": conclusions,
        "commune_chair_minimum": domain.frequency_text(domain.LeaderKind.COMMUNE_CHAIR)})


def _ics_escape(text: str) -> str:
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r", "")
            .replace("\n", "\\n"))


ICS_LINE_OCTETS = 75  # RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break


def ics_fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets (UTF-8), each continuation starting with one space
    (RFC 5545 §3.1); a multi-octet character (every Vietnamese letter with a diacritic) is never split."""
    parts, current, size = [], [], 0
    for char in line:
        octets = len(char.encode("utf-8"))
        limit = ICS_LINE_OCTETS if not parts else ICS_LINE_OCTETS - 1  # the leading space counts
        if size + octets > limit:
            parts.append("".join(current))
            current, size = [], 0
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts)


# Asia/Ho_Chi_Minh: UTC+7 all year, no daylight saving time (since 1975) — a single STANDARD component
# (RFC 5545 §3.6.5: every TZID used by a DTSTART/DTEND must have its VTIMEZONE in the calendar).
VTIMEZONE_HO_CHI_MINH = [
    "BEGIN:VTIMEZONE", "TZID:Asia/Ho_Chi_Minh", "X-LIC-LOCATION:Asia/Ho_Chi_Minh",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0700", "TZOFFSETTO:+0700", "TZNAME:+07", "DTSTART:19700101T000000",
    "END:STANDARD", "END:VTIMEZONE",
]


def schedule_ics(request, unit_pk: int):
    """The schedule as an iCalendar feed (RFC 5545): local times of Asia/Ho_Chi_Minh with its VTIMEZONE, content
    lines folded at 75 octets."""
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    stamp = clock.now().strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//danchu//tiep-cong-dan//VI", "CALSCALE:GREGORIAN",
             f"X-WR-CALNAME:{_ics_escape(_('Lịch tiếp công dân — %(u)s') % {'u': unit.name})}",
             "X-WR-TIMEZONE:Asia/Ho_Chi_Minh", *VTIMEZONE_HO_CHI_MINH]
    for s in _upcoming(unit):
        start = datetime.combine(s.day, s.start).strftime("%Y%m%dT%H%M%S")
        end = datetime.combine(s.day, s.end).strftime("%Y%m%dT%H%M%S")
        summary = _("Tiếp công dân: %(n)s, %(t)s") % {"n": s.leader_name, "t": s.leader_title}
        lines += ["BEGIN:VEVENT", f"UID:tiep-cong-dan-{s.pk}@danchu", f"DTSTAMP:{stamp}",
                  f"DTSTART;TZID=Asia/Ho_Chi_Minh:{start}", f"DTEND;TZID=Asia/Ho_Chi_Minh:{end}",
                  f"SUMMARY:{_ics_escape(summary)}", f"LOCATION:{_ics_escape(s.place)}",
                  f"CATEGORIES:{_ics_escape(str(s.get_kind_display()))}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    content = ("\r\n".join(ics_fold(line) for line in lines) + "\r\n").encode("utf-8")
    return file_download(content, filename=f"lich-tiep-cong-dan-{unit.pk}", extension="ics",
                         content_type="text/calendar; charset=utf-8", inline=True)


def booking_create(request, session_pk: int):
    session = get_object_or_404(ReceptionSession.objects.select_related("unit"), pk=session_pk)
    initial = {"people_count": 1}
    if request.user.is_authenticated:
        initial.update(full_name=request.user.get_full_name(), phone=getattr(request.user, "phone", "") or "")
    form = forms.BookingForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if request.POST.get(forms.HONEYPOT):
            request.session[SESSION_KEY] = ""
            return redirect("cases:booking-done")
        if not booking_allowed(request):
            form.add_error(None, _("Bạn đã đăng ký quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau."))
            status = 429
        elif form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != forms.HONEYPOT}
            try:
                booking = services.booking_create(session=session, user=request.user, **data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                request.session[SESSION_KEY] = booking.tracking_code
                return redirect("cases:booking-done")
        if status == 200 and form.errors:
            status = 400
    free = services.session_free_places(session)
    return render(request, "cases/booking_form.html", {"nav": "reception", "unit": session.unit, "session": session,
                                                       "form": form, "free": free}, status=status)


@never_cache
def booking_done(request):
    if SESSION_KEY not in request.session:
        raise Http404
    code = request.session.pop(SESSION_KEY)
    booking = Booking.objects.filter(tracking_code=code).select_related("session__unit").first() if code else None
    return render(request, "cases/booking_done.html", {"nav": "reception", "booking": booking, "code": code})


@never_cache
def my_bookings(request):
    """A resident's bookings: all of them when logged in; one, found with its code and phone, otherwise. Each can be
    cancelled while its session is upcoming."""
    status = 200
    found = None
    form = forms.BookingLookupForm(request.POST if request.POST.get("action") in ("find", "cancel_code") else None)
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "cancel_mine" and request.user.is_authenticated:
            pk = request.POST.get("booking", "")
            booking = (Booking.objects.filter(pk=int(pk), user=request.user).first()
                       if pk.isdigit() and len(pk) < 18 else None)
            if booking is None:
                raise Http404
            try:
                services.booking_cancel(booking=booking, actor=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(request, _("Đã hủy đăng ký %(c)s.") % {"c": booking.tracking_code})
            return redirect("cases:my-bookings")
        if action in ("find", "cancel_code"):
            if not booking_lookup_allowed(request):
                form.add_error(None, _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."))
                status = 429
            elif form.is_valid():
                found = services.booking_find(code=form.cleaned_data["code"], phone=form.cleaned_data["phone"])
                if found is None:
                    form.add_error(None, _("Không tìm thấy đăng ký với mã và số điện thoại này."))
                    status = 404
                elif action == "cancel_code":
                    try:
                        services.booking_cancel(booking=found, actor=request.user)
                    except ValidationError as exc:
                        form.add_error(None, " ".join(exc.messages))
                        status = 400
                    else:
                        messages.success(request, _("Đã hủy đăng ký %(c)s.") % {"c": found.tracking_code})
                        return redirect("cases:my-bookings")
            else:
                status = 400
    mine = []
    if request.user.is_authenticated:
        mine = list(Booking.objects.filter(user=request.user).select_related("session__unit")
                    .order_by("-session__day", "-session__start"))
    response = render(request, "cases/my_bookings.html", {
        "nav": "reception", "form": form, "found": found, "mine": mine, "today": clock.today()},
        status=status)
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def case_track(request):
    """The citizen follows a letter with its tracking code: state, steps and deadline — never personal data or
    internal notes."""
    data = request.POST if request.method == "POST" else (request.GET if "code" in request.GET else None)
    form = forms.TrackForm(data)
    case = None
    status = 200
    if data is not None:
        if not tracking_allowed(request):
            form.add_error(None, _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút."))
            status = 429
        elif form.is_valid():
            code = Case.TRACKING.normalise(form.cleaned_data["code"])
            if Case.TRACKING.is_valid(code):
                case = Case.objects.select_related("unit").filter(tracking_code=code).first()
            if case is None:
                form.add_error("code", _("Không tìm thấy đơn với mã này."))
                status = 404
    events = [e for e in case.events.order_by("created", "id") if e.note] if case else []
    response = render(request, "cases/case_track.html", {"nav": "reception", "form": form, "case": case,
                                                         "events": events}, status=status)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin"
    return response


def conclusion_public(request, pk: int):
    """Art.40: the published conclusion of a denunciation — the conclusion's text, never the denouncer."""
    case = get_object_or_404(Case.objects.select_related("unit"), pk=pk, kind=CaseKind.DENUNCIATION,
                             state=State.DECIDED, published_on__isnull=False)
    document = case.documents.filter(kind=DocumentKind.PUBLICATION).order_by("-number").first()
    if document is None:
        raise Http404
    return render(request, "cases/conclusion_public.html", {"nav": "reception", "unit": case.unit, "case": case,
                                                            "paper": documents.compose(document)})
