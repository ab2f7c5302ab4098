"""Citizen reception: the schedule of reception sessions, residents' bookings, the reception book (Luật Tiếp công
dân Art.25) and the reply to the citizen (Art.28.1). A visit that includes a denunciation seals the visitor's
identity at once; it is never written in clear (Luật Tố cáo Art.47, 56)."""

from __future__ import annotations

from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as stored  # stored text stays Vietnamese

from danchu.core import audit, clock
from danchu.core.calendar_service import calendar_for
from danchu.core.documents import fmt_date
from danchu.core.errors import field_error
from danchu.core.notify import notify
from danchu.core.services import locked, service
from danchu.core.text import clean_field
from danchu.units.access import can
from danchu.units.domain import Capability

from .. import domain
from ..domain import CaseKind, Handling, LeaderKind, SessionKind
from ..identity import Identity, seal
from ..models import Booking, ReceptionEntry, ReceptionSession, SealedIdentity
from ..verbs import AuditVerb
from .common import (
    EARLIEST,
    MAX_TEXT,
    act_date,
    actor_or_system,
    check_commune,
    clean_id_number,
    clean_phone,
    collect_errors,
    rules_for,
)
from .letters import Letter, case_from_letter

# --- reception schedule and bookings ---------------------------------------------------------------


@service(AuditVerb.SESSION_CREATED, private=("leader_name", "leader_title", "place"))
def session_create(*, unit, actor, leader_name: str, leader_title: str, leader_kind: str, day: date, start: time,
                   end: time, place: str, kind: str = SessionKind.REGULAR, capacity: int = 10) -> ReceptionSession:
    check_commune(unit)
    if leader_kind not in LeaderKind.values:
        raise field_error("leader_kind", _("Vai trò người tiếp không hợp lệ."), "invalid_leader_kind")
    if kind not in SessionKind.values:
        raise field_error("kind", _("Loại lịch không hợp lệ."), "invalid_kind")
    if not isinstance(day, date) or day < EARLIEST:
        raise field_error("day", _("Ngày tiếp không hợp lệ."), "invalid_date")
    if not (isinstance(start, time) and isinstance(end, time)) or start >= end:
        raise field_error("end", _("Giờ kết thúc phải sau giờ bắt đầu."), "invalid_time")
    if isinstance(capacity, bool) or not isinstance(capacity, int) or not 1 <= capacity <= 200:
        raise field_error("capacity", _("Số lượt đăng ký từ 1 đến 200."), "invalid_capacity")
    session = ReceptionSession(
        unit=unit, leader_name=clean_field(leader_name, "leader_name", max_length=150),
        leader_title=clean_field(leader_title, "leader_title", max_length=150), leader_kind=leader_kind,
        kind=kind, day=day, start=start, end=end, place=clean_field(place, "place", max_length=300),
        capacity=capacity)
    session.full_clean()
    session.save()
    audit.record(actor=actor, verb=AuditVerb.SESSION_CREATED, target=session, unit=unit,
                 data={"day": day, "leader_kind": leader_kind, "kind": kind})
    return session


@service(AuditVerb.SESSION_CANCELLED)
def session_cancel(*, session: ReceptionSession, actor) -> ReceptionSession:
    locked(session)
    if session.cancelled:
        raise ValidationError(_("Buổi tiếp này đã hủy."), code="already_cancelled")
    session.cancelled = True
    session.save(update_fields=["cancelled", "modified"])
    audit.record(actor=actor, verb=AuditVerb.SESSION_CANCELLED, target=session, unit=session.unit, data={})
    for booking in session.bookings.filter(cancelled=False).exclude(phone=""):  # a sealed booking has no phone
        notify(channel="sms", address=booking.phone, actor=actor, subject=_("Hủy buổi tiếp công dân"),
               body=_("Buổi tiếp công dân ngày %(d)s tại %(p)s đã hủy. Mã đăng ký %(c)s.") % {
                   "d": fmt_date(session.day), "p": session.place, "c": booking.tracking_code})
    return session


