"""Thin HTML view of a level's dashboard: the units below it with their key figures, a map and the trend of
five years (the figures come from selectors/dashboard.py), and its .xlsx."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from danchu.core import clock
from danchu.core.exports import table_download
from danchu.core.http import require_perm as require

from ..selectors.dashboard import DASHBOARD_HEADERS, MAP_H, MAP_W, dashboard_rows, dashboard_trend, map_points
from ..verbs import AuditVerb
from .common import NAV, unit_or_404


@login_required
def dashboard(request, unit_pk: int):
    unit = unit_or_404(unit_pk)
    require(request, "steering.view_steering", unit)
    today = clock.today()
    try:
        year = int(request.GET.get("nam") or today.year)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= 2100:
        raise Http404
    rows = dashboard_rows(unit, today, year)
    if request.GET.get("xuat") == "xlsx":
        headers = [label for _key, label in DASHBOARD_HEADERS]
        data = [[row["unit"].name if key == "unit" else row[key] for key, _l in DASHBOARD_HEADERS] for row in rows]
        return table_download(request, headers=headers, rows=data, fmt="xlsx", sheet=f"Theo dõi {year}",
                              filename=f"bang-theo-doi-{unit.name}-{year}", verb=AuditVerb.DASHBOARD_EXPORTED,
                              target=unit, unit=unit, data={"year": year})
    return render(request, "steering/dashboard.html", {
        "nav": NAV, "unit": unit, "rows": rows, "year": year, "headers": DASHBOARD_HEADERS,
        "trend": dashboard_trend(unit, range(year - 4, year + 1)), "years": range(today.year, today.year - 6, -1),
        "points": map_points(rows), "map_w": MAP_W, "map_h": MAP_H})
