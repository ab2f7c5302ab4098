"""Citizen feedback (phản ánh, kiến nghị): categories, routing rules, the feedback itself and its history."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.core.models import Attachment, TimeStampedModel
from danchu.core.procedures import Procedure, ProcedureQuerySet
from danchu.core.scoping import ScopedQuerySet, UnitScoped
from danchu.units.models import AdministrativeUnit, Organisation

from .domain import (
    DEFAULT_ANSWER_DAYS,
    OPEN_STATES,
    TRACKING,
    CaseKind,
    Channel,
    NotifyChannel,
    State,
    is_valid_tracking_code,
)


class Category(models.Model):
    """A kind of feedback — an Open311 "service". Global to the platform; deadlines may be overridden per unit
    by a RoutingRule."""

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=150)
    group = models.CharField(_("nhóm"), max_length=80, blank=True)
    keywords = models.CharField(_("từ khóa"), max_length=300, blank=True)
    description = models.CharField(_("mô tả"), max_length=500, blank=True)
    answer_days = models.PositiveSmallIntegerField(_("thời hạn trả lời (ngày làm việc)"), default=DEFAULT_ANSWER_DAYS)
    active = models.BooleanField(_("đang dùng"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("lĩnh vực phản ánh")
        verbose_name_plural = _("lĩnh vực phản ánh")

    def __str__(self) -> str:
        return self.name


def install_default_categories(model=None) -> int:
    """Create the default categories that are missing (migration 0002, the demo, and a database emptied by
    `flush`); idempotent, and it never overwrites a category an administrator edited. Returns how many it made."""
    from .domain import DEFAULT_CATEGORIES

    model = model or Category
    created = 0
    for order, spec in enumerate(DEFAULT_CATEGORIES, start=1):
        created += model.objects.get_or_create(code=spec.code, defaults={
            "name": spec.name, "group": spec.group, "keywords": spec.keywords, "description": spec.description,
            "answer_days": spec.answer_days, "order": order})[1]
    return created


class RoutingRule(UnitScoped, models.Model):
    """(category × unit) → the organisation that answers, and optionally another answer deadline.
    An empty category covers every category of the unit's subtree."""

    unit_field = "unit"

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.CASCADE,
                             related_name="feedback_routes")
    category = models.ForeignKey(Category, verbose_name=_("lĩnh vực"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="routes")
    organisation = models.ForeignKey(Organisation, verbose_name=_("tổ chức chịu trách nhiệm"),
                                     on_delete=models.CASCADE, related_name="feedback_routes")
    answer_days = models.PositiveSmallIntegerField(_("thời hạn trả lời riêng (ngày làm việc)"), null=True,
                                                   blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công xử lý phản ánh")
        verbose_name_plural = _("phân công xử lý phản ánh")
        constraints = [
            models.UniqueConstraint(fields=["unit", "category"], condition=Q(category__isnull=False),
                                    name="feedback_route_once"),
            models.UniqueConstraint(fields=["unit"], condition=Q(category__isnull=True),
                                    name="feedback_route_default_once"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} / {self.category or '*'} → {self.organisation}"


class ApiClient(models.Model):
    """An application allowed to POST service requests through Open311 (e.g. the provincial 1022 hotline).
    Only the SHA-256 of the key is stored; the key is shown once when created."""

    name = models.CharField(_("tên ứng dụng"), max_length=150)
    key_hash = models.CharField(max_length=64, unique=True)
    key_prefix = models.CharField(max_length=8)
    active = models.BooleanField(_("đang hoạt động"), default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ứng dụng kết nối Open311")
        verbose_name_plural = _("ứng dụng kết nối Open311")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256((key or "").encode("utf-8", "replace")).hexdigest()


class FeedbackQuerySet(ProcedureQuerySet):
    """`open()`, `overdue(today)`, `due_soon(today, n)`, `in_subtree(unit)` (core.procedures) and feedback's own."""

    def for_unit(self, unit: AdministrativeUnit) -> FeedbackQuerySet:
        """The feedback of `unit` and of every unit below it (read by steering's sources)."""
        return self.in_subtree(unit)

    def with_code(self, text: str) -> FeedbackQuerySet:
        """The feedback whose tracking code a person typed ("pa abcd efgh 23"); none when it cannot be one."""
        code = TRACKING.normalise(text)
        return self.filter(tracking_code=code) if is_valid_tracking_code(code) else self.none()

    def public(self) -> FeedbackQuerySet:
        """What may be shown to anyone: the reporter agreed to publish; never a merged duplicate's or a converted
        complaint/denunciation's text."""
        return self.filter(publish=True).exclude(state=State.CONVERTED)


class Feedback(Procedure, TimeStampedModel):
    """One feedback or petition of a resident to a commune. From `core.procedures.Procedure`: its tracking code
    ("PA-…"), the due date of its answer and the official handling it (`assignee`); a feedback ends at a moment
    (`closed_at`), not on a day, so the inherited `closed_on` is removed."""

    unit_field = "commune"
    OPEN_STATES = OPEN_STATES
    TRACKING = TRACKING
    closed_on = None

    commune = models.ForeignKey(AdministrativeUnit, verbose_name=_("xã, phường"), on_delete=models.PROTECT,
                                related_name="feedback")
    village = models.ForeignKey(AdministrativeUnit, verbose_name=_("thôn, tổ dân phố"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")
    category = models.ForeignKey(Category, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT,
                                 related_name="feedback")
    description = models.TextField(_("nội dung phản ánh"))
    words = models.TextField(editable=False, default="")  # folded tokens, for duplicate detection and search
    address = models.CharField(_("địa điểm"), max_length=300, blank=True)
    lat = models.FloatField(_("vĩ độ"), null=True, blank=True)
    lon = models.FloatField(_("kinh độ"), null=True, blank=True)
    photos = models.ManyToManyField(Attachment, verbose_name=_("hình ảnh"), blank=True, related_name="+")
    media_url = models.URLField(_("đường dẫn hình ảnh (Open311)"), max_length=500, blank=True)
    # the reporter: personal data, never public unless `show_name`; phone/e-mail never public
    anonymous = models.BooleanField(_("gửi ẩn danh"), default=False)
    reporter_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    email = models.EmailField(_("thư điện tử"), max_length=254, blank=True)
    notify_channel = models.CharField(_("nhận thông báo qua"), max_length=6, choices=NotifyChannel.choices,
                                      blank=True)
    publish = models.BooleanField(_("đồng ý công khai nội dung"), default=False)
    show_name = models.BooleanField(_("đồng ý công khai tên"), default=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản người gửi"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="feedback")
    channel = models.CharField(_("kênh tiếp nhận"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    api_client = models.ForeignKey(ApiClient, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    device_id = models.CharField(max_length=100, blank=True)
    account_id = models.CharField(max_length=100, blank=True)
    # handling
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices, default=State.RECEIVED)
    organisation = models.ForeignKey(Organisation, verbose_name=_("tổ chức chịu trách nhiệm"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"))
    received_on = models.DateField(_("ngày tiếp nhận tại đơn vị hiện tại"))  # a transfer restarts the count
    answer_days = models.PositiveSmallIntegerField(_("thời hạn trả lời (ngày làm việc)"))
    transfer_due_on = models.DateField(_("hạn chuyển nếu không thuộc thẩm quyền"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("đã báo cấp trên lúc"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời (công khai)"), blank=True)
    status_note = models.CharField(_("ghi chú trạng thái (công khai)"), max_length=500, blank=True)
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("trả lời đúng hạn"), null=True, blank=True)
    closed_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)
    duplicate_of = models.ForeignKey("self", verbose_name=_("trùng với"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="duplicates")
    converted_kind = models.CharField(_("chuyển thành"), max_length=12, choices=CaseKind.choices, blank=True)
    converted_ref = models.CharField(_("số hồ sơ, đường dẫn vụ việc"), max_length=300, blank=True)
    transferred_to = models.CharField(_("cơ quan nhận chuyển"), max_length=300, blank=True)
    # satisfaction (Law 10/2022 Art.35.2.a)
    rating = models.PositiveSmallIntegerField(_("mức hài lòng"), null=True, blank=True)
    rating_comment = models.TextField(_("ý kiến của người phản ánh"), blank=True)
    rated_at = models.DateTimeField(_("thời điểm đánh giá"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("số lần mở lại"), default=0)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        indexes = [
            models.Index(fields=["commune", "state", "due_on"]),
            models.Index(fields=["publish", "received_at"]),
            models.Index(fields=["category", "received_at"]),
            models.Index(fields=["commune", "received_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                                   name="feedback_rating_1_5"),
            models.CheckConstraint(condition=Q(lat__isnull=True, lon__isnull=True)
                                   | Q(lat__isnull=False, lon__isnull=False), name="feedback_point_complete"),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def public_name(self) -> str:
        from .domain import mask_name

        return mask_name(self.reporter_name) if (self.show_name and not self.anonymous) else ""


class FeedbackEvent(models.Model):
    """One step of a feedback. `note` is public (tracking page, Open311 status_notes); `internal_note` is for
    staff only. A transfer keeps the units it went from and to."""

    class Kind(models.TextChoices):
        STATE = "state", _("Chuyển trạng thái")
        ASSIGN = "assign", _("Giao xử lý")
        TRANSFER = "transfer", _("Chuyển đơn vị")
        NOTE = "note", _("Ghi chú nội bộ")
        RATING = "rating", _("Đánh giá")
        MERGE = "merge", _("Gộp phản ánh trùng")
        ESCALATE = "escalate", _("Báo cáo cấp trên")
        CATEGORY = "category", _("Đổi lĩnh vực")

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.STATE)
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices)
    note = models.TextField(_("ghi chú công khai"), blank=True)
    internal_note = models.TextField(_("ghi chú nội bộ"), blank=True)
    from_unit = models.ForeignKey(AdministrativeUnit, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    to_unit = models.ForeignKey(AdministrativeUnit, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created = models.DateTimeField(_("lúc"), db_index=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("bước xử lý phản ánh")
        verbose_name_plural = _("bước xử lý phản ánh")

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.kind} {self.state}"
