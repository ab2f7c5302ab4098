"""Permission matrix of online votes: per persona, HTML and API (pattern of tests/test_permission_matrix.py).

Personas: anonymous, resident (represents A1-001 of Khu vực 1, Cái Khế), village head of Khu vực 1, official of
commune A, official of commune B, city officer (supervises), superuser."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .conftest import close

PERSONAS = ["anonymous", "resident", "village_head", "official_a", "official_b", "city_officer", "superuser"]
OK, CREATED, REDIRECT, NOT_FOUND, DENIED, UNAUTH, LOGIN, BAD = 200, 201, 302, 404, 403, 401, "login", 400


def _row(*values):
    return dict(zip(PERSONAS, values, strict=True))


@pytest.fixture
def ctx(tree, personas, open_poll, hh):
    return {"t": tree, "poll": open_poll, "hh": hh}


HTML = [
    ("poll index", "get", lambda c: "/bieu-quyet/", None, _row(OK, OK, OK, OK, OK, OK, OK)),
    ("open poll page", "get", lambda c: f"/bieu-quyet/{c['poll'].pk}/", None, _row(OK, OK, OK, OK, OK, OK, OK)),
    ("result of an open poll", "get", lambda c: f"/bieu-quyet/{c['poll'].pk}/ket-qua/", None,
     _row(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)),
    ("export of an open poll", "get", lambda c: f"/bieu-quyet/{c['poll'].pk}/phieu.json", None,
     _row(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)),
    ("staff list of A", "get", lambda c: f"/quan-ly/{c['t'].commune_a.pk}/bieu-quyet/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("staff list of village A1", "get", lambda c: f"/quan-ly/{c['t'].village_a1.pk}/bieu-quyet/", None,
     _row(LOGIN, DENIED, OK, OK, DENIED, OK, OK)),
    ("create form in A1", "get", lambda c: f"/quan-ly/{c['t'].village_a1.pk}/bieu-quyet/tao/", None,
     _row(LOGIN, DENIED, OK, OK, DENIED, DENIED, OK)),
    ("manage the poll", "get", lambda c: f"/quan-ly/bieu-quyet/{c['poll'].pk}/", None,
     _row(LOGIN, DENIED, OK, OK, DENIED, OK, OK)),
    ("close the poll early", "post", lambda c: f"/quan-ly/bieu-quyet/{c['poll'].pk}/ket-thuc/", {},
     _row(LOGIN, DENIED, REDIRECT, REDIRECT, DENIED, DENIED, REDIRECT)),
    ("opt-in register of A1", "get", lambda c: f"/quan-ly/{c['t'].village_a1.pk}/bieu-quyet/dang-ky/", None,
     _row(LOGIN, DENIED, OK, OK, DENIED, OK, OK)),
    ("opt A1-004 in", "post", lambda c: f"/bieu-quyet/dang-ky/{c['hh'][3].pk}/", {"action": "in"},
     _row(LOGIN, DENIED, REDIRECT, REDIRECT, DENIED, DENIED, REDIRECT)),
    ("opt the resident's household out", "post", lambda c: f"/bieu-quyet/dang-ky/{c['hh'][0].pk}/", {"action": "out"},
     _row(LOGIN, REDIRECT, REDIRECT, REDIRECT, DENIED, DENIED, REDIRECT)),
]


def _cases(matrix):
    for name, method, url, data, expected in matrix:
        for persona in PERSONAS:
            yield pytest.param(method, url, data, persona, expected[persona], id=f"{name} / {persona}")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "data", "persona", "expected"), list(_cases(HTML)))
def test_html_permission_matrix(client, ctx, personas, login, method, url, data, persona, expected):
    if persona != "anonymous":
        login(client, personas[persona])
    response = getattr(client, method)(url(ctx), data)
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/dang-nhap/" in response["Location"]
    else:
        assert response.status_code == expected


API = [
    ("poll detail", "get", lambda c: f"/api/v1/evoting/polls/{c['poll'].pk}/", None,
     _row(NOT_FOUND, OK, OK, OK, NOT_FOUND, OK, OK)),
    ("results of an open poll", "get", lambda c: f"/api/v1/evoting/polls/{c['poll'].pk}/results/", None,
     _row(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)),
    ("create a poll in A1", "post", lambda c: "/api/v1/evoting/polls/",
     lambda c: {"village": c["t"].village_a1.pk, "question": "Sơn lại nhà văn hóa?",
                "self_management_confirmed": True, "opens_at": "2026-12-01T07:00:00+07:00", "closes_at": "2026-12-03T20:00:00+07:00"},
     _row(UNAUTH, DENIED, CREATED, CREATED, DENIED, DENIED, CREATED)),
    ("create a poll in B1", "post", lambda c: "/api/v1/evoting/polls/",
     lambda c: {"village": c["t"].village_b1.pk, "question": "Sơn lại nhà văn hóa?",
                "self_management_confirmed": True, "opens_at": "2026-12-01T07:00:00+07:00", "closes_at": "2026-12-03T20:00:00+07:00"},
     _row(UNAUTH, DENIED, DENIED, DENIED, CREATED, DENIED, CREATED)),
    ("vote for A1-001", "post", lambda c: f"/api/v1/evoting/polls/{c['poll'].pk}/votes/",
     lambda c: {"household": c["hh"][0].pk, "option": 0},
     _row(UNAUTH, CREATED, BAD, BAD, NOT_FOUND, BAD, BAD)),
    ("opt-in register of A1", "get", lambda c: f"/api/v1/evoting/opt-ins/?village={c['t'].village_a1.pk}", None,
     _row(UNAUTH, DENIED, OK, OK, DENIED, OK, OK)),
    ("opt A1-004 in", "post", lambda c: "/api/v1/evoting/opt-ins/", lambda c: {"household": c["hh"][3].pk},
     _row(UNAUTH, DENIED, OK, OK, DENIED, DENIED, OK)),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "data", "persona", "expected"), list(_cases(API)))
def test_api_permission_matrix(ctx, personas, method, url, data, persona, expected):
    api = APIClient()
    if persona != "anonymous":
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=personas[persona]).key}")
    response = getattr(api, method)(url(ctx), data(ctx) if data else None, format="json")
    assert response.status_code == expected, response.content[:300]
    if expected == BAD:  # a staff member is not the household's representative
        assert response.json()["error"]["code"] == "not_representative"


@pytest.mark.django_db
def test_official_b_lists_nothing_of_commune_a_and_the_public_sees_only_published(ctx, personas):
    api = APIClient()
    api.force_authenticate(personas["official_b"])
    assert api.get("/api/v1/evoting/polls/").json()["results"] == []
    assert APIClient().get("/api/v1/evoting/polls/").json()["results"] == []
    close(ctx["poll"], personas["village_head"])
    from danchu.evoting.services import publish_poll
    publish_poll(poll=ctx["poll"], actor=personas["village_head"])
    assert [p["id"] for p in APIClient().get("/api/v1/evoting/polls/").json()["results"]] == [ctx["poll"].pk]
