"""Community decisions API (read and write): decisions, meetings, attendance, ballots, positions, initiatives.

Every write calls the same services as the HTML views; permissions are the named rules of rules.py. A refused
write answers 400 with a stable code and a Vietnamese message (and is audited by the service).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.core import clock
from danchu.core.api import ERRORS, READ_ERRORS, Pagination, int_param
from danchu.core.api import check_perm as check
from danchu.core.api import valid as _valid
from danchu.units.api import scope_filter
from danchu.units.domain import Capability
from danchu.units.models import AdministrativeUnit, Household

from . import domain, services
from .actions import ACTIONS, API_NAMES
from .domain import Kind, State
from .models import Decision, HouseholdPosition, Initiative, Meeting
from .serializers import (
    CdAttendanceIn,
    CdConsentIn,
    CdCountIn,
    CdDecisionIn,
    CdInitiativeIn,
    CdMeetingResultIn,
    CdOwnConsentIn,
    CdPositionIn,
)


def _view_scope(user, field: str):
    q = scope_filter(user, Capability.RUN_DECISIONS, field)
    q |= scope_filter(user, Capability.RECOGNISE_DECISIONS, field)
    return q | scope_filter(user, Capability.SUPERVISE_DECISIONS, field)


# --- serializers -----------------------------------------------------------------------------------


class CdMeetingOut(serializers.Serializer):
    id = serializers.IntegerField()
    cluster = serializers.CharField()
    notice_on = serializers.DateField()
    held_on = serializers.DateField()
    starts_at = serializers.TimeField(allow_null=True)
    place = serializers.CharField()
    chair_name = serializers.CharField()
    secretary_name = serializers.CharField()
    secretary_votes = serializers.IntegerField(allow_null=True)
    vote_method = serializers.CharField()
    count_team = serializers.ListField(child=serializers.CharField())
    witnesses = serializers.SerializerMethodField()
    present = serializers.IntegerField()
    secret_agree = serializers.IntegerField()
    secret_disagree = serializers.IntegerField()
    secret_other = serializers.IntegerField()
    recorded_at = serializers.DateTimeField(allow_null=True)

    def get_witnesses(self, obj) -> list[int]:
        return [w for w in (obj.witness_1_id, obj.witness_2_id) if w]


class CdRoundOut(serializers.Serializer):
    plan_issued_on = serializers.DateField()
    plan_sent_on = serializers.DateField(allow_null=True)
    plan_due = serializers.DateField()
    notice_on = serializers.DateField()
    distribute_on = serializers.DateField()
    deadline = serializers.DateField()
    team = serializers.ListField(child=serializers.CharField())
    leader_name = serializers.CharField()
    state = serializers.CharField()
    closed_at = serializers.DateTimeField(allow_null=True)
    ballots = serializers.SerializerMethodField()

    def get_ballots(self, obj) -> int:
        return obj.decision.positions.filter(channel="ballot").count()


class CdDecisionOut(serializers.Serializer):
    """Counts of Art.20.2; never a household's choice (see the positions endpoint, staff only)."""

    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    unit_name = serializers.CharField(source="unit.name")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    scope = serializers.CharField()
    kind = serializers.CharField()
    form = serializers.CharField()
    title = serializers.CharField()
    content = serializers.CharField()
    options = serializers.CharField()
    state = serializers.CharField()
    rule = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    household_total = serializers.IntegerField(allow_null=True)
    participating = serializers.IntegerField(help_text="Số hộ có đại diện tham gia (dự họp, nộp phiếu hoặc biểu quyết "
                                                       "trực tuyến) — Điều 20.2.b.")
    absent = serializers.IntegerField(allow_null=True, help_text="Số hộ không có đại diện tham gia: tổng số hộ − số "
                                                                 "hộ tham gia.")
    abstained = serializers.IntegerField(help_text="Số hộ tham gia nhưng không biểu quyết.")
    agree = serializers.IntegerField()
    disagree = serializers.IntegerField()
    other = serializers.IntegerField()
    required = serializers.SerializerMethodField()
    villages_total = serializers.IntegerField(allow_null=True)
    villages_approving = serializers.IntegerField(allow_null=True)
    result_form = serializers.CharField()
    result_on = serializers.DateField(allow_null=True)
    send_due = serializers.DateField(allow_null=True)
    sent_on = serializers.DateField(allow_null=True)
    recognition_due = serializers.DateField(allow_null=True)
    recognised_on = serializers.DateField(allow_null=True)
    recognition_ref = serializers.CharField()
    effective_on = serializers.DateField(allow_null=True)
    refused_on = serializers.DateField(allow_null=True)
    refusal_reason = serializers.CharField()
    closed_on = serializers.DateField(allow_null=True)
    annul_ground = serializers.CharField()
    amends = serializers.IntegerField(source="amends_id", allow_null=True)
    poll = serializers.IntegerField(source="poll_id", allow_null=True)

    def get_required(self, obj) -> int | None:
        """Approving households needed; null for a commune-scope decision (Art.21.1.a counts villages)."""
        return domain.required_households(obj.kind, obj.scope, obj.household_total)


