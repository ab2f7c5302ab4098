"""Models of Nhân dân tham gia ý kiến (Law 10/2022/QH15 Art.25–29).

A Consultation of a commune (its plan, the draft documents, the period, the forms of Art.26), the Opinions
received on it (online from a logged-in resident, or entered by an official from a meeting, the hotline,
a comment box, a letter…), the SynthesisEntry rows that accept or explain each opinion or group of similar
opinions (Art.28.3), and on the consultation itself the published synthesis and the competent authority's
decision with its explanation when it differs from the majority (Art.28.4).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.core.models import Attachment, FoldedNameMixin, TimeStampedModel
from danchu.core.scoping import ScopedQuerySet, UnitScoped
from danchu.units.models import AdministrativeUnit

from .domain import (
    CONTENT_SHORT,
    PUBLIC_STATES,
    RESULT_STATES,
    Channel,
    ConsultationForm,
    ContentKind,
    DecisionOutcome,
    Outcome,
    Stance,
    State,
    is_open_on,
)


class ConsultationQuerySet(ScopedQuerySet):
    def public(self) -> ConsultationQuerySet:
        return self.filter(state__in=PUBLIC_STATES)

    def open_on(self, today: date) -> ConsultationQuerySet:
        return self.filter(state=State.OPEN, opens_on__lte=today, closes_on__gte=today)


class Consultation(UnitScoped, FoldedNameMixin, TimeStampedModel):
    unit_field = "commune"

    commune = models.ForeignKey(AdministrativeUnit, verbose_name=_("xã, phường"), on_delete=models.PROTECT,
                                related_name="consultations")
    villages = models.ManyToManyField(AdministrativeUnit, verbose_name=_("thôn, tổ dân phố liên quan"), blank=True,
                                      related_name="consultations_of_village",
                                      help_text=_("Để trống nếu nội dung liên quan cả xã."))
    content_kind = models.PositiveSmallIntegerField(_("nội dung lấy ý kiến (Điều 25)"), choices=ContentKind.choices)
    title = models.CharField(_("tên nội dung lấy ý kiến"), max_length=300)
    description = models.TextField(_("nội dung, những vấn đề cần xin ý kiến"))
    forms = models.JSONField(_("hình thức lấy ý kiến (Điều 26)"), default=list)
    method = models.TextField(_("cách thức tổ chức"), blank=True)
    responsible = models.CharField(_("trách nhiệm tổ chức thực hiện"), max_length=300, blank=True)
    decision_authority = models.CharField(_("cơ quan có thẩm quyền quyết định"), max_length=200, blank=True)
    plan_number = models.CharField(_("số, ký hiệu kế hoạch"), max_length=100, blank=True)
    opens_on = models.DateField(_("ngày công khai, bắt đầu lấy ý kiến"))
    closes_on = models.DateField(_("ngày kết thúc lấy ý kiến"))
    state = models.CharField(_("trạng thái"), max_length=20, choices=State.choices, default=State.DRAFT,
                             db_index=True)
    documents = models.ManyToManyField(Attachment, verbose_name=_("dự thảo, tài liệu kèm theo"), blank=True,
                                       related_name="consultations")
    # Art.28.1 — the plan sent to HĐND xã and UB MTTQ xã
    plan_sent_on = models.DateField(_("ngày gửi kế hoạch"), null=True, blank=True)
    plan_sent_note = models.CharField(_("ghi chú gửi kế hoạch"), max_length=300, blank=True)
    published_on = models.DateField(_("ngày công khai"), null=True, blank=True, db_index=True)
    closed_on = models.DateField(_("ngày kết thúc thực tế"), null=True, blank=True)
    # Art.28.3 — the synthesis
    synthesis_summary = models.TextField(_("kết quả tổng hợp chung"), blank=True)
    synthesis_published_on = models.DateField(_("ngày công khai kết quả tổng hợp"), null=True, blank=True)
    plan_item = models.ForeignKey("disclosure.DisclosureItem", verbose_name=_("nội dung công khai: kế hoạch"),
                                  null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    synthesis_item = models.ForeignKey("disclosure.DisclosureItem", verbose_name=_("nội dung công khai: kết quả"),
                                       null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Art.28.4 — the competent authority's decision
    decision_outcome = models.CharField(_("kết quả quyết định"), max_length=25, choices=DecisionOutcome.choices,
                                        blank=True)
    decision_number = models.CharField(_("số, ký hiệu văn bản quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_summary = models.TextField(_("nội dung quyết định"), blank=True)
    majority_stance = models.CharField(_("ý kiến của đa số"), max_length=10, choices=Stance.choices, blank=True)
    against_majority = models.BooleanField(_("quyết định khác ý kiến đa số"), default=False)
    against_majority_explanation = models.TextField(_("giải thích của cơ quan có thẩm quyền"), blank=True)
    # Art.28.5 — report to HĐND xã at its next regular session
    reported_to_council_on = models.DateField(_("ngày báo cáo HĐND xã"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("cuộc lấy ý kiến Nhân dân")
        verbose_name_plural = _("cuộc lấy ý kiến Nhân dân")
        indexes = [models.Index(fields=["commune", "state", "opens_on"], name="consultation_commune_list")]
        constraints = [
            models.CheckConstraint(condition=Q(opens_on__lt=models.F("closes_on")), name="consultation_period_ordered"),
            models.CheckConstraint(condition=Q(content_kind__gte=1) & Q(content_kind__lte=9),
                                   name="consultation_content_kind_range"),
        ]

    def __str__(self) -> str:
        return self.title

    def folded_source(self) -> str:
        return f"{self.title} {self.plan_number}"

    @property
    def content_short(self) -> str:
        return str(CONTENT_SHORT.get(self.content_kind, ""))

    def form_labels(self) -> list[str]:
        labels = dict(ConsultationForm.choices)
        return [str(labels[f]) for f in self.forms or () if f in labels]

    def is_open(self, today: date) -> bool:
        return is_open_on(self.state, self.opens_on, self.closes_on, today)

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def has_result(self) -> bool:
        return self.state in RESULT_STATES


class Opinion(UnitScoped, TimeStampedModel):
    """One opinion. The author's identity is optional (a hotline call, a comment box) and is never shown on
    public pages: the public sees the village and the channel only."""

    unit_field = "consultation__commune"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="opinions")
    channel = models.CharField(_("kênh tiếp nhận"), max_length=20, choices=Channel.choices)
    village = models.ForeignKey(AdministrativeUnit, verbose_name=_("thôn, tổ dân phố"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    stance = models.CharField(_("quan điểm"), max_length=10, choices=Stance.choices, default=Stance.OTHER)
    text = models.TextField(_("nội dung ý kiến"))
    people_count = models.PositiveIntegerField(_("số người cùng ý kiến"), default=1)
    author_name = models.CharField(_("họ và tên người góp ý"), max_length=150, blank=True)
    author_contact = models.CharField(_("địa chỉ, điện thoại liên hệ"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("tài khoản người góp ý"), null=True,
                               blank=True, on_delete=models.SET_NULL, related_name="consultation_opinions")
    received_on = models.DateField(_("ngày nhận"))
    source_note = models.CharField(_("nguồn (tên hội nghị, số văn bản…)"), max_length=300, blank=True)
    attachments = models.ManyToManyField(Attachment, verbose_name=_("tệp đính kèm"), blank=True,
                                         related_name="consultation_opinions")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("cán bộ nhập"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    entry = models.ForeignKey("SynthesisEntry", verbose_name=_("dòng tổng hợp"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="opinions")

    class Meta:
        ordering = ["consultation", "received_on", "id"]
        verbose_name = _("ý kiến")
        verbose_name_plural = _("ý kiến")
        indexes = [models.Index(fields=["consultation", "author", "created"], name="opinion_author_recent")]
        constraints = [
            models.CheckConstraint(condition=Q(people_count__gte=1), name="opinion_people_count_positive"),
            # an online opinion always comes from an account (no anonymous posting on the platform)
            models.CheckConstraint(condition=~Q(channel=Channel.ONLINE) | Q(author__isnull=False),
                                   name="opinion_online_has_author"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_channel_display()}"

    @property
    def number(self) -> int:
        """The opinion's number in its consultation (stable: numbered by id), set by the views."""
        return getattr(self, "_number", self.pk)


class SynthesisEntry(UnitScoped, TimeStampedModel):
    """One row of the synthesis: one opinion or a group of similar opinions, accepted or explained."""

    unit_field = "consultation__commune"

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="entries")
    summary = models.TextField(_("tóm tắt nhóm ý kiến"), blank=True)
    outcome = models.CharField(_("tiếp thu hay giải trình"), max_length=10, choices=Outcome.choices)
    response = models.TextField(_("nội dung tiếp thu, giải trình"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        ordering = ["consultation", "id"]
        verbose_name = _("dòng tổng hợp ý kiến")
        verbose_name_plural = _("dòng tổng hợp ý kiến")

    def __str__(self) -> str:
        return f"{self.consultation_id}/{self.pk} {self.outcome}"
