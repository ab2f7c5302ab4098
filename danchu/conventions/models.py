"""Village conventions (hương ước, quy ước — Nghị định 61/2023/NĐ-CP) with their versioned text, comments on the
draft, adoption votes, recognition, suspension/annulment measures and yearly reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.core.models import TimeStampedModel
from danchu.core.scoping import ScopedQuerySet, UnitScoped
from danchu.units.models import AdministrativeUnit, Household

from .domain import CommentChannel, Kind, MeasureKind, Outcome, Proposer, Scope, State, VoteMethod


class ConventionQuerySet(ScopedQuerySet):
    def for_unit(self, unit: AdministrativeUnit) -> ConventionQuerySet:
        """The conventions of `unit` and of every unit below it (core.scoping)."""
        return self.in_subtree(unit)

    def in_force(self) -> ConventionQuerySet:
        """Recognised and not annulled (a suspended convention is listed with its suspension)."""
        return self.filter(in_force_version__isnull=False).exclude(state=State.ANNULLED)

    def under_comment(self) -> ConventionQuerySet:
        return self.filter(state=State.POSTED)


class Convention(UnitScoped, TimeStampedModel):
    unit_field = "village"

    village = models.ForeignKey(AdministrativeUnit, verbose_name=_("thôn, tổ dân phố"), on_delete=models.PROTECT,
                                related_name="conventions")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices, default=Kind.HUONG_UOC)
    title = models.CharField(_("tên hương ước, quy ước"), max_length=250)
    state = models.CharField(_("trạng thái"), max_length=15, choices=State.choices, default=State.DRAFTING,
                             db_index=True)
    # proposal (NĐ61 Art.7) of the current round (drafting or amending)
    proposer = models.CharField(_("người đề xuất"), max_length=15, choices=Proposer.choices,
                                default=Proposer.VILLAGE_HEAD)
    proposal_households_total = models.PositiveIntegerField(_("tổng số hộ khi đề xuất"), null=True, blank=True)
    proposal_households_consenting = models.PositiveIntegerField(_("số hộ đồng ý đề xuất"), null=True, blank=True)
    proposal_front_agreed = models.BooleanField(_("Ban công tác Mặt trận đồng ý"), default=False)
    proposal_note = models.TextField(_("nội dung đề xuất"), blank=True)
    proposed_on = models.DateField(_("ngày đề xuất"))
    is_amendment = models.BooleanField(_("sửa đổi, bổ sung"), default=False)
    drafting_team = models.TextField(_("Tổ soạn thảo"), blank=True,
                                     help_text=_("Mỗi dòng một thành viên: họ tên — tổ chức, vai trò (Điều 8)."))
    # draft posting (Art.9)
    posted_on = models.DateField(_("ngày niêm yết dự thảo"), null=True, blank=True)
    comment_until = models.DateField(_("hạn góp ý"), null=True, blank=True)
    posting_place = models.CharField(_("nơi niêm yết"), max_length=300, blank=True)
    # adoption (Art.10) → dossier (Art.11.3.a)
    adopted_version = models.ForeignKey("ConventionVersion", verbose_name=_("phiên bản được thông qua"), null=True,
                                        blank=True, on_delete=models.PROTECT, related_name="+")
    voted_on = models.DateField(_("ngày biểu quyết thông qua"), null=True, blank=True)
    submit_due_on = models.DateField(_("hạn gửi hồ sơ"), null=True, blank=True)
    submitted_on = models.DateField(_("ngày gửi hồ sơ đề nghị công nhận"), null=True, blank=True)
    # recognition (Art.11.3.b) or refusal
    recognise_due_on = models.DateField(_("hạn công nhận"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=50, blank=True)
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người ghi nhận quyết định"), null=True,
                                   blank=True, on_delete=models.SET_NULL, related_name="+")
    signer = models.CharField(_("người ký quyết định"), max_length=150, blank=True)
    refusal_reason = models.TextField(_("lý do không công nhận"), blank=True)
    in_force_version = models.ForeignKey("ConventionVersion", verbose_name=_("phiên bản đang có hiệu lực"),
                                         null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    in_force_since = models.DateField(_("có hiệu lực từ"), null=True, blank=True)
    # distribution (Art.18.1.a)
    distribute_due_on = models.DateField(_("hạn gửi văn bản đã công nhận"), null=True, blank=True)
    distributed_on = models.DateField(_("ngày gửi Trưởng thôn và UB MTTQ"), null=True, blank=True)

    objects = ConventionQuerySet.as_manager()

    class Meta:
        ordering = ["village", "-proposed_on", "-id"]
        verbose_name = _("hương ước, quy ước")
        verbose_name_plural = _("hương ước, quy ước")
        indexes = [models.Index(fields=["village", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(comment_until__isnull=True) | Q(posted_on__isnull=True)
                | Q(posted_on__lt=models.F("comment_until")), name="convention_comment_after_posting"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def commune(self) -> AdministrativeUnit:
        return self.village.parent

    def latest_version(self):
        return self.versions.order_by("-number").first()


class ConventionVersion(UnitScoped, models.Model):
    """One immutable text of the convention; a change of text is a new version (with who and why)."""

    unit_field = "convention__village"

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản số"))
    text = models.TextField(_("toàn văn"))
    reason = models.CharField(_("lý do thay đổi"), max_length=500, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người cập nhật"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(_("người cập nhật"), max_length=150, blank=True)
    created = models.DateTimeField(_("lúc"))
    published_on = models.DateField(_("ngày công khai"), null=True, blank=True,
                                    help_text=_("Ngày phiên bản được niêm yết hoặc công bố (từ đó ai cũng xem được)."))
    recognition_number = models.CharField(_("số quyết định công nhận"), max_length=50, blank=True)
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)

    class Meta:
        ordering = ["convention", "number"]
        verbose_name = _("phiên bản hương ước, quy ước")
        verbose_name_plural = _("phiên bản hương ước, quy ước")
        constraints = [models.UniqueConstraint(fields=["convention", "number"], name="convention_version_unique")]

    def __str__(self) -> str:
        return f"{self.convention} — v{self.number}"


class ConventionComment(UnitScoped, models.Model):
    """A comment on the posted draft (NĐ61 Art.9): online by a logged-in resident, or entered by an official from a
    meeting, the comment box, a letter or the village's social-network group."""

    unit_field = "convention__village"

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(ConventionVersion, on_delete=models.PROTECT, related_name="comments")
    channel = models.CharField(_("hình thức góp ý"), max_length=10, choices=CommentChannel.choices)
    author_name = models.CharField(_("người góp ý"), max_length=150)
    household = models.ForeignKey(Household, verbose_name=_("hộ gia đình"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="convention_comments")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    body = models.TextField(_("nội dung góp ý"))
    received_on = models.DateField(_("ngày góp ý"))
    created = models.DateTimeField(_("lúc ghi nhận"))
    response = models.TextField(_("tiếp thu, giải trình của Tổ soạn thảo"), blank=True)

    class Meta:
        ordering = ["convention", "received_on", "id"]
        verbose_name = _("góp ý dự thảo hương ước, quy ước")
        verbose_name_plural = _("góp ý dự thảo hương ước, quy ước")

    def __str__(self) -> str:
        return f"{self.convention_id}: {self.body[:40]}"


class AdoptionVote(UnitScoped, models.Model):
    """The adoption meeting or the household ballot (NĐ61 Art.10; Law 10/2022 Art.20.2.b, 21.1). The total is
    the number of households of the village on the vote date, taken from the household register."""

    unit_field = "convention__village"

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="votes")
    version = models.ForeignKey(ConventionVersion, on_delete=models.PROTECT, related_name="votes")
    method = models.CharField(_("hình thức"), max_length=10, choices=VoteMethod.choices)
    held_on = models.DateField(_("ngày họp / hạn thu phiếu"))
    households_total = models.PositiveIntegerField(_("tổng số hộ của thôn"))
    households_present = models.PositiveIntegerField(_("số hộ tham dự / trả phiếu"))
    approve = models.PositiveIntegerField(_("số hộ tán thành"))
    against = models.PositiveIntegerField(_("số hộ không tán thành"))
    outcome = models.CharField(_("kết quả"), max_length=15, choices=Outcome.choices)
    minutes_note = models.TextField(_("ghi chú biên bản"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created = models.DateTimeField(_("lúc ghi nhận"))

    class Meta:
        ordering = ["convention", "held_on", "id"]
        verbose_name = _("biểu quyết thông qua hương ước, quy ước")
        verbose_name_plural = _("biểu quyết thông qua hương ước, quy ước")
        constraints = [
            models.CheckConstraint(condition=Q(households_present__lte=models.F("households_total")),
                                   name="convention_vote_present_le_total"),
            models.CheckConstraint(
                condition=Q(approve__lte=models.F("households_present") - models.F("against")),
                name="convention_vote_counts_le_present"),
        ]

    def __str__(self) -> str:
        return f"{self.convention_id} {self.method} {self.held_on}"

    @property
    def households_absent(self) -> int:
        return self.households_total - self.households_present

    @property
    def other(self) -> int:
        return self.households_present - self.approve - self.against


class ConventionMeasure(UnitScoped, models.Model):
    """A suspension (NĐ61 Art.12, ≤ 03 WD) or an annulment (Art.14, ≤ 05 WD) decided by the commune."""

    unit_field = "convention__village"

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("biện pháp"), max_length=12, choices=MeasureKind.choices)
    scope = models.CharField(_("phạm vi"), max_length=8, choices=Scope.choices)
    provisions = models.CharField(_("điều, khoản bị áp dụng"), max_length=300, blank=True)
    reason = models.TextField(_("lý do"))
    reported_on = models.DateField(_("ngày nhận báo cáo, phát hiện"))
    due_on = models.DateField(_("hạn ra quyết định"))
    decided_on = models.DateField(_("ngày quyết định"))
    decision_number = models.CharField(_("số quyết định"), max_length=50)
    lifted_on = models.DateField(_("ngày bãi bỏ việc tạm ngưng"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["convention", "decided_on", "id"]
        verbose_name = _("tạm ngưng, bãi bỏ hương ước, quy ước")
        verbose_name_plural = _("tạm ngưng, bãi bỏ hương ước, quy ước")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decision_number}"

    @property
    def is_late(self) -> bool:
        return self.decided_on > self.due_on


class ConventionReview(UnitScoped, models.Model):
    """The yearly review by the community (NĐ61 Art.15.4: on 18/11 or another agreed day)."""

    unit_field = "convention__village"

    convention = models.ForeignKey(Convention, on_delete=models.CASCADE, related_name="reviews")
    held_on = models.DateField(_("ngày đánh giá"))
    summary = models.TextField(_("kết quả thực hiện"))
    proposals = models.TextField(_("kiến nghị sửa đổi, bổ sung"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created = models.DateTimeField(_("lúc ghi nhận"))

    class Meta:
        ordering = ["convention", "-held_on", "-id"]
        verbose_name = _("đánh giá thực hiện hương ước, quy ước")
        verbose_name_plural = _("đánh giá thực hiện hương ước, quy ước")

    def __str__(self) -> str:
        return f"{self.convention_id} {self.held_on}"
