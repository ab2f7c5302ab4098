"""Steering API of plans and tasks: list, create, read and issue plans, assign tasks, list tasks and report their
progress. Every write calls the same services as the HTML views; permissions are the named rules of rules.py."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.core import clock
from danchu.core.api import ERRORS, TextField, valid
from danchu.core.api import check_perm as check
from danchu.units.api import scope_filter
from danchu.units.domain import Capability

from .. import services
from ..domain import TaskState
from ..models import Plan, Task
from .common import MAXID, paginate, scoped_unit, unit_or_400


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
    issuer = TextField(max_length=250)
    title = TextField(max_length=500)
    number = TextField(max_length=100, required=False, allow_blank=True, default="")
    summary = TextField(multiline=True, max_length=20000, required=False, allow_blank=True, default="")
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    parent = serializers.IntegerField(min_value=1, max_value=MAXID, required=False, allow_null=True, default=None)


class SteeringTaskIn(serializers.Serializer):
    title = TextField(max_length=500)
    description = TextField(multiline=True, max_length=20000, required=False, allow_blank=True, default="")
    assignee_unit = serializers.IntegerField(min_value=1, max_value=MAXID)
    assignee_org = TextField(max_length=250, required=False, allow_blank=True, default="")
    due_on = serializers.DateField()


class SteeringProgressIn(serializers.Serializer):
    percent = serializers.IntegerField(min_value=0, max_value=100)
    note = TextField(multiline=True, max_length=20000)


class PlanListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="steering_plans_list", parameters=[
        OpenApiParameter("unit", int, description="Đơn vị (kế hoạch do đơn vị này và cấp dưới ban hành)")],
        responses={200: SteeringPlanOut(many=True), **ERRORS})
    def get(self, request):
        qs = Plan.objects.filter(scope_filter(request.user, Capability.VIEW_STEERING, "unit__path")
                                 | scope_filter(request.user, Capability.MANAGE_STEERING, "unit__path"))
        unit = scoped_unit(request, "steering.view_steering")
        if unit is not None:
            qs = qs.in_subtree(unit)
        return paginate(request, self, qs.order_by("-starts_on", "-pk"), SteeringPlanOut)

    @extend_schema(operation_id="steering_plans_create", request=SteeringPlanIn, responses={201: SteeringPlanDetailOut, **ERRORS})
    def post(self, request):
        data = dict(valid(SteeringPlanIn, request))
        unit = unit_or_400(data.pop("unit"))
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
        assignee = unit_or_400(data.pop("assignee_unit"), "assignee_unit")
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
        unit = scoped_unit(request, "steering.view_steering")
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
        return paginate(request, self, qs.order_by("due_on", "pk"), SteeringTaskOut)


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