class CdDecisionDetailOut(CdDecisionOut):
    meetings = CdMeetingOut(many=True)
    ballot_round = serializers.SerializerMethodField()
    parts = serializers.SerializerMethodField()

    @extend_schema_field(CdRoundOut(allow_null=True))
    def get_ballot_round(self, obj) -> dict | None:
        round_ = getattr(obj, "ballot_round", None)
        return CdRoundOut(round_).data if round_ else None

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_parts(self, obj) -> list[int]:
        return list(obj.parts.values_list("pk", flat=True))


class CdAttendanceOut(serializers.Serializer):
    meeting = serializers.IntegerField()
    households = serializers.ListField(child=serializers.IntegerField())
    present = serializers.IntegerField()
    total = serializers.IntegerField()


class CdPositionOut(serializers.Serializer):
    household = serializers.IntegerField(source="household_id")
    household_code = serializers.CharField(source="household.code")
    channel = serializers.CharField()
    choice = serializers.CharField()
    note = serializers.CharField()
    counts = serializers.BooleanField()


class CdInitiativeOut(serializers.Serializer):
    id = serializers.IntegerField()
    village = serializers.IntegerField(source="village_id")
    kind = serializers.CharField()
    title = serializers.CharField()
    content = serializers.CharField()
    initiator_name = serializers.CharField()
    opened_on = serializers.DateField()
    state = serializers.CharField()
    tabled_on = serializers.DateField(allow_null=True)
    decision = serializers.IntegerField(source="decision_id", allow_null=True)
    consents = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_consents(self, obj) -> dict:
        valid, total, required = services.consent_counts(obj, clock.today())
        return {"valid": valid, "households": total, "required": required}


# --- helpers ---------------------------------------------------------------------------------------


def _decision(request, pk: int, perm: str) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("unit", "parent", "poll"), pk=pk)
    check(request, perm, decision)
    return decision


def _household(pk: int | None) -> Household | None:
    return Household.objects.filter(pk=pk).first() if pk else None


def _detail(decision: Decision) -> Response:
    decision = Decision.objects.select_related("unit", "parent").prefetch_related("meetings").get(pk=decision.pk)
    return Response(CdDecisionDetailOut(decision).data)


class _Api(APIView):
    permission_classes = [IsAuthenticated]


# --- decisions -------------------------------------------------------------------------------------


