"""What the HTML views of steering share: the navigation key, the unit of a URL, the units below it and the
periods a template offers."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404

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
