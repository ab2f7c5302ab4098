"""Models of steering and reporting: committees, plans and tasks, report templates and submissions (with their
values, rolled up the tree), inspections, exemplary models and commendations, the access-to-law standard."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danchu.core.models import TimeStampedModel
from danchu.core.procedures import ProcedureQuerySet
from danchu.core.scoping import ScopedQuerySet, UnitScoped
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from . import domain
from .domain import (
    AssessmentState,
    CommendationForm,
    CommendationLevel,
    InspectionKind,
    InspectionState,
    ModelField,
    ModelStatus,
    PlanState,
    SubmissionState,
    TaskState,
)
from .periods import Period, PeriodKind
from .values import IndicatorKind, TableSpec, table_from_json, table_spec

User = settings.AUTH_USER_MODEL


# --- steering committees ---------------------------------------------------------------------------


class SteeringCommittee(UnitScoped, TimeStampedModel):
    """Ban Chỉ đạo thực hiện quy chế dân chủ ở cơ sở of one level; each consolidation (kiện toàn) is a new row."""

    unit_field = "unit"

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="steering_committees")
    name = models.CharField(_("tên"), max_length=250)
    decision_number = models.CharField(_("số quyết định thành lập/kiện toàn"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    dissolved_on = models.DateField(_("ngày thôi hoạt động (được kiện toàn lại)"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "-decision_date", "-pk"]
        verbose_name = _("ban chỉ đạo")
        verbose_name_plural = _("ban chỉ đạo")

    def __str__(self) -> str:
        return self.name


class CommitteeMember(UnitScoped, models.Model):
    unit_field = "committee__unit"

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE, related_name="members")
    full_name = models.CharField(_("họ và tên"), max_length=150)
    position_title = models.CharField(_("chức vụ"), max_length=200, blank=True)
    committee_role = models.CharField(_("chức danh trong ban"), max_length=100)
    area = models.CharField(_("lĩnh vực, địa bàn phụ trách"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["committee", "order", "pk"]
        verbose_name = _("thành viên ban chỉ đạo")
        verbose_name_plural = _("thành viên ban chỉ đạo")

    def __str__(self) -> str:
        return self.full_name


class CommitteeMeeting(UnitScoped, models.Model):
    unit_field = "committee__unit"

    committee = models.ForeignKey(SteeringCommittee, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("ngày họp"))
    content = models.TextField(_("nội dung"))
    conclusions = models.TextField(_("kết luận"), blank=True)

    class Meta:
        ordering = ["committee", "-held_on"]
        verbose_name = _("cuộc họp ban chỉ đạo")
        verbose_name_plural = _("cuộc họp ban chỉ đạo")

    def __str__(self) -> str:
        return f"{self.committee} — {self.held_on:%d/%m/%Y}"


# --- plans and tasks -------------------------------------------------------------------------------


class Plan(UnitScoped, TimeStampedModel):
    """Kế hoạch issued by an organisation of a unit; a lower level attaches its own plan to the parent."""

    unit_field = "unit"

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("cấp ban hành"), on_delete=models.PROTECT,
                             related_name="steering_plans")
    issuer = models.CharField(_("cơ quan ban hành"), max_length=250)
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    summary = models.TextField(_("mục đích, yêu cầu, nội dung chính"), blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    parent = models.ForeignKey("self", verbose_name=_("thực hiện kế hoạch cấp trên"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children")
    state = models.CharField(_("trạng thái"), max_length=12, choices=PlanState.choices, default=PlanState.DRAFT)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        constraints = [models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")),
                                              name="steering_plan_dates_ordered")]

    def __str__(self) -> str:
        return self.title


class Task(UnitScoped, TimeStampedModel):
    """A task of a plan, assigned to a unit with a deadline. `Task.objects` is a `ProcedureQuerySet`: `open()`,
    `overdue(today)`, `due_by(day)` and `in_subtree(unit)` (the tasks assigned within a unit's subtree)."""

    unit_field = "assignee_unit"
    OPEN_STATES = domain.OPEN_TASK_STATES

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    description = models.TextField(_("nội dung, sản phẩm"), blank=True)
    assignee_unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị thực hiện"),
                                      on_delete=models.PROTECT, related_name="steering_tasks")
    assignee_org = models.CharField(_("cơ quan chủ trì"), max_length=250, blank=True)
    due_on = models.DateField(_("thời hạn"))
    state = models.CharField(_("trạng thái"), max_length=12, choices=TaskState.choices, default=TaskState.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        indexes = [models.Index(fields=["state", "due_on"])]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="steering_task_progress_max")]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        return domain.task_is_overdue(self.state, self.due_on, today)


