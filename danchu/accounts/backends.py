from django.contrib.auth.backends import ModelBackend

from danchu.core.text import nfc

from .models import User, normalize_phone


def find_user(username: str) -> User | None:
    """The account a typed log-in name means: a user name (any case), else a phone number in any spelling."""
    return User.objects.find_by_login(username)


def lockout_key(request, credentials: dict | None) -> str:
    """AXES_USERNAME_CALLABLE: failed log-ins are counted per ACCOUNT, so "0912 345 678", "+84912345678" and the
    user name all feed one lock-out; an unknown name is counted in its normalised form."""
    typed = (credentials or {}).get("username") or ""
    user = find_user(typed)
    if user is not None:
        return f"user:{user.pk}"
    phone = normalize_phone(typed)
    return f"phone:{phone}" if len(phone) >= 10 else nfc(typed.strip()).casefold()


class PhoneOrUsernameBackend(ModelBackend):
    """Sign in with a username or a phone number (any common spelling: +84…, 09xx.xxx.xxx)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        user = find_user(username)
        if user is None:
            User().set_password(password)  # same cost as a real check (timing)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def has_perm(self, user_obj, perm, obj=None):
        # Permissions come from django-rules only (declared once in each app's rules.py).
        return False

    def get_all_permissions(self, user_obj, obj=None):
        return set()
