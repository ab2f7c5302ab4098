"""Consultations API (read and write): consultations, opinions, synthesis. Same services and named rules as the
HTML views. Public readers see published consultations and, once published, the synthesis — never the authors
of opinions; officials and supervisors of the commune see every step."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.exceptions import NotFound, Throttled
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.core import clock
from danchu.core.api import ERRORS, READ_ERRORS, Pagination, TextField, int_param
from danchu.core.api import check_perm as check
from danchu.core.api import valid as _valid
from danchu.core.legal_rules import rule_text
from danchu.units.api import scope_filter
from danchu.units.domain import Capability, Level
from danchu.units.models import AdministrativeUnit

from . import domain, services
from .actions import ACTIONS
from .domain import STAFF_CHANNEL_CHOICES, ConsultationForm, ContentKind, Outcome, Stance, State
from .models import Consultation, Opinion, SynthesisEntry

RUN, VIEW_REGISTER, VIEW = ("consultations.run_consultation", "consultations.view_register",
                            "consultations.view_consultation")
THROTTLED = {429: OpenApiResponse(ERRORS[400].response, description="Quá nhiều yêu cầu")}
ID = {"min_value": 1, "max_value": 2**62}


# --- serializers -----------------------------------------------------------------------------------


class PlanIn(serializers.Serializer):
    commune = serializers.IntegerField(**ID)
    content_kind = serializers.ChoiceField(choices=ContentKind.choices)
    title = TextField(max_length=300)
    description = TextField(multiline=True, max_length=20000)
    forms = serializers.ListField(child=serializers.ChoiceField(choices=ConsultationForm.choices), min_length=1,
                                  max_length=len(ConsultationForm.values))
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    method = TextField(multiline=True, max_length=5000, required=False, allow_blank=True, default="")
    responsible = TextField(max_length=300, required=False, allow_blank=True, default="")
    decision_authority = TextField(max_length=200, required=False, allow_blank=True, default="")
    plan_number = TextField(max_length=100, required=False, allow_blank=True, default="")
    villages = serializers.ListField(child=serializers.IntegerField(**ID), required=False, default=list,
                                     max_length=500)


class PlanPatchIn(PlanIn):
    commune = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)


class ConsultationOut(serializers.Serializer):
    id = serializers.IntegerField()
    commune = serializers.IntegerField(source="commune_id")
    commune_name = serializers.CharField(source="commune.name")
    content_kind = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    forms = serializers.ListField(child=serializers.CharField())
    method = serializers.CharField()
    responsible = serializers.CharField()
    decision_authority = serializers.CharField()
    plan_number = serializers.CharField()
    state = serializers.CharField()
    opens_on = serializers.DateField()
    closes_on = serializers.DateField()
    plan_sent_on = serializers.DateField(allow_null=True)
    published_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    synthesis_published_on = serializers.DateField(allow_null=True)
    synthesis_summary = serializers.SerializerMethodField()
    decision_outcome = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    decision_summary = serializers.CharField()
    majority_stance = serializers.CharField()
    against_majority = serializers.BooleanField()
    against_majority_explanation = serializers.CharField()
    reported_to_council_on = serializers.DateField(allow_null=True)
    villages = serializers.SerializerMethodField()
    opinion_count = serializers.SerializerMethodField()
    plan_disclosure_item = serializers.IntegerField(source="plan_item_id", allow_null=True)
    synthesis_disclosure_item = serializers.IntegerField(source="synthesis_item_id", allow_null=True)

    def get_synthesis_summary(self, obj) -> str:
        return obj.synthesis_summary if obj.has_result or self.context.get("staff") else ""

    def get_villages(self, obj) -> list[int]:
        return [v.pk for v in obj.villages.all()]

    def get_opinion_count(self, obj) -> int:
        return obj.opinions.count()


class PublicOpinionOut(serializers.Serializer):
    """What anyone sees once the synthesis is published: village and channel, never the author."""

    id = serializers.IntegerField()
    channel = serializers.CharField()
    village = serializers.IntegerField(source="village_id", allow_null=True)
    village_name = serializers.SerializerMethodField()
    stance = serializers.CharField()
    people_count = serializers.IntegerField()
    text = serializers.CharField()
    received_on = serializers.DateField()
    entry = serializers.IntegerField(source="entry_id", allow_null=True)

    def get_village_name(self, obj) -> str:
        return obj.village.name if obj.village_id else ""


class OpinionOut(PublicOpinionOut):
    author_name = serializers.CharField()
    author_contact = serializers.CharField()
    author = serializers.IntegerField(source="author_id", allow_null=True)
    source_note = serializers.CharField()
    entered_by = serializers.IntegerField(source="entered_by_id", allow_null=True)


class OwnOpinionOut(PublicOpinionOut):
    pass


class OpinionIn(serializers.Serializer):
    text = TextField(multiline=True, max_length=5000)
    stance = serializers.ChoiceField(choices=Stance.choices, required=False, default=Stance.OTHER)
    village = serializers.IntegerField(required=False, allow_null=True, default=None, **ID)


class RecordIn(OpinionIn):
    channel = serializers.ChoiceField(choices=STAFF_CHANNEL_CHOICES)
    people_count = serializers.IntegerField(min_value=1, max_value=services.MAX_PEOPLE, required=False, default=1)
    author_name = TextField(max_length=150, required=False, allow_blank=True, default="")
    author_contact = TextField(max_length=300, required=False, allow_blank=True, default="")
    received_on = serializers.DateField(required=False, allow_null=True, default=None)
    source_note = TextField(max_length=300, required=False, allow_blank=True, default="")


class EntryIn(serializers.Serializer):
    opinions = serializers.ListField(child=serializers.IntegerField(**ID), min_length=1, max_length=1000)
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    response = TextField(multiline=True, max_length=5000)
    summary = TextField(multiline=True, max_length=5000, required=False, allow_blank=True, default="")


class EntryPatchIn(EntryIn):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, partial=True, **kwargs)


class EntryOut(serializers.Serializer):
    id = serializers.IntegerField()
    outcome = serializers.CharField()
    response = serializers.CharField()
    summary = serializers.CharField()
    opinions = serializers.SerializerMethodField()

    def get_opinions(self, obj) -> list[int]:
        return sorted(o.pk for o in obj.opinions.all())


class SynthesisOut(serializers.Serializer):
    consultation = serializers.IntegerField()
    state = serializers.CharField()
    published_on = serializers.DateField(allow_null=True)
    summary = serializers.CharField()
    agree = serializers.IntegerField()
    disagree = serializers.IntegerField()
    other = serializers.IntegerField()
    majority = serializers.CharField(allow_null=True)
    uncovered_opinions = serializers.ListField(child=serializers.IntegerField())
    entries = EntryOut(many=True)


# --- helpers -----------------------------------------------------------------------------------------


def _get(request, pk: int, perm: str = VIEW) -> Consultation:
    c = get_object_or_404(Consultation.objects.select_related("commune"), pk=pk)
    if perm == VIEW:
        if not request.user.has_perm(VIEW, c):
            raise NotFound()
    else:
        check(request, perm, c)
    return c


def _out(request, c: Consultation) -> dict:
    c.refresh_from_db()
    return ConsultationOut(c, context={"staff": request.user.has_perm(VIEW_REGISTER, c)}).data


def _villages(commune, ids) -> list:
    ids = list(dict.fromkeys(ids or []))
    found = list(AdministrativeUnit.objects.filter(pk__in=ids))
    if len(found) != len(ids):
        raise serializers.ValidationError({"villages": [_("Không có thôn, tổ dân phố này.")]})
    return found


def _village(c: Consultation, pk):
    if pk is None:
        return None
    village = AdministrativeUnit.objects.filter(pk=pk).first()
    if village is None:
        raise serializers.ValidationError({"village": [_("Không có thôn, tổ dân phố này.")]})
    return village


class _Api(APIView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]


# --- consultations ------------------------------------------------------------------------------------


class ConsultationListApi(_Api):
    permission_classes: list = []

    @extend_schema(operation_id="consultations_list", parameters=[
        OpenApiParameter("unit", int, description="Xã, phường (hoặc đơn vị cấp trên)"),
        OpenApiParameter("state", str, enum=State.values),
        OpenApiParameter("open", bool, description="Chỉ những nội dung đang nhận ý kiến hôm nay")],
        responses={200: ConsultationOut(many=True), **READ_ERRORS},
        description="Các cuộc lấy ý kiến Nhân dân: mọi người thấy những cuộc đã công khai; cán bộ, Mặt trận, "
                    "Ban Thanh tra nhân dân thấy cả dự thảo kế hoạch của đơn vị mình.")
    def get(self, request):

        user = request.user
        staff_scope = scope_filter(user, Capability.RUN_CONSULTATIONS, "commune__path") | scope_filter(
            user, Capability.SUPERVISE_DECISIONS, "commune__path")
        qs = Consultation.objects.filter(Q(state__in=domain.PUBLIC_STATES) | staff_scope).select_related("commune")
        unit_id = int_param(request, "unit")
        if unit_id is not None:
            unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
            qs = qs.in_subtree(unit)
        state = request.query_params.get("state", "")
        if state:
            if state not in State.values:
                raise serializers.ValidationError({"state": [_("Trạng thái không hợp lệ.")]})
            qs = qs.filter(state=state)
        flag = request.query_params.get("open", "")
        if flag not in ("", "true", "false", "1", "0"):
            raise serializers.ValidationError({"open": [_("Giá trị phải là true hoặc false.")]})
        if flag in ("true", "1"):
            qs = qs.open_on(clock.today())
        paginator = Pagination()
        page = paginator.paginate_queryset(qs.order_by("-opens_on", "-id").prefetch_related("villages"), request,
                                           view=self)
        return paginator.get_paginated_response(ConsultationOut(page, many=True).data)

    @extend_schema(operation_id="consultations_create", request=PlanIn, responses={201: ConsultationOut, **ERRORS},
                   description=f"Lập dự thảo kế hoạch lấy ý kiến (khoản 1 Điều 28); thời gian ít nhất "
                               f"{rule_text(domain.PERIOD_RULE)} kể từ ngày công khai (khoản 2).")
    def post(self, request):
        if not request.user.is_authenticated:
            check(request, RUN, None)
        data = dict(_valid(PlanIn, request))
        commune = get_object_or_404(AdministrativeUnit, pk=data.pop("commune"), level=Level.COMMUNE)
        check(request, RUN, commune)
        data["villages"] = _villages(commune, data.get("villages"))
        data["content_kind"] = int(data["content_kind"])
        c = services.consultation_create(commune=commune, actor=request.user, **data)
        return Response(_out(request, c), status=201)


class ConsultationDetailApi(_Api):
    permission_classes: list = []

    @extend_schema(operation_id="consultations_retrieve", responses={200: ConsultationOut, **READ_ERRORS})
    def get(self, request, pk: int):
        return Response(_out(request, _get(request, pk)))

    @extend_schema(operation_id="consultations_update", request=PlanPatchIn, responses={200: ConsultationOut, **ERRORS},
                   description="Sửa kế hoạch khi chưa công khai nội dung.")
    def patch(self, request, pk: int):
        c = _get(request, pk, RUN)
        data = dict(_valid(PlanPatchIn, request))
        if "villages" in data:
            data["villages"] = _villages(c.commune, data["villages"])
        if "content_kind" in data:
            data["content_kind"] = int(data["content_kind"])
        services.consultation_update(consultation=c, actor=request.user, **data)
        return Response(_out(request, c))


# --- the steps of Art.28: one endpoint each, the same table as the staff page (actions.py) ----------------


def _step(name: str, prefix: str = "consultations"):
    return ACTIONS.api_view(name, queryset=Consultation.objects.select_related("commune"), detail=_out,
                            prefix=prefix, response_serializer=ConsultationOut)


SendPlanApi = _step("send_plan")
PublishApi = _step("publish")
CloseApi = _step("close")
DecisionApi = _step("decision")
CouncilReportApi = _step("report", prefix="consultations_council")  # operation id consultations_council_report
SynthesisPublishApi = extend_schema_view(post=extend_schema(operation_id="consultations_synthesis_publish"))(
    _step("synthesis"))


# --- opinions -----------------------------------------------------------------------------------------


class OpinionListApi(_Api):
    permission_classes: list = []

    @extend_schema(operation_id="consultations_opinions_list", responses={200: OpinionOut(many=True), **READ_ERRORS},
                   description="Ý kiến: cán bộ và cơ quan giám sát thấy đủ (kể cả người góp ý); người dân thấy ý kiến "
                               "của mình, và mọi người thấy tất cả ý kiến (chỉ thôn và kênh) sau khi công khai kết quả.")
    def get(self, request, pk: int):
        c = _get(request, pk)
        qs = c.opinions.select_related("village").order_by("id")
        paginator = Pagination()
        if request.user.has_perm(VIEW_REGISTER, c):
            page = paginator.paginate_queryset(qs, request, view=self)
            return paginator.get_paginated_response(OpinionOut(page, many=True).data)
        if not c.has_result:
            qs = qs.filter(author=request.user) if request.user.is_authenticated else qs.none()
        page = paginator.paginate_queryset(qs, request, view=self)
        return paginator.get_paginated_response(PublicOpinionOut(page, many=True).data)

    @extend_schema(operation_id="consultations_opinions_submit", request=OpinionIn,
                   responses={201: OwnOpinionOut, **ERRORS, **THROTTLED},
                   description="Người dân góp ý trực tuyến (cần đăng nhập; giới hạn số lần gửi).")
    def post(self, request, pk: int):
        if not request.user.is_authenticated:
            check(request, "consultations.give_opinion", None)
        c = _get(request, pk)
        if not services.opinion_allowed(request.user):
            raise Throttled(detail=_("Bạn đã gửi quá nhiều ý kiến trong thời gian ngắn. Vui lòng thử lại sau."))
        data = _valid(OpinionIn, request)
        opinion = services.opinion_submit(consultation=c, user=request.user, text=data["text"], stance=data["stance"],
                                          village=_village(c, data["village"]))
        return Response(OwnOpinionOut(opinion).data, status=201)


class OpinionRecordApi(_Api):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="consultations_opinions_record", request=RecordIn,
                   responses={201: OpinionOut, **ERRORS},
                   description="Cán bộ nhập ý kiến từ hội nghị, đường dây nóng, hòm thư góp ý, văn bản…")
    def post(self, request, pk: int):
        c = _get(request, pk, RUN)
        data = dict(_valid(RecordIn, request))
        data["village"] = _village(c, data["village"])
        opinion = services.opinion_record(consultation=c, actor=request.user, **data)
        return Response(OpinionOut(opinion).data, status=201)


# --- synthesis ----------------------------------------------------------------------------------------


def _synthesis(c: Consultation) -> dict:
    t = services.tally_of(c)
    pending = domain.uncovered(list(c.opinions.values_list("pk", flat=True)),
                               dict(c.opinions.values_list("pk", "entry_id")))
    return SynthesisOut({
        "consultation": c.pk, "state": c.state, "published_on": c.synthesis_published_on,
        "summary": c.synthesis_summary, "agree": t.agree, "disagree": t.disagree, "other": t.other,
        "majority": domain.majority(t), "uncovered_opinions": pending,
        "entries": c.entries.prefetch_related("opinions").order_by("id")}).data


class SynthesisApi(_Api):
    permission_classes: list = []

    @extend_schema(operation_id="consultations_synthesis", responses={200: SynthesisOut, **READ_ERRORS},
                   description="Tổng hợp ý kiến, tiếp thu, giải trình (khoản 3 Điều 28): công khai sau khi công bố; "
                               "cán bộ và cơ quan giám sát xem cả khi đang soạn.")
    def get(self, request, pk: int):
        c = _get(request, pk)
        if not (c.has_result or request.user.has_perm(VIEW_REGISTER, c)):
            raise NotFound(_("Kết quả tổng hợp chưa được công khai."))
        return Response(_synthesis(c))


def _opinions(c: Consultation, ids) -> list[Opinion]:
    ids = list(dict.fromkeys(ids or []))
    found = list(c.opinions.filter(pk__in=ids))
    if len(found) != len(ids):
        raise serializers.ValidationError({"opinions": [_("Ý kiến không thuộc nội dung lấy ý kiến này.")]})
    return found


class EntryListApi(_Api):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="consultations_entries_create", request=EntryIn, responses={201: EntryOut, **ERRORS},
                   description="Tiếp thu hoặc giải trình một ý kiến hoặc một nhóm ý kiến tương tự.")
    def post(self, request, pk: int):
        c = _get(request, pk, RUN)
        data = _valid(EntryIn, request)
        entry = services.entry_save(consultation=c, actor=request.user, opinions=_opinions(c, data["opinions"]),
                                    outcome=data["outcome"], response=data["response"], summary=data["summary"])
        return Response(EntryOut(entry).data, status=201)


class EntryDetailApi(_Api):
    permission_classes = [IsAuthenticated]

    def _entry(self, request, pk: int, entry_pk: int) -> tuple[Consultation, SynthesisEntry]:
        c = _get(request, pk, RUN)
        return c, get_object_or_404(SynthesisEntry, pk=entry_pk, consultation=c)

    @extend_schema(operation_id="consultations_entries_update", request=EntryPatchIn,
                   responses={200: EntryOut, **ERRORS})
    def patch(self, request, pk: int, entry_pk: int):
        c, entry = self._entry(request, pk, entry_pk)
        data = _valid(EntryPatchIn, request)
        opinions = _opinions(c, data["opinions"]) if "opinions" in data else list(entry.opinions.all())
        entry = services.entry_save(consultation=c, actor=request.user, opinions=opinions, entry=entry,
                                    outcome=data.get("outcome", entry.outcome),
                                    response=data.get("response", entry.response),
                                    summary=data.get("summary", entry.summary))
        return Response(EntryOut(entry).data)

    @extend_schema(operation_id="consultations_entries_delete", request=None, responses={204: None, **ERRORS})
    def delete(self, request, pk: int, entry_pk: int):
        _c, entry = self._entry(request, pk, entry_pk)
        services.entry_delete(entry=entry, actor=request.user)
        return Response(status=204)

