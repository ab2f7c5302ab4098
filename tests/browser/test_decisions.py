"""Nhân dân bàn và quyết định, end to end (Law 10/2022/QH15 Art.15–24; NĐ 59/2023 Art.3–4).

A K1 decision (contributions to a road) in a village of 9 households: the village head notices the meeting,
ticks the 5 households present on a phone, records the show of hands (4 agree: the 6 needed — 2/3 of ALL 9
households — are not reached at the meeting, and the 4 absent households could still decide it), opens a
household ballot, enters the paper ballots (a second ballot of one household is refused), counts them with two
household witnesses: 8 of 9 agree, the decision passes with each household counted once. The village head sends
it to the commune; the commune official recognises it; anyone reads the result on the public page, which names
no household.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, PHONE, no_horizontal_scroll, totp_now

TITLE = "Bê tông hóa hẻm 52, mỗi hộ góp 500.000 đồng"
NAMES = ["Nguyễn Văn An", "Trần Thị Bé", "Lê Văn Cường", "Phạm Thị Dung", "Huỳnh Văn Em", "Võ Thị Gấm",
         "Đặng Văn Hải", "Bùi Thị Yến", "Châu Văn Khải"]


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
def test_k1_fails_at_the_meeting_then_passes_by_household_ballot_and_is_recognised(
        page, new_context, server, shot, tree, personas):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from danchu.decisions.models import Decision, HouseholdPosition
    from danchu.units.services import household_create

    village = tree.village_a1
    households = [tree.household_a1] + [
        household_create(village=village, actor=None, code=f"A1-{i:03d}", representative_name=NAMES[i - 1],
                         established_on=date(2025, 7, 1)) for i in range(2, 10)]
    head = personas["village_head"]
    head_device = TOTPDevice.objects.create(user=head, name="điện thoại", confirmed=True)
    official = personas["official_a"]
    official_device = TOTPDevice.objects.create(user=official, name="điện thoại", confirmed=True)

    # --- the village head drafts the content from the navigation
    log_in(page, server, head, head_device)
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Dân bàn").click()
    expect(page).to_have_url(f"{server}/quan-ly/{village.pk}/dan-ban/")
    page.get_by_role("link", name="Tạo nội dung mới").click()
    form = page.locator("main form")
    expect(form.get_by_label(re.compile("^Phạm vi"))).to_have_value(str(village.pk))
    form.get_by_label(re.compile("^Nội dung \\(Điều 15")).select_option(value="k1")
    form.get_by_label(re.compile("^Tên nội dung")).fill(TITLE)
    form.get_by_label(re.compile("^Nội dung đưa ra bàn")).fill(
        "Làm 180 m đường bê tông rộng 3 m; Nhà nước hỗ trợ 60%, Nhân dân đóng góp phần còn lại.")
    form.get_by_label(re.compile("^Phương án")).fill("Mỗi hộ góp 500.000 đồng, nộp trước 31/12/2026.")
    form.get_by_role("button", name="Tạo dự thảo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    decision = Decision.objects.get(title=TITLE)
    expect(page.locator("#decision-state")).to_have_text("Dự thảo")
    expect(page.locator("main")).to_contain_text("cần ít nhất 6 hộ đồng ý")  # 2/3 of ALL 9 households

    # --- Mẫu 01: the meeting notice, at least 2 days before (a notice 1 day before is refused)
    notice = action_box(page, "Thông báo họp (Mẫu 01)")
    notice.locator("summary").click()
    notice.get_by_label("Ngày gửi thông báo (Mẫu 01)").fill("2026-11-16")
    notice.get_by_label("Ngày họp").fill("2026-11-17")
    notice.get_by_label("Giờ họp").fill("19:30")
    notice.get_by_label("Địa điểm").fill("Nhà văn hóa Khu vực 1")
    notice.get_by_label("Người chủ trì").fill("Huỳnh Văn Lộc")
    notice.get_by_role("button", name="Đăng thông báo").click()
    expect(page.locator("main .errorlist")).to_contain_text("ít nhất 02 ngày")
    notice = action_box(page, "Thông báo họp (Mẫu 01)")
    notice.get_by_label("Ngày họp").fill("2026-11-18")
    notice.get_by_role("button", name="Đăng thông báo").click()
    expect(page.locator(".messages")).to_contain_text("Đã đăng thông báo họp (Mẫu 01).")
    expect(page.locator("#decision-state")).to_have_text("Đã thông báo họp")

    # --- the attendance checklist on a phone: 5 of the 9 households are present
    page.set_viewport_size(PHONE)
    page.get_by_role("link", name="Điểm danh hộ dự họp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Điểm danh hộ dự họp")
    page.wait_for_load_state()
    boxes = page.locator("#checklist input[name=present]")
    expect(boxes).to_have_count(9)
    page.get_by_label("Lọc theo mã hộ hoặc tên").fill("tran thi be")  # without diacritics
    expect(page.locator("#checklist li:visible")).to_have_count(1)
    with page.expect_response(lambda r: "/diem-danh/" in r.url and r.request.method == "POST") as saved:
        page.locator("#checklist li:visible input").check()
    assert saved.value.status == 200 and saved.value.text() == "1"  # saved at once (one tap)
    page.get_by_label("Lọc theo mã hộ hoặc tên").fill("")
    for h in (households[0], households[2], households[3], households[4]):
        page.locator(f"#checklist input[value='{h.pk}']").check()
    expect(page.locator("#present-count")).to_have_text("5")
    assert no_horizontal_scroll(page)[0] <= PHONE["width"]
    shot(page, "1-attendance-phone")
    page.get_by_role("button", name="Lưu và ghi kết quả biểu quyết").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả biểu quyết tại cuộc họp")

    # --- the show of hands: 4 agree, 1 disagrees → 4 < 6, and the 4 absent households could still decide
    page.get_by_label("Thư ký cuộc họp").fill("Võ Thị Mai")
    page.get_by_label("Số đại diện hộ biểu quyết chọn thư ký").fill("5")
    page.get_by_role("button", name="Đánh dấu tất cả: Đồng ý").click()
    page.get_by_role("radiogroup", name="A1-004").get_by_label("Không đồng ý").check()
    shot(page, "2-show-of-hands-phone")
    page.get_by_role("button", name="Ghi kết quả cuộc họp").click()
    expect(page.locator(".messages")).to_contain_text("tổ chức phát phiếu lấy ý kiến hộ gia đình")
    expect(page.locator("#decision-state")).to_have_text("Đã họp, đang ghi kết quả")
    expect(page.locator("main")).to_contain_text("Cần phát phiếu")
    decision.refresh_from_db()
    assert (decision.household_total, decision.participating, decision.agree, decision.disagree) == (9, 5, 4, 1)
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "3-meeting-insufficient")

    # --- the household ballot: plan, team of 3–5 led by the Front's representative, notice ≥ 2 days before
    ballot = action_box(page, "Phát phiếu lấy ý kiến hộ gia đình")
    ballot.get_by_label("Ngày ban hành kế hoạch phát phiếu").fill("2026-11-19")
    ballot.get_by_label("Ngày gửi kế hoạch cho UBND và UB MTTQ cấp xã").fill("2026-11-20")
    ballot.get_by_label("Ngày thông báo công khai").fill("2026-11-19")
    ballot.get_by_label("Ngày phát phiếu").fill("2026-11-21")
    ballot.get_by_label("Hạn thu phiếu").fill("2026-11-24")
    ballot.get_by_label(re.compile("^Tổ phát phiếu")).fill("Lê Văn Tám\nNguyễn Thị Hoa\nTrần Văn Hai")
    ballot.get_by_label(re.compile("^Tổ trưởng")).fill("Lê Văn Tám")
    ballot.get_by_role("button", name="Lập kế hoạch phát phiếu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lập kế hoạch phát phiếu lấy ý kiến.")
    expect(page.locator("#decision-state")).to_have_text("Đang phát phiếu lấy ý kiến hộ gia đình")

    # --- the paper ballots, typed by household code; one household may not vote twice
    page.get_by_role("link", name="Nhập phiếu và kiểm phiếu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phiếu lấy ý kiến hộ gia đình")

    def enter(code: str, choice: str) -> None:
        page.get_by_label("Mã hộ trên phiếu").fill(code)
        page.get_by_label(choice, exact=True).check()
        page.get_by_role("button", name="Nhập phiếu").click()

    enter("a1-004", "Đồng ý")  # disagreed at the meeting, agrees on paper: counted once, as its ballot
    expect(page.locator(".messages")).to_contain_text("Đã nhập phiếu của hộ A1-004 — Phạm Thị Dung.")
    for code in ("A1-006", "A1-007", "A1-008"):
        enter(code, "Đồng ý")
        expect(page.locator(".messages")).to_contain_text(f"Đã nhập phiếu của hộ {code}")
    enter("A1-009", "Không đồng ý")
    enter("A1-006", "Không đồng ý")  # a second ballot of the same household
    expect(page.locator("main .errorlist")).to_contain_text("Hộ A1-006 đã có phiếu; mỗi hộ chỉ một phiếu (Điều 19.3).")
    expect(page.locator("#ballot-count")).to_have_text("5")
    assert HouseholdPosition.objects.filter(decision=decision, channel="ballot").count() == 5
    shot(page, "4-ballots")
    count = action_box(page, "Kiểm phiếu với 02 đại diện hộ chứng kiến (Mẫu 04)")
    count.locator("summary").click()
    count.get_by_label("Hộ chứng kiến kiểm phiếu 1").select_option(value=str(households[0].pk))
    count.get_by_label("Hộ chứng kiến kiểm phiếu 2").select_option(value=str(households[1].pk))
    count.get_by_role("button", name="Kiểm phiếu và công bố kết quả").click()
    expect(page.locator(".messages")).to_contain_text("Đã kiểm phiếu: Đã thông qua (8/9 hộ đồng ý).")
    expect(page.locator("#decision-state")).to_have_text("Đã thông qua")
    result = page.locator("#h-result + .result-box")
    expect(result).to_contain_text("Tổng số hộ gia đình")
    decision.refresh_from_db()
    # A1-001, 002, 003, 005 agreed at the meeting; A1-004's ballot (agree) replaces its show of hands; the absent
    # A1-006, 007, 008 agree and A1-009 disagrees on paper: 8 of ALL 9 agree, every household counted once
    assert (decision.household_total, decision.participating) == (9, 9)
    assert (decision.agree, decision.disagree) == (8, 1)
    shot(page, "5-passed")

    # --- sent to the commune (≤ 5 working days), Mẫu 04 and Mẫu 03 available
    page.get_by_role("button", name="Gửi cấp xã").click()
    expect(page.locator("#decision-state")).to_have_text("Đã gửi cấp xã")
    expect(page.get_by_role("link", name="PDF").first).to_be_visible()
    with page.expect_download() as download:
        page.locator("main li").filter(has_text="Mẫu 04").get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename == f"mau-04-dan-ban-{decision.pk}.pdf"

    # --- the commune official recognises it
    official_page = new_context().new_page()
    official_page.set_default_timeout(10_000)
    log_in(official_page, server, official, official_device)
    official_page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Dân bàn").click()
    expect(official_page).to_have_url(f"{server}/quan-ly/{tree.commune_a.pk}/dan-ban/")
    official_page.get_by_role("link", name=TITLE).click()
    recognise = action_box(official_page, "Công nhận (Điều 21.2)")
    recognise.get_by_label("Số quyết định công nhận").fill("25/QĐ-UBND")
    recognise.get_by_role("button", name="Công nhận").click()
    expect(official_page.locator(".messages")).to_contain_text("Đã công nhận.")
    expect(official_page.locator("#decision-state")).to_have_text("Đã công nhận, có hiệu lực")
    # a village-scope K1 is in force from its adoption (the ballot deadline), not from the recognition (Art.21.2)
    expect(official_page.locator("main")).to_contain_text("hiệu lực từ 24/11/2026")
    shot(official_page, "6-recognised")

    # --- the public page: the numbers of Art.20.2 and the recognition, no household named
    public = new_context().new_page()
    public.goto(f"{server}/dan-ban/{decision.pk}/")
    expect(public.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(public.locator("main")).to_contain_text("Đã được công nhận theo Quyết định số 25/QĐ-UBND")
    expect(public.locator(".result-box")).to_contain_text("Tổng số hộ gia đình")
    html = public.content()
    assert not any(name in html for name in NAMES[1:]), "the public page names a household"
    shot(public, "7-public")


@pytest.mark.django_db(transaction=True)
def test_the_attendance_checklist_of_a_large_village_works_on_a_phone(page, server, shot, tree, personas):
    """A village of 260 households meets in two clusters (Art.18.3): the checklist of one cluster lists every
    household, filters by code or name without diacritics, saves each tap, and a household ticked in the other
    cluster cannot be ticked again."""
    import time

    from django_otp.plugins.otp_totp.models import TOTPDevice

    from danchu.decisions import services
    from danchu.decisions.models import MeetingAttendance
    from danchu.units.models import Household, HouseholdResidence

    village = tree.village_a1
    rows = [Household(village=village, code=f"KV1-{i:03d}", representative_name=f"{NAMES[i % 9]} {i}",
                      established_on=date(2025, 7, 1)) for i in range(2, 261)]
    Household.objects.bulk_create(rows)
    HouseholdResidence.objects.bulk_create([HouseholdResidence(household=h, village=village, start=date(2025, 7, 1))
                                            for h in Household.objects.filter(village=village).exclude(
                                                pk=tree.household_a1.pk)])
    decision = services.decision_create(unit=village, kind="k1", title="Nạo vét kênh Ông Tường", content="…",
                                        actor=None)
    m1 = services.meeting_notice(decision=decision, notice_on=date(2026, 11, 16), held_on=date(2026, 11, 18),
                                 place="Nhà văn hóa", chair_name="Huỳnh Văn Lộc", cluster="Cụm 1", actor=None)
    m2 = services.meeting_notice(decision=decision, notice_on=date(2026, 11, 16), held_on=date(2026, 11, 18),
                                 place="Chùa Ông", chair_name="Trần Văn Phó", cluster="Cụm 2", actor=None)
    other = Household.objects.get(code="KV1-200")
    services.attendance_record(meeting=m2, household_ids=[other.pk], actor=None)

    head = personas["village_head"]
    device = TOTPDevice.objects.create(user=head, name="điện thoại", confirmed=True)
    page.set_viewport_size(PHONE)
    log_in(page, server, head, device)
    started = time.perf_counter()
    page.goto(f"{server}/quan-ly/dan-ban/{decision.pk}/hop/{m1.pk}/diem-danh/")
    page.wait_for_load_state()
    elapsed = time.perf_counter() - started
    assert elapsed < 3, f"the checklist of 260 households took {elapsed:.2f} s"
    expect(page.locator("#checklist input[name=present]")).to_have_count(260)
    assert no_horizontal_scroll(page)[0] <= PHONE["width"]
    page.get_by_label("Lọc theo mã hộ hoặc tên").fill("kv1-12")
    expect(page.locator("#checklist li:visible")).to_have_count(10)  # KV1-120 … KV1-129
    for box in page.locator("#checklist li:visible input").all()[:3]:
        with page.expect_response(lambda r: "/diem-danh/" in r.url and r.request.method == "POST"):
            box.check()
    expect(page.locator("#present-count")).to_have_text("3")
    page.get_by_label("Lọc theo mã hộ hoặc tên").fill("KV1-200")
    expect(page.locator("#checklist li:visible input")).to_be_disabled()  # already at the cluster 2 meeting
    expect(page.locator("#checklist li:visible")).to_contain_text("đã dự họp ở cụm khác")
    shot(page, "phone-260-households")
    assert MeetingAttendance.objects.filter(meeting=m1).count() == 3


@pytest.mark.django_db(transaction=True)
def test_a_commune_wide_k1_is_judged_on_villages(page, server, shot, tree, personas):
    """Art.21.1.a: a commune-scope K1 passes with ≥ 2/3 of the villages; its pages show no household threshold."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from danchu.decisions import services
    from danchu.units.services import household_create

    for village, prefix, n in ((tree.village_a1, "A1", 5), (tree.village_a2, "A2", 4)):
        for i in range(2, n + 2):
            household_create(village=village, actor=None, code=f"{prefix}-{i:03d}",
                             representative_name=NAMES[i % 9], established_on=date(2025, 7, 1))
    parent = services.decision_create(unit=tree.commune_a, kind="k1", title="Đèn đường toàn phường",
                                      content="Mỗi hộ góp 200.000 đồng", form="ballot", actor=None)
    for part in parent.parts.all():
        services.ballot_open(decision=part, plan_issued_on=date(2026, 11, 5), notice_on=date(2026, 11, 6),
                             distribute_on=date(2026, 11, 9), deadline=date(2026, 11, 13),
                             team=["Lê Văn Tám", "Nguyễn Thị Hoa", "Trần Văn Hai"], leader_name="Lê Văn Tám",
                             actor=None)
        voters = list(part.unit.households.all())
        for h in voters:
            services.ballot_enter(decision=part, household=h, choice="agree", actor=None)
        services.ballot_count(decision=part, witness_1=voters[0], witness_2=voters[1], actor=None)
    official = personas["official_a"]
    log_in(page, server, official, TOTPDevice.objects.create(user=official, name="điện thoại", confirmed=True))
    page.goto(f"{server}/quan-ly/dan-ban/{parent.pk}/")
    expect(page.locator("#decision-state")).to_have_text("Đã thông qua")
    expect(page.locator("#decision-rule")).to_contain_text("Từ 2/3 tổng số thôn, tổ dân phố trở lên tán thành")
    expect(page.locator("main")).not_to_contain_text("cần ít nhất 8 hộ")
    shot(page, "commune-k1")
