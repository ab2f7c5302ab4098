"""Reception and cases API: public schedule, booking and tracking; staff reception book and cases.

Identity fields of denouncers are never part of any payload (Luật Tố cáo Art.47); list payloads carry no personal
data at all. Every write calls the same services as the HTML views; permissions are the named rules of rules.py; the
steps on a letter are the endpoints of the one action table of cases/actions.py (operation ids `cases_<step>`).
Schemas: cases/serializers.py.
"""

from __future__ import annotations

from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.core import clock
from danchu.core.api import ERRORS, Pagination, int_param, valid
from danchu.core.api import check_perm as check
from danchu.units.api import scope_filter
from danchu.units.domain import Capability
from danchu.units.models import AdministrativeUnit

from . import services
from .actions import ACTIONS
from .domain import CaseKind, State
from .limits import booking_allowed, booking_lookup_allowed, tracking_allowed
from .models import Booking, Case, ReceptionEntry, ReceptionSession
from .reminders import DEADLINE_FILTERS, by_deadline
from .serializers import (
    BookingCancelIn,
    BookingMineOut,
    BookingStaffOut,
    CaseDetailOut,
    CaseLetterRecordIn,
    CaseOut,
    CaseTrackIn,
    CaseTrackOut,
    ReceptionBookIn,
    ReceptionBookOut,
    ReceptionEntryDetailOut,
    ReceptionEntryOut,
    ReceptionSessionIn,
    ReceptionSessionOut,
    ReceptionSessionStaffOut,
    ReceptionVisitIn,
)

THROTTLED = {429: OpenApiResponse(ERRORS[400].response, description="Quá nhiều yêu cầu")}
PUBLIC_ERRORS = {400: ERRORS[400], 404: ERRORS[404], **THROTTLED}


# --- public ----------------------------------------------------------------------------------------


class SessionListApi(APIView):
    """GET is public (the published schedule); POST adds a session (staff, cases.manage_schedule)."""

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "POST" else [AllowAny()]

    @extend_schema(operation_id="cases_session_create", request=ReceptionSessionIn,
                   responses={201: ReceptionSessionStaffOut, **ERRORS},
                   description="Thêm một buổi tiếp công dân (định kỳ hoặc đột xuất) vào lịch của đơn vị.")
    def post(self, request):
        data = dict(valid(ReceptionSessionIn, request))
        unit = get_object_or_404(AdministrativeUnit, pk=data.pop("unit"))
        check(request, "cases.manage_schedule", unit)
        session = services.session_create(unit=unit, actor=request.user, **data)
        session.free = services.session_free_places(session)
        return Response(ReceptionSessionStaffOut(session).data, status=201)

    @extend_schema(operation_id="cases_sessions", parameters=[OpenApiParameter("unit", int, required=True)],
                   responses={200: ReceptionSessionOut(many=True), **PUBLIC_ERRORS},
                   description="Lịch tiếp công dân sắp tới của một đơn vị (công khai).")
    def get(self, request):
        unit_id = int_param(request, "unit")
        if unit_id is None:
            raise serializers.ValidationError({"unit": [_("Cần chọn đơn vị.")]})
        unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
        today = clock.today()
        qs = (ReceptionSession.objects.in_unit(unit).filter(day__gte=today, cancelled=False)
              .annotate(booked=Count("bookings", filter=Q(bookings__cancelled=False)), free=F("capacity") - F("booked"))
              .order_by("day", "start"))
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        for s in page:
            s.free = max(0, s.free)
        return paginator.get_paginated_response(ReceptionSessionOut(page, many=True).data)


class BookApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="cases_book", request=ReceptionBookIn, responses={201: ReceptionBookOut, **PUBLIC_ERRORS},
                   description="Đăng ký tiếp công dân vào một buổi (giới hạn số lần theo địa chỉ IP).")
    def post(self, request, pk: int):
        if not booking_allowed(request):
            raise Throttled(detail=_("Quá nhiều yêu cầu, vui lòng thử lại sau."))
        data = valid(ReceptionBookIn, request)
        session = get_object_or_404(ReceptionSession, pk=pk)
        booking = services.booking_create(session=session, user=request.user, **data)
        return Response(ReceptionBookOut(booking).data, status=201)


class MyBookingsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="cases_my_bookings", responses={200: BookingMineOut(many=True), **ERRORS},
                   description="Các đăng ký tiếp công dân của người đang đăng nhập.")
    def get(self, request):
        qs = (Booking.objects.filter(user=request.user).select_related("session")
              .order_by("-session__day", "-session__start", "-pk"))
        paginator = Pagination()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(BookingMineOut(page, many=True).data)


class BookingCancelApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="cases_booking_cancel", request=BookingCancelIn,
                   responses={200: BookingMineOut, **PUBLIC_ERRORS},
                   description="Người dân hủy đăng ký của mình bằng mã đăng ký và số điện thoại đã đăng ký (trước "
                               "buổi tiếp; giới hạn số lần theo địa chỉ IP).")
    def post(self, request):
        if not booking_lookup_allowed(request):
            raise Throttled(detail=_("Quá nhiều yêu cầu, vui lòng thử lại sau."))
        data = valid(BookingCancelIn, request)
        booking = services.booking_find(code=data["code"], phone=data["phone"])
        if booking is None:
            raise NotFound(_("Không tìm thấy đăng ký với mã và số điện thoại này."))
        booking = services.booking_cancel(booking=booking, actor=request.user)
        return Response(BookingMineOut(booking).data)


class TrackApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="cases_track", request=CaseTrackIn, responses={200: CaseTrackOut, **PUBLIC_ERRORS},
                   description="Tra cứu đơn bằng mã tra cứu: trạng thái, các bước, thời hạn (không có dữ liệu cá nhân).")
    def post(self, request):
        if not tracking_allowed(request):
            raise Throttled(detail=_("Quá nhiều yêu cầu, vui lòng thử lại sau."))
        code = Case.TRACKING.normalise(valid(CaseTrackIn, request)["code"])
        case = (Case.objects.select_related("unit").filter(tracking_code=code).first()
                if Case.TRACKING.is_valid(code) else None)
        if case is None:
            raise NotFound(_("Không tìm thấy đơn với mã này."))
        return Response(CaseTrackOut(case).data)


# --- staff: reception schedule ---------------------------------------------------------------------


class SessionCancelApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="cases_session_cancel", request=None, responses={200: ReceptionSessionStaffOut, **ERRORS},
                   description="Hủy một buổi tiếp công dân; người đã đăng ký được báo qua tin nhắn.")
    def post(self, request, pk: int):
        session = get_object_or_404(ReceptionSession.objects.select_related("unit"), pk=pk)
        check(request, "cases.manage_schedule", session)
        session = services.session_cancel(session=session, actor=request.user)
        session.free = services.session_free_places(session)
        return Response(ReceptionSessionStaffOut(session).data)


class SessionBookingsApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="cases_session_bookings", responses={200: BookingStaffOut(many=True), **ERRORS},
                   description="Danh sách đăng ký của một buổi tiếp (người tiếp công dân; mỗi lần xem được ghi nhật "
                               "ký). Đăng ký của lượt tiếp có đơn tố cáo không có họ tên, điện thoại, nội dung.")
    def get(self, request, pk: int):
        session = get_object_or_404(ReceptionSession.objects.select_related("unit"), pk=pk)
        check(request, "cases.view_book", session)
        bookings = session.bookings.order_by("created", "pk")
        services.session_bookings_viewed(session=session, actor=request.user, count=bookings.count(), via="api")
        paginator = Pagination()
        page = paginator.paginate_queryset(bookings, request, view=self)
        return paginator.get_paginated_response(BookingStaffOut(page, many=True).data)


# --- staff: reception book -------------------------------------------------------------------------


class EntryListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="cases_entries", parameters=[OpenApiParameter("unit", int)],
                   responses={200: ReceptionEntryOut(many=True), **ERRORS},
                   description="Sổ tiếp công dân (không có dữ liệu cá nhân trong danh sách).")
    def get(self, request):
        qs = ReceptionEntry.objects.filter(scope_filter(request.user, Capability.RECEIVE_CITIZENS, "unit__path"))
        unit_id = int_param(request, "unit")
        if unit_id is not None:
            unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
            check(request, "cases.view_book", unit)
            qs = qs.in_subtree(unit)
        paginator = Pagination()
        page = paginator.paginate_queryset(qs.prefetch_related("cases").order_by("-received_on", "-number"), request,
                                           view=self)
        return paginator.get_paginated_response(ReceptionEntryOut(page, many=True).data)

    @extend_schema(operation_id="cases_entry_record", request=ReceptionVisitIn, responses={201: ReceptionEntryOut, **ERRORS},
                   description="Ghi sổ một lượt tiếp công dân và tách đơn (Điều 25 Luật Tiếp công dân).")
    def post(self, request):
        data = dict(valid(ReceptionVisitIn, request))
        unit = get_object_or_404(AdministrativeUnit, pk=data.pop("unit"))
        check(request, "cases.record_visit", unit)
        letters = [services.Letter(x["kind"], x["summary"], x["respondent"], x["known_on"]) for x in data.pop("letters")]
        entry = services.reception_record(unit=unit, actor=request.user, letters=letters,
                                          representatives=[dict(r) for r in data.pop("representatives")], **data)
        return Response(ReceptionEntryOut(entry).data, status=201)


class EntryDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="cases_entry", responses={200: ReceptionEntryDetailOut, **ERRORS},
                   description="Một lượt tiếp (mỗi lần xem được ghi nhật ký; lượt có tố cáo không có thông tin người đến).")
    def get(self, request, pk: int):
        entry = get_object_or_404(ReceptionEntry.objects.select_related("unit"), pk=pk)
        check(request, "cases.view_book", entry)
        services.entry_viewed(entry=entry, actor=request.user, via="api")
        return Response(ReceptionEntryDetailOut(entry).data)


# --- staff: cases ----------------------------------------------------------------------------------


def _case_scope(user):
    return (scope_filter(user, Capability.HANDLE_COMPLAINTS, "unit__path")
            | scope_filter(user, Capability.HANDLE_DENUNCIATIONS, "unit__path")
            | scope_filter(user, Capability.RECEIVE_CITIZENS, "unit__path")
            | scope_filter(user, Capability.SUPERVISE_CASES, "unit__path"))


class CaseListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="cases_list", parameters=[
        OpenApiParameter("unit", int), OpenApiParameter("kind", str, enum=CaseKind.values),
        OpenApiParameter("state", str, enum=[*State.values, "open"]),
        OpenApiParameter("due", str, enum=["overdue", "soon", "extended"])],
        responses={200: CaseOut(many=True), **ERRORS},
        description="Đơn khiếu nại, tố cáo, kiến nghị và thời hạn (không có dữ liệu cá nhân).")
    def get(self, request):
        qs = Case.objects.filter(_case_scope(request.user))
        unit_id = int_param(request, "unit")
        if unit_id is not None:
            unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
            check(request, "cases.view_cases", unit)
            qs = qs.in_subtree(unit)
        kind = request.query_params.get("kind", "")
        if kind:
            if kind not in CaseKind.values:
                raise serializers.ValidationError({"kind": [_("Loại đơn không hợp lệ.")]})
            qs = qs.filter(kind=kind)
        state = request.query_params.get("state", "")
        if state == "open":
            qs = qs.open()
        elif state:
            if state not in State.values:
                raise serializers.ValidationError({"state": [_("Trạng thái không hợp lệ.")]})
            qs = qs.filter(state=state)
        due = request.query_params.get("due", "")
        if due and due not in DEADLINE_FILTERS:
            raise serializers.ValidationError({"due": [_("Giá trị phải là overdue, soon hoặc extended.")]})
        qs = by_deadline(qs, due, clock.today())
        paginator = Pagination()
        page = paginator.paginate_queryset(qs.order_by(F("due_on").asc(nulls_last=True), "-id"), request, view=self)
        return paginator.get_paginated_response(CaseOut(page, many=True).data)


def _get(request, pk: int, perm: str) -> Case:
    case = get_object_or_404(Case.objects.select_related("unit"), pk=pk)
    check(request, perm, case)
    return case


class LetterRecordApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="cases_letter_record", request=CaseLetterRecordIn, responses={201: CaseDetailOut, **ERRORS},
                   description="Vào sổ một đơn nhận qua bưu điện hoặc tại trụ sở (không qua lượt tiếp). Đơn tố cáo nặc "
                               "danh ghi không có người gửi (Điều 25 Luật Tố cáo); người tố cáo được mã hóa, không trả về.")
    def post(self, request):
        data = dict(valid(CaseLetterRecordIn, request))
        unit = get_object_or_404(AdministrativeUnit, pk=data.pop("unit"))
        check(request, "cases.view_cases", unit)
        case = services.case_record_letter(unit=unit, actor=request.user, **data)
        return Response(CaseDetailOut(case).data, status=201)


class CaseDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="cases_retrieve", responses={200: CaseDetailOut, **ERRORS},
                   description="Chi tiết đơn (mỗi lần xem được ghi nhật ký). Không bao giờ có thông tin người tố cáo.")
    def get(self, request, pk: int):
        case = _get(request, pk, "cases.view_cases")
        services.case_viewed(case=case, actor=request.user, via="api")
        return Response(CaseDetailOut(case).data)


# --- staff: the steps on a letter (cases/actions.py), one endpoint each: POST /cases/<pk>/<step>/ ---------------

ACTION_VIEWS = ACTIONS.api_views(queryset=Case.objects.select_related("unit"),
                                 detail=lambda request, case: CaseDetailOut(case).data, prefix="cases",
                                 response_serializer=CaseDetailOut)
