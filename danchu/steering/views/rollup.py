"""Thin HTML views of the roll-up: the figures of a template's reports added up for a scope (drill-down) and a
span, and its downloads (.xlsx, .docx, PDF)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.exports import FORMATS, file_download
from danchu.core.http import require_perm as require
from danchu.units.models import AdministrativeUnit

from .. import documents
from ..models import ReportTemplate
from ..periods import MAX_YEAR, MIN_YEAR
from ..selectors.rollup import rollup as rollup_of
from ..verbs import AuditVerb
from .common import NAV, chosen_period, period_choices

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _rollup_request(request, template: ReportTemplate):
    """Scope (?don-vi=, default the issuing unit; must be inside it) and span (?ky= one period, or ?tu=&den= years)."""
    scope = template.unit
    scope_pk = request.GET.get("don-vi", "")
    if scope_pk:
        if not scope_pk.isdigit() or len(scope_pk) > 12:
            raise Http404
        scope = get_object_or_404(AdministrativeUnit, pk=int(scope_pk))
        if not scope.path.startswith(template.unit.path):
            raise Http404
    require(request, "steering.view_steering", scope)
    today = clock.today()
    years = (request.GET.get("tu", ""), request.GET.get("den", ""))
    if years[0] or years[1]:
        try:
            first, last = int(years[0] or years[1]), int(years[1] or years[0])
        except ValueError:
            raise Http404 from None
        if not (MIN_YEAR <= first <= last <= MAX_YEAR) or last - first > 20:
            raise Http404
        start, end = date(first, 1, 1), date(last, 12, 31)
        label = _("Giai đoạn %(a)d–%(b)d") % {"a": first, "b": last} if first != last else _("Năm %(a)d") % {"a": first}
    else:
        period = chosen_period(template, request.GET.get("ky"), today)
        start, end, label = period.start, period.end, period.label
    return scope, start, end, label


@login_required
def rollup(request, pk: int):
    template = get_object_or_404(ReportTemplate.objects.select_related("unit"), pk=pk, is_issued=True)
    scope, start, end, label = _rollup_request(request, template)
    result = rollup_of(template=template, scope=scope, start=start, end=end, label=label)
    query = request.GET.copy()
    query.pop("don-vi", None)
    return render(request, "steering/rollup.html", {
        "nav": NAV, "unit": scope, "template": template, "result": result, "query": query.urlencode(),
        "tables": documents.table_sections(result),
        "periods": period_choices(template, clock.today()), "ky": request.GET.get("ky", ""),
        "tu": request.GET.get("tu", ""), "den": request.GET.get("den", ""),
        "up": scope.parent if scope.pk != template.unit_id and scope.parent_id else None,
    })


@login_required
def rollup_export(request, pk: int, fmt: str):
    template = get_object_or_404(ReportTemplate.objects.select_related("unit"), pk=pk, is_issued=True)
    scope, start, end, label = _rollup_request(request, template)
    result = rollup_of(template=template, scope=scope, start=start, end=end, label=label)
    if fmt == "xlsx":
        data, content_type = documents.rollup_xlsx(result), FORMATS["xlsx"]
    elif fmt == "docx":
        data, content_type = documents.rollup_docx(result, on=clock.today()), DOCX
    elif fmt == "pdf":
        data, content_type = documents.rollup_pdf(result, on=clock.today()), "application/pdf"
    else:
        raise Http404
    with transaction.atomic():
        audit.record(actor=request.user, verb=AuditVerb.ROLLUP_EXPORTED, target=template, unit=scope,
                     data={"format": fmt, "start": start, "end": end, "reports": result.reports})
    return file_download(data, filename=f"bao-cao-tong-hop-{scope.name}-{start.year}-{end.year}", extension=fmt,
                         content_type=content_type)