def session_free_places(session: ReceptionSession) -> int:
    return max(0, session.capacity - session.bookings.filter(cancelled=False).count())


@service(AuditVerb.BOOKING_CREATED, private=("topic",))
def booking_create(*, session: ReceptionSession, full_name: str, phone: str, topic: str, people_count: int = 1,
                   user=None) -> Booking:
    """A resident books a place in an upcoming session (online registration, as iHanoi offers)."""
    locked(session)
    if session.cancelled or session.day < clock.today():
        raise ValidationError(_("Buổi tiếp này đã hủy hoặc đã qua, hãy chọn buổi khác."), code="session_closed")
    if isinstance(people_count, bool) or not isinstance(people_count, int) or not 1 <= people_count <= 200:
        raise field_error("people_count", _("Số người cùng đến từ 1 đến 200."), "invalid_people_count")
    if session_free_places(session) <= 0:
        raise ValidationError(_("Buổi tiếp này đã đủ lượt đăng ký, hãy chọn buổi khác."), code="session_full")
    errors: dict = {}
    values = {
        "full_name": collect_errors(errors, lambda: clean_field(full_name, "full_name", max_length=150,
                                                                message=_("Cần nhập họ và tên."))),
        "phone": collect_errors(errors, lambda: clean_phone(phone, required=True)),
        "topic": collect_errors(errors, lambda: clean_field(topic, "topic", max_length=500,
                                                            message=_("Cần tóm tắt nội dung cần trình bày."))),
    }
    if errors:
        raise ValidationError(errors)
    account = user if getattr(user, "is_authenticated", False) else None
    booking = Booking.objects.create(session=session, tracking_code=Booking.new_tracking_code(),
                                     people_count=people_count, user=account, **values)
    audit.record(actor=account or "public", verb=AuditVerb.BOOKING_CREATED, target=booking, unit=session.unit,
                 data={"session": session.pk, "people_count": people_count})
    notify(channel="sms", address=booking.phone, actor="system", subject=_("Đăng ký tiếp công dân"),
           body=_("Đã đăng ký tiếp công dân ngày %(d)s, %(t)s tại %(p)s. Mã đăng ký: %(c)s.") % {
               "d": fmt_date(session.day), "t": session.start.strftime("%H:%M"), "p": session.place,
               "c": booking.tracking_code})
    return booking


def booking_find(*, code: str, phone: str) -> Booking | None:
    """A resident's booking by its code and the phone it was made with (the SMS with the code went there). A
    sealed booking has neither and is never found."""
    code = Booking.TRACKING.normalise(code)
    try:
        phone = clean_phone(phone, required=True)
    except ValidationError:
        return None
    if not Booking.TRACKING.is_valid(code):
        return None
    return (Booking.objects.select_related("session__unit").filter(tracking_code=code, phone=phone, sealed=False)
            .first())


@service(AuditVerb.BOOKING_CANCELLED)
def booking_cancel(*, booking: Booking, actor=None) -> Booking:
    """The resident cancels their own booking (logged in, or with its code and phone): the place is freed. Not
    once the session is past or cancelled, nor once the visit was recorded. Audited (no content)."""
    locked(booking, "session")
    if booking.cancelled:
        raise ValidationError(_("Đăng ký này đã hủy."), code="already_cancelled")
    if booking.session.cancelled or booking.session.day < clock.today() or booking.entries.exists():
        raise ValidationError(_("Buổi tiếp đã qua hoặc đã hủy, không thể hủy đăng ký."), code="session_closed")
    booking.cancelled = True
    booking.save(update_fields=["cancelled", "modified"])
    user = actor if getattr(actor, "is_authenticated", False) else None
    audit.record(actor=user or "public", verb=AuditVerb.BOOKING_CANCELLED, target=booking, unit=booking.session.unit,
                 data={"session": booking.session_id, "by": "account" if user else "code"})
    return booking


