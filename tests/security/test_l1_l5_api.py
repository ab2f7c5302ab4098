"""L1: a staff token with `Accept: text/html` gave 500 on every API endpoint and on /api/docs/.
L5 (part): unknown /api/v1/... URLs answered an HTML 404; the first concurrent schema requests could 500."""

import threading

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/units/", "/api/docs/", "/api/v1/feedback/categories/", "/api/v1/feedback/"])
def test_a_staff_token_asking_for_html_gets_an_answer_not_a_500(client, personas, url):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=personas["official_a"])
    response = client.get(url, HTTP_AUTHORIZATION=f"Token {token.key}", HTTP_ACCEPT="text/html")
    assert response.status_code in (200, 401, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/nope/", "/api/v1/units/999999999/x/", "/api/khong-co"])
def test_unknown_api_addresses_answer_404_in_the_api_format(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Không tìm thấy."}}


def test_concurrent_first_schema_requests_all_succeed():
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    from danchu.core.views import SchemaView

    SchemaView._cache.clear()
    view = SchemaView.as_view(throttle_classes=[])  # the generator alone, no rate counter
    codes = []

    def fetch():
        request = RequestFactory().get("/api/schema/?format=json")
        request.user = AnonymousUser()
        response = view(request)
        response.render()
        codes.append(response.status_code)

    threads = [threading.Thread(target=fetch) for _i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes == [200] * 4


@pytest.mark.django_db
def test_times_are_described_as_local_clock_times_and_public_endpoints_need_no_authentication(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    times = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("format") == "time":
                times.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert times == []  # no "format: time" (RFC 3339 needs an offset the API never sends)
    units = schema["paths"]["/api/v1/units/"]["get"]
    assert "security" not in units or units["security"] in ([], [{}])
