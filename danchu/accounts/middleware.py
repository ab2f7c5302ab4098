"""Officials (any user holding a staff role, and superusers) must pass TOTP two-factor authentication."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

EXEMPT_PREFIXES = ("/static/", "/media/", "/healthz", "/i18n/", "/api/", "/accounts/dang-nhap/", "/accounts/dang-xuat/",
                   "/accounts/xac-thuc-hai-lop/", "/accounts/dang-ky/")


def needs_second_factor(user) -> bool:
    from danchu.units.access import is_staff_member

    return (
        settings.DANCHU_REQUIRE_2FA
        and getattr(user, "is_authenticated", False)
        and is_staff_member(user)
        and not user.is_verified()
    )


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(EXEMPT_PREFIXES) and needs_second_factor(request.user):
            return redirect(f"{reverse('accounts:two-factor')}?next={request.get_full_path()}")
        return self.get_response(request)

