"""healthz, NFC normalisation of every input, the API error format, OpenAPI and offline assets."""

import re
from unittest import mock

import pytest
from rest_framework.test import APIClient

from danchu.core.text import fold


@pytest.mark.django_db
def test_healthz_reports_database_cache_and_queue(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "queue"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_down(client):
    with mock.patch("danchu.core.views._check_database", side_effect=OSError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "error": "OSError"}


@pytest.mark.django_db
def test_it_normalises_form_input_to_nfc(tree, personas, login, client):
    login(client, personas["official_a"])
    decomposed = "Khu vực Bình Thủy".encode().decode()  # NFC source
    import unicodedata

    nfd = unicodedata.normalize("NFD", decomposed)
    assert nfd != decomposed
    client.post(f"/quan-ly/{tree.commune_a.pk}/thon/", {"kind": "khu_vuc", "name": nfd})
    from danchu.units.models import AdministrativeUnit

    village = AdministrativeUnit.objects.get(parent=tree.commune_a, name_folded=fold(decomposed))
    assert village.name == decomposed


@pytest.mark.django_db
def test_it_normalises_json_input_to_nfc(tree, personas):
    import unicodedata

    api = APIClient()
    api.force_authenticate(personas["official_a"])
    name = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    response = api.post("/api/v1/households/", {"village": tree.village_a1.pk, "code": "A1-777",
                                                "representative_name": name}, format="json")
    assert response.status_code == 201
    assert response.json()["representative_name"] == unicodedata.normalize("NFC", name)


@pytest.mark.django_db
def test_api_errors_have_one_format_with_stable_codes(tree, personas):
    api = APIClient()
    api.force_authenticate(personas["official_a"])
    bad = api.post("/api/v1/households/", {"village": tree.village_a1.pk}, format="json")
    assert bad.status_code == 400
    error = bad.json()["error"]
    assert error["code"] == "invalid" and "code" in error["fields"] and error["message"]
    dup = api.post("/api/v1/households/", {"village": tree.village_a1.pk, "code": "A1-001",
                                           "representative_name": "Lê Văn Tám"}, format="json")
    assert dup.status_code == 400 and dup.json()["error"]["code"] == "duplicate_code"
    assert "đã có trong xã" in dup.json()["error"]["fields"]["code"][0]
    broken = api.post("/api/v1/households/", data="{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "parse_error"
    missing = api.get("/api/v1/households/999999/")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    nonsense = api.get("/api/v1/units/?level=abc")
    assert nonsense.status_code == 400 and nonsense.json()["error"]["fields"]["level"]


@pytest.mark.django_db
def test_api_lists_are_paginated(tree):
    body = APIClient().get("/api/v1/units/?page_size=2").json()
    assert body["count"] == 6 and len(body["results"]) == 2  # 1 province, 2 communes, 3 villages and body["next"]


@pytest.mark.django_db
def test_openapi_schema_and_docs_are_served_offline(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in ("/api/v1/units/", "/api/v1/households/", "/api/v1/deadlines/compute", "/api/v1/calendar/{year}"):
        assert path in text
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    external = [u for u in re.findall(r'(?:src|href)="(https?://[^"]+)"', docs)]
    assert external == []


@pytest.mark.django_db
def test_pages_load_no_asset_from_another_host(client, tree):
    for url in ("/", f"/don-vi/{tree.commune_a.pk}/", "/accounts/dang-nhap/"):
        html = client.get(url).content.decode()
        assert re.findall(r'(?:src|href)="(?:https?:)?//', html) == [], url
        assert "/static/vendor/htmx/" in html


@pytest.mark.django_db
def test_search_finds_units_without_diacritics(client, tree):
    html = client.get("/don-vi/?q=can+tho").content.decode()
    assert "Thành phố Cần Thơ" in html
    html = client.get("/don-vi/?q=CAI KHE&level=3").content.decode()
    assert "Phường Cái Khế" in html and "Ninh Kiều" not in html
    body = APIClient().get("/api/v1/units/?q=ninh%20kieu").json()
    assert [u["name"] for u in body["results"]] == ["Phường Ninh Kiều"]


@pytest.mark.django_db
def test_english_is_the_second_locale(client, tree):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert client.get("/")["Content-Language"] == "vi"


@pytest.mark.django_db
def test_unit_detail_shows_its_lineage(tree):
    body = APIClient().get(f"/api/v1/units/{tree.commune_a.pk}/").json()
    assert body["name"] == "Phường Cái Khế" and body["version"] == "2025"
    assert body["predecessors"] == [] and body["successors"] == []


@pytest.mark.django_db
def test_anonymous_api_clients_are_throttled(settings):
    from rest_framework.settings import api_settings
    from rest_framework.throttling import AnonRateThrottle

    AnonRateThrottle.THROTTLE_RATES = {**api_settings.DEFAULT_THROTTLE_RATES, "anon": "3/min"}
    try:
        api = APIClient()
        statuses = [api.get("/api/v1/units/").status_code for _ in range(3)]
        throttled = api.get("/api/v1/units/")
    finally:
        AnonRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert statuses == [200, 200, 200] and throttled.status_code == 429
    assert throttled.json()["error"]["code"] == "throttled"


@pytest.mark.django_db
def test_large_list_totals_are_cached_and_small_ones_counted(tree, django_assert_num_queries):
    from danchu.core.http import CachedCountPaginator
    from danchu.units.models import AdministrativeUnit

    qs = AdministrativeUnit.objects.order_by("pk")
    with django_assert_num_queries(1):
        assert CachedCountPaginator(qs, 2, cache_above=3).count == 6  # counted, then cached (≥ 3)
    with django_assert_num_queries(0):
        assert CachedCountPaginator(qs, 2, cache_above=3).count == 6
    small = AdministrativeUnit.objects.filter(level=3).order_by("pk")
    for _ in range(2):
        with django_assert_num_queries(1):
            assert CachedCountPaginator(small, 2, cache_above=3).count == 2  # below the threshold: exact
