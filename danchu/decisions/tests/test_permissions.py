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


def _sent(village, kind, title):
    from datetime import date

    from danchu.decisions.domain import Choice

    d = services.decision_create(unit=village, kind=kind, title=title, content="…", actor=None)
    m = services.meeting_notice(decision=d, notice_on=date(2026, 11, 2), held_on=date(2026, 11, 4), place="NVH",
                                chair_name="Lộc", actor=None)
    everyone = list(village.households.all())
    services.attendance_record(meeting=m, household_ids=[h.pk for h in everyone], actor=None)
    services.meeting_record(meeting=m, secretary_name="Mai", secretary_votes=len(everyone), vote_method="hands",
                            positions={h.pk: Choice.AGREE for h in everyone}, actor=None)
    return services.decision_send(decision=d, sent_on=date(2026, 11, 5), actor=None)


def test_k5_is_recognised_by_the_front_of_the_commune_and_the_rest_by_ubnd(village, personas, front_a):
    """Art.21.2: UB MTTQ cấp xã recognises the members of Ban Thanh tra nhân dân / Ban Giám sát đầu tư (K5);
    UBND cấp xã every other kind and the annulment of any (Art.22)."""
    k5 = _sent(village, Kind.K5, "Bầu bổ sung thành viên Ban Thanh tra nhân dân")
    k6 = _sent(village, Kind.K6, "Giờ đóng cổng hẻm")
    body = {"recognised_on": "2026-11-06", "reference": "12/QĐ-MTTQ"}
    front, official, head = APIClient(), APIClient(), APIClient()
    front.force_authenticate(front_a)
    official.force_authenticate(personas["official_a"])
    head.force_authenticate(personas["village_head"])
    assert official.post(f"/api/v1/decisions/{k5.pk}/recognise/", body, format="json").status_code == 403
    assert head.post(f"/api/v1/decisions/{k5.pk}/recognise/", body, format="json").status_code == 403
    assert front.post(f"/api/v1/decisions/{k6.pk}/recognise/", body, format="json").status_code == 403
    assert front.post(f"/api/v1/decisions/{k6.pk}/refuse/", {"refused_on": "2026-11-06", "reason": "x"},
                      format="json").status_code == 403
    r = front.post(f"/api/v1/decisions/{k5.pk}/recognise/", body, format="json")
    assert r.status_code == 200 and r.json()["state"] == "recognised"
    r = official.post(f"/api/v1/decisions/{k6.pk}/recognise/", {**body, "reference": "30/QĐ-UBND"}, format="json")
    assert r.status_code == 200 and r.json()["state"] == "recognised"
    annul = {"ground": "procedure", "reason": "Họp không đủ thành phần", "on": "2026-11-20"}
    assert front.post(f"/api/v1/decisions/{k5.pk}/annul/", annul, format="json").status_code == 403
    assert official.post(f"/api/v1/decisions/{k5.pk}/annul/", annul, format="json").json()["state"] == "annulled"


def test_the_front_sees_the_recognise_form_of_k5_only(client, login, village, personas, front_a):
    k5 = _sent(village, Kind.K5, "Bầu bổ sung thành viên Ban Giám sát đầu tư của cộng đồng")
    k6 = _sent(village, Kind.K6, "Giờ đóng cổng hẻm")
    login(client, front_a)
    assert 'value="recognise"' in client.get(f"/quan-ly/dan-ban/{k5.pk}/").content.decode()
    assert 'value="recognise"' not in client.get(f"/quan-ly/dan-ban/{k6.pk}/").content.decode()
    login(client, personas["official_a"])
    page = client.get(f"/quan-ly/dan-ban/{k5.pk}/").content.decode()
    assert 'value="recognise"' not in page and "Ủy ban Mặt trận Tổ quốc Việt Nam cấp xã" in page
    page = client.get(f"/quan-ly/dan-ban/{k6.pk}/").content.decode()
    assert 'value="recognise"' in page
    # Art.21.2: a K6 is in force from its adoption: no effective date to choose, the date of adoption is shown
    assert 'name="recognise-effective_on"' not in page and 'id="effective-on-adoption"' in page
    assert "có hiệu lực từ ngày được thông qua (04/11/2026)" in page
    login(client, front_a)
    assert 'name="recognise-effective_on"' in client.get(f"/quan-ly/dan-ban/{k5.pk}/").content.decode()
