"""Steering API: plans and tasks, report templates, units' reports (submissions) and the rolled-up results.

Every write calls the same services as the HTML views; permissions are the named rules of rules.py. Lists are
limited to the units where the caller holds the capability (scope_filter); a report's content is shown only to
those allowed by `steering.view_submission` (a draft stays with its own unit).
"""

from __future__ import annotations

from datetime import date

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.core import clock
from danchu.core.api import ERRORS, Pagination, int_param, valid
from danchu.core.api import check_perm as check
from danchu.units.api import scope_filter
from danchu.units.domain import Capability, Level
from danchu.units.models import AdministrativeUnit

from . import domain, services
from .domain import ColumnKind, IndicatorKind, PeriodKind, TaskState
from .models import Plan, ReportTemplate, Submission, Task

MAXID = 2**62


def _unit_or_400(pk: int, name: str = "unit") -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise serializers.ValidationError({name: [_("Không có đơn vị này.")]})
    return unit


def _scoped_unit(request, perm: str) -> AdministrativeUnit | None:
    unit_id = int_param(request, "unit")
    if unit_id is None:
        return None
    unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
    check(request, perm, unit)
    return unit


def _paginate(request, view, qs, serializer):
    paginator = Pagination()
    page = paginator.paginate_queryset(qs, request, view=view)
    return paginator.get_paginated_response(serializer(page, many=True).data)


# --- serializers -----------------------------------------------------------------------------------


class SteeringTaskOut(serializers.Serializer):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    title = serializers.CharField()
    description = serializers.CharField()
    assignee_unit = serializers.IntegerField(source="assignee_unit_id")
    assignee_unit_name = serializers.CharField(source="assignee_unit.name")
    assignee_org = serializers.CharField()
    due_on = serializers.DateField()
    state = serializers.ChoiceField(choices=TaskState.choices)
    progress = serializers.IntegerField()
    done_on = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()

    def get_overdue(self, task) -> bool:
        return task.is_overdue(clock.today())


class SteeringPlanOut(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    issuer = serializers.CharField()
    number = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    state = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)


class SteeringPlanDetailOut(SteeringPlanOut):
    tasks = SteeringTaskOut(many=True)


class SteeringPlanIn(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1, max_value=MAXID)
    issuer = serializers.CharField(max_length=250)
    title = serializers.CharField(max_length=500)
    number = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    summary = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    parent = serializers.IntegerField(min_value=1, max_value=MAXID, required=False, allow_null=True, default=None)


class SteeringTaskIn(serializers.Serializer):
    title = serializers.CharField(max_length=500)
    description = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    assignee_unit = serializers.IntegerField(min_value=1, max_value=MAXID)
    assignee_org = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")
    due_on = serializers.DateField()


class SteeringProgressIn(serializers.Serializer):
    percent = serializers.IntegerField(min_value=0, max_value=100)
    note = serializers.CharField(max_length=20000)


class SteeringTableColumn(serializers.Serializer):
    label = serializers.CharField(max_length=domain.MAX_TABLE_LABEL)
    kind = serializers.ChoiceField(choices=ColumnKind.choices, default=ColumnKind.NUMBER)


class SteeringIndicatorOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=IndicatorKind.choices)
    measure = serializers.CharField()
    required = serializers.BooleanField()
    source = serializers.CharField()
    columns = SteeringTableColumn(many=True, source="table_columns",
                                 help_text="Chỉ tiêu dạng bảng: các cột (tên, loại số liệu/văn bản)")
    rows = serializers.ListField(child=serializers.CharField(), source="table_rows",
                                 help_text="Chỉ tiêu dạng bảng: các dòng cố định (rỗng: đơn vị tự thêm dòng)")


class SteeringTemplateOut(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    title = serializers.CharField()
    instructions = serializers.CharField()
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices)
    due_working_days = serializers.IntegerField()
    target_level = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id", allow_null=True)
    is_issued = serializers.BooleanField()
    issued_on = serializers.DateField(allow_null=True)
    indicators = SteeringIndicatorOut(many=True)


class SteeringTemplateIn(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1, max_value=MAXID)
    title = serializers.CharField(max_length=300)
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices)
    instructions = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    due_working_days = serializers.IntegerField(min_value=0, max_value=domain.MAX_DUE_WORKING_DAYS,
                                                default=domain.DEFAULT_DUE_WORKING_DAYS)
    target_level = serializers.ChoiceField(choices=[Level.COMMUNE.value, Level.VILLAGE.value], default=Level.COMMUNE)


