"""Online votes by household (biểu quyết trực tuyến, NĐ 59/2023 Art.5) for community decisions of kind K6.

- `OptIn`: a household chose online voting (the register whose > 50% share allows a poll in the village).
- `Poll`: one question to the households of one village, with its options and time window.
- `Vote`: one row per household and poll — the UNIQUE (poll, household) constraint is the source of truth for
  "one vote per household". Only the SHA-256 of the household's receipt code is stored.

This app references units only; the decisions app links its Decision to a Poll from its own side.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.core.models import TimeStampedModel
from danchu.core.scoping import ScopedQuerySet, UnitScoped
from danchu.units.models import AdministrativeUnit, Household

from .domain import PUBLIC_STATES, RESULT_STATES, PollState


class OptInQuerySet(models.QuerySet):
    def active(self) -> OptInQuerySet:
        return self.filter(withdrawn_at__isnull=True)

    def for_village(self, village: AdministrativeUnit) -> OptInQuerySet:
        """Active opt-ins of the households that live in `village` now and are not dissolved."""
        return self.active().filter(household__village=village, household__dissolved_on__isnull=True)


class OptIn(UnitScoped, TimeStampedModel):
    """A household's choice to take part in online votes of its village (NĐ59 Art.5.2, 5.3)."""

    unit_field = "household__village"

    household = models.OneToOneField(Household, verbose_name=_("hộ gia đình"), on_delete=models.PROTECT,
                                     related_name="evoting_opt_in")
    opted_in_at = models.DateTimeField(_("đăng ký lúc"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi nhận"), null=True,
                                    blank=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(_("rút đăng ký lúc"), null=True, blank=True)

    objects = OptInQuerySet.as_manager()

    class Meta:
        verbose_name = _("đăng ký biểu quyết trực tuyến")
        verbose_name_plural = _("đăng ký biểu quyết trực tuyến")

    def __str__(self) -> str:
        return str(self.household)

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class PollQuerySet(ScopedQuerySet):
    def for_unit(self, unit: AdministrativeUnit) -> PollQuerySet:
        """The polls of `unit` and of every unit below it (core.scoping)."""
        return self.in_subtree(unit)

    def public(self) -> PollQuerySet:
        return self.filter(state__in=PUBLIC_STATES)


class Poll(UnitScoped, TimeStampedModel):
    """One online vote of the households of a village (a K6 community decision, Law 10/2022 Art.15.6, 17.2)."""

    unit_field = "village"

    village = models.ForeignKey(AdministrativeUnit, verbose_name=_("thôn, tổ dân phố"), on_delete=models.PROTECT,
                                related_name="evoting_polls")
    question = models.CharField(_("nội dung biểu quyết"), max_length=500)
    description = models.TextField(_("thông tin kèm theo"), blank=True)
    options = models.JSONField(_("phương án"), default=list)
    approval_option = models.PositiveSmallIntegerField(
        _("phương án tán thành"), null=True, blank=True, default=0,
        help_text=_("Phương án được tính là đồng ý khi xét tỷ lệ trên 50% tổng số hộ (để trống nếu không áp dụng)."))
    # Law 10/2022 Art.17.2; NĐ59 Art.5: online votes only for "công việc tự quản khác" (K6); the creator confirms it
    self_management_confirmed = models.BooleanField(
        _("xác nhận là công việc tự quản khác"), default=False,
        help_text=_("Người tạo xác nhận nội dung là công việc tự quản khác (Luật số 10/2022/QH15, Điều 15.6), không "
                    "phải đóng góp, hương ước, quy ước hay bầu cử."))
    opens_at = models.DateTimeField(_("bắt đầu"))
    closes_at = models.DateTimeField(_("kết thúc"))
    state = models.CharField(_("trạng thái"), max_length=12, choices=PollState.choices, default=PollState.DRAFT,
                             db_index=True)
    # public: printed in the export so anyone can recompute the hash of their own receipt code
    salt = models.CharField(_("muối của mã biên nhận"), max_length=64, editable=False)
    # snapshots taken when the poll opens: the denominator of every threshold (Law Art.21.1, "at the decision date")
    total_households = models.PositiveIntegerField(_("tổng số hộ khi mở biểu quyết"), null=True, blank=True)
    opted_in_households = models.PositiveIntegerField(_("số hộ đăng ký khi mở biểu quyết"), null=True, blank=True)
    opened_at = models.DateTimeField(_("mở lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = PollQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-id"]
        verbose_name = _("cuộc biểu quyết trực tuyến")
        verbose_name_plural = _("cuộc biểu quyết trực tuyến")
        indexes = [models.Index(fields=["village", "state"])]
        constraints = [
            models.CheckConstraint(condition=Q(opens_at__lt=models.F("closes_at")), name="evoting_poll_window"),
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def results_visible(self) -> bool:
        return self.state in RESULT_STATES

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES


class Vote(UnitScoped, models.Model):
    """One household's ballot in one poll. Never updated, never deleted."""

    unit_field = "poll__village"

    poll = models.ForeignKey(Poll, verbose_name=_("cuộc biểu quyết"), on_delete=models.PROTECT, related_name="votes")
    household = models.ForeignKey(Household, verbose_name=_("hộ gia đình"), on_delete=models.PROTECT,
                                  related_name="evoting_votes")
    option = models.PositiveSmallIntegerField(_("phương án"))
    receipt_hash = models.CharField(_("mã băm biên nhận"), max_length=64)
    cast_at = models.DateTimeField(_("biểu quyết lúc"))
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người biểu quyết"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["poll", "id"]
        verbose_name = _("phiếu biểu quyết trực tuyến")
        verbose_name_plural = _("phiếu biểu quyết trực tuyến")
        constraints = [
            models.UniqueConstraint(fields=["poll", "household"], name="evoting_one_vote_per_household"),
            models.UniqueConstraint(fields=["poll", "receipt_hash"], name="evoting_receipt_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}/{self.household_id}"
