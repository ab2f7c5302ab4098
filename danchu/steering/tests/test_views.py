"""HTML views: bad input gives a Vietnamese message and changes nothing; odd query strings never give a 500."""

from __future__ import annotations

from datetime import date

import pytest

from danchu.steering import services
from danchu.steering.models import AccessToLawAssessment, Plan, Submission
from danchu.steering.periods import previous_period

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(client, personas, login):
    return login(client, personas["city_officer"])


def test_plan_with_reversed_dates_is_refused(city, tree):
    response = city.post(f"/quan-ly/{tree.province.pk}/chi-dao/ke-hoach/them/", {
        "issuer": "Ban Chỉ đạo", "title": "Kế hoạch", "starts_on": "2026-12-31", "ends_on": "2026-01-01"})
    assert response.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    assert not Plan.objects.exists()


def test_a_bad_value_is_shown_on_its_field_and_nothing_is_saved(client, tree, personas, login, city_template):
    login(client, personas["official_a"])
    sub = services.submission_open(template=city_template, unit=tree.commune_a, period_key="2025", actor=None,
                                   today=date(2026, 3, 1))
    number = city_template.indicators.get(code="1")
    response = client.post(f"/quan-ly/chi-dao/bao-cao/{sub.pk}/", {"action": "submit", f"ind_{number.pk}": "-5"})
    assert response.status_code == 400
    assert "Không được là số âm." in response.content.decode()
    sub.refresh_from_db()
    assert sub.state == "draft" and not sub.values.exists()


def test_sending_without_required_values_says_which(client, tree, personas, login, city_template):
    login(client, personas["official_a"])
    sub = services.submission_open(template=city_template, unit=tree.commune_a, period_key="2025", actor=None,
                                   today=date(2026, 3, 1))
    response = client.post(f"/quan-ly/chi-dao/bao-cao/{sub.pk}/", {"action": "submit"})
    assert response.status_code == 400
    assert "Chưa nhập các chỉ tiêu bắt buộc: 1, 2." in response.content.decode()
    assert Submission.objects.get().state == "draft"


@pytest.mark.parametrize("query", ["?tu=abc", "?tu=1800&den=1900", "?tu=2025&den=2021", "?ky=2025-Q9", "?ky=%00",
                                   "?don-vi=99999999", "?don-vi=abc", "?tu=2000&den=2060", "?ky=" + "9" * 50])
def test_rollup_query_strings_never_break(city, city_template, query):
    response = city.get(f"/quan-ly/chi-dao/mau-bao-cao/{city_template.pk}/tong-hop/{query}")
    assert response.status_code == 404


def test_rollup_of_another_province_unit_is_not_found(city, tree, city_template):
    from danchu.units.models import AdministrativeUnit

    other = AdministrativeUnit(version=tree.version, code="94", name="Tỉnh Khác", short_name="Tỉnh Khác",
                               kind="tinh", level=1)
    other.save()
    response = city.get(f"/quan-ly/chi-dao/mau-bao-cao/{city_template.pk}/tong-hop/?don-vi={other.pk}")
    assert response.status_code == 404


def test_task_progress_over_100_is_refused(client, tree, personas, login):
    plan = services.plan_create(unit=tree.province, issuer="BCĐ", title="KH", starts_on=date(2026, 1, 1),
                                ends_on=date(2026, 12, 31), actor=None)
    task = services.task_create(plan=plan, title="Việc", assignee_unit=tree.commune_a, due_on=date(2026, 12, 1),
                                actor=None)
    services.plan_issue(plan=plan, actor=None)
    login(client, personas["official_a"])
    response = client.post(f"/quan-ly/chi-dao/nhiem-vu/{task.pk}/", {"action": "progress", "p-percent": "150",
                                                                       "p-note": "x"})
    assert response.status_code == 400
    task.refresh_from_db()
    assert task.progress == 0


