"""Reception and cases API: public schedule, booking and tracking; staff reception book and cases.

Identity fields of denouncers are never part of any payload (Luật Tố cáo Art.47); list payloads carry no personal
data at all. Every write calls the same services as the HTML views; permissions are the named rules of rules.py.
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
from danchu.core.api import ERRORS, Pagination, int_param
from danchu.core.api import check_perm as check
from danchu.core.api import valid as _valid
from danchu.core.errors import field_error
from danchu.units.api import scope_filter
from danchu.units.domain import Capability
from danchu.units.models import AdministrativeUnit

from . import domain, services
from .domain import CaseKind, ComplexityCriterion, Finding, LeaderKind, SessionKind, State
from .models import Booking, Case, ReceptionEntry, ReceptionSession
from .views_public import booking_allowed, booking_lookup_allowed, tracking_allowed

THROTTLED = {429: OpenApiResponse(ERRORS[400].response, description="Quá nhiều yêu cầu")}
PUBLIC_ERRORS = {400: ERRORS[400], 404: ERRORS[404], **THROTTLED}
ID = {"min_value": 1, "max_value": 2**62}


# --- serializers -----------------------------------------------------------------------------------


class ReceptionSessionOut(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    leader_name = serializers.CharField()
    leader_title = serializers.CharField()
    leader_kind = serializers.CharField()
    kind = serializers.CharField()
    day = serializers.DateField()
    start = serializers.TimeField()
    end = serializers.TimeField()
    place = serializers.CharField()
    capacity = serializers.IntegerField()
    free = serializers.IntegerField()


class ReceptionSessionIn(serializers.Serializer):
    unit = serializers.IntegerField(**ID)
    leader_name = serializers.CharField(max_length=150)
    leader_title = serializers.CharField(max_length=150)
    leader_kind = serializers.ChoiceField(choices=LeaderKind.choices)
    kind = serializers.ChoiceField(choices=SessionKind.choices, default=SessionKind.REGULAR)
    day = serializers.DateField()
    start = serializers.TimeField()
    end = serializers.TimeField()
    place = serializers.CharField(max_length=300)
    capacity = serializers.IntegerField(min_value=1, max_value=200, default=10)


class ReceptionSessionStaffOut(ReceptionSessionOut):
    cancelled = serializers.BooleanField()


class BookingStaffOut(serializers.Serializer):
    """A booking as the receivers see it. A sealed booking (its visit included a denunciation, Luật Tố cáo Art.47,
    56) carries no name, phone or topic: those fields are null."""

    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    people_count = serializers.IntegerField()
    cancelled = serializers.BooleanField()
    sealed = serializers.BooleanField()
    created = serializers.DateTimeField()
    full_name = serializers.SerializerMethodField()
    phone = serializers.SerializerMethodField()
    topic = serializers.SerializerMethodField()

    def get_full_name(self, obj) -> str | None:
        return None if obj.sealed else obj.full_name

    def get_phone(self, obj) -> str | None:
        return None if obj.sealed else obj.phone

    def get_topic(self, obj) -> str | None:
        return None if obj.sealed else obj.topic


class ReceptionBookIn(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    phone = serializers.CharField(max_length=20)
    topic = serializers.CharField(max_length=500)
    people_count = serializers.IntegerField(min_value=1, max_value=200, default=1)


class BookingCancelIn(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    phone = serializers.CharField(max_length=20)


class BookingMineOut(serializers.Serializer):
    """A resident's own booking."""

    tracking_code = serializers.CharField()
    session = serializers.IntegerField(source="session_id")
    unit = serializers.IntegerField(source="session.unit_id")
    day = serializers.DateField(source="session.day")
    start = serializers.TimeField(source="session.start")
    place = serializers.CharField(source="session.place")
    people_count = serializers.IntegerField()
    cancelled = serializers.BooleanField()
    session_cancelled = serializers.BooleanField(source="session.cancelled")


class ReceptionBookOut(serializers.Serializer):
    tracking_code = serializers.CharField()
    session = serializers.IntegerField(source="session_id")


class ReceptionEntryOut(serializers.Serializer):
    """A line of the reception book. No personal data in lists; a sealed entry never carries the visitor."""

    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    number = serializers.IntegerField()
    year = serializers.IntegerField()
    received_on = serializers.DateField()
    sealed = serializers.BooleanField()
    people_count = serializers.IntegerField()
    handling = serializers.CharField()
    reply_due_on = serializers.DateField(allow_null=True)
    replied_on = serializers.DateField(allow_null=True)
    cases = serializers.SerializerMethodField()

    def get_cases(self, obj) -> list[str]:
        return [c.code for c in obj.cases.all()]


