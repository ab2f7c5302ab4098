"""Officials (any user holding a staff role, and superusers) must pass TOTP two-factor authentication."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_PREFIXES = ("/static/", "/media/", "/healthz", "/i18n/", "/api/", "/accounts/dang-nhap/", "/accounts/dang-xuat/",
                   "/accounts/xac-thuc-hai-lop/", "/accounts/dang-ky/")


def is_verified(user) -> bool:
    """Whether the user passed the second factor in this session (django-otp sets `is_verified` on request.user;
    a user authenticated another way — an API token — has not)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def needs_second_factor(user) -> bool:
    from danchu.units.access import is_staff_member

    return (
        settings.DANCHU_REQUIRE_2FA
        and getattr(user, "is_authenticated", False)
        and is_staff_member(user)
        and not is_verified(user)
    )


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(EXEMPT_PREFIXES) and needs_second_factor(request.user):
            return redirect(f"{reverse('accounts:two-factor')}?next={request.get_full_path()}")
        return self.get_response(request)

