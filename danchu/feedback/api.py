"""Feedback API (/api/v1/feedback/…): public submit, tracking and rating; everything officials do (queue, detail,
accept, assign, transfer, answer, close, reject, merge, convert, notes, statistics) — so that a provincial hotline
(1022) can integrate. Every write calls the same services as the HTML views; permissions are the rules of rules.py.
The standard Open311 GeoReport v2 interface is separate, under /open311/v2/ (open311.py)."""

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

from . import domain, services, stats
from .domain import CaseKind, NotifyChannel, State
from .models import Category, Feedback, RoutingRule
from .views import submission_accepted, submission_allowed, tracking_allowed

THROTTLED = {429: OpenApiResponse(ERRORS[400].response, description="Quá nhiều yêu cầu")}
PUBLIC_ERRORS = {400: ERRORS[400], **THROTTLED}
ID = {"min_value": 1, "max_value": 2**62}


def _throttled() -> Throttled:
    return Throttled(detail=_("Quá nhiều yêu cầu, vui lòng thử lại sau."))


# --- serializers -----------------------------------------------------------------------------------


class CategoryOut(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    group = serializers.CharField()
    description = serializers.CharField()
    answer_days = serializers.IntegerField()


class SubmitIn(serializers.Serializer):
    category = serializers.CharField(max_length=40, help_text="Mã lĩnh vực (GET /api/v1/feedback/categories/)")
    commune = serializers.IntegerField(**ID)
    village = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)
    description = serializers.CharField(max_length=domain.MAX_DESCRIPTION)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    lat = serializers.FloatField(required=False, allow_null=True, default=None, min_value=-90, max_value=90)
    lon = serializers.FloatField(required=False, allow_null=True, default=None, min_value=-180, max_value=180)
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list,
                                   max_length=domain.MAX_PHOTOS)
    anonymous = serializers.BooleanField(required=False, default=False)
    reporter_name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    notify_channel = serializers.ChoiceField(choices=NotifyChannel.choices, required=False, allow_blank=True,
                                             default="")
    publish = serializers.BooleanField(required=False, default=False)
    show_name = serializers.BooleanField(required=False, default=False)


class RecordIn(SubmitIn):
    channel = serializers.ChoiceField(choices=[("hotline", "hotline"), ("in_person", "in_person"), ("api", "api")])


class SubmitOut(serializers.Serializer):
    tracking_code = serializers.CharField()
    id = serializers.IntegerField()
    state = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)


class CodeIn(serializers.Serializer):
    code = serializers.CharField(max_length=40)


class RateIn(CodeIn):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    reopen = serializers.BooleanField(required=False, default=False)


class EventOut(serializers.Serializer):
    kind = serializers.CharField()
    state = serializers.CharField()
    note = serializers.CharField()
    created = serializers.DateTimeField()


class TrackOut(serializers.Serializer):
    """What the reporter sees with the tracking code: never contact details or staff notes."""

    tracking_code = serializers.CharField()
    commune = serializers.IntegerField(source="commune_id")
    commune_name = serializers.CharField(source="commune.name")
    category = serializers.CharField(source="category.code")
    description = serializers.CharField()
    state = serializers.CharField()
    received_at = serializers.DateTimeField()
    due_on = serializers.DateField(allow_null=True)
    answer = serializers.CharField()
    answered_at = serializers.SerializerMethodField()
    rating = serializers.IntegerField(allow_null=True)
    can_rate = serializers.SerializerMethodField()
    events = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_answered_at(self, obj):
        value = services.answer_time(obj)
        return serializers.DateTimeField().to_representation(value) if value else None

    def get_can_rate(self, obj) -> bool:
        """True when the reporter may rate now (an answer, including the shared answer of a merged feedback)."""
        return services.rating_open(obj, clock.today())

    @extend_schema_field(EventOut(many=True))
    def get_events(self, obj) -> list[dict]:
        return EventOut([e for e in obj.events.order_by("created", "id") if e.note], many=True).data


