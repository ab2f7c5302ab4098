"""Information requests API: public submit and tracking; staff register, detail and actions.

Every write calls the same services as the HTML views; permissions are the named rules of rules.py.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.core import clock
from danchu.core.api import ERRORS, Pagination, int_param
from danchu.core.api import check_perm as check
from danchu.core.api import valid as _valid
from danchu.units.api import scope_filter
from danchu.units.domain import Capability, Level
from danchu.units.models import AdministrativeUnit

from . import services
from .actions import ACTIONS
from .limits import submission_accepted, submission_allowed, tracking_allowed
from .models import InfoRequest
from .register import DUES, STATES, filter_register
from .reminders import DUE_SOON_WORKING_DAYS
from .serializers import DetailOut, ListOut, NoticeIn, RecordIn, SubmitIn, SubmitOut, TrackIn, TrackOut

THROTTLED = {429: OpenApiResponse(ERRORS[400].response, description="Quá nhiều yêu cầu")}
PUBLIC_ERRORS = {400: ERRORS[400], **THROTTLED}


def _throttled() -> Throttled:
    return Throttled(detail=_("Quá nhiều yêu cầu, vui lòng thử lại sau."))


# --- public ----------------------------------------------------------------------------------------


class SubmitApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="inforequests_submit", request=SubmitIn, responses={201: SubmitOut, **PUBLIC_ERRORS},
                   description="Gửi yêu cầu cung cấp thông tin (Điều 24 Luật Tiếp cận thông tin). Giới hạn số lần "
                               "gửi theo địa chỉ IP.")
    def post(self, request):
        if not submission_allowed(request):
            raise _throttled()
        data = dict(_valid(SubmitIn, request))
        commune = AdministrativeUnit.objects.filter(pk=data.pop("commune"), level=Level.COMMUNE).first()
        if commune is None:
            raise serializers.ValidationError({"commune": [_("Không có xã, phường này.")]})
        info_request = services.request_submit(commune=commune, user=request.user, **data)
        submission_accepted(request)
        return Response(SubmitOut(info_request).data, status=201)


class TrackApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="inforequests_track", request=TrackIn,
                   responses={200: TrackOut, 404: ERRORS[404], **PUBLIC_ERRORS},
                   description="Tra cứu một yêu cầu bằng mã tra cứu (chỉ trạng thái, các bước và câu trả lời).")
    def post(self, request):
        if not tracking_allowed(request):
            raise _throttled()
        data = _valid(TrackIn, request)
        info_request = InfoRequest.objects.with_code(data["code"]).select_related("commune").first()
        if info_request is None:
            raise NotFound(_("Không tìm thấy yêu cầu với mã này."))
        return Response(TrackOut(info_request).data)


# --- staff -----------------------------------------------------------------------------------------


class RequestListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="inforequests_list", parameters=[
        OpenApiParameter("unit", int, description="Xã, phường (hoặc đơn vị cấp trên)"),
        OpenApiParameter("state", str, enum=[*STATES]),
        OpenApiParameter("due", str, enum=["soon", "overdue", "late"],
                         description=f"soon: còn ≤ {DUE_SOON_WORKING_DAYS} ngày làm việc; overdue: đang quá hạn; "
                                     "late: đã trễ hạn ở một bước (kể cả thông báo thời hạn muộn, cung cấp muộn)")],
        responses={200: ListOut(many=True), **ERRORS})
    def get(self, request):
        qs = InfoRequest.objects.filter(scope_filter(request.user, Capability.HANDLE_INFO_REQUESTS, "commune__path"))
        unit_id = int_param(request, "unit")
        if unit_id is not None:
            unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
            check(request, "inforequests.handle_request", unit)
            qs = qs.in_subtree(unit)
        state = request.query_params.get("state", "")
        if state and state not in STATES:
            raise serializers.ValidationError({"state": [_("Trạng thái không hợp lệ.")]})
        due = request.query_params.get("due", "")
        if due and due not in DUES:
            raise serializers.ValidationError({"due": [_("Giá trị phải là soon, overdue hoặc late.")]})
        qs = filter_register(qs, state=state, due=due, today=clock.today())
        paginator = Pagination()
        page = paginator.paginate_queryset(qs.order_by("-received_on", "-id"), request, view=self)
        return paginator.get_paginated_response(ListOut(page, many=True).data)


class RecordApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="inforequests_record", request=RecordIn, responses={201: DetailOut, **ERRORS},
                   description="Cán bộ ghi nhận yêu cầu nộp trực tiếp hoặc qua bưu chính, fax.")
    def post(self, request):
        data = dict(_valid(RecordIn, request))
        commune = get_object_or_404(AdministrativeUnit, pk=data.pop("commune"), level=Level.COMMUNE)
        check(request, "inforequests.handle_request", commune)
        info_request = services.request_record(commune=commune, actor=request.user, **data)
        return Response(DetailOut(info_request).data, status=201)


def _get(request, pk: int, perm: str) -> InfoRequest:
    info_request = get_object_or_404(InfoRequest.objects.select_related("commune"), pk=pk)
    check(request, perm, info_request)
    return info_request


class RequestDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="inforequests_retrieve", responses={200: DetailOut, **ERRORS},
                   description="Chi tiết yêu cầu, gồm dữ liệu cá nhân của người yêu cầu (mỗi lần xem được ghi nhật ký).")
    def get(self, request, pk: int):
        info_request = _get(request, pk, "inforequests.view_request")
        services.request_viewed(request=info_request, actor=request.user, via="api")
        return Response(DetailOut(info_request).data)


# One endpoint per step (actions.py: the same permission, condition and service as the request page).
ACTION_VIEWS = ACTIONS.api_views(queryset=InfoRequest.objects.select_related("commune"), prefix="inforequests",
                                 detail=lambda request, r: DetailOut(r).data, response_serializer=DetailOut)


class NoticeApi(ACTION_VIEWS["notice"]):
    """The deadline notice keeps the operation id and path it has had since the first version of the API."""

    @extend_schema(operation_id="inforequests_notify_deadline", request=NoticeIn,
                   responses={200: DetailOut, **ERRORS}, description=str(ACTIONS["notice"].description))
    def post(self, request, pk: int):
        return super().post(request, pk)


ACTION_VIEWS["notice"] = NoticeApi
