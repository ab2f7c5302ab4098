"""Steering and reporting end to end (issue 7, "Done means"): the city board issues a plan with a task and a yearly
report template; two communes submit their 2025 reports, one is returned for correction and sent again; the city
accepts, rolls up 2021–2025 — which adds the 2024 reports kept under the pre-2025 wards into today's wards through
the lineage — and downloads the .docx report, whose figures match the records."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, PHONE, no_horizontal_scroll, totp_now


def lab(text: str) -> re.Pattern:
    """The exact label of a field; a required field's label ends with " *"."""
    return re.compile(rf"^{re.escape(text)}(\s*\*)?$")


def log_in(page, server, user) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="điện thoại", confirmed=True)
    page.goto(server + "/accounts/dang-nhap/")
    page.get_by_label("Tên đăng nhập hoặc số điện thoại").fill(user.username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).to_have_url(re.compile(r"/accounts/xac-thuc-hai-lop/"))
    page.get_by_label("Mã xác thực 6 chữ số").fill(totp_now(device))
    page.get_by_role("button", name="Xác nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã xác thực hai lớp.")


def legacy_units(tree):
    """The pre-2025 wards of the test tree and their lineage into today's wards (NQ 1668/NQ-UBTVQH15)."""
    from danchu.units.domain import Kind, Level, LineageKind
    from danchu.units.models import AdministrativeUnit, StructureVersion, UnitLineage

    version = StructureVersion.objects.create(code="truoc-2025", name="Trước 01/07/2025", valid_to=date(2025, 6, 30))

    def unit(code, name, kind, level, parent=None):
        u = AdministrativeUnit(version=version, code=code, name=name, short_name=name, kind=kind, level=level,
                               parent=parent, valid_to=date(2025, 6, 30))
        u.save()
        return u

    province = unit("92", "Thành phố Cần Thơ", Kind.THANH_PHO_TW, Level.PROVINCE)
    district = unit("916", "Quận Ninh Kiều", Kind.QUAN, Level.DISTRICT, province)
    an_hoa = unit("31120", "Phường An Hòa", Kind.PHUONG, Level.COMMUNE, district)
    tan_an = unit("31135", "Phường Tân An", Kind.PHUONG, Level.COMMUNE, district)
    for old, new in ((an_hoa, tree.commune_a), (tan_an, tree.commune_b), (province, tree.province)):
        UnitLineage.objects.create(predecessor=old, successor=new, kind=LineageKind.WHOLE, is_primary=True,
                                   effective_on=date(2025, 7, 1))
    return an_hoa, tan_an


def historical_report(template, unit, year, values):
    """A report kept under a pre-2025 ward (entered when the old records were digitised)."""
    from danchu.steering import services

    sub = services.submission_open(template=template, unit=unit, period_key=str(year), actor="nhập hồ sơ cũ",
                                   today=date(year + 1, 1, 5))
    services.submission_save(submission=sub, values=values, actor="nhập hồ sơ cũ")
    services.submission_submit(submission=sub, actor="nhập hồ sơ cũ", on=date(year + 1, 1, 5))
    services.submission_accept(submission=sub, actor="nhập hồ sơ cũ", on=date(year + 1, 1, 6))


def fill_report(page, server, commune, number: str, *, first_time: bool) -> None:
    page.goto(f"{server}/quan-ly/{commune.pk}/chi-dao/")
    if first_time:
        page.get_by_role("button", name="Lập báo cáo").click()
    else:
        page.get_by_role("link", name="Mở báo cáo").click()
    page.get_by_label(re.compile(r"^1\. Số hội nghị đối thoại")).fill(number)
    page.get_by_label(re.compile(r"^2\. Đã kiện toàn Ban Chỉ đạo")).select_option("true")
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator(".messages")).to_contain_text("Đã gửi báo cáo.")
    expect(page.locator("#state")).to_have_text("Đã gửi")


