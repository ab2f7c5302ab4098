"""Permission matrix of Nhân dân tham gia ý kiến, in HTML and in the API.

Officials of commune A run A's consultations; the official of commune B sees nothing of A that is not public;
the Fatherland Front and the People's Inspection Board of A and the city officer see every step (drafts, authors of
opinions, the synthesis being written) but change nothing; residents see what is published and give opinions
only when logged in.
"""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from danchu.consultations import services

PERSONAS = ["anonymous", "resident", "village_head", "official_a", "official_b", "city_officer", "front_a",
            "inspection_a", "superuser"]
OK, CREATED, REDIRECT, DENIED, UNAUTH, NOTFOUND, LOGIN = 200, 201, 302, 403, 401, 404, "login"


def _row(*values):
    assert len(values) == len(PERSONAS)
    return dict(zip(PERSONAS, values, strict=True))


@pytest.fixture
def people(personas, tree):
    from danchu.accounts.models import User
    from danchu.units.domain import OrganisationKind, Role
    from danchu.units.services import appointment_create, organisation_create, position_create

    out = dict(personas)
    for key, kind, role, name in (
        ("front_a", OrganisationKind.MTTQ, Role.FRONT_OFFICER, "Ủy ban MTTQ Việt Nam Phường Cái Khế"),
        ("inspection_a", OrganisationKind.BAN_THANH_TRA_ND, Role.INSPECTION_BOARD, "Ban Thanh tra nhân dân Cái Khế"),
    ):
        user = User(username=key.replace("_", "."), full_name=name)
        user.set_password("matkhau-an-toan-2026")
        user.save()
        org = organisation_create(unit=tree.commune_a, kind=kind, name=name, actor=None)
        position = position_create(organisation=org, title="Thành viên", role=role, actor=None)
        appointment_create(position=position, holder_name=name, user=user, start=date(2025, 7, 1), actor=None)
        out[key] = user
    return out


@pytest.fixture
def world(make_consultation, people, tree):
    draft = make_consultation("draft", title="Dự thảo chưa công khai")
    open_ = make_consultation("open", title="Dự thảo đang lấy ý kiến")
    opinion = services.opinion_record(consultation=open_, actor=people["official_a"], channel="hotline",
                                      text="Ý kiến qua đường dây nóng.", author_name="Bà Nguyễn Thị Kín",
                                      author_contact="0909 000 111")
    return {"draft": draft, "open": open_, "opinion": opinion, "tree": tree}


