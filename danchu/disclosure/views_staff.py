"""Staff side of the disclosure register: thin views — fetch, check the named permission, bind the form,
call the service, redirect or render. Paths live under /quan-ly/<unit_pk>/cong-khai/ (urls_staff.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core import clock
from danchu.core.attachments import attachment_response
from danchu.core.exports import table_download
from danchu.core.http import form_errors as _form_errors
from danchu.core.http import require_perm as require
from danchu.core.models import folded_search
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from . import services
from .domain import (
    CATEGORY_CHOICES,
    ItemStatus,
    ProblemCode,
    parse_quarter,
    quarter_bounds,
    quarter_of,
    rule_texts,
)
from .forms import ItemForm, PostingEndForm, PostingForm, PublishForm, SettingsForm, WithdrawForm
from .models import CommuneDisclosureSettings, DisclosureItem, Posting
from .verbs import AuditVerb

NAV = "disclosure-staff"


def _villages(commune: AdministrativeUnit):
    return AdministrativeUnit.objects.filter(parent=commune, level=Level.VILLAGE, valid_to__isnull=True).order_by(
        "name")


def _item(unit_pk: int, pk: int) -> tuple[AdministrativeUnit, DisclosureItem]:
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    item = get_object_or_404(DisclosureItem.objects.in_subtree(unit).select_related("commune", "created_by"), pk=pk)
    return unit, item


def _messages_of(exc: ValidationError) -> list[str]:
    return exc.messages


# --- register --------------------------------------------------------------------------------------


@login_required
def item_list(request, unit_pk: int):
    """The register of a commune (or of a subtree for supervisors): filters and diacritic-free search."""
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "disclosure.view_register", unit)
    can_publish = request.user.has_perm("disclosure.publish_item", unit)
    today = clock.today()
    qs = DisclosureItem.objects.in_subtree(unit).select_related("commune")
    if not can_publish:
        qs = qs.exclude(status=ItemStatus.DRAFT)
    f = {k: request.GET.get(k, "")[:40] for k in ("q", "category", "status", "quarter", "late")}
    if f["q"]:
        qs = folded_search(qs, f["q"])
    if f["category"].isdigit() and int(f["category"]) in dict(CATEGORY_CHOICES):
        qs = qs.filter(category=int(f["category"]))
    if f["status"] in ItemStatus.values:
        qs = qs.filter(status=f["status"])
    quarter = parse_quarter(f["quarter"])
    if quarter:
        qs = qs.in_quarter(*quarter_bounds(*quarter))
    if f["late"] == "1":
        qs = qs.late(today)
    if request.GET.get("format") in {"csv", "xlsx"}:
        return _register_export(request, unit, qs.order_by("published_on", "pk"))
    page = Paginator(qs.order_by("-published_on", "-created", "-pk"), 50).get_page(request.GET.get("page"))
    base = request.GET.copy()
    base.pop("page", None)
    year = today.year
    quarters = [(f"{y}-Q{q}", f"Quý {q}/{y}") for y in (year, year - 1) for q in (4, 3, 2, 1)
                if (y, q) <= quarter_of(today)]
    statuses = ItemStatus.choices if can_publish else [c for c in ItemStatus.choices if c[0] != ItemStatus.DRAFT]
    return render(request, "disclosure/staff/item_list.html", {
        "nav": NAV, "unit": unit, "page_obj": page, "f": f, "today": today, "can_publish": can_publish,
        "is_commune": unit.level == Level.COMMUNE, "categories": CATEGORY_CHOICES, "statuses": statuses,
        "quarters": quarters, "querystring_base": (base.urlencode() + "&") if base else "",
        "can_view_compliance": request.user.has_perm("disclosure.view_compliance", unit), "rules": rule_texts(),
    })


def _register_export(request, unit: AdministrativeUnit, qs) -> HttpResponse:
    """The quarterly list of disclosed contents with form and time (Art.13.2), as CSV or Excel (one audit row)."""
    headers = [_("Xã, phường"), _("Khoản (Điều 11)"), _("Tiêu đề"), _("Số văn bản"), _("Ngày văn bản"),
               _("Hạn công khai"), _("Ngày công khai"), _("Trạng thái"), _("Hình thức, thời gian")]
    rows = []
    for item in qs.prefetch_related("postings__village"):
        forms_ = "; ".join(
            f"{p.get_channel_display()}{' ' + p.village.name if p.village_id else ''} "
            f"{p.start:%d/%m/%Y}–{p.end.strftime('%d/%m/%Y') if p.end else _('nay')}" for p in item.postings.all())
        rows.append([item.commune.name, item.category, item.title, item.decision_number,
                     item.decision_date.isoformat() if item.decision_date else "",
                     item.publication_due.isoformat() if item.publication_due else "",
                     item.published_on.isoformat() if item.published_on else "", item.get_status_display(), forms_])
    return table_download(request, headers=headers, rows=rows, fmt=request.GET["format"], sheet=_("Công khai"),
                          filename="danh-sach-cong-khai", verb=AuditVerb.ITEMS_EXPORTED, target=unit, unit=unit,
                          data={"filters": request.GET.dict()})


def _attach_all(request, item, files) -> list[str]:
    errors = []
    for upload in files:
        try:
            services.item_attach(item=item, uploaded_file=upload, actor=request.user)
        except ValidationError as exc:
            errors.extend(f"{upload.name}: {m}" for m in exc.messages)
    return errors


@login_required
def item_create(request, unit_pk: int):
    commune = get_object_or_404(AdministrativeUnit, pk=unit_pk, level=Level.COMMUNE)
    require(request, "disclosure.add_item", commune)
    form = ItemForm(request.POST or None, request.FILES or None, villages=_villages(commune))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                item = services.item_create(
                    commune=commune, category=data["category"], title=data["title"], body=data["body"],
                    decision_number=data["decision_number"], decision_date=data["decision_date"],
                    decision_issuer=data["decision_issuer"], villages=data["villages"], actor=request.user)
                errors = _attach_all(request, item, data["files"])
                if errors:  # bad input changes nothing: the draft is not kept without its files
                    raise ValidationError({"files": errors})
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu dự thảo “%(t)s”.") % {"t": item.title})
            return redirect("disclosure:staff-detail", commune.pk, item.pk)
    return render(request, "disclosure/staff/item_form.html", {"nav": NAV, "unit": commune, "form": form,
                                                               "item": None})


@login_required
def item_edit(request, unit_pk: int, pk: int):
    unit, item = _item(unit_pk, pk)
    require(request, "disclosure.change_item", item)
    if item.status == ItemStatus.WITHDRAWN:
        messages.error(request, _("Nội dung đã gỡ, không sửa được."))
        return redirect("disclosure:staff-detail", unit.pk, item.pk)
    initial = {"category": item.category, "title": item.title, "body": item.body,
               "decision_number": item.decision_number, "decision_date": item.decision_date,
               "decision_issuer": item.decision_issuer, "villages": list(item.villages.all())}
    form = ItemForm(request.POST or None, request.FILES or None, initial=initial, villages=_villages(item.commune),
                    with_change_note=item.status == ItemStatus.PUBLISHED)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        files, note = data.pop("files"), data.pop("change_note", "")
        try:
            with transaction.atomic():
                services.item_update(item=item, actor=request.user, change_note=note, **data)
                errors = _attach_all(request, item, files)
                if errors:
                    raise ValidationError({"files": errors})
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thay đổi."))
            return redirect("disclosure:staff-detail", unit.pk, item.pk)
    return render(request, "disclosure/staff/item_form.html", {"nav": NAV, "unit": unit, "form": form,
                                                               "item": item})


@login_required
def item_detail(request, unit_pk: int, pk: int):
    unit, item = _item(unit_pk, pk)
    require(request, "disclosure.view_item", item)
    require(request, "disclosure.view_register", item.commune)
    can_change = request.user.has_perm("disclosure.change_item", item)
    today = clock.today()
    compliance = None
    if item.status != ItemStatus.DRAFT:
        compliance = services.compliance_for(item.commune, today=today,
                                             items=DisclosureItem.objects.filter(pk=item.pk)).rows[0]
    return render(request, "disclosure/staff/item_detail.html", {
        "nav": NAV, "unit": unit, "item": item, "today": today, "can_change": can_change,
        "postings": item.postings.select_related("village", "proof").order_by("start", "pk"),
        "versions": item.versions.select_related("created_by").order_by("-version"),
        "attachments": item.attachments.order_by("pk"), "villages": item.villages.order_by("name"),
        "posting_form": PostingForm(villages=_villages(item.commune)) if can_change else None,
        "publish_form": PublishForm() if can_change else None,
        "withdraw_form": WithdrawForm() if can_change else None,
        "end_form": PostingEndForm(initial={"end": today}) if can_change else None,
        "compliance": compliance, "late": item.is_late(today), "rules": rule_texts(),
    })


@login_required
@require_POST
def item_publish(request, unit_pk: int, pk: int):
    unit, item = _item(unit_pk, pk)
    require(request, "disclosure.publish_item", item)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ngày công khai không hợp lệ."))
        return redirect("disclosure:staff-detail", unit.pk, item.pk)
    try:
        services.item_publish(item=item, actor=request.user, on=form.cleaned_data["on"])
    except ValidationError as exc:
        for m in _messages_of(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("Đã công khai. Hãy ghi lại các hình thức niêm yết, đăng tải."))
    return redirect("disclosure:staff-detail", unit.pk, item.pk)


@login_required
@require_POST
def item_withdraw(request, unit_pk: int, pk: int):
    unit, item = _item(unit_pk, pk)
    require(request, "disclosure.publish_item", item)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.item_withdraw(item=item, actor=request.user, reason=reason)
    except ValidationError as exc:
        for m in _messages_of(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("Đã gỡ nội dung."))
    return redirect("disclosure:staff-detail", unit.pk, item.pk)


@login_required
def item_attachment(request, unit_pk: int, pk: int, attachment_pk: int):
    unit, item = _item(unit_pk, pk)
    require(request, "disclosure.view_item", item)
    require(request, "disclosure.view_register", item.commune)
    attachment = get_object_or_404(item.attachments, pk=attachment_pk)
    return attachment_response(attachment)


@login_required
@require_POST
def item_detach(request, unit_pk: int, pk: int, attachment_pk: int):
    unit, item = _item(unit_pk, pk)
    require(request, "disclosure.change_item", item)
    attachment = get_object_or_404(item.attachments, pk=attachment_pk)
    try:
        services.item_detach(item=item, attachment=attachment, actor=request.user)
    except ValidationError as exc:
        for m in _messages_of(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("Đã bỏ tệp “%(n)s”.") % {"n": attachment.original_name})
    return redirect("disclosure:staff-detail", unit.pk, item.pk)


# --- postings --------------------------------------------------------------------------------------


@login_required
def posting_add(request, unit_pk: int, pk: int):
    unit, item = _item(unit_pk, pk)
    require(request, "disclosure.add_posting", item)
    form = PostingForm(request.POST or None, request.FILES or None, villages=_villages(item.commune))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.posting_add(item=item, channel=data["channel"], village=data["village"], place=data["place"],
                                 start=data["start"], end=data["end"], posted_by=data["posted_by"],
                                 proof_file=data["proof"], note=data["note"],
                                 claims_compliance=data["claims_compliance"], actor=request.user)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi hình thức công khai."))
            return redirect("disclosure:staff-detail", unit.pk, item.pk)
    return render(request, "disclosure/staff/posting_form.html", {"nav": NAV, "unit": unit, "item": item,
                                                                  "form": form})


@login_required
@require_POST
def posting_end(request, unit_pk: int, pk: int, posting_pk: int):
    unit, item = _item(unit_pk, pk)
    posting = get_object_or_404(Posting, pk=posting_pk, item=item)
    require(request, "disclosure.add_posting", item)
    form = PostingEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ngày kết thúc không hợp lệ."))
        return redirect("disclosure:staff-detail", unit.pk, item.pk)
    try:
        services.posting_end(posting=posting, end=form.cleaned_data["end"], actor=request.user)
    except ValidationError as exc:
        for m in _messages_of(exc):
            messages.error(request, m)
    else:
        messages.success(request, _("Đã ghi ngày kết thúc niêm yết."))
    return redirect("disclosure:staff-detail", unit.pk, item.pk)


@login_required
def posting_proof(request, unit_pk: int, pk: int, posting_pk: int):
    unit, item = _item(unit_pk, pk)
    require(request, "disclosure.view_item", item)
    require(request, "disclosure.view_register", item.commune)
    posting = get_object_or_404(Posting.objects.select_related("proof"), pk=posting_pk, item=item,
                                proof__isnull=False)
    return attachment_response(posting.proof)


# --- compliance ------------------------------------------------------------------------------------


@login_required
def compliance(request, unit_pk: int):
    """Every published item of the commune (or subtree) with its problems: late, too short, places missing,
    loudspeaker missing (Law 10/2022 Art.12.3, 13), and every draft past its publication deadline (only its
    title, category, decision date and deadline) — for officials, the Front, the Inspection Board, the city."""
    unit = get_object_or_404(AdministrativeUnit, pk=unit_pk)
    require(request, "disclosure.view_compliance", unit)
    today = clock.today()
    items = DisclosureItem.objects.published().in_subtree(unit)
    drafts = DisclosureItem.objects.in_subtree(unit)
    quarter = parse_quarter(request.GET.get("quarter", "")[:20])
    if quarter:
        first, last = quarter_bounds(*quarter)
        items = items.in_quarter(first, last)
        drafts = drafts.filter(publication_due__lte=last)  # still unpublished, although due by then
    code = request.GET.get("problem", "")[:40]
    result = services.compliance_for(unit, today=today, items=items, drafts=drafts)
    rows = result.rows
    if code in ProblemCode.values:
        rows = [r for r in rows if any(p.code == code for p in r.problems)]
    elif request.GET.get("only") == "problems":
        rows = [r for r in rows if r.problems]
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    base = request.GET.copy()
    base.pop("page", None)
    can_settings = unit.level == Level.COMMUNE and request.user.has_perm("disclosure.change_settings", unit)
    settings_form = None
    if can_settings:
        s = CommuneDisclosureSettings.for_commune(unit)
        settings_form = SettingsForm(initial={"has_portal": s.has_portal, "has_loudspeaker": s.has_loudspeaker,
                                              "portal_url": s.portal_url})
    return render(request, "disclosure/staff/compliance.html", {
        "nav": NAV, "unit": unit, "page_obj": page, "result": result, "today": today,
        "can_publish": request.user.has_perm("disclosure.publish_item", unit),
        "counts": [(c, label, result.counts.get(c, 0)) for c, label in ProblemCode.choices],
        "problem": code, "quarter": request.GET.get("quarter", "")[:20], "settings_form": settings_form,
        "querystring_base": (base.urlencode() + "&") if base else "", "rules": rule_texts(),
    })


@login_required
@require_POST
def settings_edit(request, unit_pk: int):
    commune = get_object_or_404(AdministrativeUnit, pk=unit_pk, level=Level.COMMUNE)
    require(request, "disclosure.change_settings", commune)
    form = SettingsForm(request.POST)
    if form.is_valid():
        services.settings_update(commune=commune, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Đã lưu thiết lập công khai của xã."))
    else:
        messages.error(request, _("Địa chỉ cổng thông tin không hợp lệ."))
    return redirect("disclosure:staff-compliance", commune.pk)

