"""A village-head election (Nghị định 59/2023/NĐ-CP Art.6–8), end to end: the commune official (password + TOTP)
plans it from the navigation, adds the candidates, records the steps of the timeline (one of them late, flagged),
enters the result — first with more voters than households (refused), then the real counts; the result is sent and
recognised; an anonymous visitor reads the result on the commune's public page, on a desktop and on a phone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, PHONE, no_horizontal_scroll, totp_now


def log_in(page, server, user, device) -> None:
    page.goto(server + "/")
    page.locator("header.site").get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/accounts/xac-thuc-hai-lop/"))
    page.get_by_label("Mã xác thực 6 chữ số").fill(totp_now(device))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã xác thực hai lớp.")


def label(text: str) -> re.Pattern:
    return re.compile(rf"^{re.escape(text)}(\s*\*)?$")


def box(page, summary: str):
    details = page.locator("details").filter(has=page.locator("summary").get_by_text(summary, exact=True))
    details.locator("summary").click()
    return details


@pytest.mark.django_db(transaction=True)
def test_a_village_head_is_elected_recognised_and_the_result_published(page, new_context, server, shot, tree,
                                                                      personas):
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from danchu.elections.models import Election
    from danchu.elections.tests.conftest import add_households

    add_households(tree.village_a1, 39)  # 40 households in Khu vực 1
    today = timezone.localdate()
    day = today - timedelta(days=5)
    official = personas["official_a"]
    log_in(page, server, official, TOTPDevice.objects.create(user=official, name="máy", confirmed=True))

    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Bầu, cho thôi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bầu, cho thôi trưởng thôn và các ban — Phường Cái Khế")
    page.get_by_role("link", name="Lập kế hoạch bầu cử").click()
    form = page.locator("main form")
    form.get_by_label(label("Thôn, tổ dân phố")).select_option(label="Khu vực 1")
    form.get_by_label(label("Ngày quyết định tổ chức bầu cử, kế hoạch")).fill((day - timedelta(days=19)).isoformat())
    form.get_by_label("Số quyết định, kế hoạch").fill("210/KH-UBND")
    form.get_by_label(label("Ngày bầu cử")).fill(day.isoformat())
    form.get_by_label(label("Địa điểm")).fill("Nhà văn hóa Khu vực 1, số 12 đường Mậu Thân")
    form.get_by_role("button", name="Lập kế hoạch").click()
    expect(form).to_contain_text("ít nhất 20 ngày trước ngày bầu cử")  # 19 days is too late
    page.locator("main form").get_by_label(label("Ngày quyết định tổ chức bầu cử, kế hoạch")).fill(
        (day - timedelta(days=22)).isoformat())
    page.locator("main form").get_by_role("button", name="Lập kế hoạch").click()
    expect(page.locator(".messages")).to_contain_text("Đã lập kế hoạch bầu cử.")
    election = Election.objects.get()

    for name, year in (("Huỳnh Văn Lộc", "1972"), ("Trần Minh Tâm", "1980")):
        add = box(page, "Thêm người ứng cử")
        add.get_by_label(label("Họ và tên người ứng cử")).fill(name)
        add.get_by_label("Năm sinh").fill(year)
        add.get_by_role("button", name="Ghi nhận").click()
        expect(page.locator(".messages")).to_contain_text("Đã thêm người ứng cử.")
    for summary, done in (("Biên bản danh sách người ứng cử (Mẫu 05)", day - timedelta(days=16)),
                          ("Thông báo công khai", day - timedelta(days=6))):  # 6 days: one day late
        step = box(page, summary)
        step.get_by_label(label("Ngày thực hiện")).fill(done.isoformat())
        step.get_by_role("button", name="Ghi nhận").click()
    team = box(page, "Quyết định thành lập Tổ bầu cử")
    team.get_by_label(label("Ngày thực hiện")).fill((day - timedelta(days=12)).isoformat())
    team.get_by_label(label("Thành viên Tổ bầu cử")).fill("Phan Văn Sáu — Ban công tác Mặt trận, Tổ trưởng\n"
                                                          "Lê Thị Lan — Chi hội Phụ nữ")
    team.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận Tổ bầu cử.")
    rows = page.locator("table.milestones tbody tr")
    expect(rows.filter(has_text="Thông báo công khai")).to_contain_text("muộn")
    expect(rows.filter(has_text="Mẫu 05")).to_contain_text("đúng hạn")
    shot(page, "1-timeline")

    result = box(page, "Kết quả bầu cử")
    result.get_by_label(label("Số hộ tham gia bầu")).fill("45")
    result.get_by_label(label("Số phiếu của Huỳnh Văn Lộc")).fill("30")
    result.get_by_label(label("Số phiếu của Trần Minh Tâm")).fill("6")
    result.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator("#box-result")).to_contain_text("vượt quá tổng số hộ của thôn tại ngày bầu cử (40)")
    page.locator("#box-result").get_by_label(label("Số hộ tham gia bầu")).fill("38")
    page.locator("#box-result").get_by_role("button", name="Ghi nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận kết quả bầu cử.")
    expect(page.locator("#state")).to_have_text("Đã bầu, chờ công nhận")
    send = box(page, "Gửi kết quả đề nghị công nhận")
    send.get_by_label(label("Ngày gửi kết quả đề nghị công nhận")).fill((day + timedelta(days=1)).isoformat())
    send.get_by_role("button", name="Ghi nhận").click()
    recognise = box(page, "Quyết định công nhận")
    recognise.get_by_label(label("Số quyết định công nhận")).fill("215/QĐ-UBND")
    recognise.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator("#state")).to_have_text("Đã công nhận kết quả")
    shot(page, "2-recognised")

    visitor = new_context().new_page()
    visitor.set_default_timeout(10_000)
    visitor.goto(server + "/")
    visitor.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Bầu trưởng thôn").click()
    visitor.get_by_role("link", name="Phường Cái Khế").click()
    visitor.locator("#past").get_by_role("link", name=f"{day:%d/%m/%Y}").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Bầu Trưởng thôn, tổ trưởng tổ dân phố — Khu vực 1")
    expect(visitor.locator("#households-total")).to_have_text("40")
    winner = visitor.locator("#results tbody tr").first
    expect(winner).to_contain_text("Huỳnh Văn Lộc")
    expect(winner).to_contain_text("75%")
    expect(winner).to_contain_text("Trúng cử")
    expect(visitor.locator("main")).to_contain_text("Số 215/QĐ-UBND")
    shot(visitor, "3-public-result")
    visitor.set_viewport_size(PHONE)
    scroll_width, inner_width = no_horizontal_scroll(visitor)
    assert scroll_width <= inner_width, f"{scroll_width}px wide on a {inner_width}px screen"
    shot(visitor, "4-public-phone")
    election.refresh_from_db()
    assert (election.state, election.households_total, election.participating) == ("recognised", 40, 38)
