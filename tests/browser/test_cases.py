"""Citizen reception, complaints and denunciations end to end (Luật Tiếp công dân 2013, Luật Khiếu nại 2011, Luật Tố
cáo 2018): a resident books a reception slot on a phone; the official records a visit that yields a complaint and a
denunciation on Friday 06/02/2026, a week before Tết; the complaint runs to a first-time decision with the deadlines
counted across Tết (14–22/02/2026 off); the chairman extends the denunciation twice, concludes and publishes it, and
the publication shows nothing of the denouncer."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, PHONE, no_horizontal_scroll, totp_now

VISITOR = "Phạm Thị Bí Mật"
VISITOR_ADDRESS = "Số 77, hẻm 13 đường Mậu Thân, Khu vực 1"
VISITOR_ID = "092199887766"
VISITOR_PHONE = "0987654321"
SECRETS = (VISITOR, VISITOR_ADDRESS, VISITOR_ID, VISITOR_PHONE)


def label(text: str) -> re.Pattern:
    return re.compile(rf"^{re.escape(text)}(\s*\*)?$")


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


def action(page, name: str):
    box = page.locator("details").filter(has=page.locator("summary").get_by_text(name, exact=True))
    box.locator("summary").click()
    return box


def assert_no_identity(page) -> None:
    html = page.content()
    for secret in SECRETS:
        assert secret not in html, f"{page.url} shows {secret!r}"


@pytest.mark.django_db(transaction=True)
def test_a_resident_books_a_reception_slot_on_a_phone(page, server, shot, tree, personas):
    from danchu.cases import services
    from danchu.cases.models import Booking

    day = date.today() + timedelta(days=(3 - date.today().weekday()) % 7 or 7)  # next Thursday
    session = services.session_create(unit=tree.commune_a, actor=personas["official_a"], leader_name="Trần Quốc Cường",
                                      leader_title="Chủ tịch UBND Phường Cái Khế", leader_kind="commune_chair",
                                      day=day, start=time(7, 30), end=time(11), place="Trụ sở UBND, phòng tiếp công dân",
                                      capacity=8)
    page.set_viewport_size(PHONE)
    page.goto(server + "/")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    nav.get_by_role("link", name="Tiếp công dân").click()
    expect(page).to_have_url(f"{server}/tiep-cong-dan/")
    page.get_by_role("link", name="Phường Cái Khế").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lịch tiếp công dân — Phường Cái Khế")
    row = page.locator("main ul.sessions > li").first
    expect(row).to_contain_text("Trần Quốc Cường")
    expect(row).to_contain_text("8")
    shot(page, "1-schedule")
    assert no_horizontal_scroll(page)[0] <= PHONE["width"] + 1
    row.get_by_role("link", name=f"Đăng ký ngày {day:%d/%m/%Y}").click()
    form = page.locator("main form")
    form.get_by_label(label("Họ và tên")).fill("Võ Thị Lan")
    form.get_by_label(label("Số điện thoại")).fill("0912 345 678")
    form.get_by_label(label("Số người cùng đến")).fill("2")
    form.get_by_label(label("Nội dung cần trình bày (tóm tắt)")).fill("Hỏi về việc cấp giấy chứng nhận đất ở")
    shot(page, "2-form")
    form.get_by_role("button", name="Gửi đăng ký").click()
    expect(page).to_have_url(f"{server}/tiep-cong-dan/da-dang-ky/")
    code = page.locator("main strong.stat").inner_text().strip()
    booking = Booking.objects.get(tracking_code=code)
    assert (booking.session_id, booking.full_name, booking.phone, booking.people_count) == (
        session.pk, "Võ Thị Lan", "0912345678", 2)
    expect(page.locator("main")).to_contain_text(f"ngày {day:%d/%m/%Y}")
    shot(page, "3-booked")
    page.goto(f"{server}/tiep-cong-dan/{tree.commune_a.pk}/")
    expect(page.locator("main ul.sessions > li").first.locator("dd.free")).to_have_text("7")  # one booking taken
    ics = page.request.get(f"{server}/tiep-cong-dan/{tree.commune_a.pk}/lich.ics")
    assert "BEGIN:VEVENT" in ics.text() and f"{day:%Y%m%d}T073000" in ics.text()
    assert "BEGIN:VTIMEZONE" in ics.text()
    # plans change: she cancels with the code from the SMS and her phone number, and the place is free again
    page.goto(f"{server}/tiep-cong-dan/")
    page.get_by_role("link", name="Xem hoặc hủy đăng ký của tôi").click()
    find = page.locator("main form").filter(has=page.get_by_role("button", name="Tìm"))
    find.get_by_label(label("Mã đăng ký")).fill(code.lower())
    find.get_by_label(label("Số điện thoại đã đăng ký")).fill("0912345678")
    find.get_by_role("button", name="Tìm").click()
    expect(page.locator("main")).to_contain_text(f"Đăng ký {code}")
    assert no_horizontal_scroll(page)[0] <= PHONE["width"] + 1
    page.get_by_role("button", name="Hủy đăng ký này").click()
    expect(page.locator(".messages")).to_contain_text(f"Đã hủy đăng ký {code}.")
    shot(page, "4-cancelled")
    booking.refresh_from_db()
    assert booking.cancelled
    page.goto(f"{server}/tiep-cong-dan/{tree.commune_a.pk}/")
    expect(page.locator("main ul.sessions > li").first.locator("dd.free")).to_have_text("8")


@pytest.mark.django_db(transaction=True)
def test_a_visit_yields_a_complaint_decided_across_tet_and_a_denunciation_concluded_without_identity(
        page, new_context, server, shot, tree, personas):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from danchu.accounts.models import User
    from danchu.cases.models import Case
    from danchu.core.documents import docx_text
    from danchu.units.domain import Role
    from danchu.units.services import appointment_create, position_create

    official = personas["official_a"]
    official_device = TOTPDevice.objects.create(user=official, name="điện thoại", confirmed=True)
    leader = User(username="chutich.a", full_name="Trần Quốc Cường")
    leader.set_password(PASSWORD)
    leader.save()
    position = position_create(organisation=tree.org_a, title="Chủ tịch UBND", role=Role.COMMUNE_LEADER, is_head=True,
                               actor=None)
    appointment_create(position=position, holder_name=leader.full_name, user=leader, start=date(2025, 7, 1), actor=None)
    leader_device = TOTPDevice.objects.create(user=leader, name="điện thoại", confirmed=True)

    # --- the official records the visit of Friday 06/02/2026 in the reception book
    log_in(page, server, official, official_device)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tiếp dân, đơn thư").click()
    expect(page).to_have_url(f"{server}/quan-ly/{tree.commune_a.pk}/don-thu/")
    page.get_by_role("link", name="Ghi sổ lượt tiếp").first.click()
    form = page.locator("main form")
    form.get_by_label(label("Ngày tiếp")).fill("2026-02-06")
    form.get_by_label(label("Họ và tên người đến")).fill(VISITOR)
    form.get_by_label(label("Địa chỉ")).fill(VISITOR_ADDRESS)
    form.get_by_label(label("Số CCCD/CMND/hộ chiếu")).fill(VISITOR_ID)
    form.get_by_label(label("Số điện thoại")).fill(VISITOR_PHONE)
    form.get_by_label(label("Nội dung sự việc")).fill(
        "Không đồng ý Quyết định 12/QĐ-UBND thu hồi đất; phản ánh cán bộ địa chính nhận tiền khi đo đạc.")
    form.get_by_label(label("Đơn khiếu nại — tóm tắt (để trống nếu không có)")).fill(
        "Khiếu nại Quyết định 12/QĐ-UBND thu hồi đất")
    form.get_by_label(label("Quyết định, hành vi bị khiếu nại của")).fill("Chủ tịch UBND phường")
    form.get_by_label(label("Ngày biết quyết định, hành vi bị khiếu nại")).fill("2026-01-20")
    form.get_by_label(label("Đơn tố cáo — tóm tắt, không ghi tên người tố cáo (để trống nếu không có)")).fill(
        "Tố cáo cán bộ địa chính nhận tiền khi đo đạc")
    form.get_by_label(label("Người bị tố cáo")).fill("Ông Lê Văn Địa, công chức địa chính")
    shot(page, "1-visit-form")
    form.get_by_role("button", name="Ghi sổ").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi sổ lượt tiếp số 1/2026.")
    expect(page.locator("#h-visitor + p")).to_contain_text("được mã hóa, giữ bí mật")
    assert_no_identity(page)
    complaint = Case.objects.get(kind="complaint")
    denunciation = Case.objects.get(kind="denunciation")
    shot(page, "2-entry")

    # --- the complaint: acceptance due 10 days after 06/02 = 16/02 (Tết) → 23/02; resolution 30 days after 23/02
    page.get_by_role("link", name=complaint.code).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Khiếu nại {complaint.code}")
    expect(page.locator("main > p").first).to_contain_text("Thụ lý hoặc thông báo không thụ lý: 23/02/2026")
    assert_no_identity(page)  # the complaint of a visit with a denunciation is sealed too
    box = action(page, "Thụ lý")
    box.get_by_label(label("Ngày thụ lý")).fill("2026-02-23")
    box.get_by_role("button", name="Thụ lý").click()
    expect(page.locator(".messages")).to_contain_text("Đã thụ lý.")
    expect(page.locator("#h-deadlines + dl")).to_contain_text("25/03/2026")
    box = action(page, "Ban hành quyết định / kết luận")
    box.get_by_label(label("Số quyết định / kết luận")).fill("25/QĐ-UBND")
    box.get_by_label(label("Kết luận nội dung đơn")).select_option(label="Đúng một phần")
    box.get_by_label(label("Nội dung quyết định / kết luận")).fill("Điều chỉnh một phần Quyết định 12/QĐ-UBND.")
    box.get_by_label(label("Ngày ban hành")).fill("2026-03-20")
    box.get_by_role("button", name="Ban hành quyết định / kết luận").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi quyết định, kết luận.")
    expect(page.locator("main > p").first).to_contain_text("Gửi quyết định: 25/03/2026")  # 03 WD (Art.32)
    shot(page, "3-complaint-decided")
    decision = page.locator("main table tbody tr").filter(has_text="Quyết định giải quyết khiếu nại")
    with page.expect_download() as download:
        decision.get_by_role("link", name=".docx").click()
    text = docx_text(open(download.value.path(), "rb").read())
    assert "QUYẾT ĐỊNH" in text and "Về việc giải quyết khiếu nại (lần đầu)" in text
    assert "20/04/2026" in text  # final 30 days after 20/03 = Sunday 19/04 → Monday 20/04 (Art.44)
    for secret in SECRETS:
        assert secret not in text

    # --- the chairman: the denunciation is especially complex, extended twice, concluded and published
    boss = new_context().new_page()
    boss.set_default_timeout(10_000)
    log_in(boss, server, leader, leader_device)
    boss.goto(f"{server}/quan-ly/{tree.commune_a.pk}/don-thu/?kind=denunciation")
    boss.get_by_role("link", name=denunciation.code).click()
    expect(boss.locator("main > p").first).to_contain_text("Xử lý ban đầu đơn tố cáo: 24/02/2026")  # 7 WD
    assert_no_identity(boss)
    box = action(boss, "Thụ lý")
    box.get_by_label(label("Ngày thụ lý")).fill("2026-02-24")
    box.get_by_label("Nội dung liên quan đến từ 02 địa phương trở lên phải xác minh").check()
    box.get_by_label("Có từ 02 nội dung trở lên").check()
    box.get_by_role("button", name="Thụ lý").click()
    expect(boss.locator("#h-deadlines + dl")).to_contain_text("26/03/2026")
    expect(boss.locator("#h-deadlines + dl")).to_contain_text("Đặc biệt phức tạp")
    # both extensions are counted from the acceptance (Luật Tố cáo Art.30): 60 days → Sat 25/04, Mon 27/04 off →
    # 28/04; 90 days → Mon 25/05/2026 (never a second extension added to a date already rolled forward)
    for n, (on, due) in enumerate((("2026-03-20", "28/04/2026"), ("2026-04-20", "25/05/2026")), start=1):
        box = action(boss, "Gia hạn giải quyết")
        box.get_by_label(label("Gia hạn thêm (ngày)")).fill("30")
        box.get_by_label(label("Lý do gia hạn")).fill(f"Xác minh tại hai phường, lần {n}.")
        box.get_by_label(label("Ngày ra quyết định gia hạn")).fill(on)
        box.get_by_role("button", name="Gia hạn giải quyết").click()
        expect(boss.locator(".messages")).to_contain_text("Đã gia hạn giải quyết.")
        expect(boss.locator("main > p").first).to_contain_text(f"Giải quyết (đã gia hạn lần {n}): {due}")
    expect(boss.locator("summary", has_text="Gia hạn giải quyết")).to_have_count(0)  # no third extension
    shot(boss, "4-denunciation-extended")
    box = action(boss, "Ban hành quyết định / kết luận")
    box.get_by_label(label("Số quyết định / kết luận")).fill("05/KL-UBND")
    box.get_by_label(label("Kết luận nội dung đơn")).select_option(label="Đúng một phần")
    box.get_by_label(label("Nội dung quyết định / kết luận")).fill("Kiểm điểm công chức địa chính; hoàn trả tiền.")
    box.get_by_label(label("Ngày ban hành")).fill("2026-05-15")
    box.get_by_role("button", name="Ban hành quyết định / kết luận").click()
    expect(boss.locator("main > p").first).to_contain_text("Gửi kết luận, thông báo: 22/05/2026")  # 05 WD (Art.35)
    box = action(boss, "Đã gửi quyết định / kết luận")
    box.get_by_label(label("Ngày")).fill("2026-05-18")
    box.get_by_role("button", name="Đã gửi quyết định / kết luận").click()
    box = action(boss, "Công khai kết luận")
    box.get_by_label(label("Ngày")).fill("2026-05-20")
    box.get_by_role("button", name="Công khai kết luận").click()
    expect(boss.locator(".messages")).to_contain_text("Đã công khai kết luận.")
    shot(boss, "5-denunciation-published")

    # --- anyone reads the publication: the conclusion, never the denouncer
    page.context.clear_cookies()
    page.goto(f"{server}/tiep-cong-dan/{tree.commune_a.pk}/")
    page.get_by_role("link", name=denunciation.code).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("THÔNG BÁO")
    expect(page.locator("main article")).to_contain_text("Kết luận số 05/KL-UBND ngày 15/05/2026")
    expect(page.locator("main article")).to_contain_text("được giữ bí mật")
    assert_no_identity(page)
    shot(page, "6-publication")
