"""Elections API (read and write). Writes call the same services as the HTML views; permissions are the named rules
of rules.py. Elections (notice, candidates once listed, results) are public; dismissals are staff-only (the petition
names households)."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.core import clock
from danchu.core.api import ERRORS, READ_ERRORS, Pagination, int_param
from danchu.core.api import check_perm as check
from danchu.core.api import valid as _valid
from danchu.units.api import scope_filter
from danchu.units.domain import Capability, Level
from danchu.units.models import AdministrativeUnit

from . import domain, services
from .actions import DISMISSAL_ACTIONS, ELECTION_ACTIONS, ELECTION_API_NAMES
from .domain import PUBLIC_STATES, Office, State
from .models import Dismissal, Election
from .rules import may_run
from .serializers import DismissalOpenIn, ElectionPlanIn

CAPS = (Capability.RUN_DECISIONS, Capability.RECOGNISE_DECISIONS, Capability.RECOGNISE_BOARD_ELECTIONS,
        Capability.SUPERVISE_DECISIONS)


def _staff_q(user) -> Q:
    if not user.is_authenticated:
        return Q(pk__in=[])
    return reduce(or_, (scope_filter(user, cap, "village__path") for cap in CAPS))


# --- serializers -----------------------------------------------------------------------------------


class ElectionCandidateOut(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    birth_year = serializers.IntegerField(allow_null=True)
    nomination = serializers.CharField()
    votes = serializers.IntegerField(allow_null=True)
    elected = serializers.BooleanField()


class ElectionMilestoneOut(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    article = serializers.CharField()
    latest = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    status = serializers.CharField()


class ElectionOut(serializers.Serializer):
    id = serializers.IntegerField()
    village = serializers.IntegerField(source="village_id")
    village_name = serializers.CharField(source="village.name")
    commune = serializers.IntegerField(source="village.parent_id")
    office = serializers.CharField()
    project_name = serializers.CharField()
    seats = serializers.IntegerField()
    state = serializers.CharField()
    election_day = serializers.DateField()
    place = serializers.CharField()


class ElectionDetailOut(ElectionOut):
    plan_decided_on = serializers.DateField()
    plan_decision_number = serializers.CharField()
    candidates_listed_on = serializers.DateField(allow_null=True)
    team_decided_on = serializers.DateField(allow_null=True)
    team_members = serializers.CharField()
    notice_on = serializers.DateField(allow_null=True)
    method = serializers.CharField()
    households_total = serializers.IntegerField(allow_null=True)
    participating = serializers.IntegerField(allow_null=True)
    no_winner_reason = serializers.CharField()
    sent_on = serializers.DateField(allow_null=True)
    recognition_due_on = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    decision_number = serializers.CharField()
    re_election_reason = serializers.CharField()
    recogniser = serializers.SerializerMethodField()
    candidates = serializers.SerializerMethodField()
    milestones = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()

    def get_recogniser(self, obj) -> str:
        return domain.recogniser(obj.office)

    @extend_schema_field(ElectionCandidateOut(many=True))
    def get_candidates(self, obj) -> list[dict]:
        if not self.context.get("staff") and obj.state == State.PLANNED and not (
                obj.candidates_listed_on or obj.notice_on):
            return []  # not yet published
        return ElectionCandidateOut(obj.candidates.order_by("-elected", "id"), many=True).data

    @extend_schema_field(ElectionMilestoneOut(many=True))
    def get_milestones(self, obj) -> list[dict]:

        return ElectionMilestoneOut(domain.milestones(obj.election_day, obj.office, services.done_steps(obj),
                                                      clock.today()), many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, obj) -> list[str]:
        return services.election_warnings(obj) if self.context.get("staff") else []


class DismissalOut(serializers.Serializer):
    id = serializers.IntegerField()
    village = serializers.IntegerField(source="village_id")
    office = serializers.CharField()
    holder_name = serializers.CharField()
    trigger = serializers.CharField()
    reason = serializers.CharField()
    opened_on = serializers.DateField()
    state = serializers.CharField()
    held_on = serializers.DateField(allow_null=True)
    households_total = serializers.IntegerField(allow_null=True)
    households_present = serializers.IntegerField(allow_null=True)
    approve = serializers.IntegerField(allow_null=True)
    against = serializers.IntegerField(allow_null=True)
    recognition_due_on = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    decision_number = serializers.CharField()
    new_election_due_on = serializers.DateField(allow_null=True)
    consents = serializers.IntegerField(source="consents.count")
    warnings = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, obj) -> list[str]:
        return services.dismissal_warnings(obj)


# --- elections: read -------------------------------------------------------------------------------


def _visible(request):
    return Election.objects.filter(Q(state__in=PUBLIC_STATES) | _staff_q(request.user)).select_related("village")


class ElectionListApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="elections_list", parameters=[
        OpenApiParameter("unit", int, description="Thôn hoặc xã, phường"),
        OpenApiParameter("state", str, enum=State.values), OpenApiParameter("office", str, enum=Office.values)],
        responses={200: ElectionOut(many=True), **READ_ERRORS})
    def get(self, request):
        qs = _visible(request)
        unit_id = int_param(request, "unit")
        if unit_id is not None:
            unit = AdministrativeUnit.objects.filter(pk=unit_id).first()
            if unit is None:
                raise NotFound(_("Không có đơn vị này."))
            qs = qs.for_unit(unit)
        for name, values in (("state", State.values), ("office", Office.values)):
            value = request.query_params.get(name, "")
            if value:
                if value not in values:
                    raise serializers.ValidationError({name: [_("Giá trị không hợp lệ.")]})
                qs = qs.filter(**{name: value})
        paginator = Pagination()
        page = paginator.paginate_queryset(qs.order_by("-election_day", "-pk"), request, view=self)
        return paginator.get_paginated_response(ElectionOut(page, many=True).data)


class ElectionDetailApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="elections_retrieve", responses={200: ElectionDetailOut, **READ_ERRORS})
    def get(self, request, pk: int):
        election = _visible(request).filter(pk=pk).first()
        if election is None:
            raise NotFound()
        staff = request.user.is_authenticated and request.user.has_perm("elections.view_election", election)
        return Response(ElectionDetailOut(election, context={"staff": staff}).data)


# --- elections: write ------------------------------------------------------------------------------


def _out(election: Election) -> Response:
    election.refresh_from_db()
    return Response(ElectionDetailOut(election, context={"staff": True}).data)


class ElectionPlanApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="elections_plan", request=ElectionPlanIn, responses={201: ElectionDetailOut, **ERRORS},
                   description="Quyết định tổ chức bầu cử và kế hoạch (Điều 6 Nghị định 59/2023/NĐ-CP).")
    def post(self, request):
        data = dict(_valid(ElectionPlanIn, request))
        village = get_object_or_404(AdministrativeUnit, pk=data.pop("village"), level=Level.VILLAGE)
        if not may_run(request.user, village, data["office"]):
            raise PermissionDenied()
        follows = data.pop("follows_dismissal")
        dismissal = None
        if follows is not None:
            dismissal = Dismissal.objects.filter(pk=follows, village=village).first()
            if dismissal is None:
                raise serializers.ValidationError({"follows_dismissal": [_("Không có việc cho thôi này ở thôn.")]})
        election = services.election_plan(village=village, actor=request.user, follows_dismissal=dismissal, **data)
        return Response(ElectionDetailOut(election, context={"staff": True}).data, status=201)


def _detail(request, election: Election) -> dict:
    return ElectionDetailOut(election, context={"staff": True}).data


# one endpoint per step of the procedure, from the same table as the staff page (actions.py)
ELECTION_ACTION_VIEWS = {
    api_name: ELECTION_ACTIONS.api_view(name, queryset=Election.objects.select_related("village"), detail=_detail,
                                        prefix="elections", operation=api_name,
                                        response_serializer=ElectionDetailOut)
    for name, api_name in ELECTION_API_NAMES.items()}


# --- dismissals --------------------------------------------------------------------------------------


class DismissalListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="dismissals_list", parameters=[OpenApiParameter("unit", int)],
                   responses={200: DismissalOut(many=True), **ERRORS})
    def get(self, request):
        qs = Dismissal.objects.filter(_staff_q(request.user)).select_related("village")
        unit_id = int_param(request, "unit")
        if unit_id is not None:
            unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
            check(request, "elections.view_election", unit)
            qs = qs.for_unit(unit)
        paginator = Pagination()
        page = paginator.paginate_queryset(qs.order_by("-opened_on", "-pk"), request, view=self)
        return paginator.get_paginated_response(DismissalOut(page, many=True).data)


class DismissalOpenApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="dismissals_open", request=DismissalOpenIn, responses={201: DismissalOut, **ERRORS},
                   description="Ghi nhận đơn xin thôi, đề nghị của Trưởng Ban công tác Mặt trận hoặc kiến nghị của "
                               "các hộ (khoản 1 Điều 9 Nghị định 59/2023/NĐ-CP).")
    def post(self, request):
        data = dict(_valid(DismissalOpenIn, request))
        village = get_object_or_404(AdministrativeUnit, pk=data.pop("village"), level=Level.VILLAGE)
        if not may_run(request.user, village, data["office"]):
            raise PermissionDenied()
        return Response(DismissalOut(services.dismissal_open(village=village, actor=request.user, **data)).data,
                        status=201)


def _dismissal(request, pk: int, perm: str) -> Dismissal:
    dismissal = get_object_or_404(Dismissal.objects.select_related("village"), pk=pk)
    check(request, perm, dismissal)
    return dismissal


class DismissalDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="dismissals_retrieve", responses={200: DismissalOut, **ERRORS})
    def get(self, request, pk: int):
        return Response(DismissalOut(_dismissal(request, pk, "elections.view_election")).data)


def _dismissal_detail(request, dismissal: Dismissal) -> dict:
    return DismissalOut(dismissal).data


DISMISSAL_ACTION_VIEWS = {
    name: DISMISSAL_ACTIONS.api_view(name, queryset=Dismissal.objects.select_related("village"),
                                     detail=_dismissal_detail, prefix="dismissals", response_serializer=DismissalOut)
    for name in ("consent", "vote", "recognise")}
