"""Write functions of information requests. Each is a `@service` (one transaction, in Vietnamese, a refused write
audited as `<verb>.rejected`), locks the request it changes, goes through the workflow of domain.py, writes its
audit row and notifies the requester (delivered after commit)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.attachments import attachment_create
from danchu.core.calendar_service import calendar_for
from danchu.core.errors import field_error
from danchu.core.notify import notify
from danchu.core.services import locked, service
from danchu.core.text import clean_field, clean_text
from danchu.units.access import can
from danchu.units.domain import ROLE_CAPABILITIES, Capability, Level

from . import domain
from .domain import WORKFLOW, Channel, Complexity, Delivery, State
from .models import InfoRequest, InfoRequestEvent
from .verbs import AuditVerb

LAW_EFFECTIVE = date(2018, 7, 1)  # Luật Tiếp cận thông tin in force (Art.37)
MAX_TEXT = 5000
ANSWER_FILE_KINDS = {"document", "spreadsheet", "image"}
MAX_ANSWER_FILES = 10


# --- helpers ---------------------------------------------------------------------------------------


def _check_commune(commune) -> None:
    if commune is None or commune.level != Level.COMMUNE or commune.valid_to is not None:
        raise field_error("commune", _("Hãy chọn một xã, phường đang hoạt động."), "not_a_commune")


@dataclass(frozen=True)
class Requester:
    full_name: str
    address: str
    id_number: str
    phone: str
    email: str
    content: str
    delivery: str
    purpose: str


def _requester(*, full_name, address, id_number, phone, email, content, delivery, purpose) -> Requester:
    """Validate the fields of the request form (Art.24.2); raises a ValidationError with every error."""
    errors: dict[str, list] = {}

    def collect(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ValidationError as exc:
            for key, errs in exc.error_dict.items():
                errors.setdefault(key, []).extend(errs)
            return ""

    full_name = collect(clean_field, full_name, "full_name", max_length=150,
                        message=_("Cần nhập họ và tên người yêu cầu."))
    address = collect(clean_field, address, "address", max_length=300, message=_("Cần nhập nơi cư trú, địa chỉ."))
    id_number = collect(domain.normalise_id_number, id_number)
    phone = collect(domain.normalise_phone, phone)
    email = clean_text(email or "")
    if email:
        try:
            validate_email(email)
            if len(email) > 254:
                raise ValidationError("too long")
        except ValidationError:
            errors.setdefault("email", []).append(ValidationError(_("Địa chỉ thư điện tử không hợp lệ."),
                                                                  code="invalid_email"))
            email = ""
    content = collect(clean_field, content, "content", max_length=MAX_TEXT, single_line=False,
                      message=_("Cần ghi rõ thông tin yêu cầu cung cấp."))
    purpose = collect(clean_field, purpose, "purpose", max_length=MAX_TEXT, single_line=False,
                      message=_("Cần ghi lý do, mục đích yêu cầu cung cấp thông tin."))
    if delivery not in Delivery.values:
        errors.setdefault("delivery", []).append(ValidationError(_("Hãy chọn hình thức nhận thông tin."),
                                                                 code="invalid_delivery"))
    elif delivery == Delivery.EMAIL and not email and "email" not in errors:
        errors.setdefault("email", []).append(ValidationError(
            _("Cần nhập thư điện tử để nhận thông tin qua thư điện tử."), code="email_required"))
    if not phone and not email and "phone" not in errors and "email" not in errors:
        errors.setdefault("phone", []).append(ValidationError(
            _("Cần ít nhất số điện thoại hoặc thư điện tử để liên hệ."), code="contact_required"))
    if errors:
        raise ValidationError(errors)
    return Requester(full_name, address, id_number, phone, email, content, delivery, purpose)


def _event(request: InfoRequest, *, actor, note: str = "", internal_note: str = "") -> InfoRequestEvent:
    return InfoRequestEvent.objects.create(
        request=request, state=request.state, note=note, internal_note=internal_note,
        actor=actor if getattr(actor, "is_authenticated", False) else None, created=timezone.now())


def tracking_path() -> str:
    return reverse("inforequests:request-track")


def _notify_requester(request: InfoRequest, *, subject: str, body: str, actor) -> None:
    """SMS to the phone, e-mail to the address, in-app to the account: each that the requester gave.
    The rows are created in the caller's transaction; delivery happens after commit."""
    site = settings.DANCHU_SITE_URL
    url = f"{site}{tracking_path()}" if site else tracking_path()
    body = body + "\n" + _("Mã tra cứu: %(code)s. Theo dõi tại trang “Theo dõi yêu cầu cung cấp thông tin”.") % {
        "code": request.tracking_code}
    if request.phone:
        notify(channel="sms", subject=subject, body=body, address=request.phone, url=url, actor=actor)
    if request.email:
        notify(channel="email", subject=subject, body=body, address=request.email, url=url, actor=actor)
    if request.user_id:
        notify(channel="in_app", subject=subject, body=body, recipient=request.user, url=tracking_path(),
               actor=actor)


def fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "—"


def _facts(request: InfoRequest, **data) -> dict:
    """What every audit row of a request records: its state and due date after the step, and the step's data."""
    return {"state": request.state, "due_on": request.due_on, **data}


# --- intake ----------------------------------------------------------------------------------------


def _create(*, commune, requester: Requester, channel: str, complexity: str, received_on: date, user, actor,
            internal_note: str = "") -> InfoRequest:
    """Store, record its first step and tell the requester; the caller writes the audit row."""
    _check_commune(commune)
    cal = calendar_for(received_on)
    request = InfoRequest(
        commune=commune, tracking_code=InfoRequest.new_tracking_code(), full_name=requester.full_name,
        address=requester.address, id_number=requester.id_number, phone=requester.phone, email=requester.email, content=requester.content,
        delivery=requester.delivery, purpose=requester.purpose, channel=channel, complexity=complexity,
        state=State.RECEIVED, received_on=received_on,
        due_on=domain.due_for(State.RECEIVED, received_on, channel, complexity, cal),
        user=user if getattr(user, "is_authenticated", False) else None,
    )
    request.full_clean()
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:  # pragma: no cover (a tracking code taken between the check and the insert)
        request.tracking_code = InfoRequest.new_tracking_code()
        request.save()
    _event(request, actor=actor, note=_("Đã tiếp nhận yêu cầu; hạn xử lý: %(due)s.") % {"due": fmt(request.due_on)},
           internal_note=internal_note)
    _notify_requester(
        request, actor=actor, subject=_("Đã nhận yêu cầu cung cấp thông tin"),
        body=_("%(commune)s đã nhận yêu cầu cung cấp thông tin của ông/bà ngày %(day)s; hạn xử lý: %(due)s.") % {
            "commune": commune.name, "day": fmt(received_on), "due": fmt(request.due_on)})
    return request


@service(AuditVerb.REQUEST_SUBMITTED)
def request_submit(*, commune, full_name: str, address: str, id_number: str, phone: str = "", email: str = "",
                   content: str, delivery: str, purpose: str, user=None) -> InfoRequest:
    """A request sent online through the public form (electronic channel, Art.30). Received today."""
    requester = _requester(full_name=full_name, address=address, id_number=id_number, phone=phone, email=email,
                           content=content, delivery=delivery, purpose=purpose)
    actor = user if getattr(user, "is_authenticated", False) else "public"
    request = _create(commune=commune, requester=requester, channel=Channel.ELECTRONIC,
                      complexity=Complexity.SIMPLE, received_on=clock.today(), user=user, actor=actor)
    audit.record(actor=actor, verb=AuditVerb.REQUEST_SUBMITTED, target=request, unit=commune,
                 data=_facts(request, channel=request.channel, complexity=request.complexity,
                             received_on=request.received_on))
    return request


