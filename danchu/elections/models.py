"""Elections of the village head and of the members of the two community boards, and dismissals (NĐ59/2023 Art.3,
6–9, 13, 17; Law 10/2022 Art.15.4–5, 21)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.core.models import TimeStampedModel
from danchu.core.scoping import ScopedQuerySet, UnitScoped
from danchu.units.models import AdministrativeUnit, Household

from .domain import DismissalState, DismissalTrigger, Nomination, Office, State, VoteMethod


class ElectionQuerySet(ScopedQuerySet):
    def for_unit(self, unit: AdministrativeUnit) -> ElectionQuerySet:
        """The rows of `unit` and of every unit below it (core.scoping)."""
        return self.in_subtree(unit)


class Election(UnitScoped, TimeStampedModel):
    unit_field = "village"

    village = models.ForeignKey(AdministrativeUnit, verbose_name=_("thôn, tổ dân phố"), on_delete=models.PROTECT,
                                related_name="elections")
    office = models.CharField(_("chức danh bầu"), max_length=20, choices=Office.choices)
    project_name = models.CharField(_("chương trình, dự án (Ban Giám sát đầu tư)"), max_length=300, blank=True)
    seats = models.PositiveSmallIntegerField(_("số người cần bầu"), default=1)
    state = models.CharField(_("trạng thái"), max_length=15, choices=State.choices, default=State.PLANNED,
                             db_index=True)
    election_day = models.DateField(_("ngày bầu cử"))
    place = models.CharField(_("địa điểm"), max_length=300)
    follows_dismissal = models.ForeignKey("Dismissal", verbose_name=_("bầu thay người đã cho thôi"), null=True,
                                          blank=True, on_delete=models.SET_NULL, related_name="follow_up_elections")
    # the timeline (NĐ59 Art.6)
    plan_decided_on = models.DateField(_("ngày quyết định tổ chức bầu cử"))
    plan_decision_number = models.CharField(_("số quyết định, kế hoạch"), max_length=50, blank=True)
    candidates_listed_on = models.DateField(_("ngày lập danh sách người ứng cử (Mẫu 05)"), null=True, blank=True)
    team_decided_on = models.DateField(_("ngày quyết định thành lập Tổ bầu cử"), null=True, blank=True)
    team_members = models.TextField(_("Tổ bầu cử"), blank=True)
    notice_on = models.DateField(_("ngày thông báo công khai"), null=True, blank=True)
    # result (NĐ59 Art.3, 7; Law Art.20.2)
    method = models.CharField(_("hình thức bầu"), max_length=10, choices=VoteMethod.choices, blank=True)
    households_total = models.PositiveIntegerField(_("tổng số hộ của thôn"), null=True, blank=True)
    participating = models.PositiveIntegerField(_("số hộ tham gia bầu"), null=True, blank=True)
    no_winner_reason = models.TextField(_("lý do không có người trúng cử"), blank=True)
    sent_on = models.DateField(_("ngày gửi kết quả đề nghị công nhận"), null=True, blank=True)
    recognition_due_on = models.DateField(_("hạn công nhận"), null=True, blank=True)
    # recognition (NĐ59 Art.8; Law Art.21.2) or re-election
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    re_election_reason = models.TextField(_("lý do bầu lại"), blank=True)

    objects = ElectionQuerySet.as_manager()

    class Meta:
        ordering = ["-election_day", "-id"]
        verbose_name = _("cuộc bầu cử")
        verbose_name_plural = _("cuộc bầu cử")
        indexes = [models.Index(fields=["village", "state", "election_day"])]
        constraints = [
            models.CheckConstraint(condition=Q(participating__isnull=True) | Q(households_total__isnull=True)
                                   | Q(participating__lte=models.F("households_total")),
                                   name="election_participating_le_total"),
            models.CheckConstraint(condition=Q(seats__gte=1), name="election_seats_positive"),
            models.CheckConstraint(condition=Q(plan_decided_on__lt=models.F("election_day")),
                                   name="election_plan_before_day"),
        ]

    def __str__(self) -> str:
        return f"{self.get_office_display()} — {self.village} ({self.election_day:%d/%m/%Y})"

    @property
    def commune(self) -> AdministrativeUnit:
        return self.village.parent


class Candidate(UnitScoped, models.Model):
    unit_field = "election__village"

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="candidates")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    household = models.ForeignKey(Household, verbose_name=_("hộ gia đình"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    nomination = models.CharField(_("hình thức giới thiệu"), max_length=12, choices=Nomination.choices,
                                  default=Nomination.FRONT_LIST)
    votes = models.PositiveIntegerField(_("số phiếu"), null=True, blank=True)
    elected = models.BooleanField(_("trúng cử"), default=False)

    class Meta:
        ordering = ["election", "-elected", "id"]
        verbose_name = _("người ứng cử")
        verbose_name_plural = _("người ứng cử")
        constraints = [models.UniqueConstraint(fields=["election", "full_name", "birth_year"],
                                               name="candidate_unique_in_election")]

    def __str__(self) -> str:
        return self.full_name


class Dismissal(UnitScoped, TimeStampedModel):
    """Cho thôi làm Trưởng thôn / thành viên Ban (NĐ59 Art.9): trigger, petition, community vote, recognition, and
    the deadline of the new election."""

    unit_field = "village"

    village = models.ForeignKey(AdministrativeUnit, verbose_name=_("thôn, tổ dân phố"), on_delete=models.PROTECT,
                                related_name="dismissals")
    office = models.CharField(_("chức danh"), max_length=20, choices=Office.choices)
    holder_name = models.CharField(_("người bị đề nghị cho thôi"), max_length=150)
    trigger = models.CharField(_("căn cứ"), max_length=15, choices=DismissalTrigger.choices)
    reason = models.TextField(_("lý do"))
    opened_on = models.DateField(_("ngày nhận đơn, đề nghị"))
    state = models.CharField(_("trạng thái"), max_length=12, choices=DismissalState.choices,
                             default=DismissalState.OPENED, db_index=True)
    held_on = models.DateField(_("ngày họp biểu quyết"), null=True, blank=True)
    households_total = models.PositiveIntegerField(_("tổng số hộ của thôn"), null=True, blank=True)
    households_present = models.PositiveIntegerField(_("số hộ dự họp"), null=True, blank=True)
    approve = models.PositiveIntegerField(_("số hộ tán thành cho thôi"), null=True, blank=True)
    against = models.PositiveIntegerField(_("số hộ không tán thành"), null=True, blank=True)
    recognition_due_on = models.DateField(_("hạn công nhận"), null=True, blank=True)
    decided_on = models.DateField(_("ngày quyết định công nhận"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=50, blank=True)
    new_election_due_on = models.DateField(_("hạn quyết định bầu người thay thế"), null=True, blank=True)

    objects = ElectionQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = _("cho thôi làm")
        verbose_name_plural = _("cho thôi làm")

    def __str__(self) -> str:
        return f"{self.holder_name} — {self.get_office_display()} ({self.village})"


class DismissalConsent(UnitScoped, models.Model):
    """One household's signature on a dismissal petition (NĐ59 Art.9.1): one per household, of the same village."""

    unit_field = "dismissal__village"

    dismissal = models.ForeignKey(Dismissal, on_delete=models.CASCADE, related_name="consents")
    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField(_("ngày ký"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["dismissal", "signed_on", "id"]
        verbose_name = _("hộ ký kiến nghị cho thôi")
        verbose_name_plural = _("hộ ký kiến nghị cho thôi")
        constraints = [models.UniqueConstraint(fields=["dismissal", "household"], name="dismissal_consent_once")]

    def __str__(self) -> str:
        return f"{self.dismissal_id}: {self.household_id}"
