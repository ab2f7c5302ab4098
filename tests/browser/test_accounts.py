"""First-time TOTP setup for a staff user, and a resident registering with a phone number."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from .conftest import PASSWORD, totp_from_secret


@pytest.mark.django_db(transaction=True)
def test_first_time_two_factor_setup(page, server, shot, tree, personas):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = personas["city_officer"]
    assert not TOTPDevice.objects.filter(user=user).exists()
    wanted = f"/quan-ly/{tree.province.pk}/thon/"

    page.goto(server + wanted)  # anonymous: sent to the login page, keeping where they wanted to go
    expect(page).to_have_url(f"{server}/accounts/dang-nhap/?next={wanted}")
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page).to_have_url(re.compile(r"/accounts/xac-thuc-hai-lop/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Xác thực hai lớp")
    expect(page.locator("main svg")).to_be_visible()  # the QR code (inline SVG)
    secret = page.locator("main code").inner_text()
    assert re.fullmatch(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", secret), secret
    shot(page, "1-setup")

    # A wrong code first: a Vietnamese error and the same secret again.
    wrong = "000000" if totp_from_secret(secret) != "000000" else "111111"
    page.get_by_label("Mã xác thực 6 chữ số").fill(wrong)
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator("#id_token_errors")).to_have_text(
        "Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã mới trên ứng dụng.")
    assert page.locator("main code").inner_text() == secret
    shot(page, "2-wrong-code")
    # django-otp throttles after a failure (1 s after the first one); a code typed sooner is refused too.
    page.wait_for_timeout(1100)

    page.get_by_label("Mã xác thực 6 chữ số").fill(totp_from_secret(secret))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(server + wanted)
    expect(page.locator(".messages")).to_contain_text("Đã xác thực hai lớp.")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    shot(page, "3-arrived")

    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed


@pytest.mark.django_db(transaction=True)
def test_resident_registers_with_phone(page, server, shot, tree):
    from danchu.accounts.models import User
    from danchu.core.notify.backends import LocMemSMSBackend

    LocMemSMSBackend.outbox.clear()
    with override_settings(DANCHU_SMS_BACKEND="danchu.core.notify.backends.LocMemSMSBackend"):
        page.goto(server + "/")
        page.locator("header.site").get_by_role("link", name="Đăng ký").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký tài khoản người dân")
        page.get_by_label("Họ và tên").fill("Nguyễn Thị Ánh Tuyết")
        page.get_by_label("Số điện thoại").fill("0987 654 321")
        page.get_by_label(re.compile(r"^Mật khẩu")).fill("Cantho-mua-nuoc-2026")
        page.get_by_label("Nhập lại mật khẩu").fill("Cantho-mua-nuoc-2026")
        shot(page, "1-form")
        page.get_by_role("button", name="Gửi mã xác minh").click()

        expect(page.get_by_role("heading", level=1)).to_have_text("Xác minh số điện thoại")
        expect(page.locator("main")).to_contain_text("Đã gửi mã tới 0987654321.")
        assert len(LocMemSMSBackend.outbox) == 1
        sms = LocMemSMSBackend.outbox[0]
        assert sms.to == "0987654321"
        code = re.search(r"\b(\d{6})\b", sms.body).group(1)
        shot(page, "2-verify")
        page.get_by_label("Mã xác minh đã gửi qua SMS").fill(code)
        page.get_by_role("button", name="Xác minh và tạo tài khoản").click()

        expect(page).to_have_url(server + "/accounts/tai-khoan/")
        expect(page.locator(".messages")).to_contain_text(
            "Chào mừng Nguyễn Thị Ánh Tuyết! Tài khoản đã được tạo.")
        expect(page.get_by_role("heading", level=1)).to_have_text("Tài khoản của tôi")
        expect(page.locator("main dl")).to_contain_text("0987654321")
        expect(page.locator("main dl")).to_contain_text("đã xác minh")
        expect(page.locator("header.site")).to_contain_text("Nguyễn Thị Ánh Tuyết")
        expect(page.locator("#unit-switch")).to_have_count(0)  # a resident has no unit to act in
        shot(page, "3-account")

    user = User.objects.get(phone="0987654321")
    assert user.full_name == "Nguyễn Thị Ánh Tuyết" and user.phone_verified
    assert user.check_password("Cantho-mua-nuoc-2026")