class ReceptionEntryDetailOut(ReceptionEntryOut):
    full_name = serializers.CharField()
    address = serializers.CharField()
    id_number = serializers.CharField()
    content = serializers.CharField()
    prior_handling = serializers.CharField()
    request = serializers.CharField()
    handling_note = serializers.CharField()


class ReceptionRepresentativeIn(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")


class CaseLetterIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    summary = serializers.CharField(max_length=300)
    respondent = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    known_on = serializers.DateField(required=False, allow_null=True, default=None)


class ReceptionVisitIn(serializers.Serializer):
    unit = serializers.IntegerField(**ID)
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    full_name = serializers.CharField(max_length=150)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    people_count = serializers.IntegerField(min_value=1, max_value=1000, default=1)
    representatives = ReceptionRepresentativeIn(many=True, required=False, default=list)
    content = serializers.CharField(max_length=10000)
    prior_handling = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    request = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")
    letters = CaseLetterIn(many=True, required=False, default=list)
    remote_area = serializers.BooleanField(required=False, default=False)

    def validate_letters(self, value):
        if len(value) > 10:
            raise serializers.ValidationError(_("Tối đa 10 đơn cho một lượt tiếp."))
        return value

    def validate_representatives(self, value):
        if len(value) > 50:
            raise serializers.ValidationError(_("Tối đa 50 người đại diện."))
        return value


class CaseOut(serializers.Serializer):
    """A case without any personal data (lists)."""

    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    code = serializers.CharField()
    kind = serializers.CharField()
    round = serializers.IntegerField()
    state = serializers.CharField()
    summary = serializers.CharField()
    received_on = serializers.DateField()
    accepted_on = serializers.DateField(allow_null=True)
    decided_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    due_label = serializers.CharField()
    resolve_due_on = serializers.DateField(allow_null=True)
    complexity = serializers.CharField()
    extensions = serializers.IntegerField()
    remote_area = serializers.BooleanField()
    anonymous = serializers.BooleanField()
    published_on = serializers.DateField(allow_null=True)
    assignee = serializers.IntegerField(source="assignee_id", allow_null=True)
    rules_code = serializers.CharField()


class CaseDetailOut(CaseOut):
    """Detail: the complainant of a complaint or petition (a party); never a denouncer (not stored here)."""

    content = serializers.CharField()
    respondent = serializers.CharField()
    petitioner_name = serializers.CharField()
    petitioner_address = serializers.CharField()
    people_count = serializers.IntegerField()
    representative_count = serializers.IntegerField()
    complexity_criteria = serializers.ListField(child=serializers.CharField())
    rejection_ground = serializers.CharField()
    rejection_reason = serializers.CharField()
    transferred_to = serializers.CharField()
    decision_number = serializers.CharField()
    finding = serializers.CharField()
    decision_text = serializers.CharField()
    sent_on = serializers.DateField(allow_null=True)
    documents = serializers.SerializerMethodField()

    def get_documents(self, obj) -> list[dict]:
        return [{"number": d.number, "kind": d.kind, "title": d.title, "issued_on": d.issued_on.isoformat()}
                for d in obj.documents.order_by("number")]


class CaseLetterRecordIn(serializers.Serializer):
    """A letter received by post or left at the office (no reception visit). An anonymous denunciation carries no
    sender; a named denunciation's sender is sealed at once and never returned."""

    unit = serializers.IntegerField(**ID)
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    summary = serializers.CharField(max_length=300)
    content = serializers.CharField(max_length=10000)
    respondent = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    anonymous = serializers.BooleanField(required=False, default=False)
    full_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    id_number = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    known_on = serializers.DateField(required=False, allow_null=True, default=None)
    round = serializers.ChoiceField(choices=[1, 2], required=False, default=1)
    remote_area = serializers.BooleanField(required=False, default=False)


class CaseTrackIn(serializers.Serializer):
    code = serializers.CharField(max_length=40)


class CaseTrackOut(serializers.Serializer):
    kind = serializers.CharField()
    state = serializers.CharField()
    unit_name = serializers.CharField(source="unit.name")
    received_on = serializers.DateField()
    due_on = serializers.DateField(allow_null=True)
    due_label = serializers.CharField()
    resolve_due_on = serializers.DateField(allow_null=True)
    steps = serializers.SerializerMethodField()

    def get_steps(self, obj) -> list[dict]:
        return [{"at": e.created.isoformat(), "note": e.note} for e in obj.events.order_by("created", "id") if e.note]


class CaseOnIn(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, default=None)


class CaseAcceptIn(CaseOnIn):
    criteria = serializers.ListField(child=serializers.ChoiceField(choices=ComplexityCriterion.choices),
                                     required=False, default=list, max_length=7)
    remote_area = serializers.BooleanField(required=False, allow_null=True, default=None)
    several_places = serializers.BooleanField(required=False, allow_null=True, default=None)
    obstacle_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0,
                                             max_value=3650)


