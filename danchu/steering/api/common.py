"""What the steering API modules share: the unit of an input, the unit of a query parameter (checked), the
period and the scope of a template's query, and pagination."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import NotFound

from danchu.core import clock
from danchu.core.api import Pagination, int_param
from danchu.core.api import check_perm as check
from danchu.units.models import AdministrativeUnit

from ..models import ReportTemplate
from ..periods import Period, PeriodError, parse_period_key, previous_period

MAXID = 2**62



def unit_or_400(pk: int, name: str = "unit") -> AdministrativeUnit:
    unit = AdministrativeUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise serializers.ValidationError({name: [_("Không có đơn vị này.")]})
    return unit



def scoped_unit(request, perm: str) -> AdministrativeUnit | None:
    unit_id = int_param(request, "unit")
    if unit_id is None:
        return None
    unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
    check(request, perm, unit)
    return unit



def paginate(request, view, qs, serializer):
    paginator = Pagination()
    page = paginator.paginate_queryset(qs, request, view=view)
    return paginator.get_paginated_response(serializer(page, many=True).data)



def period_param(request, template: ReportTemplate) -> Period:
    key = request.query_params.get("period", "")
    if not key:
        return previous_period(template.period_kind, clock.today())
    try:
        return parse_period_key(template.period_kind, key[:20])
    except PeriodError:
        raise serializers.ValidationError({"period": [_("Kỳ báo cáo không hợp lệ cho mẫu này.")]}) from None



def scope_param(request, template: ReportTemplate) -> AdministrativeUnit:
    scope = template.unit
    unit_id = int_param(request, "unit")
    if unit_id is not None:
        scope = get_object_or_404(AdministrativeUnit, pk=unit_id)
        if not scope.path.startswith(template.unit.path):
            raise NotFound()
    check(request, "steering.view_steering", scope)
    return scope

