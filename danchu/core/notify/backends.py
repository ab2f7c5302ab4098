"""Delivery backends: one small interface, chosen by dotted path in settings.

    class Backend:
        def send(self, *, to: str, subject: str, body: str) -> None: ...   # raises DeliveryError

`DANCHU_SMS_BACKEND` / `DANCHU_ZALO_BACKEND` name the SMS and Zalo backends; e-mail goes through
Django's own `EMAIL_BACKEND` (via `EmailBackend` here); in-app needs no delivery at all.
"""

from __future__ import annotations

import json
import logging
import smtplib
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger("danchu.notify")


class DeliveryError(Exception):
    """The message could not be handed over to the channel (it may be retried)."""


class Backend(Protocol):
    def send(self, *, to: str, subject: str, body: str) -> None: ...


# --- console (development) -------------------------------------------------------------------------


class _ConsoleBackend:
    label = "CONSOLE"

    def __init__(self, stream=None):
        self._stream = stream

    def send(self, *, to: str, subject: str, body: str) -> None:
        stream = self._stream or sys.stdout  # looked up at call time (pytest capsys, redirected stdout)
        rule = "-" * 72
        stream.write(
            f"{rule}\n[{self.label} — CHỈ IN RA MÀN HÌNH, KHÔNG GỬI THẬT]\n"
            f"Đến: {to}\nTiêu đề: {subject}\n\n{body}\n{rule}\n"
        )
        stream.flush()
        logger.info("%s message to %s printed to console (not sent)", self.label, to)


class ConsoleSMSBackend(_ConsoleBackend):
    label = "SMS"


class ConsoleZaloBackend(_ConsoleBackend):
    label = "ZALO"


# --- in-memory (tests) -----------------------------------------------------------------------------


@dataclass
class OutboxMessage:
    to: str
    subject: str
    body: str
    sent_at: object = field(default_factory=timezone.now)


class LocMemSMSBackend:
    """Keeps messages in the class-level list `outbox` (like `django.core.mail.outbox`).

    Tests: `LocMemSMSBackend.outbox.clear()` before, inspect `.outbox` after."""

    outbox: ClassVar[list[OutboxMessage]] = []

    def send(self, *, to: str, subject: str, body: str) -> None:
        type(self).outbox.append(OutboxMessage(to=to, subject=subject, body=body))


class LocMemZaloBackend(LocMemSMSBackend):
    outbox: ClassVar[list[OutboxMessage]] = []


# --- HTTP SMS gateway ------------------------------------------------------------------------------


class HTTPSMSBackend:
    """POST `{"to": "...", "text": "..."}` as JSON to `DANCHU_SMS_HTTP_URL` with
    `Authorization: Bearer <DANCHU_SMS_HTTP_TOKEN>`. Any non-2xx answer, time-out or network error
    raises `DeliveryError`. Adapt a specific gateway by subclassing and overriding `payload()`."""

    def __init__(self, url: str | None = None, token: str | None = None, timeout: float | None = None):
        self.url = url if url is not None else settings.DANCHU_SMS_HTTP_URL
        self.token = token if token is not None else settings.DANCHU_SMS_HTTP_TOKEN
        self.timeout = timeout if timeout is not None else settings.DANCHU_SMS_HTTP_TIMEOUT

    def payload(self, *, to: str, subject: str, body: str) -> dict:
        return {"to": to, "text": body}

    def send(self, *, to: str, subject: str, body: str) -> None:
        if not self.url:
            raise DeliveryError("DANCHU_SMS_HTTP_URL chưa được cấu hình")
        if not self.url.startswith(("https://", "http://")):
            raise DeliveryError("DANCHU_SMS_HTTP_URL phải bắt đầu bằng https:// hoặc http://")
        data = json.dumps(self.payload(to=to, subject=subject, body=body), ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (scheme checked)
                status = response.status
                response.read(64 * 1024)
        except urllib.error.HTTPError as exc:
            detail = exc.read(500).decode("utf-8", "replace") if exc.fp else ""
            raise DeliveryError(f"SMS gateway answered HTTP {exc.code}: {detail}".strip()) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise DeliveryError(f"SMS gateway unreachable: {reason}") from exc
        if not 200 <= status < 300:
            raise DeliveryError(f"SMS gateway answered HTTP {status}")


# --- e-mail and in-app -----------------------------------------------------------------------------


class EmailBackend:
    """Through Django's `send_mail` (so `EMAIL_BACKEND` decides: console, SMTP, locmem in tests)."""

    def send(self, *, to: str, subject: str, body: str) -> None:
        subject = " ".join(subject.splitlines())  # header injection is refused by Django anyway
        try:
            sent = send_mail(subject, body, None, [to], fail_silently=False)
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"e-mail not sent: {exc}") from exc
        if sent == 0:
            raise DeliveryError("e-mail backend accepted no message")


class InAppBackend:
    """The `Notification` row is the message: nothing to deliver."""

    def send(self, *, to: str, subject: str, body: str) -> None:
        return None


# --- lookup ----------------------------------------------------------------------------------------

_SETTING_FOR_CHANNEL = {"sms": "DANCHU_SMS_BACKEND", "zalo": "DANCHU_ZALO_BACKEND"}
_DEFAULTS = {
    "sms": "danchu.core.notify.backends.ConsoleSMSBackend",
    "zalo": "danchu.core.notify.backends.ConsoleZaloBackend",
}


def get_backend(channel: str) -> Backend:
    """A fresh backend instance for `channel` ("in_app", "email", "sms", "zalo")."""
    if channel == "email":
        return EmailBackend()
    if channel == "in_app":
        return InAppBackend()
    if channel in _SETTING_FOR_CHANNEL:
        path = getattr(settings, _SETTING_FOR_CHANNEL[channel], None) or _DEFAULTS[channel]
        return import_string(path)()
    raise ValueError(f"unknown notification channel {channel!r}")
