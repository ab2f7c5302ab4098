"""Audit verbs of the disclosure register (core.verbs: every verb written is declared here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerb(models.TextChoices):
    ITEM_CREATED = "disclosure.item.created", _("Tạo nội dung công khai")
    ITEM_UPDATED = "disclosure.item.updated", _("Sửa nội dung công khai")
    ITEM_PUBLISHED = "disclosure.item.published", _("Công khai nội dung")
    ITEM_WITHDRAWN = "disclosure.item.withdrawn", _("Gỡ nội dung công khai")
    ITEM_ATTACHED = "disclosure.item.attached", _("Đính kèm tệp vào nội dung công khai")
    ITEM_DETACHED = "disclosure.item.detached", _("Bỏ tệp khỏi nội dung công khai")
    ITEMS_EXPORTED = "disclosure.item.exported", _("Tải danh sách nội dung công khai")
    POSTING_ADDED = "disclosure.posting.added", _("Ghi hình thức công khai")
    POSTING_ENDED = "disclosure.posting.ended", _("Ghi ngày kết thúc niêm yết")
    SETTINGS_CHANGED = "disclosure.settings.changed", _("Đổi thiết lập công khai của xã")
    SUBSCRIPTION_REQUESTED = "disclosure.subscription.requested", _("Đăng ký nhận tin công khai")
    SUBSCRIPTION_CONFIRMED = "disclosure.subscription.confirmed", _("Xác nhận đăng ký nhận tin công khai")
    SUBSCRIPTION_CANCELLED = "disclosure.subscription.cancelled", _("Hủy đăng ký nhận tin công khai")
