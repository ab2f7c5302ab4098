"""Write functions of report templates and the units' reports (submissions): a template and its indicators
issued by a level, each unit's report of a period opened, filled (by hand or from platform data), sent, returned
or accepted, and the deadline of a period's report."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.errors import field_error
from danchu.core.services import locked, service
from danchu.core.text import clean_field
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from .. import domain
from ..aggregate import resolve_current
from ..domain import SubmissionState
from ..inputs import MAX_TEXT
from ..lineage import current_unit_of, lineage_successors, within_scope
from ..models import Indicator, Plan, ReportTemplate, Submission, SubmissionValue
from ..periods import PeriodKind
from ..selectors.reports import parse_period, report_due_on
from ..values import IndicatorKind, TableSpecError, ValueError_, parse_value, table_spec, table_to_json
from ..verbs import AuditVerb


@service(AuditVerb.TEMPLATE_CREATED)
def template_create(*, unit: AdministrativeUnit, title: str, period_kind: str, actor, instructions: str = "",
                    due_working_days: int = domain.DEFAULT_DUE_WORKING_DAYS, target_level: int = Level.COMMUNE,
                    plan: Plan | None = None) -> ReportTemplate:
    if period_kind not in PeriodKind.values:
        raise field_error("period_kind", _("Kỳ báo cáo không hợp lệ."), "bad_period_kind")
    if not isinstance(due_working_days, int) or not 0 <= due_working_days <= domain.MAX_DUE_WORKING_DAYS:
        raise field_error("due_working_days", _("Hạn gửi từ 0 đến %(n)d ngày làm việc.")
                          % {"n": domain.MAX_DUE_WORKING_DAYS}, "bad_due_days")
    if target_level not in (Level.DISTRICT, Level.COMMUNE, Level.VILLAGE) or target_level <= unit.level:
        raise field_error("target_level", _("Cấp báo cáo phải thấp hơn cấp ban hành."), "bad_target_level")
    if plan is not None and not unit.path.startswith(plan.unit.path):
        raise field_error("plan", _("Kế hoạch không thuộc cấp này hoặc cấp trên."), "plan_outside")
    template = ReportTemplate(unit=unit, title=clean_field(title, "title", required=True, max_length=300),
                              instructions=clean_field(instructions, "instructions", max_length=MAX_TEXT,
                                                       single_line=False, required=False),
                              period_kind=period_kind, due_working_days=due_working_days, target_level=target_level,
                              plan=plan)
    template.save()
    audit.record(actor=actor, verb=AuditVerb.TEMPLATE_CREATED, target=template, unit=unit,
                 data={"period_kind": period_kind})
    return template


def _table_definition(kind: str, columns, rows) -> tuple[list[dict], list[str]]:
    """The columns and fixed rows of a TABLE indicator, cleaned and checked (values.table_spec); none for the
    other kinds."""
    if kind != IndicatorKind.TABLE:
        if columns or rows:
            raise field_error("columns", _("Chỉ chỉ tiêu dạng bảng mới có cột và dòng."), "not_a_table")
        return [], []
    try:
        spec = table_spec(columns, rows)
    except TableSpecError as exc:
        raise field_error(exc.field, str(exc), "bad_table") from None
    return spec.to_json()


@service(AuditVerb.TEMPLATE_INDICATOR_ADDED)
def indicator_add(*, template: ReportTemplate, code: str, label: str, kind: str, actor, measure: str = "",
                  required: bool = True, source: str = "", columns: list[dict] | None = None,
                  rows: list[str] | None = None) -> Indicator:
    """An indicator of a template not yet issued. A TABLE indicator takes its `columns` ([{"label", "kind":
    "number"|"text"}]) and, optionally, fixed `rows` (labels); without them each unit adds its own rows."""
    from ..sources import SOURCES

    if template.is_issued:
        raise ValidationError(_("Mẫu báo cáo đã ban hành, không sửa chỉ tiêu."), code="template_issued")
    if kind not in IndicatorKind.values:
        raise field_error("kind", _("Loại chỉ tiêu không hợp lệ."), "bad_kind")
    table_columns, table_rows = _table_definition(kind, columns, rows)
    if source and (source not in SOURCES or SOURCES[source].kind != kind):
        raise field_error("source", _("Nguồn dữ liệu không hợp lệ cho loại chỉ tiêu này."), "bad_source")
    code = clean_field(code, "code", required=True, max_length=20)
    if template.indicators.filter(code=code).exists():
        raise field_error("code", _("Mã chỉ tiêu đã có trong mẫu."), "duplicate_code")
    if template.indicators.count() >= 200:
        raise ValidationError(_("Mẫu báo cáo có tối đa 200 chỉ tiêu."), code="too_many_indicators")
    order = template.indicators.count() + 1
    label = clean_field(label, "label", required=True, max_length=500)
    measure = clean_field(measure, "measure", max_length=50, required=False)
    indicator = Indicator.objects.create(template=template, code=code, label=label, kind=kind, measure=measure,
                                         required=bool(required), source=source, order=order,
                                         table_columns=table_columns, table_rows=table_rows)
    audit.record(actor=actor, verb=AuditVerb.TEMPLATE_INDICATOR_ADDED, target=template, unit=template.unit,
                 data={"indicator": indicator.pk, "code": code, "kind": kind, "source": source,
                       **({"columns": table_columns, "rows": table_rows} if table_columns else {})})
    return indicator


@service(AuditVerb.TEMPLATE_ISSUED)
def template_issue(*, template: ReportTemplate, actor, on: date | None = None) -> ReportTemplate:
    locked(template)
    if template.is_issued:
        raise ValidationError(_("Mẫu báo cáo đã được ban hành."), code="invalid_transition")
    if not template.indicators.exists():
        raise ValidationError(_("Mẫu báo cáo cần ít nhất một chỉ tiêu."), code="no_indicators")
    template.is_issued, template.issued_on = True, on or clock.today()
    template.save(update_fields=["is_issued", "issued_on", "modified"])
    audit.record(actor=actor, verb=AuditVerb.TEMPLATE_ISSUED, target=template, unit=template.unit,
                 data={"indicators": template.indicators.count()})
    return template


@service(AuditVerb.SUBMISSION_OPENED)
def submission_open(*, template: ReportTemplate, unit: AdministrativeUnit, period_key: str, actor,
                    today: date | None = None) -> Submission:
    """The unit's report for the period (created as a draft the first time). The unit must be of the template's
    level and inside the issuing unit's subtree — today's tree, or a pre-2025 unit rolling into it (historical
    reports of 2021–2025 are entered under the unit that existed then)."""
    today = today or clock.today()
    if not template.is_issued:
        raise ValidationError(_("Mẫu báo cáo chưa ban hành."), code="template_not_issued")
    period = parse_period(template, period_key)
    if period.start > today:
        raise field_error("period", _("Kỳ báo cáo chưa bắt đầu."), "period_in_future")
    if unit.level != template.target_level:
        raise field_error("unit", _("Đơn vị không thuộc cấp phải báo cáo theo mẫu này."), "wrong_level")
    if not unit.is_current(period.end):
        raise field_error("unit",
                          _("Đơn vị không tồn tại vào cuối kỳ báo cáo (hãy dùng đơn vị của thời điểm đó)."),
                          "unit_not_in_period")
    if not within_scope(unit, template.unit):
        raise field_error("unit", _("Đơn vị không thuộc địa bàn của cấp ban hành mẫu."), "unit_outside")
    existing = Submission.objects.filter(template=template, unit=unit, period_key=period.key).first()
    if existing:
        return existing
    submission = Submission(template=template, unit=unit, rollup_unit=current_unit_of(unit), period_key=period.key,
                            period_start=period.start, period_end=period.end,
                            due_on=report_due_on(template, period))
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:  # opened at the same moment by a colleague
        return Submission.objects.get(template=template, unit=unit, period_key=period.key)
    audit.record(actor=actor, verb=AuditVerb.SUBMISSION_OPENED, target=submission, unit=unit,
                 data={"template": template.pk, "period": period.key})
    return submission


@service(AuditVerb.SUBMISSION_SAVED)
def submission_save(*, submission: Submission, values: dict, actor, narrative: str | None = None) -> Submission:
    """Store the values typed in (indicator id or code → raw value). Every value is checked first; on any error
    nothing is stored and the error names the indicator."""
    locked(submission, "template", "unit")
    if not submission.is_editable:
        raise ValidationError(_("Báo cáo đã gửi, không sửa được (chờ cấp trên trả lại nếu cần sửa)."),
                              code="not_editable")
    indicators = {ind.pk: ind for ind in submission.template.indicators.all()}
    by_code = {ind.code: ind for ind in indicators.values()}
    parsed: dict[int, object] = {}
    errors: dict[str, list[ValidationError]] = {}
    for key, raw in (values or {}).items():
        ind = indicators.get(key) if isinstance(key, int) else None
        if ind is None and isinstance(key, str):
            ind = by_code.get(key) or (indicators.get(int(key)) if key.isdigit() and len(key) < 12 else None)
        if ind is None:
            errors.setdefault("values", []).append(ValidationError(
                _("Không có chỉ tiêu %(k)s trong mẫu.") % {"k": str(key)[:20]}, code="unknown_indicator"))
            continue
        try:
            parsed[ind.pk] = parse_value(ind.kind, raw, spec=ind.table_spec())
        except ValueError_ as exc:
            errors[f"ind_{ind.pk}"] = [ValidationError(f"{ind.code}: {exc}", code="bad_value")]
    if errors:
        raise ValidationError(errors)
    existing = {v.indicator_id: v for v in submission.values.all()}
    for v in existing.values():
        v.indicator = indicators.get(v.indicator_id, v.indicator)
    changed = 0
    for ind_pk, value in parsed.items():
        ind = indicators[ind_pk]
        row = existing.get(ind_pk) or SubmissionValue(submission=submission, indicator=ind)
        before = row.value() if row.pk else None
        row.number = value if ind.kind == IndicatorKind.NUMBER else None
        row.boolean = value if ind.kind == IndicatorKind.BOOLEAN else None
        row.text = (value or "") if ind.kind == IndicatorKind.TEXT else ""
        row.table = table_to_json(value) if ind.kind == IndicatorKind.TABLE else None
        if row.pk and before != row.value():
            row.source_note, row.source_refs = "", []  # typed over: no longer the platform's figure
        if not row.pk or before != row.value():
            row.save()
            changed += 1
    fields = ["modified"]
    if narrative is not None:
        submission.narrative = clean_field(narrative, "narrative", max_length=MAX_TEXT, single_line=False,
                                           required=False)
        fields.append("narrative")
    submission.save(update_fields=fields)
    audit.record(actor=actor, verb=AuditVerb.SUBMISSION_SAVED, target=submission, unit=submission.unit,
                 data={"changed": changed})
    return submission


@service(AuditVerb.SUBMISSION_FILLED)
def submission_fill_from_platform(*, submission: Submission, actor) -> int:
    """Fill the indicators that have a platform source with the figure computed from the records, keeping the
    explanation and the record references (traceable figures). Returns the number filled."""
    from ..sources import SOURCES

    locked(submission, "template", "unit")
    if not submission.is_editable:
        raise ValidationError(_("Báo cáo đã gửi, không sửa được."), code="not_editable")
    filled = 0
    for ind in submission.template.indicators.exclude(source=""):
        source = SOURCES.get(ind.source)
        if source is None:
            continue
        figure = source.compute(submission.unit, submission.period_start, submission.period_end)
        row, _created = SubmissionValue.objects.get_or_create(submission=submission, indicator=ind)
        row.number = figure.value if ind.kind == IndicatorKind.NUMBER else None
        row.boolean = figure.value if ind.kind == IndicatorKind.BOOLEAN else None
        row.source_note, row.source_refs = figure.note, figure.refs[:5000]
        row.save()
        filled += 1
    submission.save(update_fields=["modified"])
    audit.record(actor=actor, verb=AuditVerb.SUBMISSION_FILLED, target=submission, unit=submission.unit,
                 data={"filled": filled})
    return filled


@service(AuditVerb.SUBMISSION_SUBMITTED)
def submission_submit(*, submission: Submission, actor, on: date | None = None) -> Submission:
    locked(submission, "template", "unit")
    domain.SUBMISSION_WORKFLOW.check(submission.state, SubmissionState.SUBMITTED)
    have = {v.indicator_id for v in submission.values.select_related("indicator") if v.value() is not None}
    missing = [ind.code for ind in submission.template.indicators.filter(required=True) if ind.pk not in have]
    if missing:
        raise ValidationError(_("Chưa nhập các chỉ tiêu bắt buộc: %(c)s.") % {"c": ", ".join(missing[:20])},
                              code="missing_values")
    submission.state = SubmissionState.SUBMITTED
    submission.submitted_on = on or clock.today()
    submission.submitted_by = actor if getattr(actor, "is_authenticated", False) else None
    submission.save(update_fields=["state", "submitted_on", "submitted_by", "modified"])
    audit.record(actor=actor, verb=AuditVerb.SUBMISSION_SUBMITTED, target=submission, unit=submission.unit,
                 data={"late": submission.is_late(submission.submitted_on)})
    return submission


@service(AuditVerb.SUBMISSION_RETURNED)
def submission_return(*, submission: Submission, reason: str, actor) -> Submission:
    locked(submission, "template", "unit")
    domain.SUBMISSION_WORKFLOW.check(submission.state, SubmissionState.RETURNED)
    submission.returned_reason = clean_field(reason, "reason", required=True, max_length=MAX_TEXT,
                                             single_line=False)
    submission.state = SubmissionState.RETURNED
    submission.save(update_fields=["state", "returned_reason", "modified"])
    audit.record(actor=actor, verb=AuditVerb.SUBMISSION_RETURNED, target=submission, unit=submission.unit,
                 data={"reason": submission.returned_reason})
    return submission


@service(AuditVerb.SUBMISSION_ACCEPTED)
def submission_accept(*, submission: Submission, actor, on: date | None = None) -> Submission:
    locked(submission, "template", "unit")
    domain.SUBMISSION_WORKFLOW.check(submission.state, SubmissionState.ACCEPTED)
    submission.state, submission.accepted_on = SubmissionState.ACCEPTED, on or clock.today()
    submission.save(update_fields=["state", "accepted_on", "modified"])
    audit.record(actor=actor, verb=AuditVerb.SUBMISSION_ACCEPTED, target=submission, unit=submission.unit, data={})
    return submission


@service(AuditVerb.SUBMISSIONS_RELINKED)
def submissions_relink(*, actor) -> int:
    """Recompute today's unit of every report after the lineage changed (ADR-0020). Returns the number changed."""
    successors = lineage_successors()
    changed = 0
    for sub in Submission.objects.only("pk", "unit_id", "rollup_unit_id").iterator():
        target = resolve_current(sub.unit_id, successors)
        if target != sub.rollup_unit_id:
            Submission.objects.filter(pk=sub.pk).update(rollup_unit_id=target, modified=clock.now())
            changed += 1
    audit.record(actor=actor, verb=AuditVerb.SUBMISSIONS_RELINKED, data={"changed": changed})
    return changed