def test_access_to_law_posting_shorter_than_5_days_is_refused(client, tree, personas, login):
    from danchu.steering.standard import ALL_INDICATORS

    a = services.assessment_open(commune=tree.commune_a, year=2025, actor=None)
    services.assessment_self_score(assessment=a, scores={c: "4" for c in ALL_INDICATORS}, head_disciplined=False,
                                   actor=None)
    login(client, personas["official_a"])
    response = client.post(f"/quan-ly/chi-dao/tiep-can-phap-luat/{a.pk}/", {
        "action": "post", "p-posted_from": "2025-12-20", "p-posted_to": "2025-12-22"})
    assert response.status_code == 400
    assert "ít nhất 05 ngày" in response.content.decode()
    assert AccessToLawAssessment.objects.get().state == "self_scoring"
    # the commune cannot appraise its own assessment
    response = client.post(f"/quan-ly/chi-dao/tiep-can-phap-luat/{a.pk}/", {"action": "appraise"})
    assert response.status_code == 403


def test_scores_above_the_maximum_are_refused(client, tree, personas, login):
    a = services.assessment_open(commune=tree.commune_a, year=2025, actor=None)
    login(client, personas["official_a"])
    response = client.post(f"/quan-ly/chi-dao/tiep-can-phap-luat/{a.pk}/", {"action": "self", "s-TC1_CT1": "9"})
    assert response.status_code == 400
    assert "điểm phải từ 0 đến 5" in response.content.decode()


def test_every_page_renders_for_the_city(city, tree, city_template):
    for url in (f"/quan-ly/{tree.province.pk}/chi-dao/", f"/quan-ly/{tree.province.pk}/chi-dao/bang-theo-doi/",
                f"/quan-ly/{tree.province.pk}/chi-dao/kiem-tra/", f"/quan-ly/{tree.province.pk}/chi-dao/mo-hinh/",
                f"/quan-ly/{tree.province.pk}/chi-dao/tiep-can-phap-luat/",
                f"/quan-ly/{tree.province.pk}/chi-dao/ban-chi-dao/",
                f"/quan-ly/chi-dao/mau-bao-cao/{city_template.pk}/",
                f"/quan-ly/{tree.province.pk}/chi-dao/bang-theo-doi/?xuat=xlsx"):
        assert city.get(url).status_code == 200, url
    assert city.get(f"/quan-ly/{tree.province.pk}/chi-dao/bang-theo-doi/?nam=abc").status_code == 404
    assert city.get(f"/quan-ly/{tree.province.pk}/chi-dao/tiep-can-phap-luat/?nam=1999").status_code == 404


def test_a_committee_meeting_with_an_impossible_date_is_refused_on_its_field(city, tree):
    from danchu.steering.models import CommitteeMeeting

    services.committee_create(unit=tree.province, name="Ban Chỉ đạo thành phố", actor=None)
    response = city.post(f"/quan-ly/{tree.province.pk}/chi-dao/ban-chi-dao/", {
        "action": "meeting", "m-held_on": "1800-01-01", "m-content": "x"})
    assert response.status_code == 400
    assert "Ngày phải trong khoảng 1990–2100." in response.content.decode()
    assert not CommitteeMeeting.objects.exists()



