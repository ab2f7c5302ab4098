"""Staff downloads generated from the register: the quarterly list (Law 10/2022/QH15 Art.13.2) as .docx/PDF,
and for one item the loudspeaker script (Art.13.3) and the SMS text (Art.13.4).

Permission: `disclosure.publish_item` on the commune (quarterly list) or on the item.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from danchu.core import clock
from danchu.core.exports import file_download
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from . import documents
from .domain import quarter_bounds
from .models import DisclosureItem
from .subscriptions import absolute_url

PERM = "disclosure.publish_item"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _require(request, obj) -> None:
    if not request.user.has_perm(PERM, obj):
        raise PermissionDenied


def _commune(unit_pk: int) -> AdministrativeUnit:
    return get_object_or_404(AdministrativeUnit, pk=unit_pk, level=Level.COMMUNE)


def _valid_period(year: int, quarter: int) -> None:
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        raise Http404(_("Quý không hợp lệ."))


@login_required
def quarterly_list_index(request, unit_pk: int):
    """Pick a quarter, see the rows, download the list."""
    commune = _commune(unit_pk)
    _require(request, commune)
    today = clock.today()
    error = ""
    try:
        year = int(request.GET.get("year") or today.year)
        quarter = int(request.GET.get("quarter") or (today.month - 1) // 3 + 1)
        _valid_period(year, quarter)
    except (ValueError, Http404):
        error = _("Năm hoặc quý không hợp lệ: chọn năm từ 2000 đến 2100 và quý từ I đến IV.")
        year, quarter = today.year, (today.month - 1) // 3 + 1
    rows = documents.quarterly_list_items(commune, year, quarter)
    return render(request, "disclosure/documents/quarterly_index.html", {
        "unit": commune, "year": year, "quarter": quarter, "roman": documents.ROMAN[quarter], "rows": rows,
        "started": quarter_bounds(year, quarter)[0] <= today,
        "error": error, "quarters": documents.ROMAN.items(), "nav": "disclosure-staff",
    })


@login_required
def quarterly_list_download(request, unit_pk: int, year: int, quarter: int, fmt: str):
    commune = _commune(unit_pk)
    _require(request, commune)
    year, quarter = int(year), int(quarter)
    _valid_period(year, quarter)
    with translation.override(settings.LANGUAGE_CODE):  # an official document is in Vietnamese
        rows = documents.quarterly_list_items(commune, year, quarter)
        heading = documents.quarterly_heading(commune, year, quarter, on=clock.today())
        if fmt == "pdf":
            content, content_type = documents.build_quarterly_pdf(heading, rows), PDF
        else:
            fmt, content, content_type = "docx", documents.build_quarterly_docx(heading, rows), DOCX
    response = file_download(content, filename=f"danh-sach-cong-khai-{commune.name}-quy-{quarter}-{year}",
                             extension=fmt, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def quarterly_list_post(request, unit_pk: int, year: int, quarter: int):
    """Post the quarterly list itself (Art.13.2) as a published register item with its PDF."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect

    if request.method != "POST":
        from django.http import HttpResponseNotAllowed

        return HttpResponseNotAllowed(["POST"])
    commune = _commune(unit_pk)
    _require(request, commune)
    year, quarter = int(year), int(quarter)
    _valid_period(year, quarter)
    try:
        item = documents.quarterly_list_publish(commune=commune, year=year, quarter=quarter, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect(f"{reverse('disclosure:document-quarterly-index', args=[commune.pk])}?year={year}&quarter={quarter}")
    messages.success(request, _("Đã công khai danh sách quý: “%(t)s”.") % {"t": item.title})
    return redirect("disclosure:staff-detail", commune.pk, item.pk)


def _item(request, item_pk: int) -> DisclosureItem:
    item = get_object_or_404(DisclosureItem.objects.select_related("commune"), pk=item_pk)
    _require(request, item)
    return item


def _text(text: str, filename: str) -> HttpResponse:
    response = file_download(text.encode("utf-8"), filename=filename, extension="txt",
                             content_type="text/plain; charset=utf-8", inline=True)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def item_loudspeaker(request, item_pk: int):
    item = _item(request, item_pk)
    return _text(documents.loudspeaker_script(item), f"loa-{item.pk}")


@login_required
def item_sms(request, item_pk: int):
    """?khong-dau=1 folds the diacritics (cheaper GSM-7 SMS: 3 parts = 459 characters instead of 201)."""
    item = _item(request, item_pk)
    ascii_only = True if request.GET.get("khong-dau") in {"1", "true", "co"} else None
    url = absolute_url(reverse("disclosure:public-detail", args=[item.pk]))
    if not url.startswith("http"):
        url = request.build_absolute_uri(url)
    return _text(documents.sms_notice(item, url=url, ascii_only=ascii_only) + "\n", f"sms-{item.pk}")


