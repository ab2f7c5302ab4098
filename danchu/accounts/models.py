from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.core.text import fold, nfc

phone_validator = RegexValidator(
    r"^0\d{9,10}$",
    _("Số điện thoại phải gồm 10–11 chữ số và bắt đầu bằng 0, ví dụ 0912345678."),
)


def normalize_phone(value: str) -> str:
    """'+84 912 345 678' / '84912345678' / '0912.345.678' → '0912345678'."""
    digits = "".join(ch for ch in value if ch.isdigit())
    if value.strip().startswith("+84") or (digits.startswith("84") and len(digits) >= 11):
        digits = "0" + digits[2:]
    return digits


class UserManager(DjangoUserManager):
    def _create_user(self, username, email, password, **extra_fields):
        username = nfc(username)
        user = self.model(username=username, email=self.normalize_email(email or ""), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(username, email, password, **extra_fields)

    def create_superuser(self, username, email=None, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(username, email, password, **extra_fields)

    def find_by_login(self, typed: str):
        """The account a typed log-in name means: a user name (any case), else a phone number in any spelling
        ("0912 345 678", "+84912345678"); None when there is none. Other apps reach it through
        `get_user_model().objects`, without importing this app."""
        typed = nfc((typed or "").strip())
        if not typed:
            return None
        user = self.filter(username__iexact=typed).first()
        if user is None:
            phone = normalize_phone(typed)
            if len(phone) >= 10:
                user = self.filter(phone=phone).first()
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: resident or official. Login by username or phone number."""

    username = models.CharField(
        _("tên đăng nhập"), max_length=150, unique=True,
        validators=[RegexValidator(r"^[\w.@+-]+$", _("Tên đăng nhập chỉ gồm chữ, số và . @ + - _"))],
    )
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    full_name_folded = models.CharField(max_length=150, blank=True, db_index=True, editable=False)
    phone = models.CharField(
        _("số điện thoại"), max_length=15, unique=True, null=True, blank=True, validators=[phone_validator]
    )
    phone_verified = models.BooleanField(_("đã xác minh số điện thoại"), default=False)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_staff = models.BooleanField(
        _("vào trang quản trị"), default=False,
        help_text=_("Chỉ quản trị viên hệ thống (superuser) dùng trang quản trị Django."),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    date_joined = models.DateTimeField(_("ngày tham gia"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    def clean(self) -> None:
        super().clean()
        self.full_name = nfc(self.full_name).strip()
        if self.phone:
            self.phone = normalize_phone(self.phone)

    def save(self, *args, **kwargs):
        # bookkeeping only: the folded search key is derived from the name
        self.full_name_folded = fold(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "full_name_folded"}
        super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return (self.full_name.split() or [self.username])[-1]


class PhoneVerification(models.Model):
    """A one-time code sent by SMS to confirm a phone number at registration."""

    phone = models.CharField(max_length=15, db_index=True)
    code_hash = models.CharField(max_length=128)
    created = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.phone} {self.created:%Y-%m-%d %H:%M}"