class TaskUpdate(UnitScoped, models.Model):
    unit_field = "task__assignee_unit"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"))
    note = models.TextField(_("kết quả, khó khăn"))
    evidence = models.ForeignKey("core.Attachment", verbose_name=_("minh chứng"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["task", "created", "pk"]
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")

    def __str__(self) -> str:
        return f"{self.task} — {self.percent}%"


# --- report templates and submissions --------------------------------------------------------------


class ReportTemplate(UnitScoped, TimeStampedModel):
    """Đề cương báo cáo: indicators that each lower unit fills for a period; issued by one level."""

    unit_field = "unit"

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("cấp ban hành"), on_delete=models.PROTECT,
                             related_name="report_templates")
    title = models.CharField(_("tên báo cáo"), max_length=300)
    instructions = models.TextField(_("hướng dẫn"), blank=True)
    period_kind = models.CharField(_("kỳ báo cáo"), max_length=12, choices=PeriodKind.choices)
    due_working_days = models.PositiveSmallIntegerField(
        _("hạn gửi (số ngày làm việc sau khi hết kỳ)"), default=domain.DEFAULT_DUE_WORKING_DAYS)
    target_level = models.PositiveSmallIntegerField(_("cấp báo cáo"), choices=Level.choices, default=Level.COMMUNE)
    plan = models.ForeignKey(Plan, verbose_name=_("theo kế hoạch"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="report_templates")
    is_issued = models.BooleanField(_("đã ban hành"), default=False)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("mẫu báo cáo")
        verbose_name_plural = _("mẫu báo cáo")

    def __str__(self) -> str:
        return self.title


class Indicator(UnitScoped, models.Model):
    unit_field = "template__unit"

    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("mã"), max_length=20)
    label = models.CharField(_("chỉ tiêu"), max_length=500)
    kind = models.CharField(_("loại"), max_length=10, choices=IndicatorKind.choices)
    measure = models.CharField(_("đơn vị tính"), max_length=50, blank=True)
    required = models.BooleanField(_("bắt buộc"), default=True)
    source = models.CharField(_("lấy từ dữ liệu hệ thống"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    # a TABLE indicator: its columns [{"label", "kind": number|text}] and fixed row labels (empty: free rows),
    # checked by table_spec when the indicator is added
    table_columns = models.JSONField(_("các cột của bảng"), default=list, blank=True)
    table_rows = models.JSONField(_("các dòng cố định của bảng"), default=list, blank=True)

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = _("chỉ tiêu báo cáo")
        verbose_name_plural = _("chỉ tiêu báo cáo")
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="steering_indicator_code_unique")]

    def __str__(self) -> str:
        return f"{self.code}. {self.label}"

    def table_spec(self) -> TableSpec | None:
        if self.kind != IndicatorKind.TABLE:
            return None
        cached = getattr(self, "_table_spec", None)
        if cached is None:
            cached = self._table_spec = table_spec(self.table_columns, self.table_rows)
        return cached


class SubmissionQuerySet(ScopedQuerySet):
    def counted(self) -> SubmissionQuerySet:
        return self.filter(state__in=domain.COUNTED_STATES)


class Submission(UnitScoped, TimeStampedModel):
    """One unit's report for one period. The unit may be a pre-2025 unit (historical reports): the roll-up
    carries it into today's unit through the lineage (ADR 0005)."""

    unit_field = "unit"

    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="submissions")
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT,
                             related_name="steering_submissions")
    # Today's unit the report adds up into (= unit, or its successor through the lineage for a pre-2025 unit);
    # derived, set when the report is opened and rebuilt by `danchu relink_submissions` after a lineage change.
    rollup_unit = models.ForeignKey(AdministrativeUnit, null=True, blank=True, editable=False,
                                    on_delete=models.PROTECT, related_name="+")
    period_key = models.CharField(_("kỳ"), max_length=12)
    period_start = models.DateField()
    period_end = models.DateField()
    state = models.CharField(_("trạng thái"), max_length=10, choices=SubmissionState.choices,
                             default=SubmissionState.DRAFT)
    due_on = models.DateField(_("hạn gửi"), null=True, blank=True)
    submitted_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    submitted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    returned_reason = models.TextField(_("lý do trả lại"), blank=True)
    accepted_on = models.DateField(_("ngày tiếp nhận"), null=True, blank=True)
    narrative = models.TextField(_("đánh giá chung, kiến nghị"), blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["template", "-period_start", "unit"]
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        constraints = [models.UniqueConstraint(fields=["template", "unit", "period_key"],
                                               name="steering_submission_unique")]
        indexes = [models.Index(fields=["template", "period_key", "state"])]

    def __str__(self) -> str:
        return f"{self.template} — {self.unit} — {self.period_key}"

    @property
    def period(self) -> Period:
        return Period(self.template.period_kind, self.period_start, self.period_end)

    @property
    def is_editable(self) -> bool:
        return self.state in domain.EDITABLE_STATES

    def is_late(self, today: date) -> bool:
        return domain.submission_is_late(self.due_on, self.submitted_on, today)


class SubmissionValue(UnitScoped, models.Model):
    unit_field = "submission__unit"

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    number = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    boolean = models.BooleanField(null=True, blank=True)
    text = models.TextField(blank=True)
    table = models.JSONField(_("bảng"), null=True, blank=True)  # table_to_json: rows of cells
    source_note = models.TextField(_("nguồn số liệu"), blank=True)  # how a figure filled from platform data was made
    source_refs = models.JSONField(_("hồ sơ gốc"), default=list, blank=True)  # [[model label, pk], …]

    class Meta:
        verbose_name = _("số liệu báo cáo")
        verbose_name_plural = _("số liệu báo cáo")
        constraints = [models.UniqueConstraint(fields=["submission", "indicator"], name="steering_value_unique")]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.value()}"

    def value(self):
        if self.indicator.kind == IndicatorKind.NUMBER:
            return self.number
        if self.indicator.kind == IndicatorKind.BOOLEAN:
            return self.boolean
        if self.indicator.kind == IndicatorKind.TABLE:
            return table_from_json(self.indicator.table_spec(), self.table)
        return self.text or None