@pytest.mark.django_db(transaction=True)
def test_city_plans_collects_returns_and_rolls_up_reports_across_the_reorganisation(page, new_context, server, shot,
                                                                                     tree, personas):
    from docx import Document

    from danchu.steering.models import ReportTemplate, Submission, Task

    an_hoa, tan_an = legacy_units(tree)
    city = page
    log_in(city, server, personas["city_officer"])

    # --- the city board issues a plan with a task for commune A
    city.goto(f"{server}/quan-ly/{tree.province.pk}/chi-dao/")
    city.get_by_role("link", name="Kế hoạch mới").click()
    city.get_by_label("Cơ quan ban hành").fill("Ban Chỉ đạo thực hiện dân chủ ở cơ sở thành phố")
    city.get_by_label("Số, ký hiệu").fill("18-KH/BCĐ")
    city.get_by_label("Trích yếu").fill("Kế hoạch tổng kết 05 năm thực hiện Kết luận 120-KL/TW")
    city.get_by_label("Từ ngày").fill("2025-09-01")
    city.get_by_label("Đến ngày").fill("2026-12-31")
    city.get_by_role("button", name="Tạo kế hoạch").click()
    expect(city.locator(".messages")).to_contain_text("Đã tạo kế hoạch")
    city.locator("summary", has_text="Giao nhiệm vụ").click()
    city.get_by_label(lab("Nhiệm vụ")).fill("Tổ chức hội nghị tổng kết cấp xã")
    city.get_by_label("Đơn vị thực hiện").select_option(label="Phường Cái Khế")
    city.get_by_label("Thời hạn").fill("2026-12-15")
    city.get_by_role("button", name="Giao nhiệm vụ").click()
    expect(city.locator(".messages")).to_contain_text("Đã giao nhiệm vụ.")
    city.get_by_role("button", name="Ban hành kế hoạch").click()
    expect(city.locator(".messages")).to_contain_text("Đã ban hành kế hoạch.")
    assert Task.objects.get().assignee_unit == tree.commune_a

    # --- and a yearly report template with two indicators
    city.goto(f"{server}/quan-ly/{tree.province.pk}/chi-dao/")
    city.get_by_role("link", name="Mẫu báo cáo mới").click()
    city.get_by_label("Tên báo cáo").fill("Báo cáo kết quả thực hiện dân chủ ở cơ sở")
    city.get_by_label("Kỳ báo cáo").select_option("year")
    city.get_by_role("button", name="Tạo mẫu báo cáo").click()
    for code, text, kind in (("1", "Số hội nghị đối thoại", "number"), ("2", "Đã kiện toàn Ban Chỉ đạo", "boolean")):
        city.get_by_label(lab("Mã")).fill(code)
        city.get_by_label(lab("Chỉ tiêu")).fill(text)
        city.get_by_label(lab("Loại")).select_option(kind)
        city.get_by_role("button", name="Thêm chỉ tiêu").click()
        expect(city.locator(".messages")).to_contain_text("Đã thêm chỉ tiêu.")
    city.get_by_role("button", name="Ban hành mẫu báo cáo").click()
    expect(city.locator(".messages")).to_contain_text("Đã ban hành mẫu báo cáo")
    template = ReportTemplate.objects.get()

    # the 2024 report of the old ward Tân An, digitised with the old records (An Hòa's is entered below on the web)
    historical_report(template, tan_an, 2024, {"1": "1", "2": "có"})

    # --- two communes fill and send their 2025 report
    page_a = new_context().new_page()
    page_b = new_context().new_page()
    page_b.set_viewport_size(PHONE)
    for p in (page_a, page_b):
        p.set_default_timeout(10_000)
    log_in(page_a, server, personas["official_a"])
    log_in(page_b, server, personas["official_b"])
    fill_report(page_a, server, tree.commune_a, "3", first_time=True)
    fill_report(page_b, server, tree.commune_b, "7", first_time=True)

    # commune A enters the 2024 report of the old ward An Hòa it replaced, from its own steering page
    page_a.goto(f"{server}/quan-ly/{tree.commune_a.pk}/chi-dao/")
    page_a.locator("#catch-up summary").click()
    page_a.get_by_label("Báo cáo kết quả thực hiện dân chủ ở cơ sở").select_option(
        label="Năm 2024 — Phường An Hòa (đơn vị trước 01/7/2025)")
    shot(page_a, "commune-a-catch-up")
    page_a.locator("#catch-up").get_by_role("button", name="Lập báo cáo").click()
    expect(page_a.get_by_text("Đơn vị trước ngày 01/7/2025; số liệu được cộng vào Phường Cái Khế")).to_be_visible()
    page_a.get_by_label(re.compile(r"^1\. Số hội nghị đối thoại")).fill("5")
    page_a.get_by_label(re.compile(r"^2\. Đã kiện toàn Ban Chỉ đạo")).select_option("false")
    page_a.get_by_role("button", name="Gửi báo cáo").click()
    expect(page_a.locator(".messages")).to_contain_text("Đã gửi báo cáo.")
    assert Submission.objects.get(unit=an_hoa).rollup_unit == tree.commune_a
    page_a.goto(f"{server}/quan-ly/{tree.commune_a.pk}/chi-dao/")
    expect(page_a.locator("#earlier tr", has_text="Phường An Hòa")).to_contain_text("Năm 2024")
    shot(page_b, "commune-b-sent-phone")
    assert no_horizontal_scroll(page_b)[0] <= PHONE["width"]
    page_b.goto(f"{server}/quan-ly/{tree.commune_b.pk}/chi-dao/")
    page_b.locator("#catch-up summary").click()
    expect(page_b.locator("#catch-up select option", has_text="Năm 2023 — Phường Tân An")).to_have_count(1)
    shot(page_b, "commune-b-catch-up-phone")
    assert no_horizontal_scroll(page_b)[0] <= PHONE["width"]

    # --- the city sees who has sent, returns B's report for correction
    city.goto(f"{server}/quan-ly/chi-dao/mau-bao-cao/{template.pk}/?ky=2025")
    expect(city.locator("#status")).to_contain_text("Phường Ninh Kiều")
    expect(city.get_by_text("Đã gửi 2/2 đơn vị")).to_be_visible()
    shot(city, "city-status")
    city.locator("#status tr", has_text="Phường Ninh Kiều").get_by_role("link").click()
    city.get_by_label("Lý do").fill("Số hội nghị đối thoại chưa khớp biên bản: đề nghị kiểm tra lại.")
    city.get_by_role("button", name="Trả lại để sửa").click()
    expect(city.locator(".messages")).to_contain_text("Đã trả lại báo cáo")

    # commune B sees why, corrects and sends again; commune A cannot see B's report
    page_b.goto(f"{server}/quan-ly/{tree.commune_b.pk}/chi-dao/")
    expect(page_b.get_by_text("cần sửa")).to_be_visible()
    page_b.get_by_role("link", name="Mở báo cáo").click()
    expect(page_b.get_by_role("alert")).to_contain_text("chưa khớp biên bản")
    fill_report(page_b, server, tree.commune_b, "4", first_time=False)
    b_report = Submission.objects.get(unit=tree.commune_b)
    response = page_a.goto(f"{server}/quan-ly/chi-dao/bao-cao/{b_report.pk}/")
    assert response.status == 403

    # --- the city accepts both and rolls up 2021–2025
    for sub in Submission.objects.filter(unit__in=[tree.commune_a, tree.commune_b]):
        city.goto(f"{server}/quan-ly/chi-dao/bao-cao/{sub.pk}/")
        city.get_by_role("button", name="Tiếp nhận").click()
        expect(city.locator(".messages")).to_contain_text("Đã tiếp nhận báo cáo.")
    city.goto(f"{server}/quan-ly/chi-dao/mau-bao-cao/{template.pk}/?ky=2025")
    city.get_by_role("link", name=re.compile(r"Tổng hợp giai đoạn 2021–2025")).click()
    rollup = city.locator("#rollup")
    expect(rollup.locator("tr", has_text="Phường Cái Khế")).to_contain_text("8")  # 3 (2025) + 5 (An Hòa 2024)
    expect(rollup.locator("tr", has_text="Phường Ninh Kiều")).to_contain_text("5")  # 4 (2025) + 1 (Tân An 2024)
    expect(rollup.locator("tr", has_text="Tổng cộng")).to_contain_text("13")
    expect(city.locator("#summary")).to_contain_text("4 báo cáo")
    expect(city.locator("#summary")).to_contain_text("Phường An Hòa")
    shot(city, "city-rollup")

    # drill down into commune A
    rollup.get_by_role("link", name="Phường Cái Khế").click()
    expect(city.locator("#rollup tr", has_text="Tổng cộng")).to_contain_text("8")

    # --- the .docx report: its figures are the records'
    city.go_back()
    with city.expect_download() as info:
        city.get_by_role("link", name="Tải báo cáo (.docx)").click()
    with open(info.value.path(), "rb") as downloaded:
        data = downloaded.read()
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "Phường An Hòa" in text and "2 báo cáo lập trước ngày 01/7/2025" in text
    grid = document.tables[1]
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in grid.rows[1:]}
    assert rows["Phường Cái Khế"][3] == "8" and rows["Phường Ninh Kiều"][3] == "5"
    assert rows["Tổng cộng"][3] == "13" and rows["Tổng cộng"][4] == "3/4"
    assert rows["Tổng cộng"][2] == "4"

    city.set_viewport_size(PHONE)
    city.reload()
    shot(city, "city-rollup-phone")
    assert no_horizontal_scroll(city)[0] <= PHONE["width"]


