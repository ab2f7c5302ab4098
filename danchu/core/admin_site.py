"""The Django admin is for superusers only (officials work in the application's own pages)."""

from django.contrib import admin


def superuser_only(request) -> bool:
    user = request.user
    if not (user.is_active and user.is_superuser):
        return False
    from danchu.accounts.middleware import needs_second_factor

    return not needs_second_factor(user)


admin.site.has_permission = superuser_only