class DecisionListApi(_Api):
    @extend_schema(operation_id="decisions_list", parameters=[
        OpenApiParameter("unit", int, description="Thôn, tổ dân phố hoặc xã (gồm các đơn vị trực thuộc)"),
        OpenApiParameter("state", str, enum=State.values), OpenApiParameter("kind", str, enum=Kind.values)],
        responses={200: CdDecisionOut(many=True), **ERRORS})
    def get(self, request):
        qs = Decision.objects.filter(_view_scope(request.user, "unit__path")).select_related("unit")
        unit_id = int_param(request, "unit")
        if unit_id is not None:
            unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
            check(request, "decisions.view_decision", unit)
            qs = qs.for_unit(unit)
        for name, values in (("state", State.values), ("kind", Kind.values)):
            value = request.query_params.get(name, "")
            if value:
                if value not in values:
                    raise serializers.ValidationError({name: [_("Giá trị không hợp lệ.")]})
                qs = qs.filter(**{name: value})
        paginator = Pagination()
        page = paginator.paginate_queryset(qs.order_by("-modified", "-id"), request, view=self)
        return paginator.get_paginated_response(CdDecisionOut(page, many=True).data)

    @extend_schema(operation_id="decisions_create", request=CdDecisionIn, responses={201: CdDecisionDetailOut, **ERRORS},
                   description="Tạo dự thảo nội dung (Điều 16); phạm vi xã chỉ cho K1, K2 (một phần cho mỗi thôn).")
    def post(self, request):
        data = dict(_valid(CdDecisionIn, request))
        unit = get_object_or_404(AdministrativeUnit, pk=data.pop("unit"))
        check(request, "decisions.run_decision", unit)
        decision = services.decision_create(unit=unit, actor=request.user, **data)
        response = _detail(decision)
        response.status_code = 201
        return response


class DecisionDetailApi(_Api):
    @extend_schema(operation_id="decisions_retrieve", responses={200: CdDecisionDetailOut, **ERRORS})
    def get(self, request, pk: int):
        return _detail(_decision(request, pk, "decisions.view_decision"))


class PublicDecisionApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="decisions_public_retrieve", responses={200: CdDecisionOut, **READ_ERRORS},
                   description="Thông tin công khai của một nội dung (thông báo, kết quả, công nhận): chỉ số liệu.")
    def get(self, request, pk: int):
        decision = get_object_or_404(Decision.objects.select_related("unit").public(), pk=pk)
        return Response(CdDecisionOut(decision).data)




def _meeting(request, pk: int, meeting_pk: int, perm: str) -> Meeting:
    decision = _decision(request, pk, perm)
    meeting = get_object_or_404(Meeting, pk=meeting_pk, decision=decision)
    meeting.decision = decision
    return meeting


class AttendanceApi(_Api):
    def _out(self, meeting: Meeting) -> Response:
        ids = sorted(meeting.attendances.values_list("household_id", flat=True))
        total = len(services.household_ids_on(meeting.decision.unit, meeting.held_on))
        return Response({"meeting": meeting.pk, "households": ids, "present": len(ids), "total": total})

    @extend_schema(operation_id="decisions_attendance_retrieve", responses={200: CdAttendanceOut, **ERRORS})
    def get(self, request, pk: int, meeting_pk: int):
        return self._out(_meeting(request, pk, meeting_pk, "decisions.view_decision"))

    @extend_schema(operation_id="decisions_attendance_record", request=CdAttendanceIn,
                   responses={200: CdAttendanceOut, **ERRORS},
                   description="Toàn bộ danh sách hộ có đại diện dự họp (thay danh sách đã ghi).")
    def put(self, request, pk: int, meeting_pk: int):
        meeting = _meeting(request, pk, meeting_pk, "decisions.run_decision")
        data = _valid(CdAttendanceIn, request)
        services.attendance_record(meeting=meeting, household_ids=data["households"], actor=request.user)
        return self._out(meeting)


class MeetingResultApi(_Api):
    @extend_schema(operation_id="decisions_meeting_result", request=CdMeetingResultIn,
                   responses={200: CdDecisionDetailOut, **ERRORS},
                   description="Kết quả biểu quyết tại cuộc họp: giơ tay (ý kiến từng hộ dự họp) hoặc bỏ phiếu kín "
                               "(số phiếu, ban kiểm phiếu 03–05 người, 02 hộ chứng kiến).")
    def post(self, request, pk: int, meeting_pk: int):
        meeting = _meeting(request, pk, meeting_pk, "decisions.run_decision")
        data = dict(_valid(CdMeetingResultIn, request))
        positions = data.pop("positions")
        services.meeting_record(
            meeting=meeting, positions={p["household"]: p["choice"] for p in positions},
            notes={p["household"]: p["note"] for p in positions}, witness_1=_household(data.pop("witness_1")),
            witness_2=_household(data.pop("witness_2")), actor=request.user, **data)
        return _detail(meeting.decision)




