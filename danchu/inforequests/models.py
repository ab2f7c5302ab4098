"""Information requests (Luật Tiếp cận thông tin 2016 Art.24–31) and their register (Art.26)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from danchu.core.models import Attachment, TimeStampedModel
from danchu.core.procedures import Procedure, ProcedureQuerySet
from danchu.units.models import AdministrativeUnit

from .domain import (
    OPEN_STATES,
    TRACKING,
    Channel,
    Complexity,
    Delivery,
    FeePurpose,
    State,
    is_valid_tracking_code,
)


class InfoRequestQuerySet(ProcedureQuerySet):
    """`open()`, `overdue(today)`, `due_soon(today, n)`, `in_subtree(unit)` (core.procedures) and the register's
    own filters."""

    def with_code(self, text: str) -> InfoRequestQuerySet:
        """The request whose tracking code a person typed ("tt abcd efgh 23"); none when it cannot be one."""
        code = TRACKING.normalise(text)
        return self.filter(tracking_code=code) if is_valid_tracking_code(code) else self.none()

    def late(self, *, today: date) -> InfoRequestQuerySet:
        """Every request that missed a legal deadline (Art.29–31): open and past its due date, a step taken after
        its deadline (a late deadline notice, an extension decided once the period had run out), or provided /
        refused after the due date. Once late, always listed here."""
        return self.filter(Q(state__in=OPEN_STATES, due_on__lt=today) | Q(was_late=True)
                           | Q(closed_on__isnull=False, due_on__isnull=False, closed_on__gt=F("due_on")))


class InfoRequest(Procedure, TimeStampedModel):
    """One request for information (Phiếu yêu cầu cung cấp thông tin, Art.24.2) to a commune. From
    `core.procedures.Procedure`: its tracking code ("TT-…"), the day it was received, the due date of its next
    step, the day it was provided or refused (`closed_on`) and the official handling it (`assignee`)."""

    unit_field = "commune"
    OPEN_STATES = OPEN_STATES
    TRACKING = TRACKING

    commune = models.ForeignKey(AdministrativeUnit, verbose_name=_("xã, phường"), on_delete=models.PROTECT,
                                related_name="info_requests")
    # the requester (Art.24.2.a–c): personal data, shown only to those who handle the request
    full_name = models.CharField(_("họ và tên người yêu cầu"), max_length=150)
    address = models.CharField(_("nơi cư trú, địa chỉ"), max_length=300)
    id_number = models.CharField(_("số CMND, CCCD hoặc hộ chiếu"), max_length=20)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    email = models.EmailField(_("thư điện tử"), max_length=254, blank=True)
    # what and why (Art.24.2.d–e)
    content = models.TextField(_("thông tin yêu cầu cung cấp"))
    delivery = models.CharField(_("hình thức nhận thông tin"), max_length=12, choices=Delivery.choices)
    purpose = models.TextField(_("lý do, mục đích yêu cầu"))
    channel = models.CharField(_("cách thức gửi yêu cầu"), max_length=12, choices=Channel.choices)
    complexity = models.CharField(_("tính chất"), max_length=10, choices=Complexity.choices,
                                  default=Complexity.SIMPLE)
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.RECEIVED,
                             db_index=True)
    notice_sent_on = models.DateField(_("ngày thông báo thời hạn"), null=True, blank=True)
    notice_due_on = models.DateField(_("hạn thông báo thời hạn"), null=True, blank=True)
    # a step taken after its legal deadline (the deadline notice, an extension): kept when the due date moves on
    was_late = models.BooleanField(_("đã có bước xử lý quá hạn"), default=False)
    extended_until = models.DateField(_("gia hạn đến"), null=True, blank=True)
    extension_reason = models.TextField(_("lý do gia hạn"), blank=True)
    refusal_ground = models.CharField(_("căn cứ từ chối (Điều 28.1)"), max_length=20, blank=True)
    refusal_reason = models.TextField(_("lý do từ chối"), blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answer_files = models.ManyToManyField(Attachment, verbose_name=_("tệp trả lời"), blank=True,
                                          related_name="info_requests")
    fee_amount = models.DecimalField(_("chi phí thực tế (đồng)"), max_digits=12, decimal_places=0, default=0)
    fee_purpose = models.CharField(_("khoản chi phí"), max_length=15, choices=FeePurpose.choices, blank=True)
    fee_note = models.CharField(_("diễn giải chi phí"), max_length=300, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản người yêu cầu"), null=True,
                             blank=True, on_delete=models.SET_NULL, related_name="info_requests")

    objects = InfoRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("yêu cầu cung cấp thông tin")
        verbose_name_plural = _("yêu cầu cung cấp thông tin")
        indexes = [models.Index(fields=["commune", "state", "due_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(fee_amount__gte=0), name="inforequest_fee_not_negative"),
        ]

    def __str__(self) -> str:
        return self.tracking_code

    @property
    def notice_late(self) -> bool:
        """The written deadline notice went out after its deadline (Art.29.2, 30.2, 31.2)."""
        return bool(self.notice_sent_on and self.notice_due_on and self.notice_sent_on > self.notice_due_on)

    @property
    def closed_late(self) -> bool:
        return bool(self.closed_on and self.due_on and self.closed_on > self.due_on)

    def is_late(self, today: date) -> bool:
        """Missed a deadline at some step, or is missing one now (see InfoRequestQuerySet.late)."""
        return self.was_late or self.closed_late or self.is_overdue(today)

    def refusal_ground_text(self) -> str:
        from .domain import REFUSAL_BY_CODE, cite

        ground = REFUSAL_BY_CODE.get(self.refusal_ground)
        return f"{ground.text} ({cite(ground.article)})" if ground else ""


class InfoRequestEvent(models.Model):
    """One step of a request. `note` is shown to the requester on the tracking page; `internal_note`
    only to staff."""

    request = models.ForeignKey(InfoRequest, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices)
    note = models.TextField(_("ghi chú gửi người yêu cầu"), blank=True)
    internal_note = models.TextField(_("ghi chú nội bộ"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created = models.DateTimeField(_("lúc"), db_index=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("bước xử lý yêu cầu")
        verbose_name_plural = _("bước xử lý yêu cầu")

    def __str__(self) -> str:
        return f"{self.request_id} {self.state}"