def test_a_commune_opens_a_report_of_an_earlier_period_in_the_web_ui(client, tree, personas, login, city_template,
                                                                      legacy):
    """Catch-up and historical reports: any ended period of the template back to 2021, under the commune or,
    before 01/07/2025, under the old commune that rolls into it — with the same service and checks as the API."""
    login(client, personas["official_a"])
    home = client.get(f"/quan-ly/{tree.commune_a.pk}/chi-dao/").content.decode()
    assert f'value="2024@{legacy.an_hoa.pk}"' in home and f'value="2021@{legacy.an_hoa.pk}"' in home
    assert f'value="2025@{tree.commune_a.pk}"' in home
    assert f'value="2024@{tree.commune_a.pk}"' not in home  # the commune did not exist at the end of 2024
    assert f"@{legacy.tan_an.pk}" not in home  # Tân An rolls into commune B
    url = f"/quan-ly/chi-dao/mau-bao-cao/{city_template.pk}/lap/{tree.commune_a.pk}/"

    response = client.post(url, {"ky_don_vi": f"2024@{legacy.an_hoa.pk}"})
    sub = Submission.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/quan-ly/chi-dao/bao-cao/{sub.pk}/"
    assert (sub.unit, sub.rollup_unit, sub.period_key) == (legacy.an_hoa, tree.commune_a, "2024")
    assert "Phường An Hòa" in client.get(f"/quan-ly/{tree.commune_a.pk}/chi-dao/").content.decode()

    # the service's checks hold: the commune did not exist in 2024; the old commune of B is not A's
    response = client.post(url, {"ky_don_vi": f"2024@{tree.commune_a.pk}"}, follow=True)
    assert "Đơn vị không tồn tại vào cuối kỳ báo cáo" in response.content.decode()
    assert client.post(url, {"ky_don_vi": f"2024@{legacy.tan_an.pk}"}).status_code == 404
    assert client.post(url, {"ky_don_vi": "2024@abc"}).status_code == 404
    response = client.post(url, {"ky_don_vi": f"2030@{tree.commune_a.pk}"}, follow=True)
    assert "Kỳ báo cáo chưa bắt đầu." in response.content.decode()
    assert Submission.objects.count() == 1
    # commune B's official may not open A's old commune's report through B's page either
    login(client, personas["official_b"])
    url_b = f"/quan-ly/chi-dao/mau-bao-cao/{city_template.pk}/lap/{tree.commune_b.pk}/"
    assert client.post(url_b, {"ky_don_vi": f"2024@{legacy.an_hoa.pk}"}).status_code == 404
    assert Submission.objects.count() == 1


def test_the_status_page_says_when_a_deadline_counts_from_the_issue_date(city, tree):
    from datetime import timedelta

    from django.utils import timezone

    from danchu.steering.periods import PeriodKind
    from danchu.steering.values import IndicatorKind

    today = timezone.localdate()
    template = services.template_create(unit=tree.province, title="Báo cáo quý", period_kind=PeriodKind.QUARTER,
                                        actor=None)
    services.indicator_add(template=template, code="1", label="Số hội nghị", kind=IndicatorKind.NUMBER, actor=None)
    services.template_issue(template=template, actor=None, on=today)
    last = previous_period(PeriodKind.QUARTER, today)
    earlier = previous_period(PeriodKind.QUARTER, last.start - timedelta(days=1))  # usual deadline long past
    page = city.get(f"/quan-ly/chi-dao/mau-bao-cao/{template.pk}/?ky={earlier.key}").content.decode()
    due = services.issue_due_on(template)
    assert due > today and f"hạn gửi {due:%d/%m/%Y}" in page and 'id="due-from-issue"' in page
    assert "chậm hoặc chưa gửi quá hạn 0" in page


