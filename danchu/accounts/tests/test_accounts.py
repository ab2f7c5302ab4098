"""Login by username or phone, lockout, two-factor for staff, phone registration, API tokens."""

import pytest
from django.test import override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from danchu.accounts.models import User, normalize_phone

PASSWORD = "matkhau-an-toan-2026"


def _code(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.parametrize(("given", "expected"), [
    ("0912345678", "0912345678"), ("+84 912 345 678", "0912345678"), ("84912345678", "0912345678"),
    ("0912.345.678", "0912345678"),
])
def test_it_normalises_phone_numbers(given, expected):
    assert normalize_phone(given) == expected


@pytest.mark.django_db
def test_it_logs_a_resident_in_by_phone_number(client, personas):
    resident = personas["resident"]
    resident.phone = "0912345678"
    resident.save()
    response = client.post("/accounts/dang-nhap/", {"username": "+84 912 345 678", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(resident.pk)


@pytest.mark.django_db
def test_it_rejects_a_wrong_password_with_a_vietnamese_message(client, personas):
    response = client.post("/accounts/dang-nhap/", {"username": "nguoidan", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_it_locks_an_account_after_repeated_failures(client, personas):
    for _ in range(3):
        client.post("/accounts/dang-nhap/", {"username": "nguoidan", "password": "sai"})
    locked = client.post("/accounts/dang-nhap/", {"username": "nguoidan", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Tạm khóa đăng nhập" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_every_spelling_of_one_account_feeds_one_lockout(client, personas):
    resident = personas["resident"]
    resident.phone = "0912345678"
    resident.save(update_fields=["phone"])
    for spelling in ("0912 345 678", "+84912345678", "0912.345.678"):  # the limit is 3 in the tests
        client.post("/accounts/dang-nhap/", {"username": spelling, "password": "sai"})
    for spelling in ("84912345678", "NguoiDan", "0912-345-678"):
        locked = client.post("/accounts/dang-nhap/", {"username": spelling, "password": PASSWORD})
        assert locked.status_code == 429, spelling
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_it_sends_staff_to_the_second_factor_before_any_page(client, tree, personas):
    official = personas["official_a"]
    client.post("/accounts/dang-nhap/", {"username": official.username, "password": PASSWORD})
    page = client.get(f"/quan-ly/{tree.commune_a.pk}/ho/")
    assert page.status_code == 302 and page["Location"].startswith("/accounts/xac-thuc-hai-lop/")
    assert client.get("/accounts/tai-khoan/").status_code == 302  # the account page too


@pytest.mark.django_db
def test_it_sets_up_totp_on_first_use_then_lets_the_official_in(client, tree, personas):
    official = personas["official_a"]
    client.post("/accounts/dang-nhap/", {"username": official.username, "password": PASSWORD})
    setup = client.get("/accounts/xac-thuc-hai-lop/")
    assert "<svg" in setup.content.decode() and "Khóa bí mật" in setup.content.decode()
    device = TOTPDevice.objects.get(user=official)
    assert not device.confirmed
    wrong = client.post("/accounts/xac-thuc-hai-lop/", {"token": "000000" if _code(device) != "000000" else "111111"})
    assert "không đúng" in wrong.content.decode()
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # django-otp slows down guessing
    device.throttle_reset()
    ok = client.post("/accounts/xac-thuc-hai-lop/", {"token": _code(device),
                                                     "next": f"/quan-ly/{tree.commune_a.pk}/ho/"})
    assert ok.status_code == 302 and ok["Location"] == f"/quan-ly/{tree.commune_a.pk}/ho/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(f"/quan-ly/{tree.commune_a.pk}/ho/").status_code == 200


@pytest.mark.django_db
def test_it_does_not_ask_residents_for_a_second_factor(client, personas):
    client.post("/accounts/dang-nhap/", {"username": "nguoidan", "password": PASSWORD})
    assert client.get("/accounts/tai-khoan/").status_code == 200


@pytest.mark.django_db
def test_it_ignores_an_unsafe_next_url(client, personas):
    response = client.post("/accounts/dang-nhap/", {"username": "nguoidan", "password": PASSWORD,
                                                    "next": "https://evil.example/"})
    assert response.status_code == 302 and not response["Location"].startswith("https://evil")


@pytest.mark.django_db
@override_settings(DANCHU_SMS_BACKEND="danchu.core.notify.backends.LocMemSMSBackend")
def test_a_resident_registers_with_a_phone_number(client):
    from danchu.core.notify import backends

    backends.LocMemSMSBackend.outbox.clear()
    form = {"full_name": "Lê Thị Hồng  Nhung", "phone": "0987 654 321", "password1": "Cantho-2026!", "password2": "Cantho-2026!"}
    response = client.post("/accounts/dang-ky/", form)
    assert response.status_code == 302 and response["Location"] == "/accounts/dang-ky/xac-minh/"
    assert not User.objects.filter(phone="0987654321").exists()  # nothing until the phone is confirmed
    (message,) = backends.LocMemSMSBackend.outbox
    assert message.to == "0987654321"
    code = "".join(ch for ch in message.body if ch.isdigit())[:6]
    bad = client.post("/accounts/dang-ky/xac-minh/", {"code": "000000" if code != "000000" else "111111"})
    assert "không đúng" in bad.content.decode()
    ok = client.post("/accounts/dang-ky/xac-minh/", {"code": code})
    assert ok.status_code == 302
    user = User.objects.get(phone="0987654321")
    assert user.full_name == "Lê Thị Hồng Nhung" and user.phone_verified and user.check_password("Cantho-2026!")


@pytest.mark.django_db
def test_registration_rejects_bad_input_in_vietnamese(client, personas):
    response = client.post("/accounts/dang-ky/", {"full_name": "An", "phone": "12345", "password1": "123",
                                                 "password2": "456"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "đầy đủ họ và tên" in text and "Số điện thoại phải gồm" in text and "không khớp" in text


@pytest.mark.django_db
def test_api_tokens_are_only_issued_after_the_second_factor(client, personas, login):
    from rest_framework.authtoken.models import Token

    official = personas["official_a"]
    client.post("/accounts/dang-nhap/", {"username": official.username, "password": PASSWORD})
    response = client.post("/accounts/tai-khoan/ma-api/")
    assert response.status_code == 302 and not Token.objects.filter(user=official).exists()
    login(client, official)
    client.post("/accounts/tai-khoan/ma-api/")
    assert Token.objects.filter(user=official).exists()
    page = client.get("/accounts/tai-khoan/").content.decode()
    assert Token.objects.get(user=official).key in page


@pytest.mark.django_db
def test_the_admin_is_for_superusers_with_two_factor_only(client, personas, login):
    client.force_login(personas["superuser"], backend="danchu.accounts.backends.PhoneOrUsernameBackend")
    assert client.get("/admin/").status_code == 302  # second factor missing
    login(client, personas["superuser"])
    page = client.get("/admin/")
    assert page.status_code == 200 and "Quản trị hệ thống" in page.content.decode()
    login(client, personas["official_a"])
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_totp_code_command_prints_the_current_code(personas, capsys):
    from django.core.management import call_command

    device = TOTPDevice.objects.create(user=personas["official_a"], name="x", confirmed=True)
    call_command("totp_code", "canbo.a")
    assert capsys.readouterr().out.strip() == _code(device)


@pytest.mark.django_db
def test_a_resident_sees_the_household_they_represent(client, tree, personas):
    tree.household_a1.representative = personas["resident"]
    tree.household_a1.save()
    client.force_login(personas["resident"], backend="danchu.accounts.backends.PhoneOrUsernameBackend")
    html = client.get("/accounts/tai-khoan/").content.decode()
    assert "Hộ A1-001, Khu vực 1, Phường Cái Khế" in html


@pytest.mark.django_db
@override_settings(DANCHU_REGISTER_PER_HOUR=2, DANCHU_SMS_BACKEND="danchu.core.notify.backends.LocMemSMSBackend")
def test_registration_is_rate_limited_per_address(client):
    from django.core.cache import cache

    cache.clear()
    statuses = []
    for i in range(3):
        form = {"full_name": "Lê Văn Năm", "phone": f"098765432{i}", "password1": "Cantho-2026!",
                "password2": "Cantho-2026!"}
        statuses.append(client.post("/accounts/dang-ky/", form, REMOTE_ADDR="10.1.2.3").status_code)
    assert statuses == [302, 302, 429]
    assert client.post("/accounts/dang-ky/", {**form, "phone": "0987000001"}, REMOTE_ADDR="10.9.9.9").status_code == 302


@pytest.mark.django_db
def test_other_apps_find_an_account_by_any_login_spelling(personas):
    """units reads a typed log-in through get_user_model().objects.find_by_login, without importing accounts."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    resident = personas["resident"]
    resident.phone = "0912345678"
    resident.save(update_fields=["phone"])
    assert users.find_by_login(resident.username.upper()) == resident
    assert users.find_by_login("+84 912 345 678") == resident and users.find_by_login("0912.345.678") == resident
    assert users.find_by_login("  ") is None and users.find_by_login("không có ai") is None


@pytest.mark.django_db
def test_the_profile_is_changed_through_its_service_and_audited(client, personas):
    from danchu.core.models import AuditEvent

    resident = personas["resident"]
    client.force_login(resident, backend="danchu.accounts.backends.PhoneOrUsernameBackend")
    response = client.post("/accounts/tai-khoan/", {"full_name": "  Trần\u200b Thị   Mới ", "email": "moi@example.vn"})
    assert response.status_code == 302
    resident.refresh_from_db()
    assert (resident.full_name, resident.email) == ("Trần Thị Mới", "moi@example.vn")
    assert AuditEvent.objects.filter(verb="accounts.user.updated", actor=resident).count() == 1
