"""A resident's feedback comes in: from the web form, an Open311 client, the API, or recorded by an official from
the hotline. Everything is validated before anything is stored; photos are checked and downscaled first."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.attachments import attachment_create
from danchu.core.calendar_service import calendar_for
from danchu.core.errors import field_error
from danchu.core.services import service
from danchu.core.text import clean_field, clean_text
from danchu.units.domain import Level

from .. import domain
from ..domain import Channel, NotifyChannel, State
from ..models import Category, Feedback
from ..verbs import AuditVerb
from .common import check_commune, event, facts, fmt, notify_handlers, notify_reporter
from .configuration import routing_for

PHOTO_KINDS = {"image"}
MAX_PHOTO_BYTES = 8 * 1024 * 1024
# Pixel size: a small file may still be a huge picture (a 10000×10000 PNG is a few KB and 400 MB decoded).
# Photos wider or taller than MAX_PHOTO_SIDE are downscaled to it (a phone's 12 MP photo is 4032×3024); a JPEG
# is decoded at a reduced scale, so phones' 50–64 MP photos are accepted up to MAX_JPEG_PIXELS; other formats
# above MAX_PHOTO_SIDE would have to be decoded in full and are refused with a message.
MAX_PHOTO_SIDE = 4096
MAX_JPEG_PIXELS = 70_000_000


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


def _check_village(village, commune):
    if village is None:
        return None
    if village.parent_id != commune.pk or village.level != Level.VILLAGE or village.valid_to is not None:
        raise field_error("village", _("Thôn, tổ dân phố không thuộc xã, phường đã chọn."), "village_not_in_commune")
    return village


@service(AuditVerb.FEEDBACK_SUBMITTED)
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

    collect(check_commune, commune)
    if category is None or not isinstance(category, Category) or not category.active:
        errors.setdefault("category", []).append(ValidationError(_("Hãy chọn một lĩnh vực phản ánh."),
                                                                 code="invalid_category"))
    if not errors.get("commune"):
        village = collect(_check_village, village, commune)
    description = collect(clean_field, description, "description", max_length=domain.MAX_DESCRIPTION,
                          single_line=False, min_length=domain.MIN_DESCRIPTION,
                          message=_("Cần mô tả nội dung phản ánh.")) or ""
    address = collect(clean_field, address, "address", required=False, max_length=300) or ""
    point = None
    if not errors.get("commune"):
        centroid = (commune.latitude, commune.longitude) if commune.latitude is not None and \
            commune.longitude is not None else None
        point = collect(domain.check_point, lat, lon, centroid=centroid, area_km2=commune.area_km2)
    anonymous = bool(anonymous)
    reporter_name = collect(clean_field, reporter_name, "reporter_name", required=False, max_length=150) or ""
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
    now = received_at or clock.now()
    today = clock.local_date(now)
    cal = calendar_for(today)
    organisation, answer_days, _rule = routing_for(category, commune, village)
    feedback = Feedback(
        tracking_code=Feedback.new_tracking_code(), commune=commune, village=village, category=category,
        description=description, words=" ".join(sorted(domain.tokens(description))), address=address,
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
        feedback.tracking_code = Feedback.new_tracking_code()
        feedback.save()
    if stored:
        feedback.photos.add(*stored)
    actor = actor or (user if getattr(user, "is_authenticated", False) else "public")
    event(feedback, actor=actor, note=_("Đã tiếp nhận phản ánh; hạn trả lời: %(due)s.") % {
        "due": fmt(feedback.due_on)})
    audit.record(actor=actor, verb=AuditVerb.FEEDBACK_SUBMITTED, target=feedback, unit=commune,
                 data=facts(feedback, channel=channel, category=category.code,
                            organisation=getattr(organisation, "pk", None), photos=[a.pk for a in stored],
                            api_client=getattr(api_client, "pk", None)))
    notify_reporter(feedback, actor=actor, subject=_("Đã nhận phản ánh"), body=_(
        "%(commune)s đã nhận phản ánh của ông/bà; hạn trả lời: %(due)s.") % {
        "commune": commune.name, "due": fmt(feedback.due_on)})
    notify_handlers(feedback, subject=_("Phản ánh mới %(code)s") % {"code": feedback.tracking_code},
                    body=_("%(category)s — %(commune)s; hạn trả lời %(due)s.") % {
                        "category": category.name, "commune": commune.name, "due": fmt(feedback.due_on)},
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