class ListOut(serializers.Serializer):
    id = serializers.IntegerField()
    tracking_code = serializers.CharField()
    commune = serializers.IntegerField(source="commune_id")
    village = serializers.IntegerField(source="village_id", allow_null=True)
    category = serializers.CharField(source="category.code")
    description = serializers.CharField()
    state = serializers.CharField()
    channel = serializers.CharField()
    received_at = serializers.DateTimeField()
    due_on = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()
    escalated_at = serializers.DateTimeField(allow_null=True)
    organisation = serializers.IntegerField(source="organisation_id", allow_null=True)
    assignee = serializers.IntegerField(source="assignee_id", allow_null=True)
    rating = serializers.IntegerField(allow_null=True)

    def get_overdue(self, obj) -> bool:
        return obj.is_overdue(clock.today())


class StaffEventOut(EventOut):
    internal_note = serializers.CharField()
    actor = serializers.IntegerField(source="actor_id", allow_null=True)
    from_unit = serializers.IntegerField(source="from_unit_id", allow_null=True)
    to_unit = serializers.IntegerField(source="to_unit_id", allow_null=True)


class DetailOut(ListOut):
    address = serializers.CharField()
    lat = serializers.FloatField(allow_null=True)
    lon = serializers.FloatField(allow_null=True)
    anonymous = serializers.BooleanField()
    reporter_name = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    publish = serializers.BooleanField()
    answer = serializers.CharField()
    answered_at = serializers.DateTimeField(allow_null=True)
    answered_on_time = serializers.BooleanField(allow_null=True)
    transfer_due_on = serializers.DateField(allow_null=True)
    duplicate_of = serializers.IntegerField(source="duplicate_of_id", allow_null=True)
    converted_kind = serializers.CharField()
    converted_ref = serializers.CharField()
    transferred_to = serializers.CharField()
    rating_comment = serializers.CharField()
    events = StaffEventOut(many=True)


