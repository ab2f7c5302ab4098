"""Write functions of citizen feedback. Each runs in one transaction, goes through the transition table of
domain.py, writes its audit row there and notifies the people concerned (delivered after commit)."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.attachments import attachment_create
from danchu.core.calendar_service import get_calendar
from danchu.core.errors import field_error
from danchu.core.i18n import in_default_language
from danchu.core.notify import notify
from danchu.core.text import clean_text, nfc, visible
from danchu.units.access import can
from danchu.units.domain import ROLE_CAPABILITIES, Capability, Level, OrganisationKind

from . import domain
from .domain import CaseKind, Channel, NotifyChannel, State
from .models import ApiClient, Category, Feedback, FeedbackEvent, FeedbackReminder, RoutingRule

PHOTO_KINDS = {"image"}
MAX_PHOTO_BYTES = 8 * 1024 * 1024
# Pixel size: a small file may still be a huge picture (a 10000×10000 PNG is a few KB and 400 MB decoded).
# Photos wider or taller than MAX_PHOTO_SIDE are downscaled to it (a phone's 12 MP photo is 4032×3024); a JPEG
# is decoded at a reduced scale, so phones' 50–64 MP photos are accepted up to MAX_JPEG_PIXELS; other formats
# above MAX_PHOTO_SIDE would have to be decoded in full and are refused with a message.
MAX_PHOTO_SIDE = 4096
MAX_JPEG_PIXELS = 70_000_000


def calendar_for(start: date):
    """The working-day calendar from `start`'s year to two years on (any answer period fits)."""
    return get_calendar(range(start.year, start.year + 2))


def reopen_days() -> int:
    return settings.DANCHU_FEEDBACK_REOPEN_DAYS


# --- helpers ---------------------------------------------------------------------------------------


def _text(value, field: str, *, required: bool, max_length: int, message: str | None = None,
          single_line: bool = True, min_length: int = 0) -> str:
    value = value if isinstance(value, str) else ("" if value is None else str(value))
    value = visible(value.replace("\x00", ""))
    value = clean_text(value) if single_line else nfc(value).replace("\r\n", "\n").strip()
    if required and not value:
        raise field_error(field, message or _("Trường này là bắt buộc."), "required")
    if len(value) > max_length:
        raise field_error(field, _("Tối đa %(n)d ký tự.") % {"n": max_length}, "too_long")
    if value and len(value) < min_length:
        raise field_error(field, _("Hãy mô tả rõ hơn (ít nhất %(n)d ký tự).") % {"n": min_length}, "too_short")
    return value


def _photo_too_large(name: str, width: int, height: int) -> ValidationError:
    return field_error("photos", _(
        "Ảnh “%(name)s” quá lớn (%(w)d × %(h)d điểm ảnh). Hãy thu nhỏ ảnh (cạnh dài tối đa %(side)d điểm ảnh) "
        "hoặc chụp lại ở độ phân giải thấp hơn rồi gửi lại.") % {
        "name": name, "w": width, "h": height, "side": MAX_PHOTO_SIDE}, "photo_too_large")


