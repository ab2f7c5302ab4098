"""Village-level reports: a template whose reporting level is the village is filled by the village head — for their
own village only (least privilege: they see and send their village's reports, review nothing, issue nothing)."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from danchu.steering import services
from danchu.steering.models import Submission
from danchu.steering.periods import PeriodKind
from danchu.steering.values import IndicatorKind
from danchu.units.domain import Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def village_template(tree):
    """Commune A's quarterly report of its villages (a number and a yes/no)."""
    template = services.template_create(unit=tree.commune_a, title="Báo cáo tình hình khu vực",
                                        period_kind=PeriodKind.QUARTER, target_level=Level.VILLAGE, actor=None)
    services.indicator_add(template=template, code="1", label="Số cuộc họp dân", kind=IndicatorKind.NUMBER,
                           measure="cuộc", actor=None)
    services.indicator_add(template=template, code="2", label="Đã niêm yết nội dung công khai",
                           kind=IndicatorKind.BOOLEAN, actor=None)
    services.template_issue(template=template, actor=None, on=date(2025, 7, 2))
    return template


@pytest.fixture
def head(client, personas, login):
    return login(client, personas["village_head"])


def test_the_village_head_sees_their_villages_steering_page_and_the_report_to_fill(head, tree, village_template):
    page = head.get(f"/quan-ly/{tree.village_a1.pk}/chi-dao/")
    assert page.status_code == 200 and "Báo cáo tình hình khu vực" in page.content.decode()
    assert head.get(f"/quan-ly/{tree.village_a2.pk}/chi-dao/").status_code == 403  # another village
    assert head.get(f"/quan-ly/{tree.commune_a.pk}/chi-dao/").status_code == 403  # the commune above


def test_the_village_head_fills_and_sends_their_villages_report_in_the_web_ui(head, tree, village_template):
    number, flag = (village_template.indicators.get(code=c) for c in "12")
    response = head.post(f"/quan-ly/chi-dao/mau-bao-cao/{village_template.pk}/lap/{tree.village_a1.pk}/",
                         {"ky": "2025-Q3"})
    sub = Submission.objects.get(unit=tree.village_a1)
    assert response.status_code == 302 and response["Location"] == f"/quan-ly/chi-dao/bao-cao/{sub.pk}/"
    response = head.post(f"/quan-ly/chi-dao/bao-cao/{sub.pk}/", {
        "action": "submit", f"ind_{number.pk}": "3", f"ind_{flag.pk}": "true"})
    assert response.status_code == 302
    sub.refresh_from_db()
    assert sub.state == "submitted" and sub.values.get(indicator=number).number == 3
    # sending it is not reviewing it: the commune accepts or returns
    assert head.post(f"/quan-ly/chi-dao/bao-cao/{sub.pk}/", {"action": "accept"}).status_code == 403


def test_the_village_head_cannot_report_for_another_village(head, tree, village_template):
    response = head.post(f"/quan-ly/chi-dao/mau-bao-cao/{village_template.pk}/lap/{tree.village_a2.pk}/",
                         {"ky": "2025-Q3"})
    assert response.status_code == 403
    assert not Submission.objects.exists()
    other = services.submission_open(template=village_template, unit=tree.village_a2, period_key="2025-Q3",
                                     actor=None, today=date(2025, 11, 1))
    number = village_template.indicators.get(code="1")
    assert head.get(f"/quan-ly/chi-dao/bao-cao/{other.pk}/").status_code == 403
    assert head.post(f"/quan-ly/chi-dao/bao-cao/{other.pk}/", {"action": "save",
                                                               f"ind_{number.pk}": "9"}).status_code == 403
    assert not other.values.exists()


def test_the_village_head_issues_nothing(head, tree):
    assert head.get(f"/quan-ly/{tree.village_a1.pk}/chi-dao/mau-bao-cao/them/").status_code == 403
    assert head.get(f"/quan-ly/{tree.village_a1.pk}/chi-dao/ke-hoach/them/").status_code == 403


def test_the_village_head_reports_through_the_api_for_their_village_only(tree, personas, village_template):
    api = APIClient()
    api.force_authenticate(personas["village_head"])
    opened = api.post("/api/v1/steering/submissions/", {"template": village_template.pk, "unit": tree.village_a1.pk,
                                                        "period": "2025-Q3"}, format="json")
    assert opened.status_code == 200, opened.content
    sub = opened.json()["id"]
    saved = api.post(f"/api/v1/steering/submissions/{sub}/values/", {"values": {"1": "1.000", "2": "có"}},
                     format="json")
    assert saved.status_code == 200 and saved.json()["values"][0]["number"] == "1000.00"
    assert api.post(f"/api/v1/steering/submissions/{sub}/submit/", format="json").status_code == 200
    assert api.post(f"/api/v1/steering/submissions/{sub}/accept/", format="json").status_code == 403
    refused = api.post("/api/v1/steering/submissions/", {"template": village_template.pk,
                                                         "unit": tree.village_a2.pk, "period": "2025-Q3"},
                       format="json")
    assert refused.status_code == 403
    other = services.submission_open(template=village_template, unit=tree.village_a2, period_key="2025-Q3",
                                     actor=None, today=date(2025, 11, 1))
    assert api.get(f"/api/v1/steering/submissions/{other.pk}/").status_code == 404
    assert api.post(f"/api/v1/steering/submissions/{other.pk}/values/", {"values": {"1": "9"}},
                    format="json").status_code == 404
    assert api.get(f"/api/v1/steering/templates/{village_template.pk}/results/?period=2025-Q3").status_code == 403


def test_the_commune_reviews_the_village_report_and_adds_it_up(client, tree, personas, login, village_template):
    api = APIClient()
    api.force_authenticate(personas["village_head"])
    sub = api.post("/api/v1/steering/submissions/", {"template": village_template.pk, "unit": tree.village_a1.pk,
                                                     "period": "2025-Q3"}, format="json").json()["id"]
    api.post(f"/api/v1/steering/submissions/{sub}/values/", {"values": {"1": "4", "2": True}}, format="json")
    api.post(f"/api/v1/steering/submissions/{sub}/submit/", format="json")
    result = services.rollup(template=village_template, scope=tree.commune_a, start=date(2025, 7, 1),
                             end=date(2025, 9, 30))
    by_unit = {row.unit.pk: row for row in result.rows}
    assert by_unit[tree.village_a1.pk].cells[village_template.indicators.get(code="1").pk].total == 4
    assert result.reports == 1
