"""An independent Open311 client — the `georeport` package from PyPI (0.3.1) — against a live test server, in JSON
and in XML. It has no POST; the POST goes through plain HTTP (`requests`) the way a hotline system would send it."""

from __future__ import annotations

import georeport  # a test dependency (pyproject's `test` extra): a missing client fails, never skips
import pytest
import requests as requests_lib

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def root(live_server):
    return live_server.url + "/open311/v2"


def test_the_georeport_client_reads_services_definition_and_requests(root, places, personas):
    from danchu.feedback import services

    _client, key = services.api_client_create(name="Tổng đài 1022", actor="test")
    created = requests_lib.post(root + "/requests.json", data={
        "api_key": key, "jurisdiction_id": "31120", "service_code": "moi-truong", "lat": "10.0461",
        "long": "105.7840", "description": "Rác thải đổ trộm ven kênh Xáng Thổi, bốc mùi.",
        "attribute[publish]": "true"}, timeout=10)
    assert created.status_code == 200, created.text
    request_id = created.json()[0]["service_request_id"]

    for fmt in ("json", "xml"):
        client = georeport.GeoReport(root, jurisdiction="31120", output_format=fmt)
        service_list = client.get_service_list()
        assert "moi-truong" in [s["service_code"] for s in service_list]
        definition = client.get_service_definition("moi-truong")
        assert definition["service_code"] == "moi-truong"
        found = client.get_service_requests(service_code="moi-truong", status="open")
        found = found if isinstance(found, list) else [found]  # xmltodict gives a dict for a single element
        assert [r["service_request_id"] for r in found] == [request_id]
        one = client.get_service_request(request_id)
        assert one["status"] == "open" and one["service_code"] == "moi-truong"

    with pytest.raises(requests_lib.HTTPError) as exc:
        georeport.GeoReport(root, output_format="json").get_service_list()  # no jurisdiction_id
    assert exc.value.response.status_code == 400