class SteeringIndicatorIn(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    label = serializers.CharField(max_length=500)
    kind = serializers.ChoiceField(choices=IndicatorKind.choices)
    measure = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    required = serializers.BooleanField(default=True)
    source = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    columns = serializers.ListField(child=SteeringTableColumn(), required=False, default=list,
                                    max_length=domain.MAX_TABLE_COLUMNS,
                                    help_text="Bắt buộc với loại bảng (table): các cột của bảng")
    rows = serializers.ListField(child=serializers.CharField(max_length=domain.MAX_TABLE_LABEL), required=False,
                                 default=list, max_length=domain.MAX_TABLE_FIXED_ROWS,
                                 help_text="Loại bảng: tên các dòng cố định; để trống nếu đơn vị tự thêm dòng")


class SteeringTableRowOut(serializers.Serializer):
    label = serializers.CharField(help_text="Tên dòng cố định, hoặc “Dòng n”")
    cells = serializers.ListField(child=serializers.CharField(allow_null=True),
                                  help_text="Theo thứ tự cột; số liệu dạng chuỗi thập phân (\"1234.5\"), ô trống null")


class SteeringValueOut(serializers.Serializer):
    indicator = serializers.IntegerField(source="indicator_id")
    code = serializers.CharField(source="indicator.code")
    number = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    boolean = serializers.BooleanField(allow_null=True)
    text = serializers.CharField()
    table = serializers.SerializerMethodField()
    source_note = serializers.CharField()
    source_refs = serializers.ListField(child=serializers.ListField())

    @extend_schema_field(SteeringTableRowOut(many=True, allow_null=True))
    def get_table(self, value) -> list | None:
        table = value.value() if value.indicator.kind == IndicatorKind.TABLE else None
        if table is None:
            return None
        return [{"label": table.spec.row_label(i), "cells": cells}
                for i, cells in enumerate(domain.table_to_json(table))]


class SteeringSubmissionOut(serializers.Serializer):
    id = serializers.IntegerField()
    template = serializers.IntegerField(source="template_id")
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    period = serializers.CharField(source="period_key")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    state = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    submitted_on = serializers.DateField(allow_null=True)
    accepted_on = serializers.DateField(allow_null=True)
    returned_reason = serializers.CharField()
    narrative = serializers.CharField()
    values = SteeringValueOut(many=True)


class SteeringOpenIn(serializers.Serializer):
    template = serializers.IntegerField(min_value=1, max_value=MAXID)
    unit = serializers.IntegerField(min_value=1, max_value=MAXID)
    period = serializers.CharField(max_length=12, help_text="2025-Q3, 2025-H1, 2025 hoặc 2021-2025")


class SteeringValuesIn(serializers.Serializer):
    values = serializers.DictField(child=serializers.JSONField(), help_text=(
        "mã chỉ tiêu → giá trị. Chỉ tiêu dạng bảng: danh sách các dòng, mỗi dòng là danh sách ô theo thứ tự cột "
        "hoặc {tên cột: giá trị}; bảng có dòng cố định nhận cả {tên dòng: dòng}. Số liệu nhập theo cách Việt Nam "
        "(\"1.000\" là một nghìn, \"12,5\") hoặc số JSON."))
    narrative = serializers.CharField(max_length=20000, required=False, allow_blank=True, allow_null=True,
                                      default=None)

    def validate_values(self, value):
        if len(value) > 200:
            raise serializers.ValidationError(_("Tối đa 200 chỉ tiêu."))
        return value


class SteeringReasonIn(serializers.Serializer):
    reason = serializers.CharField(max_length=20000)


class SteeringStatusOut(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    legacy = serializers.SerializerMethodField()
    submission = serializers.IntegerField(source="submission.pk", allow_null=True, default=None)
    state = serializers.SerializerMethodField()
    submitted_on = serializers.DateField(source="submission.submitted_on", allow_null=True, default=None)
    late = serializers.BooleanField()

    def get_legacy(self, row) -> bool:
        return row.unit.valid_to is not None

    def get_state(self, row) -> str:
        return row.submission.state if row.submission else "missing"


class SteeringTableTotalOut(serializers.Serializer):
    label = serializers.CharField(help_text="Tên dòng cố định, hoặc “Tổng cộng” khi đơn vị tự thêm dòng")
    totals = serializers.ListField(child=serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True),
                                   help_text="Tổng theo từng cột; null ở cột văn bản hoặc khi chưa có số liệu")


class SteeringTableAggregateOut(serializers.Serializer):
    rows = SteeringTableTotalOut(many=True)
    lines = serializers.IntegerField(help_text="Số dòng các báo cáo đã nhập")


class SteeringCellOut(serializers.Serializer):
    indicator = serializers.IntegerField()
    code = serializers.CharField()
    kind = serializers.CharField()
    total = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    yes = serializers.IntegerField(allow_null=True)
    answered = serializers.IntegerField(allow_null=True)
    table = SteeringTableAggregateOut(allow_null=True)
    texts = serializers.ListField(child=serializers.ListField(child=serializers.CharField()))
    reports = serializers.IntegerField()


class SteeringRowOut(serializers.Serializer):
    unit = serializers.IntegerField()
    unit_name = serializers.CharField()
    reports = serializers.IntegerField()
    legacy_reports = serializers.IntegerField()
    cells = SteeringCellOut(many=True)


class SteeringResultOut(serializers.Serializer):
    template = serializers.IntegerField()
    scope = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()
    reports = serializers.IntegerField()
    legacy_reports = serializers.IntegerField()
    legacy_units = serializers.ListField(child=serializers.CharField())
    legacy_unit_count = serializers.IntegerField()
    rows = SteeringRowOut(many=True)
    total = SteeringCellOut(many=True)


def _cells(indicators, cells) -> list[dict]:
    out = []
    for ind in indicators:
        agg = cells.get(ind.pk) or domain.Aggregate(ind.kind)
        out.append({"indicator": ind.pk, "code": ind.code, "kind": ind.kind,
                    "total": agg.total if ind.kind == IndicatorKind.NUMBER else None,
                    "yes": agg.yes if ind.kind == IndicatorKind.BOOLEAN else None,
                    "answered": agg.answered if ind.kind == IndicatorKind.BOOLEAN else None,
                    "table": {"rows": [{"label": label, "totals": sums}
                                       for label, sums in agg.table_totals(ind.table_spec())], "lines": agg.lines}
                    if ind.kind == IndicatorKind.TABLE else None,
                    "texts": [list(t) for t in agg.texts], "reports": agg.reports})
    return out


def _result_data(result) -> dict:
    return {"template": result.template.pk, "scope": result.scope.pk, "start": result.start, "end": result.end,
            "label": result.label, "reports": result.reports, "legacy_reports": result.legacy_reports,
            "legacy_units": result.legacy_units, "legacy_unit_count": result.legacy_unit_count,
            "rows": [{"unit": r.unit.pk, "unit_name": r.unit.name, "reports": r.reports,
                      "legacy_reports": r.legacy_reports, "cells": _cells(result.indicators, r.cells)}
                     for r in result.rows],
            "total": _cells(result.indicators, result.total)}


# --- plans and tasks -------------------------------------------------------------------------------


class PlanListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_plans_list", parameters=[
        OpenApiParameter("unit", int, description="Đơn vị (kế hoạch do đơn vị này và cấp dưới ban hành)")],
        responses={200: SteeringPlanOut(many=True), **ERRORS})
    def get(self, request):
        qs = Plan.objects.filter(scope_filter(request.user, Capability.VIEW_STEERING, "unit__path")
                                 | scope_filter(request.user, Capability.MANAGE_STEERING, "unit__path"))
        unit = _scoped_unit(request, "steering.view_steering")
        if unit is not None:
            qs = qs.in_subtree(unit)
        return _paginate(request, self, qs.order_by("-starts_on", "-pk"), SteeringPlanOut)

    @extend_schema(operation_id="steering_plans_create", request=SteeringPlanIn, responses={201: SteeringPlanDetailOut, **ERRORS})
    def post(self, request):
        data = dict(valid(SteeringPlanIn, request))
        unit = _unit_or_400(data.pop("unit"))
        check(request, "steering.manage_steering", unit)
        parent_id = data.pop("parent")
        parent = Plan.objects.filter(pk=parent_id).first() if parent_id else None
        if parent_id and parent is None:
            raise serializers.ValidationError({"parent": [_("Không có kế hoạch này.")]})
        plan = services.plan_create(unit=unit, parent=parent, actor=request.user, **data)
        return Response(SteeringPlanDetailOut(plan).data, status=201)