@service(AuditVerb.REQUEST_RECORDED)
def request_record(*, commune, actor, channel: str, full_name: str, address: str, id_number: str, phone: str = "",
                   email: str = "", content: str, delivery: str, purpose: str,
                   complexity: str = Complexity.SIMPLE, received_on: date | None = None,
                   note: str = "") -> InfoRequest:
    """An official records a request received in person (Art.29) or by post/fax (Art.31) — or an e-mail."""
    if channel not in Channel.values:
        raise field_error("channel", _("Cách thức gửi yêu cầu không hợp lệ."), "invalid_channel")
    if complexity not in Complexity.values:
        raise field_error("complexity", _("Tính chất yêu cầu không hợp lệ."), "invalid_complexity")
    today = clock.today()
    received_on = received_on or today
    if received_on > today:
        raise field_error("received_on", _("Ngày nhận không thể ở tương lai."), "future_date")
    if received_on < LAW_EFFECTIVE:
        raise field_error("received_on", _("Ngày nhận phải từ 01/07/2018 (ngày Luật Tiếp cận thông tin có hiệu lực)."),
                          "too_old")
    requester = _requester(full_name=full_name, address=address, id_number=id_number, phone=phone, email=email,
                           content=content, delivery=delivery, purpose=purpose)
    note = clean_field(note, "note", required=False, max_length=MAX_TEXT, single_line=False)
    request = _create(commune=commune, requester=requester, channel=channel, complexity=complexity,
                      received_on=received_on, user=None, actor=actor, internal_note=note)
    audit.record(actor=actor, verb=AuditVerb.REQUEST_RECORDED, target=request, unit=commune,
                 data=_facts(request, channel=channel, complexity=complexity, received_on=received_on))
    return request


# --- handling --------------------------------------------------------------------------------------


@service(AuditVerb.REQUEST_ASSIGNED)
def request_assign(*, request: InfoRequest, assignee, actor) -> InfoRequest:
    """Give the request to an official who may handle information requests of the commune."""
    locked(request)
    if not request.is_open():
        raise ValidationError(_("Yêu cầu đã xử lý xong, không giao lại được."), code="closed")
    if assignee is None or not getattr(assignee, "is_active", False) or not can(
            assignee, Capability.HANDLE_INFO_REQUESTS, request.commune):
        raise field_error("assignee", _("Người được giao phải có quyền giải quyết yêu cầu cung cấp thông tin của xã."),
                          "invalid_assignee")
    before = request.assignee_id
    request.assignee = assignee
    request.save(update_fields=["assignee", "modified"])
    _event(request, actor=actor, internal_note=_("Giao cho %(name)s.") % {"name": assignee.get_full_name()})
    audit.record(actor=actor, verb=AuditVerb.REQUEST_ASSIGNED, target=request, unit=request.commune,
                 data=_facts(request, assignee=assignee.pk, before=before))
    if assignee.pk != getattr(actor, "pk", None):
        notify(channel="in_app", recipient=assignee, actor=actor, subject=_("Được giao yêu cầu cung cấp thông tin"),
               body=_("Yêu cầu %(code)s, hạn xử lý %(due)s.") % {"code": request.tracking_code,
                                                                "due": fmt(request.due_on)},
               url=reverse("inforequests:request-detail", args=[request.pk]))
    return request


@service(AuditVerb.REQUEST_DEADLINE_NOTIFIED)
def request_notify_deadline(*, request: InfoRequest, actor, due_on: date | None = None, note: str = "") -> InfoRequest:
    """The written notice of the date the information will be provided (Art.29.2, 30.2, 31.2): the request
    becomes "complex"; the date is at most the end of the complex period."""
    locked(request)
    WORKFLOW.check(request.state, State.DEADLINE_NOTIFIED)
    cal = calendar_for(request.received_on)
    today = clock.today()
    latest = domain.provide_due(request.received_on, request.channel, Complexity.COMPLEX, cal)
    if due_on is None:
        due_on = latest
    if due_on < today or due_on > latest:
        raise field_error("due_on", _("Ngày cung cấp phải từ hôm nay đến %(latest)s (thời hạn luật định).") % {
            "latest": fmt(latest)}, "invalid_due_on")
    notice_due = domain.notice_due(request.received_on, request.channel, cal)
    note = clean_field(note, "note", required=False, max_length=MAX_TEXT, single_line=False)
    late = today > notice_due  # accepted (the requester must still be told), but recorded for good
    request.complexity = Complexity.COMPLEX
    request.state = State.DEADLINE_NOTIFIED
    request.notice_sent_on = today
    request.notice_due_on = notice_due
    request.was_late = request.was_late or late
    request.due_on = due_on
    request.save(update_fields=["complexity", "state", "notice_sent_on", "notice_due_on", "was_late", "due_on",
                                "modified"])
    _event(request, actor=actor, note=note or _("Thông tin sẽ được cung cấp chậm nhất ngày %(due)s.") % {
        "due": fmt(due_on)}, internal_note=_("Thông báo thời hạn gửi muộn: hạn thông báo là %(due)s.") % {
        "due": fmt(notice_due)} if late else "")
    audit.record(actor=actor, verb=AuditVerb.REQUEST_DEADLINE_NOTIFIED, target=request, unit=request.commune,
                 data=_facts(request, notice_late=late, notice_due=notice_due, legal_latest=latest))
    _notify_requester(request, actor=actor, subject=_("Thông báo thời hạn cung cấp thông tin"),
                      body=_("Thông tin ông/bà yêu cầu sẽ được cung cấp chậm nhất ngày %(due)s.") % {"due": fmt(due_on)})
    return request