# --- the reception book and intake -----------------------------------------------------------------


def _seal_booking(booking: Booking) -> None:
    """The booking of a visit that included a denunciation would name the denouncer to every receiver: erase its
    name, phone, topic and account link, and the text of the booking SMS kept in the notification log (the
    sealed identity of the book line holds what is needed). The append-only audit log keeps only that a booking
    was made, by which account, with no content."""
    from danchu.core.models import Notification

    if booking.sealed:
        return
    Notification.objects.filter(address=booking.phone, body__contains=booking.tracking_code).exclude(
        status=Notification.Status.PENDING).update(address="", subject=stored("Đăng ký tiếp công dân"),
                                                   body=stored("(nội dung được bảo mật)"))
    booking.full_name, booking.phone, booking.topic, booking.user, booking.sealed = "", "", "", None, True
    booking.save(update_fields=["full_name", "phone", "topic", "user", "sealed", "modified"])


def _next_number(unit, year: int) -> int:
    current = ReceptionEntry.objects.filter(unit=unit, year=year).aggregate(m=Max("number"))["m"] or 0
    return current + 1


@service(AuditVerb.ENTRY_RECORDED, private=("representatives", "prior_handling", "request", "letters"))
def reception_record(*, unit, actor, full_name: str, address: str = "", id_number: str = "", phone: str = "",
                     people_count: int = 1, representatives: list | None = None, content: str,
                     prior_handling: str = "", request: str = "", letters: list[Letter] | None = None,
                     received_on: date | None = None, session: ReceptionSession | None = None,
                     booking: Booking | None = None, remote_area: bool = False) -> ReceptionEntry:
    """Record a visit in the reception book (Art.25) and split it into letters (Art.25.3). If one letter is a
    denunciation the visitor's identity is sealed at once and never written in clear."""
    check_commune(unit)
    if not can(actor, Capability.RECEIVE_CITIZENS, unit):
        raise PermissionDenied
    received_on = act_date(received_on, "received_on")
    letters = list(letters or [])
    errors: dict = {}

    def collect(fn):
        return collect_errors(errors, fn)

    full_name = collect(lambda: clean_field(full_name, "full_name", max_length=150,
                                            message=_("Cần nhập họ và tên người đến (Điều 25 Luật Tiếp công dân).")))
    address = collect(lambda: clean_field(address, "address", required=False, max_length=300))
    id_number = collect(lambda: clean_id_number(id_number))
    phone = collect(lambda: clean_phone(phone))
    content = collect(lambda: clean_field(content, "content", max_length=MAX_TEXT, single_line=False,
                                          message=_("Cần ghi nội dung sự việc.")))
    prior_handling = collect(lambda: clean_field(prior_handling, "prior_handling", required=False,
                                                 max_length=MAX_TEXT, single_line=False))
    request = collect(lambda: clean_field(request, "request", required=False, max_length=MAX_TEXT, single_line=False))
    reps = []
    for rep in list(representatives or [])[:52]:
        name = collect(lambda rep=rep: clean_field((rep or {}).get("name"), "representatives", max_length=150,
                                                   message=_("Cần họ tên người đại diện.")))
        rid = collect(lambda rep=rep: clean_id_number((rep or {}).get("id_number"), "representatives"))
        reps.append({"name": name, "id_number": rid})
    try:
        domain.check_representatives(people_count, len(reps))
    except ValidationError as exc:
        for key, errs in exc.error_dict.items():
            errors.setdefault("representatives" if key == "representative_count" else key, []).extend(errs)
    for letter in letters:
        if letter.kind not in CaseKind.values:
            errors.setdefault("letters", []).append(ValidationError(_("Loại đơn không hợp lệ."), code="invalid_kind"))
        collect(lambda letter=letter: clean_field(letter.summary, "letters", max_length=300,
                                                  message=_("Cần tóm tắt nội dung từng đơn.")))
    if errors:
        raise ValidationError(errors)
    sealed = any(letter.kind == CaseKind.DENUNCIATION for letter in letters)
    cal = calendar_for(received_on)
    rules = rules_for(received_on)
    entry = ReceptionEntry(
        unit=unit, year=received_on.year, number=_next_number(unit, received_on.year), received_on=received_on,
        session=session, booking=booking, sealed=sealed,
        full_name="" if sealed else full_name, address="" if sealed else address,
        id_number="" if sealed else id_number,
        people_count=people_count, representatives=[] if sealed else reps, content=content,
        prior_handling=prior_handling, request=request,
        handling=Handling.ACCEPTED if letters else Handling.PENDING,
        reply_due_on=domain.reception_reply_due(received_on, rules, cal),
        receiver=actor_or_system(actor))
    entry.full_clean()
    entry.save()
    identity = Identity(full_name=full_name, address=address, id_number=id_number, phone=phone,
                        note="; ".join(f"{r['name']} {r['id_number']}".strip() for r in reps))
    if sealed:
        SealedIdentity.objects.create(entry=entry, token=seal(identity))
        if booking is not None:
            _seal_booking(booking)
    audit.record(actor=actor, verb=AuditVerb.ENTRY_RECORDED, target=entry, unit=unit,
                 data={"number": entry.number, "year": entry.year, "people_count": people_count, "sealed": sealed,
                       "letters": [letter.kind for letter in letters], "reply_due_on": entry.reply_due_on})
    for letter in letters:
        # a denunciation carries only its own content: the rest of the visit could point at the denouncer (Art.56)
        case_from_letter(unit=unit, actor=actor, letter=letter,
                         content=letter.summary if letter.kind == CaseKind.DENUNCIATION else content,
                         received_on=received_on, entry=entry, identity=identity, people_count=people_count,
                         representative_count=len(reps), remote_area=remote_area, rules=rules, cal=cal)
    return entry


