"""Steering API of report templates and the units' reports (submissions): templates and their indicators, who
has sent the report of a period, and a unit's report opened, filled, sent, returned or accepted. A report's content
is shown only to those allowed by `steering.view_submission` (a draft stays with its own unit)."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.core.api import ERRORS, TextField, valid
from danchu.core.api import check_perm as check
from danchu.units.api import scope_filter
from danchu.units.domain import Capability, Level

from .. import domain, services
from ..aggregate import path_ids
from ..models import ReportTemplate, Submission
from ..periods import PeriodKind
from ..selectors.reports import submission_status
from ..values import (
    MAX_TABLE_COLUMNS,
    MAX_TABLE_FIXED_ROWS,
    MAX_TABLE_LABEL,
    ColumnKind,
    IndicatorKind,
    table_to_json,
)
from .common import MAXID, paginate, period_param, scope_param, scoped_unit, unit_or_400


class SteeringTableColumn(serializers.Serializer):
    label = TextField(max_length=MAX_TABLE_LABEL)
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
    title = TextField(max_length=300)
    period_kind = serializers.ChoiceField(choices=PeriodKind.choices)
    instructions = TextField(multiline=True, max_length=20000, required=False, allow_blank=True, default="")
    due_working_days = serializers.IntegerField(min_value=0, max_value=domain.MAX_DUE_WORKING_DAYS,
                                                default=domain.DEFAULT_DUE_WORKING_DAYS)
    target_level = serializers.ChoiceField(choices=[Level.COMMUNE.value, Level.VILLAGE.value], default=Level.COMMUNE)


class SteeringIndicatorIn(serializers.Serializer):
    code = TextField(max_length=20)
    label = TextField(max_length=500)
    kind = serializers.ChoiceField(choices=IndicatorKind.choices)
    measure = TextField(max_length=50, required=False, allow_blank=True, default="")
    required = serializers.BooleanField(default=True)
    source = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    columns = serializers.ListField(child=SteeringTableColumn(), required=False, default=list,
                                    max_length=MAX_TABLE_COLUMNS,
                                    help_text="Bắt buộc với loại bảng (table): các cột của bảng")
    rows = serializers.ListField(child=TextField(max_length=MAX_TABLE_LABEL), required=False,
                                 default=list, max_length=MAX_TABLE_FIXED_ROWS,
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
                for i, cells in enumerate(table_to_json(table))]


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
    narrative = TextField(multiline=True, max_length=20000, required=False, allow_blank=True, allow_null=True,
                                      default=None)

    def validate_values(self, value):
        if len(value) > 200:
            raise serializers.ValidationError(_("Tối đa 200 chỉ tiêu."))
        return value


class SteeringReasonIn(serializers.Serializer):
    reason = TextField(multiline=True, max_length=20000)


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


class TemplateListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_templates_list", parameters=[
        OpenApiParameter("unit", int, description="Mẫu báo cáo mà đơn vị này phải lập (do cấp trên ban hành) "
                                                  "hoặc đã ban hành")],
        responses={200: SteeringTemplateOut(many=True), **ERRORS})
    def get(self, request):
        unit = scoped_unit(request, "steering.view_steering")
        qs = ReportTemplate.objects.prefetch_related("indicators")
        if unit is not None:
            qs = qs.filter(Q(unit_id__in=path_ids(unit.path), is_issued=True) | Q(unit=unit))
        else:
            qs = qs.filter(scope_filter(request.user, Capability.VIEW_STEERING, "unit__path")
                           | scope_filter(request.user, Capability.MANAGE_STEERING, "unit__path"))
        return paginate(request, self, qs.order_by("-pk"), SteeringTemplateOut)

    @extend_schema(operation_id="steering_templates_create", request=SteeringTemplateIn, responses={201: SteeringTemplateOut, **ERRORS})
    def post(self, request):
        data = dict(valid(SteeringTemplateIn, request))
        unit = unit_or_400(data.pop("unit"))
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


class TemplateStatusApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_templates_status", parameters=[
        OpenApiParameter("period", str, description="Kỳ: 2025-Q3, 2025-H1, 2025, 2021-2025 (mặc định kỳ vừa kết thúc)"),
        OpenApiParameter("unit", int, description="Địa bàn (mặc định cấp ban hành)")],
        responses={200: SteeringStatusOut(many=True), **ERRORS},
        description="Đơn vị nào đã gửi, chưa gửi, bị trả lại, gửi chậm.")
    def get(self, request, pk: int):
        template = get_object_or_404(ReportTemplate.objects.select_related("unit"), pk=pk, is_issued=True)
        scope = scope_param(request, template)
        period = period_param(request, template)
        rows = submission_status(template=template, scope=scope, period=period)
        return Response(SteeringStatusOut(rows, many=True).data)


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
        unit = unit_or_400(data["unit"])
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
