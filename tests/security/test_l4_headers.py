"""L4: no Content-Security-Policy or Permissions-Policy; HSTS could not be configured."""

import re

import pytest
from django.test import override_settings

PAGES = ["/", "/cong-khai/", "/accounts/dang-nhap/", "/api/v1/units/", "/api/docs/", "/api/redoc/", "/lich-lam-viec/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_every_page_forbids_inline_script_and_other_sites(client, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert "geolocation=(self)" in response["Permissions-Policy"] and "microphone=()" in response["Permissions-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/accounts/dang-nhap/", "/api/docs/", "/api/redoc/", "/lich-lam-viec/"])
def test_the_pages_carry_no_inline_script_and_load_nothing_from_another_site(client, url):
    html = client.get(url).content.decode()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, f"inline script on {url}: {tag}"
    assert not re.search(r"\son[a-z]+=\"", html), f"inline event handler on {url}"
    assert not re.search(r"(src|href)=\"https?://(?!testserver)", html), f"a resource of another site on {url}"


@pytest.mark.django_db
@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_on_https_when_configured(client):
    response = client.get("/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get("/")
