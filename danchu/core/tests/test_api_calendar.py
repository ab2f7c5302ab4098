"""POST /api/v1/deadlines/compute and GET /api/v1/calendar/<year>."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

COMPUTE = "/api/v1/deadlines/compute"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()  # also resets the anonymous throttle
    yield
    cache.clear()


@pytest.fixture
def client() -> APIClient:
    return APIClient()


def _post(client, payload):
    return client.post(COMPUTE, payload, format="json")


def _assert_error(response, field=None):
    assert response.status_code == 400, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["code"]
    assert body["error"]["message"]
    if field:
        messages = body["error"]["fields"][field]
        assert messages and all(isinstance(m, str) and m for m in messages)
        return messages[0]
    return body["error"]["message"]


# --- 200 -----------------------------------------------------------------------------------------


def test_it_counts_working_days_across_tet(client):
    response = _post(client, {"start": "2026-02-13", "amount": 5, "unit": "WD"})
    assert response.status_code == 200
    body = response.json()
    assert body["due"] == "2026-02-27"
    assert body["start"] == "2026-02-13" and body["amount"] == 5 and body["unit"] == "WD"
    assert body["unit_label"] == "ngày làm việc"
    assert body["rule"] == "BLDS 2015 Art.147–148"
    assert body["rolled_forward"] is False
    skipped = {d["date"]: d["name"] for d in body["non_working_days_skipped"]}
    assert skipped["2026-02-17"] == "Tết Nguyên Đán"
    assert skipped["2026-02-14"] == ""  # an ordinary Saturday


def test_it_rolls_a_calendar_day_deadline_forward(client):
    body = _post(client, {"start": "2026-03-02", "amount": 5, "unit": "D"}).json()
    assert body["nominal_end"] == "2026-03-07"
    assert body["due"] == "2026-03-09"
    assert body["rolled_forward"] is True


def test_it_counts_months_to_the_end_of_a_short_month(client):
    body = _post(client, {"start": "2026-01-31", "amount": 1, "unit": "M"}).json()
    assert body["nominal_end"] == "2026-02-28"
    assert body["due"] == "2026-03-02"


def test_it_accepts_amount_zero_and_the_maximum(client):
    assert _post(client, {"start": "2026-03-09", "amount": 0, "unit": "D"}).json()["due"] == "2026-03-09"
    assert _post(client, {"start": "2026-03-09", "amount": 3650, "unit": "WD"}).status_code == 200


def test_it_is_public_for_a_logged_in_user_without_a_csrf_token(django_user_model):
    user = django_user_model.objects.create_user(username="u", password="x")
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(user)
    assert _post(client, {"start": "2026-03-09", "amount": 1, "unit": "D"}).status_code == 200


# --- 400 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["start", "amount", "unit"])
def test_it_rejects_a_missing_field(client, missing):
    payload = {"start": "2026-03-09", "amount": 1, "unit": "D"}
    del payload[missing]
    message = _assert_error(_post(client, payload), missing)
    assert "Thiếu" in message


def test_it_answers_in_the_project_error_format(client):
    body = _post(client, {}).json()
    assert body["error"]["code"] == "invalid"
    assert body["error"]["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert set(body["error"]["fields"]) == {"start", "amount", "unit"}


@pytest.mark.parametrize("bad", ["2026-02-30", "09/03/2026", "hôm nay", "", 20260309, "2026-03-09T10:00:00"])
def test_it_rejects_a_bad_date(client, bad):
    message = _assert_error(_post(client, {"start": bad, "amount": 1, "unit": "D"}), "start")
    assert "Ngày bắt đầu" in message


def test_it_rejects_a_start_outside_the_supported_years(client):
    message = _assert_error(_post(client, {"start": "1900-01-01", "amount": 1, "unit": "D"}), "start")
    assert "1990" in message


def test_it_rejects_a_negative_amount(client):
    message = _assert_error(_post(client, {"start": "2026-03-09", "amount": -1, "unit": "D"}), "amount")
    assert message == "Độ dài thời hạn không được âm."


@pytest.mark.parametrize("huge", [3651, 10**12, 10**40])
def test_it_rejects_an_absurdly_large_amount(client, huge):
    message = _assert_error(_post(client, {"start": "2026-03-09", "amount": huge, "unit": "D"}), "amount")
    assert "tối đa" in message or "quá lớn" in message


@pytest.mark.parametrize("bad", ["5", 5.5, 5.0, True, None, [5], {"n": 5}])
def test_it_rejects_an_amount_of_the_wrong_type(client, bad):
    _assert_error(_post(client, {"start": "2026-03-09", "amount": bad, "unit": "D"}), "amount")


@pytest.mark.parametrize("bad", ["W", "d", "days", "", 1, None])
def test_it_rejects_an_unknown_unit(client, bad):
    message = _assert_error(_post(client, {"start": "2026-03-09", "amount": 1, "unit": bad}), "unit")
    assert "D, WD hoặc M" in message or "Thiếu" in message


def test_it_rejects_a_deadline_ending_beyond_the_supported_years(client):
    response = _post(client, {"start": "2100-06-01", "amount": 3650, "unit": "D"})
    _assert_error(response, "amount")
    assert response.json()["error"]["code"] == "out_of_range"


def test_it_rejects_a_body_that_is_not_json(client):
    response = client.post(COMPUTE, data="{start: 2026", content_type="application/json")
    message = _assert_error(response)
    assert response.json()["error"]["code"] == "parse_error"
    assert "JSON" in message


def test_it_rejects_a_form_encoded_body_with_a_400(client):
    response = client.post(COMPUTE, data="start=2026-03-09&amount=1&unit=D",
                           content_type="application/x-www-form-urlencoded")
    _assert_error(response)
    assert response.json()["error"]["code"] == "parse_error"


@pytest.mark.parametrize("body", [[1, 2], "2026-03-09", 5])
def test_it_rejects_json_that_is_not_an_object(client, body):
    response = client.post(COMPUTE, data=json.dumps(body), content_type="application/json")
    message = _assert_error(response, "non_field_errors")
    assert "đối tượng JSON" in message


def test_it_refuses_get_on_the_compute_endpoint(client):
    assert client.get(COMPUTE).status_code == 405


# --- calendar ------------------------------------------------------------------------------------


def test_it_lists_the_days_off_and_worked_weekend_days_of_2026(client):
    response = client.get("/api/v1/calendar/2026")
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2026
    off = {d["date"]: d["name"] for d in body["non_working_weekdays"]}
    assert off["2026-02-17"] == "Tết Nguyên Đán"
    assert "2026-08-31" in off and "2026-09-02" in off
    assert body["working_weekend_days"] == [
        {"date": "2026-08-22", "name": "Làm việc bù cho ngày nghỉ 31/08/2026"}
    ]


@pytest.mark.parametrize("year", ["1989", "2101", "-5", "0", "99999999999999999999", "abc", "2026.5"])
def test_it_rejects_a_year_out_of_range(client, year):
    response = client.get(f"/api/v1/calendar/{year}")
    message = _assert_error(response, "year")
    assert "1990" in message


def test_it_accepts_the_edge_years(client):
    assert client.get("/api/v1/calendar/1990").status_code == 200
    assert client.get("/api/v1/calendar/2100").status_code == 200


# --- schema --------------------------------------------------------------------------------------


def test_it_documents_both_endpoints_in_the_openapi_schema(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    compute = schema["paths"]["/api/v1/deadlines/compute"]["post"]
    assert compute["operationId"] == "deadlines_compute"
    assert {"200", "400"} <= set(compute["responses"])
    assert "requestBody" in compute
    calendar = schema["paths"]["/api/v1/calendar/{year}"]["get"]
    assert calendar["operationId"] == "calendar_year"
    assert {"200", "400"} <= set(calendar["responses"])
    assert calendar["parameters"][0]["schema"]["type"] == "integer"
