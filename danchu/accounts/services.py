"""Account write functions: registration by phone, the profile, two-factor devices, API tokens. The writes are
`core.services.service`s (one transaction with the audit row, a refused write audited)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import audit
from danchu.core.services import service
from danchu.core.text import clean_field

from .models import PhoneVerification, User
from .verbs import AuditVerb

CODE_TTL = timedelta(minutes=10)
MAX_CODES_PER_HOUR = 5
MAX_ATTEMPTS = 5


def phone_verification_start(*, phone: str) -> PhoneVerification:
    """Send a 6-digit code by SMS (pluggable backend). At most 5 codes per phone per hour."""
    recent = PhoneVerification.objects.filter(phone=phone, created__gte=timezone.now() - timedelta(hours=1)).count()
    if recent >= MAX_CODES_PER_HOUR:
        raise ValidationError(_("Đã gửi quá nhiều mã cho số này. Vui lòng thử lại sau một giờ."), code="too_many_codes")
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        verification = PhoneVerification.objects.create(phone=phone, code_hash=make_password(code))
        from danchu.core.notify import send_sms_code

        send_sms_code(phone, code)
    return verification


def phone_verification_check(*, verification: PhoneVerification, code: str) -> bool:
    if verification.used_at or verification.attempts >= MAX_ATTEMPTS:
        raise ValidationError(_("Mã đã hết hiệu lực. Hãy yêu cầu gửi mã mới."), code="code_expired")
    if timezone.now() - verification.created > CODE_TTL:
        raise ValidationError(_("Mã đã hết hạn (10 phút). Hãy yêu cầu gửi mã mới."), code="code_expired")
    verification.attempts += 1
    ok = check_password(code.strip(), verification.code_hash)
    if ok:
        verification.used_at = timezone.now()
    verification.save(update_fields=["attempts", "used_at"])
    if not ok:
        raise ValidationError(_("Mã xác minh không đúng."), code="code_invalid")
    return True


# Not a @service: a refused write is audited with a summary of its inputs, and core.services.PRIVATE_INPUTS hides
# "password" but not "password_hash" — a refused registration must not copy the hash into the audit log.
@transaction.atomic
def resident_register(*, full_name: str, phone: str, password_hash: str) -> User:
    if User.objects.filter(phone=phone).exists():
        raise ValidationError(_("Số điện thoại này đã được đăng ký."), code="phone_taken")
    user = User(username=phone, full_name=full_name, phone=phone, phone_verified=True, password=password_hash)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(actor=user, verb=AuditVerb.USER_REGISTERED, target=user, data={"channel": "phone"})
    return user


@service(AuditVerb.USER_UPDATED)
def user_profile_update(*, user: User, full_name: str, email: str = "") -> User:
    """The account holder changes their name and e-mail address."""
    user.full_name = clean_field(full_name, "full_name", max_length=150)
    user.email = email or ""
    user.save(update_fields=["full_name", "email"])
    audit.record(actor=user, verb=AuditVerb.USER_UPDATED, target=user, data={"fields": ["full_name", "email"]})
    return user


@service(AuditVerb.TOTP_ENABLED)
def totp_device_confirm(*, user: User, device) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    user.totpdevice_set.exclude(pk=device.pk).delete()
    audit.record(actor=user, verb=AuditVerb.TOTP_ENABLED, target=user)


@service(AuditVerb.API_TOKEN_ROTATED)
def api_token_rotate(*, user: User):
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit.record(actor=user, verb=AuditVerb.API_TOKEN_ROTATED, target=user)
    return token