class CaseSeveralPlacesIn(serializers.Serializer):
    reason = serializers.CharField(max_length=10000)


class CaseRejectIn(CaseOnIn):
    ground = serializers.CharField(max_length=30)
    reason = serializers.CharField(max_length=10000)


class CaseTransferIn(CaseOnIn):
    to = serializers.CharField(max_length=300)


class CaseExtendIn(CaseOnIn):
    days = serializers.IntegerField(min_value=1, max_value=30)
    reason = serializers.CharField(max_length=10000)


class CaseDecideIn(CaseOnIn):
    number = serializers.CharField(max_length=50)
    finding = serializers.ChoiceField(choices=Finding.choices)
    text = serializers.CharField(max_length=10000)


class CaseTextIn(CaseOnIn):
    text = serializers.CharField(max_length=10000)


class CaseReasonIn(CaseOnIn):
    reason = serializers.CharField(max_length=10000)


class CaseDialogueIn(CaseOnIn):
    participants = serializers.CharField(max_length=2000)
    content = serializers.CharField(max_length=10000)


class CaseAnonymousCheckIn(CaseOnIn):
    note = serializers.CharField(max_length=10000)


class CaseReclassifyIn(CaseOnIn):
    criteria = serializers.ListField(child=serializers.ChoiceField(choices=ComplexityCriterion.choices),
                                     required=True, allow_empty=True, max_length=7)
    reason = serializers.CharField(max_length=10000)


class CaseAssignIn(serializers.Serializer):
    assignee = serializers.IntegerField(**ID)


# --- public ----------------------------------------------------------------------------------------


