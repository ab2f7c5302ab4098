"""Units API: one APIView per resource and operation; writes call the same services as the HTML views."""

from __future__ import annotations

from datetime import date
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from danchu.core import audit, clock
from danchu.core.api import ERRORS, READ_ERRORS, Pagination, TextField, int_param
from danchu.core.api import check_perm as check
from danchu.core.api import valid as _valid
from danchu.core.models import folded_search

from . import services
from .access import user_grants
from .domain import ROLE_CAPABILITIES, VILLAGE_KIND_CHOICES, Capability, Level, OrganisationKind, Role
from .models import AdministrativeUnit, Appointment, Household, Organisation, Position
from .verbs import AuditVerb


def scope_filter(user, capability: str, field: str) -> Q:
    """Rows under any unit subtree where the user holds `capability` (superuser: everything)."""
    if user.is_superuser:
        return Q()
    paths = [g.path for g in user_grants(user) if capability in ROLE_CAPABILITIES[g.role]]
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{field}__startswith": p}) for p in paths))


def paginate(request, view, queryset, serializer_class):
    paginator = Pagination()
    page = paginator.paginate_queryset(queryset, request, view=view)
    return paginator.get_paginated_response(serializer_class(page, many=True).data)


# --- Administrative units (public) -----------------------------------------------------------------


class UnitOut(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    kind = serializers.CharField()
    level = serializers.IntegerField()
    version = serializers.CharField(source="version.code")
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    valid_from = serializers.DateField(allow_null=True)
    valid_to = serializers.DateField(allow_null=True)
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)


class LineageOut(serializers.Serializer):
    unit = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()
    is_primary = serializers.BooleanField()
    effective_on = serializers.DateField()


def _links(links, attr: str) -> list[dict]:
    return [{"unit": getattr(link, f"{attr}_id"), "name": getattr(link, attr).name, "kind": link.kind,
             "is_primary": link.is_primary, "effective_on": link.effective_on} for link in links]


class UnitDetailOut(UnitOut):
    predecessors = serializers.SerializerMethodField()
    successors = serializers.SerializerMethodField()

    @extend_schema_field(LineageOut(many=True))
    def get_predecessors(self, unit) -> list[dict]:
        return _links(unit.predecessor_links.select_related("predecessor"), "predecessor")

    @extend_schema_field(LineageOut(many=True))
    def get_successors(self, unit) -> list[dict]:
        return _links(unit.successor_links.select_related("successor"), "successor")


UNIT_FILTERS = [
    OpenApiParameter("version", str, description="Mã phiên bản cơ cấu: 2025 (mặc định) hoặc truoc-2025"),
    OpenApiParameter("level", int, description="1 tỉnh, 2 huyện, 3 xã, 4 thôn"),
    OpenApiParameter("parent", int, description="Mã số (id) đơn vị cấp trên"),
    OpenApiParameter("code", str, description="Mã đơn vị chính thức"),
    OpenApiParameter("q", str, description="Tìm theo tên, có dấu hoặc không dấu"),
]


class UnitListApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="units_list", parameters=UNIT_FILTERS, responses={200: UnitOut(many=True), **READ_ERRORS})
    def get(self, request):
        qs = AdministrativeUnit.objects.select_related("version").order_by("level", "code")
        version = request.query_params.get("version", "2025")[:20]
        qs = qs.filter(version__code=version)
        level = int_param(request, "level")
        if level is not None:
            qs = qs.filter(level=level)
        parent = int_param(request, "parent")
        if parent is not None:
            qs = qs.filter(parent_id=parent)
        if request.query_params.get("code"):
            qs = qs.filter(code=request.query_params["code"][:32])
        if request.query_params.get("q"):
            qs = folded_search(qs, request.query_params["q"][:100])
        return paginate(request, self, qs, UnitOut)


class UnitDetailApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="units_retrieve", responses={200: UnitDetailOut, **READ_ERRORS})
    def get(self, request, pk: int):
        unit = get_object_or_404(AdministrativeUnit.objects.select_related("version"), pk=pk)
        return Response(UnitDetailOut(unit).data)


class HouseholdCountOut(serializers.Serializer):
    village = serializers.IntegerField()
    on = serializers.DateField()
    households = serializers.IntegerField()


class HouseholdCountApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="villages_household_count",
                   parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="Ngày tính (mặc định: hôm nay)")],
                   responses={200: HouseholdCountOut, **ERRORS})
    def get(self, request, pk: int):
        village = get_object_or_404(AdministrativeUnit, pk=pk, level=Level.VILLAGE)
        check(request, "units.view_household", village)
        on_text = request.query_params.get("on")
        try:
            on = date.fromisoformat(on_text) if on_text else clock.today()
        except ValueError:
            raise serializers.ValidationError({"on": [_("Ngày phải theo dạng YYYY-MM-DD.")]}) from None
        return Response({"village": village.pk, "on": on, "households": services.household_count_on(village, on)})


# --- Villages --------------------------------------------------------------------------------------


class VillageIn(serializers.Serializer):
    commune = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=VILLAGE_KIND_CHOICES)
    name = TextField(max_length=200, min_length=1)
    code = TextField(max_length=32, required=False, allow_blank=True)


class VillageUpdateIn(serializers.Serializer):
    name = TextField(max_length=200, min_length=1)
    kind = serializers.ChoiceField(choices=VILLAGE_KIND_CHOICES, required=False)


class VillageListApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="villages_list", parameters=[OpenApiParameter("commune", int), OpenApiParameter("q", str)],
                   responses={200: UnitOut(many=True), **READ_ERRORS})
    def get(self, request):
        qs = AdministrativeUnit.objects.filter(level=Level.VILLAGE).select_related("version").order_by("parent", "name")
        commune = int_param(request, "commune")
        if commune is not None:
            qs = qs.filter(parent_id=commune)
        if request.query_params.get("q"):
            qs = folded_search(qs, request.query_params["q"][:100])
        return paginate(request, self, qs, UnitOut)

    @extend_schema(operation_id="villages_create", request=VillageIn, responses={201: UnitOut, **ERRORS})
    def post(self, request):
        data = _valid(VillageIn, request)
        commune = get_object_or_404(AdministrativeUnit, pk=data["commune"], level=Level.COMMUNE)
        check(request, "units.add_village", commune)
        village = services.village_create(commune=commune, kind=data["kind"], name=data["name"],
                                          code=data.get("code", ""), actor=request.user)
        return Response(UnitOut(village).data, status=201)


class VillageDetailApi(APIView):
    permission_classes: list = []

    @extend_schema(operation_id="villages_update", request=VillageUpdateIn, responses={200: UnitOut, **ERRORS})
    def patch(self, request, pk: int):
        village = get_object_or_404(AdministrativeUnit.objects.select_related("parent"), pk=pk, level=Level.VILLAGE)
        check(request, "units.change_village", village.parent)
        data = _valid(VillageUpdateIn, request)
        services.village_rename(village=village, name=data["name"], kind=data.get("kind"), actor=request.user)
        return Response(UnitOut(village).data)


# --- Households ------------------------------------------------------------------------------------


class HouseholdOut(serializers.Serializer):
    id = serializers.IntegerField()
    village = serializers.IntegerField(source="village_id")
    code = serializers.CharField()
    representative_name = serializers.CharField()
    address = serializers.CharField()
    phone = serializers.CharField()
    member_count = serializers.IntegerField()
    established_on = serializers.DateField(allow_null=True)
    dissolved_on = serializers.DateField(allow_null=True)


class HouseholdIn(serializers.Serializer):
    village = serializers.IntegerField(min_value=1)
    code = TextField(max_length=40, min_length=1)
    representative_name = TextField(max_length=150, min_length=1)
    address = TextField(max_length=300, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=15, required=False, allow_blank=True, default="")
    member_count = serializers.IntegerField(min_value=1, max_value=100, default=1)
    established_on = serializers.DateField(required=False, allow_null=True, default=None)


class HouseholdUpdateIn(serializers.Serializer):
    code = TextField(max_length=40, min_length=1, required=False)
    representative_name = TextField(max_length=150, min_length=1, required=False)
    address = TextField(max_length=300, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=15, required=False, allow_blank=True)
    member_count = serializers.IntegerField(min_value=1, max_value=100, required=False)
    note = TextField(multiline=True, max_length=2000, required=False, allow_blank=True)


class HouseholdListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="households_list",
                   parameters=[OpenApiParameter("unit", int, description="Xã hoặc thôn (mặc định: mọi đơn vị được xem)"),
                               OpenApiParameter("q", str), OpenApiParameter("active", bool)],
                   responses={200: HouseholdOut(many=True), **ERRORS})
    def get(self, request):
        qs = Household.objects.filter(scope_filter(request.user, Capability.VIEW_REGISTERS, "village__path"))
        unit_id = int_param(request, "unit")
        if unit_id is not None:
            unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
            check(request, "units.view_household", unit)
            qs = qs.in_subtree(unit)
        if request.query_params.get("q"):
            qs = qs.search(request.query_params["q"][:100])
        if request.query_params.get("active", "true").lower() in {"1", "true", "yes"}:
            qs = qs.filter(dissolved_on__isnull=True)
        return paginate(request, self, qs.order_by("village_id", "code"), HouseholdOut)

    @extend_schema(operation_id="households_create", request=HouseholdIn, responses={201: HouseholdOut, **ERRORS})
    def post(self, request):
        data = _valid(HouseholdIn, request)
        village = get_object_or_404(AdministrativeUnit, pk=data.pop("village"), level=Level.VILLAGE)
        check(request, "units.add_household", village)
        household = services.household_create(village=village, actor=request.user, **data)
        return Response(HouseholdOut(household).data, status=201)


class HouseholdDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    def _get(self, request, pk, perm):
        household = get_object_or_404(Household.objects.select_related("village"), pk=pk)
        check(request, perm, household)
        return household

    @extend_schema(operation_id="households_retrieve", responses={200: HouseholdOut, **ERRORS})
    def get(self, request, pk: int):
        household = self._get(request, pk, "units.view_household")
        with transaction.atomic():  # reading a household's personal data is audited
            audit.record(actor=request.user, verb=AuditVerb.HOUSEHOLD_VIEWED, target=household,
                         unit=household.village, data={"via": "api"})
        return Response(HouseholdOut(household).data)

    @extend_schema(operation_id="households_update", request=HouseholdUpdateIn, responses={200: HouseholdOut, **ERRORS})
    def patch(self, request, pk: int):
        household = self._get(request, pk, "units.change_household")
        data = _valid(HouseholdUpdateIn, request)
        if household.dissolved_on is not None:
            raise ValidationError(_("Hộ này đã thôi là hộ gia đình, không sửa được."), code="dissolved")
        if data:
            services.household_update(household=household, actor=request.user, **data)
        return Response(HouseholdOut(household).data)


# --- Organisations, positions, appointments --------------------------------------------------------


class OrganisationOut(serializers.Serializer):
    id = serializers.IntegerField()
    unit = serializers.IntegerField(source="unit_id")
    kind = serializers.CharField()
    name = serializers.CharField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)
    established_on = serializers.DateField(allow_null=True)
    dissolved_on = serializers.DateField(allow_null=True)
    decision_ref = serializers.CharField()


class OrganisationIn(serializers.Serializer):
    unit = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    name = TextField(max_length=250, min_length=1)
    established_on = serializers.DateField(required=False, allow_null=True, default=None)
    decision_ref = TextField(max_length=200, required=False, allow_blank=True, default="")


class OrganisationUpdateIn(serializers.Serializer):
    name = TextField(max_length=250, min_length=1, required=False)
    kind = serializers.ChoiceField(choices=OrganisationKind.choices, required=False)
    established_on = serializers.DateField(required=False, allow_null=True)
    dissolved_on = serializers.DateField(required=False, allow_null=True)
    decision_ref = TextField(max_length=200, required=False, allow_blank=True)


class OrganisationListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="organisations_list", parameters=[OpenApiParameter("unit", int), OpenApiParameter("q", str)],
                   responses={200: OrganisationOut(many=True), **ERRORS})
    def get(self, request):
        qs = Organisation.objects.filter(scope_filter(request.user, Capability.VIEW_REGISTERS, "unit__path"))
        unit_id = int_param(request, "unit")
        if unit_id is not None:
            unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
            check(request, "units.view_organisation", unit)
            qs = qs.in_subtree(unit)
        if request.query_params.get("q"):
            qs = qs.search(request.query_params["q"][:100])
        return paginate(request, self, qs.order_by("unit_id", "kind", "name"), OrganisationOut)

    @extend_schema(operation_id="organisations_create", request=OrganisationIn, responses={201: OrganisationOut, **ERRORS})
    def post(self, request):
        data = _valid(OrganisationIn, request)
        unit = get_object_or_404(AdministrativeUnit, pk=data.pop("unit"))
        check(request, "units.change_organisation", unit)
        org = services.organisation_create(unit=unit, actor=request.user, **data)
        return Response(OrganisationOut(org).data, status=201)


class OrganisationDetailApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="organisations_retrieve", responses={200: OrganisationOut, **ERRORS})
    def get(self, request, pk: int):
        org = get_object_or_404(Organisation.objects.select_related("unit"), pk=pk)
        check(request, "units.view_organisation", org)
        return Response(OrganisationOut(org).data)

    @extend_schema(operation_id="organisations_update", request=OrganisationUpdateIn,
                   responses={200: OrganisationOut, **ERRORS})
    def patch(self, request, pk: int):
        org = get_object_or_404(Organisation.objects.select_related("unit"), pk=pk)
        check(request, "units.change_organisation", org)
        data = _valid(OrganisationUpdateIn, request)
        if data:
            services.organisation_update(organisation=org, actor=request.user, **data)
        return Response(OrganisationOut(org).data)


class PositionOut(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = serializers.IntegerField(source="organisation_id")
    title = serializers.CharField()
    role = serializers.CharField()
    is_head = serializers.BooleanField()


class PositionIn(serializers.Serializer):
    organisation = serializers.IntegerField(min_value=1)
    title = TextField(max_length=200, min_length=1)
    role = serializers.ChoiceField(choices=Role.choices, required=False, default="", allow_blank=True)
    is_head = serializers.BooleanField(required=False, default=False)


class AppointmentOut(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField(source="position_id")
    holder_name = serializers.CharField()
    user = serializers.IntegerField(source="user_id", allow_null=True)
    start = serializers.DateField(allow_null=True)
    end = serializers.DateField(allow_null=True)
    decision_ref = serializers.CharField()


class AppointmentIn(serializers.Serializer):
    position = serializers.IntegerField(min_value=1)
    holder_name = TextField(max_length=150, min_length=1)
    user = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    start = serializers.DateField(required=False, allow_null=True, default=None)
    end = serializers.DateField(required=False, allow_null=True, default=None)
    decision_ref = TextField(max_length=200, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if attrs.get("start") and attrs.get("end") and attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": _("Ngày kết thúc không thể trước ngày bắt đầu.")})
        return attrs


class PositionListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="positions_list", parameters=[OpenApiParameter("organisation", int)],
                   responses={200: PositionOut(many=True), **ERRORS})
    def get(self, request):
        qs = Position.objects.filter(scope_filter(request.user, Capability.VIEW_REGISTERS, "organisation__unit__path"))
        org = int_param(request, "organisation")
        if org is not None:
            qs = qs.filter(organisation_id=org)
        return paginate(request, self, qs.order_by("organisation_id", "title"), PositionOut)

    @extend_schema(operation_id="positions_create", request=PositionIn, responses={201: PositionOut, **ERRORS})
    def post(self, request):
        data = _valid(PositionIn, request)
        org = get_object_or_404(Organisation.objects.select_related("unit"), pk=data.pop("organisation"))
        check(request, "units.change_position", org)
        position = services.position_create(organisation=org, actor=request.user, **data)
        return Response(PositionOut(position).data, status=201)


class AppointmentListApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="appointments_list",
                   parameters=[OpenApiParameter("unit", int), OpenApiParameter("current", bool)],
                   responses={200: AppointmentOut(many=True), **ERRORS})
    def get(self, request):
        qs = Appointment.objects.filter(
            scope_filter(request.user, Capability.VIEW_REGISTERS, "position__organisation__unit__path"))
        unit_id = int_param(request, "unit")
        if unit_id is not None:
            unit = get_object_or_404(AdministrativeUnit, pk=unit_id)
            check(request, "units.view_organisation", unit)
            qs = qs.in_subtree(unit)
        if request.query_params.get("current", "false").lower() in {"1", "true", "yes"}:
            qs = qs.active_on(clock.today())
        return paginate(request, self, qs.order_by("position_id", "-start"), AppointmentOut)

    @extend_schema(operation_id="appointments_create", request=AppointmentIn, responses={201: AppointmentOut, **ERRORS})
    def post(self, request):
        data = _valid(AppointmentIn, request)
        position = get_object_or_404(Position.objects.select_related("organisation__unit"), pk=data.pop("position"))
        check(request, "units.change_position", position)
        user_id = data.pop("user")
        user = get_object_or_404(get_user_model(), pk=user_id) if user_id else None
        appointment = services.appointment_create(position=position, user=user, actor=request.user, **data)
        return Response(AppointmentOut(appointment).data, status=201)
