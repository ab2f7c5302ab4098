"""Officials (any user holding a staff role, and superusers) must pass TOTP two-factor authentication.

Who must (`needs_second_factor`) is decided where officials are known, in danchu.units.access; it is imported here
so that existing callers keep `danchu.accounts.middleware.needs_second_factor`."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse

from danchu.units.access import needs_second_factor

EXEMPT_PREFIXES = ("/static/", "/media/", "/healthz", "/i18n/", "/api/", "/accounts/dang-nhap/", "/accounts/dang-xuat/",
                   "/accounts/xac-thuc-hai-lop/", "/accounts/dang-ky/")

__all__ = ["EXEMPT_PREFIXES", "RequireTwoFactorMiddleware", "needs_second_factor"]


class RequireTwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(EXEMPT_PREFIXES) and needs_second_factor(request.user):
            return redirect(f"{reverse('accounts:two-factor')}?next={request.get_full_path()}")
        return self.get_response(request)

