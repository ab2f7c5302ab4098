"""Online votes API: polls (staff write; residents and the public read), opt-ins, votes, receipt checks,
results and the ballot export. Every write calls the same services as the HTML views; permissions are the
named rules of rules.py. Results per option never leave the server before the poll is closed."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied, Throttled
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.core.api import ERRORS, READ_ERRORS, Pagination, TextField, int_param, valid
from danchu.core.api import check_perm as check
from danchu.units.api import scope_filter
from danchu.units.domain import Capability, Level
from danchu.units.models import AdministrativeUnit, Household

from . import services
from .access import my_households, receipt_check_allowed
from .actions import ACTIONS
from .domain import MAX_OPTIONS, PollState
from .models import OptIn, Poll

# --- serializers -----------------------------------------------------------------------------------


class PollIn(serializers.Serializer):
    village = serializers.IntegerField(min_value=1, max_value=2**62)
    question = TextField(max_length=500)
    description = TextField(multiline=True, max_length=10000, required=False, allow_blank=True, default="")
    self_management_confirmed = serializers.BooleanField(
        default=False, help_text="Bắt buộc true: người tạo xác nhận nội dung là công việc tự quản khác (K6), không phải "
                                 "đóng góp, hương ước, quy ước hay bầu cử (Luật 10/2022/QH15, Điều 17.2).")
    options = serializers.ListField(child=serializers.CharField(max_length=200), min_length=2,
                                    max_length=MAX_OPTIONS, required=False,
                                    help_text="Chỉ được là [\"Đồng ý\", \"Không đồng ý\", \"Ý kiến khác\"] "
                                              "(Nghị định 59/2023/NĐ-CP, Điều 5); có thể bỏ trống.")
    approval_option = serializers.IntegerField(min_value=0, max_value=MAX_OPTIONS - 1, required=False,
                                               allow_null=True, default=0, help_text="Chỉ được là 0 (“Đồng ý”).")
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()


class PollOut(serializers.Serializer):
    id = serializers.IntegerField()
    self_management_confirmed = serializers.BooleanField()
    village = serializers.IntegerField(source="village_id")
    village_name = serializers.CharField(source="village.name")
    question = serializers.CharField()
    description = serializers.CharField()
    options = serializers.ListField(child=serializers.CharField())
    approval_option = serializers.IntegerField(allow_null=True)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    state = serializers.CharField()
    total_households = serializers.IntegerField(allow_null=True)
    opened_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)


class StaffPollOut(PollOut):
    participation = serializers.SerializerMethodField()

    def get_participation(self, obj) -> int:
        return services.participation(obj)


class OptionCount(serializers.Serializer):
    index = serializers.IntegerField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class ResultOut(serializers.Serializer):
    options = OptionCount(many=True)
    voters = serializers.IntegerField()
    total_households = serializers.IntegerField()
    approval_option = serializers.IntegerField(allow_null=True)
    approvals = serializers.IntegerField()
    passes = serializers.BooleanField()
    participants = serializers.ListField(required=False, help_text="Chỉ trả cho cán bộ (biên bản).",
                                         child=inline_serializer("Participant", fields={
                                             "code": serializers.CharField(),
                                             "representative_name": serializers.CharField()}))


class Ballot(serializers.Serializer):
    receipt_hash = serializers.CharField()
    option = serializers.IntegerField()


class ExportOut(serializers.Serializer):
    format = serializers.CharField()
    poll = serializers.DictField()
    receipt_hash = serializers.CharField()
    ballots = Ballot(many=True)
    tally = serializers.DictField()


class VoteIn(serializers.Serializer):
    household = serializers.IntegerField(min_value=1, max_value=2**62)
    option = serializers.IntegerField(min_value=0, max_value=2**15)


class VoteOut(serializers.Serializer):
    poll = serializers.IntegerField()
    household = serializers.IntegerField()
    option = serializers.IntegerField()
    receipt_code = serializers.CharField(help_text="Chỉ trả về một lần; hệ thống chỉ lưu mã băm.")


class ReceiptIn(serializers.Serializer):
    code = serializers.CharField(max_length=40)


class ReceiptOut(serializers.Serializer):
    found = serializers.BooleanField()
    receipt_hash = serializers.CharField(allow_null=True)
    option = serializers.IntegerField(allow_null=True)
    option_label = serializers.CharField(allow_null=True)


class OptInIn(serializers.Serializer):
    household = serializers.IntegerField(min_value=1, max_value=2**62)
    opted_in = serializers.BooleanField(default=True)


class OptInOut(serializers.Serializer):
    household = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    representative_name = serializers.CharField()
    village = serializers.IntegerField(source="village_id")
    opted_in = serializers.BooleanField()


class OptInStatusOut(serializers.Serializer):
    village = serializers.IntegerField()
    opted_in = serializers.IntegerField()
    total = serializers.IntegerField()
    allows_poll = serializers.BooleanField()
    needed = serializers.IntegerField()


# --- helpers ---------------------------------------------------------------------------------------


def _poll(pk: int) -> Poll:
    return get_object_or_404(Poll.objects.select_related("village"), pk=pk)


def _readable(request, poll: Poll) -> bool:
    """Staff of the village see every poll; residents see non-draft polls of their village; everyone: published."""
    if poll.is_public or request.user.has_perm("evoting.view_poll", poll):
        return True
    return poll.state != PollState.DRAFT and any(h.village_id == poll.village_id for h in my_households(request.user))


def _results_readable(request, poll: Poll) -> bool:
    return poll.is_public or (poll.results_visible and request.user.has_perm("evoting.view_poll", poll))


# --- polls -----------------------------------------------------------------------------------------


class PollListApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="evoting_polls_list", parameters=[
        OpenApiParameter("unit", int, description="Xã, phường hoặc thôn (cán bộ)"),
        OpenApiParameter("state", str, enum=PollState.values)],
        responses={200: PollOut(many=True), **READ_ERRORS},
        description="Cán bộ: các cuộc biểu quyết trong phạm vi được giao. Người đại diện hộ: các cuộc biểu quyết "
                    "của thôn mình. Mọi người: các cuộc đã công bố kết quả.")
    def get(self, request):
        scope = Q(state__in=[PollState.PUBLISHED])
        households = list(my_households(request.user))
        if households:
            scope |= Q(village_id__in={h.village_id for h in households}) & ~Q(state=PollState.DRAFT)
        if request.user.is_authenticated:
            scope |= scope_filter(request.user, Capability.RUN_DECISIONS, "village__path")
            scope |= scope_filter(request.user, Capability.SUPERVISE_DECISIONS, "village__path")
        qs = Poll.objects.filter(scope).select_related("village")
        unit_id = int_param(request, "unit")
        if unit_id is not None:
            qs = qs.for_unit(get_object_or_404(AdministrativeUnit, pk=unit_id))
        state = request.query_params.get("state", "")
        if state:
            if state not in PollState.values:
                raise serializers.ValidationError({"state": [_("Trạng thái không hợp lệ.")]})
            qs = qs.filter(state=state)
        paginator = Pagination()
        page = paginator.paginate_queryset(qs.order_by("-opens_at", "-id"), request, view=self)
        return paginator.get_paginated_response(PollOut(page, many=True).data)

    @extend_schema(operation_id="evoting_polls_create", request=PollIn, responses={201: StaffPollOut, **ERRORS},
                   description="Tạo cuộc biểu quyết (dự thảo) cho một thôn, tổ dân phố — việc tự quản khác (K6).")
    def post(self, request):
        if not request.user.is_authenticated:
            check(request, "evoting.run_poll", None)
        data = dict(valid(PollIn, request))
        village = get_object_or_404(AdministrativeUnit, pk=data.pop("village"))
        check(request, "evoting.run_poll", village)
        poll = services.create_poll(village=village, actor=request.user, **data)
        return Response(StaffPollOut(poll).data, status=201)


class PollDetailApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="evoting_polls_retrieve", responses={200: StaffPollOut, **READ_ERRORS},
                   description="Một cuộc biểu quyết; số hộ đã tham gia chỉ trả cho cán bộ (không bao giờ theo "
                               "từng phương án trước khi kết thúc).")
    def get(self, request, pk: int):
        poll = _poll(pk)
        if not _readable(request, poll):
            raise NotFound()
        if request.user.has_perm("evoting.view_poll", poll):
            return Response(StaffPollOut(poll).data)
        return Response(PollOut(poll).data)


def _staff_detail(request, poll: Poll) -> dict:
    return StaffPollOut(poll).data


# one endpoint per step, from the same table as the staff page (actions.py)
ACTION_VIEWS = {name: ACTIONS.api_view(name, queryset=Poll.objects.select_related("village"), detail=_staff_detail,
                                       prefix="evoting_polls", response_serializer=StaffPollOut)
                for name in ("open", "close", "publish")}


# --- votes and receipts ----------------------------------------------------------------------------


class VoteApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="evoting_votes_cast", request=VoteIn, responses={201: VoteOut, **ERRORS},
                   description="Người đại diện hộ biểu quyết cho hộ mình; mỗi hộ một phiếu. Mã biên nhận chỉ trả "
                               "về một lần.")
    def post(self, request, pk: int):
        poll = _poll(pk)
        if not _readable(request, poll):
            raise NotFound()
        data = valid(VoteIn, request)
        household = Household.objects.filter(pk=data["household"]).first()
        if household is None:
            raise serializers.ValidationError({"household": [_("Không tìm thấy hộ gia đình.")]})
        cast = services.cast_vote(poll=poll, household=household, option=data["option"], user=request.user)
        return Response({"poll": poll.pk, "household": household.pk, "option": cast.vote.option,
                         "receipt_code": cast.receipt_code}, status=201)


class ReceiptApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="evoting_receipts_verify", request=ReceiptIn,
                   responses={200: ReceiptOut, 429: OpenApiResponse(ERRORS[400].response), **READ_ERRORS},
                   description="Kiểm tra một mã biên nhận sau khi công bố kết quả.")
    def post(self, request, pk: int):
        poll = _poll(pk)
        if not _results_readable(request, poll):
            raise NotFound()
        if not receipt_check_allowed(request):
            raise Throttled(detail=_("Quá nhiều yêu cầu, vui lòng thử lại sau."))
        code = valid(ReceiptIn, request)["code"]
        vote = services.find_receipt(poll, code)
        if vote is None:
            return Response({"found": False, "receipt_hash": None, "option": None, "option_label": None})
        return Response({"found": True, "receipt_hash": vote.receipt_hash, "option": vote.option,
                         "option_label": poll.options[vote.option]})


class ResultApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="evoting_results_retrieve", responses={200: ResultOut, **READ_ERRORS},
                   description="Kết quả (sau khi công bố; cán bộ: sau khi kết thúc): số hộ theo từng phương án. "
                               "Danh sách hộ tham gia chỉ trả cho cán bộ, không bao giờ công khai.")
    def get(self, request, pk: int):
        poll = _poll(pk)
        if not _results_readable(request, poll):
            raise NotFound()
        data = services.tally(poll).result.as_dict()
        # The names next to the counts would tell how a named household voted in a small or unanimous poll: the
        # list of participating households is for the minutes (staff) only, never public.
        if request.user.has_perm("evoting.view_poll", poll):
            data["participants"] = list(services.participants(poll).values("code", "representative_name"))
        return Response(data)


class BallotExportApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="evoting_ballots_export", responses={200: ExportOut, **READ_ERRORS},
                   description="Mọi phiếu (mã băm biên nhận, phương án) để ai cũng đếm lại được: "
                               "`danchu verify_tally <tệp>`.")
    def get(self, request, pk: int):
        poll = _poll(pk)
        if not _results_readable(request, poll):
            raise NotFound()
        return Response(services.export_ballots(poll))


# --- opt-ins ---------------------------------------------------------------------------------------


class OptInListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="evoting_opt_ins_list",
                   parameters=[OpenApiParameter("village", int, required=True)],
                   responses={200: inline_serializer("OptInRegister", fields={
                       "status": OptInStatusOut(), "households": OptInOut(many=True)}), **ERRORS},
                   description="Sổ đăng ký biểu quyết trực tuyến của một thôn, tổ dân phố (cán bộ).")
    def get(self, request):
        village_id = int_param(request, "village")
        if village_id is None:
            raise serializers.ValidationError({"village": [_("Cần chọn thôn, tổ dân phố.")]})
        village = get_object_or_404(AdministrativeUnit, pk=village_id, level=Level.VILLAGE)
        check(request, "evoting.view_poll", village)
        status = services.opt_in_status(village)
        opted = set(OptIn.objects.for_village(village).values_list("household_id", flat=True))
        rows = [{"pk": h.pk, "code": h.code, "representative_name": h.representative_name, "village_id": village.pk,
                 "opted_in": h.pk in opted} for h in services.village_households(village).order_by("code")[:5000]]
        return Response({"status": {"village": village.pk, "opted_in": status.opted_in, "total": status.total,
                                    "allows_poll": status.allows_poll, "needed": status.needed},
                         "households": OptInOut(rows, many=True).data})

    @extend_schema(operation_id="evoting_opt_ins_set", request=OptInIn, responses={200: OptInOut, **ERRORS},
                   description="Hộ đăng ký hoặc rút đăng ký (người đại diện hộ, hoặc cán bộ ghi nhận).")
    def post(self, request):
        data = valid(OptInIn, request)
        household = Household.objects.select_related("village").filter(pk=data["household"]).first()
        if household is None:
            raise serializers.ValidationError({"household": [_("Không tìm thấy hộ gia đình.")]})
        if not request.user.has_perm("evoting.opt_in", household):
            raise PermissionDenied()
        if data["opted_in"]:
            services.opt_in(household=household, actor=request.user)
        else:
            services.opt_out(household=household, actor=request.user)
        return Response({"household": household.pk, "code": household.code,
                         "representative_name": household.representative_name, "village": household.village_id,
                         "opted_in": OptIn.objects.active().filter(household=household).exists()})
