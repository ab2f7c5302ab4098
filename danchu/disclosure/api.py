"""Disclosure register API: one APIView per resource and operation; writes call the same services as the
HTML views. Published items are public; drafts are visible only to those who may publish in the commune."""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated, NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.core import clock
from danchu.core.api import ERRORS, READ_ERRORS, Pagination, TextField, int_param
from danchu.core.api import check_perm as check
from danchu.core.api import valid as _valid
from danchu.core.models import folded_search
from danchu.units.api import scope_filter
from danchu.units.domain import Capability, Level
from danchu.units.models import AdministrativeUnit

from . import services
from .domain import CATEGORY_CHOICES, Channel, ItemStatus, parse_quarter, quarter_bounds
from .models import DisclosureItem, Posting


def _villages(ids: list[int]) -> list[AdministrativeUnit]:
    villages = list(AdministrativeUnit.objects.filter(pk__in=set(ids)))
    if len(villages) != len(set(ids)):
        raise serializers.ValidationError({"villages": [_("Không tìm thấy thôn, tổ dân phố đã chọn.")]})
    return villages


def _visible_item(request, pk: int) -> DisclosureItem:
    item = get_object_or_404(DisclosureItem.objects.select_related("commune"), pk=pk)
    if not request.user.has_perm("disclosure.view_item", item):
        raise NotFound()  # a draft's existence is not disclosed
    return item


# --- serializers -----------------------------------------------------------------------------------


class AttachmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="original_name")
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class VersionOut(serializers.Serializer):
    version = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    decision_issuer = serializers.CharField()
    change_note = serializers.CharField()
    published_on = serializers.DateField()
    publication_due = serializers.DateField(allow_null=True)


class ItemOut(serializers.Serializer):
    id = serializers.IntegerField()
    commune = serializers.IntegerField(source="commune_id")
    category = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField()
    decision_number = serializers.CharField()
    decision_date = serializers.DateField(allow_null=True)
    decision_issuer = serializers.CharField()
    status = serializers.CharField()
    publication_due = serializers.DateField(allow_null=True)
    published_on = serializers.DateField(allow_null=True)
    was_late = serializers.BooleanField(help_text="Một lần công khai hoặc công khai lại trước đây đã chậm hạn")
    version = serializers.IntegerField()
    villages = serializers.SerializerMethodField()

    def get_villages(self, item) -> list[int]:
        return sorted(v.pk for v in item.villages.all())


class ItemDetailOut(ItemOut):
    attachments = AttachmentOut(many=True, source="attachments.all")
    versions = VersionOut(many=True, source="versions.all")


class ItemIn(serializers.Serializer):
    commune = serializers.IntegerField(min_value=1)
    category = serializers.ChoiceField(choices=CATEGORY_CHOICES, error_messages={
        "invalid_choice": _("Nội dung công khai phải là một trong các khoản 1–14 Điều 11 Luật số 10/2022/QH15.")})
    title = TextField(max_length=300)
    body = TextField(multiline=True, required=False, allow_blank=True, default="", max_length=100_000)
    decision_number = TextField(max_length=100, required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    decision_issuer = TextField(max_length=200, required=False, allow_blank=True, default="")
    villages = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list,
                                     max_length=500)


class ItemUpdateIn(serializers.Serializer):
    category = serializers.ChoiceField(choices=CATEGORY_CHOICES, required=False, error_messages={
        "invalid_choice": _("Nội dung công khai phải là một trong các khoản 1–14 Điều 11 Luật số 10/2022/QH15.")})
    title = TextField(max_length=300, required=False)
    body = TextField(multiline=True, required=False, allow_blank=True, max_length=100_000)
    decision_number = TextField(max_length=100, required=False, allow_blank=True)
    decision_date = serializers.DateField(required=False, allow_null=True)
    decision_issuer = TextField(max_length=200, required=False, allow_blank=True)
    villages = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, max_length=500)
    change_note = TextField(max_length=300, required=False, allow_blank=True, default="")


class PublishIn(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, default=None)


class WithdrawIn(serializers.Serializer):
    reason = TextField(max_length=300, required=False, allow_blank=True, default="")


