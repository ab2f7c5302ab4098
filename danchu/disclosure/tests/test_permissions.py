"""Who may do what in the disclosure register (rules.py), in HTML and in the API."""

from __future__ import annotations

from datetime import date

import pytest
import rules
from rest_framework.test import APIClient

from danchu.disclosure import services

pytestmark = pytest.mark.django_db

PERMS = ["disclosure.publish_item", "disclosure.view_compliance", "disclosure.view_register",
         "disclosure.view_item", "disclosure.add_item", "disclosure.change_item", "disclosure.add_posting",
         "disclosure.change_settings"]


def _holder(tree, username, unit, kind, role, title):
    from danchu.accounts.models import User
    from danchu.units.services import appointment_create, organisation_create, position_create

    user = User.objects.create_user(username=username, password="matkhau-an-toan-2026", full_name=title)
    org = organisation_create(unit=unit, kind=kind, name=f"{title} {unit.name}", actor=None)
    position = position_create(organisation=org, title=title, role=role, actor=None)
    appointment_create(position=position, holder_name=title, user=user, start=date(2025, 7, 1), actor=None)
    return user


@pytest.fixture
def front_a(tree):
    from danchu.units.domain import OrganisationKind, Role

    return _holder(tree, "mttq.a", tree.commune_a, OrganisationKind.MTTQ, Role.FRONT_OFFICER, "Cán bộ Mặt trận")


@pytest.fixture
def board_a(tree):
    from danchu.units.domain import OrganisationKind, Role

    return _holder(tree, "bttnd.a", tree.commune_a, OrganisationKind.BAN_THANH_TRA_ND, Role.INSPECTION_BOARD,
                   "Thành viên Ban Thanh tra nhân dân")


@pytest.fixture
def items(tree, personas):
    def make(commune, actor, title, publish):
        item = services.item_create(commune=commune, category=1, title=title, decision_date=date(2026, 2, 13),
                                    actor=actor)
        if publish:
            services.item_publish(item=item, actor=actor, on=date(2026, 2, 16))
        return item

    return {
        "draft_a": make(tree.commune_a, personas["official_a"], "Dự thảo A", False),
        "published_a": make(tree.commune_a, personas["official_a"], "Công khai A", True),
        "draft_b": make(tree.commune_b, personas["official_b"], "Dự thảo B", False),
        "published_b": make(tree.commune_b, personas["official_b"], "Công khai B", True),
    }


def test_perms_exist():
    for perm in PERMS:
        assert rules.perm_exists(perm)


def test_it_lets_an_official_publish_only_in_their_commune(tree, personas, items):
    official = personas["official_a"]
    assert official.has_perm("disclosure.publish_item", tree.commune_a)
    assert official.has_perm("disclosure.publish_item", items["draft_a"])
    assert not official.has_perm("disclosure.publish_item", tree.commune_b)
    assert not official.has_perm("disclosure.view_item", items["draft_b"])
    assert official.has_perm("disclosure.view_item", items["published_b"])


def test_it_lets_a_resident_see_only_published_items(tree, personas, items):
    resident = personas["resident"]
    assert resident.has_perm("disclosure.view_item", items["published_a"])
    assert not resident.has_perm("disclosure.view_item", items["draft_a"])
    assert not resident.has_perm("disclosure.view_compliance", tree.commune_a)
    assert not resident.has_perm("disclosure.publish_item", tree.commune_a)


def test_it_lets_supervisors_see_compliance_but_not_publish(tree, personas, front_a, board_a):
    for user in (front_a, board_a):
        assert user.has_perm("disclosure.view_compliance", tree.commune_a)
        assert not user.has_perm("disclosure.view_compliance", tree.commune_b)
        assert not user.has_perm("disclosure.publish_item", tree.commune_a)
    city = personas["city_officer"]
    for unit in (tree.province, tree.commune_a, tree.commune_b):
        assert city.has_perm("disclosure.view_compliance", unit)
    assert not city.has_perm("disclosure.publish_item", tree.commune_a)
    assert not personas["village_head"].has_perm("disclosure.view_compliance", tree.commune_a)


# --- HTML --------------------------------------------------------------------------------------------


def test_it_denies_an_official_of_a_the_register_and_drafts_of_b(client, tree, personas, items, login):
    login(client, personas["official_a"])
    b = tree.commune_b.pk
    assert client.get(f"/quan-ly/{b}/cong-khai/").status_code == 403
    assert client.get(f"/quan-ly/{b}/cong-khai/them/").status_code == 403
    assert client.post(f"/quan-ly/{b}/cong-khai/them/", {"category": "1", "title": "X"}).status_code == 403
    assert client.get(f"/quan-ly/{b}/cong-khai/{items['draft_b'].pk}/").status_code == 403
    assert client.post(f"/quan-ly/{b}/cong-khai/{items['draft_b'].pk}/dang/").status_code == 403
    assert client.get(f"/quan-ly/{b}/cong-khai/tuan-thu/").status_code == 403
    a_list = client.get(f"/quan-ly/{tree.commune_a.pk}/cong-khai/").text
    assert "Dự thảo A" in a_list and "Dự thảo B" not in a_list


def test_it_sends_anonymous_users_to_login(client, tree, items):
    response = client.get(f"/quan-ly/{tree.commune_a.pk}/cong-khai/")
    assert response.status_code == 302 and "/accounts/" in response.url


