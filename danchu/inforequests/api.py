"""Information requests API: public submit and tracking; staff register, detail and actions.

Every write calls the same services as the HTML views; permissions are the named rules of rules.py.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
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

from . import domain, services
from .domain import REFUSAL_CHOICES, Channel, Complexity, Delivery, FeePurpose, State
from .models import InfoRequest
from .views import submission_accepted, submission_allowed, tracking_allowed

THROTTLED = {429: OpenApiResponse(ERRORS[400].response, description="Quá nhiều yêu cầu")}
PUBLIC_ERRORS = {400: ERRORS[400], **THROTTLED}


def _throttled() -> Throttled:
    return Throttled(detail=_("Quá nhiều yêu cầu, vui lòng thử lại sau."))


# --- serializers -----------------------------------------------------------------------------------


class SubmitIn(serializers.Serializer):
    commune = serializers.IntegerField(min_value=1, max_value=2**62)
    full_name = serializers.CharField(max_length=150)
    address = serializers.CharField(max_length=300)
    id_number = serializers.CharField(max_length=30)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    content = serializers.CharField(max_length=5000)
    delivery = serializers.ChoiceField(choices=Delivery.choices)
    purpose = serializers.CharField(max_length=5000)


class RecordIn(SubmitIn):
    channel = serializers.ChoiceField(choices=Channel.choices)
    complexity = serializers.ChoiceField(choices=Complexity.choices, default=Complexity.SIMPLE)
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class SubmitOut(serializers.Serializer):
    tracking_code = serializers.CharField()
    commune = serializers.IntegerField(source="commune_id")
    state = serializers.CharField()
    received_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)


class TrackIn(serializers.Serializer):
    code = serializers.CharField(max_length=40)


class EventOut(serializers.Serializer):
    state = serializers.CharField()
    note = serializers.CharField()
    created = serializers.DateTimeField()


class FileOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField()
    content_type = serializers.CharField()


class TrackOut(serializers.Serializer):
    """What the requester sees with the tracking code: never the ID number, contact details or staff notes."""

    tracking_code = serializers.CharField()
    commune = serializers.IntegerField(source="commune_id")
    commune_name = serializers.CharField(source="commune.name")
    content = serializers.CharField()
    state = serializers.CharField()
    received_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    answer = serializers.SerializerMethodField()
    files = serializers.SerializerMethodField()
    fee_amount = serializers.DecimalField(max_digits=12, decimal_places=0)
    fee_note = serializers.CharField()
    refusal_ground = serializers.CharField()
    refusal_reason = serializers.CharField()
    events = serializers.SerializerMethodField()

    def get_answer(self, obj) -> str:
        return obj.answer if obj.state == State.PROVIDED else ""

    @extend_schema_field(FileOut(many=True))
    def get_files(self, obj) -> list[dict]:
        return FileOut(obj.answer_files.all(), many=True).data if obj.state == State.PROVIDED else []

    @extend_schema_field(EventOut(many=True))
    def get_events(self, obj) -> list[dict]:
        return EventOut([e for e in obj.events.order_by("created", "id") if e.note], many=True).data


class ListOut(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    commune = serializers.IntegerField(source="commune_id")
    full_name = serializers.CharField()
    content = serializers.CharField()
    channel = serializers.CharField()
    complexity = serializers.CharField()
    delivery = serializers.CharField()
    state = serializers.CharField()
    received_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    assignee = serializers.IntegerField(source="assignee_id", allow_null=True)
    late = serializers.SerializerMethodField(help_text="Đã trễ hạn ở một bước (đang quá hạn, thông báo thời hạn "
                                             "muộn, gia hạn khi đã quá hạn, cung cấp hoặc từ chối muộn)")

    def get_late(self, obj) -> bool:
        return obj.is_late(clock.today())


class StaffEventOut(EventOut):
    internal_note = serializers.CharField()
    actor = serializers.IntegerField(source="actor_id", allow_null=True)


class DetailOut(ListOut):
    address = serializers.CharField()
    id_number = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    purpose = serializers.CharField()
    notice_sent_on = serializers.DateField(allow_null=True)
    notice_due_on = serializers.DateField(allow_null=True, help_text="Hạn gửi thông báo thời hạn (Điều 29–31)")
    notice_late = serializers.BooleanField(help_text="Thông báo thời hạn gửi sau hạn")
    extended_until = serializers.DateField(allow_null=True)
    extension_reason = serializers.CharField()
    refusal_ground = serializers.CharField()
    refusal_reason = serializers.CharField()
    answer = serializers.CharField()
    files = FileOut(source="answer_files", many=True)
    fee_amount = serializers.DecimalField(max_digits=12, decimal_places=0)
    fee_purpose = serializers.CharField()
    fee_note = serializers.CharField()
    events = StaffEventOut(many=True)


class AssignIn(serializers.Serializer):
    assignee = serializers.IntegerField(min_value=1, max_value=2**62)


class NoticeIn(serializers.Serializer):
    due_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ExtendIn(serializers.Serializer):
    reason = serializers.CharField(max_length=5000)
    until = serializers.DateField(required=False, allow_null=True, default=None)


class ProvideIn(serializers.Serializer):
    answer = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list, max_length=10)
    fee_amount = serializers.DecimalField(max_digits=12, decimal_places=0, min_value=0, required=False, default=0)
    fee_purpose = serializers.ChoiceField(choices=FeePurpose.choices, required=False, allow_blank=True, default="")
    fee_note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class RefuseIn(serializers.Serializer):
    ground = serializers.ChoiceField(choices=REFUSAL_CHOICES)
    reason = serializers.CharField(max_length=5000)


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
        code = domain.normalise_tracking_code(data["code"])
        info_request = None
        if domain.is_valid_tracking_code(code):
            info_request = InfoRequest.objects.select_related("commune").filter(tracking_code=code).first()
        if info_request is None:
            raise NotFound(_("Không tìm thấy yêu cầu với mã này."))
        return Response(TrackOut(info_request).data)


# --- staff -----------------------------------------------------------------------------------------


class RequestListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="inforequests_list", parameters=[
        OpenApiParameter("unit", int, description="Xã, phường (hoặc đơn vị cấp trên)"),
        OpenApiParameter("state", str, enum=[*State.values, "open"]),
        OpenApiParameter("due", str, enum=["soon", "overdue", "late"],
                         description="soon: còn ≤ 2 ngày làm việc; overdue: đang quá hạn; late: đã trễ hạn ở một "
                                     "bước (kể cả thông báo thời hạn muộn, cung cấp muộn)")],
        responses={200: ListOut(many=True), **ERRORS})
    def get(self, request):
        qs = InfoRequest.objects.filter(scope_filter(request.user, Capability.HANDLE_INFO_REQUESTS, "commune__path"))
        unit_id = int_param(request, "unit")
        if unit_id is not None:
            unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
            check(request, "inforequests.handle_request", unit)
            qs = qs.for_unit(unit)
        state = request.query_params.get("state", "")
        if state == "open":
            qs = qs.open()
        elif state:
            if state not in State.values:
                raise serializers.ValidationError({"state": [_("Trạng thái không hợp lệ.")]})
            qs = qs.filter(state=state)
        due = request.query_params.get("due", "")
        today = clock.today()
        if due == "overdue":
            qs = qs.overdue(today=today)
        elif due == "late":
            qs = qs.late(today=today)
        elif due == "soon":
            cal = services.calendar_for(today)
            end = today
            for _i in range(domain.DUE_SOON_WORKING_DAYS):
                end = cal.next_working_day(end)
            qs = qs.due_between(today, end)
        elif due:
            raise serializers.ValidationError({"due": [_("Giá trị phải là soon, overdue hoặc late.")]})
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


class _ActionApi(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def _done(self, info_request: InfoRequest) -> Response:
        info_request.refresh_from_db()
        return Response(DetailOut(info_request).data)


class AssignApi(_ActionApi):
    @extend_schema(operation_id="inforequests_assign", request=AssignIn, responses={200: DetailOut, **ERRORS})
    def post(self, request, pk: int):
        from danchu.accounts.models import User

        info_request = _get(request, pk, "inforequests.handle_request")
        data = _valid(AssignIn, request)
        assignee = User.objects.filter(pk=data["assignee"]).first()
        services.request_assign(request=info_request, assignee=assignee, actor=request.user)
        return self._done(info_request)


class NoticeApi(_ActionApi):
    @extend_schema(operation_id="inforequests_notify_deadline", request=NoticeIn, responses={200: DetailOut, **ERRORS},
                   description="Thông báo thời hạn cung cấp thông tin phức tạp (Điều 29.2, 30.2, 31.2).")
    def post(self, request, pk: int):
        info_request = _get(request, pk, "inforequests.handle_request")
        data = _valid(NoticeIn, request)
        services.request_notify_deadline(request=info_request, due_on=data["due_on"], note=data["note"],
                                         actor=request.user)
        return self._done(info_request)


class ExtendApi(_ActionApi):
    @extend_schema(operation_id="inforequests_extend", request=ExtendIn, responses={200: DetailOut, **ERRORS})
    def post(self, request, pk: int):
        info_request = _get(request, pk, "inforequests.handle_request")
        data = _valid(ExtendIn, request)
        services.request_extend(request=info_request, reason=data["reason"], until=data["until"], actor=request.user)
        return self._done(info_request)


class ProvideApi(_ActionApi):
    @extend_schema(operation_id="inforequests_provide",
                   request={"application/json": ProvideIn, "multipart/form-data": ProvideIn},
                   responses={200: DetailOut, **ERRORS},
                   description="Cung cấp thông tin; chỉ thu chi phí thực tế in, sao, chụp, gửi (Điều 12).")
    def post(self, request, pk: int):
        info_request = _get(request, pk, "inforequests.handle_request")
        data = _valid(ProvideIn, request)
        services.request_provide(request=info_request, answer=data["answer"], files=data["files"],
                                 fee_amount=data["fee_amount"], fee_purpose=data["fee_purpose"],
                                 fee_note=data["fee_note"], actor=request.user)
        return self._done(info_request)


class RefuseApi(_ActionApi):
    @extend_schema(operation_id="inforequests_refuse", request=RefuseIn, responses={200: DetailOut, **ERRORS},
                   description="Từ chối bằng văn bản, nêu rõ lý do (Điều 28).")
    def post(self, request, pk: int):
        info_request = _get(request, pk, "inforequests.handle_request")
        data = _valid(RefuseIn, request)
        services.request_refuse(request=info_request, ground=data["ground"], reason=data["reason"],
                                actor=request.user)
        return self._done(info_request)

