"""Steering API of the roll-up: the figures of a template's sent reports added up for a scope and a span,
including the reports of pre-2025 units carried into today's units through the lineage."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.core.api import ERRORS, int_param

from ..aggregate import Aggregate
from ..models import ReportTemplate
from ..periods import MAX_YEAR, MIN_YEAR
from ..selectors.rollup import rollup
from ..values import IndicatorKind
from .common import period_param, scope_param


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
        agg = cells.get(ind.pk) or Aggregate(ind.kind)
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
        scope = scope_param(request, template)
        first, last = int_param(request, "from_year"), int_param(request, "to_year")
        if first is not None or last is not None:
            first, last = first or last, last or first
            if not (MIN_YEAR <= first <= last <= MAX_YEAR) or last - first > 20:
                raise serializers.ValidationError({"from_year": [_("Khoảng năm không hợp lệ (tối đa 20 năm).")]})
            start, end, label = date(first, 1, 1), date(last, 12, 31), f"Giai đoạn {first}–{last}"
        else:
            period = period_param(request, template)
            start, end, label = period.start, period.end, period.label
        result = rollup(template=template, scope=scope, start=start, end=end, label=label)
        return Response(SteeringResultOut(_result_data(result)).data)