# --- inspections and supervision -------------------------------------------------------------------


class Inspection(UnitScoped, TimeStampedModel):
    unit_field = "unit"

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("cấp tiến hành"), on_delete=models.PROTECT,
                             related_name="steering_inspections")
    kind = models.CharField(_("hình thức"), max_length=10, choices=InspectionKind.choices,
                            default=InspectionKind.INSPECTION)
    title = models.CharField(_("nội dung kiểm tra, giám sát"), max_length=500)
    target_unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị được kiểm tra"),
                                    on_delete=models.PROTECT, related_name="steering_inspected")
    plan = models.ForeignKey(Plan, verbose_name=_("theo kế hoạch"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="inspections")
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    team = models.TextField(_("thành phần đoàn"), blank=True)
    objectives = models.TextField(_("mục đích, yêu cầu"), blank=True)
    state = models.CharField(_("trạng thái"), max_length=10, choices=InspectionState.choices,
                             default=InspectionState.PLANNED)
    findings = models.TextField(_("kết quả kiểm tra (ưu điểm, hạn chế)"), blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("cuộc kiểm tra, giám sát")
        verbose_name_plural = _("kiểm tra, giám sát")
        constraints = [models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")),
                                              name="steering_inspection_dates_ordered")]

    def __str__(self) -> str:
        return self.title


class Recommendation(UnitScoped, models.Model):
    unit_field = "inspection__unit"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="recommendations")
    content = models.TextField(_("kiến nghị"))
    responsible = models.CharField(_("đơn vị, người thực hiện"), max_length=250, blank=True)
    due_on = models.DateField(_("thời hạn"), null=True, blank=True)
    follow_up = models.TextField(_("kết quả thực hiện"), blank=True)
    closed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        ordering = ["inspection", "pk"]
        verbose_name = _("kiến nghị sau kiểm tra")
        verbose_name_plural = _("kiến nghị sau kiểm tra")

    def __str__(self) -> str:
        return self.content[:80]

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


# --- exemplary models and commendations ------------------------------------------------------------


