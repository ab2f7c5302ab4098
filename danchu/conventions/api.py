"""Village conventions API (read and write). Writes call the same services as the HTML views; permissions are
the named rules of rules.py. Anyone may read what is public (drafts under comment and everything from the
adoption on, with the published versions); staff read everything of their units."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.core.api import ERRORS, READ_ERRORS, Pagination, int_param
from danchu.core.api import check_perm as check
from danchu.core.api import valid as _valid
from danchu.units.api import scope_filter
from danchu.units.domain import Capability, Level
from danchu.units.models import AdministrativeUnit

from . import diff, services
from .actions import ACTIONS, API_NAMES
from .domain import PUBLIC_STATES, State
from .models import Convention
from .serializers import ConventionCommentIn, ConventionProposeIn


def _public_q() -> Q:
    return Q(state__in=PUBLIC_STATES) | Q(in_force_version__isnull=False)


def _staff_q(user) -> Q:
    if not user.is_authenticated:
        return Q(pk__in=[])
    return reduce(or_, (scope_filter(user, cap, "village__path") for cap in (
        Capability.RUN_DECISIONS, Capability.RECOGNISE_DECISIONS, Capability.SUPERVISE_DECISIONS)))


def _is_staff(request, convention: Convention) -> bool:
    return request.user.is_authenticated and request.user.has_perm("conventions.view_convention", convention)


# --- serializers -----------------------------------------------------------------------------------


class ConventionVersionOut(serializers.Serializer):
    number = serializers.IntegerField()
    reason = serializers.CharField()
    author_name = serializers.CharField()
    created = serializers.DateTimeField()
    published_on = serializers.DateField(allow_null=True)
    recognition_number = serializers.CharField()
    recognised_on = serializers.DateField(allow_null=True)


class ConventionVersionTextOut(ConventionVersionOut):
    text = serializers.CharField()


class ConventionVoteOut(serializers.Serializer):
    id = serializers.IntegerField()
    method = serializers.CharField()
    held_on = serializers.DateField()
    version = serializers.IntegerField(source="version.number")
    households_total = serializers.IntegerField()
    households_present = serializers.IntegerField()
    households_absent = serializers.IntegerField()
    approve = serializers.IntegerField()
    against = serializers.IntegerField()
    other = serializers.IntegerField()
    outcome = serializers.CharField()


class ConventionMeasureOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    scope = serializers.CharField()
    provisions = serializers.CharField()
    reason = serializers.CharField()
    reported_on = serializers.DateField()
    due_on = serializers.DateField()
    decided_on = serializers.DateField()
    decision_number = serializers.CharField()
    lifted_on = serializers.DateField(allow_null=True)
    is_late = serializers.BooleanField()


class ConventionOut(serializers.Serializer):
    id = serializers.IntegerField()
    village = serializers.IntegerField(source="village_id")
    village_name = serializers.CharField(source="village.name")
    commune = serializers.IntegerField(source="village.parent_id")
    kind = serializers.CharField()
    title = serializers.CharField()
    state = serializers.CharField()
    is_amendment = serializers.BooleanField()
    posted_on = serializers.DateField(allow_null=True)
    comment_until = serializers.DateField(allow_null=True)
    voted_on = serializers.DateField(allow_null=True)
    in_force_version = serializers.IntegerField(source="in_force_version.number", allow_null=True, default=None)
    in_force_since = serializers.DateField(allow_null=True)


class ConventionCommentOut(serializers.Serializer):
    id = serializers.IntegerField()
    channel = serializers.CharField()
    received_on = serializers.DateField()
    body = serializers.CharField()
    version = serializers.IntegerField(source="version.number")
    response = serializers.CharField()


class ConventionStaffCommentOut(ConventionCommentOut):
    author_name = serializers.CharField()
    household = serializers.IntegerField(source="household_id", allow_null=True)


class ConventionDetailOut(ConventionOut):
    proposer = serializers.CharField()
    proposed_on = serializers.DateField()
    proposal_households_total = serializers.IntegerField(allow_null=True)
    proposal_households_consenting = serializers.IntegerField(allow_null=True)
    drafting_team = serializers.CharField()
    posting_place = serializers.CharField()
    submit_due_on = serializers.DateField(allow_null=True)
    submitted_on = serializers.DateField(allow_null=True)
    recognise_due_on = serializers.DateField(allow_null=True)
    decision_number = serializers.CharField()
    decided_on = serializers.DateField(allow_null=True)
    refusal_reason = serializers.CharField()
    distribute_due_on = serializers.DateField(allow_null=True)
    distributed_on = serializers.DateField(allow_null=True)
    in_force_text = serializers.CharField(source="in_force_version.text", allow_null=True, default=None)
    versions = serializers.SerializerMethodField()
    votes = ConventionVoteOut(many=True)
    measures = ConventionMeasureOut(many=True)
    comment_count = serializers.IntegerField(source="comments.count")
    comments = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()

    @extend_schema_field(ConventionStaffCommentOut(many=True))
    def get_comments(self, obj) -> list[dict]:
        """Staff only (the public sees the count): who commented is personal data."""
        if not self.context.get("staff"):
            return []
        return ConventionStaffCommentOut(obj.comments.select_related("version").order_by("received_on", "id"),
                                         many=True).data

    @extend_schema_field(ConventionVersionOut(many=True))
    def get_versions(self, obj) -> list[dict]:
        qs = obj.versions.order_by("number")
        if not self.context.get("staff"):
            qs = qs.filter(published_on__isnull=False)
        return ConventionVersionOut(qs, many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_warnings(self, obj) -> list[str]:
        return services.warnings(obj) if self.context.get("staff") else []


class ConventionDiffLineOut(serializers.Serializer):
    kind = serializers.CharField()
    old_number = serializers.IntegerField(allow_null=True)
    new_number = serializers.IntegerField(allow_null=True)
    html = serializers.CharField()


class ConventionDiffOut(serializers.Serializer):
    old = serializers.IntegerField()
    new = serializers.IntegerField()
    lines = ConventionDiffLineOut(many=True)


# --- read ------------------------------------------------------------------------------------------


def _visible(request):
    return Convention.objects.filter(_public_q() | _staff_q(request.user)).select_related(
        "village", "in_force_version")


def _get_visible(request, pk: int) -> Convention:
    convention = _visible(request).filter(pk=pk).first()
    if convention is None:
        raise NotFound()
    return convention


class ConventionListApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="conventions_list", parameters=[
        OpenApiParameter("unit", int, description="Thôn hoặc xã, phường"),
        OpenApiParameter("state", str, enum=State.values),
        OpenApiParameter("in_force", bool, description="Chỉ hương ước, quy ước đang có hiệu lực")],
        responses={200: ConventionOut(many=True), **READ_ERRORS},
        description="Hương ước, quy ước: công khai (dự thảo đang lấy ý kiến và từ khi thông qua) cho mọi người; "
                    "cán bộ xem thêm các bản đang soạn thảo của đơn vị mình.")
    def get(self, request):
        qs = _visible(request)
        unit_id = int_param(request, "unit")
        if unit_id is not None:
            unit = AdministrativeUnit.objects.filter(pk=unit_id).first()
            if unit is None:
                raise NotFound(_("Không có đơn vị này."))
            qs = qs.for_unit(unit)
        state = request.query_params.get("state", "")
        if state:
            if state not in State.values:
                raise serializers.ValidationError({"state": [_("Trạng thái không hợp lệ.")]})
            qs = qs.filter(state=state)
        if request.query_params.get("in_force", "") in ("1", "true", "True"):
            qs = qs.in_force()
        paginator = Pagination()
        page = paginator.paginate_queryset(qs.order_by("village__path", "title", "pk"), request, view=self)
        return paginator.get_paginated_response(ConventionOut(page, many=True).data)


class ConventionDetailApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="conventions_retrieve", responses={200: ConventionDetailOut, **READ_ERRORS})
    def get(self, request, pk: int):
        convention = _get_visible(request, pk)
        return Response(ConventionDetailOut(convention, context={"staff": _is_staff(request, convention)}).data)


def _version_or_404(request, convention: Convention, number: int):
    qs = convention.versions.all()
    if not _is_staff(request, convention):
        qs = qs.filter(published_on__isnull=False)
    version = qs.filter(number=number).first()
    if version is None:
        raise NotFound(_("Không có phiên bản này."))
    return version


class VersionApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="conventions_version", responses={200: ConventionVersionTextOut, **READ_ERRORS},
                   description="Toàn văn một phiên bản.")
    def get(self, request, pk: int, number: int):
        convention = _get_visible(request, pk)
        return Response(ConventionVersionTextOut(_version_or_404(request, convention, number)).data)


class DiffApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="conventions_diff", parameters=[
        OpenApiParameter("from", int, required=True), OpenApiParameter("to", int, required=True)],
        responses={200: ConventionDiffOut, **READ_ERRORS},
        description="Khác biệt giữa hai phiên bản (theo dòng, trong dòng theo từ; HTML với <ins>/<del>).")
    def get(self, request, pk: int):
        convention = _get_visible(request, pk)
        a, b = int_param(request, "from"), int_param(request, "to")
        if a is None or b is None:
            raise serializers.ValidationError({"from": [_("Cần chỉ rõ hai phiên bản (from, to).")]})
        old, new = _version_or_404(request, convention, a), _version_or_404(request, convention, b)
        lines = [{"kind": line.kind, "old_number": line.old_number, "new_number": line.new_number,
                  "html": str(line.html)} for line in diff.diff_lines(old.text, new.text)]
        return Response({"old": old.number, "new": new.number, "lines": lines})


# --- write -----------------------------------------------------------------------------------------


class ProposeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="conventions_propose", request=ConventionProposeIn, responses={201: ConventionDetailOut, **ERRORS},
                   description="Đề xuất, soạn thảo hương ước, quy ước (Điều 7–8 Nghị định 61/2023/NĐ-CP).")
    def post(self, request):
        data = dict(_valid(ConventionProposeIn, request))
        village = get_object_or_404(AdministrativeUnit, pk=data.pop("village"), level=Level.VILLAGE)
        check(request, "conventions.run_convention", village)
        convention = services.convention_propose(village=village, actor=request.user, **data)
        return Response(ConventionDetailOut(convention, context={"staff": True}).data, status=201)


class CommentApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="conventions_comment", request=ConventionCommentIn, responses={201: ConventionCommentOut, **ERRORS},
                   description="Người dân (đã đăng nhập) góp ý dự thảo trong thời gian lấy ý kiến (Điều 9).")
    def post(self, request, pk: int):
        convention = _get_visible(request, pk)
        check(request, "conventions.comment_convention", convention)
        data = _valid(ConventionCommentIn, request)
        comment = services.comment_submit(convention=convention, user=request.user, body=data["body"])
        return Response(ConventionCommentOut(comment).data, status=201)


def _detail(request, convention: Convention) -> dict:
    return ConventionDetailOut(convention, context={"staff": True}).data


# one endpoint per step of the procedure, from the same table as the staff page (actions.py)
ACTION_VIEWS = {
    api_name: ACTIONS.api_view(name, queryset=Convention.objects.select_related("village"), detail=_detail,
                               prefix="conventions", operation=api_name, response_serializer=ConventionDetailOut)
    for name, api_name in API_NAMES.items()}
