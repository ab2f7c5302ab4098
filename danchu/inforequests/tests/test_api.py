"""API: public submit (throttled) and tracking (limited fields); staff list, detail and actions."""

from datetime import date

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from danchu.core.models import AuditEvent
from danchu.inforequests.domain import State
from danchu.inforequests.models import InfoRequest

pytestmark = pytest.mark.django_db

BASE = "/api/v1/info-requests/"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_it_accepts_a_public_request_and_returns_the_tracking_code(tree, requester, friday_before_tet):
    response = api().post(f"{BASE}submit/", {"commune": tree.commune_a.pk, **requester}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["tracking_code"].startswith("TT-") and body["due_on"] == "2026-02-25"
    assert set(body) == {"tracking_code", "commune", "state", "received_on", "due_on"}


def test_it_explains_bad_input_in_the_error_format(tree, requester):
    response = api().post(f"{BASE}submit/", {"commune": tree.commune_a.pk, **requester, "id_number": "12"},
                          format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_id_number" and "CCCD" in error["message"]
    response = api().post(f"{BASE}submit/", {"commune": tree.village_a1.pk, **requester}, format="json")
    assert response.status_code == 400 and "commune" in response.json()["error"]["fields"]
    response = api().post(f"{BASE}submit/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert InfoRequest.objects.count() == 0


def test_it_throttles_public_submissions(tree, requester):
    client = api()
    codes = [client.post(f"{BASE}submit/", {"commune": tree.commune_a.pk, **requester}, format="json").status_code
             for _i in range(6)]
    assert codes == [201] * 5 + [429]


def test_failed_submissions_do_not_count_towards_the_limit(tree, requester):
    client = api()
    bad = [client.post(f"{BASE}submit/", {"commune": tree.commune_a.pk, **requester, "id_number": "1"},
                       format="json").status_code for _i in range(6)]
    good = [client.post(f"{BASE}submit/", {"commune": tree.commune_a.pk, **requester}, format="json").status_code
            for _i in range(6)]
    assert bad == [400] * 6 and good == [201] * 5 + [429]


def test_it_tracks_a_request_by_code_with_limited_fields(tree, personas, submitted, friday_before_tet):
    from danchu.inforequests import services

    r = submitted()
    services.request_assign(request=r, assignee=personas["official_a"], actor=personas["superuser"])
    response = api().post(f"{BASE}track/", {"code": r.tracking_code.lower()}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "received" and body["due_on"] == "2026-02-25"
    text = response.content.decode()
    for secret in (r.id_number, r.phone, r.email, "Giao cho", "internal_note"):
        assert secret not in text
    assert api().post(f"{BASE}track/", {"code": "TT-2222222222"}, format="json").status_code == 404
    assert api().post(f"{BASE}track/", {}, format="json").status_code == 400


def test_staff_list_only_their_communes(tree, personas, submitted, friday_before_tet):
    r = submitted()
    assert api(personas["official_a"]).get(BASE).json()["results"][0]["tracking_code"] == r.tracking_code
    assert "id_number" not in api(personas["official_a"]).get(BASE).json()["results"][0]
    assert api(personas["official_b"]).get(BASE).json()["results"] == []
    assert api(personas["official_b"]).get(BASE, {"unit": tree.commune_a.pk}).status_code == 403
    assert api().get(BASE).status_code == 401
    assert api(personas["official_a"]).get(BASE, {"state": "open", "due": "soon"}).json()["count"] == 0
    assert api(personas["official_a"]).get(BASE, {"state": "x"}).status_code == 400
    assert api(personas["official_a"]).get(BASE, {"due": "x"}).status_code == 400


def test_staff_detail_shows_personal_data_and_is_audited(tree, personas, submitted):
    r = submitted()
    response = api(personas["official_a"]).get(f"{BASE}{r.pk}/")
    assert response.status_code == 200 and response.json()["id_number"] == r.id_number
    assert AuditEvent.objects.filter(verb="inforequests.request.viewed", data__via="api").count() == 1
    assert api(personas["official_b"]).get(f"{BASE}{r.pk}/").status_code == 403
    assert api(personas["resident"]).get(f"{BASE}{r.pk}/").status_code == 403
    assert api(personas["official_a"]).get(f"{BASE}999999/").status_code == 404


def test_the_signed_in_requester_may_read_their_own_request(tree, personas, submitted):
    r = submitted(user=personas["resident"])
    assert api(personas["resident"]).get(f"{BASE}{r.pk}/").status_code == 200


def test_staff_handle_a_request_through_the_api(tree, personas, submitted, friday_before_tet):
    r = submitted()
    client = api(personas["official_a"])
    assert client.post(f"{BASE}{r.pk}/assign/", {"assignee": personas["official_b"].pk}, format="json").status_code == 400
    assert client.post(f"{BASE}{r.pk}/assign/", {"assignee": personas["official_a"].pk},
                       format="json").json()["assignee"] == personas["official_a"].pk
    response = client.post(f"{BASE}{r.pk}/extend/", {"reason": "x"}, format="json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_transition"
    assert client.post(f"{BASE}{r.pk}/notify-deadline/", {}, format="json").json()["due_on"] == "2026-03-13"
    body = client.post(f"{BASE}{r.pk}/extend/", {"reason": "Cần ý kiến Sở"}, format="json").json()
    assert (body["state"], body["due_on"]) == ("extended", "2026-03-30")
    response = client.post(f"{BASE}{r.pk}/provide/", {"answer": "Nội dung", "fee_amount": "10000",
                                                      "fee_purpose": "copy", "fee_note": "4 trang"}, format="json")
    assert response.status_code == 200 and response.json()["state"] == "provided"
    assert client.post(f"{BASE}{r.pk}/refuse/", {"ground": "secret", "reason": "x"}, format="json").status_code == 400
    assert api(personas["official_b"]).post(f"{BASE}{r.pk}/refuse/", {"ground": "secret", "reason": "x"},
                                            format="json").status_code == 403


def test_staff_refuse_through_the_api_with_written_reasons(tree, personas, submitted):
    r = submitted()
    client = api(personas["official_a"])
    response = client.post(f"{BASE}{r.pk}/refuse/", {"ground": "secret", "reason": " "}, format="json")
    assert response.status_code == 400
    response = client.post(f"{BASE}{r.pk}/refuse/", {"ground": "no_consent", "reason": "Thông tin đời tư."},
                           format="json")
    assert response.status_code == 200 and response.json()["refusal_ground"] == "no_consent"
    r.refresh_from_db()
    assert r.state == State.REFUSED


def test_staff_record_a_request_received_by_post(tree, personas, requester, friday_before_tet):
    client = api(personas["official_a"])
    response = client.post(f"{BASE}record/", {"commune": tree.commune_a.pk, **requester, "channel": "post",
                                              "received_on": "2026-02-13"}, format="json")
    assert response.status_code == 201 and response.json()["due_on"] == "2026-02-27"
    assert api(personas["official_b"]).post(f"{BASE}record/", {"commune": tree.commune_a.pk, **requester,
                                                               "channel": "post"}, format="json").status_code == 403
    assert InfoRequest.objects.get().received_on == date(2026, 2, 13)


def test_a_late_deadline_notice_stays_visible_through_the_api(tree, personas, submitted):
    import time_machine

    from .conftest import at

    with time_machine.travel(at(2026, 11, 30, 9, 0), tick=False):
        r = submitted()
    with time_machine.travel(at(2026, 12, 7, 9, 0), tick=False):
        client = api(personas["official_a"])
        body = client.post(f"{BASE}{r.pk}/notify-deadline/", {}, format="json").json()
        assert body["notice_late"] is True and body["notice_due_on"] == "2026-12-03" and body["late"] is True
        assert body["due_on"] == "2026-12-21"
        assert client.get(BASE, {"due": "overdue"}).json()["results"] == []
        assert [x["id"] for x in client.get(BASE, {"due": "late"}).json()["results"]] == [r.pk]
        assert client.get(BASE, {"due": "nope"}).status_code == 400