@service(AuditVerb.REQUEST_EXTENDED)
def request_extend(*, request: InfoRequest, reason: str, actor, until: date | None = None) -> InfoRequest:
    """Extend the period once, with written reasons, up to the limit of Art.29.2 (10 WD) or Art.30.2/31.2
    (15 days)."""
    locked(request)
    WORKFLOW.check(request.state, State.EXTENDED)
    reason = clean_field(reason, "reason", max_length=MAX_TEXT, single_line=False, message=_("Cần nêu lý do gia hạn."))
    cal = calendar_for(request.received_on)
    latest = domain.extension_max(request.received_on, request.channel, cal)
    until = until or latest
    if until > latest or (request.due_on and until <= request.due_on):
        raise field_error("until", _("Ngày gia hạn phải sau hạn hiện tại (%(due)s) và không quá %(latest)s.") % {
            "due": fmt(request.due_on), "latest": fmt(latest)}, "invalid_until")
    today = clock.today()
    late = bool(request.due_on and today > request.due_on)  # extended once the period had already run out
    previous_due = request.due_on
    request.state = State.EXTENDED
    request.extended_until = until
    request.extension_reason = reason
    request.due_on = until
    request.was_late = request.was_late or late
    request.save(update_fields=["state", "extended_until", "extension_reason", "due_on", "was_late", "modified"])
    _event(request, actor=actor, note=_("Gia hạn đến %(until)s. Lý do: %(reason)s") % {"until": fmt(until),
                                                                                       "reason": reason},
           internal_note=_("Gia hạn khi đã quá hạn %(due)s.") % {"due": fmt(previous_due)} if late else "")
    audit.record(actor=actor, verb=AuditVerb.REQUEST_EXTENDED, target=request, unit=request.commune,
                 data=_facts(request, until=until, legal_latest=latest, late=late, previous_due=previous_due))
    _notify_requester(request, actor=actor, subject=_("Gia hạn cung cấp thông tin"),
                      body=_("Thời hạn cung cấp thông tin được gia hạn đến %(until)s. Lý do: %(reason)s") % {
                          "until": fmt(until), "reason": reason})
    return request


@service(AuditVerb.REQUEST_PROVIDED)
def request_provide(*, request: InfoRequest, answer: str, actor, files: Iterable = (), fee_amount=0,
                    fee_purpose: str = "", fee_note: str = "") -> InfoRequest:
    """Provide the information: an answer (text and/or files) and the actual copying/sending cost, if any
    (Art.12; TT 46/2018/TT-BTC)."""
    locked(request)
    WORKFLOW.check(request.state, State.PROVIDED)
    files = list(files or [])
    answer = clean_field(answer, "answer", required=not files, max_length=20000, single_line=False,
                         message=_("Cần nhập nội dung trả lời hoặc đính kèm tệp."))
    if len(files) > MAX_ANSWER_FILES:
        raise field_error("files", _("Tối đa %(n)d tệp.") % {"n": MAX_ANSWER_FILES}, "too_many_files")
    fee_note = clean_field(fee_note, "fee_note", required=False, max_length=300)
    domain.check_fee(fee_amount, fee_purpose or "", fee_note, request.delivery)
    stored = []
    for upload in files:
        try:
            stored.append(attachment_create(uploaded_file=upload, actor=actor, allowed=ANSWER_FILE_KINDS))
        except ValidationError as exc:
            raise field_error("files", " ".join(exc.messages), getattr(exc, "code", None) or "invalid_file") from None
    request.state = State.PROVIDED
    request.answer = answer
    request.fee_amount = Decimal(str(fee_amount or 0))
    request.fee_purpose = fee_purpose or ""
    request.fee_note = fee_note
    request.closed_on = clock.today()
    request.full_clean()
    request.save(update_fields=["state", "answer", "fee_amount", "fee_purpose", "fee_note", "closed_on", "modified"])
    if stored:
        request.answer_files.add(*stored)
    _event(request, actor=actor, note=_("Đã cung cấp thông tin."))
    audit.record(actor=actor, verb=AuditVerb.REQUEST_PROVIDED, target=request, unit=request.commune,
                 data=_facts(request, files=[a.pk for a in stored], fee_amount=str(request.fee_amount),
                             fee_purpose=request.fee_purpose, on_time=not request.closed_late))
    body = _("Thông tin ông/bà yêu cầu đã được cung cấp.")
    if request.fee_amount:
        body += " " + _("Chi phí thực tế: %(amount)s đồng (%(note)s).") % {
            "amount": f"{int(request.fee_amount):,}".replace(",", "."), "note": request.fee_note}
    _notify_requester(request, actor=actor, subject=_("Đã cung cấp thông tin"), body=body)
    return request


