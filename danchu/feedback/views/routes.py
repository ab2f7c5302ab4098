"""Phân công xử lý: which organisation answers which category in a unit's subtree, and in what period."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danchu.core.http import form_errors as _form_errors
from danchu.core.http import require_perm as require
from danchu.core.scoping import subtree_q
from danchu.units.models import AdministrativeUnit

from .. import services
from ..forms import RouteForm
from ..models import Category, RoutingRule


@login_required
def staff_routes(request, unit_pk: int):
    """Phân công xử lý: which organisation answers which category in this unit's subtree (and in what period)."""
    from danchu.units.models import Organisation

    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "feedback.view_feedback", unit)
    can_configure = request.user.has_perm("feedback.configure_feedback", unit)
    ancestors = [int(p) for p in unit.path.strip("/").split("/") if p.isdigit()]
    organisations = (Organisation.objects.filter(Q(unit_id__in=ancestors) | subtree_q("unit", unit),
                                                 dissolved_on__isnull=True)
                     .select_related("unit").order_by("unit__level", "unit__name_folded", "name"))
    form = RouteForm(organisations=organisations)
    status = 200
    if request.method == "POST":
        require(request, "feedback.configure_feedback", unit)
        if request.POST.get("action") == "delete":
            raw = request.POST.get("rule", "")
            rule = get_object_or_404(RoutingRule, pk=int(raw) if raw.isdigit() and len(raw) < 19 else 0, unit=unit)
            services.route_delete(rule=rule, actor=request.user)
            messages.success(request, _("Đã xóa phân công."))
            return redirect("feedback:staff-routes", unit.pk)
        form = RouteForm(request.POST, organisations=organisations)
        if form.is_valid():
            try:
                services.route_set(unit=unit, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu phân công xử lý."))
                return redirect("feedback:staff-routes", unit.pk)
        status = 400
    rules = (RoutingRule.objects.filter(Q(unit_id__in=ancestors) | subtree_q("unit", unit))
             .select_related("unit", "category", "organisation").order_by("unit__level", "unit__name_folded",
                                                                           "category__order"))
    return render(request, "feedback/staff_routes.html", {
        "nav": "feedback-staff", "unit": unit, "rules": rules, "form": form, "can_configure": can_configure,
        "categories": Category.objects.all()}, status=status)
