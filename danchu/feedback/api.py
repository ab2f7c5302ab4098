"""Feedback API (/api/v1/feedback/…): public submit, tracking and rating; everything officials do (queue, detail,
accept, assign, transfer, answer, close, reject, merge, convert, notes, statistics) — so that a provincial hotline
(1022) can integrate. Every write calls the same services as the HTML views; permissions are the rules of rules.py.
The standard Open311 GeoReport v2 interface is separate, under /open311/v2/ (open311.py)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
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

from . import services, stats
from .actions import ACTIONS
from .limits import submission_accepted, submission_allowed, tracking_allowed
from .models import Category, Feedback, RoutingRule
from .queue import DUES, STATES, filter_queue
from .serializers import (
    CategoryOut,
    CodeIn,
    DetailOut,
    ListOut,
    RateIn,
    RecordIn,
    RouteIn,
    RouteOut,
    StatsOut,
    SubmitIn,
    SubmitOut,
    TrackOut,
    category_by_code,
)

THROTTLED = {429: OpenApiResponse(ERRORS[400].response, description="Quá nhiều yêu cầu")}
PUBLIC_ERRORS = {400: ERRORS[400], **THROTTLED}


def _throttled() -> Throttled:
    return Throttled(detail=_("Quá nhiều yêu cầu, vui lòng thử lại sau."))


# --- public ----------------------------------------------------------------------------------------


def _submit_kwargs(data: dict) -> dict:
    data = dict(data)
    commune = AdministrativeUnit.objects.filter(pk=data.pop("commune"), level=Level.COMMUNE).first()
    if commune is None:
        raise serializers.ValidationError({"commune": [_("Không có xã, phường này.")]})
    village_id = data.pop("village")
    village = AdministrativeUnit.objects.filter(pk=village_id).first() if village_id else None
    if village_id and village is None:
        raise serializers.ValidationError({"village": [_("Không có thôn, tổ dân phố này.")]})
    return {**data, "commune": commune, "village": village, "category": category_by_code(data.pop("category"))}


class CategoriesApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="feedback_categories", responses={200: CategoryOut(many=True)},
                   description="Các lĩnh vực phản ánh và thời hạn trả lời (ngày làm việc).")
    def get(self, request):
        return Response(CategoryOut(Category.objects.filter(active=True), many=True).data)


class SubmitApi(APIView):
    permission_classes: list = []
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(operation_id="feedback_submit",
                   request={"application/json": SubmitIn, "multipart/form-data": SubmitIn},
                   responses={201: SubmitOut, **PUBLIC_ERRORS},
                   description="Gửi phản ánh, kiến nghị (Điều 35.2.a Luật 10/2022/QH15). Giới hạn số phản ánh được "
                               "nhận theo IP (lần gửi bị lỗi không tính).")
    def post(self, request):
        if not submission_allowed(request, "feedback.submit.api"):
            raise _throttled()
        kwargs = _submit_kwargs(_valid(SubmitIn, request))
        feedback = services.feedback_submit(user=request.user, **kwargs)
        submission_accepted(request, "feedback.submit.api")
        return Response(SubmitOut(feedback).data, status=201)


def _by_code(code: str) -> Feedback:
    feedback = Feedback.objects.with_code(code).select_related("commune", "category", "duplicate_of").first()
    if feedback is None:
        raise NotFound(_("Không tìm thấy phản ánh với mã này."))
    return feedback


class TrackApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="feedback_track", request=CodeIn,
                   responses={200: TrackOut, 404: ERRORS[404], **PUBLIC_ERRORS},
                   description="Tra cứu phản ánh bằng mã tra cứu (trạng thái, các bước, câu trả lời).")
    def post(self, request):
        if not tracking_allowed(request):
            raise _throttled()
        return Response(TrackOut(_by_code(_valid(CodeIn, request)["code"])).data)


class RateApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="feedback_rate", request=RateIn,
                   responses={200: TrackOut, 404: ERRORS[404], **PUBLIC_ERRORS},
                   description="Người phản ánh đánh giá mức hài lòng (1–5); chưa hài lòng có thể đề nghị mở lại.")
    def post(self, request):
        if not tracking_allowed(request):
            raise _throttled()
        data = _valid(RateIn, request)
        feedback = _by_code(data["code"])
        services.feedback_rate(feedback=feedback, rating=data["rating"], comment=data["comment"],
                               reopen=data["reopen"], actor=request.user if request.user.is_authenticated else "public")
        feedback.refresh_from_db()
        return Response(TrackOut(feedback).data)


# --- staff -----------------------------------------------------------------------------------------


class ListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="feedback_list", parameters=[
        OpenApiParameter("unit", int, description="Xã, phường (hoặc đơn vị cấp trên)"),
        OpenApiParameter("state", str, enum=[*STATES]),
        OpenApiParameter("category", str),
        OpenApiParameter("due", str, enum=["soon", "overdue", "escalated"])],
        responses={200: ListOut(many=True), **ERRORS})
    def get(self, request):
        qs = Feedback.objects.filter(
            scope_filter(request.user, Capability.HANDLE_FEEDBACK, "commune__path")
            | scope_filter(request.user, Capability.SUPERVISE_FEEDBACK, "commune__path")).select_related("category")
        unit_id = int_param(request, "unit")
        if unit_id is not None:
            unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
            check(request, "feedback.view_feedback", unit)
            qs = qs.in_subtree(unit)
        state = request.query_params.get("state", "")
        if state and state not in STATES:
            raise serializers.ValidationError({"state": [_("Trạng thái không hợp lệ.")]})
        due = request.query_params.get("due", "")
        if due and due not in DUES:
            raise serializers.ValidationError({"due": [_("Giá trị phải là soon, overdue hoặc escalated.")]})
        category = request.query_params.get("category", "").replace("\x00", "")
        qs = filter_queue(qs, state=state, due=due, category=category, today=clock.today())
        paginator = Pagination()
        page = paginator.paginate_queryset(qs.order_by("-received_at", "-id"), request, view=self)
        return paginator.get_paginated_response(ListOut(page, many=True).data)


class RecordApi(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(operation_id="feedback_record",
                   request={"application/json": RecordIn, "multipart/form-data": RecordIn},
                   responses={201: DetailOut, **ERRORS},
                   description="Cán bộ ghi nhận phản ánh qua đường dây nóng, trực tiếp hoặc từ hệ thống khác.")
    def post(self, request):
        kwargs = _submit_kwargs(_valid(RecordIn, request))
        check(request, "feedback.handle_feedback", kwargs["commune"])
        feedback = services.feedback_submit(actor=request.user, **kwargs)
        return Response(DetailOut(feedback).data, status=201)


class StatsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="feedback_stats", parameters=[
        OpenApiParameter("unit", int, required=True, description="Đơn vị"),
        OpenApiParameter("from", str, description="Từ ngày (YYYY-MM-DD)"),
        OpenApiParameter("to", str, description="Đến ngày (YYYY-MM-DD)")],
        responses={200: StatsOut, **ERRORS})
    def get(self, request):
        unit_id = int_param(request, "unit")
        if unit_id is None:
            raise serializers.ValidationError({"unit": [_("Cần chọn đơn vị.")]})
        unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
        check(request, "feedback.view_feedback", unit)
        today = clock.today()
        start, end = stats.period(request.query_params, today)
        qs = Feedback.objects.in_subtree(unit).filter(received_on__gte=start, received_on__lte=end)
        summary = stats.summary(qs, today=today)
        summary["label"] = unit.name
        return Response(StatsOut({"summary": summary, "by_category": stats.by(qs, "category__name", today=today)}).data)


def _get(request, pk: int, perm: str) -> Feedback:
    feedback = get_object_or_404(Feedback.objects.select_related("commune", "category"), pk=pk)
    check(request, perm, feedback)
    return feedback


class DetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="feedback_retrieve", responses={200: DetailOut, **ERRORS},
                   description="Chi tiết phản ánh, gồm thông tin liên hệ của người phản ánh (mỗi lần xem được ghi "
                               "nhật ký).")
    def get(self, request, pk: int):
        feedback = _get(request, pk, "feedback.view_feedback")
        services.feedback_viewed(feedback=feedback, actor=request.user, via="api")
        return Response(DetailOut(feedback).data)


# One endpoint per step (actions.py: the same permission, condition and service as the staff page).
ACTION_VIEWS = ACTIONS.api_views(queryset=Feedback.objects.select_related("commune", "category"), prefix="feedback",
                                 detail=lambda request, f: DetailOut(f).data, response_serializer=DetailOut)


# --- routing configuration ---------------------------------------------------------------------------------


class RoutesApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="feedback_routes", parameters=[OpenApiParameter("unit", int, required=True)],
                   responses={200: RouteOut(many=True), **ERRORS},
                   description="Phân công xử lý (lĩnh vực × đơn vị → tổ chức) áp dụng cho đơn vị và cấp dưới.")
    def get(self, request):
        unit_id = int_param(request, "unit")
        if unit_id is None:
            raise serializers.ValidationError({"unit": [_("Cần chọn đơn vị.")]})
        unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
        check(request, "feedback.view_feedback", unit)
        rules = RoutingRule.objects.in_subtree(unit).select_related("category")
        return Response(RouteOut(rules.order_by("unit_id", "category_id"), many=True).data)

    @extend_schema(operation_id="feedback_route_set", request=RouteIn, responses={200: RouteOut, **ERRORS},
                   description="Đặt (hoặc sửa) phân công cho một đơn vị và một lĩnh vực (lãnh đạo xã).")
    def post(self, request):
        from danchu.units.models import Organisation

        data = _valid(RouteIn, request)
        unit = get_object_or_404(AdministrativeUnit, pk=data["unit"])
        check(request, "feedback.configure_feedback", unit)
        organisation = Organisation.objects.filter(pk=data["organisation"]).select_related("unit").first()
        category = category_by_code(data["category"]) if data["category"] else None
        rule = services.route_set(unit=unit, category=category, organisation=organisation, actor=request.user,
                                  answer_days=data["answer_days"], note=data["note"])
        return Response(RouteOut(rule).data)