def prepare_photo(upload):
    """Check a photo's pixel size before anything is stored; downscale a large JPEG to MAX_PHOTO_SIDE (its EXIF
    orientation applied; the other metadata, GPS included, is dropped with the re-encoding). Returns the upload
    itself or the downscaled copy. Files that are not readable images are left to attachment_create, which
    refuses them with its own message."""
    import io
    import warnings

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageOps

    name = getattr(upload, "name", "") or "anh"
    size = getattr(upload, "size", None)
    if isinstance(size, int) and size > MAX_PHOTO_BYTES:
        return upload  # refused by attachment_create ("Tệp quá lớn")
    try:
        upload.seek(0)
        with warnings.catch_warnings():  # the size is judged here, with a message for the resident
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(upload) as img:
                width, height, fmt = img.width, img.height, img.format
                frames = getattr(img, "n_frames", 1)
    except Image.DecompressionBombError:
        raise field_error("photos", _("Ảnh “%(name)s” quá lớn. Hãy thu nhỏ ảnh rồi gửi lại.") % {"name": name},
                          "photo_too_large") from None
    except Exception:  # not an image Pillow can read
        upload.seek(0)
        return upload
    upload.seek(0)
    if max(width, height) <= MAX_PHOTO_SIDE:
        return upload
    if fmt != "JPEG" or frames > 1 or width * height > MAX_JPEG_PIXELS:
        raise _photo_too_large(name, width, height)
    with Image.open(upload) as img:
        img.draft("RGB", (MAX_PHOTO_SIDE, MAX_PHOTO_SIDE))  # decode at 1/2, 1/4 or 1/8 scale: cheap
        img = ImageOps.exif_transpose(img)
        img.thumbnail((MAX_PHOTO_SIDE, MAX_PHOTO_SIDE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        img.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    upload.seek(0)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _fmt(d: date | None) -> str:
    return d.strftime("%d/%m/%Y") if d else "—"


def _audit(feedback: Feedback, verb: str, actor, **data) -> None:
    audit.record(actor=actor, verb=f"feedback.feedback.{verb}", target=feedback, unit=feedback.commune,
                 data={"state": feedback.state, "due_on": feedback.due_on, **data})


def _event(feedback: Feedback, *, actor, kind: str = FeedbackEvent.Kind.STATE, note: str = "",
           internal_note: str = "", from_unit=None, to_unit=None) -> FeedbackEvent:
    return FeedbackEvent.objects.create(
        feedback=feedback, kind=kind, state=feedback.state, note=note, internal_note=internal_note,
        from_unit=from_unit, to_unit=to_unit,
        actor=actor if getattr(actor, "is_authenticated", False) else None, created=timezone.now())


def tracking_path() -> str:
    return reverse("feedback:track")


def _notify_reporter(feedback: Feedback, *, subject: str, body: str, actor) -> None:
    """On the channel the reporter chose (SMS, Zalo, e-mail) and in-app when they have an account."""
    site = settings.DANCHU_SITE_URL
    url = f"{site}{tracking_path()}" if site else tracking_path()
    body = body + "\n" + _("Mã tra cứu: %(code)s.") % {"code": feedback.tracking_code}
    channel = feedback.notify_channel
    if channel in (NotifyChannel.SMS, NotifyChannel.ZALO) and feedback.phone:
        notify(channel=channel, subject=subject, body=body, address=feedback.phone, url=url, actor=actor)
    elif channel == NotifyChannel.EMAIL and feedback.email:
        notify(channel="email", subject=subject, body=body, address=feedback.email, url=url, actor=actor)
    if feedback.user_id:
        notify(channel="in_app", subject=subject, body=body, recipient=feedback.user, url=tracking_path(),
               actor=actor)


def _notify_all_reporters(feedback: Feedback, *, subject: str, body: str, actor) -> None:
    """The reporter and the reporters of every feedback merged into this one (FixMyStreet keeps them informed)."""
    _notify_reporter(feedback, subject=subject, body=body, actor=actor)
    for dup in feedback.duplicates.filter(state=State.DUPLICATE):
        _notify_reporter(dup, subject=subject, body=body, actor=actor)


def _check_commune(commune) -> None:
    if commune is None or commune.level != Level.COMMUNE or commune.valid_to is not None:
        raise field_error("commune", _("Hãy chọn một xã, phường đang hoạt động."), "not_a_commune")


def _check_village(village, commune):
    if village is None:
        return None
    if village.parent_id != commune.pk or village.level != Level.VILLAGE or village.valid_to is not None:
        raise field_error("village", _("Thôn, tổ dân phố không thuộc xã, phường đã chọn."), "village_not_in_commune")
    return village


def routing_for(category: Category, commune, village=None):
    """(organisation, answer_days, rule) for a category at a place: the most specific RoutingRule of the village,
    the commune or a unit above them; else the commune's People's Committee and the category's period."""
    from danchu.units.models import Organisation

    place = village or commune
    ancestor_ids = [int(p) for p in place.path.strip("/").split("/") if p.isdigit()]
    rules = {}
    for r in RoutingRule.objects.filter(unit_id__in=ancestor_ids).select_related("unit", "organisation"):
        if r.category_id is None or r.category_id == category.pk:
            route = domain.Route(category.code if r.category_id else None, r.unit.path, r.organisation_id,
                                 r.answer_days)
            rules[route] = r
    best = domain.route(category.code, place.path, list(rules))
    if best is not None:
        return rules[best].organisation, best.answer_days or category.answer_days, rules[best]
    ubnd = (Organisation.objects.filter(unit=commune, kind=OrganisationKind.UBND, dissolved_on__isnull=True)
            .order_by("pk").first())
    return ubnd, category.answer_days, None


def _new_code() -> str:
    for _i in range(20):
        code = domain.new_tracking_code()
        if not Feedback.objects.filter(tracking_code=code).exists():
            return code
    raise RuntimeError("could not find a free tracking code")  # pragma: no cover


# --- intake ----------------------------------------------------------------------------------------


@transaction.atomic
@in_default_language
def feedback_submit(*, commune, category, description: str, village=None, address: str = "", lat=None, lon=None,
                    photos: Iterable = (), anonymous: bool = False, reporter_name: str = "", phone: str = "",
                    email: str = "", notify_channel: str = "", publish: bool = False, show_name: bool = False,
                    user=None, channel: str = Channel.WEB, api_client=None, media_url: str = "",
                    device_id: str = "", account_id: str = "", actor=None, received_at=None) -> Feedback:
    """A resident's feedback (web form, Open311 client, or recorded by an official from the hotline).
    Validates everything first and creates nothing on any error."""
    errors: dict[str, list] = {}

    def collect(fn, *args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except ValidationError as exc:
            for key, errs in exc.error_dict.items():
                errors.setdefault(key, []).extend(errs)
            return None

    collect(_check_commune, commune)
    if category is None or not isinstance(category, Category) or not category.active:
        errors.setdefault("category", []).append(ValidationError(_("Hãy chọn một lĩnh vực phản ánh."),
                                                                 code="invalid_category"))
    if not errors.get("commune"):
        village = collect(_check_village, village, commune)
    description = collect(_text, description, "description", required=True, max_length=domain.MAX_DESCRIPTION,
                          single_line=False, min_length=domain.MIN_DESCRIPTION,
                          message=_("Cần mô tả nội dung phản ánh.")) or ""
    address = collect(_text, address, "address", required=False, max_length=300) or ""
    point = None
    if not errors.get("commune"):
        centroid = (commune.latitude, commune.longitude) if commune.latitude is not None and \
            commune.longitude is not None else None
        point = collect(domain.check_point, lat, lon, centroid=centroid, area_km2=commune.area_km2)
    anonymous = bool(anonymous)
    reporter_name = collect(_text, reporter_name, "reporter_name", required=False, max_length=150) or ""
    phone = collect(domain.normalise_phone, phone) or ""
    email = clean_text(email or "")
    if email:
        try:
            validate_email(email)
            if len(email) > 254:
                raise ValidationError("too long")
        except ValidationError:
            errors.setdefault("email", []).append(ValidationError(_("Địa chỉ thư điện tử không hợp lệ."),
                                                                  code="invalid_email"))
    if anonymous:
        reporter_name, phone, email, show_name = "", "", "", False
        notify_channel = ""
    elif not reporter_name and channel == Channel.WEB:
        errors.setdefault("reporter_name", []).append(ValidationError(
            _("Cần nhập họ và tên, hoặc chọn gửi ẩn danh."), code="name_required"))
    if notify_channel not in NotifyChannel.values:
        errors.setdefault("notify_channel", []).append(ValidationError(_("Cách nhận thông báo không hợp lệ."),
                                                                       code="invalid_notify_channel"))
    elif notify_channel in (NotifyChannel.SMS, NotifyChannel.ZALO) and not phone and "phone" not in errors:
        errors.setdefault("phone", []).append(ValidationError(
            _("Cần số điện thoại để nhận thông báo qua SMS hoặc Zalo."), code="phone_required"))
    elif notify_channel == NotifyChannel.EMAIL and not email and "email" not in errors:
        errors.setdefault("email", []).append(ValidationError(
            _("Cần thư điện tử để nhận thông báo qua thư điện tử."), code="email_required"))
    media_url = (media_url or "").replace("\x00", "").strip()
    if media_url:
        try:
            if len(media_url) > 500:
                raise ValidationError("too long")
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            errors.setdefault("media_url", []).append(ValidationError(_("Đường dẫn hình ảnh không hợp lệ."),
                                                                      code="invalid_media_url"))
    photos = [p for p in (photos or []) if p]
    if len(photos) > domain.MAX_PHOTOS:
        errors.setdefault("photos", []).append(ValidationError(
            _("Tối đa %(n)d ảnh.") % {"n": domain.MAX_PHOTOS}, code="too_many_photos"))
    else:
        photos = [collect(prepare_photo, p) or p for p in photos]
    if errors:
        raise ValidationError(errors)
    stored = []
    for upload in photos:
        try:
            stored.append(attachment_create(uploaded_file=upload, actor=actor or user, allowed=PHOTO_KINDS,
                                            max_bytes=MAX_PHOTO_BYTES))
        except ValidationError as exc:
            raise field_error("photos", " ".join(exc.messages), getattr(exc, "code", None) or "invalid_photo") \
                from None
    now = received_at or timezone.now()
    today = clock.local_date(now)
    cal = calendar_for(today)
    organisation, answer_days, _rule = routing_for(category, commune, village)
    feedback = Feedback(
        tracking_code=_new_code(), commune=commune, village=village, category=category, description=description,
        words=" ".join(sorted(domain.tokens(description))), address=address,
        lat=point[0] if point else None, lon=point[1] if point else None, media_url=media_url,
        anonymous=anonymous, reporter_name=reporter_name, phone=phone, email=email, notify_channel=notify_channel,
        publish=bool(publish), show_name=bool(show_name) and not anonymous,
        user=user if getattr(user, "is_authenticated", False) else None, channel=channel, api_client=api_client,
        device_id=(device_id or "").replace("\x00", "")[:100], account_id=(account_id or "").replace("\x00", "")[:100],
        state=State.RECEIVED,
        organisation=organisation, received_at=now, received_on=today, answer_days=answer_days,
        due_on=domain.answer_due(today, answer_days, cal), transfer_due_on=domain.transfer_due(today, cal),
    )
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError:  # pragma: no cover (a tracking code taken between the check and the insert)
        feedback.tracking_code = _new_code()
        feedback.save()
    if stored:
        feedback.photos.add(*stored)
    actor = actor or (user if getattr(user, "is_authenticated", False) else "public")
    _event(feedback, actor=actor, note=_("Đã tiếp nhận phản ánh; hạn trả lời: %(due)s.") % {
        "due": _fmt(feedback.due_on)})
    _audit(feedback, "submitted", actor, channel=channel, category=category.code,
           organisation=getattr(organisation, "pk", None), photos=[a.pk for a in stored],
           api_client=getattr(api_client, "pk", None))
    _notify_reporter(feedback, actor=actor, subject=_("Đã nhận phản ánh"), body=_(
        "%(commune)s đã nhận phản ánh của ông/bà; hạn trả lời: %(due)s.") % {
        "commune": commune.name, "due": _fmt(feedback.due_on)})
    _notify_handlers(feedback, subject=_("Phản ánh mới %(code)s") % {"code": feedback.tracking_code},
                     body=_("%(category)s — %(commune)s; hạn trả lời %(due)s.") % {
                         "category": category.name, "commune": commune.name, "due": _fmt(feedback.due_on)},
                     actor=actor)
    return feedback


def find_duplicates(feedback: Feedback, *, limit: int = 5) -> list[tuple[float, Feedback]]:
    """Open or answered feedback of the same commune and category, near in place and time, with similar text."""
    window = timedelta(days=domain.DUPLICATE_DAYS)
    qs = (Feedback.objects.filter(commune_id=feedback.commune_id, category_id=feedback.category_id,
                                  received_at__gte=feedback.received_at - window,
                                  received_at__lte=feedback.received_at + window)
          .exclude(pk=feedback.pk).exclude(state__in=[State.DUPLICATE, State.CONVERTED, State.REJECTED])
          .only("pk", "tracking_code", "category_id", "received_at", "lat", "lon", "village_id", "words",
                "description", "state", "commune_id")[:500])
    new = _candidate(feedback)
    scored = [(domain.duplicate_score(new, _candidate(f)), f) for f in qs]
    scored = [(s, f) for s, f in scored if s > 0]
    scored.sort(key=lambda sf: (-sf[0], -sf[1].pk))
    return scored[:limit]


def _candidate(f: Feedback) -> domain.Candidate:
    return domain.Candidate(str(f.category_id), f.received_at, f.lat, f.lon, f.village_id,
                            frozenset((f.words or "").split()))


# --- handling --------------------------------------------------------------------------------------


def _set_state(feedback: Feedback, target: str) -> None:
    domain.check_transition(feedback.state, target)
    feedback.state = target


@transaction.atomic
@in_default_language
def feedback_accept(*, feedback: Feedback, actor, note: str = "") -> Feedback:
    """Within competence: accepted for handling (NĐ 20/2008 Art.9.1 "thuộc thẩm quyền")."""
    _set_state(feedback, State.ACCEPTED)
    note = _text(note, "note", required=False, max_length=2000, single_line=False)
    feedback.save(update_fields=["state", "modified"])
    _event(feedback, actor=actor, note=note or _("Phản ánh thuộc thẩm quyền, đã được thụ lý."))
    _audit(feedback, "accepted", actor)
    _notify_reporter(feedback, actor=actor, subject=_("Phản ánh đã được thụ lý"),
                     body=_("Phản ánh của ông/bà đã được thụ lý; hạn trả lời: %(due)s.") % {"due": _fmt(feedback.due_on)})
    return feedback


@transaction.atomic
@in_default_language
def feedback_start(*, feedback: Feedback, actor, note: str = "") -> Feedback:
    _set_state(feedback, State.IN_PROGRESS)
    note = _text(note, "note", required=False, max_length=2000, single_line=False)
    feedback.status_note = note[:500]
    feedback.save(update_fields=["state", "status_note", "modified"])
    _event(feedback, actor=actor, note=note or _("Đang xử lý."))
    _audit(feedback, "started", actor)
    return feedback


def handlers_of(commune, on: date, capability: str = Capability.HANDLE_FEEDBACK) -> list:
    """Active users holding a position whose role has `capability` in the commune or a unit above it."""
    from danchu.accounts.models import User
    from danchu.units.models import AdministrativeUnit, Appointment

    key = f"feedback:handlers:{commune.pk}:{capability}:{on.isoformat()}"
    user_ids = cache.get(key)  # appointments change rarely: a minute of staleness is fine for notifications
    if user_ids is None:
        roles = [r for r, caps in ROLE_CAPABILITIES.items() if capability in caps and r]
        ancestor_ids = [int(p) for p in commune.path.strip("/").split("/") if p.isdigit()]
        units = AdministrativeUnit.objects.filter(pk__in=ancestor_ids)
        user_ids = sorted(set(Appointment.objects.active_on(on).filter(
            position__role__in=roles, user__isnull=False, position__organisation__unit__in=units,
            position__organisation__dissolved_on__isnull=True).values_list("user_id", flat=True)))
        cache.set(key, user_ids, 60)
    return list(User.objects.filter(pk__in=user_ids, is_active=True).order_by("full_name", "pk"))


def _notify_handlers(feedback: Feedback, *, subject: str, body: str, actor) -> None:
    url = reverse("feedback:staff-detail", args=[feedback.pk])
    recipients = [feedback.assignee] if feedback.assignee_id and feedback.assignee.is_active else \
        handlers_of(feedback.commune, clock.today())
    for user in recipients:
        if user.pk != getattr(actor, "pk", None):
            notify(channel="in_app", recipient=user, subject=subject, body=body, url=url, actor=actor)


@transaction.atomic
@in_default_language
def feedback_assign(*, feedback: Feedback, assignee, actor) -> Feedback:
    if not feedback.is_open:
        raise ValidationError(_("Phản ánh đã xử lý xong, không giao lại được."), code="closed")
    if assignee is None or not getattr(assignee, "is_active", False) or not can(
            assignee, Capability.HANDLE_FEEDBACK, feedback.commune):
        raise field_error("assignee", _("Người được giao phải có quyền xử lý phản ánh của xã, phường này."),
                          "invalid_assignee")
    before = feedback.assignee_id
    feedback.assignee = assignee
    feedback.save(update_fields=["assignee", "modified"])
    _event(feedback, actor=actor, kind=FeedbackEvent.Kind.ASSIGN,
           internal_note=_("Giao cho %(name)s.") % {"name": assignee.get_full_name()})
    _audit(feedback, "assigned", actor, assignee=assignee.pk, before=before)
    if assignee.pk != getattr(actor, "pk", None):
        notify(channel="in_app", recipient=assignee, actor=actor, subject=_("Được giao xử lý phản ánh"),
               body=_("Phản ánh %(code)s, hạn trả lời %(due)s.") % {"code": feedback.tracking_code,
                                                                   "due": _fmt(feedback.due_on)},
               url=reverse("feedback:staff-detail", args=[feedback.pk]))
    return feedback


@transaction.atomic
@in_default_language
def feedback_transfer(*, feedback: Feedback, actor, reason: str, to_unit=None, to_body: str = "") -> Feedback:
    """Outside the receiver's competence (NĐ 20/2008 Art.9.1.d, ≤ 05 WD from receipt):
    - to another commune on the platform (`to_unit`): the feedback starts again there — received today, a new
      answer deadline, routed to that commune's responsible organisation; the history keeps both units;
    - to an outside body (`to_body`): the feedback ends here as "transferred" with the body's name."""
    if not feedback.is_open:
        raise ValidationError(_("Phản ánh đã xử lý xong, không chuyển được."), code="closed")
    reason = _text(reason, "reason", required=True, max_length=2000, single_line=False,
                   message=_("Cần nêu lý do chuyển (không thuộc thẩm quyền)."))
    to_body = _text(to_body, "to_body", required=False, max_length=300)
    if (to_unit is None) == (not to_body):
        raise field_error("to_unit", _("Chọn một xã, phường trên hệ thống hoặc ghi tên cơ quan nhận chuyển."),
                          "transfer_target_required")
    today = clock.today()
    late = bool(feedback.transfer_due_on and today > feedback.transfer_due_on)
    from_unit = feedback.commune
    if to_unit is not None:
        _check_commune(to_unit)
        if to_unit.pk == from_unit.pk:
            raise field_error("to_unit", _("Phản ánh đang ở xã, phường này."), "same_unit")
        cal = calendar_for(today)
        organisation, answer_days, _rule = routing_for(feedback.category, to_unit)
        feedback.commune = to_unit
        feedback.village = None
        feedback.organisation = organisation
        feedback.assignee = None
        feedback.state = State.RECEIVED
        feedback.received_on = today
        feedback.answer_days = answer_days
        feedback.due_on = domain.answer_due(today, answer_days, cal)
        feedback.transfer_due_on = domain.transfer_due(today, cal)
        feedback.escalated_at = None
        feedback.save(update_fields=["commune", "village", "organisation", "assignee", "state", "received_on",
                                     "answer_days", "due_on", "transfer_due_on", "escalated_at", "modified"])
        note = _("Chuyển đến %(unit)s (không thuộc thẩm quyền của %(from)s). Hạn trả lời mới: %(due)s.") % {
            "unit": to_unit.name, "from": from_unit.name, "due": _fmt(feedback.due_on)}
        _event(feedback, actor=actor, kind=FeedbackEvent.Kind.TRANSFER, note=note, internal_note=reason,
               from_unit=from_unit, to_unit=to_unit)
        _audit(feedback, "transferred", actor, from_unit=from_unit.pk, to_unit=to_unit.pk, late=late)
        _notify_handlers(feedback, subject=_("Phản ánh được chuyển đến %(unit)s") % {"unit": to_unit.name},
                         body=_("%(code)s từ %(from)s; hạn trả lời %(due)s.") % {
                             "code": feedback.tracking_code, "from": from_unit.name, "due": _fmt(feedback.due_on)},
                         actor=actor)
    else:
        domain.check_transition(feedback.state, State.TRANSFERRED)
        feedback.state = State.TRANSFERRED
        feedback.transferred_to = to_body
        feedback.closed_at = timezone.now()
        feedback.status_note = (_("Đã chuyển đến %(body)s.") % {"body": to_body})[:500]
        feedback.save(update_fields=["state", "transferred_to", "closed_at", "status_note", "modified"])
        note = _("Không thuộc thẩm quyền của %(from)s; đã chuyển đến %(body)s.") % {"from": from_unit.name,
                                                                                  "body": to_body}
        _event(feedback, actor=actor, kind=FeedbackEvent.Kind.TRANSFER, note=note, internal_note=reason,
               from_unit=from_unit)
        _audit(feedback, "transferred_out", actor, to_body=to_body, late=late)
    _notify_all_reporters(feedback, actor=actor, subject=_("Phản ánh đã được chuyển"), body=note)
    return feedback


@transaction.atomic
@in_default_language
def feedback_answer(*, feedback: Feedback, answer: str, actor) -> Feedback:
    """The public answer (NĐ 20/2008 Art.19: written reply and publication). Stops the clock."""
    answer = _text(answer, "answer", required=True, max_length=8000, single_line=False,
                   message=_("Cần nhập nội dung trả lời."))
    _set_state(feedback, State.ANSWERED)
    now = timezone.now()
    feedback.answer = answer
    feedback.answered_at = now
    feedback.answered_on_time = domain.answered_on_time(feedback.due_on, clock.local_date(now))
    feedback.status_note = ""
    feedback.save(update_fields=["state", "answer", "answered_at", "answered_on_time", "status_note", "modified"])
    _event(feedback, actor=actor, note=_("Đã trả lời phản ánh."))
    shared = _share_answer(feedback, actor=actor)
    _audit(feedback, "answered", actor, on_time=feedback.answered_on_time, shared_with=shared)
    _notify_all_reporters(feedback, actor=actor, subject=_("Phản ánh đã được trả lời"), body=_(
        "Phản ánh của ông/bà đã được trả lời. Xin mời xem câu trả lời và đánh giá mức độ hài lòng."))
    return feedback


def answer_time(feedback: Feedback):
    """When the answer the reporter sees was given: their own, or for a merged duplicate the original's."""
    if feedback.answered_at or not feedback.answer or feedback.state != State.DUPLICATE:
        return feedback.answered_at
    return feedback.duplicate_of.answered_at if feedback.duplicate_of_id else None


def rating_open(feedback: Feedback, today: date) -> bool:
    """Whether the reporter may rate now: an answer (their own or the shared one of a merged feedback) and not
    rated yet — or rated unsatisfied and still within the reopening window."""
    if not domain.can_rate(feedback.state, shared_answer=bool(feedback.answer)):
        return False
    answered_on = clock.local_date(feedback.answered_at) if feedback.answered_at else None
    return feedback.rating is None or domain.can_reopen(feedback.state, feedback.rating, answered_on, today,
                                                        reopen_days())


def _share_answer(original: Feedback, *, actor) -> list[int]:
    """Pass the answer of `original` on to every feedback merged into it: each reporter sees it with their own
    tracking code (page, API) and may rate it. The duplicates keep their state and no answer date of their own
    (the statistics count the answer once, on the original)."""
    shared = []
    for dup in original.duplicates.filter(state=State.DUPLICATE).select_for_update():
        dup.answer = original.answer
        dup.save(update_fields=["answer", "modified"])
        _event(dup, actor=actor, note=_("Phản ánh được xử lý chung đã có câu trả lời; ông/bà có thể xem và đánh "
                                        "giá mức độ hài lòng."))
        shared.append(dup.pk)
    return shared


@transaction.atomic
@in_default_language
def feedback_close(*, feedback: Feedback, actor, note: str = "") -> Feedback:
    _set_state(feedback, State.CLOSED)
    note = _text(note, "note", required=False, max_length=2000, single_line=False)
    feedback.closed_at = timezone.now()
    feedback.save(update_fields=["state", "closed_at", "modified"])
    _event(feedback, actor=actor, note=note or _("Kết thúc xử lý phản ánh."))
    _audit(feedback, "closed", actor)
    return feedback


@transaction.atomic
@in_default_language
def feedback_reject(*, feedback: Feedback, reason: str, actor) -> Feedback:
    """Not accepted (e.g. no content, insults, not a feedback): with public reasons (NĐ 20/2008 Art.9.1)."""
    reason = _text(reason, "reason", required=True, max_length=2000, single_line=False,
                   message=_("Cần nêu lý do không thụ lý."))
    _set_state(feedback, State.REJECTED)
    feedback.closed_at = timezone.now()
    feedback.status_note = reason[:500]
    feedback.save(update_fields=["state", "closed_at", "status_note", "modified"])
    _event(feedback, actor=actor, note=_("Không thụ lý. Lý do: %(reason)s") % {"reason": reason})
    _audit(feedback, "rejected", actor)
    _notify_reporter(feedback, actor=actor, subject=_("Phản ánh không được thụ lý"),
                     body=_("Phản ánh của ông/bà không được thụ lý. Lý do: %(reason)s") % {"reason": reason})
    return feedback


@transaction.atomic
@in_default_language
def feedback_mark_duplicate(*, feedback: Feedback, original: Feedback | None, actor, note: str = "") -> Feedback:
    """Merge into an earlier feedback: this one ends; its reporter is informed of every later step of the
    original (answer, transfer)."""
    if original is None or original.pk == feedback.pk or original.commune_id != feedback.commune_id:
        raise field_error("original", _("Hãy nhập mã tra cứu của một phản ánh khác cùng xã, phường."),
                          "invalid_original")
    if original.state in (State.DUPLICATE, State.CONVERTED, State.REJECTED):
        raise field_error("original", _("Không gộp vào phản ánh đã bị gộp, chuyển thủ tục hoặc không thụ lý."),
                          "invalid_original")
    note = _text(note, "note", required=False, max_length=2000, single_line=False)
    _set_state(feedback, State.DUPLICATE)
    answered = original.state in (State.ANSWERED, State.CLOSED) and bool(original.answer)
    feedback.duplicate_of = original
    feedback.closed_at = timezone.now()
    feedback.status_note = (_("Trùng với phản ánh đã có; theo dõi kết quả chung.")).strip()[:500]
    feedback.answer = original.answer if answered else ""
    feedback.save(update_fields=["state", "duplicate_of", "closed_at", "status_note", "answer", "modified"])
    _event(feedback, actor=actor, kind=FeedbackEvent.Kind.MERGE, internal_note=note,
           note=_("Phản ánh trùng nội dung với một phản ánh đã tiếp nhận; ông/bà sẽ được thông báo kết quả xử lý "
                  "chung."))
    _event(original, actor=actor, kind=FeedbackEvent.Kind.MERGE,
           internal_note=_("Gộp phản ánh %(code)s vào phản ánh này.") % {"code": feedback.tracking_code})
    # the feedback merged earlier into this one follow it to the original: every reporter hears the answer
    moved = list(feedback.duplicates.filter(state=State.DUPLICATE).values_list("pk", flat=True))
    if moved:
        Feedback.objects.filter(pk__in=moved).update(duplicate_of=original, modified=timezone.now())
        _event(original, actor=actor, kind=FeedbackEvent.Kind.MERGE,
               internal_note=_("Gộp tiếp %(n)d phản ánh đã gộp vào %(code)s.") % {
                   "n": len(moved), "code": feedback.tracking_code})
        if answered:
            _share_answer(original, actor=actor)
    _audit(feedback, "merged", actor, original=original.pk, moved=moved, answer_shared=answered)
    if answered:
        _notify_reporter(feedback, actor=actor, subject=_("Phản ánh được gộp"), body=_(
            "Nội dung ông/bà phản ánh đã được người khác phản ánh trước và đã có câu trả lời. Xin mời xem câu trả "
            "lời và đánh giá mức độ hài lòng."))
    else:
        _notify_reporter(feedback, actor=actor, subject=_("Phản ánh được gộp"), body=_(
            "Nội dung ông/bà phản ánh đã được người khác phản ánh trước; hai phản ánh được xử lý chung và ông/bà sẽ "
            "nhận được thông báo kết quả."))
    return feedback


@transaction.atomic
@in_default_language
def feedback_convert(*, feedback: Feedback, kind: str, actor, reference: str = "", note: str = "") -> Feedback:
    """A complaint or a denunciation is not a feedback (NĐ 20/2008 Art.1): it is handled under Luật Khiếu nại
    2011 / Luật Tố cáo 2018. The content becomes a case of that kind in the commune's case register (danchu.cases,
    through its service, with its own deadlines), the feedback ends with a link to it, and for a denunciation the
    reporter's name and contact leave the feedback for the case's sealed identity (Luật Tố cáo Art.47)."""
    from danchu.cases import services as cases

    if kind not in CaseKind.values:
        raise field_error("kind", _("Hãy chọn khiếu nại hoặc tố cáo."), "invalid_kind")
    reference = _text(reference, "reference", required=False, max_length=300)
    note = _text(note, "note", required=False, max_length=2000, single_line=False)
    anonymous = feedback.anonymous or not feedback.reporter_name
    if kind == CaseKind.COMPLAINT and anonymous:
        raise field_error("kind", _("Khiếu nại phải ghi rõ họ tên, địa chỉ người khiếu nại (Điều 8 Luật Khiếu nại): "
                                    "phản ánh ẩn danh không chuyển thành khiếu nại được; hãy trả lời, hướng dẫn "
                                    "người gửi."), "anonymous_complaint")
    _set_state(feedback, State.CONVERTED)
    received_on = timezone.localtime(feedback.received_at).date()
    content = feedback.description
    if reference:
        content += "\n\n" + reference
    case = cases.case_record_letter(
        unit=feedback.commune, actor=actor, kind=kind, summary=feedback.description[:300],
        content=content + "\n\n" + _("(Chuyển từ phản ánh, kiến nghị số %(n)s)") % {"n": feedback.pk},
        full_name=feedback.reporter_name, phone=feedback.phone, anonymous=anonymous, received_on=received_on)
    label = CaseKind(kind).label
    feedback.converted_kind = kind
    feedback.converted_ref = reverse("cases:case-detail", args=[case.pk])
    feedback.closed_at = timezone.now()
    feedback.publish = False  # the content of a complaint/denunciation is never published (Luật Tố cáo Art.47)
    # the reporter is told once, before a denouncer's contact leaves the feedback
    _notify_reporter(feedback, actor=actor, subject=_("Chuyển giải quyết theo thủ tục %(kind)s") % {"kind": label},
                     body=_("Nội dung ông/bà gửi là %(kind)s nên được giải quyết theo thủ tục %(kind)s.") % {
                         "kind": label.lower()})
    fields = ["state", "converted_kind", "converted_ref", "closed_at", "publish", "modified"]
    if kind == CaseKind.DENUNCIATION:
        feedback.reporter_name, feedback.phone, feedback.email, feedback.show_name = "", "", "", False
        feedback.user = None
        fields += ["reporter_name", "phone", "email", "show_name", "user"]
    feedback.save(update_fields=fields)
    _event(feedback, actor=actor, internal_note=note or reference,
           note=_("Nội dung là %(kind)s: được chuyển sang giải quyết theo thủ tục %(kind)s.") % {"kind": label.lower()})
    _audit(feedback, "converted", actor, kind=kind, case=case.pk)
    return feedback


@transaction.atomic
def feedback_note(*, feedback: Feedback, note: str, actor) -> Feedback:
    note = _text(note, "note", required=True, max_length=4000, single_line=False, message=_("Cần nhập ghi chú."))
    _event(feedback, actor=actor, kind=FeedbackEvent.Kind.NOTE, internal_note=note)
    _audit(feedback, "noted", actor)
    return feedback


@transaction.atomic
@in_default_language
def feedback_recategorise(*, feedback: Feedback, category, actor) -> Feedback:
    """Fix a wrong category while open: re-routed and the answer deadline recounted from the receipt."""
    if not feedback.is_open:
        raise ValidationError(_("Phản ánh đã xử lý xong."), code="closed")
    if not isinstance(category, Category) or not category.active:
        raise field_error("category", _("Hãy chọn một lĩnh vực phản ánh."), "invalid_category")
    if category.pk == feedback.category_id:
        return feedback
    before = feedback.category
    organisation, answer_days, _rule = routing_for(category, feedback.commune, feedback.village)
    cal = calendar_for(feedback.received_on)
    feedback.category, feedback.organisation, feedback.answer_days = category, organisation, answer_days
    feedback.due_on = domain.answer_due(feedback.received_on, answer_days, cal)
    feedback.save(update_fields=["category", "organisation", "answer_days", "due_on", "modified"])
    _event(feedback, actor=actor, kind=FeedbackEvent.Kind.CATEGORY,
           note=_("Đổi lĩnh vực: %(a)s → %(b)s; hạn trả lời: %(due)s.") % {"a": before.name, "b": category.name,
                                                                           "due": _fmt(feedback.due_on)})
    _audit(feedback, "recategorised", actor, before=before.code, after=category.code)
    return feedback


@transaction.atomic
def feedback_viewed(*, feedback: Feedback, actor, via: str = "html") -> None:
    """Every access to the reporter's personal data by staff is audited."""
    _audit(feedback, "viewed", actor, via=via)


# --- the resident after the answer ------------------------------------------------------------------


@transaction.atomic
@in_default_language
def feedback_rate(*, feedback: Feedback, rating, comment: str = "", reopen: bool = False, actor="public") -> Feedback:
    """Satisfaction 1–5 and a comment (Law 10/2022 Art.35.2.a). Unsatisfied (≤ 3) within the window: the resident
    may reopen; the feedback goes back to "in progress" with a new answer deadline counted from today."""
    feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
    if not domain.can_rate(feedback.state, shared_answer=bool(feedback.answer)):
        raise ValidationError({"rating": ValidationError(_("Chỉ đánh giá được phản ánh đã có câu trả lời."),
                                                         code="not_answered")})
    value = domain.check_rating(rating)
    comment = _text(comment, "comment", required=False, max_length=2000, single_line=False)
    today = clock.today()
    if reopen and feedback.state == State.DUPLICATE:
        raise ValidationError({"reopen": ValidationError(
            _("Phản ánh này được xử lý chung với một phản ánh khác nên không mở lại được; ông/bà có thể gửi đánh "
              "giá hoặc gửi phản ánh mới."), code="reopen_not_allowed")})
    if reopen and not domain.can_reopen(feedback.state, value, clock.local_date(feedback.answered_at)
                                        if feedback.answered_at else None, today, reopen_days()):
        raise ValidationError({"reopen": ValidationError(
            _("Chỉ mở lại được khi chưa hài lòng và trong vòng %(n)d ngày kể từ khi có câu trả lời.") % {
                "n": reopen_days()}, code="reopen_not_allowed")})
    feedback.rating, feedback.rating_comment, feedback.rated_at = value, comment, timezone.now()
    fields = ["rating", "rating_comment", "rated_at", "modified"]
    _event(feedback, actor=actor, kind=FeedbackEvent.Kind.RATING,
           note=_("Người phản ánh đánh giá: %(label)s (%(n)d/5).") % {"label": domain.RATING_LABELS[value],
                                                                       "n": value})
    if reopen:
        cal = calendar_for(today)
        feedback.state = State.IN_PROGRESS
        feedback.reopen_count += 1
        feedback.received_on = today
        feedback.due_on = domain.answer_due(today, feedback.answer_days, cal)
        feedback.answered_on_time = None
        feedback.closed_at = None
        feedback.escalated_at = None
        fields += ["state", "reopen_count", "received_on", "due_on", "answered_on_time", "closed_at", "escalated_at"]
        _event(feedback, actor=actor, note=_("Người phản ánh chưa hài lòng và đề nghị xem xét lại; hạn trả lời mới: "
                                             "%(due)s.") % {"due": _fmt(feedback.due_on)})
    elif feedback.state == State.ANSWERED and domain.is_satisfied(value):
        feedback.state = State.CLOSED
        feedback.closed_at = timezone.now()
        fields += ["state", "closed_at"]
    feedback.save(update_fields=fields)
    _audit(feedback, "rated", actor, rating=value, reopened=bool(reopen))
    if reopen:
        _notify_handlers(feedback, actor=actor, subject=_("Phản ánh %(code)s được mở lại") % {
            "code": feedback.tracking_code}, body=_("Người phản ánh chưa hài lòng: %(comment)s") % {
            "comment": comment or "—"})
    return feedback


# --- reminders and escalation ---------------------------------------------------------------------


def send_reminders(*, today: date | None = None) -> int:
    """Remind handlers of open feedback due within 1 working day and of overdue ones; escalate to the superior
    unit's supervisors when 3 working days late. Once per feedback, kind and due date (idempotent)."""
    today = today or clock.today()
    cal = get_calendar(range(today.year - 1, today.year + 2))
    soon_end = cal.next_working_day(today)
    sent = 0
    qs = (Feedback.objects.open().filter(due_on__isnull=False, due_on__lte=soon_end)
          .select_related("commune", "assignee", "category").order_by("due_on", "pk"))
    for feedback in qs.iterator(chunk_size=500):
        if feedback.due_on < today:
            sent += _remind(feedback, FeedbackReminder.Kind.OVERDUE, today)
            if domain.should_escalate(feedback.state, feedback.due_on, today, cal):
                sent += _escalate(feedback, today)
        elif domain.is_due_within(feedback.due_on, today, 1, cal):
            sent += _remind(feedback, FeedbackReminder.Kind.DUE_SOON, today)
    return sent


@transaction.atomic
def _remind(feedback: Feedback, kind: str, today: date) -> int:
    _reminder, created = FeedbackReminder.objects.get_or_create(feedback=feedback, kind=kind, due_on=feedback.due_on,
                                                                defaults={"sent_at": timezone.now()})
    if not created:
        return 0
    with transaction.atomic():
        if kind == FeedbackReminder.Kind.OVERDUE:
            subject = _("Phản ánh %(code)s đã quá hạn trả lời") % {"code": feedback.tracking_code}
        else:
            subject = _("Phản ánh %(code)s sắp đến hạn trả lời") % {"code": feedback.tracking_code}
        body = _("%(commune)s — %(category)s, hạn trả lời %(due)s.") % {
            "commune": feedback.commune.name, "category": feedback.category.name, "due": _fmt(feedback.due_on)}
        _notify_handlers(feedback, subject=subject, body=body, actor="system")
        audit.record(actor="system", verb=f"feedback.feedback.reminded_{kind}", target=feedback,
                     unit=feedback.commune, data={"due_on": feedback.due_on})
    return 1


@transaction.atomic
@in_default_language
def _escalate(feedback: Feedback, today: date) -> int:
    """Report to the superior unit (the commune's parent): its supervisors and leaders are told, the feedback
    is marked, and the commune's leaders see the mark in their queue."""
    _reminder, created = FeedbackReminder.objects.get_or_create(
        feedback=feedback, kind=FeedbackReminder.Kind.ESCALATED, due_on=feedback.due_on,
        defaults={"sent_at": timezone.now()})
    if not created:
        return 0
    superior = feedback.commune.parent
    feedback.escalated_at = timezone.now()
    feedback.save(update_fields=["escalated_at", "modified"])
    _event(feedback, actor="system", kind=FeedbackEvent.Kind.ESCALATE,
           internal_note=_("Quá hạn %(n)d ngày làm việc: đã báo cáo %(unit)s.") % {
               "n": domain.ESCALATE_AFTER_WORKING_DAYS, "unit": superior.name if superior else "—"})
    recipients = handlers_of(superior, today, Capability.SUPERVISE_FEEDBACK) if superior else []
    recipients += [u for u in handlers_of(feedback.commune, today, Capability.CONFIGURE_FEEDBACK)
                   if u not in recipients]
    url = reverse("feedback:staff-detail", args=[feedback.pk])
    for user in recipients:
        notify(channel="in_app", recipient=user, actor="system", url=url,
               subject=_("Phản ánh quá hạn được báo cáo cấp trên: %(code)s") % {"code": feedback.tracking_code},
               body=_("%(commune)s — %(category)s, hạn trả lời %(due)s.") % {
                   "commune": feedback.commune.name, "category": feedback.category.name,
                   "due": _fmt(feedback.due_on)})
    audit.record(actor="system", verb="feedback.feedback.escalated", target=feedback, unit=feedback.commune,
                 data={"superior": getattr(superior, "pk", None), "recipients": [u.pk for u in recipients]})
    return 1


def close_answered(*, today: date | None = None) -> int:
    """Close answered feedback once the resident's reopening window has passed (each in its own transaction,
    audited as done by the system)."""
    today = today or clock.today()
    cutoff = today - timedelta(days=reopen_days())
    closed = 0
    for feedback in Feedback.objects.filter(state=State.ANSWERED, answered_at__date__lt=cutoff).iterator(
            chunk_size=500):
        with transaction.atomic():
            feedback = Feedback.objects.select_for_update().get(pk=feedback.pk)
            if feedback.state != State.ANSWERED:
                continue
            feedback.state = State.CLOSED
            feedback.closed_at = timezone.now()
            feedback.save(update_fields=["state", "closed_at", "modified"])
            _event(feedback, actor="system", note=_("Kết thúc: hết thời hạn đề nghị xem xét lại."))
            _audit(feedback, "closed_automatically", "system")
            closed += 1
    return closed


# --- configuration --------------------------------------------------------------------------------


@transaction.atomic
def route_set(*, unit, category, organisation, actor, answer_days: int | None = None, note: str = "") -> RoutingRule:
    """Who answers a category (or every category, `category=None`) in a unit's subtree."""
    if organisation is None or organisation.dissolved_on is not None or (
            not unit.path.startswith(organisation.unit.path) and not organisation.unit.path.startswith(unit.path)):
        raise field_error("organisation", _("Tổ chức phải thuộc đơn vị này hoặc đơn vị cấp trên, đang hoạt động."),
                          "invalid_organisation")
    if answer_days is not None:
        domain.check_answer_days(answer_days)
    note = _text(note, "note", required=False, max_length=300)
    rule, created = RoutingRule.objects.update_or_create(
        unit=unit, category=category, defaults={"organisation": organisation, "answer_days": answer_days,
                                                "note": note})
    audit.record(actor=actor, verb="feedback.route.set", target=rule, unit=unit,
                 data={"category": getattr(category, "code", None), "organisation": organisation.pk,
                       "answer_days": answer_days, "created": created})
    return rule


@transaction.atomic
def route_delete(*, rule: RoutingRule, actor) -> None:
    audit.record(actor=actor, verb="feedback.route.deleted", target=rule, unit=rule.unit,
                 data={"category": getattr(rule.category, "code", None), "organisation": rule.organisation_id})
    rule.delete()


@transaction.atomic
def category_save(*, actor, code: str, name: str, answer_days: int, group: str = "", keywords: str = "",
                  description: str = "", active: bool = True, order: int = 0) -> Category:
    domain.check_category_code(code)
    domain.check_answer_days(answer_days)
    name = _text(name, "name", required=True, max_length=150)
    category, created = Category.objects.update_or_create(code=code, defaults={
        "name": name, "answer_days": answer_days, "group": _text(group, "group", required=False, max_length=80),
        "keywords": _text(keywords, "keywords", required=False, max_length=300),
        "description": _text(description, "description", required=False, max_length=500),
        "active": bool(active), "order": order})
    audit.record(actor=actor, verb="feedback.category.saved", target=category,
                 data={"code": code, "answer_days": answer_days, "active": bool(active), "created": created})
    return category


@transaction.atomic
def api_client_create(*, name: str, actor) -> tuple[ApiClient, str]:
    """A new Open311 client; returns the key (shown once, only its hash is kept)."""
    name = _text(name, "name", required=True, max_length=150)
    key = secrets.token_urlsafe(24)
    client = ApiClient.objects.create(name=name, key_hash=ApiClient.hash_key(key), key_prefix=key[:8])
    audit.record(actor=actor, verb="feedback.api_client.created", target=client, data={"name": name})
    return client, key


def api_client_for_key(key: str) -> ApiClient | None:
    if not key or len(key) > 200:
        return None
    return ApiClient.objects.filter(key_hash=ApiClient.hash_key(key), active=True).first()
