"""The steering page of a unit: the plans that concern it, its tasks, the reports it must send or receives, and
the ways to inspections, models, commendations and the access-to-law standard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from danchu.core import clock
from danchu.core.http import require_perm as require

from ..reminders import TASK_DUE_SOON_DAYS
from ..selectors.home import home_page
from .common import NAV, unit_or_404


@login_required
def home(request, unit_pk: int):
    unit = unit_or_404(unit_pk)
    require(request, "steering.view_steering", unit)
    today = clock.today()
    page = home_page(unit, today, due_soon_days=TASK_DUE_SOON_DAYS)
    return render(request, "steering/home.html", {
        "nav": NAV, "unit": unit, "today": today, **vars(page),
        "can_manage": request.user.has_perm("steering.manage_steering", unit),
        "can_submit": request.user.has_perm("steering.submit_report", unit),
    })
