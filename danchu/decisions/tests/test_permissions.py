"""Permission matrix of Dân bàn: the village head of A1 runs A1's decisions, the official of commune B sees
nothing of A, a resident cannot run anything, the city officer (supervision) sees but does not change."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from danchu.decisions import services
from danchu.decisions.domain import Kind

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "resident", "village_head", "official_a", "official_b", "city_officer", "superuser"]
OK, CREATED, REDIRECT, DENIED, UNAUTH, LOGIN, NOT_FOUND = 200, 201, 302, 403, 401, "login", 404


def row(*values):
    return dict(zip(PERSONAS, values, strict=True))


@pytest.fixture
def decision(village):
    return services.decision_create(unit=village, kind=Kind.K6, title="Giờ đóng cổng hẻm", content="22 giờ",
                                    actor=None)


@pytest.fixture
def other(tree):
    return services.decision_create(unit=tree.village_b1, kind=Kind.K6, title="Vệ sinh kênh", content="…",
                                    actor=None)


HTML = [
    ("list of A1", "get", lambda t, d, o: f"/quan-ly/{t.village_a1.pk}/dan-ban/", None,
     row(LOGIN, DENIED, OK, OK, DENIED, OK, OK)),
    ("list of commune A", "get", lambda t, d, o: f"/quan-ly/{t.commune_a.pk}/dan-ban/", None,
     row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("decision of A1", "get", lambda t, d, o: f"/quan-ly/dan-ban/{d.pk}/", None,
     row(LOGIN, DENIED, OK, OK, DENIED, OK, OK)),
    ("decision of B1", "get", lambda t, d, o: f"/quan-ly/dan-ban/{o.pk}/", None,
     row(LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
    ("create in A1", "post", lambda t, d, o: f"/quan-ly/{t.village_a1.pk}/dan-ban/tao/",
     lambda t: {"unit": t.village_a1.pk, "kind": "k6", "form": "meeting", "title": "Dọn vệ sinh", "content": "x"},
     row(LOGIN, DENIED, REDIRECT, REDIRECT, DENIED, DENIED, REDIRECT)),
    ("notice a meeting of A1", "post", lambda t, d, o: f"/quan-ly/dan-ban/{d.pk}/",
     lambda t: {"action": "notice", "notice-notice_on": "2026-11-02", "notice-held_on": "2026-11-04",
                "notice-place": "Nhà văn hóa", "notice-chair_name": "Lộc"},
     row(LOGIN, DENIED, REDIRECT, REDIRECT, DENIED, DENIED, REDIRECT)),
    ("initiatives of commune B", "get", lambda t, d, o: f"/quan-ly/{t.commune_b.pk}/sang-kien/", None,
     row(LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
    ("Mẫu 01 of a draft (public)", "get", lambda t, d, o: f"/dan-ban/{d.pk}/mau-1.pdf", None,
     row(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)),
]

API = [
    ("decision of A1", "get", lambda t, d, o: f"/api/v1/decisions/{d.pk}/", None,
     row(UNAUTH, DENIED, OK, OK, DENIED, OK, OK)),
    ("decision of B1", "get", lambda t, d, o: f"/api/v1/decisions/{o.pk}/", None,
     row(UNAUTH, DENIED, DENIED, DENIED, OK, OK, OK)),
    ("create in A1", "post", lambda t, d, o: "/api/v1/decisions/",
     lambda t: {"unit": t.village_a1.pk, "kind": "k6", "title": "Dọn vệ sinh", "content": "x"},
     row(UNAUTH, DENIED, CREATED, CREATED, DENIED, DENIED, CREATED)),
    ("positions of A1", "get", lambda t, d, o: f"/api/v1/decisions/{d.pk}/positions/", None,
     row(UNAUTH, DENIED, OK, OK, DENIED, OK, OK)),
    ("send A1 (draft: 400 for those allowed)", "post", lambda t, d, o: f"/api/v1/decisions/{d.pk}/send/",
     lambda t: {"on": "2026-11-20"}, row(UNAUTH, DENIED, 400, 400, DENIED, DENIED, 400)),
    ("recognise A1 (draft: 400 for those allowed)", "post", lambda t, d, o: f"/api/v1/decisions/{d.pk}/recognise/",
     lambda t: {"recognised_on": "2026-11-20", "reference": "1/QĐ"},
     row(UNAUTH, DENIED, DENIED, 400, DENIED, DENIED, 400)),
]


def _client(kind, personas, login, client):
    if kind == "anonymous":
        return client
    return login(client, personas[kind])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,method,url,data,expected", HTML, ids=[r[0] for r in HTML])
def test_html_matrix(persona, name, method, url, data, expected, tree, personas, login, client, decision, other):
    c = _client(persona, personas, login, client)
    r = getattr(c, method)(url(tree, decision, other), data(tree) if data else None)
    want = expected[persona]
    if want == LOGIN:
        assert r.status_code == 302 and "/accounts/" in r["Location"], (name, persona, r.status_code)
    else:
        assert r.status_code == want, (name, persona, r.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name,method,url,data,expected", API, ids=[r[0] for r in API])
def test_api_matrix(persona, name, method, url, data, expected, tree, personas, decision, other):
    c = APIClient()
    if persona != "anonymous":
        c.force_authenticate(personas[persona])
    r = getattr(c, method)(url(tree, decision, other), data(tree) if data else None, format="json")
    assert r.status_code == expected[persona], (name, persona, r.status_code, r.content[:200])
