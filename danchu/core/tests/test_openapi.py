"""The OpenAPI schema names each component after its app, so that two apps' `DetailOut` never share one name."""

import pytest


@pytest.mark.django_db
def test_each_app_keeps_its_own_components(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    components = schema["components"]["schemas"]
    feedback, info = components["FeedbackDetailOut"], components["InfoRequestDetailOut"]
    assert feedback["properties"] != info["properties"]
    assert "tracking_code" in info["properties"] or "code" in info["properties"]
    assert not {"DetailOut", "SubmitOut", "TrackOut", "ListOut"} & set(components)
