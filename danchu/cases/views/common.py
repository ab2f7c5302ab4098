"""What the staff pages of reception, letters and mediation share: the unit of the URL and the period asked."""

from __future__ import annotations

from datetime import date

from django.shortcuts import get_object_or_404

from danchu.units.models import AdministrativeUnit


def unit_or_404(unit_pk: int) -> AdministrativeUnit:
    return get_object_or_404(AdministrativeUnit, pk=unit_pk)


def period_from(request, today: date) -> tuple[date, date]:
    """?tu=YYYY-MM-DD&den=YYYY-MM-DD, default: from 1 January to today; bad values fall back to the default."""
    def parse(name, default):
        try:
            value = date.fromisoformat(request.GET.get(name, "")[:10])
        except ValueError:
            return default
        return value if date(2012, 1, 1) <= value <= date(2100, 12, 31) else default

    start, end = parse("tu", date(today.year, 1, 1)), parse("den", today)
    return (start, end) if start <= end else (end, start)
