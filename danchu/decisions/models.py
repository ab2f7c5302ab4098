"""Community decisions (Nhân dân bàn và quyết định, Law 10/2022 Art.15–24; NĐ 59/2023 Art.3–5).

A `Decision` belongs to a village (or, for a commune-wide K1/K2, to the commune, with one village `part` per
village). It is decided at one or more `Meeting`s (clusters of a village of ≥ 200 households), by a household
`BallotRound`, or online (K6, `evoting.Poll`). Each household's expression is one `HouseholdPosition` per
channel (UNIQUE decision × household × channel); domain.final_positions() picks the one that counts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.core.models import TimeStampedModel
from danchu.core.scoping import ScopedQuerySet, UnitScoped
from danchu.units.models import AdministrativeUnit, Household

from .domain import (
    CLOSED_STATES,
    RESULT_STATES,
    AnnulGround,
    Channel,
    Choice,
    Form,
    Kind,
    Scope,
    State,
    rule_of,
)


class DecisionQuerySet(ScopedQuerySet):
    def for_unit(self, unit: AdministrativeUnit) -> DecisionQuerySet:
        """The decisions of `unit` and of every unit below it (core.scoping)."""
        return self.in_subtree(unit)

    def public(self) -> DecisionQuerySet:
        return self.exclude(state=State.DRAFT)

    def top_level(self) -> DecisionQuerySet:
        return self.filter(parent__isnull=True)


class Decision(UnitScoped, TimeStampedModel):
    unit_field = "unit"

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("thôn, tổ dân phố hoặc xã"), on_delete=models.PROTECT,
                             related_name="community_decisions")
    parent = models.ForeignKey("self", verbose_name=_("quyết định phạm vi xã"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="parts")
    scope = models.CharField(_("phạm vi"), max_length=10, choices=Scope.choices, default=Scope.VILLAGE)
    kind = models.CharField(_("nội dung (Điều 15)"), max_length=2, choices=Kind.choices)
    form = models.CharField(_("hình thức dự kiến"), max_length=10, choices=Form.choices, default=Form.MEETING)
    title = models.CharField(_("tên nội dung"), max_length=300)
    content = models.TextField(_("nội dung đưa ra bàn và quyết định"))
    options = models.TextField(_("phương án đưa ra biểu quyết"), blank=True)
    state = models.CharField(_("trạng thái"), max_length=15, choices=State.choices, default=State.DRAFT,
                             db_index=True)
    # Art.20.2: time, total households, present, absent, result
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    household_total = models.PositiveIntegerField(_("tổng số hộ gia đình tại ngày quyết định"), null=True, blank=True)
    # households whose representative took part: present at a meeting, or returned a ballot, or voted online
    participating = models.PositiveIntegerField(_("số hộ tham gia"), default=0)
    agree = models.PositiveIntegerField(_("số hộ đồng ý"), default=0)
    disagree = models.PositiveIntegerField(_("số hộ không đồng ý"), default=0)
    other = models.PositiveIntegerField(_("số hộ có ý kiến khác"), default=0)
    villages_total = models.PositiveIntegerField(_("tổng số thôn, tổ dân phố"), null=True, blank=True)
    villages_approving = models.PositiveIntegerField(_("số thôn, tổ dân phố tán thành"), null=True, blank=True)
    result_form = models.CharField(_("hình thức quyết định"), max_length=10, choices=Form.choices, blank=True)
    result_on = models.DateField(_("ngày có kết quả"), null=True, blank=True)
    send_due = models.DateField(_("hạn gửi cấp xã"), null=True, blank=True)
    sent_on = models.DateField(_("ngày gửi cấp xã"), null=True, blank=True)
    recognition_due = models.DateField(_("hạn công nhận"), null=True, blank=True)
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)
    recognition_ref = models.CharField(_("số quyết định công nhận"), max_length=100, blank=True)
    effective_on = models.DateField(_("ngày có hiệu lực"), null=True, blank=True)
    refused_on = models.DateField(_("ngày trả lời không công nhận"), null=True, blank=True)
    refusal_reason = models.TextField(_("lý do không công nhận"), blank=True)
    closed_on = models.DateField(_("ngày sửa đổi hoặc bãi bỏ"), null=True, blank=True)
    annul_ground = models.CharField(_("căn cứ (Điều 22)"), max_length=10, choices=AnnulGround.choices, blank=True)
    annul_reason = models.TextField(_("lý do sửa đổi, bãi bỏ"), blank=True)
    amends = models.ForeignKey("self", verbose_name=_("sửa đổi, thay thế quyết định"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="amendments")
    poll = models.OneToOneField("evoting.Poll", verbose_name=_("cuộc biểu quyết trực tuyến"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="community_decision")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("nội dung nhân dân bàn và quyết định")
        verbose_name_plural = _("nội dung nhân dân bàn và quyết định")
        indexes = [models.Index(fields=["unit", "state"])]
        constraints = [
            models.CheckConstraint(condition=Q(agree__lte=models.F("participating"))
                                   | Q(scope=Scope.COMMUNE), name="decision_agree_within_participants"),
            models.CheckConstraint(condition=Q(household_total__isnull=True)
                                   | Q(participating__lte=models.F("household_total")),
                                   name="decision_participants_within_households"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def village(self):
        return self.unit if self.scope == Scope.VILLAGE else None

    @property
    def commune(self):
        return self.unit.commune

    @property
    def rule(self) -> str:
        return rule_of(self.kind, self.scope)

    @property
    def has_result(self) -> bool:
        return self.state in RESULT_STATES

    @property
    def is_closed(self) -> bool:
        return self.state in CLOSED_STATES

    @property
    def absent(self) -> int | None:
        """Art.20.2(b): households without a representative taking part (total − present)."""
        return None if self.household_total is None else self.household_total - self.participating

    @property
    def abstained(self) -> int:
        """Households that took part (e.g. present at the meeting) without choosing an option."""
        return max(0, self.participating - self.agree - self.disagree - self.other)


class VoteMethod(models.TextChoices):
    HANDS = "hands", _("Giơ tay")
    SECRET = "secret", _("Bỏ phiếu kín")


class Meeting(UnitScoped, TimeStampedModel):
    """Cuộc họp cộng đồng dân cư (Law Art.18; NĐ59 Art.3), or one cluster meeting of a large village."""

    unit_field = "decision__unit"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="meetings")
    cluster = models.CharField(_("cụm dân cư"), max_length=150, blank=True)
    notice_on = models.DateField(_("ngày thông báo (Mẫu 01)"))
    held_on = models.DateField(_("ngày họp"))
    starts_at = models.TimeField(_("giờ họp"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=300)
    chair_name = models.CharField(_("người chủ trì"), max_length=150)
    secretary_name = models.CharField(_("thư ký"), max_length=150, blank=True)
    secretary_votes = models.PositiveIntegerField(_("số hộ biểu quyết chọn thư ký"), null=True, blank=True)
    vote_method = models.CharField(_("cách biểu quyết"), max_length=10, choices=VoteMethod.choices, blank=True)
    count_team = models.JSONField(_("ban kiểm phiếu"), default=list, blank=True)
    witness_1 = models.ForeignKey(Household, verbose_name=_("hộ chứng kiến kiểm phiếu 1"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    witness_2 = models.ForeignKey(Household, verbose_name=_("hộ chứng kiến kiểm phiếu 2"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    secret_agree = models.PositiveIntegerField(_("phiếu đồng ý"), default=0)
    secret_disagree = models.PositiveIntegerField(_("phiếu không đồng ý"), default=0)
    secret_other = models.PositiveIntegerField(_("phiếu ý kiến khác"), default=0)
    recorded_at = models.DateTimeField(_("ghi kết quả lúc"), null=True, blank=True)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("cuộc họp cộng đồng dân cư")
        verbose_name_plural = _("cuộc họp cộng đồng dân cư")

    def __str__(self) -> str:
        return f"{self.decision} — {self.held_on:%d/%m/%Y}" + (f" ({self.cluster})" if self.cluster else "")

    @property
    def present(self) -> int:
        return self.attendances.count()


class MeetingAttendance(UnitScoped, models.Model):
    """A household representative present at a meeting (Art.18.1–2). One meeting per household and decision:
    cluster meetings of one village never count a household twice."""

    unit_field = "decision__unit"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="attendances")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    representative_name = models.CharField(_("người đại diện dự họp"), max_length=150, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("hộ dự họp")
        verbose_name_plural = _("hộ dự họp")
        constraints = [models.UniqueConstraint(fields=["decision", "household"], name="decision_attendance_once")]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.household_id}"


class HouseholdPosition(UnitScoped, models.Model):
    """What one household expressed in one channel (meeting, paper ballot, online vote)."""

    unit_field = "decision__unit"

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="positions")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    choice = models.CharField(_("ý kiến"), max_length=10, choices=Choice.choices)
    note = models.CharField(_("ý kiến khác"), max_length=500, blank=True)
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="positions")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến của hộ")
        verbose_name_plural = _("ý kiến của hộ")
        constraints = [
            models.UniqueConstraint(fields=["decision", "household", "channel"], name="decision_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id}/{self.household_id}/{self.channel}: {self.choice}"


class RoundState(models.TextChoices):
    OPEN = "open", _("Đang phát, thu phiếu")
    CLOSED = "closed", _("Đã kiểm phiếu")


class BallotRound(UnitScoped, TimeStampedModel):
    """Phát phiếu lấy ý kiến hộ gia đình (Law Art.19; NĐ59 Art.4)."""

    unit_field = "decision__unit"

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="ballot_round")
    plan_issued_on = models.DateField(_("ngày ban hành kế hoạch"))
    plan_sent_on = models.DateField(_("ngày gửi kế hoạch cho cấp xã"), null=True, blank=True)
    plan_due = models.DateField(_("hạn gửi kế hoạch cho cấp xã"))
    notice_on = models.DateField(_("ngày thông báo"))
    distribute_on = models.DateField(_("ngày phát phiếu"))
    deadline = models.DateField(_("hạn thu phiếu"))
    team = models.JSONField(_("tổ phát phiếu"), default=list)
    leader_name = models.CharField(_("tổ trưởng (đại diện Ban công tác Mặt trận)"), max_length=150)
    witness_1 = models.ForeignKey(Household, verbose_name=_("hộ chứng kiến kiểm phiếu 1"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    witness_2 = models.ForeignKey(Household, verbose_name=_("hộ chứng kiến kiểm phiếu 2"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("trạng thái"), max_length=10, choices=RoundState.choices, default=RoundState.OPEN)
    closed_at = models.DateTimeField(_("kiểm phiếu lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("đợt phát phiếu lấy ý kiến")
        verbose_name_plural = _("đợt phát phiếu lấy ý kiến")
        constraints = [
            models.CheckConstraint(condition=Q(notice_on__lte=models.F("distribute_on"))
                                   & Q(distribute_on__lte=models.F("deadline")), name="ballot_round_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.decision} — {_('phát phiếu')}"


class InitiativeState(models.TextChoices):
    COLLECTING = "collecting", _("Đang lấy sự đồng thuận")
    TABLED = "tabled", _("Đã đưa ra cộng đồng bàn, quyết định")
    WITHDRAWN = "withdrawn", _("Đã rút")


class Initiative(UnitScoped, TimeStampedModel):
    """A residents' proposal (Art.16.3): tabled once ≥ 10% of the village's households consent."""

    unit_field = "village"

    village = models.ForeignKey(AdministrativeUnit, verbose_name=_("thôn, tổ dân phố"), on_delete=models.PROTECT,
                                related_name="decision_initiatives")
    kind = models.CharField(_("nội dung (Điều 15)"), max_length=2, choices=Kind.choices)
    title = models.CharField(_("tên sáng kiến"), max_length=300)
    content = models.TextField(_("nội dung đề xuất"))
    initiator_name = models.CharField(_("người khởi xướng"), max_length=150)
    initiator_household = models.ForeignKey(Household, verbose_name=_("hộ khởi xướng"), null=True, blank=True,
                                            on_delete=models.SET_NULL, related_name="+")
    opened_on = models.DateField(_("ngày bắt đầu lấy đồng thuận"))
    state = models.CharField(_("trạng thái"), max_length=12, choices=InitiativeState.choices,
                             default=InitiativeState.COLLECTING)
    tabled_on = models.DateField(_("ngày đưa ra bàn"), null=True, blank=True)
    decision = models.OneToOneField(Decision, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="initiative")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("sáng kiến của người dân")
        verbose_name_plural = _("sáng kiến của người dân")

    def __str__(self) -> str:
        return self.title


class ConsentChannel(models.TextChoices):
    MEETING = "meeting", _("Tại cuộc họp")
    WRITTEN = "written", _("Bằng văn bản")
    ONLINE = "online", _("Trực tuyến (tài khoản đại diện hộ)")


class Consent(UnitScoped, models.Model):
    unit_field = "initiative__village"

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="consents")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    given_on = models.DateField(_("ngày đồng thuận"))
    channel = models.CharField(_("hình thức"), max_length=10, choices=ConsentChannel.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sự đồng thuận của hộ")
        verbose_name_plural = _("sự đồng thuận của hộ")
        constraints = [models.UniqueConstraint(fields=["initiative", "household"], name="initiative_consent_once")]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.household_id} ({self.given_on})"