class SessionListApi(APIView):
    """GET is public (the published schedule); POST adds a session (staff, cases.manage_schedule)."""

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "POST" else [AllowAny()]

    @extend_schema(operation_id="cases_session_create", request=ReceptionSessionIn,
                   responses={201: ReceptionSessionStaffOut, **ERRORS},
                   description="Thêm một buổi tiếp công dân (định kỳ hoặc đột xuất) vào lịch của đơn vị.")
    def post(self, request):
        data = dict(_valid(ReceptionSessionIn, request))
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
        qs = (ReceptionSession.objects.filter(unit=unit, day__gte=today, cancelled=False)
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
        data = _valid(ReceptionBookIn, request)
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
        data = _valid(BookingCancelIn, request)
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
        code = domain.normalise_tracking_code(_valid(CaseTrackIn, request)["code"])
        case = Case.objects.select_related("unit").filter(tracking_code=code).first() \
            if domain.is_valid_tracking_code(code) else None
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
            qs = qs.filter(unit__path__startswith=unit.path)
        paginator = Pagination()
        page = paginator.paginate_queryset(qs.prefetch_related("cases").order_by("-received_on", "-number"), request,
                                           view=self)
        return paginator.get_paginated_response(ReceptionEntryOut(page, many=True).data)

    @extend_schema(operation_id="cases_entry_record", request=ReceptionVisitIn, responses={201: ReceptionEntryOut, **ERRORS},
                   description="Ghi sổ một lượt tiếp công dân và tách đơn (Điều 25 Luật Tiếp công dân).")
    def post(self, request):
        data = dict(_valid(ReceptionVisitIn, request))
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
            qs = qs.for_unit(unit)
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
        today = clock.today()
        if due == "overdue":
            qs = qs.filter(due_on__lt=today)
        elif due == "soon":
            cal = services.calendar_for(today)
            end = today
            for _i in range(domain.DUE_SOON_WORKING_DAYS):
                end = cal.next_working_day(end)
            qs = qs.filter(due_on__gte=today, due_on__lte=end)
        elif due == "extended":
            qs = qs.filter(extensions__gt=0)
        elif due:
            raise serializers.ValidationError({"due": [_("Giá trị phải là overdue, soon hoặc extended.")]})
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
        data = dict(_valid(CaseLetterRecordIn, request))
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


def _action(name: str, serializer, call, description: str):
    class ActionApi(APIView):
        permission_classes = [IsAuthenticated]

        @extend_schema(operation_id=f"cases_{name}", request=serializer, responses={200: CaseDetailOut, **ERRORS},
                       description=description)
        def post(self, request, pk: int):
            case = _get(request, pk, "cases.handle_case")
            data = dict(_valid(serializer, request))
            call(case, request.user, data)
            case.refresh_from_db()
            return Response(CaseDetailOut(case).data)

    ActionApi.__name__ = f"Case{name.title()}Api"
    return ActionApi


AcceptApi = _action("accept", CaseAcceptIn, lambda c, u, d: services.case_accept(case=c, actor=u, **d),
                    "Thụ lý (Luật Khiếu nại Điều 27, 36; Luật Tố cáo Điều 29).")
SeveralPlacesApi = _action("several_places", CaseSeveralPlacesIn,
                           lambda c, u, d: services.case_several_places(case=c, actor=u, **d),
                           "Xử lý ban đầu tố cáo cần xác minh ở nhiều địa điểm: hạn 10 ngày làm việc (Điều 24).")
RejectApi = _action("reject", CaseRejectIn, lambda c, u, d: services.case_reject(case=c, actor=u, **d),
                    "Không thụ lý, có lý do (Luật Khiếu nại Điều 11; Luật Tố cáo Điều 25, 29).")
TransferApi = _action("transfer", CaseTransferIn, lambda c, u, d: services.case_transfer(case=c, actor=u, **d),
                      "Chuyển đơn đến cơ quan có thẩm quyền.")
ExtendApi = _action("extend", CaseExtendIn, lambda c, u, d: services.case_extend(case=c, actor=u, **d),
                    "Gia hạn giải quyết tố cáo (Điều 30.2: phức tạp 1 lần, đặc biệt phức tạp 2 lần, mỗi lần ≤ 30 ngày).")
DecideApi = _action("decide", CaseDecideIn, lambda c, u, d: services.case_decide(case=c, actor=u, **d),
                    "Quyết định giải quyết khiếu nại / kết luận nội dung tố cáo.")
SendApi = _action("send", CaseOnIn, lambda c, u, d: services.case_send(case=c, actor=u, **d),
                  "Ghi việc gửi quyết định, kết luận.")
PublishApi = _action("publish", CaseOnIn, lambda c, u, d: services.case_publish(case=c, actor=u, **d),
                     "Công khai kết luận nội dung tố cáo (Điều 40), không có thông tin người tố cáo.")
TerminateApi = _action("terminate", CaseReasonIn, lambda c, u, d: services.case_terminate(case=c, actor=u, **d),
                       "Đình chỉ giải quyết do rút đơn.")
AnswerApi = _action("answer", CaseTextIn, lambda c, u, d: services.case_answer(case=c, actor=u, **d),
                    "Trả lời kiến nghị, phản ánh.")
DialogueApi = _action("dialogue", CaseDialogueIn, lambda c, u, d: services.case_dialogue(case=c, actor=u, **d),
                      "Ghi biên bản đối thoại khi giải quyết khiếu nại (Luật Khiếu nại Điều 30); biên bản vào hồ sơ.")
AnonymousCheckApi = _action("anonymous_check", CaseAnonymousCheckIn,
                            lambda c, u, d: services.case_anonymous_check(case=c, actor=u, **d),
                            "Ghi kết quả kiểm tra nội dung đơn nặc danh, mạo danh và kết thúc đơn (Điều 25 Luật Tố "
                            "cáo): không xử lý như tố cáo, không có thời hạn.")


def _assign(case, actor, data):
    from danchu.accounts.models import User

    assignee = User.objects.filter(pk=data["assignee"], is_active=True).first()
    if assignee is None:
        raise field_error("assignee", _("Không có người dùng này."), "invalid_assignee")
    services.case_assign(case=case, actor=actor, assignee=assignee)


AssignApi = _action("assign", CaseAssignIn, _assign,
                    "Giao người xử lý (người có quyền giải quyết loại đơn này của đơn vị); người được giao được báo.")
ReclassifyApi = _action("reclassify", CaseReclassifyIn, lambda c, u, d: services.case_reclassify(case=c, actor=u, **d),
                        "Xếp lại tính chất vụ việc tố cáo khi đang giải quyết, theo tiêu chí NĐ 31/2019 Điều 3 và "
                        "có lý do: phức tạp được gia hạn 1 lần, đặc biệt phức tạp 2 lần (Điều 30.2 Luật Tố cáo).")
