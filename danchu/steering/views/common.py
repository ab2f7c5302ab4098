"""What the HTML views of steering share: the navigation key, the unit of a URL, the units below it and the
periods a template offers."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from danchu.core.http import form_errors
from danchu.units.models import AdministrativeUnit

from ..aggregate import path_ids
from ..models import ReportTemplate
from ..periods import Period, PeriodError, PeriodKind, parse_period_key, previous_period, recent_periods

NAV = "steering"


def unit_or_404(pk: int) -> AdministrativeUnit:
    return get_object_or_404(AdministrativeUnit, pk=pk)


def ancestor_ids(unit: AdministrativeUnit) -> list[int]:
    """The unit and the units above it."""
    return path_ids(unit.path)


def subunits(unit: AdministrativeUnit):
    """Active units under `unit` (and itself) that can be given tasks or inspected."""
    return AdministrativeUnit.objects.in_subtree(unit).filter(valid_to__isnull=True).order_by("level", "name")


def period_choices(template: ReportTemplate, today: date) -> list[tuple[str, str]]:
    """The recent periods of the template, newest first: 8, or 3 five-year terms."""
    found = recent_periods(template.period_kind, today,
                                   8 if template.period_kind != PeriodKind.FIVE_YEARS else 3)
    return [(p.key, p.label) for p in found]


def chosen_period(template: ReportTemplate, key: str | None, today: date) -> Period:
    """The period of `?ky=` (404 when it is not one of the template's kind), else the last one ended."""
    if key:
        try:
            return parse_period_key(template.period_kind, key)
        except PeriodError:
            raise Http404 from None
    return previous_period(template.period_kind, today)


def create_page(request, unit: AdministrativeUnit, form, *, create, done: str, detail: str, title: str,
                submit: str):
    """A page that creates one record at `unit`: the bound `form`, then the service `create(unit=, actor=,
    **cleaned data)`; its refusal is shown on the form, its success as `done` and a redirect to `detail`."""
    if request.method == "POST" and form.is_valid():
        try:
            created = create(unit=unit, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(detail, created.pk)
    return render(request, "steering/form.html", {"nav": NAV, "unit": unit, "form": form, "title": title,
                                                  "submit": submit}, status=400 if form.errors else 200)
