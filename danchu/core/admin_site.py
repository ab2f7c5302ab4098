"""The Django admin is for superusers only (officials work in the application's own pages)."""

from django.contrib import admin


def superuser_only(request) -> bool:
    """An active superuser who passed the second factor (django-otp's `is_verified`) when 2FA is required; a
    superuser is always a staff member, so this is the rule of accounts' RequireTwoFactorMiddleware."""
    from django.conf import settings

    user = request.user
    if not (user.is_active and user.is_superuser):
        return False
    verified = getattr(user, "is_verified", None)
    return not settings.DANCHU_REQUIRE_2FA or bool(callable(verified) and verified())


admin.site.has_permission = superuser_only