def test_the_dashboard_counts_per_child_in_a_fixed_number_of_queries(city, tree, legacy, city_template):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from danchu.units.domain import Kind, Level
    from danchu.units.models import AdministrativeUnit

    plan = services.plan_create(unit=tree.province, issuer="BCĐ", title="KH", starts_on=date(2024, 1, 1),
                                ends_on=date(2026, 12, 31), actor=None)
    late_task = services.task_create(plan=plan, title="Việc A", assignee_unit=tree.village_a1, due_on=date(2024, 3, 1),
                                     actor=None)
    done_task = services.task_create(plan=plan, title="Việc B", assignee_unit=tree.commune_b, due_on=date(2026, 12, 1),
                                     actor=None)
    services.plan_issue(plan=plan, actor=None)
    services.task_progress(task=done_task, percent=100, note="Xong", actor=None)
    services.model_create(unit=tree.village_a1, name="Mô hình", field_="cong_khai", actor=None)
    services.inspection_create(unit=tree.province, title="Kiểm tra", target_unit=tree.commune_a,
                               starts_on=date(2024, 5, 1), ends_on=date(2024, 5, 3), actor=None)
    sub = services.submission_open(template=city_template, unit=legacy.an_hoa, period_key="2024", actor=None)
    services.submission_save(submission=sub, values={"1": "4", "2": "có"}, actor=None)
    services.submission_submit(submission=sub, actor=None, on=date(2025, 1, 3))
    url = f"/quan-ly/{tree.province.pk}/chi-dao/bang-theo-doi/?nam=2024"

    def rows():
        with CaptureQueriesContext(connection) as queries:
            response = city.get(url)
        return {r["unit"].name: r for r in response.context["rows"]}, len(queries)

    by_name, n_queries = rows()
    a, b = by_name["Phường Cái Khế"], by_name["Phường Ninh Kiều"]
    assert (a["tasks_open"], a["tasks_overdue"], a["tasks_done"]) == (1, 1, 0)
    assert (b["tasks_open"], b["tasks_overdue"], b["tasks_done"]) == (0, 0, 1)
    assert a["reports_sent"] == 1 and a["reports_late"] == 0 and b["reports_sent"] == 0  # An Hòa rolls into A
    assert a["models"] == 1 and a["inspections_open"] == 1 and b["models"] == 0
    assert late_task.pk

    for i in range(6):  # more communes, each with records: the number of queries stays the same
        commune = AdministrativeUnit(version=tree.version, code=f"399{i}", name=f"Xã Mới {i}", short_name=f"Mới {i}",
                                     kind=Kind.XA, level=Level.COMMUNE, parent=tree.province,
                                     valid_from=date(2025, 7, 1))
        commune.save()
        services.model_create(unit=commune, name=f"Mô hình {i}", field_="cong_khai", actor=None)
        services.task_create(plan=plan, title=f"Việc {i}", assignee_unit=commune, due_on=date(2024, 6, 1), actor=None)
    by_name, more_queries = rows()
    assert len(by_name) == 8 and by_name["Xã Mới 3"]["models"] == 1 and by_name["Xã Mới 3"]["tasks_overdue"] == 1
    assert more_queries == n_queries, (n_queries, more_queries)
    assert n_queries < 30, n_queries  # session, user and permissions included


def test_a_front_officer_opens_every_task_the_steering_page_lists(client, tree, login, front_a):
    front = front_a

    plan = services.plan_create(unit=tree.province, issuer="BCĐ thành phố", title="Kế hoạch 2026",
                                starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), actor=None)
    mine = [services.task_create(plan=plan, title="Hội nghị đối thoại", assignee_unit=tree.commune_a,
                                 due_on=date(2026, 12, 20), actor=None),
            services.task_create(plan=plan, title="Họp khu vực", assignee_unit=tree.village_a1,
                                 due_on=date(2026, 12, 20), actor=None)]
    other = services.task_create(plan=plan, title="Việc của phường B", assignee_unit=tree.commune_b,
                                 due_on=date(2026, 12, 20), actor=None)
    services.plan_issue(plan=plan, actor=None)
    draft = services.plan_create(unit=tree.province, issuer="BCĐ thành phố", title="Dự thảo",
                                 starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), actor=None)
    drafted = services.task_create(plan=draft, title="Chưa ban hành", assignee_unit=tree.commune_a,
                                   due_on=date(2026, 12, 20), actor=None)

    login(client, front)
    page = client.get(f"/quan-ly/{tree.commune_a.pk}/chi-dao/").content.decode()
    for task in mine:
        assert f'href="/quan-ly/chi-dao/nhiem-vu/{task.pk}/"' in page
        response = client.get(f"/quan-ly/chi-dao/nhiem-vu/{task.pk}/")
        assert response.status_code == 200 and task.title in response.content.decode()
    assert client.get(f"/quan-ly/chi-dao/nhiem-vu/{other.pk}/").status_code == 403
    assert client.get(f"/quan-ly/chi-dao/nhiem-vu/{drafted.pk}/").status_code == 403
    # seeing is not updating
    response = client.post(f"/quan-ly/chi-dao/nhiem-vu/{mine[0].pk}/", {"action": "progress", "p-percent": "50",
                                                                          "p-note": "x"})
    assert response.status_code == 403
    mine[0].refresh_from_db()
    assert mine[0].progress == 0