class PostingOut(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.IntegerField(source="item_id")
    channel = serializers.CharField()
    village = serializers.IntegerField(source="village_id", allow_null=True)
    place = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField(allow_null=True)
    posted_by = serializers.CharField()
    note = serializers.CharField()
    claims_compliance = serializers.BooleanField()
    has_proof = serializers.SerializerMethodField()

    def get_has_proof(self, posting) -> bool:
        return posting.proof_id is not None


class PostingIn(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    village = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    place = TextField(max_length=200, required=False, allow_blank=True, default="")
    start = serializers.DateField()
    end = serializers.DateField(required=False, allow_null=True, default=None)
    posted_by = TextField(max_length=150, required=False, allow_blank=True, default="")
    note = TextField(max_length=300, required=False, allow_blank=True, default="")
    claims_compliance = serializers.BooleanField(required=False, default=False)
    proof = serializers.FileField(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if attrs.get("end") and attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": _("Ngày kết thúc không thể trước ngày bắt đầu.")})
        return attrs


class ProblemOut(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    channel = serializers.CharField()
    villages = serializers.ListField(child=serializers.IntegerField())
    days = serializers.IntegerField(allow_null=True)


class ComplianceRowOut(serializers.Serializer):
    item = serializers.IntegerField()
    commune = serializers.IntegerField()
    title = serializers.CharField()
    category = serializers.IntegerField()
    status = serializers.CharField(help_text="published; draft = chưa công khai dù đã quá hạn (khoản 3 Điều 12)")
    decision_date = serializers.DateField(allow_null=True)
    published_on = serializers.DateField(allow_null=True)
    publication_due = serializers.DateField(allow_null=True)
    late = serializers.BooleanField()
    problems = ProblemOut(many=True)


class ComplianceOut(serializers.Serializer):
    unit = serializers.IntegerField()
    today = serializers.DateField()
    items = serializers.IntegerField()
    unpublished = serializers.IntegerField(help_text="Dự thảo đã quá hạn công khai mà chưa công khai")
    with_problems = serializers.IntegerField()
    counts = serializers.DictField(child=serializers.IntegerField())
    rows = ComplianceRowOut(many=True)


# --- items -----------------------------------------------------------------------------------------

ITEM_FILTERS = [
    OpenApiParameter("commune", int, description="Xã, phường (hoặc đơn vị cấp trên: mọi xã trực thuộc)"),
    OpenApiParameter("category", int, description="Khoản 1–14 Điều 11 Luật 10/2022/QH15"),
    OpenApiParameter("status", str, description="draft (chỉ người có quyền công khai), published, withdrawn"),
    OpenApiParameter("quarter", str, description="Quý theo ngày công khai, ví dụ 2026-Q3"),
    OpenApiParameter("late", bool, description="Chỉ nội dung công khai chậm (khoản 3 Điều 12)"),
    OpenApiParameter("q", str, description="Tìm theo tiêu đề, số văn bản, có dấu hoặc không dấu"),
]


def _prefetched(qs):
    return qs.select_related("commune").prefetch_related("villages")


class ItemListApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="disclosure_items_list", parameters=ITEM_FILTERS,
                   responses={200: ItemOut(many=True), **READ_ERRORS})
    def get(self, request):
        qs = DisclosureItem.objects.filter(Q(status=ItemStatus.PUBLISHED) | scope_filter(request.user, Capability.PUBLISH_DISCLOSURE, "commune__path"))
        commune = int_param(request, "commune")
        if commune is not None:
            unit = get_object_or_404(AdministrativeUnit, pk=commune)
            qs = qs.in_subtree(unit)
        category = int_param(request, "category")
        if category is not None:
            qs = qs.filter(category=category)
        status = request.query_params.get("status", "")
        if status:
            if status not in ItemStatus.values:
                raise serializers.ValidationError({"status": [_("Trạng thái không hợp lệ.")]})
            qs = qs.filter(status=status)
        quarter_text = request.query_params.get("quarter", "")
        if quarter_text:
            quarter = parse_quarter(quarter_text[:20])
            if quarter is None:
                raise serializers.ValidationError({"quarter": [_("Quý phải theo dạng 2026-Q3.")]})
            qs = qs.in_quarter(*quarter_bounds(*quarter))
        if request.query_params.get("late", "").lower() in {"1", "true", "yes"}:
            qs = qs.late(clock.today())
        if request.query_params.get("q"):
            qs = folded_search(qs, request.query_params["q"][:100])
        paginator = Pagination()
        page = paginator.paginate_queryset(_prefetched(qs).order_by("-published_on", "-pk"), request, view=self)
        return paginator.get_paginated_response(ItemOut(page, many=True).data)

    @extend_schema(operation_id="disclosure_items_create", request=ItemIn, responses={201: ItemOut, **ERRORS})
    def post(self, request):
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        data = _valid(ItemIn, request)
        commune = get_object_or_404(AdministrativeUnit, pk=data.pop("commune"), level=Level.COMMUNE)
        check(request, "disclosure.add_item", commune)
        villages = _villages(data.pop("villages"))
        item = services.item_create(commune=commune, villages=villages, actor=request.user, **data)
        return Response(ItemOut(item).data, status=201)


class ItemDetailApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="disclosure_items_retrieve", responses={200: ItemDetailOut, **READ_ERRORS})
    def get(self, request, pk: int):
        return Response(ItemDetailOut(_visible_item(request, pk)).data)

    @extend_schema(operation_id="disclosure_items_update", request=ItemUpdateIn, responses={200: ItemOut, **ERRORS})
    def patch(self, request, pk: int):
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        item = _visible_item(request, pk)
        check(request, "disclosure.change_item", item)
        data = _valid(ItemUpdateIn, request)
        note = data.pop("change_note", "")
        if "villages" in data:
            data["villages"] = _villages(data["villages"])
        if data:
            item = services.item_update(item=item, actor=request.user, change_note=note, **data)
        return Response(ItemOut(item).data)


class ItemPublishApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="disclosure_items_publish", request=PublishIn, responses={200: ItemOut, **ERRORS})
    def post(self, request, pk: int):
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        item = _visible_item(request, pk)
        check(request, "disclosure.publish_item", item)
        data = _valid(PublishIn, request)
        item = services.item_publish(item=item, actor=request.user, on=data["on"])
        return Response(ItemOut(item).data)


class ItemWithdrawApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="disclosure_items_withdraw", request=WithdrawIn, responses={200: ItemOut, **ERRORS})
    def post(self, request, pk: int):
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        item = _visible_item(request, pk)
        check(request, "disclosure.publish_item", item)
        data = _valid(WithdrawIn, request)
        item = services.item_withdraw(item=item, actor=request.user, reason=data["reason"])
        return Response(ItemOut(item).data)


