"""Citizen feedback end to end (Law 10/2022/QH15 Art.35.2.a), on a phone-sized screen for the resident:
the resident reports a broken street light with a photo and the phone's position, but picks the wrong commune;
the official of that commune transfers it (NĐ 20/2008 Art.9.1.d); the official of the right commune answers;
the resident finds the answer with the tracking code and rates it. The phone number never shows publicly."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, PHONE, no_horizontal_scroll, totp_now

DESCRIPTION = "Đèn chiếu sáng trên đường Hai Bà Trưng đoạn gần bến Ninh Kiều tắt cả tuần nay, buổi tối rất tối."
ADDRESS = "Đường Hai Bà Trưng, gần bến Ninh Kiều"
ANSWER = "Phường đã báo Công ty chiếu sáng công cộng; đèn được thay bóng ngày 08/12/2026."
WHARF = {"latitude": 10.0330, "longitude": 105.7850}


def png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (320, 240), (40, 40, 60)).save(buf, "PNG")
    return buf.getvalue()


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


def action_box(page, summary: str):
    return page.locator("details").filter(has=page.locator("summary").get_by_text(summary, exact=True))


@pytest.mark.django_db(transaction=True)
def test_resident_reports_wrong_commune_transfers_right_one_answers_resident_rates(new_context, server, shot, tree,
                                                                                  personas):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from danchu.feedback.models import Feedback, install_default_categories

    install_default_categories()  # an earlier transactional test may have flushed the migration's rows
    for unit, (lat, lon, area) in ((tree.commune_a, (10.0452, 105.7852, 6.1)),
                                   (tree.commune_b, (10.0299, 105.7823, 2.3))):
        unit.latitude, unit.longitude, unit.area_km2 = lat, lon, area
        unit.save(update_fields=["latitude", "longitude", "area_km2"])

    phone = new_context(geolocation=WHARF, permissions=["geolocation"])  # the viewport is set by conftest
    resident = phone.new_page()
    resident.set_viewport_size(PHONE)
    resident.set_default_timeout(10_000)

    # --- 1. the resident reports from the phone, reached from the main navigation
    resident.goto(server + "/")
    resident.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Phản ánh, kiến nghị").click()
    expect(resident).to_have_url(f"{server}/phan-anh/")
    resident.get_by_role("link", name="Gửi phản ánh").first.click()
    expect(resident.get_by_role("heading", level=1)).to_have_text("Gửi phản ánh, kiến nghị")
    form = resident.locator("main form")
    form.get_by_label("Lĩnh vực").select_option(label="Hạ tầng giao thông, chiếu sáng")
    form.get_by_label("Xã, phường").select_option(label="Phường Cái Khế")  # the wrong one
    village = form.get_by_label("Thôn, ấp, khu vực, tổ dân phố")
    expect(village.locator("option", has_text="Khu vực 2")).to_have_count(1)  # swapped in by htmx
    village.select_option(label="Khu vực 1")
    form.get_by_label("Nội dung phản ánh, kiến nghị").fill(DESCRIPTION)
    form.get_by_label("Địa điểm (số nhà, tên đường, hẻm, gần đâu)").fill(ADDRESS)
    form.get_by_role("button", name="Lấy vị trí hiện tại của tôi").click()
    expect(form.locator("#locate-status")).to_contain_text("Đã lấy vị trí")
    expect(form.get_by_label("Vĩ độ")).to_have_value("10.033000")
    form.get_by_label("Hình ảnh (tối đa 3 ảnh, mỗi ảnh ≤ 8 MB)").set_input_files(
        files=[{"name": "den-duong.png", "mimeType": "image/png", "buffer": png()}])
    form.get_by_label("Họ và tên").fill("Lý Thị Yến")
    form.get_by_label("Số điện thoại").fill("0938 111 222")
    form.get_by_label("Nhận thông báo qua").select_option(label="Tin nhắn SMS")
    assert no_horizontal_scroll(resident)[0] <= PHONE["width"], "the form scrolls sideways on a phone"
    shot(resident, "1-phone-form")
    form.get_by_role("button", name="Gửi phản ánh").click()
    expect(resident).to_have_url(f"{server}/phan-anh/da-gui/")
    code = resident.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"PA-[2-9A-HJKMNP-Z]{10}", code), code
    shot(resident, "2-phone-submitted")
    feedback = Feedback.objects.get(tracking_code=code)
    assert (feedback.commune_id, feedback.village_id, feedback.phone, feedback.lat, feedback.photos.count()) == (
        tree.commune_a.pk, tree.village_a1.pk, "0938111222", 10.033, 1)

    # --- 2. the official of Cái Khế (wrong commune) transfers it to Ninh Kiều
    official_a = new_context().new_page()
    official_a.set_default_timeout(10_000)
    log_in(official_a, server, personas["official_a"],
           TOTPDevice.objects.create(user=personas["official_a"], name="điện thoại", confirmed=True))
    official_a.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Phản ánh",
                                                                               exact=True).click()
    expect(official_a).to_have_url(f"{server}/quan-ly/{tree.commune_a.pk}/phan-anh/")
    official_a.get_by_role("link", name=code).click()
    expect(official_a.get_by_role("heading", level=1)).to_contain_text(code)
    expect(official_a.locator("main")).to_contain_text("0938111222")  # the handler may call back
    shot(official_a, "3-official-a-detail")
    box = action_box(official_a, "Chuyển (không thuộc thẩm quyền)")
    box.locator("summary").click()
    box.get_by_label("Chuyển đến xã, phường (trên hệ thống)").select_option(label="Phường Ninh Kiều")
    box.get_by_label("Lý do chuyển (nội bộ)").fill("Đường Hai Bà Trưng đoạn bến Ninh Kiều thuộc Phường Ninh Kiều.")
    box.get_by_role("button", name="Chuyển").click()
    expect(official_a.locator(".messages")).to_contain_text("Đã chuyển phản ánh.")
    expect(official_a).to_have_url(re.compile(rf"/quan-ly/{tree.commune_a.pk}/phan-anh/"))
    feedback.refresh_from_db()
    assert feedback.commune_id == tree.commune_b.pk and feedback.state == "received"

    # --- 3. the official of Ninh Kiều answers
    official_b = new_context().new_page()
    official_b.set_default_timeout(10_000)
    log_in(official_b, server, personas["official_b"],
           TOTPDevice.objects.create(user=personas["official_b"], name="điện thoại", confirmed=True))
    official_b.goto(f"{server}/quan-ly/{tree.commune_b.pk}/phan-anh/")
    row = official_b.locator("main table tbody tr").filter(has_text=code)
    expect(row).to_contain_text("Đã tiếp nhận")
    row.get_by_role("link", name=code).click()
    expect(official_b.locator("#history")).to_contain_text("Phường Cái Khế → Phường Ninh Kiều")
    box = action_box(official_b, "Trả lời")
    box.locator("summary").click()
    box.get_by_label("Nội dung trả lời (công khai cho người phản ánh)").fill(ANSWER)
    box.get_by_role("button", name="Gửi câu trả lời").click()
    expect(official_b.locator(".messages")).to_contain_text("Đã trả lời phản ánh.")
    expect(official_b.locator("#state")).to_have_text("Đã trả lời")
    shot(official_b, "4-official-b-answered")

    # --- 4. the resident tracks with the code (as typed from the SMS) and rates it
    resident.goto(server + "/phan-anh/theo-doi/")
    resident.get_by_label("Mã tra cứu").fill(code.lower().replace("-", " "))
    resident.get_by_role("button", name="Tra cứu").click()
    expect(resident.locator("#answer")).to_contain_text(ANSWER)
    expect(resident.locator("main")).to_contain_text("Phường Ninh Kiều")
    assert "0938111222" not in resident.content() and "0938 111 222" not in resident.content()
    resident.get_by_label("5 — Rất hài lòng").check()
    resident.get_by_label("Ý kiến của ông/bà").fill("Cảm ơn phường xử lý nhanh.")
    shot(resident, "5-phone-rate")
    resident.get_by_role("button", name="Gửi đánh giá").click()
    expect(resident.locator(".messages")).to_contain_text("Cảm ơn ông/bà đã đánh giá.")
    expect(resident.locator("#state")).to_have_text("Đã kết thúc")
    assert no_horizontal_scroll(resident)[0] <= PHONE["width"]
    shot(resident, "6-phone-rated")
    feedback.refresh_from_db()
    assert feedback.rating == 5 and feedback.state == "closed" and feedback.answered_on_time is True

    # --- the public page of Ninh Kiều shows it with the rates, never the phone number
    resident.goto(f"{server}/phan-anh/xa/{tree.commune_b.pk}/")
    expect(resident.locator("main")).to_contain_text(ANSWER)
    expect(resident.locator("#satisfaction-rate")).to_have_text("100,0%")
    assert "0938111222" not in resident.content()
    shot(resident, "7-phone-public-page")
