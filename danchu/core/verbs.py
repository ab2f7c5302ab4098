"""Audit verbs: every verb the platform writes is declared, once, in its app's `verbs.py`.

Each app lists its verbs as choices — `"<app>.<entity>.<past tense>"` with a Vietnamese label for the audit log:

    class AuditVerb(models.TextChoices):
        FEEDBACK_RECEIVED = "feedback.feedback.received", _("Tiếp nhận phản ánh")

and writes `audit.record(verb=AuditVerb.FEEDBACK_RECEIVED, …)` or `@service(AuditVerb.FEEDBACK_ANSWERED)`. So the
complete list is known without running the workflows (the audit log's filter, a reviewer reading what is recorded):
`declared_verbs()`. Two families are derived from declared ones and need no entry of their own: a refused write
`<verb>.rejected` (core.services) is declared by its write's verb. A test (core/tests/test_verbs.py) reads the code
and fails on a verb written as an f-string or a literal that no `verbs.py` declares.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from django.db import models
from django.utils.translation import gettext_lazy as _

REJECTED = ".rejected"


class AuditVerb(models.TextChoices):
    NOTIFICATION_CREATED = "core.notification.created", _("Tạo thông báo")
    NOTIFICATION_READ = "core.notification.read", _("Đọc thông báo")
    NOTIFICATIONS_FORGOTTEN = "core.notification.forgotten", _("Xóa địa chỉ, nội dung thông báo về một hồ sơ")
    ATTACHMENT_UPLOADED = "core.attachment.uploaded", _("Tải lên tệp đính kèm")
    CALENDAR_OVERRIDE_SET = "core.calendar_override.set", _("Điều chỉnh lịch làm việc")
    CALENDAR_OVERRIDE_DELETED = "core.calendar_override.deleted", _("Xóa điều chỉnh lịch làm việc")


def verb_classes() -> list[type[models.TextChoices]]:
    """The AuditVerb class of every installed danchu app that has a verbs.py."""
    out = []
    for config in apps.get_app_configs():
        if not config.name.startswith("danchu."):
            continue
        try:
            module = import_module(f"{config.name}.verbs")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.verbs":
                raise
            continue
        out.append(module.AuditVerb)
    return out


def declared_verbs() -> set[str]:
    return {value for cls in verb_classes() for value in cls.values}


def label_of(verb: str) -> str:
    """The Vietnamese label of a verb (a rejection reads "… (bị từ chối)")."""
    base = verb[: -len(REJECTED)] if verb.endswith(REJECTED) else verb
    for cls in verb_classes():
        if base in cls.values:
            label = str(cls(base).label)
            return f"{label} ({_('bị từ chối')})" if base != verb else label
    return verb


__all__ = ["REJECTED", "AuditVerb", "declared_verbs", "label_of", "verb_classes"]
