"""Notifications: backends, the notify() service, delivery after commit, retries, SMS text."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import socket
import threading
import time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from danchu.core.models import AuditEvent, Notification
from danchu.core.notify import (
    DeliveryError,
    fold_ascii,
    notification_mark_read,
    notify,
    send_sms_code,
    sms_text,
)
from danchu.core.notify.backends import (
    ConsoleSMSBackend,
    ConsoleZaloBackend,
    EmailBackend,
    HTTPSMSBackend,
    LocMemSMSBackend,
    LocMemZaloBackend,
    get_backend,
)
from danchu.core.notify.tasks import deliver_notification

LOCMEM_SMS = "danchu.core.notify.backends.LocMemSMSBackend"
LOCMEM_ZALO = "danchu.core.notify.backends.LocMemZaloBackend"


class FlakyBackend:
    """Fails the first `failures` calls (class-level counters, reset by the fixture)."""

    calls = 0
    failures = 99

    def send(self, *, to, subject, body):
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise DeliveryError(f"gateway busy ({type(self).calls})")
        LocMemSMSBackend.outbox.append(type("M", (), {"to": to, "body": body})())


FLAKY = f"{__name__}.FlakyBackend"


@pytest.fixture(autouse=True)
def _audit_utc_shim(monkeypatch):
    # danchu/core/audit.py calls `django.utils.timezone.UTC`, which Django 5.2 does not have (reported);
    # no-op once audit.py uses `datetime.timezone.utc`.
    if not hasattr(timezone, "UTC"):
        monkeypatch.setattr(timezone, "UTC", dt.UTC, raising=False)


@pytest.fixture(autouse=True)
def _huey_inline():
    """Tasks run inline; retries wait in huey's in-memory schedule (see `run_scheduled_retries`).

    Set here rather than trusting HUEY_IMMEDIATE: the settings may be imported before conftest.py."""
    was_immediate = HUEY.immediate
    HUEY.immediate = True  # switches huey to a MemoryStorage
    HUEY.flush()  # memory only: drop retries scheduled by earlier tests
    yield
    HUEY.flush()
    HUEY.immediate = was_immediate


@pytest.fixture(autouse=True)
def _clean_outboxes():
    LocMemSMSBackend.outbox.clear()
    LocMemZaloBackend.outbox.clear()
    FlakyBackend.calls, FlakyBackend.failures = 0, 99
    with override_settings(DANCHU_SMS_BACKEND=LOCMEM_SMS, DANCHU_ZALO_BACKEND=LOCMEM_ZALO, DANCHU_SMS_ASCII=False):
        yield


@pytest.fixture
def alice(django_user_model):
    return django_user_model.objects.create_user(
        username="alice", password="x", email="alice@example.vn", phone="0912345678", full_name="Nguyễn Thị An"
    )


@pytest.fixture
def bob(django_user_model):
    return django_user_model.objects.create_user(username="bob", password="x")


def run_scheduled_retries() -> int:
    """Run the retries huey scheduled (60 s later) right now, as the consumer would; returns how many ran."""
    ran = 0
    for _ in range(10):  # bounded: a bug must not loop forever
        later = dt.datetime.now() + dt.timedelta(days=1)  # noqa: DTZ005 (huey utc=False: naive local time)
        due = HUEY.read_schedule(later)
        if not due:
            return ran
        for task in due:
            HUEY.execute(task, timestamp=later)
            ran += 1
    raise AssertionError("retries never stopped")


# --- backends --------------------------------------------------------------------------------------


def test_it_prints_console_sms_clearly_marked_as_not_sent(capsys):
    ConsoleSMSBackend().send(to="0912345678", subject="Thử", body="Xin chào bà con")
    out = capsys.readouterr().out
    assert "[SMS — CHỈ IN RA MÀN HÌNH, KHÔNG GỬI THẬT]" in out
    assert "0912345678" in out and "Xin chào bà con" in out


def test_it_prints_console_zalo_clearly_marked_as_not_sent(capsys):
    ConsoleZaloBackend().send(to="0912345678", subject="Họp thôn", body="Tối nay 19h")
    out = capsys.readouterr().out
    assert "[ZALO — CHỈ IN RA MÀN HÌNH, KHÔNG GỬI THẬT]" in out and "Họp thôn" in out


def test_it_keeps_locmem_messages_in_an_outbox():
    LocMemSMSBackend().send(to="0912345678", subject="s", body="nội dung")
    assert [(m.to, m.body) for m in LocMemSMSBackend.outbox] == [("0912345678", "nội dung")]
    assert LocMemZaloBackend.outbox == []


def test_it_picks_backends_from_settings():
    assert isinstance(get_backend("sms"), LocMemSMSBackend)
    assert isinstance(get_backend("zalo"), LocMemZaloBackend)
    assert isinstance(get_backend("email"), EmailBackend)
    with override_settings(DANCHU_SMS_BACKEND="danchu.core.notify.backends.ConsoleSMSBackend"):
        assert isinstance(get_backend("sms"), ConsoleSMSBackend)
    with pytest.raises(ValueError):
        get_backend("fax")


def test_it_sends_email_through_django(mailoutbox):
    EmailBackend().send(to="an@example.vn", subject="Thông báo họp", body="Nội dung")
    assert len(mailoutbox) == 1
    assert (mailoutbox[0].to, mailoutbox[0].subject, mailoutbox[0].body) == (
        ["an@example.vn"], "Thông báo họp", "Nội dung")


# --- HTTP gateway against a local server -----------------------------------------------------------


class _Gateway(http.server.BaseHTTPRequestHandler):
    received: list = []  # noqa: RUF012

    def do_POST(self):  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length)
        type(self).received.append((self.path, dict(self.headers), body))
        if self.path == "/slow":
            time.sleep(1.0)
        status = 500 if self.path == "/broken" else 200
        payload = b'{"error": "quota"}' if status == 500 else b'{"ok": true}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        try:
            self.wfile.write(payload)
        except OSError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway():
    _Gateway.received = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_it_posts_json_with_a_bearer_token_to_the_http_gateway(gateway):
    with override_settings(DANCHU_SMS_HTTP_URL=gateway + "/sms", DANCHU_SMS_HTTP_TOKEN="bi-mat"):
        HTTPSMSBackend().send(to="0912345678", subject="ignored", body="Mã của bạn là 1234")
    (path, headers, body), = _Gateway.received
    assert path == "/sms"
    assert headers["Authorization"] == "Bearer bi-mat"
    assert headers["Content-Type"].startswith("application/json")
    assert json.loads(body) == {"to": "0912345678", "text": "Mã của bạn là 1234"}


def test_it_raises_delivery_error_when_the_gateway_answers_an_error(gateway):
    with pytest.raises(DeliveryError, match="HTTP 500.*quota"):
        HTTPSMSBackend(url=gateway + "/broken", token="t").send(to="0912345678", subject="", body="x")


def test_it_raises_delivery_error_on_timeout(gateway):
    with pytest.raises(DeliveryError, match="unreachable"):
        HTTPSMSBackend(url=gateway + "/slow", token="t", timeout=0.2).send(to="0912345678", subject="", body="x")


def test_it_raises_delivery_error_when_the_gateway_is_down_or_not_configured():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again at once: nobody listens there
    with pytest.raises(DeliveryError):
        HTTPSMSBackend(url=f"http://127.0.0.1:{port}/sms", token="t", timeout=2).send(to="0", subject="", body="x")
    with override_settings(DANCHU_SMS_HTTP_URL=""), pytest.raises(DeliveryError, match="chưa được cấu hình"):
        HTTPSMSBackend().send(to="0", subject="", body="x")
    with pytest.raises(DeliveryError):
        HTTPSMSBackend(url="file:///etc/passwd").send(to="0", subject="", body="x")


# --- notify() --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_it_creates_an_in_app_notification_as_sent_at_once(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        n = notify(channel="in_app", subject="Có phản ánh mới", body="Xem chi tiết", recipient=alice,
                   url="/phan-anh/1/", actor=alice)
    assert (n.status, n.recipient, n.url) == ("sent", alice, "/phan-anh/1/")
    assert n.sent_at is not None and callbacks == []
    event = AuditEvent.objects.get(verb="core.notification.created")
    assert event.target_id == str(n.pk) and event.data == {"channel": "in_app", "recipient": alice.pk}


@pytest.mark.django_db
def test_it_delivers_email_after_commit_to_the_recipients_address(alice, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        n = notify(channel="email", subject="Lịch họp thôn", body="Họp lúc 19h.", recipient=alice,
                   url="https://danchu.example.vn/hop/1")
        assert mailoutbox == []  # nothing before commit
    n.refresh_from_db()
    assert (n.status, n.address, n.error) == ("sent", "alice@example.vn", "")
    assert n.sent_at is not None
    assert mailoutbox[0].to == ["alice@example.vn"] and mailoutbox[0].subject == "Lịch họp thôn"
    assert mailoutbox[0].body == "Họp lúc 19h.\n\nhttps://danchu.example.vn/hop/1"


@pytest.mark.django_db
def test_it_delivers_sms_and_zalo_through_the_configured_backends(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sms = notify(channel="sms", subject="Họp", body="Mời ông/bà dự họp thôn.", recipient=alice)
        zalo = notify(channel="zalo", subject="Họp", body="Mời dự họp.", address="0987654321")
    sms.refresh_from_db()
    zalo.refresh_from_db()
    assert (sms.status, zalo.status) == ("sent", "sent")
    assert [(m.to, m.body) for m in LocMemSMSBackend.outbox] == [("0912345678", "Mời ông/bà dự họp thôn.")]
    assert [(m.to, m.body) for m in LocMemZaloBackend.outbox] == [("0987654321", "Mời dự họp.")]


@pytest.mark.django_db
def test_it_sends_nothing_when_the_transaction_rolls_back(alice, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(channel="sms", subject="Họp", body="Không được gửi", recipient=alice)
            notify(channel="email", subject="Họp", body="Không được gửi", recipient=alice)
            raise RuntimeError("the caller's change failed")
    assert callbacks == []
    assert LocMemSMSBackend.outbox == [] and mailoutbox == []
    assert not Notification.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.django_db
@override_settings(DANCHU_SMS_BACKEND=FLAKY)
def test_it_marks_failed_after_the_retries_are_used_up(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        n = notify(channel="sms", subject="Họp", body="Mời họp", recipient=alice)
    n.refresh_from_db()
    assert (n.status, FlakyBackend.calls) == ("pending", 1)  # first attempt failed, a retry is scheduled
    assert "sẽ thử lại" in n.error
    assert run_scheduled_retries() == 3
    n.refresh_from_db()
    assert (n.status, FlakyBackend.calls) == ("failed", 4)  # 1 attempt + retries=3
    assert n.error == "gateway busy (4)" and n.sent_at is None
    assert deliver_notification.call_local(n.pk) == "failed" and FlakyBackend.calls == 4  # never resent


@pytest.mark.django_db
@override_settings(DANCHU_SMS_BACKEND=FLAKY)
def test_it_succeeds_on_a_retry_after_a_transient_failure(alice, django_capture_on_commit_callbacks):
    FlakyBackend.failures = 1
    with django_capture_on_commit_callbacks(execute=True):
        n = notify(channel="sms", subject="Họp", body="Mời họp", recipient=alice)
    assert run_scheduled_retries() == 1
    n.refresh_from_db()
    assert (n.status, n.error, FlakyBackend.calls) == ("sent", "", 2)
    assert len(LocMemSMSBackend.outbox) == 1


@pytest.mark.django_db
def test_it_refuses_a_notification_without_an_address_or_channel(bob):
    with pytest.raises(ValidationError) as excinfo:
        notify(channel="sms", subject="s", body="b", recipient=bob)  # bob has no phone
    assert excinfo.value.code == "notification_no_address"
    with pytest.raises(ValidationError) as excinfo:
        notify(channel="in_app", subject="s", body="b")
    assert excinfo.value.code == "notification_no_recipient"
    with pytest.raises(ValidationError) as excinfo:
        notify(channel="fax", subject="s", body="b", address="1")
    assert excinfo.value.code == "notification_bad_channel"
    assert not Notification.objects.exists()


@pytest.mark.django_db
def test_it_marks_a_notification_read_only_for_its_recipient(alice, bob):
    n = notify(channel="in_app", subject="s", body="b", recipient=alice)
    with pytest.raises(PermissionDenied):
        notification_mark_read(notification=n, actor=bob)
    notification_mark_read(notification=n, actor=alice)
    n.refresh_from_db()
    first_read = n.read_at
    assert first_read is not None
    notification_mark_read(notification=n, actor=alice)  # idempotent
    n.refresh_from_db()
    assert n.read_at == first_read
    assert AuditEvent.objects.filter(verb="core.notification.read").count() == 1


# --- SMS text ---------------------------------------------------------------------------------------


def test_it_folds_vietnamese_diacritics_keeping_case():
    assert fold_ascii("Đà Nẵng, Thừa Thiên Huế — “Ủy ban” ơi…") == 'Da Nang, Thua Thien Hue - "Uy ban" oi...'
    assert fold_ascii("ĐƯỜNG Phố Ước Mơ ỹ Ỵ 10₫") == "DUONG Pho Uoc Mo y Y 10d"
    assert fold_ascii("abc 123") == "abc 123"


@pytest.mark.django_db
@override_settings(DANCHU_SMS_ASCII=True)
def test_it_sends_unaccented_sms_when_the_setting_asks_for_it(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        n = notify(channel="sms", subject="Họp", body="Mời ông bà dự họp ở Nhà văn hóa thôn Đông.", recipient=alice)
    assert LocMemSMSBackend.outbox[0].body == "Moi ong ba du hop o Nha van hoa thon Dong."
    n.refresh_from_db()
    assert n.body == "Mời ông bà dự họp ở Nhà văn hóa thôn Đông."  # the row keeps the real text


def test_it_limits_sms_length_to_three_parts():
    assert len(sms_text("a" * 1000, ascii_only=True)) == 459
    assert sms_text("a" * 1000, ascii_only=True).endswith("...")
    assert len(sms_text("ơ" * 1000)) == 201 and sms_text("ơ" * 1000).endswith("…")
    assert len(sms_text("ơ" * 1000, ascii_only=True)) == 459
    assert sms_text("Xin   chào\n\n\nbà con ", max_segments=1) == "Xin chào\nbà con"
    with override_settings(DANCHU_SMS_MAX_SEGMENTS=1):
        assert len(sms_text("a" * 200)) == 160


def test_it_sends_the_verification_code_in_vietnamese():
    send_sms_code("0912345678", "123456")
    (message,) = LocMemSMSBackend.outbox
    assert message.to == "0912345678"
    assert message.body == "Mã xác minh danchu của bạn là 123456. Mã có hiệu lực trong 10 phút."


@override_settings(DANCHU_SMS_ASCII=True)
def test_it_sends_the_verification_code_unaccented_when_asked():
    send_sms_code("0912345678", "123456")
    assert LocMemSMSBackend.outbox[0].body == "Ma xac minh danchu cua ban la 123456. Ma co hieu luc trong 10 phut."


@override_settings(DANCHU_SMS_BACKEND=FLAKY)
def test_it_reports_a_failed_verification_code_to_the_caller():
    with pytest.raises(DeliveryError):
        send_sms_code("0912345678", "123456")
