"""An official of two communes: real login + TOTP, the unit switcher, the CSV import, the htmx search."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, PHONE, no_horizontal_scroll, totp_now

HEADER = "Mã hộ,Họ và tên đại diện hộ,Thôn,Địa chỉ,Điện thoại,Số nhân khẩu"
GOOD_ROWS = [
    "CK-101,Lê Thị Hồng Nhung,Khu vực 1,\"Số 12, hẻm 30 Trần Hưng Đạo\",0901234561,4",
    "CK-102,Phạm Quốc Việt,Khu vực 2,\"Số 7, đường Nguyễn Trãi\",0901234562,3",
    "CK-103,Đặng Thị Ánh Tuyết,Khu vực 2,\"Số 45, đường Lý Tự Trọng\",,2",
]


def csv_file(name: str, rows: list[str]) -> dict:
    body = "\n".join([HEADER, *rows]) + "\n"
    return {"name": name, "mimeType": "text/csv", "buffer": body.encode("utf-8")}


def htmx_search(query: str):
    """Predicate for `page.expect_response`: the htmx request (not a page load) searching for `query`."""
    def match(response) -> bool:
        params = parse_qs(urlsplit(response.url).query)
        return response.request.headers.get("hx-request") == "true" and params.get("q") == [query]
    return match


def household_rows(page):
    return page.locator("#household-results tbody tr")


@pytest.mark.django_db(transaction=True)
def test_official_logs_in_switches_unit_and_imports_households(page, server, shot, tree, official_two_units):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from danchu.units.models import Household

    user = official_two_units
    device = TOTPDevice.objects.create(user=user, name="điện thoại", confirmed=True)

    # Log in through the real form (from the header link), then the TOTP page.
    page.goto(server + "/")
    page.locator("header.site").get_by_role("link", name="Đăng nhập").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    shot(page, "1-login")
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page).to_have_url(re.compile(r"/accounts/xac-thuc-hai-lop/\?next=/$"))
    expect(page.locator("#unit-switch")).to_have_count(0)  # no staff shell before the second factor
    page.get_by_label("Mã xác thực 6 chữ số").fill(totp_now(device))
    shot(page, "2-totp")
    page.get_by_role("button", name="Xác nhận").click()
    expect(page).to_have_url(server + "/")
    expect(page.locator(".messages")).to_contain_text("Đã xác thực hai lớp.")

    # The header switcher lists both communes; switch to B, then back to A from B's household list.
    switch = page.locator("#unit-switch")
    expect(switch.locator("option")).to_have_text(["Phường Cái Khế", "Phường Ninh Kiều"])
    expect(switch).to_have_value(str(tree.commune_a.pk))
    shot(page, "3-home-signed-in")
    switch.select_option(label="Phường Ninh Kiều")  # submits on change
    expect(page.locator(".messages")).to_contain_text("Đang làm việc tại: Phường Ninh Kiều")
    expect(page).to_have_url(server + "/")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Hộ gia đình").click()
    expect(page).to_have_url(f"{server}/quan-ly/{tree.commune_b.pk}/ho/")
    expect(household_rows(page)).to_have_count(1)
    expect(household_rows(page).first).to_contain_text("Trần Thị Bích")
    shot(page, "4-households-B")

    page.locator("#unit-switch").select_option(label="Phường Cái Khế")
    expect(page).to_have_url(f"{server}/quan-ly/{tree.commune_a.pk}/ho/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hộ gia đình — Phường Cái Khế")
    expect(page.locator(".messages")).to_contain_text("Đang làm việc tại: Phường Cái Khế")
    expect(household_rows(page)).to_have_count(1)
    expect(household_rows(page).first).to_contain_text("Nguyễn Văn An")

    # Import three households from a UTF-8 CSV.
    page.get_by_role("link", name="Nhập từ tệp CSV/Excel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập hộ gia đình từ tệp")
    page.get_by_label("Tệp CSV hoặc Excel (.xlsx)").set_input_files(csv_file("ho-gia-dinh.csv", GOOD_ROWS))
    shot(page, "5-import-form")
    page.get_by_role("button", name="Nhập", exact=True).click()
    expect(page).to_have_url(f"{server}/quan-ly/{tree.commune_a.pk}/ho/")
    expect(page.locator(".messages")).to_contain_text("Đã nhập: 3 hộ mới, 0 hộ cập nhật, 0 hộ không đổi.")
    expect(household_rows(page)).to_have_count(4)
    for name in ("Lê Thị Hồng Nhung", "Phạm Quốc Việt", "Đặng Thị Ánh Tuyết", "Nguyễn Văn An"):
        expect(page.locator("#household-results")).to_contain_text(name)
    expect(page.locator("#household-results")).to_contain_text("4 hộ")
    shot(page, "6-imported")

    imported = {h.code: h for h in Household.objects.filter(code__startswith="CK-").select_related("village")}
    assert sorted(imported) == ["CK-101", "CK-102", "CK-103"]
    assert imported["CK-101"].representative_name == "Lê Thị Hồng Nhung"
    assert imported["CK-101"].village == tree.village_a1
    assert imported["CK-102"].village == tree.village_a2
    assert imported["CK-103"].address == "Số 45, đường Lý Tự Trọng"
    assert [imported[c].member_count for c in ("CK-101", "CK-102", "CK-103")] == [4, 3, 2]
    assert imported["CK-103"].phone == ""

    # A second file with bad rows: the Vietnamese error list, and nothing changes (all or nothing).
    def snapshot():
        return sorted(Household.objects.values_list("code", "representative_name", "village_id", "address",
                                                    "phone", "member_count", "dissolved_on"))

    before = snapshot()
    page.get_by_role("link", name="Nhập từ tệp CSV/Excel").click()
    bad = [
        "CK-101,Lê Thị Hồng Nhung,Khu vực 1,\"Số 99, đường Mậu Thân\",0901234561,5",  # a valid update
        "CK-104,Trương Văn Hải,Khu vực 9,Số 3,,2",  # no such village
        "CK-105,Huỳnh Thị Mai,Khu vực 1,Số 4,,nhiều",  # not a number
        "CK-106,,Khu vực 2,Số 5,,1",  # no name
    ]
    page.get_by_label("Tệp CSV hoặc Excel (.xlsx)").set_input_files(csv_file("ho-loi.csv", bad))
    page.get_by_role("button", name="Nhập", exact=True).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Chưa nhập được — hãy sửa tệp rồi nhập lại")
    errors = alert.locator("ul.errorlist li")
    expect(errors).to_have_text([
        re.compile(r"^Dòng \d+: không tìm thấy thôn “Khu vực 9” trong Phường Cái Khế\.$"),
        re.compile(r"^Dòng \d+: số nhân khẩu “nhiều” không hợp lệ\.$"),
        re.compile(r"^Dòng \d+: thiếu mã hộ hoặc họ tên đại diện hộ\.$"),
    ])
    assert re.search(r"/quan-ly/\d+/ho/nhap/$", page.url)
    shot(page, "7-import-errors")
    assert snapshot() == before
    assert not Household.objects.filter(code__in=["CK-104", "CK-105", "CK-106"]).exists()


@pytest.mark.django_db(transaction=True)
def test_household_search_with_htmx(page, server, shot, tree, personas, login, client):
    from django.conf import settings

    from danchu.units.services import household_create

    for code, name, village in [("A2-001", "Lê Thị Hoa", tree.village_a2),
                                ("A1-002", "Nguyễn Văn Anh Khoa", tree.village_a1),
                                ("A1-003", "Võ Minh Tuấn", tree.village_a1)]:
        household_create(village=village, actor=None, code=code, representative_name=name, address="Cần Thơ",
                         phone="", established_on=date(2025, 7, 1))
    # The session of a user who already passed both factors (the login form is covered above).
    login(client, personas["official_a"])
    session_id = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session_id, "url": server}])

    page.goto(f"{server}/quan-ly/{tree.commune_a.pk}/ho/")
    expect(household_rows(page)).to_have_count(4)
    page.evaluate("window.__noReload = 'still here'")  # lost if the page reloads
    shot(page, "1-all")

    search = page.get_by_label("Tìm (mã hộ, họ tên, địa chỉ, điện thoại)")
    with page.expect_response(htmx_search("nguyen van an")):
        search.press_sequentially("nguyen van an", delay=15)
    expect(household_rows(page)).to_have_count(2)  # "Nguyễn Văn An" and "Nguyễn Văn Anh Khoa"
    expect(household_rows(page).nth(0)).to_contain_text("Nguyễn Văn An")
    expect(household_rows(page).nth(1)).to_contain_text("Nguyễn Văn Anh Khoa")
    expect(page.locator("#household-results")).to_contain_text("2 hộ")
    assert page.evaluate("window.__noReload") == "still here"
    # hx-push-url keeps the filter in the address bar
    assert parse_qs(urlsplit(page.url).query)["q"] == ["nguyen van an"]
    shot(page, "2-nguyen-van-an")

    with page.expect_response(htmx_search("tuấn")):
        search.fill("tuấn")
    expect(household_rows(page)).to_have_count(1)
    expect(household_rows(page).first).to_contain_text("Võ Minh Tuấn")

    with page.expect_response(htmx_search("không có ai")):
        search.fill("không có ai")
    expect(household_rows(page)).to_have_text(["Không có hộ nào."])
    assert page.evaluate("window.__noReload") == "still here"
    shot(page, "3-none")

    # The same list on a phone: the staff header and the filters wrap, the table scrolls inside its box.
    page.set_viewport_size(PHONE)
    search.fill("")
    page.get_by_role("button", name="Lọc").click()
    expect(household_rows(page)).to_have_count(4)
    scroll_width, inner_width = no_horizontal_scroll(page)
    assert scroll_width <= inner_width, f"household list is {scroll_width}px wide on a {inner_width}px screen"
    shot(page, "4-phone")
