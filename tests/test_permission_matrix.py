"""For each persona and each endpoint that exists: the expected allow/deny, in HTML and in the API.

No official of commune A can read or change anything of commune B (and the reverse).
Personas: anonymous, resident, village head of A's Khu vực 1, official of A, official of B, city officer
(reads the whole city), superuser.
"""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

PERSONAS = ["anonymous", "resident", "village_head", "official_a", "official_b", "city_officer", "superuser"]

OK, CREATED, REDIRECT, DENIED, UNAUTH, LOGIN = 200, 201, 302, 403, 401, "login"


def _row(*values):
    assert len(values) == len(PERSONAS)
    return dict(zip(PERSONAS, values, strict=True))


# (name, method, url builder, data builder, expected per persona)
# HTML: an anonymous user is sent to the login page ("login").
HTML_MATRIX = [
    ("commune A public page", "get", lambda t: f"/don-vi/{t.commune_a.pk}/", None,
     _row(OK, OK, OK, OK, OK, OK, OK)),
    ("households of commune A", "get", lambda t: f"/quan-ly/{t.commune_a.pk}/ho/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("households of village A1", "get", lambda t: f"/quan-ly/{t.village_a1.pk}/ho/", None,
     _row(LOGIN, DENIED, OK, OK, DENIED, OK, OK)),
    ("households of commune B", "get", lambda t: f"/quan-ly/{t.commune_b.pk}/ho/", None,
     _row(LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
    ("household of A1 (detail)", "get", lambda t: f"/quan-ly/ho/{t.household_a1.pk}/", None,
     _row(LOGIN, DENIED, OK, OK, DENIED, OK, OK)),
    ("household of B1 (detail)", "get", lambda t: f"/quan-ly/ho/{t.household_b1.pk}/", None,
     _row(LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
    ("edit household of A1", "post", lambda t: f"/quan-ly/ho/{t.household_a1.pk}/sua/",
     lambda t: {"action": "edit", "code": "A1-001", "representative_name": "Nguyễn Văn An", "address": "Số 9",
                "phone": "0911111111", "member_count": "3", "note": ""},
     _row(LOGIN, DENIED, REDIRECT, REDIRECT, DENIED, DENIED, REDIRECT)),
    ("edit household of B1", "post", lambda t: f"/quan-ly/ho/{t.household_b1.pk}/sua/",
     lambda t: {"action": "edit", "code": "B1-001", "representative_name": "Trần Thị Bích", "address": "Số 9",
                "phone": "0922222222", "member_count": "3", "note": ""},
     _row(LOGIN, DENIED, DENIED, DENIED, REDIRECT, DENIED, REDIRECT)),
    ("add household form in A", "get", lambda t: f"/quan-ly/{t.commune_a.pk}/ho/them/", None,
     _row(LOGIN, DENIED, OK, OK, DENIED, DENIED, OK)),
    ("export households of A", "get", lambda t: f"/quan-ly/{t.commune_a.pk}/ho/xuat.csv", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("import households into A", "get", lambda t: f"/quan-ly/{t.commune_a.pk}/ho/nhap/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("villages of A", "get", lambda t: f"/quan-ly/{t.commune_a.pk}/thon/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("create village in A", "post", lambda t: f"/quan-ly/{t.commune_a.pk}/thon/",
     lambda t: {"kind": "khu_vuc", "name": "Khu vực 9", "code": ""},
     _row(LOGIN, DENIED, DENIED, REDIRECT, DENIED, DENIED, REDIRECT)),
    ("rename village B1", "post", lambda t: f"/quan-ly/thon/{t.village_b1.pk}/sua/",
     lambda t: {"kind": "khu_vuc", "name": "Khu vực Một"},
     _row(LOGIN, DENIED, DENIED, DENIED, REDIRECT, DENIED, REDIRECT)),
    ("merge villages of A", "get", lambda t: f"/quan-ly/{t.commune_a.pk}/thon/sap-nhap/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("organisations of A", "get", lambda t: f"/quan-ly/{t.commune_a.pk}/to-chuc/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("organisation of B", "get", lambda t: f"/quan-ly/to-chuc/{t.org_b.pk}/", None,
     _row(LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
    ("add position to organisation of A", "post", lambda t: f"/quan-ly/to-chuc/{t.org_a.pk}/",
     lambda t: {"action": "position", "pos-title": "Phó Chủ tịch", "pos-role": ""},
     _row(LOGIN, DENIED, DENIED, REDIRECT, DENIED, DENIED, REDIRECT)),
    ("office holders of B", "get", lambda t: f"/quan-ly/{t.commune_b.pk}/chuc-danh/", None,
     _row(LOGIN, DENIED, DENIED, DENIED, OK, OK, OK)),
    ("audit log of A", "get", lambda t: f"/quan-ly/{t.commune_a.pk}/nhat-ky/", None,
     _row(LOGIN, DENIED, DENIED, DENIED, DENIED, OK, OK)),
    ("Django admin", "get", lambda t: "/admin/", None,
     _row(REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, OK)),
]

API_MATRIX = [
    ("units (public)", "get", lambda t: "/api/v1/units/?level=3", None, _row(OK, OK, OK, OK, OK, OK, OK)),
    ("households of A", "get", lambda t: f"/api/v1/households/?unit={t.commune_a.pk}", None,
     _row(UNAUTH, DENIED, DENIED, OK, DENIED, OK, OK)),
    ("household of A1", "get", lambda t: f"/api/v1/households/{t.household_a1.pk}/", None,
     _row(UNAUTH, DENIED, OK, OK, DENIED, OK, OK)),
    ("change household of A1", "patch", lambda t: f"/api/v1/households/{t.household_a1.pk}/",
     lambda t: {"address": "Số 10"}, _row(UNAUTH, DENIED, OK, OK, DENIED, DENIED, OK)),
    ("change household of B1", "patch", lambda t: f"/api/v1/households/{t.household_b1.pk}/",
     lambda t: {"address": "Số 10"}, _row(UNAUTH, DENIED, DENIED, DENIED, OK, DENIED, OK)),
    ("create household in A2", "post", lambda t: "/api/v1/households/",
     lambda t: {"village": t.village_a2.pk, "code": "A2-001", "representative_name": "Lê Văn Cường"},
     _row(UNAUTH, DENIED, DENIED, CREATED, DENIED, DENIED, CREATED)),
    ("create village in B", "post", lambda t: "/api/v1/villages/",
     lambda t: {"commune": t.commune_b.pk, "kind": "khu_vuc", "name": "Khu vực 7"},
     _row(UNAUTH, DENIED, DENIED, DENIED, CREATED, DENIED, CREATED)),
    ("rename village A2", "patch", lambda t: f"/api/v1/villages/{t.village_a2.pk}/",
     lambda t: {"name": "Khu vực Hai"}, _row(UNAUTH, DENIED, DENIED, OK, DENIED, DENIED, OK)),
    ("organisation of B", "get", lambda t: f"/api/v1/organisations/{t.org_b.pk}/", None,
     _row(UNAUTH, DENIED, DENIED, DENIED, OK, OK, OK)),
    ("create organisation in A", "post", lambda t: "/api/v1/organisations/",
     lambda t: {"unit": t.commune_a.pk, "kind": "hoi_phu_nu", "name": "Hội Liên hiệp Phụ nữ Phường Cái Khế"},
     _row(UNAUTH, DENIED, DENIED, CREATED, DENIED, DENIED, CREATED)),
    ("add position in B", "post", lambda t: "/api/v1/positions/",
     lambda t: {"organisation": t.org_b.pk, "title": "Phó Chủ tịch"},
     _row(UNAUTH, DENIED, DENIED, DENIED, CREATED, DENIED, CREATED)),
    ("household count of A1", "get", lambda t: f"/api/v1/villages/{t.village_a1.pk}/household-count/", None,
     _row(UNAUTH, DENIED, OK, OK, DENIED, OK, OK)),
]


def _cases(matrix):
    for name, method, url, data, expected in matrix:
        for persona in PERSONAS:
            yield pytest.param(method, url, data, persona, expected[persona], id=f"{name} / {persona}")


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "data", "persona", "expected"), list(_cases(HTML_MATRIX)))
def test_html_permission_matrix(client, tree, personas, login, method, url, data, persona, expected):
    if persona != "anonymous":
        login(client, personas[persona])
    response = getattr(client, method)(url(tree), data(tree) if data else None)
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/dang-nhap/" in response["Location"]
    else:
        assert response.status_code == expected, response.content[:500]


@pytest.mark.django_db
@pytest.mark.parametrize(("method", "url", "data", "persona", "expected"), list(_cases(API_MATRIX)))
def test_api_permission_matrix(tree, personas, method, url, data, persona, expected):
    api = APIClient()
    if persona != "anonymous":
        token = Token.objects.create(user=personas[persona])
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = getattr(api, method)(url(tree), data(tree) if data else None, format="json")
    assert response.status_code == expected, response.content[:500]
    if expected in (DENIED, UNAUTH):
        assert response.json()["error"]["code"] in {"permission_denied", "not_authenticated"}


@pytest.mark.django_db
def test_it_never_lists_commune_a_households_to_official_b(tree, personas):
    api = APIClient()
    api.force_authenticate(personas["official_b"])
    codes = {row["code"] for row in api.get("/api/v1/households/").json()["results"]}
    assert codes == {"B1-001"}


@pytest.mark.django_db
def test_it_lets_the_city_officer_read_every_commune_but_change_none(tree, personas):
    api = APIClient()
    api.force_authenticate(personas["city_officer"])
    codes = {row["code"] for row in api.get("/api/v1/households/").json()["results"]}
    assert codes == {"A1-001", "B1-001"}
    assert api.patch(f"/api/v1/households/{tree.household_b1.pk}/", {"address": "x"}, format="json").status_code == 403


@pytest.mark.django_db
def test_it_hides_the_staff_session_from_the_api_until_the_second_factor(client, tree, personas):
    client.force_login(personas["official_a"], backend="danchu.accounts.backends.PhoneOrUsernameBackend")
    assert client.get(f"/api/v1/households/?unit={tree.commune_a.pk}").status_code == 401
    assert client.get(f"/quan-ly/{tree.commune_a.pk}/ho/").status_code == 302  # sent to two-factor


@pytest.mark.django_db
def test_it_checks_the_same_permission_in_the_import_command(tree, personas, tmp_path):
    from django.core.management import CommandError, call_command

    csv = tmp_path / "ho.csv"
    csv.write_text("Mã hộ,Họ và tên đại diện hộ,Thôn\nB1-002,Lê Thị Cúc,Khu vực 1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="không có quyền"):
        call_command("import_households", unit=tree.commune_b.pk, file=str(csv), username="canbo.a")
    call_command("import_households", unit=tree.commune_b.pk, file=str(csv), username="canbo.b")
    from danchu.units.models import Household

    assert Household.objects.filter(code="B1-002", village=tree.village_b1).exists()