class BallotApi(_Api):
    @extend_schema(operation_id="decisions_ballots_list", responses={200: CdPositionOut(many=True), **ERRORS},
                   description="Phiếu đã nhập (mỗi hộ một phiếu).")
    def get(self, request, pk: int):
        decision = _decision(request, pk, "decisions.run_decision")
        rows = list(decision.positions.filter(channel="ballot").select_related("household")
                    .order_by("household__code"))
        for p in rows:
            p.counts = True  # a ballot always supersedes the household's other channels
        return Response(CdPositionOut(rows, many=True).data)

    @extend_schema(operation_id="decisions_ballot_enter", request=CdPositionIn, responses={201: CdPositionOut, **ERRORS},
                   description="Nhập một phiếu của một hộ. Phiếu thứ hai của cùng hộ, phiếu sau khi đã kiểm phiếu, "
                               "phiếu của hộ thôn khác bị từ chối.")
    def post(self, request, pk: int):
        decision = _decision(request, pk, "decisions.run_decision")
        data = _valid(CdPositionIn, request)
        household = _household(data["household"])
        position = services.ballot_enter(decision=decision, household=household, choice=data["choice"],
                                         note=data["note"], actor=request.user)
        position.counts = True
        return Response(CdPositionOut(position).data, status=201)


class BallotCountApi(_Api):
    @extend_schema(operation_id="decisions_ballot_count", request=CdCountIn, responses={200: CdDecisionDetailOut, **ERRORS},
                   description="Kiểm phiếu với 02 đại diện hộ chứng kiến (Mẫu 04); kết quả trên tổng số hộ.")
    def post(self, request, pk: int):
        decision = _decision(request, pk, "decisions.run_decision")
        data = _valid(CdCountIn, request)
        services.ballot_count(decision=decision, witness_1=_household(data["witness_1"]),
                              witness_2=_household(data["witness_2"]), actor=request.user)
        return _detail(decision)


class PositionsApi(_Api):
    @extend_schema(operation_id="decisions_positions_list", responses={200: CdPositionOut(many=True), **ERRORS},
                   description="Ý kiến của từng hộ theo kênh; `counts` cho biết ý kiến được tính (quy tắc ưu tiên: "
                               "phiếu > trực tuyến > cuộc họp). Chỉ người tổ chức, công nhận, giám sát được xem.")
    def get(self, request, pk: int):
        decision = _decision(request, pk, "decisions.view_decision")
        rows = list(HouseholdPosition.objects.filter(decision=decision).select_related("household"))
        final = domain.final_positions(domain.Position(p.household_id, p.channel, p.choice) for p in rows)
        for p in rows:
            p.counts = final[p.household_id].channel == p.channel
        rows.sort(key=lambda p: (p.household.code, p.channel))
        return Response(CdPositionOut(rows, many=True).data)


def _detail_data(request, decision: Decision) -> dict:
    decision = Decision.objects.select_related("unit", "parent").prefetch_related("meetings").get(pk=decision.pk)
    return CdDecisionDetailOut(decision).data


def _created_meeting(request, decision: Decision, meeting: Meeting) -> Response:
    return Response(CdMeetingOut(meeting).data, status=201)


def _amendment(request, decision: Decision, new: Decision) -> Response:
    return Response(_detail_data(request, new))


# one endpoint per step of the decision, from the same table as the staff page (actions.py)
_QUERYSET = Decision.objects.select_related("unit", "parent", "poll")
ACTION_VIEWS = {
    api_name: ACTIONS.api_view(name, queryset=_QUERYSET, detail=_detail_data, prefix="decisions", operation=api_name,
                               response_serializer=CdDecisionDetailOut)
    for name, api_name in API_NAMES.items() if name not in ("meeting_notice", "amend")}
ACTION_VIEWS["meeting_notice"] = ACTIONS.api_view("meeting_notice", queryset=_QUERYSET, detail=_detail_data,
                                                  prefix="decisions", status=201, respond=_created_meeting,
                                                  response_serializer=CdMeetingOut)
