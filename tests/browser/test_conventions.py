"""A village convention recognised (Nghị định 61/2023/NĐ-CP), end to end: the village head (password + TOTP) drafts
the hương ước with its drafting team, posts it for comments for more than 30 days, enters a comment received at a
meeting, revises the draft, records the adoption meeting with its counts (the total comes from the household
register) and sends the dossier; the commune official recognises it with a decision number; an anonymous visitor
finds it on the commune's public page, reads the text in force and the differences between the versions, on a
desktop and on a phone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, PHONE, no_horizontal_scroll, totp_now

TITLE = "Hương ước Khu vực 1 về nếp sống văn minh"
TEAM = "Huỳnh Văn Lộc — Trưởng khu vực, Tổ trưởng\nLê Thị Lan — Chi hội Phụ nữ\nPhan Văn Sáu — Chi hội Người cao tuổi"
TEXT_V1 = ("Chương I. QUY ĐỊNH CHUNG\n"
           "Điều 1. Hương ước này quy định việc giữ gìn vệ sinh môi trường và nếp sống văn minh trong Khu vực 1.\n"
           "Điều 2. Mỗi hộ đóng góp quỹ vệ sinh môi trường 20.000 đồng/tháng.\n"
           "Điều 3. Không thả rông gia súc, gia cầm trên đường, hẻm.")
TEXT_V2 = TEXT_V1.replace("20.000 đồng/tháng", "15.000 đồng/tháng") + (
    "\nĐiều 4. Tổ chức việc cưới, việc tang văn minh, tiết kiệm; không mở loa sau 22 giờ.")
DECISION = "128/QĐ-UBND"


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
    """One action box of the staff page, opened."""
    details = page.locator("details").filter(has=page.locator("summary").get_by_text(summary, exact=True))
    details.locator("summary").click()
    return details


def assert_fits(page) -> None:
    scroll_width, inner_width = no_horizontal_scroll(page)
    assert scroll_width <= inner_width, f"{page.url}: {scroll_width}px wide on a {inner_width}px screen"


@pytest.mark.django_db(transaction=True)
def test_a_convention_is_drafted_adopted_recognised_and_published(page, new_context, server, shot, tree, personas):
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from danchu.conventions.models import Convention
    from danchu.conventions.tests.conftest import add_households

    add_households(tree.village_a1, 59)  # 60 households in Khu vực 1 with the tree's own
    today = timezone.localdate()
    posted_on, comment_until = today - timedelta(days=45), today - timedelta(days=12)
    held_on, sent_on = today - timedelta(days=10), today - timedelta(days=8)
    head = personas["village_head"]
    head_device = TOTPDevice.objects.create(user=head, name="điện thoại", confirmed=True)

    # --- the village head drafts the convention
    log_in(page, server, head, head_device)
    page.goto(f"{server}/quan-ly/{tree.village_a1.pk}/huong-uoc/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hương ước, quy ước — Khu vực 1")
    page.get_by_role("link", name="Đề xuất, soạn thảo hương ước, quy ước").click()
    form = page.locator("main form")
    form.get_by_label(label("Tên hương ước, quy ước")).fill(TITLE)
    form.get_by_label(label("Ngày đề xuất")).fill((posted_on - timedelta(days=20)).isoformat())
    form.get_by_label("Tổ soạn thảo (Điều 8)").fill(TEAM)
    form.get_by_label(label("Toàn văn dự thảo")).fill(TEXT_V1)
    shot(page, "1-draft-form")
    form.get_by_role("button", name="Tạo dự thảo").click()
    expect(page.locator(".messages")).to_contain_text(f"Đã tạo dự thảo “{TITLE}”.")
    expect(page.locator("#state")).to_have_text("Đang soạn thảo")
    convention = Convention.objects.get(title=TITLE)
    staff_url = f"{server}/quan-ly/huong-uoc/{convention.pk}/"
    expect(page).to_have_url(staff_url)

    # --- posted for comments: a period shorter than 30 days is refused, then a proper one
    post = box(page, "Niêm yết dự thảo lấy ý kiến (ít nhất 30 ngày)")
    post.get_by_label(label("Ngày niêm yết dự thảo")).fill(posted_on.isoformat())
    post.get_by_label(label("Hạn góp ý")).fill((posted_on + timedelta(days=29)).isoformat())
    post.get_by_role("button", name="Niêm yết").click()
    expect(page.locator("main")).to_contain_text("ít nhất 30 ngày (Điều 9 Nghị định 61/2023/NĐ-CP)")
    post = page.locator("#box-post")
    post.get_by_label(label("Hạn góp ý")).fill(comment_until.isoformat())
    post.get_by_role("button", name="Niêm yết").click()
    expect(page.locator(".messages")).to_contain_text("Đã niêm yết dự thảo.")
    expect(page.locator("#state")).to_have_text("Đang lấy ý kiến dự thảo")

    comment = box(page, "Ghi nhận góp ý từ cuộc họp, hòm thư, văn bản")
    comment.get_by_label(label("Người, nhóm góp ý")).fill("Chi hội Người cao tuổi Khu vực 1")
    comment.get_by_label(label("Ngày góp ý")).fill((posted_on + timedelta(days=5)).isoformat())
    comment.get_by_label(label("Nội dung góp ý")).fill("Đề nghị giảm mức đóng góp và bổ sung quy định về việc cưới, "
                                                      "việc tang.")
    comment.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận góp ý.")

    revise = box(page, "Sửa dự thảo (tạo phiên bản mới)")
    revise.get_by_label(label("Toàn văn")).fill(TEXT_V2)
    revise.get_by_label(label("Lý do thay đổi")).fill("Tiếp thu ý kiến của Chi hội Người cao tuổi")
    revise.get_by_role("button", name="Lưu phiên bản mới").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu phiên bản mới.")
    expect(page.locator("#h-diff")).to_have_text("Thay đổi từ phiên bản 1 đến phiên bản 2")
    expect(page.locator(".diff del").first).to_have_text("20.000")
    expect(page.locator(".diff ins").first).to_have_text("15.000")
    shot(page, "2-posted-with-diff")

    # --- the adoption meeting: more attendees than households is refused; then the real counts
    meeting = box(page, "Kết quả cuộc họp biểu quyết thông qua")
    meeting.get_by_label(label("Ngày họp / hạn thu phiếu")).fill(held_on.isoformat())
    meeting.get_by_label(label("Số hộ tham dự (họp) hoặc trả phiếu")).fill("61")
    meeting.get_by_label(label("Số hộ tán thành")).fill("50")
    meeting.get_by_label(label("Số hộ không tán thành")).fill("3")
    meeting.get_by_role("button", name="Ghi nhận kết quả").click()
    expect(page.locator("#box-meeting")).to_contain_text("vượt quá tổng số hộ của thôn tại ngày biểu quyết (60)")
    meeting = page.locator("#box-meeting")
    meeting.get_by_label(label("Số hộ tham dự (họp) hoặc trả phiếu")).fill("45")
    meeting.get_by_label(label("Số hộ tán thành")).fill("40")
    meeting.get_by_role("button", name="Ghi nhận kết quả").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận kết quả biểu quyết.")
    expect(page.locator("#state")).to_have_text("Cộng đồng đã thông qua")
    votes = page.locator("main table").filter(has_text="Tổng số hộ").locator("tbody tr")
    expect(votes).to_have_count(1)
    expect(votes.first).to_contain_text("60")  # total from the register, 15 absent
    expect(votes.first).to_contain_text("Được thông qua")

    submit = box(page, "Gửi hồ sơ đề nghị UBND cấp xã công nhận")
    submit.get_by_label(label("Ngày gửi hồ sơ đề nghị công nhận")).fill(sent_on.isoformat())
    submit.get_by_role("button", name="Gửi hồ sơ").click()
    expect(page.locator("#state")).to_have_text("Đã gửi UBND cấp xã đề nghị công nhận")
    expect(page.locator("summary").get_by_text("Quyết định công nhận", exact=True)).to_have_count(0)  # not hers
    shot(page, "3-submitted")

    # --- the commune official recognises it
    official = personas["official_a"]
    official_page = new_context().new_page()
    official_page.set_default_timeout(10_000)
    log_in(official_page, server, official, TOTPDevice.objects.create(user=official, name="máy", confirmed=True))
    official_page.goto(f"{server}/quan-ly/{tree.commune_a.pk}/huong-uoc/")
    official_page.get_by_role("link", name=TITLE).click()
    expect(official_page).to_have_url(staff_url)
    recognise = box(official_page, "Quyết định công nhận")
    recognise.get_by_label(label("Số quyết định công nhận")).fill(DECISION)
    recognise.get_by_label(label("Người ký")).fill("Trần Quốc Cường")
    recognise.get_by_role("button", name="Công nhận").click()
    expect(official_page.locator(".messages")).to_contain_text("Đã công nhận; hương ước, quy ước có hiệu lực.")
    expect(official_page.locator("#state")).to_have_text("Đã được công nhận, có hiệu lực")
    shot(official_page, "4-recognised")
    convention.refresh_from_db()
    assert (convention.state, convention.in_force_version.number, convention.decision_number) == (
        "recognised", 2, DECISION)

    # --- an anonymous visitor reads it on the commune's public page
    visitor = new_context().new_page()
    visitor.set_default_timeout(10_000)
    visitor.goto(f"{server}/huong-uoc/")
    visitor.get_by_role("link", name="Phường Cái Khế").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Hương ước, quy ước — Phường Cái Khế")
    row = visitor.locator("main table tbody tr").filter(has_text=TITLE)
    expect(row).to_contain_text(DECISION)
    row.get_by_role("link", name=TITLE).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(visitor.locator("#in-force-text")).to_have_text(TEXT_V2)
    expect(visitor.locator("main")).to_contain_text(f"Số {DECISION} ngày {today:%d/%m/%Y}")
    expect(visitor.locator(".diff ins").last).to_contain_text("Điều 4. Tổ chức việc cưới")
    shot(visitor, "5-public-desktop")
    visitor.set_viewport_size(PHONE)
    assert_fits(visitor)
    shot(visitor, "6-public-phone")


@pytest.mark.django_db(transaction=True)
def test_a_resident_comments_on_a_draft_under_comment(page, server, shot, tree, personas):
    """A draft of Khu vực 2 is posted for comments: a visitor finds it from the commune's list, logs in from the
    page ("Đăng nhập để góp ý") and comments; the staff page lists the comment with the version it was made on."""
    from django.utils import timezone

    from danchu.conventions import services
    from danchu.conventions.models import ConventionComment
    from danchu.conventions.tests.conftest import add_households

    add_households(tree.village_a2, 30)
    today = timezone.localdate()
    draft = services.convention_propose(village=tree.village_a2, title="Quy ước Khu vực 2 về phòng chống cháy nổ",
                                        text="Điều 1. Mỗi hộ trang bị ít nhất 01 bình chữa cháy.",
                                        actor=personas["official_a"], proposed_on=today - timedelta(days=20))
    services.convention_post(convention=draft, posted_on=today - timedelta(days=3),
                             comment_until=today + timedelta(days=30), place="Nhà văn hóa Khu vực 2",
                             actor=personas["official_a"])
    page.goto(f"{server}/huong-uoc/xa/{tree.commune_a.pk}/")
    shot(page, "1-commune-list")
    page.get_by_role("link", name="Quy ước Khu vực 2 về phòng chống cháy nổ").click()
    expect(page.locator("#draft-text")).to_have_text("Điều 1. Mỗi hộ trang bị ít nhất 01 bình chữa cháy.")
    page.get_by_role("link", name="Đăng nhập để góp ý").click()
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill(personas["resident"].username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(f"{server}/huong-uoc/{draft.pk}/")
    page.get_by_label(label("Ý kiến của ông/bà về dự thảo")).fill(
        "Đề nghị cho hộ khó khăn 6 tháng để mua bình chữa cháy.")
    page.get_by_role("button", name="Gửi góp ý").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận ý kiến góp ý của ông/bà.")
    expect(page.locator("main .card dl")).to_contain_text("1")
    page.set_viewport_size(PHONE)
    assert_fits(page)
    shot(page, "2-commented-phone")
    comment = ConventionComment.objects.get()
    assert (comment.channel, comment.user_id, comment.version.number) == ("online", personas["resident"].pk, 1)
