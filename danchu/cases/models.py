"""Citizen reception (schedules, bookings, the reception book), cases (complaints, denunciations, petitions) with
their deadlines and case file, the sealed identities of denouncers, and grassroots mediation.

Confidentiality: no model's __str__ includes a person's name (the audit log stores str(target)); the denouncer's
identity lives only in `SealedIdentity.token` (encrypted, see identity.py).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.core.models import TimeStampedModel
from danchu.core.procedures import Procedure, ProcedureQuerySet, TrackingCode
from danchu.core.scoping import ScopedQuerySet, UnitScoped
from danchu.units.models import AdministrativeUnit

from . import domain
from .domain import (
    OPEN_STATES,
    CaseKind,
    Complexity,
    DisputeType,
    Finding,
    Handling,
    LeaderKind,
    MediationState,
    SessionKind,
    State,
)

# --- rule versions ---------------------------------------------------------------------------------


class RuleVersion(TimeStampedModel):
    """A later set of deadlines (e.g. Luật 136/2025 from 01/07/2026) added by an administrator: only the periods
    that change are listed; the others keep the default of domain.DEFAULT_PERIODS."""

    code = models.CharField(_("mã phiên bản"), max_length=40, unique=True)
    effective_from = models.DateField(_("áp dụng cho đơn nhận từ ngày"), unique=True)
    overrides = models.JSONField(_("thời hạn thay đổi"), default=dict, blank=True,
                                 help_text=_('Ví dụ: {"complaint.accept_1": {"amount": 7, "unit": "WD", '
                                             '"article": "NĐ 155/2026 Điều 16.1"}}'))
    verified = models.BooleanField(_("đã đối chiếu văn bản gốc"), default=False)
    legal_basis = models.CharField(_("căn cứ"), max_length=300)

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("phiên bản thời hạn giải quyết đơn")
        verbose_name_plural = _("phiên bản thời hạn giải quyết đơn")

    def __str__(self) -> str:
        return f"{self.code} ({self.effective_from:%d/%m/%Y})"

    def as_ruleset(self) -> domain.RuleSet:
        return domain.ruleset_from_overrides(self.code, self.effective_from, self.overrides, verified=self.verified)

    def clean(self):
        from django.core.exceptions import ValidationError

        try:
            self.as_ruleset()
        except ValidationError as exc:
            raise ValidationError({"overrides": exc.messages}) from None


# Tracking codes of letters and bookings: "ABCD-EFGH-JK", read out on the phone or typed from an SMS.
TRACKING = TrackingCode(length=10, groups=(4, 4, 2))


# --- reception schedule and bookings ---------------------------------------------------------------


class ReceptionSession(UnitScoped, TimeStampedModel):
    """One day (or half day) a leader receives citizens (lịch tiếp công dân)."""

    unit_field = "unit"

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="reception_sessions")
    leader_name = models.CharField(_("người tiếp"), max_length=150)
    leader_title = models.CharField(_("chức vụ"), max_length=150)
    leader_kind = models.CharField(_("vai trò theo Luật Tiếp công dân"), max_length=20, choices=LeaderKind.choices)
    kind = models.CharField(_("loại lịch"), max_length=10, choices=SessionKind.choices, default=SessionKind.REGULAR)
    day = models.DateField(_("ngày tiếp"), db_index=True)
    start = models.TimeField(_("từ giờ"))
    end = models.TimeField(_("đến giờ"))
    place = models.CharField(_("địa điểm"), max_length=300)
    capacity = models.PositiveSmallIntegerField(_("số lượt đăng ký tối đa"), default=10)
    cancelled = models.BooleanField(_("đã hủy"), default=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["day", "start", "pk"]
        verbose_name = _("buổi tiếp công dân")
        verbose_name_plural = _("lịch tiếp công dân")
        constraints = [models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="cases_session_start_end")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.day:%d/%m/%Y} {self.start:%H:%M}"


class Booking(UnitScoped, TimeStampedModel):
    """A resident's registration for a session. Contact data is seen only by the receivers."""

    unit_field = "session__unit"
    TRACKING = TRACKING

    session = models.ForeignKey(ReceptionSession, on_delete=models.PROTECT, related_name="bookings")
    tracking_code = models.CharField(_("mã đăng ký"), max_length=20, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    phone = models.CharField(_("số điện thoại"), max_length=15)
    topic = models.CharField(_("nội dung cần trình bày (tóm tắt)"), max_length=500)
    people_count = models.PositiveSmallIntegerField(_("số người cùng đến"), default=1)
    cancelled = models.BooleanField(_("đã hủy"), default=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="reception_bookings")
    # The visit recorded with this booking included a denunciation: name, phone, topic and account were erased
    # (the sealed identity of the reception-book line keeps them; Luật Tố cáo Art.47, 56).
    sealed = models.BooleanField(_("thông tin người đăng ký được bảo mật"), default=False, editable=False)

    class Meta:
        ordering = ["session", "created", "pk"]
        verbose_name = _("đăng ký tiếp công dân")
        verbose_name_plural = _("đăng ký tiếp công dân")

    def __str__(self) -> str:
        return self.tracking_code

    # a code of the letters' scheme that no booking uses yet (the kernel's drawing, on this model)
    new_tracking_code = classmethod(Procedure.new_tracking_code.__func__)


# --- the reception book ----------------------------------------------------------------------------


class ReceptionEntry(UnitScoped, TimeStampedModel):
    """One line of the Sổ tiếp công dân (Luật Tiếp công dân Art.25.2; TT 06/2014 adds the number of people).
    When a visit includes a denunciation the visitor's identity is sealed (`sealed=True`, plain fields blank)."""

    unit_field = "unit"

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="reception_entries")
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số thứ tự"))
    received_on = models.DateField(_("ngày tiếp"), db_index=True)
    session = models.ForeignKey(ReceptionSession, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="entries")
    booking = models.ForeignKey(Booking, null=True, blank=True, on_delete=models.SET_NULL, related_name="entries")
    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    id_number = models.CharField(_("số CCCD/CMND/hộ chiếu"), max_length=20, blank=True)
    sealed = models.BooleanField(_("thông tin người đến được bảo mật"), default=False)
    people_count = models.PositiveSmallIntegerField(_("số người"), default=1)
    representatives = models.JSONField(_("người đại diện (họ tên, số giấy tờ)"), default=list, blank=True)
    content = models.TextField(_("nội dung sự việc"))
    prior_handling = models.TextField(_("quá trình xem xét, giải quyết của cơ quan có thẩm quyền (nếu có)"), blank=True)
    request = models.TextField(_("yêu cầu, đề nghị của người đến"), blank=True)
    handling = models.CharField(_("việc tiếp nhận, xử lý"), max_length=12, choices=Handling.choices,
                                default=Handling.PENDING)
    handling_note = models.TextField(_("ghi chú xử lý"), blank=True)
    reply_due_on = models.DateField(_("hạn trả lời công dân"), null=True, blank=True)
    replied_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    receiver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người tiếp"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-number"]
        verbose_name = _("lượt tiếp công dân")
        verbose_name_plural = _("sổ tiếp công dân")
        constraints = [models.UniqueConstraint(fields=["unit", "year", "number"], name="cases_entry_number")]

    def __str__(self) -> str:
        return _("Lượt tiếp số %(n)d/%(y)d") % {"n": self.number, "y": self.year}

    def visitor_label(self) -> str:
        return str(_("(Thông tin người đến được bảo mật)")) if self.sealed else self.full_name