def _plan(request, pk: int, perm: str) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("unit"), pk=pk)
    check(request, perm, plan.unit)
    return plan


class PlanDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_plans_retrieve", responses={200: SteeringPlanDetailOut, **ERRORS})
    def get(self, request, pk: int):
        plan = _plan(request, pk, "steering.view_steering")
        return Response(SteeringPlanDetailOut(plan).data)


class PlanIssueApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_plans_issue", request=None, responses={200: SteeringPlanDetailOut, **ERRORS})
    def post(self, request, pk: int):
        plan = _plan(request, pk, "steering.manage_steering")
        services.plan_issue(plan=plan, actor=request.user)
        plan.refresh_from_db()
        return Response(SteeringPlanDetailOut(plan).data)


class PlanTasksApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_plans_tasks_create", request=SteeringTaskIn, responses={201: SteeringTaskOut, **ERRORS})
    def post(self, request, pk: int):
        plan = _plan(request, pk, "steering.manage_steering")
        data = dict(valid(SteeringTaskIn, request))
        assignee = _unit_or_400(data.pop("assignee_unit"), "assignee_unit")
        task = services.task_create(plan=plan, assignee_unit=assignee, actor=request.user, **data)
        return Response(SteeringTaskOut(task).data, status=201)


class TaskListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_tasks_list", parameters=[
        OpenApiParameter("unit", int, description="Đơn vị thực hiện (và cấp dưới)"),
        OpenApiParameter("state", str, enum=[*TaskState.values, "open", "overdue"])],
        responses={200: SteeringTaskOut(many=True), **ERRORS})
    def get(self, request):
        qs = Task.objects.select_related("assignee_unit").filter(
            scope_filter(request.user, Capability.VIEW_STEERING, "assignee_unit__path")
            | scope_filter(request.user, Capability.SUBMIT_REPORTS, "assignee_unit__path")
            | scope_filter(request.user, Capability.MANAGE_STEERING, "assignee_unit__path")).exclude(
            plan__state="draft")
        unit = _scoped_unit(request, "steering.view_steering")
        if unit is not None:
            qs = qs.in_subtree(unit)
        state = request.query_params.get("state", "")
        if state == "open":
            qs = qs.open()
        elif state == "overdue":
            qs = qs.overdue(clock.today())
        elif state:
            if state not in TaskState.values:
                raise serializers.ValidationError({"state": [_("Trạng thái không hợp lệ.")]})
            qs = qs.filter(state=state)
        return _paginate(request, self, qs.order_by("due_on", "pk"), SteeringTaskOut)


class TaskProgressApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_tasks_progress", request=SteeringProgressIn, responses={200: SteeringTaskOut, **ERRORS},
                   description="Cập nhật tiến độ (minh chứng dạng tệp gửi qua giao diện web).")
    def post(self, request, pk: int):
        task = get_object_or_404(Task.objects.select_related("assignee_unit", "plan"), pk=pk)
        check(request, "steering.update_task", task)
        data = valid(SteeringProgressIn, request)
        services.task_progress(task=task, percent=data["percent"], note=data["note"], actor=request.user)
        task.refresh_from_db()
        return Response(SteeringTaskOut(task).data)


# --- templates -------------------------------------------------------------------------------------


class TemplateListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_templates_list", parameters=[
        OpenApiParameter("unit", int, description="Mẫu báo cáo mà đơn vị này phải lập (do cấp trên ban hành) "
                                                  "hoặc đã ban hành")],
        responses={200: SteeringTemplateOut(many=True), **ERRORS})
    def get(self, request):
        unit = _scoped_unit(request, "steering.view_steering")
        qs = ReportTemplate.objects.prefetch_related("indicators")
        if unit is not None:
            qs = qs.filter(Q(unit_id__in=domain.path_ids(unit.path), is_issued=True) | Q(unit=unit))
        else:
            qs = qs.filter(scope_filter(request.user, Capability.VIEW_STEERING, "unit__path")
                           | scope_filter(request.user, Capability.MANAGE_STEERING, "unit__path"))
        return _paginate(request, self, qs.order_by("-pk"), SteeringTemplateOut)

    @extend_schema(operation_id="steering_templates_create", request=SteeringTemplateIn, responses={201: SteeringTemplateOut, **ERRORS})
    def post(self, request):
        data = dict(valid(SteeringTemplateIn, request))
        unit = _unit_or_400(data.pop("unit"))
        check(request, "steering.manage_steering", unit)
        template = services.template_create(unit=unit, actor=request.user, **data)
        return Response(SteeringTemplateOut(template).data, status=201)


