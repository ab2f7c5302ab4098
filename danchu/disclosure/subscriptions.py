"""Residents' subscriptions to a commune's disclosures (Law 10/2022/QH15 Art.12.1.i: "mạng viễn thông";
Art.13.4: SMS to the household representative), by e-mail or SMS, with double opt-in.

    subscription_request(commune=…, channel="email"|"sms", address=…, category=None, user=None)
        → an unconfirmed row + a message with a 6-digit code and a link (through danchu.core.notify)
    subscription_confirm(subscription=…, code=…)      → confirmed_at set
    subscription_cancel(subscription=…)               → row deleted (the audit log keeps the trace)
    notify_subscribers(item_id) -> int                → one message per confirmed subscription

The confirmation code is an HMAC of the subscription's secret token, so it is never stored and
cannot be derived from the token alone. The token itself is the unsubscribe key sent in every message.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.models import normalize_phone
from danchu.core import audit
from danchu.core.notify import notify
from danchu.core.services import service
from danchu.units.domain import Level

from .domain import CATEGORY_BY_NUMBER, ItemStatus
from .models import DisclosureItem, Subscription
from .verbs import AuditVerb

logger = logging.getLogger("danchu.disclosure")

Channel = Subscription.Channel

# An unconfirmed subscription can be confirmed for this long; after that the person subscribes again.
CONFIRM_VALID_DAYS = 7
CODE_DIGITS = 6


# --- pure helpers ----------------------------------------------------------------------------------


def normalise_address(channel: str, address: str) -> str:
    """The e-mail (lower-cased) or the phone ("0…", 10–11 digits); a Vietnamese ValidationError otherwise."""
    address = (address or "").strip()
    if channel == Channel.EMAIL:
        if not address:
            raise ValidationError({"address": ValidationError(_("Hãy nhập địa chỉ thư điện tử."), code="required")})
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError({"address": ValidationError(
                _("Địa chỉ thư điện tử không hợp lệ (ví dụ: ten@example.vn)."), code="invalid_email")}) from None
        return address.lower()
    if channel == Channel.SMS:
        phone = normalize_phone(address)
        if not phone:
            raise ValidationError({"address": ValidationError(_("Hãy nhập số điện thoại."), code="required")})
        if not (phone.startswith("0") and 10 <= len(phone) <= 11 and phone.isdigit()):
            raise ValidationError({"address": ValidationError(
                _("Số điện thoại không hợp lệ: 10–11 chữ số, bắt đầu bằng 0 (ví dụ: 0912 345 678)."),
                code="invalid_phone")})
        return phone
    raise ValidationError({"channel": ValidationError(_("Hãy chọn nhận tin qua thư điện tử hoặc SMS."),
                                                      code="invalid_channel")})


def mask_address(address: str) -> str:
    """For the audit log and the pages: "0912345678" → "091…678", "an@x.vn" → "a…@x.vn"."""
    if "@" in address:
        local, _at, domain = address.partition("@")
        return f"{local[:1]}…@{domain}"
    return f"{address[:3]}…{address[-3:]}" if len(address) > 6 else "…"


def confirmation_code(subscription: Subscription) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"disclosure-subscription:{subscription.token}".encode(),
                      hashlib.sha256).hexdigest()
    return str(int(digest[:12], 16) % 10**CODE_DIGITS).zfill(CODE_DIGITS)


def absolute_url(path: str) -> str:
    """`DANCHU_SITE_URL` (e.g. "https://danchu.cantho.gov.vn") + path; the bare path when it is not set."""
    base = settings.DANCHU_SITE_URL
    return base + path


def manage_url(subscription: Subscription) -> str:
    return absolute_url(reverse("disclosure:public-subscription", args=[subscription.token]))


def _scope_label(subscription: Subscription) -> str:
    label = subscription.commune.name
    if subscription.category:
        label += " — " + str(CATEGORY_BY_NUMBER[subscription.category].short)
    return label


# --- services --------------------------------------------------------------------------------------


def _send_confirmation(subscription: Subscription, actor) -> None:
    code = confirmation_code(subscription)
    link = manage_url(subscription) + f"?ma={code}"
    subject = _("Xác nhận đăng ký nhận tin công khai: %(scope)s") % {"scope": _scope_label(subscription)}
    body = _("Mã xác nhận danchu: %(code)s. Mở %(link)s và nhập mã để nhận tin công khai của %(scope)s. "
             "Bỏ qua tin này nếu bạn không đăng ký.") % {"code": code, "link": link,
                                                          "scope": _scope_label(subscription)}
    notify(channel=subscription.channel, subject=subject, body=body, address=subscription.address, url=link,
           actor=actor)


@service(AuditVerb.SUBSCRIPTION_REQUESTED)
def subscription_request(*, commune, channel: str, address: str, category: int | None = None, user=None,
                         actor=None) -> Subscription:
    """Create (or renew) an unconfirmed subscription and send the confirmation code.

    Subscribing again with the same address re-sends the code of a pending subscription; for one already
    confirmed nothing is sent (the page says the same in both cases, so it does not reveal who subscribed)."""
    if commune is None or commune.level != Level.COMMUNE:
        raise ValidationError({"commune": ValidationError(_("Chỉ đăng ký được theo xã, phường."), code="not_commune")})
    if category is not None and category not in CATEGORY_BY_NUMBER:
        raise ValidationError({"category": ValidationError(
            _("Lĩnh vực không hợp lệ: chọn một trong 14 nội dung của Điều 11."), code="invalid_category")})
    address = normalise_address(channel, address)
    user = user if getattr(user, "is_authenticated", False) else None
    existing = (Subscription.objects.select_for_update()
                .filter(commune=commune, category=category, channel=channel, address=address).first())
    if existing is not None:
        if existing.confirmed_at is None:
            if user is not None and existing.user_id is None:
                existing.user = user
                existing.save(update_fields=["user", "modified"])
            _send_confirmation(existing, actor)
        return existing
    subscription = Subscription(commune=commune, category=category, channel=channel, address=address, user=user,
                                token=secrets.token_urlsafe(32))
    subscription.full_clean()
    try:
        with transaction.atomic():
            subscription.save()
    except IntegrityError:  # a concurrent identical request won the race
        return Subscription.objects.get(commune=commune, category=category, channel=channel, address=address)
    audit.record(actor=actor or user, verb=AuditVerb.SUBSCRIPTION_REQUESTED, target=subscription, unit=commune,
                 data={"channel": channel, "category": category, "address": mask_address(address)})
    _send_confirmation(subscription, actor or user)
    return subscription


def confirmation_expired(subscription: Subscription, now=None) -> bool:
    now = now or timezone.now()
    return subscription.confirmed_at is None and subscription.created < now - timedelta(days=CONFIRM_VALID_DAYS)


@service(AuditVerb.SUBSCRIPTION_CONFIRMED)
def subscription_confirm(*, subscription: Subscription, code: str, actor=None) -> Subscription:
    if subscription.confirmed_at is not None:
        return subscription
    if confirmation_expired(subscription):
        raise ValidationError({"code": ValidationError(
            _("Mã xác nhận đã hết hạn (%(days)d ngày). Hãy đăng ký lại.") % {"days": CONFIRM_VALID_DAYS},
            code="code_expired")})
    if not hmac.compare_digest((code or "").strip(), confirmation_code(subscription)):
        raise ValidationError({"code": ValidationError(_("Mã xác nhận không đúng."), code="code_wrong")})
    subscription.confirmed_at = timezone.now()
    subscription.save(update_fields=["confirmed_at", "modified"])
    audit.record(actor=actor, verb=AuditVerb.SUBSCRIPTION_CONFIRMED, target=subscription,
                 unit=subscription.commune, data={"address": mask_address(subscription.address)})
    return subscription


@service(AuditVerb.SUBSCRIPTION_CANCELLED)
def subscription_cancel(*, subscription: Subscription, actor=None) -> None:
    audit.record(actor=actor, verb=AuditVerb.SUBSCRIPTION_CANCELLED, target=subscription,
                 unit=subscription.commune,
                 data={"channel": subscription.channel, "category": subscription.category,
                       "address": mask_address(subscription.address)})
    subscription.delete()


def subscriptions_for_item(item: DisclosureItem):
    from django.db.models import Q

    return (Subscription.objects.filter(commune_id=item.commune_id, confirmed_at__isnull=False)
            .filter(Q(category__isnull=True) | Q(category=item.category)).select_related("commune")
            .order_by("pk"))


def notification_text(item: DisclosureItem, subscription: Subscription) -> tuple[str, str]:
    """(subject, body): short enough for 3 SMS parts before the links."""
    category = CATEGORY_BY_NUMBER.get(item.category)
    verb = _("cập nhật") if item.version > 1 else _("công khai")
    subject = _("%(commune)s %(verb)s: %(title)s") % {"commune": item.commune.name, "verb": verb,
                                                       "title": item.title}
    item_link = absolute_url(reverse("disclosure:public-detail", args=[item.pk]))
    body = _("%(commune)s %(verb)s (%(category)s): %(title)s. Xem: %(link)s . Hủy nhận tin: %(stop)s") % {
        "commune": item.commune.name, "verb": verb, "category": category.short if category else item.category,
        "title": item.title, "link": item_link,
        "stop": absolute_url(reverse("disclosure:public-unsubscribe", args=[subscription.token])),
    }
    return subject, body


def notify_subscribers(item_id: int) -> int:
    """Send one notification per confirmed subscription of the item's commune (all contents, or the item's
    category). Called on commit by `item_publish`; returns the number of messages queued."""
    item = DisclosureItem.objects.select_related("commune").filter(pk=item_id).first()
    if item is None or item.status != ItemStatus.PUBLISHED:
        return 0
    sent = 0
    item_link = absolute_url(reverse("disclosure:public-detail", args=[item.pk]))
    for subscription in subscriptions_for_item(item).iterator(chunk_size=500):
        subject, body = notification_text(item, subscription)
        try:
            with transaction.atomic():
                notify(channel=subscription.channel, subject=subject, body=body, address=subscription.address,
                       url=item_link, recipient=subscription.user)
        except ValidationError:  # an address that notify refuses: skip it, keep the others
            logger.warning("subscription #%s: notification refused", subscription.pk)
            continue
        sent += 1
    return sent
