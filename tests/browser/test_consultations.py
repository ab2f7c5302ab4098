"""A consultation with its synthesis (Law 10/2022/QH15 Art.25–28), end to end in Chromium:

the commune official (password + TOTP) drafts the plan, records that it went to HĐND and UB MTTQ, publishes it
(20 days at least); a resident finds it from the commune's public page, logs in and gives an opinion online; the
official enters an opinion from a community meeting. After the last day (the clock moves on), the official ends
the period, writes the synthesis inline — accepting the resident's opinion, explaining the meeting's — and
publishes it; an anonymous visitor on a phone reads each opinion's outcome with its village and channel, never
its author, and the synthesis is also disclosure item 11."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from .conftest import PASSWORD, PHONE, no_horizontal_scroll, totp_now

VN = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE = "Dự thảo quyết định giờ hoạt động của quán karaoke trên địa bàn phường"
DESCRIPTION = ("Ủy ban nhân dân phường dự kiến quy định các quán karaoke gần khu dân cư chỉ hoạt động đến 22 giờ "
               "và không mở loa ra đường. Xin ý kiến Nhân dân về giờ đóng cửa và cách xử lý vi phạm.")
RESIDENT_TEXT = "Đề nghị áp dụng cả cho các nhà hàng có dàn loa ngoài trời, không chỉ quán karaoke."
MEETING_TEXT = "Hội nghị khu vực 2 đề nghị cho phép hoạt động đến 23 giờ vào thứ Bảy và Chủ nhật."
ACCEPT = "Tiếp thu: Điều 2 dự thảo bổ sung nhà hàng, quán ăn có sử dụng loa ngoài trời."
EXPLAIN = ("Giải trình: giữ giờ đóng cửa 22 giờ mọi ngày theo quy định về tiếng ồn trong khu dân cư; "
           "không áp dụng giờ riêng cho cuối tuần.")


def log_in(page, server, user, device=None) -> None:
    page.goto(server + "/")
    page.locator("header.site").get_by_role("link", name="Đăng nhập").click()
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    if device is not None:
        expect(page).to_have_url(re.compile(r"/accounts/xac-thuc-hai-lop/"))
        page.get_by_label("Mã xác thực 6 chữ số").fill(totp_now(device))
        page.get_by_role("button", name="Xác nhận").click()
        expect(page.locator(".messages")).to_contain_text("Đã xác thực hai lớp.")


def box(page, summary: str):
    return page.locator("details").filter(has=page.locator("summary").get_by_text(summary, exact=True))


@pytest.mark.django_db(transaction=True)
def test_a_consultation_with_its_synthesis(page, new_context, server, shot, tree, personas):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from danchu.consultations.models import Consultation, Opinion
    from danchu.disclosure.models import DisclosureItem

    official = personas["official_a"]
    device = TOTPDevice.objects.create(user=official, name="điện thoại", confirmed=True)
    resident = personas["resident"]

    # --- the official drafts the plan, sends it to HĐND and UB MTTQ, publishes it
    staff = page
    log_in(staff, server, official, device)
    staff.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Lấy ý kiến").click()
    expect(staff).to_have_url(f"{server}/quan-ly/{tree.commune_a.pk}/lay-y-kien/")
    staff.get_by_role("link", name="Lập kế hoạch lấy ý kiến").click()
    form = staff.locator("main form")
    form.get_by_label("Nội dung lấy ý kiến (Điều 25)").select_option(value="5")
    form.get_by_label("Tên nội dung lấy ý kiến").fill(TITLE)
    form.get_by_label("Nội dung, những vấn đề cần xin ý kiến").fill(DESCRIPTION)
    form.get_by_label("Hội nghị trao đổi, đối thoại giữa UBND xã với Nhân dân (điểm a)").check()
    opens = form.get_by_label("Ngày công khai, bắt đầu lấy ý kiến (dự kiến)").input_value()
    closes_field = form.get_by_label("Ngày kết thúc lấy ý kiến")
    earliest = closes_field.input_value()
    # one day too short: refused with the earliest possible date, nothing saved
    closes_field.fill((datetime.fromisoformat(earliest) - timedelta(days=1)).date().isoformat())
    form.get_by_role("button", name="Lưu kế hoạch").click()
    expect(staff.locator(".errorlist")).to_contain_text("ít nhất là 20 ngày kể từ ngày công khai")
    assert not Consultation.objects.exists()
    staff.locator("main form").get_by_label("Ngày kết thúc lấy ý kiến").fill(earliest)
    shot(staff, "1-plan")
    staff.locator("main form").get_by_role("button", name="Lưu kế hoạch").click()
    expect(staff.get_by_role("heading", level=1)).to_have_text(TITLE)
    c = Consultation.objects.get()
    assert (c.opens_on.isoformat(), c.closes_on.isoformat(), c.state) == (opens, earliest, "draft")

    send = box(staff, "Gửi kế hoạch tới HĐND và UB MTTQ xã (khoản 1 Điều 28)")
    send.locator("summary").click()  # the steps are folding boxes (core.actions, includes/action_boxes.html)
    send.get_by_label("Đã gửi Hội đồng nhân dân xã").check()
    send.get_by_label("Đã gửi Ủy ban Mặt trận Tổ quốc Việt Nam xã").check()
    send.get_by_role("button", name="Ghi nhận đã gửi kế hoạch").click()
    expect(staff.locator(".messages")).to_contain_text("Đã ghi nhận việc gửi kế hoạch")
    publish = box(staff, "Công khai nội dung, bắt đầu lấy ý kiến")
    publish.locator("summary").click()
    publish.get_by_role("button", name="Công khai và bắt đầu lấy ý kiến").click()
    expect(staff.locator(".messages")).to_contain_text("Đã công khai nội dung lấy ý kiến")
    expect(staff.locator("main .badge").first).to_have_text("Đang lấy ý kiến")

    # --- a resident finds it from the commune's public page, logs in, gives an opinion
    visitor = new_context().new_page()
    visitor.set_default_timeout(10_000)
    visitor.goto(server + "/")
    visitor.get_by_role("link", name="Phường Cái Khế").first.click()
    visitor.get_by_role("link", name="Lấy ý kiến Nhân dân").click()
    expect(visitor).to_have_url(f"{server}/don-vi/{tree.commune_a.pk}/lay-y-kien/")
    visitor.get_by_role("link", name="Xem dự thảo và góp ý").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    visitor.get_by_role("link", name="Đăng nhập để góp ý").click()
    visitor.get_by_label("Tên đăng nhập hoặc số điện thoại").fill(resident.username)
    visitor.get_by_label("Mật khẩu").fill(PASSWORD)
    visitor.get_by_role("button", name="Đăng nhập").click()
    expect(visitor).to_have_url(f"{server}/lay-y-kien/{c.pk}/")
    opinion_form = visitor.locator("main form.card")
    opinion_form.get_by_label("Ý kiến khác, đề xuất sửa đổi").check()
    opinion_form.get_by_label("Nội dung ý kiến").fill(RESIDENT_TEXT)
    opinion_form.get_by_label("Nơi ông/bà sinh sống").select_option(label="Khu vực 1")
    shot(visitor, "2-resident-form")
    opinion_form.get_by_role("button", name="Gửi ý kiến").click()
    expect(visitor.locator(".messages")).to_contain_text("Cảm ơn ông/bà đã góp ý.")
    expect(visitor.locator("#y-kien-cua-ban")).to_be_visible()
    online = Opinion.objects.get(channel="online")
    assert (online.author, online.village, online.stance) == (resident, tree.village_a1, "other")

    # --- the official enters an opinion from a community meeting (on a phone, at the meeting)
    staff.set_viewport_size(PHONE)
    staff.reload()
    entry = box(staff, "Nhập ý kiến từ hội nghị, đường dây nóng, hòm thư, văn bản")
    entry.locator("summary").click()
    scroll_width, width = no_horizontal_scroll(staff)
    assert scroll_width <= width, f"horizontal scroll on the staff page on a phone: {scroll_width} > {width}"
    shot(staff, "3a-entry-phone", full_page=False)
    entry.get_by_label("Kênh tiếp nhận").select_option(label="Hội nghị, cuộc họp")
    entry.get_by_label("Thôn, tổ dân phố").select_option(label="Khu vực 2")
    entry.get_by_label("Quan điểm").select_option(label="Không tán thành dự thảo")
    entry.get_by_label("Nội dung ý kiến").fill(MEETING_TEXT)
    entry.get_by_label("Số người cùng ý kiến").fill("25")
    entry.get_by_label("Nguồn (tên hội nghị, số văn bản…)").fill("Hội nghị cộng đồng dân cư Khu vực 2")
    entry.get_by_role("button", name="Lưu ý kiến").click()
    expect(staff.locator(".messages")).to_contain_text("Đã nhập ý kiến số 2.")
    # quick entry: the form comes back open with the same channel and source
    entry = box(staff, "Nhập ý kiến từ hội nghị, đường dây nóng, hòm thư, văn bản")
    expect(entry.get_by_label("Nguồn (tên hội nghị, số văn bản…)")).to_have_value("Hội nghị cộng đồng dân cư Khu vực 2")
    staff.set_viewport_size({"width": 1280, "height": 900})
    meeting = Opinion.objects.get(channel="meeting")
    assert (meeting.people_count, meeting.village, meeting.stance) == (25, tree.village_a2, "disagree")
    shot(staff, "3-opinions")

    # --- after the last day: end the period, write the synthesis inline, publish it
    after = datetime.combine(c.closes_on + timedelta(days=1), datetime.min.time(), tzinfo=VN) + timedelta(hours=9)
    with time_machine.travel(after, tick=True):
        staff = new_context().new_page()
        staff.set_default_timeout(10_000)
        log_in(staff, server, official, device)
        staff.goto(f"{server}/quan-ly/lay-y-kien/{c.pk}/")
        close = box(staff, "Kết thúc lấy ý kiến")
        close.locator("summary").click()
        close.get_by_role("button", name="Kết thúc lấy ý kiến, bắt đầu tổng hợp").click()
        expect(staff.locator(".messages")).to_contain_text("Đã kết thúc lấy ý kiến.")

        def answer(opinion, outcome: str, text: str) -> None:
            row = staff.locator(f"#y-kien-{opinion.pk}")
            row.locator("summary").click()
            row.get_by_label(outcome, exact=True).check()
            row.get_by_label("Nội dung tiếp thu, giải trình").fill(text)
            with staff.expect_response(lambda r: "/tong-hop/" in r.url and r.request.method == "POST") as done:
                row.get_by_role("button", name="Lưu").click()
            assert done.value.status == 200
            swapped = staff.locator(f"#y-kien-{opinion.pk}")
            expect(swapped.locator(".synthesis-result .badge")).to_have_text(outcome)
            expect(swapped.locator(".synthesis-result")).to_contain_text(text)

        answer(online, "Tiếp thu", ACCEPT)
        answer(meeting, "Giải trình", EXPLAIN)
        assert staff.url == f"{server}/quan-ly/lay-y-kien/{c.pk}/"  # htmx: no page load
        shot(staff, "4-synthesis")
        publish = box(staff, "Công khai kết quả tổng hợp (khoản 3 Điều 28)")
        publish.locator("summary").click()
        expect(publish.get_by_label("Kết quả tổng hợp chung")).to_contain_text("đã nhận 2 ý kiến (26 người)")
        publish.get_by_role("button", name="Công khai kết quả tổng hợp").click()
        expect(staff.locator(".messages")).to_contain_text("Đã công khai kết quả tổng hợp ý kiến")
        c.refresh_from_db()
        assert c.state == "synthesis_published"
        item = DisclosureItem.objects.get(pk=c.synthesis_item_id)
        assert (item.category, item.status) == (11, "published")

        # --- anyone, on a phone, reads the outcome of each opinion — village and channel, no author
        reader = new_context().new_page()
        reader.set_viewport_size(PHONE)
        reader.set_default_timeout(10_000)
        reader.goto(f"{server}/lay-y-kien/{c.pk}/")
        result = reader.locator("table.synthesis tbody tr")
        expect(result).to_have_count(2)
        expect(result.nth(0)).to_contain_text("Khu vực 1 · Trực tuyến trên trang của xã")
        expect(result.nth(0)).to_contain_text(RESIDENT_TEXT)
        expect(result.nth(0).locator(".badge")).to_have_text("Tiếp thu")
        expect(result.nth(0)).to_contain_text(ACCEPT)
        expect(result.nth(1)).to_contain_text("Khu vực 2 · Hội nghị, cuộc họp · 25 người")
        expect(result.nth(1).locator(".badge")).to_have_text("Giải trình")
        expect(result.nth(1)).to_contain_text(EXPLAIN)
        html = reader.content()
        for private in (resident.username, resident.full_name, official.full_name):
            assert private not in html, f"the public page shows {private!r}"
        scroll_width, width = no_horizontal_scroll(reader)
        assert scroll_width <= width, f"horizontal scroll on a phone: {scroll_width} > {width}"
        shot(reader, "5-public-phone")
        reader.get_by_role("link", name="Mục công khai thông tin").click()
        expect(reader.get_by_role("heading", level=1)).to_have_text(f"Kết quả tổng hợp ý kiến Nhân dân: {TITLE}")
        shot(reader, "6-disclosure-item-11")
        desktop = new_context().new_page()
        desktop.goto(f"{server}/lay-y-kien/{c.pk}/#ket-qua")
        expect(desktop.locator("#ket-qua")).to_be_visible()
        shot(desktop, "7-public-desktop")