@pytest.mark.django_db(transaction=True)
def test_a_figure_filled_from_platform_data_links_to_its_records(page, server, shot, tree, personas):
    """Issue 7: "indicators filled from platform data … with the figure traceable to its records"."""
    from danchu.cases import services as cases
    from danchu.feedback.models import install_default_categories
    from danchu.steering import services
    from danchu.steering.periods import PeriodKind
    from danchu.steering.values import IndicatorKind

    install_default_categories()
    official = personas["official_a"]
    team = cases.team_create(village=tree.village_a1, actor=official, name="Tổ hòa giải Khu vực 1",
                             established_on=date(2025, 8, 1))
    found = []
    for received, on in ((date(2026, 3, 2), date(2026, 3, 5)), (date(2026, 4, 6), date(2026, 4, 9))):
        case = cases.mediation_open(team=team, actor=official, dispute_type="land", parties="Hai hộ liền kề",
                                    summary="Tranh chấp lối đi chung", received_on=received)
        cases.mediation_session_add(case=case, actor=official, held_on=on, place="Nhà văn hóa", note="Họp hòa giải")
        found.append(cases.mediation_close(case=case, actor=official, outcome="successful", note="Thành", on=on))
    template = services.template_create(unit=tree.province, title="Báo cáo công tác hòa giải ở cơ sở",
                                        period_kind=PeriodKind.YEAR, actor=None)
    services.indicator_add(template=template, code="1", label="Số vụ việc hòa giải thành", kind=IndicatorKind.NUMBER,
                           measure="vụ việc", source="cases.mediations_successful", actor=None)
    services.template_issue(template=template, actor=None, on=date(2026, 1, 5))
    sub = services.submission_open(template=template, unit=tree.commune_a, period_key="2026", actor=None)

    log_in(page, server, official)
    page.goto(f"{server}/quan-ly/chi-dao/bao-cao/{sub.pk}/")
    page.get_by_role("button", name="Lấy số liệu từ hệ thống").click()
    expect(page.locator(".messages")).to_contain_text("Đã lấy 1 số liệu")
    expect(page.get_by_label(re.compile(r"^1\. Số vụ việc hòa giải thành"))).to_have_value("2")
    sources = page.locator("#sources")
    expect(sources).to_contain_text("Vụ việc hòa giải thành")
    sources.locator("summary", has_text="2 hồ sơ gốc").click()
    expect(sources.get_by_role("link")).to_have_count(2)
    shot(page, "sources")
    sources.get_by_role("link", name=re.compile(found[0].code)).click()
    expect(page).to_have_url(re.compile(rf"/quan-ly/hoa-giai/vu-viec/{found[0].pk}/$"))
    expect(page.get_by_text(found[0].code).first).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_the_village_head_fills_a_table_the_city_defined_and_the_city_adds_it_up(page, new_context, server, shot,
                                                                                  tree, personas):
    """Issue 7: "indicators: numbers, yes/no, text, tables"; a template of village level is filled by the village
    head of their own village; the roll-up adds the table per fixed row."""
    from danchu.steering.models import Submission

    city = page
    log_in(city, server, personas["city_officer"])
    city.goto(f"{server}/quan-ly/{tree.province.pk}/chi-dao/")
    city.get_by_role("link", name="Mẫu báo cáo mới").click()
    city.get_by_label("Tên báo cáo").fill("Báo cáo hội nghị ở khu dân cư")
    city.get_by_label("Kỳ báo cáo").select_option("year")
    city.get_by_label("Cấp báo cáo").select_option(label="Thôn, tổ dân phố")
    city.get_by_role("button", name="Tạo mẫu báo cáo").click()
    city.get_by_label(lab("Mã")).fill("1")
    city.get_by_label(lab("Chỉ tiêu")).fill("Hội nghị theo giới")
    city.get_by_label(lab("Loại")).select_option("table")
    city.get_by_label("Các cột của bảng (chỉ với loại Bảng)").fill("Số người dự; số\nGhi chú; văn bản")
    city.get_by_label("Các dòng cố định của bảng (chỉ với loại Bảng)").fill("Nam\nNữ")
    city.get_by_role("button", name="Thêm chỉ tiêu").click()
    expect(city.locator(".messages")).to_contain_text("Đã thêm chỉ tiêu.")
    expect(city.locator(".table-spec")).to_contain_text("Số người dự (số); Ghi chú (văn bản)")
    city.get_by_role("button", name="Ban hành mẫu báo cáo").click()
    expect(city.locator(".messages")).to_contain_text("Đã ban hành mẫu báo cáo")

    head = new_context().new_page()
    head.set_default_timeout(10_000)
    head.set_viewport_size(PHONE)
    log_in(head, server, personas["village_head"])
    head.goto(f"{server}/quan-ly/{tree.village_a1.pk}/chi-dao/")
    head.get_by_role("button", name="Lập báo cáo").click()
    head.get_by_label("Nam — Số người dự").fill("1.200")
    head.get_by_label("Nữ — Số người dự").fill("abc")
    head.get_by_role("button", name="Gửi báo cáo").click()
    expect(head.locator("#ind_" + str(Submission.objects.get().template.indicators.get().pk))).to_contain_text(
        "Dòng “Nữ”, cột “Số người dự”: Phải là một số.")
    head.get_by_label("Nữ — Số người dự").fill("1.350")
    head.get_by_label("Nữ — Ghi chú").fill("Có đại diện Hội Phụ nữ")
    shot(head, "village-head-table-phone")
    assert no_horizontal_scroll(head)[0] <= PHONE["width"]
    head.get_by_role("button", name="Gửi báo cáo").click()
    expect(head.locator(".messages")).to_contain_text("Đã gửi báo cáo.")
    expect(head.locator(".table-value")).to_contain_text("1.350")
    assert head.goto(f"{server}/quan-ly/{tree.village_a2.pk}/chi-dao/").status == 403

    sub = Submission.objects.get()
    city.goto(f"{server}/quan-ly/chi-dao/mau-bao-cao/{sub.template.pk}/tong-hop/?ky={sub.period_key}")
    section = city.locator(".rollup-table")
    expect(section).to_contain_text("1. Hội nghị theo giới")
    expect(section.locator("tr", has_text="Nữ").last).to_contain_text("1.350")
    shot(city, "city-rollup-table")
