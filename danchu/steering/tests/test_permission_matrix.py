"""For each persona and each steering endpoint: the expected allow/deny, in HTML and in the API.

A commune fills and sends only its own report; the city (issuing level) sees and reviews every sent report and the
roll-up; commune B sees nothing of A's reports, and nobody above sees A's draft.
Personas (root conftest): anonymous, resident, village head of A, official of A, official of B, city officer,
superuser.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

PERSONAS = ["anonymous", "resident", "village_head", "official_a", "official_b", "city_officer", "superuser"]
OK, CREATED, REDIRECT, DENIED, UNAUTH, NOTFOUND, LOGIN = 200, 201, 302, 403, 401, 404, "login"


def _row(*values):
    assert len(values) == len(PERSONAS)
    return dict(zip(PERSONAS, values, strict=True))


@dataclass
class World:
    template: object
    plan: object
    task_a: object
    draft_a: object  # commune A's 2025 report, still a draft
    sent_b: object  # commune B's 2025 report, sent


@pytest.fixture
def world(tree, city_template):
    from danchu.steering import services

    plan = services.plan_create(unit=tree.province, issuer="Ban Chỉ đạo thành phố", title="Kế hoạch năm 2026",
                                starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31), actor=None)
    task = services.task_create(plan=plan, title="Tổng kết", assignee_unit=tree.commune_a, due_on=date(2026, 12, 1),
                                actor=None)
    services.plan_issue(plan=plan, actor=None)
    today = date(2026, 3, 1)
    draft = services.submission_open(template=city_template, unit=tree.commune_a, period_key="2025", actor=None,
                                     today=today)
    services.submission_save(submission=draft, values={"1": "2"}, actor=None)
    sent = services.submission_open(template=city_template, unit=tree.commune_b, period_key="2025", actor=None,
                                    today=today)
    services.submission_save(submission=sent, values={"1": "4", "2": "có"}, actor=None)
    services.submission_submit(submission=sent, actor=None)
    return World(city_template, plan, task, draft, sent)


HTML_MATRIX = [
    ("steering page of A", "get", lambda t, w: f"/quan-ly/{t.commune_a.pk}/chi-dao/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("steering page of the city", "get", lambda t, w: f"/quan-ly/{t.province.pk}/chi-dao/", None,
     _row(LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK)),
    ("new plan at the city", "get", lambda t, w: f"/quan-ly/{t.province.pk}/chi-dao/ke-hoach/them/", None,
     _row(LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK)),
    ("steering page of village A1", "get", lambda t, w: f"/quan-ly/{t.village_a1.pk}/chi-dao/", None,
     _row(LOGIN, DENIED, OK, OK, DENIED, OK, OK)),  # the village head fills the village's reports
    ("steering page of village A2", "get", lambda t, w: f"/quan-ly/{t.village_a2.pk}/chi-dao/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    # an issued plan of a level above is shown to the units below it that implement it (the village's page lists it)
    ("city plan (issued)", "get", lambda t, w: f"/quan-ly/chi-dao/ke-hoach/{w.plan.pk}/", None,
     _row(LOGIN, DENIED, OK, OK, OK, OK, OK)),
    ("task of A", "get", lambda t, w: f"/quan-ly/chi-dao/nhiem-vu/{w.task_a.pk}/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("progress on A's task", "post", lambda t, w: f"/quan-ly/chi-dao/nhiem-vu/{w.task_a.pk}/",
     lambda t, w: {"action": "progress", "p-percent": "50", "p-note": "Đã họp"},
     _row(LOGIN, DENIED, DENIED, REDIRECT, DENIED, REDIRECT, REDIRECT)),
    ("template (status of reports)", "get", lambda t, w: f"/quan-ly/chi-dao/mau-bao-cao/{w.template.pk}/?ky=2025",
     None, _row(LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK)),
    ("A's draft report", "get", lambda t, w: f"/quan-ly/chi-dao/bao-cao/{w.draft_a.pk}/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("save A's draft", "post", lambda t, w: f"/quan-ly/chi-dao/bao-cao/{w.draft_a.pk}/",
     lambda t, w: {"action": "save", f"ind_{w.template.indicators.get(code='1').pk}": "3"},
     _row(LOGIN, DENIED, DENIED, REDIRECT, DENIED, DENIED, REDIRECT)),
    ("B's sent report", "get", lambda t, w: f"/quan-ly/chi-dao/bao-cao/{w.sent_b.pk}/", None,
     _row(LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
    ("accept B's report", "post", lambda t, w: f"/quan-ly/chi-dao/bao-cao/{w.sent_b.pk}/",
     lambda t, w: {"action": "accept"},
     _row(LOGIN, DENIED, DENIED, DENIED, DENIED, REDIRECT, REDIRECT)),
    ("open A's report for a period", "post", lambda t, w: f"/quan-ly/chi-dao/mau-bao-cao/{w.template.pk}/lap/"
                                                          f"{t.commune_a.pk}/", lambda t, w: {"ky": "2025"},
     _row(LOGIN, DENIED, DENIED, REDIRECT, DENIED, DENIED, REDIRECT)),
    ("city roll-up", "get", lambda t, w: f"/quan-ly/chi-dao/mau-bao-cao/{w.template.pk}/tong-hop/?ky=2025", None,
     _row(LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK)),
    ("roll-up drilled to A", "get",
     lambda t, w: f"/quan-ly/chi-dao/mau-bao-cao/{w.template.pk}/tong-hop/?ky=2025&don-vi={t.commune_a.pk}", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("city roll-up .docx", "get",
     lambda t, w: f"/quan-ly/chi-dao/mau-bao-cao/{w.template.pk}/tong-hop/xuat.docx?ky=2025", None,
     _row(LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK)),
    ("dashboard of the city", "get", lambda t, w: f"/quan-ly/{t.province.pk}/chi-dao/bang-theo-doi/", None,
     _row(LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK)),
    ("inspections of A", "get", lambda t, w: f"/quan-ly/{t.commune_a.pk}/chi-dao/kiem-tra/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("access to law of B", "get", lambda t, w: f"/quan-ly/{t.commune_b.pk}/chi-dao/tiep-can-phap-luat/", None,
     _row(LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
]

API_MATRIX = [
    ("A's draft", "get", lambda t, w: f"/api/v1/steering/submissions/{w.draft_a.pk}/", None,
     _row(UNAUTH, NOTFOUND, NOTFOUND, OK, NOTFOUND, NOTFOUND, OK)),
    ("values into A's draft", "post", lambda t, w: f"/api/v1/steering/submissions/{w.draft_a.pk}/values/",
     lambda t, w: {"values": {"1": 5}}, _row(UNAUTH, NOTFOUND, NOTFOUND, OK, NOTFOUND, NOTFOUND, OK)),
    ("submit A's draft", "post", lambda t, w: f"/api/v1/steering/submissions/{w.draft_a.pk}/submit/", None,
     _row(UNAUTH, NOTFOUND, NOTFOUND, 400, NOTFOUND, NOTFOUND, 400)),  # "2" is required and missing
    ("B's sent report", "get", lambda t, w: f"/api/v1/steering/submissions/{w.sent_b.pk}/", None,
     _row(UNAUTH, NOTFOUND, NOTFOUND, NOTFOUND, OK, OK, OK)),
    ("return B's report", "post", lambda t, w: f"/api/v1/steering/submissions/{w.sent_b.pk}/return/",
     lambda t, w: {"reason": "Thiếu số liệu"}, _row(UNAUTH, NOTFOUND, NOTFOUND, NOTFOUND, DENIED, OK, OK)),
    ("open a report for A", "post", lambda t, w: "/api/v1/steering/submissions/",
     lambda t, w: {"template": w.template.pk, "unit": t.commune_a.pk, "period": "2025"},
     _row(UNAUTH, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("results at the city", "get", lambda t, w: f"/api/v1/steering/templates/{w.template.pk}/results/?period=2025",
     None, _row(UNAUTH, DENIED, DENIED, DENIED, DENIED, OK, OK)),
    ("results of A", "get",
     lambda t, w: f"/api/v1/steering/templates/{w.template.pk}/results/?period=2025&unit={t.commune_a.pk}", None,
     _row(UNAUTH, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("status at the city", "get", lambda t, w: f"/api/v1/steering/templates/{w.template.pk}/status/?period=2025",
     None, _row(UNAUTH, DENIED, DENIED, DENIED, DENIED, OK, OK)),
    ("plan at the city", "post", lambda t, w: "/api/v1/steering/plans/",
     lambda t, w: {"unit": t.province.pk, "issuer": "BCĐ", "title": "KH", "starts_on": "2026-01-01",
                   "ends_on": "2026-12-31"}, _row(UNAUTH, DENIED, DENIED, DENIED, DENIED, CREATED, CREATED)),
    ("progress on A's task", "post", lambda t, w: f"/api/v1/steering/tasks/{w.task_a.pk}/progress/",
     lambda t, w: {"percent": 40, "note": "Đang làm"}, _row(UNAUTH, DENIED, DENIED, OK, DENIED, OK, OK)),
]


def _cases(matrix):
    for name, method, url, data, expected in matrix:
        for persona in PERSONAS:
            yield pytest.param(method, url, data, persona, expected[persona], id=f"{name} / {persona}")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "data", "persona", "expected"), list(_cases(HTML_MATRIX)))
def test_html_permission_matrix(client, tree, personas, world, login, method, url, data, persona, expected):
    if persona != "anonymous":
        login(client, personas[persona])
    response = getattr(client, method)(url(tree, world), data(tree, world) if data else None)
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/dang-nhap/" in response["Location"]
    else:
        assert response.status_code == expected, response.content[:300]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "data", "persona", "expected"), list(_cases(API_MATRIX)))
def test_api_permission_matrix(tree, personas, world, method, url, data, persona, expected):
    api = APIClient()
    if persona != "anonymous":
        token = Token.objects.create(user=personas[persona])
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = getattr(api, method)(url(tree, world), data(tree, world) if data else None, format="json")
    assert response.status_code == expected, response.content[:300]


@pytest.mark.django_db
def test_lists_never_show_another_communes_draft(tree, personas, world):
    api = APIClient()
    api.force_authenticate(personas["official_b"])
    status = api.get(f"/api/v1/steering/templates/{world.template.pk}/status/?period=2025&unit={tree.commune_b.pk}")
    assert [row["unit"] for row in status.json()] == [tree.commune_b.pk]
    tasks = api.get("/api/v1/steering/tasks/").json()["results"]
    assert tasks == []  # the only task belongs to commune A
    api.force_authenticate(personas["city_officer"])
    result = api.get(f"/api/v1/steering/templates/{world.template.pk}/results/?period=2025").json()
    assert result["reports"] == 1  # B's sent report; A's draft is not counted
