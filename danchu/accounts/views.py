from __future__ import annotations

import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from danchu.core.http import form_errors
from danchu.units.access import user_grants
from danchu.units.domain import Role
from danchu.units.models import AdministrativeUnit

from . import services
from .forms import LoginForm, ProfileForm, RegisterForm, TokenForm, VerifyPhoneForm
from .middleware import needs_second_factor
from .models import PhoneVerification


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _safe_next(request, default="home"):
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}, require_https=request.is_secure()):
        return nxt
    return default


@login_required
def two_factor(request):
    """TOTP second factor: set it up on first use (QR code), then ask for the 6-digit code."""
    user = request.user
    if not needs_second_factor(user) and request.user.is_verified():
        return redirect(_safe_next(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setup = device is None
    if setup:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name="danchu", confirmed=False)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _why = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Bạn đã nhập sai nhiều lần. Hãy đợi vài giây rồi nhập mã mới."))
        elif device.verify_token(form.cleaned_data["token"]):
            if setup:
                services.totp_device_confirm(user=user, device=device)
            otp_login(request, device)
            messages.success(request, _("Đã xác thực hai lớp."))
            return redirect(_safe_next(request))
        else:
            form.add_error("token", _("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã mới trên ứng dụng."))
    context = {"form": form, "setup": setup, "next": _safe_next(request, "")}
    if setup:
        import segno

        secret = base64.b32encode(device.bin_key).decode().rstrip("=")
        context["secret"] = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
        context["qr_svg"] = segno.make(device.config_url, error="m").svg_inline(scale=4)
    return render(request, "accounts/two_factor.html", context)


def register(request):
    """Residents register with a phone number, confirmed by an SMS code (pluggable SMS backend)."""
    if request.user.is_authenticated:
        return redirect("accounts:account")
    form = RegisterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from danchu.core.ratelimit import client_ip, hit

        if not hit("register", client_ip(request), limit=settings.DANCHU_REGISTER_PER_HOUR, window=3600):
            form.add_error(None, _("Có quá nhiều lượt đăng ký từ địa chỉ này. Vui lòng thử lại sau."))
            return render(request, "accounts/register.html", {"form": form}, status=429)
        try:
            verification = services.phone_verification_start(phone=form.cleaned_data["phone"])
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            request.session["danchu_registration"] = {
                "verification": verification.pk,
                "full_name": form.cleaned_data["full_name"],
                "phone": form.cleaned_data["phone"],
                "password_hash": make_password(form.cleaned_data["password1"]),
            }
            return redirect("accounts:verify-phone")
    return render(request, "accounts/register.html", {"form": form})


def verify_phone(request):
    pending = request.session.get("danchu_registration")
    if not pending:
        return redirect("accounts:register")
    form = VerifyPhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verification = PhoneVerification.objects.filter(pk=pending["verification"]).first()
        try:
            if verification is None:
                raise ValidationError(_("Mã đã hết hiệu lực. Hãy đăng ký lại."))
            services.phone_verification_check(verification=verification, code=form.cleaned_data["code"])
            user = services.resident_register(full_name=pending["full_name"], phone=pending["phone"],
                                              password_hash=pending["password_hash"])
        except ValidationError as exc:
            form.add_error("code", exc.messages)
        else:
            del request.session["danchu_registration"]
            login(request, user, backend="danchu.accounts.backends.PhoneOrUsernameBackend")
            messages.success(request, _("Chào mừng %(name)s! Tài khoản đã được tạo.") % {"name": user.full_name})
            return redirect("accounts:account")
    return render(request, "accounts/verify_phone.html", {"form": form, "phone": pending["phone"]})


@login_required
def account(request):
    from rest_framework.authtoken.models import Token

    user = request.user
    form = ProfileForm(request.POST or None, initial={"full_name": user.full_name, "email": user.email})
    if request.method == "POST" and form.is_valid():
        try:
            services.user_profile_update(user=user, full_name=form.cleaned_data["full_name"],
                                         email=form.cleaned_data["email"])
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin tài khoản."))
            return redirect("accounts:account")
    grants = user_grants(user)
    units = AdministrativeUnit.objects.in_bulk([g.unit_id for g in grants])
    return render(request, "accounts/account.html", {
        "form": form, "roles": [(Role(g.role).label, units.get(g.unit_id)) for g in grants],
        "has_token": Token.objects.filter(user=user).exists(),
        "totp_enabled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
        "new_token": request.session.pop("danchu_new_token", None),
        "households": user.households.filter(dissolved_on__isnull=True).select_related("village__parent"),
    })


@login_required
@require_POST
def token_rotate(request):
    if needs_second_factor(request.user):
        return redirect("accounts:two-factor")
    token = services.api_token_rotate(user=request.user)
    request.session["danchu_new_token"] = token.key
    messages.success(request, _("Đã tạo mã API mới. Hãy lưu lại: mã chỉ hiện một lần."))
    return redirect("accounts:account")