@service(AuditVerb.REQUEST_REFUSED)
def request_refuse(*, request: InfoRequest, ground: str, reason: str, actor) -> InfoRequest:
    """Refuse in writing with reasons (Art.28.2) on a ground of Art.28.1."""
    locked(request)
    WORKFLOW.check(request.state, State.REFUSED)
    reason = clean_field(reason, "reason", required=False, max_length=MAX_TEXT, single_line=False)
    domain.check_refusal(ground, reason)
    request.state = State.REFUSED
    request.refusal_ground = ground
    request.refusal_reason = reason
    request.closed_on = clock.today()
    request.save(update_fields=["state", "refusal_ground", "refusal_reason", "closed_on", "modified"])
    grounds = domain.REFUSAL_BY_CODE[ground]
    _event(request, actor=actor, note=_("Từ chối cung cấp thông tin (%(article)s). Lý do: %(reason)s") % {
        "article": domain.cite(grounds.article), "reason": reason})
    audit.record(actor=actor, verb=AuditVerb.REQUEST_REFUSED, target=request, unit=request.commune,
                 data=_facts(request, ground=ground))
    _notify_requester(request, actor=actor, subject=_("Từ chối cung cấp thông tin"),
                      body=_("Yêu cầu cung cấp thông tin của ông/bà bị từ chối. Lý do: %(reason)s") % {"reason": reason})
    return request


# --- reading personal data -------------------------------------------------------------------------


@service(AuditVerb.REQUEST_VIEWED)
def request_viewed(*, request: InfoRequest, actor, via: str = "html") -> None:
    """Every access to the requester's personal data (ID number, phone, address) is audited."""
    audit.record(actor=actor, verb=AuditVerb.REQUEST_VIEWED, target=request, unit=request.commune,
                 data=_facts(request, via=via))


# --- who handles a request ------------------------------------------------------------------------


def handlers(request: InfoRequest, on: date) -> list:
    """The assignee, or else everyone who may handle information requests of the commune."""
    if request.assignee_id and request.assignee.is_active:
        return [request.assignee]
    return commune_handlers(request.commune, on)


def commune_handlers(commune, on: date):
    """Active users appointed to a position whose role may handle information requests of `commune`
    (a position in the commune or in a unit above it)."""
    from danchu.accounts.models import User
    from danchu.units.models import AdministrativeUnit, Appointment

    roles = [r for r, caps in ROLE_CAPABILITIES.items() if Capability.HANDLE_INFO_REQUESTS in caps and r]
    ancestor_ids = [int(p) for p in commune.path.strip("/").split("/") if p.isdigit()]
    units = AdministrativeUnit.objects.filter(pk__in=ancestor_ids)
    user_ids = (Appointment.objects.active_on(on).filter(position__role__in=roles, user__isnull=False,
                                                         position__organisation__unit__in=units,
                                                         position__organisation__dissolved_on__isnull=True)
                .values_list("user_id", flat=True))
    return list(User.objects.filter(pk__in=set(user_ids), is_active=True).order_by("pk"))
