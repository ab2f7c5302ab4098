"""Thin HTML views: fetch, check the named permission, bind the form, call the service, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core import audit, clock
from danchu.core.exports import table_download
from danchu.core.http import form_errors as _form_errors
from danchu.core.http import require_perm as require
from danchu.core.models import folded_search

from . import services
from .access import commune_for_management, villages_for_edit
from .domain import Level, OrganisationKind
from .forms import (
    AppointmentEndForm,
    AppointmentForm,
    HouseholdDissolveForm,
    HouseholdForm,
    HouseholdImportForm,
    HouseholdMemberEndForm,
    HouseholdMemberForm,
    HouseholdMoveForm,
    OrganisationEditForm,
    OrganisationForm,
    PositionForm,
    VillageForm,
    VillageImportForm,
    VillageMergeForm,
    VillageRenameForm,
)
from .middleware import SESSION_KEY
from .models import AdministrativeUnit, Appointment, Household, Organisation, StructureVersion
from .verbs import AuditVerb


def _current_version():
    return StructureVersion.objects.filter(valid_to__isnull=True).order_by("-valid_from").first()


# --- Public pages ----------------------------------------------------------------------------------


def unit_search(request):
    """All units with diacritic-insensitive search: typing "can tho" finds "Cần Thơ"."""
    q = request.GET.get("q", "")[:100]
    version_code = request.GET.get("version", "")
    level = request.GET.get("level", "")
    qs = AdministrativeUnit.objects.exclude(level=Level.VILLAGE).select_related("parent", "version")
    version = StructureVersion.objects.filter(code=version_code).first() if version_code else _current_version()
    if version:
        qs = qs.filter(version=version)
    if level in {str(Level.PROVINCE), str(Level.DISTRICT), str(Level.COMMUNE)}:
        qs = qs.filter(level=int(level))
    if q:
        qs = qs.search(q)
    elif not level:
        qs = qs.filter(level=Level.PROVINCE)
    page = Paginator(qs.order_by("level", "name_folded"), 50).get_page(request.GET.get("page"))
    base = request.GET.copy()
    base.pop("page", None)
    return render(request, "units/unit_search.html", {
        "nav": "units", "page_obj": page, "q": q, "level": level, "version": version,
        "versions": StructureVersion.objects.all(), "levels": [c for c in Level.choices if c[0] != Level.VILLAGE],
        "querystring_base": (base.urlencode() + "&") if base else "",
    })


def unit_public(request, pk: int):
    unit = get_object_or_404(AdministrativeUnit.objects.select_related("version", "parent"), pk=pk)
    today = clock.today()
    children = unit.children.order_by("valid_to", "name_folded")
    if unit.level == Level.COMMUNE:
        children = children.annotate(
            household_count=Count("households", filter=Q(households__dissolved_on__isnull=True)))
    organisations = Organisation.objects.filter(unit=unit, dissolved_on__isnull=True).order_by("kind", "name_folded")
    leaders = (
        Appointment.objects.active_on(today).filter(position__organisation__unit=unit, position__is_head=True)
        .select_related("position__organisation").order_by("position__organisation__kind")
    )
    subtree = AdministrativeUnit.objects.in_subtree(unit)
    stats = {
        "communes": subtree.filter(level=Level.COMMUNE).count() if unit.level < Level.COMMUNE else None,
        "villages": subtree.filter(level=Level.VILLAGE, valid_to__isnull=True).count(),
        "households": Household.objects.in_subtree(unit).filter(dissolved_on__isnull=True).count(),
    }
    lineage_from = unit.predecessor_links.select_related("predecessor__parent").order_by("predecessor__name")
    lineage_to = unit.successor_links.select_related("successor").order_by("-is_primary", "successor__name")
    can_act = request.user.is_authenticated and (
        request.user.is_superuser or any(g.covers(unit.path) for g in _grants(request.user)))
    return render(request, "units/unit_public.html", {
        "nav": "units", "unit": unit, "children": children, "organisations": organisations, "leaders": leaders,
        "stats": stats, "lineage_from": lineage_from, "lineage_to": lineage_to, "can_act": can_act,
        "is_current": unit.is_current(today),
    })


def _grants(user):
    from .access import user_grants

    return user_grants(user)


@login_required
@require_POST
def switch_unit(request):
    """The unit switcher: officials pick one of the units they may act in."""
    try:
        unit = AdministrativeUnit.objects.get(pk=int(request.POST.get("unit", "")))
    except (ValueError, AdministrativeUnit.DoesNotExist):
        messages.error(request, _("Đơn vị không hợp lệ."))
        return redirect("home")
    if not (request.user.is_superuser or any(g.covers(unit.path) for g in _grants(request.user))):
        raise PermissionDenied
    request.session[SESSION_KEY] = unit.pk
    messages.success(request, _("Đang làm việc tại: %(unit)s") % {"unit": unit.name})
    nxt = request.POST.get("next", "")
    if nxt and url_has_allowed_host_and_scheme(nxt, {request.get_host()}) and "/quan-ly/" not in nxt:
        return redirect(nxt)
    return redirect("units:household-list", unit.pk)


# --- Villages --------------------------------------------------------------------------------------


@login_required
def village_list(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "units.view_household", unit)
    commune = unit if unit.level == Level.COMMUNE else None
    try:  # households of each village at a date: the base of every quorum rule (Law 10/2022 Art.21)
        on = date.fromisoformat(request.GET["on"]) if request.GET.get("on") else clock.today()
    except ValueError:
        messages.error(request, _("Ngày phải theo dạng năm-tháng-ngày."))
        on = clock.today()
    residence_on = (Q(household_residences__start__lte=on)
                    & (Q(household_residences__end__isnull=True) | Q(household_residences__end__gte=on)))
    villages = (
        AdministrativeUnit.objects.in_subtree(unit).filter(level=Level.VILLAGE)
        .select_related("parent").annotate(
            household_count=Count("household_residences__household", filter=residence_on, distinct=True))
        .order_by("valid_to", "parent__name", "name")
    )
    q = request.GET.get("q", "")[:100]
    if q:
        villages = folded_search(villages, q)
    if request.GET.get("format") in {"csv", "xlsx"}:
        headers = [_("Mã"), _("Tên thôn, tổ dân phố"), _("Loại"), _("Xã, phường"), _("Số hộ"), _("Hiệu lực đến")]
        rows = [[v.code, v.name, v.get_kind_display(), v.parent.name, v.household_count,
                 v.valid_to.isoformat() if v.valid_to else ""] for v in villages]
        return table_download(request, headers=headers, rows=rows, fmt=request.GET["format"],
                              sheet=_("Thôn, tổ dân phố"), filename="thon-to-dan-pho",
                              verb=AuditVerb.VILLAGE_EXPORTED, target=unit, unit=unit,
                              data={"filters": request.GET.dict()})
    can_manage = commune is not None and request.user.has_perm("units.add_village", commune)
    form = VillageForm(request.POST or None) if can_manage else None
    import_form = VillageImportForm() if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                village = services.village_create(commune=commune, kind=form.cleaned_data["kind"],
                                                  name=form.full_name(), code=form.cleaned_data["code"],
                                                  actor=request.user)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm %(name)s.") % {"name": village.name})
                return redirect("units:village-list", unit.pk)
    return render(request, "units/village_list.html", {
        "nav": "villages", "unit": unit, "villages": villages, "form": form, "q": q, "can_manage": can_manage,
        "import_form": import_form, "on": on,
    })


@login_required
@require_POST
def village_import(request, unit_pk: int):
    commune = get_object_or_404(AdministrativeUnit, pk=unit_pk, level=Level.COMMUNE)
    require(request, "units.add_village", commune)
    form = VillageImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "; ".join(e for errors in form.errors.values() for e in errors))
        return redirect("units:village-list", commune.pk)
    upload = form.cleaned_data["file"]
    result = services.villages_import(commune=commune, data=upload.read(), filename=upload.name, actor=request.user)
    if result.ok:
        messages.success(request, _("Đã nhập: %(c)d thôn mới, %(n)d thôn đã có.") % {"c": result.created,
                                                                                   "n": result.unchanged})
    else:
        for error in result.errors[:20]:
            messages.error(request, error)
    return redirect("units:village-list", commune.pk)


@login_required
def village_edit(request, pk: int):
    village = get_object_or_404(AdministrativeUnit.objects.select_related("parent"), pk=pk, level=Level.VILLAGE)
    require(request, "units.change_village", village.parent)
    form = VillageRenameForm(request.POST or None, initial={"name": village.name, "kind": village.kind})
    if request.method == "POST" and form.is_valid():
        try:
            services.village_rename(village=village, name=form.cleaned_data["name"], kind=form.cleaned_data["kind"],
                                    actor=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã đổi tên thành %(name)s.") % {"name": village.name})
            return redirect("units:village-list", village.parent_id)
    return render(request, "units/village_edit.html", {"nav": "villages", "village": village, "form": form,
                                                        "unit": village.parent})


@login_required
def village_merge(request, unit_pk: int):
    commune = get_object_or_404(AdministrativeUnit, pk=unit_pk, level=Level.COMMUNE)
    require(request, "units.merge_village", commune)
    villages = commune.children.filter(valid_to__isnull=True).order_by("name")
    form = VillageMergeForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        try:
            services.village_merge(sources=list(form.cleaned_data["sources"]), target=form.cleaned_data["target"],
                                   on=form.cleaned_data["on"], legal_basis=form.cleaned_data["legal_basis"],
                                   actor=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã sáp nhập vào %(name)s.") % {"name": form.cleaned_data["target"].name})
            return redirect("units:village-list", commune.pk)
    return render(request, "units/village_merge.html", {"nav": "villages", "unit": commune, "form": form})


# --- Households ------------------------------------------------------------------------------------


def _household_queryset(request, unit):
    qs = Household.objects.in_subtree(unit).select_related("village")
    q = request.GET.get("q", "")[:100]
    if q:
        qs = qs.search(q)
    village = request.GET.get("village", "")
    if village.isdigit():
        qs = qs.filter(village_id=int(village))
    status = request.GET.get("status", "active")
    if status == "active":
        qs = qs.filter(dissolved_on__isnull=True)
    elif status == "dissolved":
        qs = qs.filter(dissolved_on__isnull=False)
    return qs.order_by("village__name", "code"), q, village, status


@login_required
def household_list(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "units.view_household", unit)
    qs, q, village, status = _household_queryset(request, unit)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    base = request.GET.copy()
    base.pop("page", None)
    villages = AdministrativeUnit.objects.in_subtree(unit).filter(level=Level.VILLAGE).order_by("name")
    return render(request, "units/household_list.html", {
        "nav": "households", "unit": unit, "page_obj": page, "q": q, "village": village, "status": status,
        "villages": villages[:500], "querystring_base": (base.urlencode() + "&") if base else "",
        "can_manage": bool(villages_for_edit(request.user, unit).exists()),
        "today": clock.today(),
    })


@login_required
def household_export(request, unit_pk: int, fmt: str):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "units.view_household", unit)
    qs, *_rest = _household_queryset(request, unit)
    headers = [_("Mã hộ"), _("Họ và tên đại diện hộ"), _("Thôn, tổ dân phố"), _("Địa chỉ"), _("Điện thoại"),
               _("Số nhân khẩu"), _("Ngày ghi nhận"), _("Ngày thôi")]
    rows = [[h.code, h.representative_name, h.village.name, h.address, h.phone, h.member_count,
             h.established_on.isoformat() if h.established_on else "",
             h.dissolved_on.isoformat() if h.dissolved_on else ""] for h in qs.iterator()]
    # every export of personal data is audited (core.exports: one row, with the format and the number of rows)
    return table_download(request, headers=headers, rows=rows, fmt=fmt, sheet=_("Hộ gia đình"),
                          filename=f"ho-gia-dinh-{unit.name}", verb=AuditVerb.HOUSEHOLD_EXPORTED, target=unit,
                          unit=unit, data={"filters": request.GET.dict()})


@login_required
def household_create(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    villages = villages_for_edit(request.user, unit)
    if not villages.exists():
        raise PermissionDenied
    initial = {"village": unit.pk} if unit.level == Level.VILLAGE else {}
    form = HouseholdForm(request.POST or None, villages=villages, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            household = services.household_create(actor=request.user, **data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm hộ %(code)s.") % {"code": household.code})
            return redirect("units:household-detail", household.pk)
    return render(request, "units/household_form.html", {"nav": "households", "unit": unit, "form": form})


@login_required
def household_detail(request, pk: int):
    household = get_object_or_404(Household.objects.select_related("village__parent"), pk=pk)
    require(request, "units.view_household", household)
    with transaction.atomic():  # reading a household's personal data is audited
        audit.record(actor=request.user, verb=AuditVerb.HOUSEHOLD_VIEWED, target=household, unit=household.village)
    can_edit = request.user.has_perm("units.change_household", household)
    return render(request, "units/household_detail.html", {
        "nav": "households", "household": household, "unit": household.village,
        "residences": household.residences.select_related("village").order_by("start"),
        "members": household.members.order_by("-is_representative", "full_name"),
        "can_edit": can_edit and household.dissolved_on is None,
    })


@login_required
def household_edit(request, pk: int):
    household = get_object_or_404(Household.objects.select_related("village__parent"), pk=pk)
    require(request, "units.change_household", household)
    if household.dissolved_on is not None:
        messages.error(request, _("Hộ này đã thôi là hộ gia đình, không sửa được."))
        return redirect("units:household-detail", household.pk)
    villages = villages_for_edit(request.user, household.village)
    fields = ("code", "representative_name", "address", "phone", "member_count", "note")
    form = HouseholdForm(request.POST or None, villages=villages,
                         initial={"village": household.village_id, **{f: getattr(household, f) for f in fields},
                                  "established_on": household.established_on})
    form.fields["village"].disabled = True
    form.fields["established_on"].disabled = True
    move_form = HouseholdMoveForm(villages=villages.exclude(pk=household.village_id), prefix="move")
    dissolve_form = HouseholdDissolveForm(prefix="dissolve")
    current_members = household.members.filter(end__isnull=True, is_representative=False)
    member_form = HouseholdMemberForm(prefix="member")
    member_end_form = HouseholdMemberEndForm(prefix="leave", members=current_members)
    action = request.POST.get("action", "edit")
    if request.method == "POST":
        try:
            if action == "move":
                move_form = HouseholdMoveForm(request.POST, villages=villages.exclude(pk=household.village_id),
                                              prefix="move")
                if move_form.is_valid():
                    services.household_move(household=household, actor=request.user, **move_form.cleaned_data)
                    messages.success(request, _("Đã chuyển hộ sang %(v)s.") % {"v": household.village.name})
                    return redirect("units:household-detail", household.pk)
            elif action == "member":
                member_form = HouseholdMemberForm(request.POST, prefix="member")
                if member_form.is_valid():
                    services.household_member_add(household=household, actor=request.user, **member_form.cleaned_data)
                    messages.success(request, _("Đã thêm thành viên."))
                    return redirect("units:household-detail", household.pk)
            elif action == "leave":
                member_end_form = HouseholdMemberEndForm(request.POST, prefix="leave", members=current_members)
                if member_end_form.is_valid():
                    services.household_member_end(actor=request.user, **member_end_form.cleaned_data)
                    messages.success(request, _("Đã ghi nhận thành viên rời hộ."))
                    return redirect("units:household-detail", household.pk)
            elif action == "dissolve":
                dissolve_form = HouseholdDissolveForm(request.POST, prefix="dissolve")
                if dissolve_form.is_valid():
                    services.household_dissolve(household=household, actor=request.user, **dissolve_form.cleaned_data)
                    messages.success(request, _("Đã ghi nhận hộ thôi là hộ gia đình."))
                    return redirect("units:household-detail", household.pk)
            elif form.is_valid():
                services.household_update(household=household, actor=request.user,
                                          **{f: form.cleaned_data[f] for f in fields})
                messages.success(request, _("Đã lưu thay đổi."))
                return redirect("units:household-detail", household.pk)
        except ValidationError as exc:
            target = {"move": move_form, "dissolve": dissolve_form, "member": member_form,
                      "leave": member_end_form}.get(action, form)
            _form_errors(target, exc)
    return render(request, "units/household_edit.html", {
        "nav": "households", "household": household, "unit": household.village, "form": form,
        "move_form": move_form, "dissolve_form": dissolve_form, "member_form": member_form,
        "member_end_form": member_end_form,
    })


@login_required
def household_import(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    commune = commune_for_management(unit)
    if commune.level != Level.COMMUNE:
        messages.error(request, _("Hãy chọn một xã, phường (hoặc thôn) để nhập hộ gia đình."))
        return redirect("units:household-list", unit.pk)
    require(request, "units.import_households", unit)
    villages = villages_for_edit(request.user, unit)
    form = HouseholdImportForm(request.POST or None, request.FILES or None, villages=villages,
                               initial={"village": unit.pk} if unit.level == Level.VILLAGE else {})
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > 5 * 1024 * 1024:
            form.add_error("file", _("Tệp lớn hơn 5 MB."))
        else:
            result = services.households_import(commune=commune, data=upload.read(), filename=upload.name,
                                                village=form.cleaned_data["village"], actor=request.user,
                                                allowed_villages={v.pk for v in villages})
            if result.ok:
                msg = _("Đã nhập: %(c)d hộ mới, %(u)d hộ cập nhật, %(n)d hộ không đổi.") % {
                    "c": result.created, "u": result.updated, "n": result.unchanged}
                if result.converted_from:
                    msg += " " + _("Tệp dùng bảng mã %(enc)s đã được chuyển sang Unicode.") % {
                        "enc": result.converted_from.upper()}
                messages.success(request, msg)
                return redirect("units:household-list", unit.pk)
    return render(request, "units/household_import.html", {
        "nav": "households", "unit": unit, "form": form, "result": result,
    })


# --- Organisations and positions -------------------------------------------------------------------


@login_required
def organisation_list(request, unit_pk: int):
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "units.view_organisation", unit)
    qs = Organisation.objects.in_subtree(unit).select_related("unit").order_by(
        "unit__level", "unit__name", "kind", "name")
    q = request.GET.get("q", "")[:100]
    kind = request.GET.get("kind", "")
    if q:
        qs = qs.search(q)
    if kind in OrganisationKind.values:
        qs = qs.filter(kind=kind)
    if request.GET.get("format") in {"csv", "xlsx"}:
        headers = [_("Tên tổ chức"), _("Loại"), _("Đơn vị"), _("Ngày thành lập"), _("Quyết định"), _("Ngày giải thể")]
        rows = [[o.name, o.get_kind_display(), o.unit.name, o.established_on.isoformat() if o.established_on else "",
                 o.decision_ref, o.dissolved_on.isoformat() if o.dissolved_on else ""] for o in qs]
        return table_download(request, headers=headers, rows=rows, fmt=request.GET["format"], sheet=_("Tổ chức"),
                              filename="to-chuc", verb=AuditVerb.ORGANISATION_EXPORTED, target=unit, unit=unit,
                              data={"filters": request.GET.dict()})
    can_manage = request.user.has_perm("units.change_organisation", unit)
    units = AdministrativeUnit.objects.in_subtree(unit).filter(valid_to__isnull=True).order_by("level", "name")
    form = OrganisationForm(request.POST or None, units=units, initial={"unit": unit.pk}) if can_manage else None
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            target_unit = form.cleaned_data.pop("unit")
            require(request, "units.change_organisation", target_unit)
            try:
                org = services.organisation_create(unit=target_unit, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm %(name)s.") % {"name": org.name})
                return redirect("units:organisation-detail", org.pk)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    base = request.GET.copy()
    base.pop("page", None)
    return render(request, "units/organisation_list.html", {
        "nav": "organisations", "unit": unit, "page_obj": page, "q": q, "kind": kind,
        "kinds": OrganisationKind.choices, "form": form, "querystring_base": (base.urlencode() + "&") if base else "",
    })


@login_required
def organisation_detail(request, pk: int):
    org = get_object_or_404(Organisation.objects.select_related("unit"), pk=pk)
    require(request, "units.view_organisation", org)
    can_manage = request.user.has_perm("units.change_organisation", org)
    positions = org.positions.prefetch_related("appointments__user").order_by("-is_head", "title")
    position_form = PositionForm(prefix="pos")
    appointment_form = AppointmentForm(prefix="app", positions=positions)
    open_terms = Appointment.objects.filter(position__organisation=org, end__isnull=True).select_related("position")
    end_form = AppointmentEndForm(prefix="end", appointments=open_terms)
    edit_fields = ("kind", "name", "established_on", "decision_ref", "dissolved_on")
    edit_form = OrganisationEditForm(prefix="org", initial={f: getattr(org, f) for f in edit_fields})
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "position":
                position_form = PositionForm(request.POST, prefix="pos")
                if position_form.is_valid():
                    services.position_create(organisation=org, actor=request.user, **position_form.cleaned_data)
                    messages.success(request, _("Đã thêm chức danh."))
                    return redirect("units:organisation-detail", org.pk)
            elif action == "appointment":
                appointment_form = AppointmentForm(request.POST, prefix="app", positions=positions)
                if appointment_form.is_valid():
                    data = appointment_form.cleaned_data
                    services.appointment_create(position=data["position"], holder_name=data["holder_name"],
                                                user=data["user"], start=data["start"], end=data["end"],
                                                decision_ref=data["decision_ref"], actor=request.user)
                    messages.success(request, _("Đã ghi nhận người giữ chức danh."))
                    return redirect("units:organisation-detail", org.pk)
            elif action == "end":
                end_form = AppointmentEndForm(request.POST, prefix="end", appointments=open_terms)
                if end_form.is_valid():
                    services.appointment_end(actor=request.user, **end_form.cleaned_data)
                    messages.success(request, _("Đã ghi nhận kết thúc nhiệm kỳ."))
                    return redirect("units:organisation-detail", org.pk)
            elif action == "edit":
                edit_form = OrganisationEditForm(request.POST, prefix="org")
                if edit_form.is_valid():
                    services.organisation_update(organisation=org, actor=request.user, **edit_form.cleaned_data)
                    messages.success(request, _("Đã lưu thông tin tổ chức."))
                    return redirect("units:organisation-detail", org.pk)
        except ValidationError as exc:
            _form_errors({"position": position_form, "end": end_form, "edit": edit_form}.get(action, appointment_form),
                         exc)
    return render(request, "units/organisation_detail.html", {
        "nav": "organisations", "org": org, "unit": org.unit, "positions": positions, "can_manage": can_manage,
        "position_form": position_form, "appointment_form": appointment_form, "today": clock.today(),
        "end_form": end_form, "edit_form": edit_form,
    })


@login_required
def position_list(request, unit_pk: int):
    """Who holds which post in the unit and its subtree (export as CSV/XLSX)."""
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "units.view_organisation", unit)
    qs = Appointment.objects.in_subtree(unit).select_related(
        "position__organisation__unit").order_by("position__organisation__unit__name", "position__organisation__name",
                                                 "-position__is_head", "position__title", "-start")
    if request.GET.get("current", "1") == "1":
        qs = qs.active_on(clock.today())
    fmt = request.GET.get("format")
    if fmt in {"csv", "xlsx"}:
        headers = [_("Đơn vị"), _("Tổ chức"), _("Chức danh"), _("Họ và tên"), _("Từ ngày"), _("Đến ngày"), _("Quyết định")]
        rows = [[a.position.organisation.unit.name, a.position.organisation.name, a.position.title, a.holder_name,
                 a.start.isoformat() if a.start else "", a.end.isoformat() if a.end else "", a.decision_ref]
                for a in qs]
        return table_download(request, headers=headers, rows=rows, fmt=fmt, sheet=_("Chức danh"), filename="chuc-danh",
                              verb=AuditVerb.APPOINTMENT_EXPORTED, target=unit, unit=unit,
                              data={"filters": request.GET.dict()})
    page = Paginator(qs, 100).get_page(request.GET.get("page"))
    return render(request, "units/position_list.html", {"nav": "organisations", "unit": unit, "page_obj": page,
                                                         "current": request.GET.get("current", "1")})



@login_required
def audit_log(request, unit_pk: int):
    """The audit trail of a unit and its subtree (who did what, when), for leaders and supervisors."""
    from danchu.core.models import AuditEvent

    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "core.view_auditevent", unit)
    unit_ids = AdministrativeUnit.objects.in_subtree(unit).values("pk")
    qs = AuditEvent.objects.filter(unit_id__in=unit_ids).order_by("-seq")
    verb = request.GET.get("verb", "")[:100]
    if verb:
        qs = qs.filter(verb__startswith=verb)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    base = request.GET.copy()
    base.pop("page", None)
    return render(request, "units/audit_log.html", {"nav": "audit", "unit": unit, "page_obj": page, "verb": verb,
                                                    "querystring_base": (base.urlencode() + "&") if base else ""})
