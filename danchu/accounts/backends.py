from django.contrib.auth.backends import ModelBackend

from danchu.core.text import nfc

from .models import User, normalize_phone


class PhoneOrUsernameBackend(ModelBackend):
    """Sign in with a username or a phone number (any common spelling: +84…, 09xx.xxx.xxx)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None:
            return None
        username = nfc(username.strip())
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            phone = normalize_phone(username)
            if len(phone) >= 10:
                user = User.objects.filter(phone=phone).first()
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
