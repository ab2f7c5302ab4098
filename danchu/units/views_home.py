"""The public home page: the city or province this installation serves, with its communes."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render

from .domain import Level
from .models import AdministrativeUnit, Household


def home(request):
    """Public home of the city/province this installation serves, with its communes."""
    province = (
        AdministrativeUnit.objects.filter(level=Level.PROVINCE, code=settings.DANCHU_HOME_PROVINCE,
                                          version__valid_to__isnull=True).select_related("version").first()
    )
    communes = []
    stats = {}
    if province:
        communes = sorted(
            AdministrativeUnit.objects.filter(parent=province, level=Level.COMMUNE).only("pk", "name", "kind", "name_folded"),
            key=lambda c: (c.kind, c.name_folded),
        )
        stats = {
            "communes": len(communes),
            "phuong": sum(1 for c in communes if c.kind == "phuong"),
            "xa": sum(1 for c in communes if c.kind == "xa"),
            "households": Household.objects.filter(village__path__startswith=province.path,
                                                   dissolved_on__isnull=True).count(),
        }
    return render(request, "units/home.html", {"nav": "home", "province": province, "communes": communes,
                                               "stats": stats})