class ExemplaryModel(UnitScoped, TimeStampedModel):
    unit_field = "unit"

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="exemplary_models")
    name = models.CharField(_("tên mô hình, điển hình"), max_length=300)
    field = models.CharField(_("lĩnh vực"), max_length=20, choices=ModelField.choices)
    description = models.TextField(_("mô tả, cách làm"), blank=True)
    evidence = models.TextField(_("minh chứng, kết quả"), blank=True)
    started_on = models.DateField(_("bắt đầu thực hiện"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=12, choices=ModelStatus.choices,
                              default=ModelStatus.PROPOSED)
    evaluation = models.TextField(_("đánh giá của cấp trên"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "name"]
        verbose_name = _("mô hình, điển hình")
        verbose_name_plural = _("mô hình, điển hình")

    def __str__(self) -> str:
        return self.name


class Replication(UnitScoped, models.Model):
    unit_field = "unit"

    model = models.ForeignKey(ExemplaryModel, on_delete=models.CASCADE, related_name="replications")
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("nơi nhân rộng"), on_delete=models.PROTECT,
                             related_name="+")
    started_on = models.DateField(_("từ ngày"), null=True, blank=True)
    result = models.TextField(_("kết quả"), blank=True)

    class Meta:
        ordering = ["model", "pk"]
        verbose_name = _("nhân rộng mô hình")
        verbose_name_plural = _("nhân rộng mô hình")

    def __str__(self) -> str:
        return f"{self.model} — {self.unit}"


class Commendation(UnitScoped, TimeStampedModel):
    unit_field = "unit"

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT,
                             related_name="steering_commendations")
    model = models.ForeignKey(ExemplaryModel, verbose_name=_("mô hình"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="commendations")
    recipient = models.CharField(_("tập thể, cá nhân được khen"), max_length=300)
    form = models.CharField(_("hình thức"), max_length=12, choices=CommendationForm.choices)
    level = models.CharField(_("cấp khen"), max_length=12, choices=CommendationLevel.choices)
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    decision_date = models.DateField(_("ngày quyết định"))
    issuer = models.CharField(_("cơ quan quyết định"), max_length=250)
    reason = models.TextField(_("thành tích"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_date", "-pk"]
        verbose_name = _("khen thưởng")
        verbose_name_plural = _("khen thưởng")

    def __str__(self) -> str:
        return f"{self.get_form_display()} — {self.recipient}"


# --- access-to-law standard ------------------------------------------------------------------------


class AccessToLawAssessment(UnitScoped, TimeStampedModel):
    """Yearly assessment of a commune against QĐ 25/2021/QĐ-TTg (self-score → posting → dossier → council →
    recognition). Scores are stored per indicator code ("TC2.CT3": "4.5")."""

    unit_field = "commune"

    commune = models.ForeignKey(AdministrativeUnit, verbose_name=_("xã, phường"), on_delete=models.PROTECT,
                                related_name="access_to_law_assessments")
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    state = models.CharField(_("trạng thái"), max_length=16, choices=AssessmentState.choices,
                             default=AssessmentState.SELF_SCORING)
    self_scores = models.JSONField(_("điểm tự chấm"), default=dict, blank=True)
    appraised_scores = models.JSONField(_("điểm Hội đồng thẩm định"), default=dict, blank=True)
    posted_from = models.DateField(_("niêm yết từ ngày"), null=True, blank=True)
    posted_to = models.DateField(_("niêm yết đến ngày"), null=True, blank=True)
    feedback_summary = models.TextField(_("tổng hợp, tiếp thu, giải trình ý kiến"), blank=True)
    head_disciplined = models.BooleanField(
        _("người đứng đầu cấp ủy, chính quyền bị kỷ luật hoặc truy cứu trách nhiệm hình sự trong năm"), default=False)
    # the council may correct the commune's own statement while appraising (QĐ25 Art.4.3 is a condition of
    # recognition, and the council's appraisal decides it: TT09 Art.2.2); the ground is kept and audited
    head_set_by_council = models.BooleanField(_("Hội đồng thẩm định đã xác định lại"), default=False)
    head_note = models.TextField(_("căn cứ xác định của Hội đồng"), blank=True)
    dossier_sent_on = models.DateField(_("ngày gửi hồ sơ"), null=True, blank=True)
    appraised_on = models.DateField(_("ngày thẩm định"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=100, blank=True)
    recognised_on = models.DateField(_("ngày công nhận"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "commune"]
        verbose_name = _("đánh giá chuẩn tiếp cận pháp luật")
        verbose_name_plural = _("đánh giá chuẩn tiếp cận pháp luật")
        constraints = [models.UniqueConstraint(fields=["commune", "year"], name="steering_assessment_unique")]

    def __str__(self) -> str:
        return f"{self.commune} — {self.year}"
