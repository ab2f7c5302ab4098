"""Audit verbs of the accounts app (core.verbs: every verb written is declared here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerb(models.TextChoices):
    USER_REGISTERED = "accounts.user.registered", _("Đăng ký tài khoản")
    USER_UPDATED = "accounts.user.updated", _("Sửa thông tin tài khoản")
    TOTP_ENABLED = "accounts.totp.enabled", _("Bật xác thực hai lớp")
    API_TOKEN_ROTATED = "accounts.api_token.rotated", _("Tạo mã API mới")