def test_it_denies_a_resident_the_staff_register(client, tree, personas, items, login):
    login(client, personas["resident"])
    assert client.get(f"/quan-ly/{tree.commune_a.pk}/cong-khai/").status_code == 403
    assert client.get(f"/quan-ly/{tree.commune_a.pk}/cong-khai/tuan-thu/").status_code == 403


def test_it_shows_the_front_officer_compliance_of_a_without_drafts(client, tree, front_a, items, login):
    login(client, front_a)
    a = tree.commune_a.pk
    page = client.get(f"/quan-ly/{a}/cong-khai/tuan-thu/")
    assert page.status_code == 200 and "Công khai A" in page.text and "Thiết lập của xã" not in page.text
    register = client.get(f"/quan-ly/{a}/cong-khai/").text
    assert "Công khai A" in register and "Dự thảo A" not in register
    assert client.get(f"/quan-ly/{a}/cong-khai/{items['draft_a'].pk}/").status_code == 403
    assert client.get(f"/quan-ly/{a}/cong-khai/them/").status_code == 403
    assert client.get(f"/quan-ly/{tree.commune_b.pk}/cong-khai/tuan-thu/").status_code == 403


def test_it_shows_the_city_officer_compliance_of_all(client, tree, personas, items, login):
    login(client, personas["city_officer"])
    page = client.get(f"/quan-ly/{tree.province.pk}/cong-khai/tuan-thu/")
    assert page.status_code == 200 and "Công khai A" in page.text and "Công khai B" in page.text
    assert client.get(f"/quan-ly/{tree.commune_b.pk}/cong-khai/tuan-thu/").status_code == 200
    assert client.post(f"/quan-ly/{tree.commune_a.pk}/cong-khai/thiet-lap/", {}).status_code == 403


# --- API ---------------------------------------------------------------------------------------------


def api(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_api_official_of_a_cannot_create_in_b_or_see_drafts_of_b(tree, personas, items):
    client = api(personas["official_a"])
    response = client.post("/api/v1/disclosure/items/", {"commune": tree.commune_b.pk, "category": 1,
                                                         "title": "X"}, format="json")
    assert response.status_code == 403
    assert client.get(f"/api/v1/disclosure/items/{items['draft_b'].pk}/").status_code == 404
    titles = {r["title"] for r in client.get("/api/v1/disclosure/items/").json()["results"]}
    assert titles == {"Dự thảo A", "Công khai A", "Công khai B"}
    assert client.get(f"/api/v1/disclosure/communes/{tree.commune_b.pk}/compliance/").status_code == 403


def test_api_resident_and_anonymous_see_only_published_items(tree, personas, items):
    for client in (api(), api(personas["resident"])):
        titles = {r["title"] for r in client.get("/api/v1/disclosure/items/").json()["results"]}
        assert titles == {"Công khai A", "Công khai B"}
        assert client.get(f"/api/v1/disclosure/items/{items['draft_a'].pk}/").status_code == 404
        assert client.get(f"/api/v1/disclosure/items/{items['published_a'].pk}/").status_code == 200
    assert api().post("/api/v1/disclosure/items/", {}, format="json").status_code == 401
    assert api(personas["resident"]).post(f"/api/v1/disclosure/items/{items['published_a'].pk}/withdraw/").status_code == 403
    assert api().get(f"/api/v1/disclosure/communes/{tree.commune_a.pk}/compliance/").status_code == 401


def test_the_front_sees_overdue_drafts_in_the_compliance_view_without_their_content(tree, personas, front_a,
                                                                                     items, client, login):
    """Art.12.3: a decision not published within 05 WD is a shortfall the supervisors must see — the title,
    the category, the decision date and the deadline, nothing of the draft's content or files."""
    services.item_update(item=items["draft_a"], actor=personas["official_a"], body="Nội dung dự thảo bí mật")
    rows = api(front_a).get(f"/api/v1/disclosure/communes/{tree.commune_a.pk}/compliance/").json()["rows"]
    draft = next(r for r in rows if r["item"] == items["draft_a"].pk)
    assert draft["status"] == "draft" and draft["decision_date"] == "2026-02-13"
    assert draft["publication_due"] == "2026-02-27" and [p["code"] for p in draft["problems"]] == ["not_published"]
    assert "Nội dung dự thảo bí mật" not in str(rows)
    login(client, front_a)
    page = client.get(f"/quan-ly/{tree.commune_a.pk}/cong-khai/tuan-thu/?problem=not_published")
    html = page.content.decode()
    assert page.status_code == 200 and "Dự thảo A" in html and "27/02/2026" in html and "Công khai A" not in html
    assert "Nội dung dự thảo bí mật" not in html
    assert f"/cong-khai/{items['draft_a'].pk}/" not in html  # no link to a page the Front may not open


def test_api_front_officer_and_city_officer_see_compliance(tree, personas, front_a, items):
    assert api(front_a).get(f"/api/v1/disclosure/communes/{tree.commune_a.pk}/compliance/").status_code == 200
    assert api(front_a).get(f"/api/v1/disclosure/communes/{tree.commune_b.pk}/compliance/").status_code == 403
    body = api(personas["city_officer"]).get(f"/api/v1/disclosure/communes/{tree.province.pk}/compliance/").json()
    assert body["items"] == 4 and body["unpublished"] == 2  # the drafts are past their 05-WD deadline
