"""Permission matrix of every feedback endpoint (HTML and API), per persona: no official of commune A reads or
changes anything of commune B; supervisors (city officer) read but never act; residents only use the public pages."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

PERSONAS = ["anonymous", "resident", "village_head", "official_a", "official_b", "city_officer", "superuser"]
OK, CREATED, REDIRECT, DENIED, UNAUTH, LOGIN, NOTFOUND = 200, 201, 302, 403, 401, "login", 404


def _row(*values):
    return dict(zip(PERSONAS, values, strict=True))


@pytest.fixture
def fb(places, category, personas):
    """One feedback in commune A (fa) and one in commune B (fb)."""
    from danchu.feedback import services

    def make(commune, lat, lon):
        return services.feedback_submit(commune=commune, category=category, reporter_name="Người dân",
                                        description="Đèn đường hẻm 7 không sáng nhiều ngày nay.", lat=lat, lon=lon,
                                        publish=True)

    return {"a": make(places.commune_a, "10.0452", "105.7852"), "b": make(places.commune_b, "10.0299", "105.7823")}


HTML = [
    ("public index", "get", lambda t, f: "/phan-anh/", None, _row(OK, OK, OK, OK, OK, OK, OK)),
    ("public page of A", "get", lambda t, f: f"/phan-anh/xa/{t.commune_a.pk}/", None, _row(OK, OK, OK, OK, OK, OK, OK)),
    ("report form", "get", lambda t, f: "/phan-anh/gui/", None, _row(OK, OK, OK, OK, OK, OK, OK)),
    ("queue of A", "get", lambda t, f: f"/quan-ly/{t.commune_a.pk}/phan-anh/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("queue of B", "get", lambda t, f: f"/quan-ly/{t.commune_b.pk}/phan-anh/", None,
     _row(LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
    ("stats of the province", "get", lambda t, f: f"/quan-ly/{t.province.pk}/phan-anh/thong-ke/", None,
     _row(LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK)),
    ("export of A", "get", lambda t, f: f"/quan-ly/{t.commune_a.pk}/phan-anh/xuat.xlsx", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("record form of A", "get", lambda t, f: f"/quan-ly/{t.commune_a.pk}/phan-anh/ghi-nhan/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("routing of A", "get", lambda t, f: f"/quan-ly/{t.commune_a.pk}/phan-anh/phan-cong/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("set routing of A", "post", lambda t, f: f"/quan-ly/{t.commune_a.pk}/phan-anh/phan-cong/",
     lambda t: {"category": "", "organisation": t.org_a.pk, "answer_days": "4"},
     _row(LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, REDIRECT)),
    ("feedback of A", "get", lambda t, f: f"/quan-ly/phan-anh/{f['a'].pk}/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("feedback of B", "get", lambda t, f: f"/quan-ly/phan-anh/{f['b'].pk}/", None,
     _row(LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
    ("accept feedback of A", "post", lambda t, f: f"/quan-ly/phan-anh/{f['a'].pk}/",
     lambda t: {"action": "accept", "accept-note": ""}, _row(LOGIN, DENIED, DENIED, REDIRECT, DENIED, DENIED, REDIRECT)),
    ("note on feedback of B", "post", lambda t, f: f"/quan-ly/phan-anh/{f['b'].pk}/",
     lambda t: {"action": "note", "note-note": "Đã gọi điện."},
     _row(LOGIN, DENIED, DENIED, DENIED, REDIRECT, DENIED, REDIRECT)),
]

API = [
    ("categories", "get", lambda t, f: "/api/v1/feedback/categories/", None, _row(OK, OK, OK, OK, OK, OK, OK)),
    ("queue of A", "get", lambda t, f: f"/api/v1/feedback/?unit={t.commune_a.pk}", None,
     _row(UNAUTH, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("detail of B", "get", lambda t, f: f"/api/v1/feedback/{f['b'].pk}/", None,
     _row(UNAUTH, DENIED, DENIED, DENIED, OK, OK, OK)),
    ("stats of A", "get", lambda t, f: f"/api/v1/feedback/stats/?unit={t.commune_a.pk}", None,
     _row(UNAUTH, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("accept A", "post", lambda t, f: f"/api/v1/feedback/{f['a'].pk}/accept/", lambda t: {},
     _row(UNAUTH, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("answer B", "post", lambda t, f: f"/api/v1/feedback/{f['b'].pk}/answer/", lambda t: {"answer": "Đã sửa đèn."},
     _row(UNAUTH, DENIED, DENIED, DENIED, OK, DENIED, OK)),
    ("record in A", "post", lambda t, f: "/api/v1/feedback/record/",
     lambda t: {"channel": "hotline", "commune": t.commune_a.pk, "category": "ha-tang", "reporter_name": "Bà Năm",
                "description": "Cống trên đường 30/4 bị nghẹt, nước ngập."},
     _row(UNAUTH, DENIED, DENIED, CREATED, DENIED, DENIED, CREATED)),
]


def _cases(matrix):
    for name, method, url, data, expected in matrix:
        for persona in PERSONAS:
            yield pytest.param(method, url, data, persona, expected[persona], id=f"{name} / {persona}")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "data", "persona", "expected"), list(_cases(HTML)))
def test_html_permission_matrix(client, places, personas, fb, login, method, url, data, persona, expected):
    if persona != "anonymous":
        login(client, personas[persona])
    response = getattr(client, method)(url(places, fb), data(places) if data else None)
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/dang-nhap/" in response["Location"]
    else:
        assert response.status_code == expected, response.content[:300]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "data", "persona", "expected"), list(_cases(API)))
def test_api_permission_matrix(places, personas, fb, method, url, data, persona, expected):
    api = APIClient()
    if persona != "anonymous":
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=personas[persona]).key}")
    response = getattr(api, method)(url(places, fb), data(places) if data else None, format="json")
    assert response.status_code == expected, response.content[:300]


@pytest.mark.django_db
def test_the_api_queue_never_lists_another_communes_feedback(places, personas, fb):
    api = APIClient()
    api.force_authenticate(personas["official_b"])
    assert [r["id"] for r in api.get("/api/v1/feedback/").json()["results"]] == [fb["b"].pk]
    api.force_authenticate(personas["city_officer"])
    assert {r["id"] for r in api.get("/api/v1/feedback/").json()["results"]} == {fb["a"].pk, fb["b"].pk}
