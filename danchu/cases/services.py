"""Write functions of citizen reception and cases. Each runs in one transaction, goes through domain.py, writes its
audit row there and notifies after commit. No audit row, notification or log line carries a denouncer's identity
(Luật Tố cáo Art.8.3, 47, 56): audit data holds codes, states and dates only; str(case) is its file number."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as stored  # stored text stays Vietnamese

from danchu.core import audit, clock
from danchu.core.calendar_service import get_calendar
from danchu.core.errors import field_error
from danchu.core.i18n import in_default_language
from danchu.core.notify import notify
from danchu.core.text import clean_text, nfc
from danchu.units.access import can
from danchu.units.domain import ROLE_CAPABILITIES, Capability, Level

from . import domain
from .domain import CaseKind, Complexity, Finding, Handling, LeaderKind, MediationState, SessionKind, State
from .identity import Identity, seal, unseal
from .models import (
    Booking,
    Case,
    CaseDocument,
    CaseEvent,
    CaseReminder,
    DocumentKind,
    MediationCase,
    MediationSession,
    MediationTeam,
    Mediator,
    ReceptionEntry,
    ReceptionSession,
    RuleVersion,
    SealedIdentity,
)

MAX_TEXT = 10000
EARLIEST = date(2012, 7, 1)  # Luật Khiếu nại in force
KIND_PREFIX = {CaseKind.COMPLAINT: "KN", CaseKind.DENUNCIATION: "TC", CaseKind.PETITION: "KNPA"}


def calendar_for(start: date):
    return get_calendar(range(start.year, start.year + 2))


def rules_for(on: date) -> domain.RuleSet:
    """The deadline rules in force for a letter received on `on` (RuleVersion rows over the default)."""
    versions = []
    for version in RuleVersion.objects.filter(effective_from__lte=on):
        try:
            versions.append(version.as_ruleset())
        except ValidationError:  # a broken row (edited outside the admin) never blocks the work
            continue
    return domain.pick_ruleset(versions, on)


# --- small validators ------------------------------------------------------------------------------


def _text(value, field: str, *, required: bool, max_length: int, message: str | None = None,
          single_line: bool = True) -> str:
    value = clean_text(str(value or "")) if single_line else nfc(str(value or "")).replace("\x00", "").strip()
    value = value.replace("\x00", "")
    if required and not value:
        raise field_error(field, message or _("Trường này là bắt buộc."), "required")
    if len(value) > max_length:
        raise field_error(field, _("Tối đa %(n)d ký tự.") % {"n": max_length}, "too_long")
    return value


def _phone(value: str, field: str = "phone", *, required: bool = False) -> str:
    value = re.sub(r"[\s.\-()]", "", str(value or ""))
    if not value:
        if required:
            raise field_error(field, _("Cần nhập số điện thoại."), "required")
        return ""
    if value.startswith("+84"):
        value = "0" + value[3:]
    if not re.fullmatch(r"0\d{9,10}", value):
        raise field_error(field, _("Số điện thoại không hợp lệ (ví dụ: 0912 345 678)."), "invalid_phone")
    return value


def _id_number(value: str, field: str = "id_number", *, required: bool = False) -> str:
    value = re.sub(r"[\s.\-]", "", str(value or "")).upper()
    if not value:
        if required:
            raise field_error(field, _("Cần nhập số CCCD, CMND hoặc hộ chiếu."), "required")
        return ""
    if not (re.fullmatch(r"\d{9}|\d{12}", value) or re.fullmatch(r"[A-Z]\d{7,8}", value)):
        raise field_error(field, _("Số giấy tờ không hợp lệ: CCCD 12 chữ số, CMND 9 chữ số, hộ chiếu 1 chữ cái và "
                                   "7–8 chữ số."), "invalid_id_number")
    return value


def _day(value, field: str, *, not_before: date | None = None, label_before: str = "") -> date:
    """A date of an act: not in the future, not before the laws, not before the previous step."""
    today = clock.today()
    value = value or today
    if not isinstance(value, date):
        raise field_error(field, _("Ngày không hợp lệ."), "invalid_date")
    if value > today:
        raise field_error(field, _("Ngày không thể ở tương lai."), "future_date")
    if value < EARLIEST:
        raise field_error(field, _("Ngày phải từ 01/07/2012."), "too_old")
    if not_before and value < not_before:
        raise field_error(field, _("Ngày này không thể trước %(what)s (%(d)s).") % {
            "what": label_before, "d": _fmt(not_before)}, "before_previous_step")
    return value


def _fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "—"


def _check_commune(unit) -> None:
    if unit is None or unit.level not in (Level.COMMUNE, Level.PROVINCE) or unit.valid_to is not None:
        raise field_error("unit", _("Hãy chọn một xã, phường (hoặc cấp tỉnh) đang hoạt động."), "not_a_commune")


def _actor_or_system(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# --- reception schedule and bookings ---------------------------------------------------------------


@transaction.atomic
@in_default_language
def session_create(*, unit, actor, leader_name: str, leader_title: str, leader_kind: str, day: date, start: time,
                   end: time, place: str, kind: str = SessionKind.REGULAR, capacity: int = 10) -> ReceptionSession:
    _check_commune(unit)
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
        unit=unit, leader_name=_text(leader_name, "leader_name", required=True, max_length=150),
        leader_title=_text(leader_title, "leader_title", required=True, max_length=150), leader_kind=leader_kind,
        kind=kind, day=day, start=start, end=end, place=_text(place, "place", required=True, max_length=300),
        capacity=capacity)
    session.full_clean()
    session.save()
    audit.record(actor=actor, verb="cases.session.created", target=session, unit=unit,
                 data={"day": day, "leader_kind": leader_kind, "kind": kind})
    return session


@transaction.atomic
def session_cancel(*, session: ReceptionSession, actor) -> ReceptionSession:
    if session.cancelled:
        raise ValidationError(_("Buổi tiếp này đã hủy."), code="already_cancelled")
    session.cancelled = True
    session.save(update_fields=["cancelled", "modified"])
    audit.record(actor=actor, verb="cases.session.cancelled", target=session, unit=session.unit, data={})
    for booking in session.bookings.filter(cancelled=False).exclude(phone=""):  # a sealed booking has no phone
        notify(channel="sms", address=booking.phone, actor=actor, subject=_("Hủy buổi tiếp công dân"),
               body=_("Buổi tiếp công dân ngày %(d)s tại %(p)s đã hủy. Mã đăng ký %(c)s.") % {
                   "d": _fmt(session.day), "p": session.place, "c": booking.tracking_code})
    return session


def session_free_places(session: ReceptionSession) -> int:
    return max(0, session.capacity - session.bookings.filter(cancelled=False).count())


def _new_code(model, field: str) -> str:
    for _i in range(20):
        code = domain.new_tracking_code()
        if not model.objects.filter(**{field: code}).exists():
            return code
    raise RuntimeError("no free code")  # pragma: no cover


@transaction.atomic
@in_default_language
def booking_create(*, session: ReceptionSession, full_name: str, phone: str, topic: str, people_count: int = 1,
                   user=None) -> Booking:
    """A resident books a place in an upcoming session (online registration, as iHanoi offers)."""
    session = ReceptionSession.objects.select_for_update().get(pk=session.pk)
    today = clock.today()
    if session.cancelled or session.day < today:
        raise ValidationError(_("Buổi tiếp này đã hủy hoặc đã qua, hãy chọn buổi khác."), code="session_closed")
    if isinstance(people_count, bool) or not isinstance(people_count, int) or not 1 <= people_count <= 200:
        raise field_error("people_count", _("Số người cùng đến từ 1 đến 200."), "invalid_people_count")
    if session_free_places(session) <= 0:
        raise ValidationError(_("Buổi tiếp này đã đủ lượt đăng ký, hãy chọn buổi khác."), code="session_full")
    errors: dict = {}
    values = {}
    for name, fn in (("full_name", lambda: _text(full_name, "full_name", required=True, max_length=150,
                                                 message=_("Cần nhập họ và tên."))),
                     ("phone", lambda: _phone(phone, required=True)),
                     ("topic", lambda: _text(topic, "topic", required=True, max_length=500,
                                             message=_("Cần tóm tắt nội dung cần trình bày.")))):
        try:
            values[name] = fn()
        except ValidationError as exc:
            errors.update(exc.error_dict)
    if errors:
        raise ValidationError(errors)
    booking = Booking.objects.create(session=session, tracking_code=_new_code(Booking, "tracking_code"),
                                     people_count=people_count,
                                     user=user if getattr(user, "is_authenticated", False) else None, **values)
    audit.record(actor=user if getattr(user, "is_authenticated", False) else "public", verb="cases.booking.created",
                 target=booking, unit=session.unit, data={"session": session.pk, "people_count": people_count})
    notify(channel="sms", address=booking.phone, actor="system", subject=_("Đăng ký tiếp công dân"),
           body=_("Đã đăng ký tiếp công dân ngày %(d)s, %(t)s tại %(p)s. Mã đăng ký: %(c)s.") % {
               "d": _fmt(session.day), "t": session.start.strftime("%H:%M"), "p": session.place,
               "c": booking.tracking_code})
    return booking


def booking_find(*, code: str, phone: str) -> Booking | None:
    """A resident's booking by its code and the phone it was made with (the SMS with the code went there). A
    sealed booking has neither and is never found."""
    code = domain.normalise_tracking_code(code)
    try:
        phone = _phone(phone, required=True)
    except ValidationError:
        return None
    if not domain.is_valid_tracking_code(code):
        return None
    return (Booking.objects.select_related("session__unit").filter(tracking_code=code, phone=phone, sealed=False)
            .first())


@transaction.atomic
@in_default_language
def booking_cancel(*, booking: Booking, actor=None) -> Booking:
    """The resident cancels their own booking (logged in, or with its code and phone): the place is freed. Not
    once the session is past or cancelled, nor once the visit was recorded. Audited (no content)."""
    booking = Booking.objects.select_for_update().select_related("session__unit").get(pk=booking.pk)
    if booking.cancelled:
        raise ValidationError(_("Đăng ký này đã hủy."), code="already_cancelled")
    if booking.session.cancelled or booking.session.day < clock.today() or booking.entries.exists():
        raise ValidationError(_("Buổi tiếp đã qua hoặc đã hủy, không thể hủy đăng ký."), code="session_closed")
    booking.cancelled = True
    booking.save(update_fields=["cancelled", "modified"])
    user = actor if getattr(actor, "is_authenticated", False) else None
    audit.record(actor=user or "public", verb="cases.booking.cancelled", target=booking, unit=booking.session.unit,
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


@dataclass(frozen=True)
class Letter:
    """One letter split out of a visit (Art.25.3)."""

    kind: str
    summary: str
    respondent: str = ""
    known_on: date | None = None
    obstacle_days: int = 0
    round: int = 1


def _next_number(unit, year: int) -> int:
    current = ReceptionEntry.objects.filter(unit=unit, year=year).aggregate(m=Max("number"))["m"] or 0
    return current + 1


def _next_case_code(unit, kind: str, year: int) -> str:
    prefix = f"{KIND_PREFIX[kind]}-{unit.code}-{year}-"
    last = Case.objects.filter(code__startswith=prefix).order_by("-code").values_list("code", flat=True).first()
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


@transaction.atomic
@in_default_language
def reception_record(*, unit, actor, full_name: str, address: str = "", id_number: str = "", phone: str = "",
                     people_count: int = 1, representatives: list | None = None, content: str,
                     prior_handling: str = "", request: str = "", letters: list[Letter] | None = None,
                     received_on: date | None = None, session: ReceptionSession | None = None,
                     booking: Booking | None = None, remote_area: bool = False) -> ReceptionEntry:
    """Record a visit in the reception book (Art.25) and split it into letters (Art.25.3). If one letter is a
    denunciation the visitor's identity is sealed at once and never written in clear."""
    _check_commune(unit)
    if not can(actor, Capability.RECEIVE_CITIZENS, unit):
        raise PermissionDenied
    received_on = _day(received_on, "received_on")
    letters = list(letters or [])
    representatives = list(representatives or [])
    errors: dict = {}

    def collect(fn):
        try:
            return fn()
        except ValidationError as exc:
            for key, errs in exc.error_dict.items():
                errors.setdefault(key, []).extend(errs)
            return ""

    full_name = collect(lambda: _text(full_name, "full_name", required=True, max_length=150,
                                      message=_("Cần nhập họ và tên người đến (Điều 25 Luật Tiếp công dân).")))
    address = collect(lambda: _text(address, "address", required=False, max_length=300))
    id_number = collect(lambda: _id_number(id_number))
    phone = collect(lambda: _phone(phone))
    content = collect(lambda: _text(content, "content", required=True, max_length=MAX_TEXT, single_line=False,
                                    message=_("Cần ghi nội dung sự việc.")))
    prior_handling = collect(lambda: _text(prior_handling, "prior_handling", required=False, max_length=MAX_TEXT,
                                           single_line=False))
    request = collect(lambda: _text(request, "request", required=False, max_length=MAX_TEXT, single_line=False))
    reps = []
    for i, rep in enumerate(representatives):
        name = collect(lambda rep=rep: _text((rep or {}).get("name"), "representatives", required=True,
                                             max_length=150, message=_("Cần họ tên người đại diện.")))
        rid = collect(lambda rep=rep: _id_number((rep or {}).get("id_number"), "representatives"))
        reps.append({"name": name, "id_number": rid})
        if i > 50:
            break
    try:
        domain.check_representatives(people_count, len(reps))
    except ValidationError as exc:
        for key, errs in exc.error_dict.items():
            errors.setdefault("representatives" if key == "representative_count" else key, []).extend(errs)
    for letter in letters:
        if letter.kind not in CaseKind.values:
            errors.setdefault("letters", []).append(ValidationError(_("Loại đơn không hợp lệ."), code="invalid_kind"))
        collect(lambda letter=letter: _text(letter.summary, "letters", required=True, max_length=300,
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
        receiver=_actor_or_system(actor))
    entry.full_clean()
    entry.save()
    identity = Identity(full_name=full_name, address=address, id_number=id_number, phone=phone,
                        note="; ".join(f"{r['name']} {r['id_number']}".strip() for r in reps))
    if sealed:
        SealedIdentity.objects.create(entry=entry, token=seal(identity))
        if booking is not None:
            _seal_booking(booking)
    audit.record(actor=actor, verb="cases.entry.recorded", target=entry, unit=unit,
                 data={"number": entry.number, "year": entry.year, "people_count": people_count, "sealed": sealed,
                       "letters": [letter.kind for letter in letters], "reply_due_on": entry.reply_due_on})
    for letter in letters:
        # a denunciation carries only its own content: the rest of the visit could point at the denouncer (Art.56)
        letter_content = letter.summary if letter.kind == CaseKind.DENUNCIATION else content
        _case_create(unit=unit, actor=actor, letter=letter, content=letter_content, received_on=received_on, entry=entry,
                     identity=identity, people_count=people_count, representative_count=len(reps),
                     remote_area=remote_area, rules=rules, cal=cal)
    return entry


def _initial_due(case: Case, rules, cal) -> tuple[date, str]:
    if case.kind == CaseKind.COMPLAINT:
        return (domain.complaint_accept_due(case.received_on, case.round, rules, cal),
                _("Thụ lý hoặc thông báo không thụ lý"))
    if case.kind == CaseKind.DENUNCIATION:
        return (domain.initial_processing_due(case.received_on, several_places=case.several_places, rules=rules,
                                              cal=cal), _("Xử lý ban đầu đơn tố cáo"))
    return domain.reception_reply_due(case.received_on, rules, cal), _("Trả lời công dân")


def _case_create(*, unit, actor, letter: Letter, content: str, received_on: date, entry, identity: Identity,
                 people_count: int, representative_count: int, remote_area: bool, rules, cal,
                 anonymous: bool = False) -> Case:
    is_denunciation = letter.kind == CaseKind.DENUNCIATION
    # every letter of a visit that includes a denunciation is sealed: a complaint of the same visitor carrying the
    # name in clear would point at the denouncer (Luật Tố cáo Art.47, 56)
    sealed = is_denunciation or bool(entry is not None and entry.sealed)
    if letter.round not in (1, 2) or (letter.round == 2 and letter.kind != CaseKind.COMPLAINT):
        raise field_error("round", _("Chỉ khiếu nại mới có lần giải quyết thứ hai."), "invalid_round")
    if letter.known_on and letter.known_on > received_on:
        raise field_error("known_on", _("Ngày biết quyết định, hành vi không thể sau ngày nhận đơn."), "invalid_known_on")
    case = Case(
        unit=unit, kind=letter.kind, round=letter.round, code=_next_case_code(unit, letter.kind, received_on.year),
        tracking_code=_new_code(Case, "tracking_code"), state=State.RECEIVED,
        summary=_text(letter.summary, "summary", required=True, max_length=300),
        content=content, respondent=_text(letter.respondent, "respondent", required=False, max_length=300),
        petitioner_name="" if sealed else identity.full_name,
        petitioner_address="" if sealed else identity.address,
        petitioner_phone="" if sealed else identity.phone,
        identity_sealed=sealed and not identity.is_empty(), anonymous=anonymous, people_count=people_count,
        representative_count=representative_count,
        remote_area=bool(remote_area), known_on=letter.known_on, obstacle_days=letter.obstacle_days or 0,
        received_on=received_on, rules_code=rules.code, rules_snapshot=rules.snapshot(), entry=entry)
    if anonymous:  # not a denunciation (Luật Tố cáo Art.25): no statutory deadline runs, it is never overdue
        case.due_on, case.due_label = None, ""
    else:
        case.due_on, case.due_label = _initial_due(case, rules, cal)
    case.full_clean()
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:  # pragma: no cover (a number taken concurrently)
        case.code = _next_case_code(unit, letter.kind, received_on.year) + "B"
        case.save()
    if sealed and not identity.is_empty():
        SealedIdentity.objects.create(case=case, token=seal(identity))
    if anonymous:
        _event(case, actor, note=_("Đã tiếp nhận đơn nặc danh, mạo danh: không xử lý như tố cáo; kiểm tra nội dung "
                                   "nếu rõ ràng, có căn cứ (Điều 25 Luật Tố cáo)."))
    else:
        _event(case, actor, note=_("Đã tiếp nhận đơn; %(what)s trước ngày %(due)s.") % {
            "what": case.due_label.lower(), "due": _fmt(case.due_on)})
    _audit(case, "received", actor, received_on=received_on, rules=rules.code, anonymous=case.anonymous)
    return case


@transaction.atomic
@in_default_language
def case_record_letter(*, unit, actor, kind: str, summary: str, content: str, respondent: str = "",
                       full_name: str = "", address: str = "", phone: str = "", id_number: str = "",
                       anonymous: bool = False, received_on: date | None = None, known_on: date | None = None,
                       round: int = 1, remote_area: bool = False) -> Case:
    """A letter received by post or at the office without a reception visit. An anonymous denunciation is recorded
    without identity (Art.25)."""
    _check_commune(unit)
    perm = {CaseKind.COMPLAINT: Capability.HANDLE_COMPLAINTS, CaseKind.DENUNCIATION: Capability.HANDLE_DENUNCIATIONS,
            CaseKind.PETITION: Capability.RECEIVE_CITIZENS}.get(kind)
    if perm is None:
        raise field_error("kind", _("Loại đơn không hợp lệ."), "invalid_kind")
    if not can(actor, perm, unit):
        raise PermissionDenied
    received_on = _day(received_on, "received_on")
    content = _text(content, "content", required=True, max_length=MAX_TEXT, single_line=False,
                    message=_("Cần ghi nội dung đơn."))
    anonymous = bool(anonymous) and kind == CaseKind.DENUNCIATION
    name = "" if anonymous else _text(full_name, "full_name", required=True, max_length=150,
                                      message=_("Cần ghi họ tên người gửi đơn (hoặc đánh dấu đơn nặc danh)."))
    identity = Identity(full_name=name, address=_text(address, "address", required=False, max_length=300),
                        phone=_phone(phone), id_number=_id_number(id_number))
    if anonymous:
        identity = Identity()
    rules = rules_for(received_on)
    return _case_create(unit=unit, actor=actor, letter=Letter(kind, summary, respondent, known_on, 0, round),
                        content=content, received_on=received_on, entry=None, identity=identity, people_count=1,
                        representative_count=0, remote_area=remote_area, rules=rules,
                        cal=calendar_for(received_on), anonymous=anonymous)


@transaction.atomic
@in_default_language
def entry_reply(*, entry: ReceptionEntry, actor, handling: str, note: str = "", on: date | None = None
                ) -> ReceptionEntry:
    """Tell the citizen what happens to the visit (Art.28.1: within 10 working days)."""
    if handling not in Handling.values or handling == Handling.PENDING:
        raise field_error("handling", _("Hãy chọn kết quả xử lý."), "invalid_handling")
    on = _day(on, "on", not_before=entry.received_on, label_before=_("ngày tiếp"))
    entry.handling = handling
    entry.handling_note = _text(note, "note", required=handling in (Handling.GUIDED, Handling.TRANSFERRED),
                                max_length=MAX_TEXT, single_line=False,
                                message=_("Cần ghi cơ quan có thẩm quyền đã hướng dẫn hoặc chuyển đến."))
    entry.replied_on = on
    entry.save(update_fields=["handling", "handling_note", "replied_on", "modified"])
    audit.record(actor=actor, verb="cases.entry.replied", target=entry, unit=entry.unit,
                 data={"handling": handling, "replied_on": on, "on_time": bool(entry.reply_due_on
                                                                             and on <= entry.reply_due_on)})
    return entry


# --- handling a case -------------------------------------------------------------------------------


def _event(case: Case, actor, *, note: str = "", internal_note: str = "") -> CaseEvent:
    return CaseEvent.objects.create(case=case, state=case.state, note=note, internal_note=internal_note,
                                    due_on=case.due_on, actor=_actor_or_system(actor), created=timezone.now())


def _audit(case: Case, verb: str, actor, **data) -> None:
    audit.record(actor=actor, verb=f"cases.case.{verb}", target=case, unit=case.unit,
                 data={"kind": case.kind, "state": case.state, "due_on": case.due_on, **data})


def _perm_for(case: Case) -> str:
    return {CaseKind.COMPLAINT: Capability.HANDLE_COMPLAINTS, CaseKind.DENUNCIATION: Capability.HANDLE_DENUNCIATIONS,
            CaseKind.PETITION: Capability.RECEIVE_CITIZENS}[case.kind]


def _lock(case: Case, actor) -> Case:
    if not can(actor, _perm_for(case), case.unit):
        raise PermissionDenied
    return Case.objects.select_for_update().select_related("unit").get(pk=case.pk)


def _next_doc_number(case: Case) -> int:
    return (case.documents.aggregate(m=Max("number"))["m"] or 0) + 1


def _issue(case: Case, kind: str, on: date, title: str, body: dict, reference: str = "") -> CaseDocument:
    """A numbered document of the case file; `body` is the snapshot the .docx is built from (never the
    denouncer's identity)."""
    return CaseDocument.objects.create(case=case, number=_next_doc_number(case), kind=kind, issued_on=on,
                                       reference=reference[:60], title=title[:300], body=body,
                                       created=timezone.now())


def _check_complexity(criteria) -> list[str]:
    criteria = list(dict.fromkeys(criteria or []))
    bad = [c for c in criteria if c not in domain.ComplexityCriterion.values]
    if bad:
        raise field_error("criteria", _("Tiêu chí phức tạp không hợp lệ."), "invalid_criteria")
    return criteria


@transaction.atomic
@in_default_language
def case_accept(*, case: Case, actor, on: date | None = None, criteria=(), remote_area: bool | None = None,
                several_places: bool | None = None, obstacle_days: int | None = None) -> Case:
    """Thụ lý. Complaint: Art.27/36 (within 10 days), resolution deadline Art.28/37. Denunciation: Art.29 acceptance
    decision; the resolution deadline is 30 days (Art.30.1)."""
    case = _lock(case, actor)
    domain.check_transition(case.kind, case.state, State.ACCEPTED, anonymous=case.anonymous)
    on = _day(on, "on", not_before=case.received_on, label_before=_("ngày nhận đơn"))
    if obstacle_days is not None and case.kind == CaseKind.COMPLAINT:
        # days of illness, disaster, distant work… are not counted in the 90 days (Khiếu nại Art.9); the
        # complainant's proof is part of the case file
        if isinstance(obstacle_days, bool) or not isinstance(obstacle_days, int) or not 0 <= obstacle_days <= 3650:
            raise field_error("obstacle_days", _("Số ngày trở ngại khách quan từ 0 đến 3650."), "invalid_obstacle")
        case.obstacle_days = obstacle_days
    if case.kind == CaseKind.COMPLAINT and case.known_on and domain.is_time_barred(
            case.known_on, case.received_on, case.obstacle_days, case.rules(), calendar_for(case.known_on)):
        raise ValidationError(_("Đơn đã hết thời hiệu 90 ngày (Điều 9 Luật Khiếu nại): không thụ lý (Điều 11.6), "
                                "trừ khi có trở ngại khách quan — hãy ghi số ngày trở ngại."), code="time_barred")
    criteria = _check_complexity(criteria)
    if remote_area is not None:
        case.remote_area = bool(remote_area)
    if several_places is not None:
        case.several_places = bool(several_places)
    case.complexity_criteria = criteria
    case.complexity = domain.complexity_of(criteria)
    rules, cal = case.rules(), calendar_for(on)
    initial_due = case.due_on
    if case.kind == CaseKind.COMPLAINT:
        case.resolve_due_on = domain.complaint_resolve_due(on, case.round, complex_=case.complexity != Complexity.NORMAL,
                                                           remote=case.remote_area, rules=rules, cal=cal)
    else:
        case.resolve_due_on = domain.denunciation_resolve_due(on, rules, cal)
    case.state = State.ACCEPTED
    case.accepted_on = on
    case.due_on, case.due_label = case.resolve_due_on, str(_("Giải quyết"))
    case.save(update_fields=["state", "accepted_on", "due_on", "due_label", "resolve_due_on", "complexity",
                             "complexity_criteria", "remote_area", "several_places", "obstacle_days", "modified"])
    late = bool(initial_due and on > initial_due)
    if case.kind == CaseKind.DENUNCIATION:
        notice = domain.notify_acceptance_due(on, rules, cal)
        body = {"notify_by": notice.isoformat()}
    else:
        body = {}
    _issue(case, DocumentKind.ACCEPTANCE, on, _("Thông báo thụ lý đơn %(k)s") % {"k": case.get_kind_display().lower()},
           {**body, "resolve_due_on": case.resolve_due_on.isoformat(), "complexity": case.complexity})
    _event(case, actor, note=_("Đã thụ lý ngày %(on)s; hạn giải quyết %(due)s.") % {
        "on": _fmt(on), "due": _fmt(case.resolve_due_on)})
    _audit(case, "accepted", actor, accepted_on=on, late=late, complexity=case.complexity,
           remote=case.remote_area)
    return case


@transaction.atomic
@in_default_language
def case_reject(*, case: Case, actor, ground: str, reason: str, on: date | None = None) -> Case:
    """Không thụ lý with written reasons (Khiếu nại Art.27, 11; Tố cáo Art.24.1, 25, 29)."""
    case = _lock(case, actor)
    domain.check_transition(case.kind, case.state, State.REJECTED, anonymous=case.anonymous)
    on = _day(on, "on", not_before=case.received_on, label_before=_("ngày nhận đơn"))
    reason = _text(reason, "reason", required=False, max_length=MAX_TEXT, single_line=False)
    domain.check_rejection(case.kind, ground, reason, anonymous=case.anonymous)
    case.state = State.REJECTED
    case.rejection_ground, case.rejection_reason = ground, reason
    case.closed_on, case.due_on, case.due_label = on, None, ""
    if ground == "anonymous":
        case.anonymous = True
    case.save(update_fields=["state", "rejection_ground", "rejection_reason", "closed_on", "due_on", "due_label",
                             "anonymous", "modified"])
    _issue(case, DocumentKind.REJECTION, on, _("Thông báo không thụ lý đơn %(k)s") % {
        "k": case.get_kind_display().lower()}, {"ground": case.rejection_ground_text(), "reason": reason})
    _event(case, actor, note=_("Không thụ lý: %(g)s. Lý do: %(r)s") % {"g": case.rejection_ground_text(), "r": reason})
    _audit(case, "rejected", actor, ground=ground)
    return case


@transaction.atomic
@in_default_language
def case_anonymous_check(*, case: Case, actor, note: str, on: date | None = None) -> Case:
    """Art.25: an anonymous letter whose content is specific and verifiable is checked within competence. The
    result is recorded and the letter is closed (State.CHECKED): it is not a denunciation, so it is never
    accepted, extended or concluded, and no deadline runs on it."""
    case = _lock(case, actor)
    if not case.anonymous:
        raise ValidationError(_("Chỉ áp dụng cho đơn nặc danh."), code="not_anonymous")
    domain.check_transition(case.kind, case.state, State.CHECKED, anonymous=True)
    on = _day(on, "on", not_before=case.received_on, label_before=_("ngày nhận đơn"))
    note = _text(note, "note", required=True, max_length=MAX_TEXT, single_line=False,
                 message=_("Cần ghi kết quả kiểm tra."))
    case.state, case.anonymous_checked, case.decision_text, case.closed_on = State.CHECKED, True, note, on
    case.due_on, case.due_label = None, ""
    case.save(update_fields=["state", "anonymous_checked", "decision_text", "closed_on", "due_on", "due_label",
                             "modified"])
    _event(case, actor, note=_("Đã kiểm tra nội dung đơn nặc danh ngày %(d)s (Điều 25 Luật Tố cáo).") % {
        "d": _fmt(on)}, internal_note=note)
    _audit(case, "anonymous_checked", actor, checked_on=on)
    return case


@transaction.atomic
@in_default_language
def case_several_places(*, case: Case, actor, reason: str) -> Case:
    """Luật Tố cáo Art.24: initial processing within 07 working days, or up to 10 working days when the content must
    be verified in several places — recorded during initial processing, with the reason."""
    case = _lock(case, actor)
    if case.kind != CaseKind.DENUNCIATION or case.state != State.RECEIVED or case.anonymous:
        raise ValidationError(_("Chỉ áp dụng khi đang xử lý ban đầu đơn tố cáo."), code="not_initial_processing")
    if case.several_places:
        raise ValidationError(_("Đã ghi việc xác minh ở nhiều địa điểm."), code="already_several_places")
    reason = _text(reason, "reason", required=True, max_length=MAX_TEXT, single_line=False,
                   message=_("Cần nêu các địa điểm cần xác minh."))
    case.several_places = True
    case.due_on = domain.initial_processing_due(case.received_on, several_places=True, rules=case.rules(),
                                                cal=calendar_for(case.received_on))
    case.save(update_fields=["several_places", "due_on", "modified"])
    _event(case, actor, note=_("Xác minh ở nhiều địa điểm: hạn xử lý ban đầu %(d)s (Điều 24 Luật Tố cáo).") % {
        "d": _fmt(case.due_on)}, internal_note=reason)
    _audit(case, "several_places", actor, due_on=case.due_on)
    return case


@transaction.atomic
@in_default_language
def case_dialogue(*, case: Case, actor, on: date | None, participants: str, content: str) -> Case:
    """Luật Khiếu nại Art.30: a dialogue with the complainant, the respondent and related parties; the minutes state
    the opinions and the result and go into the case file (Art.34)."""
    case = _lock(case, actor)
    if case.kind != CaseKind.COMPLAINT or case.state != State.ACCEPTED:
        raise ValidationError(_("Chỉ ghi biên bản đối thoại cho khiếu nại đang giải quyết."), code="not_in_progress")
    on = _day(on, "on", not_before=case.accepted_on, label_before=_("ngày thụ lý"))
    participants = _text(participants, "participants", required=True, max_length=2000, single_line=False,
                         message=_("Cần ghi thành phần tham gia."))
    content = _text(content, "content", required=True, max_length=MAX_TEXT, single_line=False,
                    message=_("Cần ghi nội dung đối thoại."))
    _issue(case, DocumentKind.DIALOGUE, on, _("Biên bản đối thoại"), {"participants": participants,
                                                                       "content": content})
    _event(case, actor, note=_("Đã tổ chức đối thoại ngày %(d)s.") % {"d": _fmt(on)})
    _audit(case, "dialogue_held", actor, held_on=on)
    return case


@transaction.atomic
@in_default_language
def case_transfer(*, case: Case, actor, to: str, on: date | None = None) -> Case:
    """Not competent: transfer (Tố cáo Art.24.2: within 05 working days; Tiếp công dân Art.26)."""
    case = _lock(case, actor)
    domain.check_transition(case.kind, case.state, State.TRANSFERRED, anonymous=case.anonymous)
    on = _day(on, "on", not_before=case.received_on, label_before=_("ngày nhận đơn"))
    to = _text(to, "to", required=True, max_length=300, message=_("Cần ghi cơ quan có thẩm quyền nhận đơn."))
    late = False
    if case.kind == CaseKind.DENUNCIATION and not case.anonymous:
        late = on > domain.transfer_due(case.received_on, case.rules(), calendar_for(case.received_on))
    case.state, case.transferred_to, case.closed_on, case.due_on, case.due_label = State.TRANSFERRED, to, on, None, ""
    case.save(update_fields=["state", "transferred_to", "closed_on", "due_on", "due_label", "modified"])
    _issue(case, DocumentKind.TRANSFER, on, _("Phiếu chuyển đơn"), {"to": to})
    _event(case, actor, note=_("Đã chuyển đơn đến %(to)s.") % {"to": to})
    _audit(case, "transferred", actor, late=late)
    return case


@transaction.atomic
@in_default_language
def case_extend(*, case: Case, actor, days: int, reason: str, on: date | None = None) -> Case:
    """Art.30.2: extension decision (Mẫu 01 NĐ 31/2019) — complex once, especially complex twice, ≤ 30 days each."""
    case = _lock(case, actor)
    if case.kind != CaseKind.DENUNCIATION:
        raise ValidationError(_("Chỉ đơn tố cáo mới có quyết định gia hạn giải quyết (Điều 30 Luật Tố cáo)."),
                              code="extension_not_denunciation")
    domain.check_transition(case.kind, case.state, State.EXTENDED, anonymous=case.anonymous)
    domain.check_extension(case.complexity, case.extensions)
    on = _day(on, "on", not_before=case.accepted_on, label_before=_("ngày thụ lý"))
    if case.due_on and on > case.due_on:
        raise field_error("on", _("Quyết định gia hạn phải ban hành trước khi hết hạn (%(d)s).") % {
            "d": _fmt(case.due_on)}, "extension_after_due")
    reason = _text(reason, "reason", required=True, max_length=MAX_TEXT, single_line=False,
                   message=_("Cần nêu lý do gia hạn."))
    new_due = domain.extension_due(case.resolve_due_on or case.due_on, days, case.rules(), calendar_for(on))
    case.extensions += 1
    case.state, case.resolve_due_on, case.due_on = State.EXTENDED, new_due, new_due
    case.due_label = str(_("Giải quyết (đã gia hạn lần %(n)d)") % {"n": case.extensions})
    case.save(update_fields=["state", "extensions", "resolve_due_on", "due_on", "due_label", "modified"])
    _issue(case, DocumentKind.EXTENSION, on, _("Quyết định gia hạn giải quyết tố cáo (lần %(n)d)") % {
        "n": case.extensions}, {"days": days, "reason": reason, "new_due": new_due.isoformat(),
                                "extension": case.extensions})
    _event(case, actor, note=_("Gia hạn giải quyết lần %(n)d thêm %(d)d ngày, đến %(due)s.") % {
        "n": case.extensions, "d": days, "due": _fmt(new_due)})
    _audit(case, "extended", actor, extension=case.extensions, days=days)
    return case


@transaction.atomic
@in_default_language
def case_reclassify(*, case: Case, actor, criteria, reason: str, on: date | None = None) -> Case:
    """During the resolution of a denunciation, verification shows it complex (or especially complex, or not):
    record the criteria of NĐ 31/2019 Art.3.2–3.3 and the reason, so that the extensions of Luật Tố cáo Art.30.2
    follow the facts. The resolution deadline itself is unchanged (Art.30.1); audited."""
    case = _lock(case, actor)
    if case.kind != CaseKind.DENUNCIATION or case.anonymous or case.state not in (State.ACCEPTED, State.EXTENDED):
        raise ValidationError(_("Chỉ xếp lại tính chất vụ việc khi đang giải quyết đơn tố cáo (sau khi thụ lý)."),
                              code="not_in_progress")
    on = _day(on, "on", not_before=case.accepted_on, label_before=_("ngày thụ lý"))
    criteria = _check_complexity(criteria)
    reason = _text(reason, "reason", required=True, max_length=MAX_TEXT, single_line=False,
                   message=_("Cần nêu lý do xếp lại tính chất vụ việc (kết quả xác minh)."))
    before = case.complexity
    complexity = domain.check_reclassification(case.complexity_criteria, criteria, case.extensions)
    case.complexity, case.complexity_criteria = complexity, criteria
    case.save(update_fields=["complexity", "complexity_criteria", "modified"])
    _event(case, actor, internal_note=_("Xếp lại tính chất vụ việc ngày %(d)s: %(from)s → %(to)s (NĐ 31/2019 Điều 3). "
                                        "Lý do: %(r)s") % {
        "d": _fmt(on), "from": Complexity(before).label, "to": Complexity(complexity).label, "r": reason})
    _audit(case, "complexity_changed", actor, on=on, before=before, after=complexity, criteria=criteria)
    return case


@transaction.atomic
@in_default_language
def case_decide(*, case: Case, actor, number: str, finding: str, text: str, on: date | None = None) -> Case:
    """Complaint: quyết định giải quyết (Art.31, 40); denunciation: kết luận nội dung tố cáo (Art.35). Then the
    decision must be sent (complaint Art.32: 03 WD / Art.41: 07 days; denunciation Art.35: 05 WD)."""
    case = _lock(case, actor)
    if case.state == State.RECEIVED:
        raise ValidationError(_("Chưa thụ lý thì chưa thể ban hành quyết định, kết luận (thụ lý trước)."),
                              code="not_accepted")
    domain.check_transition(case.kind, case.state, State.DECIDED, anonymous=case.anonymous)
    on = _day(on, "on", not_before=case.accepted_on, label_before=_("ngày thụ lý"))
    if finding not in Finding.values:
        raise field_error("finding", _("Hãy chọn kết luận: đúng, đúng một phần hoặc sai."), "invalid_finding")
    number = _text(number, "number", required=True, max_length=50, message=_("Cần ghi số quyết định, kết luận."))
    text = _text(text, "text", required=True, max_length=MAX_TEXT, single_line=False,
                 message=_("Cần ghi nội dung quyết định, kết luận."))
    rules, cal = case.rules(), calendar_for(on)
    on_time = bool(case.resolve_due_on and on <= case.resolve_due_on)
    case.state, case.decided_on, case.decision_number, case.finding, case.decision_text = (
        State.DECIDED, on, number, finding, text)
    case.closed_on = on
    if case.kind == CaseKind.COMPLAINT:
        case.due_on, case.due_label = domain.complaint_send_due(on, case.round, rules, cal), str(_("Gửi quyết định"))
        kind, title = DocumentKind.DECISION, (_("Quyết định giải quyết khiếu nại (lần đầu)") if case.round == 1
                                              else _("Quyết định giải quyết khiếu nại (lần hai)"))
        extra = {"final_on": domain.complaint_final_on(on, remote=case.remote_area, rules=rules, cal=cal).isoformat()}
    else:
        case.due_on, case.due_label = domain.notify_conclusion_due(on, rules, cal), str(_("Gửi kết luận, thông báo"))
        kind, title = DocumentKind.CONCLUSION, _("Kết luận nội dung tố cáo")
        extra = {"publicise_by": domain.publicise_due(on, rules, cal).isoformat()}
    case.save(update_fields=["state", "decided_on", "decision_number", "finding", "decision_text", "closed_on",
                             "due_on", "due_label", "modified"])
    _issue(case, kind, on, title, {"finding": finding, "text": text, **extra}, reference=number)
    _event(case, actor, note=_("Đã ban hành %(t)s số %(n)s ngày %(d)s.") % {"t": title.lower(), "n": number,
                                                                          "d": _fmt(on)})
    _audit(case, "decided", actor, decided_on=on, on_time=on_time, finding=finding)
    return case


@transaction.atomic
@in_default_language
def case_send(*, case: Case, actor, on: date | None = None) -> Case:
    """The decision / conclusion was sent to the parties."""
    case = _lock(case, actor)
    if case.state != State.DECIDED or case.sent_on:
        raise ValidationError(_("Chỉ gửi được quyết định, kết luận đã ban hành và chưa gửi."), code="not_decided")
    on = _day(on, "on", not_before=case.decided_on, label_before=_("ngày ban hành"))
    late = bool(case.due_on and on > case.due_on)
    case.sent_on = on
    if case.kind == CaseKind.DENUNCIATION and not case.published_on:  # still to publish (Art.40)
        case.due_on = domain.publicise_due(case.decided_on, case.rules(), calendar_for(case.decided_on))
        case.due_label = str(_("Công khai kết luận"))
    else:
        case.due_on, case.due_label = None, ""
    case.save(update_fields=["sent_on", "due_on", "due_label", "modified"])
    _event(case, actor, note=_("Đã gửi quyết định, kết luận ngày %(d)s.") % {"d": _fmt(on)})
    _audit(case, "sent", actor, sent_on=on, late=late)
    return case


@transaction.atomic
@in_default_language
def case_publish(*, case: Case, actor, on: date | None = None) -> Case:
    """Art.40: publish the conclusion (on the portal) within 07 working days, without the denouncer's identity."""
    case = _lock(case, actor)
    if case.kind != CaseKind.DENUNCIATION or case.state != State.DECIDED:
        raise ValidationError(_("Chỉ công khai kết luận nội dung tố cáo đã ban hành."), code="not_concluded")
    if case.published_on:
        raise ValidationError(_("Kết luận đã được công khai."), code="already_published")
    on = _day(on, "on", not_before=case.decided_on, label_before=_("ngày ban hành kết luận"))
    late = on > domain.publicise_due(case.decided_on, case.rules(), calendar_for(case.decided_on))
    case.published_on = on
    if case.sent_on:
        case.due_on, case.due_label = None, ""
    else:  # published first: sending the conclusion to the parties is still due (Art.35)
        case.due_on = domain.notify_conclusion_due(case.decided_on, case.rules(), calendar_for(case.decided_on))
        case.due_label = str(_("Gửi kết luận, thông báo"))
    case.save(update_fields=["published_on", "due_on", "due_label", "modified"])
    _issue(case, DocumentKind.PUBLICATION, on, _("Thông báo công khai kết luận nội dung tố cáo"),
           {"finding": case.finding, "text": case.decision_text})
    _event(case, actor, note=_("Đã công khai kết luận ngày %(d)s.") % {"d": _fmt(on)})
    _audit(case, "published", actor, published_on=on, late=late)
    return case


@transaction.atomic
@in_default_language
def case_terminate(*, case: Case, actor, reason: str, on: date | None = None) -> Case:
    """Withdrawal → termination (Khiếu nại Art.10; Tố cáo Art.33, before the conclusion)."""
    case = _lock(case, actor)
    domain.check_transition(case.kind, case.state, State.TERMINATED, anonymous=case.anonymous)
    on = _day(on, "on", not_before=case.accepted_on or case.received_on, label_before=_("bước trước"))
    reason = _text(reason, "reason", required=True, max_length=MAX_TEXT, single_line=False,
                   message=_("Cần ghi việc rút đơn (văn bản hoặc biên bản)."))
    case.state, case.closed_on, case.due_on, case.due_label = State.TERMINATED, on, None, ""
    case.save(update_fields=["state", "closed_on", "due_on", "due_label", "modified"])
    _issue(case, DocumentKind.TERMINATION, on, _("Quyết định đình chỉ giải quyết"), {"reason": reason})
    _event(case, actor, note=_("Đình chỉ giải quyết do rút đơn ngày %(d)s.") % {"d": _fmt(on)})
    _audit(case, "terminated", actor)
    return case


@transaction.atomic
@in_default_language
def case_answer(*, case: Case, actor, text: str, on: date | None = None) -> Case:
    """A petition is answered (Tiếp công dân Art.28.1: 10 working days)."""
    case = _lock(case, actor)
    domain.check_transition(case.kind, case.state, State.ANSWERED)
    on = _day(on, "on", not_before=case.received_on, label_before=_("ngày nhận đơn"))
    text = _text(text, "text", required=True, max_length=MAX_TEXT, single_line=False,
                 message=_("Cần ghi nội dung trả lời."))
    on_time = bool(case.due_on and on <= case.due_on)
    case.state, case.decision_text, case.closed_on, case.decided_on = State.ANSWERED, text, on, on
    case.due_on, case.due_label = None, ""
    case.save(update_fields=["state", "decision_text", "closed_on", "decided_on", "due_on", "due_label", "modified"])
    _issue(case, DocumentKind.ANSWER, on, _("Văn bản trả lời kiến nghị, phản ánh"), {"text": text})
    _event(case, actor, note=_("Đã trả lời ngày %(d)s.") % {"d": _fmt(on)})
    _audit(case, "answered", actor, on_time=on_time)
    return case


@transaction.atomic
@in_default_language
def case_assign(*, case: Case, actor, assignee) -> Case:
    case = _lock(case, actor)
    if not case.is_open:
        raise ValidationError(_("Đơn đã giải quyết xong, không giao lại được."), code="closed")
    if assignee is None or not assignee.is_active or not can(assignee, _perm_for(case), case.unit):
        raise field_error("assignee", _("Người được giao phải có quyền giải quyết loại đơn này của đơn vị."),
                          "invalid_assignee")
    case.assignee = assignee
    case.save(update_fields=["assignee", "modified"])
    _event(case, actor, internal_note=_("Giao cho %(n)s.") % {"n": assignee.get_full_name()})
    _audit(case, "assigned", actor, assignee=assignee.pk)
    if assignee.pk != getattr(actor, "pk", None):
        notify(channel="in_app", recipient=assignee, actor=actor, subject=_("Được giao giải quyết đơn %(c)s") % {
            "c": case.code}, body=_("Hạn: %(d)s.") % {"d": _fmt(case.due_on)},
            url=reverse("cases:case-detail", args=[case.pk]))
    return case


# --- reading (audited) -----------------------------------------------------------------------------


@transaction.atomic
def case_viewed(*, case: Case, actor, via: str = "html") -> None:
    """Every opening of a case (personal data of the parties, the stripped letter) is audited."""
    _audit(case, "viewed", actor, via=via)


@transaction.atomic
def session_bookings_viewed(*, session: ReceptionSession, actor, count: int, via: str = "html") -> None:
    """Reading the bookings of a session (residents' names and phones) is audited."""
    audit.record(actor=actor, verb="cases.session.bookings_viewed", target=session, unit=session.unit,
                 data={"count": count, "via": via})


@transaction.atomic
def entry_viewed(*, entry: ReceptionEntry, actor, via: str = "html") -> None:
    audit.record(actor=actor, verb="cases.entry.viewed", target=entry, unit=entry.unit, data={"via": via})


def identity_reveal(*, actor, reason: str, case: Case | None = None, entry: ReceptionEntry | None = None) -> Identity:
    """Decrypt a denouncer's identity for the custodian (KEEP_DENOUNCER_IDENTITY on the unit), with a reason; the
    reveal is audited (who, when, why — never what); so is a refused attempt."""
    owner = case or entry
    if owner is None:
        raise ValueError("case or entry")
    from .rules import may_reveal_identity

    if not may_reveal_identity(actor, owner):  # the named custodian only, never an administrator (Art.8.3, 47)
        with transaction.atomic():
            audit.record(actor=actor, verb="cases.identity.reveal_denied", target=owner, unit=owner.unit, data={})
        raise PermissionDenied
    with transaction.atomic():
        return _reveal(actor=actor, reason=reason, case=case, entry=entry, owner=owner)


def _reveal(*, actor, reason, case, entry, owner) -> Identity:
    reason = _text(reason, "reason", required=True, max_length=500,
                   message=_("Cần nêu lý do xem thông tin người tố cáo."))
    if len(reason) < 10:
        raise field_error("reason", _("Lý do quá ngắn (ít nhất 10 ký tự)."), "reason_too_short")
    sealed = SealedIdentity.objects.filter(**({"case": case} if case else {"entry": entry})).first()
    audit.record(actor=actor, verb="cases.identity.revealed", target=owner, unit=owner.unit,
                 data={"reason": reason, "found": sealed is not None})
    return unseal(sealed.token) if sealed else Identity()


# --- reminders and escalation ----------------------------------------------------------------------


def unit_users(unit, capability: str, on: date) -> list:
    """Active users appointed in `unit` (not its ancestors) to a role with `capability`."""
    from danchu.accounts.models import User
    from danchu.units.models import Appointment

    roles = [r for r, caps in ROLE_CAPABILITIES.items() if capability in caps and r]
    ids = (Appointment.objects.active_on(on).filter(position__role__in=roles, user__isnull=False,
                                                    position__organisation__unit=unit,
                                                    position__organisation__dissolved_on__isnull=True)
           .values_list("user_id", flat=True))
    return list(User.objects.filter(pk__in=set(ids), is_active=True).order_by("pk"))


def superior_supervisors(unit, on: date) -> tuple:
    """The unit above `unit` that supervises its cases, and its users with SUPERVISE_CASES (e.g. the city officer
    of the province above a commune): the nearest ancestor that has such users, (None, []) if none has."""
    parent = unit.parent
    while parent is not None:
        users = unit_users(parent, Capability.SUPERVISE_CASES, on)
        if users:
            return parent, users
        parent = parent.parent
    return None, []


def send_reminders(*, today: date | None = None) -> int:
    """Remind assignees (or the unit's handlers) of open cases due within 3 working days and of overdue ones;
    escalate overdue cases to the unit's leaders (SUPERVISE_CASES: the chairman, often the one resolving them) and
    to the supervising role of the unit above (superior_supervisors: the province's officer), who must ask for a
    report (Tố cáo Art.38). Once per case, kind and due date; each escalation is audited with its recipients."""
    today = today or clock.today()
    cal = get_calendar(range(today.year - 1, today.year + 2))
    soon_end = today
    for _i in range(domain.DUE_SOON_WORKING_DAYS):
        soon_end = cal.next_working_day(soon_end)
    sent = 0
    for case in (Case.objects.filter(due_on__isnull=False, due_on__lte=soon_end, closed_on__isnull=True)
                 .select_related("unit", "assignee").order_by("due_on", "pk")):
        if case.due_on < today:
            sent += _remind(case, CaseReminder.Kind.OVERDUE, today)
            sent += _remind(case, CaseReminder.Kind.ESCALATED, today)
        else:
            sent += _remind(case, CaseReminder.Kind.DUE_SOON, today)
    # reception-book lines not answered within 10 working days (Tiếp công dân Art.28.1): the receiver is reminded
    for entry in (ReceptionEntry.objects.filter(replied_on__isnull=True, reply_due_on__lt=today)
                  .exclude(reminded_for=F("reply_due_on")).select_related("unit", "receiver")):
        sent += _remind_entry(entry, today)
    # decided cases still have a due step (sending, publication) though closed_on is set
    for case in (Case.objects.filter(state=State.DECIDED, due_on__isnull=False, due_on__lt=today)
                 .select_related("unit", "assignee")):
        sent += _remind(case, CaseReminder.Kind.OVERDUE, today)
    return sent


@transaction.atomic
@in_default_language
def _remind_entry(entry: ReceptionEntry, today: date) -> int:
    updated = ReceptionEntry.objects.filter(pk=entry.pk).exclude(reminded_for=entry.reply_due_on).update(
        reminded_for=entry.reply_due_on)
    if not updated:
        return 0
    recipients = ([entry.receiver] if entry.receiver_id and entry.receiver.is_active
                  else unit_users(entry.unit, Capability.RECEIVE_CITIZENS, today))
    subject = _("Chưa trả lời công dân: %(e)s") % {"e": str(entry)}
    body = _("%(u)s — %(e)s: hạn trả lời công dân %(d)s (Điều 28 Luật Tiếp công dân).") % {
        "u": entry.unit.name, "e": str(entry), "d": _fmt(entry.reply_due_on)}
    url = reverse("cases:entry-detail", args=[entry.pk])
    for user in recipients:
        notify(channel="in_app", recipient=user, subject=subject, body=body, url=url, actor="system")
    audit.record(actor="system", verb="cases.entry.reminded_overdue", target=entry, unit=entry.unit,
                 data={"reply_due_on": entry.reply_due_on, "recipients": [u.pk for u in recipients]})
    return 1


@transaction.atomic
@in_default_language
def _remind(case: Case, kind: str, today: date) -> int:
    _reminder, created = CaseReminder.objects.get_or_create(case=case, kind=kind, due_on=case.due_on,
                                                            defaults={"sent_at": timezone.now()})
    if not created:
        return 0
    extra = {}
    if kind == CaseReminder.Kind.ESCALATED:
        leaders = unit_users(case.unit, Capability.SUPERVISE_CASES, today)
        superior, superiors = superior_supervisors(case.unit, today)
        recipients = leaders + [u for u in superiors if u not in leaders]
        extra = {"superior_unit": superior.pk if superior else None, "superiors": [u.pk for u in superiors]}
        subject = _("Đơn %(c)s quá hạn: đề nghị chỉ đạo, yêu cầu báo cáo") % {"c": case.code}
    else:
        if case.assignee_id and case.assignee.is_active:
            recipients = [case.assignee]
        else:
            recipients = unit_users(case.unit, _perm_for(case), today)
        subject = (_("Đơn %(c)s đã quá hạn") if kind == CaseReminder.Kind.OVERDUE
                   else _("Đơn %(c)s sắp đến hạn")) % {"c": case.code}
    body = _("%(u)s — %(k)s %(c)s: %(step)s, hạn %(d)s.") % {
        "u": case.unit.name, "k": case.get_kind_display(), "c": case.code, "step": case.due_label, "d": _fmt(case.due_on)}
    url = reverse("cases:case-detail", args=[case.pk])
    for user in recipients:
        notify(channel="in_app", recipient=user, subject=subject, body=body, url=url, actor="system")
    audit.record(actor="system", verb=f"cases.case.reminded_{kind}", target=case, unit=case.unit,
                 data={"due_on": case.due_on, "recipients": [u.pk for u in recipients], **extra})
    return 1


# --- grassroots mediation --------------------------------------------------------------------------


def _check_village(village) -> None:
    if village is None or village.level != Level.VILLAGE or village.valid_to is not None:
        raise field_error("village", _("Hãy chọn một thôn, tổ dân phố đang hoạt động."), "not_a_village")


@transaction.atomic
@in_default_language
def team_create(*, village, actor, name: str, established_on: date) -> MediationTeam:
    _check_village(village)
    established_on = _day(established_on, "established_on")
    team = MediationTeam.objects.create(village=village, established_on=established_on,
                                        name=_text(name, "name", required=True, max_length=200,
                                                   message=_("Cần nhập tên tổ hòa giải.")))
    audit.record(actor=actor, verb="cases.mediation_team.created", target=team, unit=village, data={})
    return team


@transaction.atomic
@in_default_language
def mediator_add(*, team: MediationTeam, actor, full_name: str, is_leader: bool = False, is_woman: bool = False,
                 term_start: date, term_end: date | None = None) -> Mediator:
    if not isinstance(term_start, date):
        raise field_error("term_start", _("Cần ngày bắt đầu."), "required")
    if term_end and term_end < term_start:
        raise field_error("term_end", _("Ngày kết thúc phải sau ngày bắt đầu."), "invalid_term")
    member = Mediator.objects.create(team=team, full_name=_text(full_name, "full_name", required=True, max_length=150,
                                                                message=_("Cần nhập họ tên hòa giải viên.")),
                                     is_leader=bool(is_leader), is_woman=bool(is_woman), term_start=term_start,
                                     term_end=term_end)
    audit.record(actor=actor, verb="cases.mediator.added", target=member, unit=team.village,
                 data={"team": team.pk, "is_leader": member.is_leader})
    return member


@transaction.atomic
@in_default_language
def mediator_end_term(*, member: Mediator, actor, on: date | None = None, reason: str = "") -> Mediator:
    """A mediator's term ends (moved away, resigned, removed, term over): from the day after `on` they no longer
    count as an active member of the team (the warnings of the team page follow). Audited."""
    member = Mediator.objects.select_for_update().select_related("team__village").get(pk=member.pk)
    today = clock.today()
    if member.term_end is not None and member.term_end < today:
        raise ValidationError(_("Nhiệm kỳ của hòa giải viên này đã kết thúc ngày %(d)s.") % {"d": _fmt(member.term_end)},
                              code="term_already_ended")
    on = _day(on, "on", not_before=member.term_start, label_before=_("ngày bắt đầu nhiệm kỳ"))
    reason = _text(reason, "reason", required=False, max_length=500)
    member.term_end = on
    member.save(update_fields=["term_end", "modified"])
    audit.record(actor=actor, verb="cases.mediator.term_ended", target=member, unit=member.team.village,
                 data={"team": member.team_id, "term_end": on, "reason": reason})
    return member


@transaction.atomic
@in_default_language
def mediation_open(*, team: MediationTeam, actor, dispute_type: str, parties: str, summary: str,
                   received_on: date | None = None) -> MediationCase:
    from danchu.core.text import fold

    if dispute_type not in domain.DisputeType.values:
        raise field_error("dispute_type", _("Hãy chọn loại tranh chấp."), "invalid_dispute_type")
    received_on = _day(received_on, "received_on")
    prefix = f"HG-{team.village.code or team.village.pk}-{received_on.year}-"
    last = MediationCase.objects.filter(code__startswith=prefix).order_by("-code").values_list("code", flat=True).first()
    code = f"{prefix}{(int(last.rsplit('-', 1)[1]) + 1) if last else 1:03d}"
    case = MediationCase.objects.create(
        team=team, code=fold(code).upper().replace(" ", "-"), dispute_type=dispute_type, received_on=received_on,
        parties=_text(parties, "parties", required=True, max_length=2000, single_line=False,
                      message=_("Cần ghi các bên tranh chấp.")),
        summary=_text(summary, "summary", required=True, max_length=MAX_TEXT, single_line=False,
                      message=_("Cần ghi nội dung vụ việc.")))
    audit.record(actor=actor, verb="cases.mediation.opened", target=case, unit=team.village,
                 data={"dispute_type": dispute_type})
    return case


@transaction.atomic
@in_default_language
def mediation_session_add(*, case: MediationCase, actor, held_on: date | None, place: str, note: str
                          ) -> MediationSession:
    if case.state != MediationState.OPEN:
        raise ValidationError(_("Vụ việc đã kết thúc."), code="closed")
    held_on = _day(held_on, "held_on", not_before=case.received_on, label_before=_("ngày tiếp nhận"))
    session = MediationSession.objects.create(
        case=case, held_on=held_on, created=timezone.now(),
        place=_text(place, "place", required=True, max_length=300, message=_("Cần ghi địa điểm.")),
        note=_text(note, "note", required=True, max_length=MAX_TEXT, single_line=False,
                   message=_("Cần ghi diễn biến buổi hòa giải.")))
    audit.record(actor=actor, verb="cases.mediation.session_added", target=case, unit=case.team.village,
                 data={"held_on": held_on})
    return session


@transaction.atomic
@in_default_language
def mediation_close(*, case: MediationCase, actor, outcome: str, note: str, on: date | None = None) -> MediationCase:
    if case.state != MediationState.OPEN:
        raise ValidationError(_("Vụ việc đã kết thúc."), code="closed")
    domain.check_mediation_outcome(outcome, case.sessions.count())
    last = case.sessions.order_by("-held_on").values_list("held_on", flat=True).first() or case.received_on
    on = _day(on, "on", not_before=last, label_before=_("buổi hòa giải gần nhất"))
    case.state, case.closed_on = outcome, on
    case.outcome_note = _text(note, "note", required=True, max_length=MAX_TEXT, single_line=False,
                              message=_("Cần ghi nội dung kết quả."))
    case.save(update_fields=["state", "closed_on", "outcome_note", "modified"])
    audit.record(actor=actor, verb="cases.mediation.closed", target=case, unit=case.team.village,
                 data={"outcome": outcome, "closed_on": on})
    return case