# --- cases -----------------------------------------------------------------------------------------


class CaseQuerySet(ProcedureQuerySet):
    """`open()`, `overdue(today)`, `due_soon(today, n)`, `in_subtree(unit)` (core.procedures) and the steps still
    due: a decided case may still have its decision to send or its conclusion to publish (`due_on` set)."""

    def for_unit(self, unit: AdministrativeUnit) -> CaseQuerySet:
        """The letters of `unit` and of every unit below it (kept for the readers of other apps)."""
        return self.in_subtree(unit)

    def step_overdue(self, today: date) -> CaseQuerySet:
        """A step is late: the deadline of the current step (resolving, sending, publishing) is before today."""
        return self.filter(due_on__isnull=False, due_on__lt=today)

    def step_due_between(self, start: date, end: date) -> CaseQuerySet:
        return self.filter(due_on__gte=start, due_on__lte=end)


class Case(Procedure, TimeStampedModel):
    """A complaint, a denunciation or a petition received by a unit (one letter: Tiếp công dân Art.25.3).

    For a denunciation, the denouncer is never in this row: see SealedIdentity. `summary` and `content` are what
    verifiers see (Art.56: the letter is handed over stripped of the denouncer's identity). `due_on` is the deadline
    of the current step (accepting, resolving, sending the decision, publishing), `resolve_due_on` the resolution
    deadline; `code` is the file number (số hồ sơ), `tracking_code` what the citizen follows it with."""

    unit_field = "unit"
    OPEN_STATES = OPEN_STATES
    TRACKING = TRACKING

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị giải quyết"), on_delete=models.PROTECT,
                             related_name="cases")
    kind = models.CharField(_("loại đơn"), max_length=12, choices=CaseKind.choices, db_index=True)
    round = models.PositiveSmallIntegerField(_("lần giải quyết"), default=1)  # complaints: Art.27 / Art.36
    code = models.CharField(_("số hồ sơ"), max_length=30, unique=True)
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices, default=State.RECEIVED,
                             db_index=True)
    summary = models.CharField(_("tóm tắt nội dung"), max_length=300)
    content = models.TextField(_("nội dung đơn"))
    respondent = models.CharField(_("người, cơ quan bị khiếu nại / bị tố cáo"), max_length=300, blank=True)
    # complaints and petitions: the person is a party, not protected by Luật Tố cáo Art.47
    petitioner_name = models.CharField(_("người khiếu nại / kiến nghị"), max_length=150, blank=True)
    petitioner_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    petitioner_phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    identity_sealed = models.BooleanField(_("thông tin người gửi đơn được mã hóa"), default=False)
    anonymous = models.BooleanField(_("đơn nặc danh, mạo danh"), default=False)
    people_count = models.PositiveSmallIntegerField(_("số người"), default=1)
    representative_count = models.PositiveSmallIntegerField(_("số người đại diện"), default=0)
    remote_area = models.BooleanField(_("vùng sâu, vùng xa đi lại khó khăn"), default=False)
    several_places = models.BooleanField(_("xác minh ở nhiều địa điểm"), default=False)
    complexity = models.CharField(_("tính chất vụ việc"), max_length=20, choices=Complexity.choices,
                                  default=Complexity.NORMAL)
    complexity_criteria = models.JSONField(_("tiêu chí phức tạp"), default=list, blank=True)
    known_on = models.DateField(_("ngày biết quyết định, hành vi bị khiếu nại"), null=True, blank=True)
    obstacle_days = models.PositiveSmallIntegerField(_("số ngày trở ngại khách quan"), default=0)
    received_on = models.DateField(_("ngày nhận đơn"), db_index=True)
    accepted_on = models.DateField(_("ngày thụ lý"), null=True, blank=True)
    decided_on = models.DateField(_("ngày ban hành quyết định / kết luận"), null=True, blank=True)
    sent_on = models.DateField(_("ngày gửi quyết định / thông báo kết luận"), null=True, blank=True)
    published_on = models.DateField(_("ngày công khai kết luận"), null=True, blank=True)
    due_on = models.DateField(_("hạn của bước hiện tại"), null=True, blank=True, db_index=True)
    due_label = models.CharField(_("bước có hạn"), max_length=120, blank=True)
    resolve_due_on = models.DateField(_("hạn giải quyết"), null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0)
    extension_days = models.PositiveSmallIntegerField(_("tổng số ngày gia hạn"), default=0)
    rejection_ground = models.CharField(_("căn cứ không thụ lý"), max_length=30, blank=True)
    rejection_reason = models.TextField(_("lý do không thụ lý"), blank=True)
    transferred_to = models.CharField(_("chuyển đến"), max_length=300, blank=True)
    decision_number = models.CharField(_("số quyết định / kết luận"), max_length=50, blank=True)
    finding = models.CharField(_("kết luận"), max_length=10, choices=Finding.choices, blank=True)
    decision_text = models.TextField(_("nội dung quyết định / kết luận / trả lời"), blank=True)
    anonymous_checked = models.BooleanField(_("đã kiểm tra nội dung đơn nặc danh (Điều 25)"), default=False)
    rules_code = models.CharField(_("phiên bản thời hạn"), max_length=40)
    rules_snapshot = models.JSONField(_("thời hạn áp dụng"), default=dict)
    entry = models.ForeignKey(ReceptionEntry, verbose_name=_("lượt tiếp công dân"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="cases")

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("đơn khiếu nại, tố cáo, kiến nghị")
        verbose_name_plural = _("đơn khiếu nại, tố cáo, kiến nghị")
        indexes = [models.Index(fields=["unit", "state", "due_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(round__in=[1, 2]), name="cases_case_round"),
            models.CheckConstraint(condition=Q(extensions__lte=2), name="cases_case_extensions"),
            # a denunciation (or a letter of the same visit) never carries its sender in clear
            models.CheckConstraint(condition=(~Q(kind="denunciation") & Q(identity_sealed=False)) | (Q(petitioner_name="")
                                   & Q(petitioner_address="") & Q(petitioner_phone="")),
                                   name="cases_denunciation_no_plain_identity"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def workflow(self):
        """The transition table this letter follows (its kind's, or Art.25's for an anonymous letter)."""
        return domain.workflow_for(self.kind, anonymous=self.anonymous)

    def rules(self) -> domain.RuleSet:
        return domain.ruleset_from_snapshot(self.rules_snapshot) if self.rules_snapshot else domain.DEFAULT_RULESET

    def rejection_ground_text(self) -> str:
        ground = domain.ground_of(self.kind, self.rejection_ground)
        return f"{ground.text} ({ground.article})" if ground else ""

    def party_label(self) -> str:
        if self.kind == CaseKind.DENUNCIATION:
            return str(_("Người tố cáo (được giữ bí mật theo Điều 47 Luật Tố cáo)"))
        if self.identity_sealed:
            return str(_("Người gửi đơn (được giữ bí mật vì cùng lượt tiếp có đơn tố cáo)"))
        return self.petitioner_name


class SealedIdentity(TimeStampedModel):
    """The denouncer's identity, encrypted (identity.py). Linked to a case and/or a reception-book entry. No
    __str__ or admin exposes its content; reading it goes through services.identity_reveal (audited)."""

    case = models.OneToOneField(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="sealed_identity")
    entry = models.OneToOneField(ReceptionEntry, null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="sealed_identity")
    token = models.BinaryField(_("dữ liệu mã hóa"))

    class Meta:
        verbose_name = _("thông tin người tố cáo (mã hóa)")
        verbose_name_plural = _("thông tin người tố cáo (mã hóa)")
        constraints = [models.CheckConstraint(condition=Q(case__isnull=False) | Q(entry__isnull=False),
                                              name="cases_sealed_identity_owner")]

    def __str__(self) -> str:
        return f"sealed#{self.pk}"


class CaseEvent(models.Model):
    """One step. `note` may be shown to the citizen on the tracking page; `internal_note` only to staff."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    state = models.CharField(_("trạng thái"), max_length=12, choices=State.choices)
    note = models.TextField(_("ghi chú gửi công dân"), blank=True)
    internal_note = models.TextField(_("ghi chú nội bộ"), blank=True)
    due_on = models.DateField(_("hạn"), null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created = models.DateTimeField(_("lúc"), db_index=True)

    class Meta:
        ordering = ["created", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.state}"


class DocumentKind(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Thông báo thụ lý")
    REJECTION = "rejection", _("Thông báo không thụ lý")
    TRANSFER = "transfer", _("Phiếu chuyển đơn")
    DIALOGUE = "dialogue", _("Biên bản đối thoại")
    EXTENSION = "extension", _("Quyết định gia hạn giải quyết tố cáo")
    DECISION = "decision", _("Quyết định giải quyết khiếu nại")
    CONCLUSION = "conclusion", _("Kết luận nội dung tố cáo")
    PUBLICATION = "publication", _("Thông báo công khai kết luận")
    TERMINATION = "termination", _("Quyết định đình chỉ giải quyết")
    ANSWER = "answer", _("Văn bản trả lời kiến nghị, phản ánh")


class CaseDocument(models.Model):
    """A numbered document of the case file (Luật Khiếu nại Art.34: the file's documents are numbered). The text
    is a snapshot taken when it was issued: it never contains the denouncer's identity."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    number = models.PositiveSmallIntegerField(_("số thứ tự trong hồ sơ"))
    kind = models.CharField(_("loại văn bản"), max_length=12, choices=DocumentKind.choices)
    issued_on = models.DateField(_("ngày ban hành"))
    reference = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    title = models.CharField(_("trích yếu"), max_length=300)
    body = models.JSONField(_("nội dung"), default=dict)
    created = models.DateTimeField(_("lúc"))

    class Meta:
        ordering = ["case", "number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="cases_document_number")]

    def __str__(self) -> str:
        return f"{self.case_id}/{self.number}"


# --- grassroots mediation --------------------------------------------------------------------------


class MediationTeam(UnitScoped, TimeStampedModel):
    unit_field = "village"

    village = models.ForeignKey(AdministrativeUnit, verbose_name=_("thôn, tổ dân phố"), on_delete=models.PROTECT,
                                related_name="mediation_teams")
    name = models.CharField(_("tên tổ hòa giải"), max_length=200)
    established_on = models.DateField(_("ngày thành lập"))

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["village__name", "name"]
        verbose_name = _("tổ hòa giải")
        verbose_name_plural = _("tổ hòa giải")

    def __str__(self) -> str:
        return self.name


class Mediator(UnitScoped, TimeStampedModel):
    unit_field = "team__village"

    team = models.ForeignKey(MediationTeam, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    is_leader = models.BooleanField(_("tổ trưởng"), default=False)
    is_woman = models.BooleanField(_("nữ"), default=False)
    term_start = models.DateField(_("bắt đầu"))
    term_end = models.DateField(_("kết thúc"), null=True, blank=True)

    class Meta:
        ordering = ["-is_leader", "full_name"]
        verbose_name = _("hòa giải viên")
        verbose_name_plural = _("hòa giải viên")

    def __str__(self) -> str:
        return self.full_name

    def is_active_on(self, on: date) -> bool:
        return self.term_start <= on and (self.term_end is None or on <= self.term_end)


class MediationCase(UnitScoped, TimeStampedModel):
    unit_field = "team__village"

    team = models.ForeignKey(MediationTeam, on_delete=models.PROTECT, related_name="cases")
    code = models.CharField(_("số vụ việc"), max_length=30, unique=True)
    dispute_type = models.CharField(_("loại tranh chấp"), max_length=15, choices=DisputeType.choices)
    parties = models.TextField(_("các bên"))
    summary = models.TextField(_("nội dung vụ việc"))
    received_on = models.DateField(_("ngày tiếp nhận"))
    state = models.CharField(_("kết quả"), max_length=12, choices=MediationState.choices, default=MediationState.OPEN,
                             db_index=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    outcome_note = models.TextField(_("nội dung kết quả"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("vụ việc hòa giải")
        verbose_name_plural = _("vụ việc hòa giải")

    def __str__(self) -> str:
        return self.code


class MediationSession(UnitScoped, models.Model):
    unit_field = "case__team__village"

    case = models.ForeignKey(MediationCase, on_delete=models.CASCADE, related_name="sessions")
    held_on = models.DateField(_("ngày hòa giải"))
    place = models.CharField(_("địa điểm"), max_length=300)
    note = models.TextField(_("diễn biến"))
    created = models.DateTimeField(_("lúc"))

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.held_on}"
