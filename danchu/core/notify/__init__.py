"""Notifications: in-app, e-mail, SMS, Zalo — one row per message, delivered after commit.

    from danchu.core.notify import notify, notification_mark_read, send_sms_code
"""

from . import tasks  # noqa: F401  (registers the huey task wherever notifications are used)
from .backends import DeliveryError, get_backend
from .services import (
    fold_ascii,
    notification_deliver,
    notification_mark_read,
    notifications_forget,
    notify,
    send_sms_code,
    sms_text,
)

__all__ = [
    "DeliveryError",
    "fold_ascii",
    "get_backend",
    "notification_deliver",
    "notification_mark_read",
    "notifications_forget",
    "notify",
    "send_sms_code",
    "sms_text",
]
