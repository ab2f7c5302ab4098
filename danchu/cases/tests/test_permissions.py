"""Permission matrix of reception and cases, HTML and API: nobody of commune B sees or changes anything of A; the
city officer follows statistics and cases but acts on none; nobody here reveals identities, not even the superuser:
only the named custodian can (tests of the services and of the identity leaks), and each refusal is audited."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

PERSONAS = ["anonymous", "resident", "village_head", "official_a", "official_b", "city_officer", "superuser"]
OK, CREATED, REDIRECT, DENIED, UNAUTH, LOGIN = 200, 201, 302, 403, 401, "login"


def _row(*values):
    return dict(zip(PERSONAS, values, strict=True))


def _complaint(v):
    return v.cases.get(kind="complaint")


def _denunciation(v):
    return v.cases.get(kind="denunciation")


HTML = [
    ("public schedule of A", "get", lambda t, v: f"/tiep-cong-dan/{t.commune_a.pk}/", None,
     _row(OK, OK, OK, OK, OK, OK, OK)),
    ("schedule of A (staff)", "get", lambda t, v: f"/quan-ly/{t.commune_a.pk}/lich-tiep-cong-dan/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("reception book of A", "get", lambda t, v: f"/quan-ly/{t.commune_a.pk}/so-tiep-cong-dan/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("export of the book of A", "get", lambda t, v: f"/quan-ly/{t.commune_a.pk}/so-tiep-cong-dan/xuat.xlsx", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("entry of A", "get", lambda t, v: f"/quan-ly/so-tiep-cong-dan/{v.pk}/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("record a visit in A", "get", lambda t, v: f"/quan-ly/{t.commune_a.pk}/so-tiep-cong-dan/ghi-so/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("cases of A", "get", lambda t, v: f"/quan-ly/{t.commune_a.pk}/don-thu/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("complaint of A", "get", lambda t, v: f"/quan-ly/don-thu/{_complaint(v).pk}/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("accept the complaint of A", "post", lambda t, v: f"/quan-ly/don-thu/{_complaint(v).pk}/",
     lambda t, v: {"action": "accept", "accept-on": "2026-02-20"},
     _row(LOGIN, DENIED, DENIED, REDIRECT, DENIED, DENIED, REDIRECT)),
    ("document of the complaint of A", "get",
     lambda t, v: f"/quan-ly/don-thu/{_complaint(v).pk}/van-ban/{_doc(v)}.docx", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("reveal the denouncer of A", "post", lambda t, v: f"/quan-ly/bao-mat/don/{_denunciation(v).pk}/",
     lambda t, v: {"reason": "Kiểm tra quyền truy cập"}, _row(LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, DENIED)),
    ("mediation of A", "get", lambda t, v: f"/quan-ly/{t.commune_a.pk}/hoa-giai/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("mediation of village A1", "get", lambda t, v: f"/quan-ly/{t.village_a1.pk}/hoa-giai/", None,
     _row(LOGIN, DENIED, OK, OK, DENIED, DENIED, OK)),
    ("mediation statistics of A", "get", lambda t, v: f"/quan-ly/{t.commune_a.pk}/hoa-giai/thong-ke/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("mediation statistics of the city", "get", lambda t, v: f"/quan-ly/{t.province.pk}/hoa-giai/thong-ke/", None,
     _row(LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK)),
    ("my bookings (public)", "get", lambda t, v: "/tiep-cong-dan/dang-ky-cua-toi/", None,
     _row(OK, OK, OK, OK, OK, OK, OK)),
]

API = [
    ("sessions of A (public)", "get", lambda t, v: f"/api/v1/cases/reception-sessions/?unit={t.commune_a.pk}", None,
     _row(OK, OK, OK, OK, OK, OK, OK)),
    ("entries of A", "get", lambda t, v: f"/api/v1/cases/reception-entries/?unit={t.commune_a.pk}", None,
     _row(UNAUTH, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("entry of A", "get", lambda t, v: f"/api/v1/cases/reception-entries/{v.pk}/", None,
     _row(UNAUTH, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("record a visit in B", "post", lambda t, v: "/api/v1/cases/reception-entries/",
     lambda t, v: {"unit": t.commune_b.pk, "full_name": "Lê Văn Dân", "content": "Kiến nghị sửa đường",
                   "received_on": "2026-03-02", "letters": [{"kind": "petition", "summary": "Sửa đường"}]},
     _row(UNAUTH, DENIED, DENIED, DENIED, CREATED, DENIED, CREATED)),
    ("cases of A", "get", lambda t, v: f"/api/v1/cases/?unit={t.commune_a.pk}", None,
     _row(UNAUTH, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("complaint of A", "get", lambda t, v: f"/api/v1/cases/{_complaint(v).pk}/", None,
     _row(UNAUTH, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("accept the complaint of A", "post", lambda t, v: f"/api/v1/cases/{_complaint(v).pk}/accept/",
     lambda t, v: {"on": "2026-02-20"}, _row(UNAUTH, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("add a session to A", "post", lambda t, v: "/api/v1/cases/reception-sessions/",
     lambda t, v: {"unit": t.commune_a.pk, "leader_name": "Trần Quốc Cường", "leader_title": "Chủ tịch UBND",
                   "leader_kind": "commune_chair", "day": "2026-03-06", "start": "07:30", "end": "11:00",
                   "place": "Trụ sở"}, _row(UNAUTH, DENIED, DENIED, CREATED, DENIED, DENIED, CREATED)),
    ("cancel a session of A", "post", lambda t, v: f"/api/v1/cases/reception-sessions/{_session(t)}/cancel/", None,
     _row(UNAUTH, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("bookings of a session of A", "get", lambda t, v: f"/api/v1/cases/reception-sessions/{_session(t)}/bookings/",
     None, _row(UNAUTH, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("record a letter in A", "post", lambda t, v: "/api/v1/cases/letters/",
     lambda t, v: {"unit": t.commune_a.pk, "kind": "petition", "summary": "Sửa đường", "content": "Kiến nghị",
                   "full_name": "Lê Văn Dân", "received_on": "2026-03-02"},
     _row(UNAUTH, DENIED, DENIED, CREATED, DENIED, DENIED, CREATED)),
    ("assign the complaint of A", "post", lambda t, v: f"/api/v1/cases/{_complaint(v).pk}/assign/",
     lambda t, v: {"assignee": _official_a()}, _row(UNAUTH, DENIED, DENIED, OK, DENIED, DENIED, OK)),
]


def _official_a():
    from danchu.accounts.models import User

    return User.objects.get(username="canbo.a").pk


def _session(tree):
    from datetime import time

    from danchu.cases.models import ReceptionSession

    session = ReceptionSession.objects.filter(unit=tree.commune_a).first()
    if session is None:
        session = ReceptionSession.objects.create(unit=tree.commune_a, leader_name="Trần Quốc Cường",
                                                  leader_title="Chủ tịch UBND", leader_kind="commune_chair",
                                                  day=date(2026, 3, 6), start=time(7, 30), end=time(11), place="Trụ sở")
    return session.pk


def _doc(visit):
    from danchu.cases import services

    case = _complaint(visit)
    if not case.documents.exists():
        from danchu.accounts.models import User

        services.case_transfer(case=case, actor=User.objects.get(username="canbo.a"), to="Thanh tra thành phố",
                               on=date(2026, 2, 10))
    return case.documents.first().pk


def _cases(matrix):
    for name, method, url, data, expected in matrix:
        for persona in PERSONAS:
            yield pytest.param(method, url, data, persona, expected[persona], id=f"{name} / {persona}")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "data", "persona", "expected"), list(_cases(HTML)))
def test_html_permission_matrix(client, tree, personas, login, visit, method, url, data, persona, expected):
    target = url(tree, visit)
    if persona != "anonymous":
        login(client, personas[persona])
    response = getattr(client, method)(target, data(tree, visit) if data else None)
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/dang-nhap/" in response["Location"]
    else:
        assert response.status_code == expected, response.content[:500]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "data", "persona", "expected"), list(_cases(API)))
def test_api_permission_matrix(tree, personas, visit, method, url, data, persona, expected):
    api = APIClient()
    if persona != "anonymous":
        token = Token.objects.create(user=personas[persona])
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = getattr(api, method)(url(tree, visit), data(tree, visit) if data else None, format="json")
    assert response.status_code == expected, response.content[:500]


@pytest.mark.django_db
def test_lists_are_scoped_to_the_users_units(tree, personas, visit):
    api = APIClient()
    api.force_authenticate(personas["official_b"])
    assert api.get("/api/v1/cases/").json()["results"] == []
    assert api.get("/api/v1/cases/reception-entries/").json()["results"] == []
    api.force_authenticate(personas["city_officer"])
    assert len(api.get("/api/v1/cases/").json()["results"]) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["superuser", "official_a", "city_officer"])
def test_a_refused_reveal_is_audited(client, tree, personas, login, visit, persona):
    from danchu.core.models import AuditEvent

    case = _denunciation(visit)
    login(client, personas[persona])
    response = client.post(f"/quan-ly/bao-mat/don/{case.pk}/", {"reason": "Muốn biết ai đã tố cáo"})
    assert response.status_code == 403
    event = AuditEvent.objects.filter(verb="cases.identity.reveal_denied").latest("pk")
    assert event.actor_id == personas[persona].pk and event.target_id == str(case.pk)
    assert not AuditEvent.objects.filter(verb="cases.identity.revealed").exists()