# --- postings --------------------------------------------------------------------------------------


class PostingListApi(APIView):
    permission_classes: list = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(operation_id="disclosure_postings_list", responses={200: PostingOut(many=True), **READ_ERRORS})
    def get(self, request, pk: int):
        item = _visible_item(request, pk)
        paginator = Pagination()
        page = paginator.paginate_queryset(Posting.objects.filter(item=item).order_by("start", "pk"), request,
                                           view=self)
        return paginator.get_paginated_response(PostingOut(page, many=True).data)

    @extend_schema(operation_id="disclosure_postings_create",
                   request={"application/json": PostingIn, "multipart/form-data": PostingIn},
                   responses={201: PostingOut, **ERRORS})
    def post(self, request, pk: int):
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        item = _visible_item(request, pk)
        check(request, "disclosure.add_posting", item)
        data = _valid(PostingIn, request)
        village_id = data.pop("village")
        village = get_object_or_404(AdministrativeUnit, pk=village_id) if village_id else None
        posting = services.posting_add(item=item, village=village, proof_file=data.pop("proof"),
                                       actor=request.user, **data)
        return Response(PostingOut(posting).data, status=201)


# --- compliance ------------------------------------------------------------------------------------


class ComplianceApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="disclosure_compliance_retrieve",
                   parameters=[OpenApiParameter("quarter", str, description="Quý theo ngày công khai, ví dụ 2026-Q3")],
                   responses={200: ComplianceOut, **ERRORS})
    def get(self, request, pk: int):
        unit = get_object_or_404(AdministrativeUnit, pk=pk)
        check(request, "disclosure.view_compliance", unit)
        today = clock.today()
        items = DisclosureItem.objects.published().in_subtree(unit)
        drafts = DisclosureItem.objects.in_subtree(unit)
        quarter_text = request.query_params.get("quarter", "")
        if quarter_text:
            quarter = parse_quarter(quarter_text[:20])
            if quarter is None:
                raise serializers.ValidationError({"quarter": [_("Quý phải theo dạng 2026-Q3.")]})
            first, last = quarter_bounds(*quarter)
            items = items.in_quarter(first, last)
            drafts = drafts.filter(publication_due__lte=last)
        result = services.compliance_for(unit, today=today, items=items, drafts=drafts)
        return Response(ComplianceOut({
            "unit": unit.pk, "today": today, "items": result.items, "unpublished": result.unpublished,
            "with_problems": result.with_problems, "counts": result.counts,
            "rows": [{"item": r.item.pk, "commune": r.item.commune_id, "title": r.item.title,
                      "category": r.item.category, "status": r.item.status, "decision_date": r.item.decision_date,
                      "published_on": r.item.published_on,
                      "publication_due": r.item.publication_due, "late": r.late,
                      "problems": [p.as_dict() for p in r.problems]} for r in result.rows],
        }).data)