def _template(request, pk: int, perm: str) -> ReportTemplate:
    template = get_object_or_404(ReportTemplate.objects.select_related("unit"), pk=pk)
    check(request, perm, template.unit)
    return template


class TemplateDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_templates_retrieve", responses={200: SteeringTemplateOut, **ERRORS})
    def get(self, request, pk: int):
        template = get_object_or_404(ReportTemplate.objects.select_related("unit"), pk=pk)
        if not (request.user.has_perm("steering.view_steering", template.unit)
                or (template.is_issued and _below_with_rights(request.user, template.unit))):
            check(request, "steering.view_steering", template.unit)
        return Response(SteeringTemplateOut(template).data)


def _below_with_rights(user, unit) -> bool:
    from danchu.units.access import user_grants

    return any(g.path.startswith(unit.path) for g in user_grants(user))


class TemplateIndicatorsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_templates_indicators_create", request=SteeringIndicatorIn,
                   responses={201: SteeringIndicatorOut, **ERRORS})
    def post(self, request, pk: int):
        template = _template(request, pk, "steering.manage_steering")
        data = valid(SteeringIndicatorIn, request)
        indicator = services.indicator_add(template=template, actor=request.user, **data)
        return Response(SteeringIndicatorOut(indicator).data, status=201)


class TemplateIssueApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_templates_issue", request=None, responses={200: SteeringTemplateOut, **ERRORS})
    def post(self, request, pk: int):
        template = _template(request, pk, "steering.manage_steering")
        services.template_issue(template=template, actor=request.user)
        return Response(SteeringTemplateOut(template).data)


def _period_param(request, template: ReportTemplate) -> domain.Period:
    key = request.query_params.get("period", "")
    if not key:
        return domain.previous_period(template.period_kind, clock.today())
    try:
        return domain.parse_period_key(template.period_kind, key[:20])
    except domain.PeriodError:
        raise serializers.ValidationError({"period": [_("Kỳ báo cáo không hợp lệ cho mẫu này.")]}) from None


def _scope_param(request, template: ReportTemplate) -> AdministrativeUnit:
    scope = template.unit
    unit_id = int_param(request, "unit")
    if unit_id is not None:
        scope = get_object_or_404(AdministrativeUnit, pk=unit_id)
        if not scope.path.startswith(template.unit.path):
            raise NotFound()
    check(request, "steering.view_steering", scope)
    return scope


class TemplateStatusApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_templates_status", parameters=[
        OpenApiParameter("period", str, description="Kỳ: 2025-Q3, 2025-H1, 2025, 2021-2025 (mặc định kỳ vừa kết thúc)"),
        OpenApiParameter("unit", int, description="Địa bàn (mặc định cấp ban hành)")],
        responses={200: SteeringStatusOut(many=True), **ERRORS},
        description="Đơn vị nào đã gửi, chưa gửi, bị trả lại, gửi chậm.")
    def get(self, request, pk: int):
        template = get_object_or_404(ReportTemplate.objects.select_related("unit"), pk=pk, is_issued=True)
        scope = _scope_param(request, template)
        period = _period_param(request, template)
        rows = services.submission_status(template=template, scope=scope, period=period)
        return Response(SteeringStatusOut(rows, many=True).data)


class TemplateResultsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_templates_results", parameters=[
        OpenApiParameter("unit", int, description="Địa bàn tổng hợp (mặc định cấp ban hành); các dòng là đơn vị "
                                                  "trực thuộc"),
        OpenApiParameter("period", str, description="Một kỳ (mặc định kỳ vừa kết thúc)"),
        OpenApiParameter("from_year", int), OpenApiParameter("to_year", int)],
        responses={200: SteeringResultOut, **ERRORS},
        description="Số liệu tổng hợp các báo cáo đã gửi, kể cả báo cáo của đơn vị hành chính trước 01/7/2025 "
                    "được cộng vào đơn vị hiện nay theo quan hệ kế thừa.")
    def get(self, request, pk: int):
        template = get_object_or_404(ReportTemplate.objects.select_related("unit"), pk=pk, is_issued=True)
        scope = _scope_param(request, template)
        first, last = int_param(request, "from_year"), int_param(request, "to_year")
        if first is not None or last is not None:
            first, last = first or last, last or first
            if not (domain.MIN_YEAR <= first <= last <= domain.MAX_YEAR) or last - first > 20:
                raise serializers.ValidationError({"from_year": [_("Khoảng năm không hợp lệ (tối đa 20 năm).")]})
            start, end, label = date(first, 1, 1), date(last, 12, 31), f"Giai đoạn {first}–{last}"
        else:
            period = _period_param(request, template)
            start, end, label = period.start, period.end, period.label
        result = services.rollup(template=template, scope=scope, start=start, end=end, label=label)
        return Response(SteeringResultOut(_result_data(result)).data)


# --- submissions -----------------------------------------------------------------------------------


def _submission(request, pk: int, perm: str) -> Submission:
    sub = get_object_or_404(Submission.objects.select_related("template__unit", "unit"), pk=pk)
    if not request.user.has_perm("steering.view_submission", sub):
        raise NotFound()  # a draft of another unit does not exist for the caller
    check(request, perm, sub)
    return sub


def _sub_data(sub: Submission) -> dict:
    sub = Submission.objects.select_related("unit").prefetch_related("values__indicator").get(pk=sub.pk)
    return SteeringSubmissionOut(sub).data


class SubmissionOpenApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_submissions_open", request=SteeringOpenIn, responses={200: SteeringSubmissionOut, **ERRORS},
                   description="Mở (tạo bản nháp lần đầu) báo cáo của đơn vị cho một kỳ.")
    def post(self, request):
        data = valid(SteeringOpenIn, request)
        template = ReportTemplate.objects.filter(pk=data["template"]).first()
        if template is None:
            raise serializers.ValidationError({"template": [_("Không có mẫu báo cáo này.")]})
        unit = _unit_or_400(data["unit"])
        check(request, "steering.submit_report", unit)
        sub = services.submission_open(template=template, unit=unit, period_key=data["period"], actor=request.user)
        return Response(_sub_data(sub))


class SubmissionDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_submissions_retrieve", responses={200: SteeringSubmissionOut, **ERRORS})
    def get(self, request, pk: int):
        sub = _submission(request, pk, "steering.view_submission")
        return Response(_sub_data(sub))


class SubmissionValuesApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_submissions_values", request=SteeringValuesIn,
                   responses={200: SteeringSubmissionOut, **ERRORS},
                   description="Lưu số liệu (mã chỉ tiêu → giá trị); mọi giá trị được kiểm tra trước, lỗi thì không "
                               "lưu gì.")
    def post(self, request, pk: int):
        sub = _submission(request, pk, "steering.edit_submission")
        data = valid(SteeringValuesIn, request)
        services.submission_save(submission=sub, values=data["values"], narrative=data["narrative"],
                                 actor=request.user)
        return Response(_sub_data(sub))


class SubmissionSubmitApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_submissions_submit", request=None, responses={200: SteeringSubmissionOut, **ERRORS})
    def post(self, request, pk: int):
        sub = _submission(request, pk, "steering.submit_report")
        services.submission_submit(submission=sub, actor=request.user)
        return Response(_sub_data(sub))


class SubmissionReturnApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_submissions_return", request=SteeringReasonIn,
                   responses={200: SteeringSubmissionOut, **ERRORS})
    def post(self, request, pk: int):
        sub = _submission(request, pk, "steering.review_submission")
        data = valid(SteeringReasonIn, request)
        services.submission_return(submission=sub, reason=data["reason"], actor=request.user)
        return Response(_sub_data(sub))


class SubmissionAcceptApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_submissions_accept", request=None, responses={200: SteeringSubmissionOut, **ERRORS})
    def post(self, request, pk: int):
        sub = _submission(request, pk, "steering.review_submission")
        services.submission_accept(submission=sub, actor=request.user)
        return Response(_sub_data(sub))
