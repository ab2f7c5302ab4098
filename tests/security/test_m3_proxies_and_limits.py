"""M3, L10, L11: the client's address behind proxies, lock-outs keyed on account and address, limits shared by
every process, and a cap on the request size."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory, override_settings

from danchu.core import ratelimit

PROXIED = {"DANCHU_TRUSTED_PROXIES": ["127.0.0.1", "::1", "10.0.0.0/8"]}


def _request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@override_settings(**PROXIED)
def test_the_client_is_the_last_hop_that_is_not_a_trusted_proxy():
    # nginx appends the address it saw; whatever the client wrote on the left is never believed
    assert ratelimit.client_ip(_request("127.0.0.1", "6.6.6.6, 203.0.113.9")) == "203.0.113.9"
    assert ratelimit.client_ip(_request("127.0.0.1", "203.0.113.9, 10.1.2.3")) == "203.0.113.9"  # inner LB
    assert ratelimit.client_ip(_request("127.0.0.1", "garbage")) == "invalid"
    assert ratelimit.client_ip(_request("127.0.0.1")) == "127.0.0.1"
    # a client that is not behind a trusted proxy cannot choose its address
    assert ratelimit.client_ip(_request("198.51.100.7", "1.2.3.4")) == "198.51.100.7"


def test_without_trusted_proxies_the_header_is_ignored():
    assert ratelimit.client_ip(_request("127.0.0.1", "1.2.3.4")) == "127.0.0.1"


@pytest.mark.django_db
@override_settings(DANCHU_REGISTER_PER_HOUR=10, DANCHU_SMS_BACKEND="danchu.core.notify.backends.LocMemSMSBackend",
                   **PROXIED)
def test_15_registrations_with_forged_forwarded_addresses_meet_the_limit_of_10(client):
    statuses = []
    for i in range(15):
        form = {"full_name": "Lê Văn Năm", "phone": f"09876543{i:02d}", "password1": "Cantho-2026!",
                "password2": "Cantho-2026!"}
        statuses.append(client.post("/accounts/dang-ky/", form, REMOTE_ADDR="127.0.0.1",
                                    HTTP_X_FORWARDED_FOR=f"192.0.2.{i}, 203.0.113.50").status_code)
        client.cookies.clear()
    assert statuses.count(302) == 10 and statuses[10:] == [429] * 5


@pytest.mark.django_db
@override_settings(AXES_ENABLED=True, **PROXIED)
def test_five_wrong_passwords_from_one_address_do_not_lock_the_account_for_another(client, personas):
    from django.conf import settings

    leader = personas["official_a"]
    for _i in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post("/accounts/dang-nhap/", {"username": leader.username, "password": "sai-mat-khau"},
                    REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    locked = client.post("/accounts/dang-nhap/", {"username": leader.username, "password": "matkhau-an-toan-2026"},
                         REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert locked.status_code != 302  # locked out from that address
    client.cookies.clear()
    own = client.post("/accounts/dang-nhap/", {"username": leader.username, "password": "matkhau-an-toan-2026"},
                      REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert own.status_code == 302


@pytest.mark.django_db
def test_limits_are_shared_by_every_process_not_kept_in_one_process_memory():
    from danchu.core.models import RateCounter

    for _i in range(3):
        ratelimit.hit("test.scope", "203.0.113.1", limit=3, window=3600)
    cache.clear()  # another process's memory, or a restart: the count stays
    assert ratelimit.count("test.scope", "203.0.113.1", window=3600) == 3
    assert not ratelimit.hit("test.scope", "203.0.113.1", limit=3, window=3600)
    assert RateCounter.objects.filter(key__contains="test.scope").exists()


@pytest.mark.django_db
def test_the_anonymous_api_rate_is_counted_in_the_shared_counters(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/min"}}
    from rest_framework.settings import api_settings

    api_settings.reload()
    try:
        from danchu.core.api import AnonThrottle

        AnonThrottle.THROTTLE_RATES = {"anon": "3/min"}
        codes = [client.get("/api/v1/units/").status_code for _i in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
    finally:
        from rest_framework.throttling import SimpleRateThrottle

        AnonThrottle.THROTTLE_RATES = SimpleRateThrottle.THROTTLE_RATES
        api_settings.reload()


@pytest.mark.django_db
def test_a_request_larger_than_the_cap_is_refused_before_it_is_read(client, settings):
    response = client.generic("POST", "/api/v1/feedback/requests.json", b"x" * 10,
                              content_type="application/json", CONTENT_LENGTH=str(500 * 1024 * 1024))
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