ACTION_VIEWS["amend"] = ACTIONS.api_view("amend", queryset=_QUERYSET, detail=_detail_data, prefix="decisions",
                                         respond=_amendment, response_serializer=CdDecisionDetailOut)


# --- initiatives -----------------------------------------------------------------------------------


class InitiativeListApi(_Api):
    @extend_schema(operation_id="decisions_initiatives_list", parameters=[OpenApiParameter("unit", int)],
                   responses={200: CdInitiativeOut(many=True), **ERRORS})
    def get(self, request):
        qs = Initiative.objects.filter(_view_scope(request.user, "village__path"))
        unit_id = int_param(request, "unit")
        if unit_id is not None:
            unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
            check(request, "decisions.view_initiative", unit)
            qs = qs.in_subtree(unit)
        paginator = Pagination()
        page = paginator.paginate_queryset(qs.order_by("-opened_on", "-id"), request, view=self)
        return paginator.get_paginated_response(CdInitiativeOut(page, many=True).data)

    @extend_schema(operation_id="decisions_initiatives_create", request=CdInitiativeIn,
                   responses={201: CdInitiativeOut, **ERRORS})
    def post(self, request):
        data = dict(_valid(CdInitiativeIn, request))
        village = get_object_or_404(AdministrativeUnit, pk=data.pop("village"))
        check(request, "decisions.run_initiative", village)
        initiative = services.initiative_create(village=village, actor=request.user, **data)
        return Response(CdInitiativeOut(initiative).data, status=201)


def _initiative(request, pk: int, perm: str | None) -> Initiative:
    initiative = get_object_or_404(Initiative.objects.select_related("village"), pk=pk)
    if perm:
        check(request, perm, initiative)
    return initiative


class InitiativeDetailApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="decisions_initiatives_retrieve", responses={200: CdInitiativeOut, **READ_ERRORS},
                   description="Sáng kiến (công khai): nội dung và số hộ đồng thuận còn hiệu lực.")
    def get(self, request, pk: int):
        return Response(CdInitiativeOut(_initiative(request, pk, None)).data)


class ConsentApi(_Api):
    @extend_schema(operation_id="decisions_initiative_consent_record", request=CdConsentIn,
                   responses={200: CdInitiativeOut, **ERRORS},
                   description="Cán bộ ghi nhận sự đồng thuận của một hộ (tại cuộc họp, bằng văn bản).")
    def post(self, request, pk: int):
        initiative = _initiative(request, pk, "decisions.run_initiative")
        data = _valid(CdConsentIn, request)
        services.consent_record(initiative=initiative, household=_household(data["household"]),
                                given_on=data["given_on"], channel=data["channel"], actor=request.user)
        return Response(CdInitiativeOut(initiative).data)


class OwnConsentApi(_Api):
    @extend_schema(operation_id="decisions_initiative_consent_give", request=CdOwnConsentIn,
                   responses={200: CdInitiativeOut, **ERRORS},
                   description="Người dân đồng thuận thay cho hộ mà mình là đại diện (tài khoản đại diện hộ).")
    def post(self, request, pk: int):
        initiative = _initiative(request, pk, None)
        data = _valid(CdOwnConsentIn, request)
        household = _household(data["household"])
        check(request, "decisions.act_for_household", household)
        services.consent_give(initiative=initiative, household=household, user=request.user)
        return Response(CdInitiativeOut(initiative).data)


class TableApi(_Api):
    @extend_schema(operation_id="decisions_initiative_table", request=None,
                   responses={201: CdDecisionDetailOut, **ERRORS},
                   description="Đưa sáng kiến ra cộng đồng bàn khi ≥ 10% số hộ đồng thuận còn hiệu lực (Điều 16.3).")
    def post(self, request, pk: int):
        initiative = _initiative(request, pk, "decisions.run_initiative")
        decision = services.initiative_table(initiative=initiative, on=clock.today(), actor=request.user)
        response = _detail(decision)
        response.status_code = 201
        return response
