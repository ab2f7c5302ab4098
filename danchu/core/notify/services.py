"""Notification services: create the row in the caller's transaction, deliver after commit.

    notify(channel="sms", subject=…, body=…, recipient=user)        → Notification (pending)
        └─ on commit → huey task `deliver_notification` → backend.send(...) → sent / failed

In-app notifications are the row itself (status "sent" at once). Delivery is retried by huey
(`retries=3, retry_delay=60`); after the last failure the row is marked "failed" with the error.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import audit
from danchu.core.models import Notification
from danchu.core.verbs import AuditVerb

from .backends import DeliveryError, get_backend

logger = logging.getLogger("danchu.notify")

Channel = Notification.Channel
Status = Notification.Status

# --- SMS text (pure) -------------------------------------------------------------------------------

# Characters that NFD decomposition does not reduce to ASCII. Vietnamese letters with diacritics
# decompose (ắ → a + ̆ + ́, ư → u + ̛) and the combining marks are dropped, keeping the case.
_ASCII_MAP = str.maketrans({
    "đ": "d", "Đ": "D", "Ð": "D", "ð": "d",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "«": '"', "»": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2026": "...", "\u2022": "-", "·": ".",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "",
    "₫": "d", "€": "EUR", "°": "o", "№": "No", "×": "x", "÷": "/",
    "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "ß": "ss", "Œ": "OE", "œ": "oe", "Ł": "L", "ł": "l",
})

# GSM 03.38 characters that cost two septets (escape + char)
_GSM_EXTENDED = set("^{}\\[~]|€")
GSM_SINGLE, GSM_MULTI = 160, 153
UCS2_SINGLE, UCS2_MULTI = 70, 67


def fold_ascii(text: str) -> str:
    """Vietnamese → unaccented ASCII, keeping case: "Đà Nẵng ơi" → "Da Nang oi". Anything that cannot
    be folded becomes "?"."""
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text).translate(_ASCII_MAP))
    out = []
    for ch in decomposed:
        if ord(ch) < 128:
            out.append(ch)
        elif unicodedata.category(ch) == "Mn":
            continue
        else:
            mapped = unicodedata.normalize("NFKD", ch).translate(_ASCII_MAP)
            mapped = "".join(c for c in mapped if ord(c) < 128)
            out.append(mapped or "?")
    return "".join(out)


def sms_length(text: str) -> tuple[int, bool]:
    """(length in encoding units, is_gsm7) — GSM-7 for plain ASCII, UCS-2 (UTF-16 units) otherwise."""
    if all(ord(ch) < 128 for ch in text):
        return sum(2 if ch in _GSM_EXTENDED else 1 for ch in text), True
    return len(text.encode("utf-16-le")) // 2, False


def sms_limit(*, gsm7: bool, max_segments: int) -> int:
    if max_segments <= 1:
        return GSM_SINGLE if gsm7 else UCS2_SINGLE
    return (GSM_MULTI if gsm7 else UCS2_MULTI) * max_segments


def sms_text(text: str, *, ascii_only: bool | None = None, max_segments: int | None = None) -> str:
    """The text actually sent by SMS: NFC, white space tidied, diacritics folded when
    `DANCHU_SMS_ASCII` (or `ascii_only=True`), cut to `DANCHU_SMS_MAX_SEGMENTS` (default 3) SMS parts —
    459 GSM-7 characters or 201 Unicode characters — ending with "..." when cut."""
    if ascii_only is None:
        ascii_only = settings.DANCHU_SMS_ASCII
    if max_segments is None:
        max_segments = settings.DANCHU_SMS_MAX_SEGMENTS
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n[\n ]*", "\n", text).strip()
    if ascii_only:
        text = fold_ascii(text)
    length, gsm7 = sms_length(text)
    limit = sms_limit(gsm7=gsm7, max_segments=max_segments)
    if length <= limit:
        return text
    ellipsis = "..." if gsm7 else "…"
    budget = limit - len(ellipsis)
    cut = []
    used = 0
    for ch in text:
        cost = sms_length(ch)[0] if gsm7 else len(ch.encode("utf-16-le")) // 2
        if used + cost > budget:
            break
        cut.append(ch)
        used += cost
    return "".join(cut).rstrip() + ellipsis


# --- services --------------------------------------------------------------------------------------


def _default_address(channel: str, recipient) -> str:
    if recipient is None:
        return ""
    if channel == Channel.EMAIL:
        return getattr(recipient, "email", "") or ""
    if channel in (Channel.SMS, Channel.ZALO):
        return getattr(recipient, "phone", "") or ""
    return ""


def notify(*, channel: str, subject: str, body: str, recipient=None, address: str = "", url: str = "",
           actor=None, about=None, sensitive: bool = False) -> Notification:
    """Create a notification and, once the surrounding transaction commits, queue its delivery.

    `address` (e-mail or phone) defaults to the recipient's own. In-app needs a `recipient` and is
    "sent" at once. Raises `ValidationError` when the channel or the address is missing/invalid.
    `about`: the record the message is about (`notifications_forget(about=…)` finds it again); `sensitive`: the
    address and the text are wiped as soon as the message is delivered."""
    if channel not in Channel.values:
        raise ValidationError(_("Kênh thông báo không hợp lệ: %(channel)s.") % {"channel": channel},
                              code="notification_bad_channel")
    address = (address or _default_address(channel, recipient)).strip()
    if channel == Channel.IN_APP and recipient is None:
        raise ValidationError(_("Thông báo trong ứng dụng cần có người nhận."), code="notification_no_recipient")
    if channel != Channel.IN_APP and not address:
        raise ValidationError(_("Chưa có địa chỉ nhận (thư điện tử hoặc số điện thoại) cho thông báo."),
                              code="notification_no_address")
    subject = " ".join(unicodedata.normalize("NFC", subject).split())
    if len(subject) > 200:
        subject = subject[:199].rstrip() + "…"
    with transaction.atomic():
        now = timezone.now()
        notification = Notification.objects.create(
            recipient=recipient,
            address=address[:200],
            channel=channel,
            subject=subject,
            body=unicodedata.normalize("NFC", body),
            url=url[:300],
            status=Status.SENT if channel == Channel.IN_APP else Status.PENDING,
            sent_at=now if channel == Channel.IN_APP else None,
            about_type=about._meta.label_lower if about is not None else "",
            about_id=str(about.pk) if about is not None else "",
            sensitive=sensitive,
        )
        audit.record(
            actor=actor,
            verb=AuditVerb.NOTIFICATION_CREATED,
            target=notification,
            data={"channel": channel, "recipient": getattr(recipient, "pk", None)},
        )
        if channel != Channel.IN_APP:
            transaction.on_commit(partial(_enqueue_delivery, notification.pk), robust=True)
    return notification


def _enqueue_delivery(notification_id: int) -> None:
    from .tasks import deliver_notification  # noqa: PLC0415 (tasks imports this module)

    deliver_notification(notification_id)


def _message_for(notification: Notification) -> tuple[str, str, str]:
    body = notification.body
    if notification.channel == Channel.SMS:
        return notification.address, notification.subject, sms_text(body)
    if notification.url.startswith(("https://", "http://")):
        body = f"{body}\n\n{notification.url}"
    return notification.address, notification.subject, body


def notification_deliver(*, notification_id: int, final_attempt: bool = True) -> str:
    """Hand a pending notification to its backend; returns the resulting status.

    On failure: if `final_attempt`, the row is marked failed; otherwise the error is noted and
    `DeliveryError` is raised so that the task queue retries. Called by the huey task."""
    notification = Notification.objects.filter(pk=notification_id).first()
    if notification is None:
        return "missing"
    if notification.status != Status.PENDING:
        return notification.status  # already delivered (or given up): never send twice
    to, subject, body = _message_for(notification)
    try:
        get_backend(notification.channel).send(to=to, subject=subject, body=body)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}" if not isinstance(exc, DeliveryError) else str(exc)
        error = error or type(exc).__name__
        if final_attempt:
            notification.status = Status.FAILED
            notification.error = error[:2000]
            notification.save(update_fields=["status", "error", "modified"])
            logger.warning("notification #%s (%s) failed: %s", notification.pk, notification.channel, error)
            return Status.FAILED
        notification.error = (_("Lỗi, sẽ thử lại: %(error)s") % {"error": error})[:2000]
        notification.save(update_fields=["error", "modified"])
        logger.info("notification #%s (%s) failed, will retry: %s", notification.pk, notification.channel, error)
        raise DeliveryError(error) from exc
    notification.status = Status.SENT
    notification.sent_at = timezone.now()
    notification.error = ""
    fields = ["status", "sent_at", "error", "modified"]
    if notification.sensitive:
        notification.address, notification.body = "", ""
        fields += ["address", "body"]
    notification.save(update_fields=fields)
    return Status.SENT


def notifications_forget(*, about, actor, detach_recipients: bool = False) -> int:
    """Forget what the messages about one record said and to whom (a feedback that became a denunciation, a
    reception visit that was sealed): pending ones are cancelled, every one loses its address and text, and with
    `detach_recipients` its account too. The subject (a code, a kind of step) stays, so that the log still shows
    that something was sent. Returns how many rows changed; one audit row, with no personal data."""
    qs = Notification.objects.filter(about_type=about._meta.label_lower, about_id=str(about.pk))
    with transaction.atomic():
        cancelled = qs.filter(status=Status.PENDING).update(status=Status.CANCELLED, modified=timezone.now())
        changes = {"address": "", "body": "", "sensitive": True, "modified": timezone.now()}
        if detach_recipients:
            changes["recipient"] = None
        changed = qs.update(**changes)
        audit.record(actor=actor, verb=AuditVerb.NOTIFICATIONS_FORGOTTEN, target=about,
                     data={"messages": changed, "cancelled": cancelled, "detached": detach_recipients})
    return changed


def notification_mark_read(*, notification: Notification, actor) -> Notification:
    """The recipient marks a notification as read (idempotent)."""
    if notification.recipient_id is None or getattr(actor, "pk", None) != notification.recipient_id:
        raise PermissionDenied(_("Bạn chỉ có thể đánh dấu đã đọc thông báo của chính mình."))
    if notification.read_at is not None:
        return notification
    with transaction.atomic():
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at", "modified"])
        audit.record(actor=actor, verb=AuditVerb.NOTIFICATION_READ, target=notification, data={})
    return notification


def send_sms_code(phone: str, code: str) -> None:
    """Send a phone-verification code by SMS, synchronously (the user is waiting for it).

    No `Notification` row: the code must not be stored in clear. Raises `DeliveryError` when the
    gateway refuses — the caller shows an error and lets the user ask again."""
    body = sms_text(
        _("Mã xác minh danchu của bạn là %(code)s. Mã có hiệu lực trong 10 phút.") % {"code": code},
        max_segments=1,
    )
    get_backend(Channel.SMS).send(to=phone, subject=_("Mã xác minh"), body=body)
    logger.info("verification code sent by SMS to …%s", phone[-3:])
