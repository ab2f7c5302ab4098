"""Thin HTML views of exemplary models and commendations: the list of a unit's subtree (register a model,
record a commendation), a model's page (evaluation by the level above, replication)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from danchu.core.http import form_errors
from danchu.core.http import require_perm as require
from danchu.units.domain import Level

from .. import services
from ..forms import CommendationFormForm, EvaluateForm, ModelForm_, ReplicationForm
from ..models import Commendation, ExemplaryModel
from .common import NAV, subunits, unit_or_404


@login_required
def model_list(request, unit_pk: int):
    unit = unit_or_404(unit_pk)
    require(request, "steering.view_steering", unit)
    can_manage = request.user.has_perm("steering.manage_steering", unit)
    can_register = can_manage or request.user.has_perm("steering.submit_report", unit)
    form = ModelForm_(request.POST or None, prefix="m", units=subunits(unit))
    commendation = CommendationFormForm(request.POST or None, prefix="c",
                                        models=ExemplaryModel.objects.in_subtree(unit))
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "model":
        if not can_register:
            raise PermissionDenied
        if form.is_valid():
            data = dict(form.cleaned_data)
            target = data.pop("unit")
            if not request.user.has_perm("steering.submit_report", target) and not can_manage:
                raise PermissionDenied
            try:
                services.model_create(unit=target, field_=data.pop("field"), actor=request.user, **data)
            except ValidationError as exc:
                form_errors(form, exc)
            else:
                messages.success(request, _("Đã đăng ký mô hình."))
                return redirect("steering:model-list", unit.pk)
    elif action == "commendation":
        if not can_manage:
            raise PermissionDenied
        if commendation.is_valid():
            try:
                services.commendation_create(unit=unit, actor=request.user, **commendation.cleaned_data)
            except ValidationError as exc:
                form_errors(commendation, exc)
            else:
                messages.success(request, _("Đã ghi khen thưởng."))
                return redirect("steering:model-list", unit.pk)
    elif action:
        raise Http404
    models = (ExemplaryModel.objects.in_subtree(unit).select_related("unit")
              .prefetch_related("replications__unit", "commendations").order_by("unit__name", "name")[:300])
    commendations = Commendation.objects.in_subtree(unit).select_related("unit", "model")[:300]
    return render(request, "steering/model_list.html", {
        "nav": NAV, "unit": unit, "models": models, "commendations": commendations, "form": form,
        "commendation_form": commendation, "can_manage": can_manage, "can_register": can_register},
        status=400 if (form.errors or commendation.errors) and action else 200)


@login_required
def model_detail(request, pk: int):
    model = get_object_or_404(ExemplaryModel.objects.select_related("unit"), pk=pk)
    require(request, "steering.view_steering", model.unit)
    top = model.unit
    for ancestor in model.unit.ancestors():
        if request.user.has_perm("steering.manage_steering", ancestor):
            top = ancestor
            break
    can_evaluate = request.user.has_perm("steering.manage_steering", top) and top.pk != model.unit_id
    can_replicate = request.user.has_perm("steering.manage_steering", model.unit) or can_evaluate
    evaluate = EvaluateForm(prefix="e", initial={"status": model.status, "evaluation": model.evaluation})
    replicate = ReplicationForm(prefix="r", units=subunits(top).filter(level__gte=Level.COMMUNE))
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "evaluate" and can_evaluate:
            evaluate = EvaluateForm(request.POST, prefix="e")
            if evaluate.is_valid():
                try:
                    services.model_evaluate(model=model, actor=request.user, **evaluate.cleaned_data)
                except ValidationError as exc:
                    form_errors(evaluate, exc)
                else:
                    messages.success(request, _("Đã ghi đánh giá."))
                    return redirect("steering:model-detail", model.pk)
        elif action == "replicate" and can_replicate:
            replicate = ReplicationForm(request.POST, prefix="r", units=subunits(top))
            if replicate.is_valid():
                try:
                    services.replication_add(model=model, actor=request.user, **replicate.cleaned_data)
                except ValidationError as exc:
                    form_errors(replicate, exc)
                else:
                    messages.success(request, _("Đã ghi nơi nhân rộng."))
                    return redirect("steering:model-detail", model.pk)
        else:
            raise PermissionDenied
    return render(request, "steering/model_detail.html", {
        "nav": NAV, "unit": model.unit, "model": model, "evaluate": evaluate, "replicate": replicate,
        "can_evaluate": can_evaluate, "can_replicate": can_replicate,
        "replications": model.replications.select_related("unit"), "commendations": model.commendations.all()},
        status=400 if request.method == "POST" else 200)
