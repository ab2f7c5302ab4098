"""M7: JSON nested 500 deep, or a lone surrogate, answered 500 on any URL before authentication."""

import json

import pytest

DEEP_LIST = "[" * 500 + "]" * 500
DEEP_OBJECT = '{"a": ' * 500 + "1" + "}" * 500
VERY_DEEP = "[" * 5000 + "]" * 5000  # beyond Python's recursion limit in json.loads
LONE_SURROGATE = '{"description": "\\ud800"}'
URLS = ["/api/v1/units/", "/api/v1/feedback/requests.json", "/", "/accounts/dang-nhap/"]


@pytest.mark.django_db
@pytest.mark.parametrize("body", [DEEP_LIST, DEEP_OBJECT, VERY_DEEP], ids=["list", "object", "very-deep"])
@pytest.mark.parametrize("url", URLS)
def test_deeply_nested_json_is_refused_with_400(client, url, body):
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "too_deep"


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_a_lone_surrogate_is_refused_with_400(client, url):
    response = client.post(url, LONE_SURROGATE, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == {"code": "invalid_text", "message":
                                        "Dữ liệu gửi lên có ký tự không hợp lệ (không phải Unicode)."}


@pytest.mark.django_db
def test_ordinary_nested_json_still_reaches_the_view(client):
    body = json.dumps({"a": [[{"b": [1, 2]}]]})
    response = client.post("/api/v1/units/", body, content_type="application/json")
    assert response.status_code in (401, 403, 405)  # the view answered, not the guard