@service(AuditVerb.ENTRY_REPLIED)
def entry_reply(*, entry: ReceptionEntry, actor, handling: str, note: str = "", on: date | None = None
                ) -> ReceptionEntry:
    """Tell the citizen what happens to the visit (Art.28.1: within 10 working days)."""
    locked(entry)
    if handling not in Handling.values or handling == Handling.PENDING:
        raise field_error("handling", _("Hãy chọn kết quả xử lý."), "invalid_handling")
    on = act_date(on, "on", not_before=entry.received_on, label_before=_("ngày tiếp"))
    entry.handling = handling
    entry.handling_note = clean_field(note, "note", required=handling in (Handling.GUIDED, Handling.TRANSFERRED),
                                      max_length=MAX_TEXT, single_line=False,
                                      message=_("Cần ghi cơ quan có thẩm quyền đã hướng dẫn hoặc chuyển đến."))
    entry.replied_on = on
    entry.save(update_fields=["handling", "handling_note", "replied_on", "modified"])
    audit.record(actor=actor, verb=AuditVerb.ENTRY_REPLIED, target=entry, unit=entry.unit,
                 data={"handling": handling, "replied_on": on,
                       "on_time": bool(entry.reply_due_on and on <= entry.reply_due_on)})
    return entry


@service(AuditVerb.SESSION_BOOKINGS_VIEWED)
def session_bookings_viewed(*, session: ReceptionSession, actor, count: int, via: str = "html") -> None:
    """Reading the bookings of a session (residents' names and phones) is audited."""
    audit.record(actor=actor, verb=AuditVerb.SESSION_BOOKINGS_VIEWED, target=session, unit=session.unit,
                 data={"count": count, "via": via})


@service(AuditVerb.ENTRY_VIEWED)
def entry_viewed(*, entry: ReceptionEntry, actor, via: str = "html") -> None:
    audit.record(actor=actor, verb=AuditVerb.ENTRY_VIEWED, target=entry, unit=entry.unit, data={"via": via})