class NoteIn(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class RequiredNoteIn(serializers.Serializer):
    note = serializers.CharField(max_length=4000)


class AssignIn(serializers.Serializer):
    assignee = serializers.IntegerField(**ID)


class TransferIn(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    to_unit = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)
    to_body = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class AnswerIn(serializers.Serializer):
    answer = serializers.CharField(max_length=8000)


class RejectIn(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class DuplicateIn(serializers.Serializer):
    original = serializers.CharField(max_length=40, help_text="Mã tra cứu của phản ánh đã có")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ConvertIn(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CaseKind.choices)
    reference = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CategoryIn(serializers.Serializer):
    category = serializers.CharField(max_length=40)


class StatsRowOut(serializers.Serializer):
    label = serializers.CharField(allow_null=True)
    total = serializers.IntegerField()
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()
    answered = serializers.IntegerField()
    on_time = serializers.IntegerField()
    rated = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True, help_text="% trả lời đúng hạn trên số đã trả lời cộng "
                                                                     "số đang quá hạn chưa trả lời")
    satisfaction_rate = serializers.FloatField(allow_null=True)


class StatsOut(serializers.Serializer):
    summary = StatsRowOut()
    by_category = StatsRowOut(many=True)


# --- public ----------------------------------------------------------------------------------------


def _category(code: str) -> Category:
    category = Category.objects.filter(code=code, active=True).first()
    if category is None:
        raise serializers.ValidationError({"category": [_("Không có lĩnh vực này.")]})
    return category


def _submit_kwargs(data: dict) -> dict:
    data = dict(data)
    commune = AdministrativeUnit.objects.filter(pk=data.pop("commune"), level=Level.COMMUNE).first()
    if commune is None:
        raise serializers.ValidationError({"commune": [_("Không có xã, phường này.")]})
    village_id = data.pop("village")
    village = AdministrativeUnit.objects.filter(pk=village_id).first() if village_id else None
    if village_id and village is None:
        raise serializers.ValidationError({"village": [_("Không có thôn, tổ dân phố này.")]})
    return {**data, "commune": commune, "village": village, "category": _category(data.pop("category"))}


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
    code = domain.normalise_tracking_code(code)
    feedback = None
    if domain.is_valid_tracking_code(code):
        feedback = (Feedback.objects.select_related("commune", "category", "duplicate_of")
                    .filter(tracking_code=code).first())
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
        OpenApiParameter("state", str, enum=[*State.values, "open"]),
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
            qs = qs.for_unit(unit)
        state = request.query_params.get("state", "")
        if state == "open":
            qs = qs.open()
        elif state:
            if state not in State.values:
                raise serializers.ValidationError({"state": [_("Trạng thái không hợp lệ.")]})
            qs = qs.filter(state=state)
        category = request.query_params.get("category", "").replace("\x00", "")
        if category:
            qs = qs.filter(category__code=category[:40])
        due = request.query_params.get("due", "")
        today = clock.today()
        if due == "overdue":
            qs = qs.overdue(today=today)
        elif due == "soon":
            cal = services.calendar_for(today)
            end = today
            for _i in range(domain.DUE_SOON_WORKING_DAYS):
                end = cal.next_working_day(end)
            qs = qs.due_between(today, end)
        elif due == "escalated":
            qs = qs.open().filter(escalated_at__isnull=False)
        elif due:
            raise serializers.ValidationError({"due": [_("Giá trị phải là soon, overdue hoặc escalated.")]})
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
        from .views import _period

        unit_id = int_param(request, "unit")
        if unit_id is None:
            raise serializers.ValidationError({"unit": [_("Cần chọn đơn vị.")]})
        unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
        check(request, "feedback.view_feedback", unit)
        today = clock.today()
        start, end = _period(request, today)
        qs = Feedback.objects.for_unit(unit).filter(received_on__gte=start, received_on__lte=end)
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


def _action(name: str, serializer, call, description: str):
    """One POST endpoint per official action, with its own input schema (for the OpenAPI document)."""

    class ActionApi(APIView):
        permission_classes = [IsAuthenticated]
        parser_classes = [JSONParser, FormParser, MultiPartParser]

        @extend_schema(operation_id=f"feedback_{name}", request=serializer, responses={200: DetailOut, **ERRORS},
                       description=description)
        def post(self, request, pk: int):
            feedback = _get(request, pk, "feedback.handle_feedback")
            call(feedback, _valid(serializer, request), request.user)
            feedback.refresh_from_db()
            return Response(DetailOut(feedback).data)

    ActionApi.__name__ = ActionApi.__qualname__ = f"Feedback{name.title().replace('_', '')}Api"
    return ActionApi


def _user(pk: int):
    from danchu.accounts.models import User

    return User.objects.filter(pk=pk).first()


def _transfer(f, d, actor):
    to_unit = None
    if d["to_unit"]:
        to_unit = AdministrativeUnit.objects.filter(pk=d["to_unit"]).first()
        if to_unit is None:
            raise serializers.ValidationError({"to_unit": [_("Không có xã, phường này.")]})
    services.feedback_transfer(feedback=f, actor=actor, reason=d["reason"], to_unit=to_unit, to_body=d["to_body"])


def _duplicate(f, d, actor):
    code = domain.normalise_tracking_code(d["original"])
    original = Feedback.objects.filter(tracking_code=code).first() if domain.is_valid_tracking_code(code) else None
    services.feedback_mark_duplicate(feedback=f, original=original, actor=actor, note=d["note"])


ACTIONS = {
    "accept": _action("accept", NoteIn, lambda f, d, a: services.feedback_accept(feedback=f, actor=a, note=d["note"]),
                      "Thụ lý (thuộc thẩm quyền)."),
    "start": _action("start", NoteIn, lambda f, d, a: services.feedback_start(feedback=f, actor=a, note=d["note"]),
                     "Chuyển sang đang xử lý."),
    "assign": _action("assign", AssignIn,
                      lambda f, d, a: services.feedback_assign(feedback=f, assignee=_user(d["assignee"]), actor=a),
                      "Giao cho một cán bộ có quyền xử lý phản ánh của xã."),
    "transfer": _action("transfer", TransferIn, _transfer,
                        "Chuyển phản ánh không thuộc thẩm quyền (≤ 05 ngày làm việc, NĐ 20/2008 Điều 9.1.d): đến xã, "
                        "phường khác trên hệ thống (to_unit) hoặc cơ quan khác (to_body)."),
    "answer": _action("answer", AnswerIn, lambda f, d, a: services.feedback_answer(feedback=f, answer=d["answer"],
                                                                                   actor=a),
                      "Trả lời công khai cho người phản ánh."),
    "close": _action("close", NoteIn, lambda f, d, a: services.feedback_close(feedback=f, actor=a, note=d["note"]),
                     "Kết thúc phản ánh đã trả lời."),
    "reject": _action("reject", RejectIn, lambda f, d, a: services.feedback_reject(feedback=f, reason=d["reason"],
                                                                                   actor=a),
                      "Không thụ lý, nêu lý do."),
    "duplicate": _action("duplicate", DuplicateIn, _duplicate, "Gộp vào một phản ánh đã có (trùng)."),
    "convert": _action("convert", ConvertIn,
                       lambda f, d, a: services.feedback_convert(feedback=f, kind=d["kind"], reference=d["reference"],
                                                                 note=d["note"], actor=a),
                       "Nội dung là khiếu nại hoặc tố cáo: chuyển sang thủ tục tương ứng, kèm số hồ sơ hoặc đường dẫn."),
    "note": _action("note", RequiredNoteIn, lambda f, d, a: services.feedback_note(feedback=f, note=d["note"], actor=a),
                    "Ghi chú nội bộ."),
    "recategorise": _action("recategorise", CategoryIn,
                            lambda f, d, a: services.feedback_recategorise(feedback=f, category=_category(d["category"]),
                                                                           actor=a),
                            "Đổi lĩnh vực (phân công và thời hạn được tính lại)."),
}


# --- routing configuration ---------------------------------------------------------------------------------


class RouteOut(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    category = serializers.CharField(source="category.code", allow_null=True, default=None)
    organisation = serializers.IntegerField(source="organisation_id")
    answer_days = serializers.IntegerField(allow_null=True)
    note = serializers.CharField()


class RouteIn(serializers.Serializer):
    unit = serializers.IntegerField(**ID)
    category = serializers.CharField(max_length=40, required=False, allow_blank=True, default="",
                                     help_text="Mã lĩnh vực; để trống: mọi lĩnh vực")
    organisation = serializers.IntegerField(**ID)
    answer_days = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=60)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


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
        rules = RoutingRule.objects.filter(unit__path__startswith=unit.path).select_related("category")
        return Response(RouteOut(rules.order_by("unit_id", "category_id"), many=True).data)

    @extend_schema(operation_id="feedback_route_set", request=RouteIn, responses={200: RouteOut, **ERRORS},
                   description="Đặt (hoặc sửa) phân công cho một đơn vị và một lĩnh vực (lãnh đạo xã).")
    def post(self, request):
        from danchu.units.models import Organisation

        data = _valid(RouteIn, request)
        unit = get_object_or_404(AdministrativeUnit, pk=data["unit"])
        check(request, "feedback.configure_feedback", unit)
        organisation = Organisation.objects.filter(pk=data["organisation"]).select_related("unit").first()
        category = _category(data["category"]) if data["category"] else None
        rule = services.route_set(unit=unit, category=category, organisation=organisation, actor=request.user,
                                  answer_days=data["answer_days"], note=data["note"])
        return Response(RouteOut(rule).data)