S = "/quan-ly/lay-y-kien/"
HTML_MATRIX = [
    ("public list of A", "get", lambda w: f"/don-vi/{w['tree'].commune_a.pk}/lay-y-kien/", None,
     _row(OK, OK, OK, OK, OK, OK, OK, OK, OK)),
    ("public page of the open consultation", "get", lambda w: f"/lay-y-kien/{w['open'].pk}/", None,
     _row(OK, OK, OK, OK, OK, OK, OK, OK, OK)),
    ("public page of the draft", "get", lambda w: f"/lay-y-kien/{w['draft'].pk}/", None,
     _row(DENIED, DENIED, DENIED, REDIRECT, DENIED, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
    ("staff register of A", "get", lambda w: f"/quan-ly/{w['tree'].commune_a.pk}/lay-y-kien/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK, OK, OK)),
    ("staff register of B", "get", lambda w: f"/quan-ly/{w['tree'].commune_b.pk}/lay-y-kien/", None,
     _row(LOGIN, DENIED, DENIED, DENIED, OK, OK, DENIED, DENIED, OK)),
    ("staff page of the draft", "get", lambda w: f"{S}{w['draft'].pk}/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK, OK, OK)),
    ("staff page of the open one", "get", lambda w: f"{S}{w['open'].pk}/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK, OK, OK)),
    ("new plan form in A", "get", lambda w: f"/quan-ly/{w['tree'].commune_a.pk}/lay-y-kien/them/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, DENIED, DENIED, DENIED, OK)),
    ("edit the draft", "get", lambda w: f"{S}{w['draft'].pk}/sua/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, DENIED, DENIED, DENIED, OK)),
    ("send the plan", "post", lambda w: f"{S}{w['draft'].pk}/thao-tac/",
     lambda w: {"action": "send_plan", "send_plan-to_council": "on", "send_plan-to_front": "on"},
     _row(LOGIN, DENIED, DENIED, REDIRECT, DENIED, DENIED, DENIED, DENIED, REDIRECT)),
    ("enter an opinion", "post", lambda w: f"{S}{w['open'].pk}/y-kien/",
     lambda w: {"op-channel": "meeting", "op-stance": "agree", "op-text": "Tán thành", "op-people_count": "3"},
     _row(LOGIN, DENIED, DENIED, REDIRECT, DENIED, DENIED, DENIED, DENIED, REDIRECT)),
    ("give an opinion online", "post", lambda w: f"/lay-y-kien/{w['open'].pk}/",
     lambda w: {"stance": "agree", "text": "Tôi tán thành."},
     _row(LOGIN, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT)),
]

API = "/api/v1/consultations/"
API_MATRIX = [
    ("list", "get", lambda w: API, None, _row(OK, OK, OK, OK, OK, OK, OK, OK, OK)),
    ("the draft", "get", lambda w: f"{API}{w['draft'].pk}/", None,
     _row(NOTFOUND, NOTFOUND, NOTFOUND, OK, NOTFOUND, OK, OK, OK, OK)),
    ("the open one", "get", lambda w: f"{API}{w['open'].pk}/", None, _row(OK, OK, OK, OK, OK, OK, OK, OK, OK)),
    ("create in A", "post", lambda w: API, lambda w: {
        "commune": w["tree"].commune_a.pk, "content_kind": 5, "title": "Dự thảo quyết định giờ hoạt động karaoke",
        "description": "Xin ý kiến về giờ hoạt động.", "forms": ["portal"], "opens_on": "2026-11-03",
        "closes_on": "2026-11-23"},
     _row(UNAUTH, DENIED, DENIED, CREATED, DENIED, DENIED, DENIED, DENIED, CREATED)),
    ("edit the draft", "patch", lambda w: f"{API}{w['draft'].pk}/", lambda w: {"title": "Tên mới"},
     _row(UNAUTH, DENIED, DENIED, OK, DENIED, DENIED, DENIED, DENIED, OK)),
    ("send the plan", "post", lambda w: f"{API}{w['draft'].pk}/send-plan/",
     lambda w: {"to_council": True, "to_front": True},
     _row(UNAUTH, DENIED, DENIED, OK, DENIED, DENIED, DENIED, DENIED, OK)),
    ("opinions of the open one", "get", lambda w: f"{API}{w['open'].pk}/opinions/", None,
     _row(OK, OK, OK, OK, OK, OK, OK, OK, OK)),
    ("give an opinion", "post", lambda w: f"{API}{w['open'].pk}/opinions/", lambda w: {"text": "Tán thành."},
     _row(UNAUTH, CREATED, CREATED, CREATED, CREATED, CREATED, CREATED, CREATED, CREATED)),
    ("record an opinion", "post", lambda w: f"{API}{w['open'].pk}/opinions/record/",
     lambda w: {"channel": "letter", "text": "Thư góp ý."},
     _row(UNAUTH, DENIED, DENIED, CREATED, DENIED, DENIED, DENIED, DENIED, CREATED)),
    ("synthesis being written", "get", lambda w: f"{API}{w['open'].pk}/synthesis/", None,
     _row(NOTFOUND, NOTFOUND, NOTFOUND, OK, NOTFOUND, OK, OK, OK, OK)),
    ("close the open one early", "post", lambda w: f"{API}{w['open'].pk}/close/", None,
     _row(UNAUTH, DENIED, DENIED, 400, DENIED, DENIED, DENIED, DENIED, 400)),
]


def _cases(matrix):
    for name, method, url, data, expected in matrix:
        for persona in PERSONAS:
            yield pytest.param(method, url, data, persona, expected[persona], id=f"{name} / {persona}")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "data", "persona", "expected"), list(_cases(HTML_MATRIX)))
def test_html_permission_matrix(client, world, people, login, method, url, data, persona, expected):
    if persona != "anonymous":
        login(client, people[persona])
    response = getattr(client, method)(url(world), data(world) if data else None)
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/dang-nhap/" in response["Location"]
    else:
        assert response.status_code == expected, response.content[:500]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "data", "persona", "expected"), list(_cases(API_MATRIX)))
def test_api_permission_matrix(world, people, method, url, data, persona, expected):
    api = APIClient()
    if persona != "anonymous":
        api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=people[persona]).key}")
    response = getattr(api, method)(url(world), data(world) if data else None, format="json")
    assert response.status_code == expected, response.content[:500]
    if expected in (DENIED, UNAUTH):
        assert response.json()["error"]["code"] in {"permission_denied", "not_authenticated"}


@pytest.mark.django_db
def test_the_official_of_b_sees_nothing_non_public_of_a(world, people, client, login):
    api = APIClient()
    api.force_authenticate(people["official_b"])
    titles = {row["title"] for row in api.get(API).json()["results"]}
    assert titles == {"Dự thảo đang lấy ý kiến"}  # public only, never A's draft
    rows = api.get(f"{API}{world['open'].pk}/opinions/").json()["results"]
    assert rows == []  # the synthesis is not published: nobody else's opinions
    login(client, people["official_b"])
    page = client.get(f"/lay-y-kien/{world['open'].pk}/").content.decode()
    assert "Nguyễn Thị Kín" not in page and "0909 000 111" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["front_a", "inspection_a", "city_officer"])
def test_supervisors_see_every_step_with_the_authors(world, people, persona, client, login):
    api = APIClient()
    api.force_authenticate(people[persona])
    titles = {row["title"] for row in api.get(API).json()["results"]}
    assert titles == {"Dự thảo chưa công khai", "Dự thảo đang lấy ý kiến"}
    rows = api.get(f"{API}{world['open'].pk}/opinions/").json()["results"]
    assert [r["author_name"] for r in rows] == ["Bà Nguyễn Thị Kín"]
    login(client, people[persona])
    page = client.get(f"{S}{world['open'].pk}/").content.decode()
    assert "Bà Nguyễn Thị Kín" in page
    assert "Nhập ý kiến từ hội nghị" not in page  # they supervise, they do not enter
    assert api.post(f"{API}{world['open'].pk}/opinions/record/", {"channel": "letter", "text": "x"},
                    format="json").status_code == 403
