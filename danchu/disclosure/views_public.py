"""The public disclosure portal — "Dân biết" (Law 10/2022/QH15 Art.11–14; Art.13.1: every Art.11 content
on the commune's portal). Only PUBLISHED items are public; drafts and withdrawn items are 404 here.

Thin views: parse the filter form, query with select_related (one query for the page + one count), render.
Subscriptions (Art.12.1.i, 13.4) call the services in `subscriptions.py`.
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from danchu.core.attachments import attachment_response
from danchu.core.http import CachedCountPaginator
from danchu.core.http import form_errors as _form_errors
from danchu.core.models import folded_search
from danchu.core.ratelimit import client_ip, hit
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from . import subscriptions as subs
from .domain import CATEGORIES, CATEGORY_BY_NUMBER, CATEGORY_CHOICES, quarter_bounds
from .models import DisclosureItem, Subscription

PAGE_SIZE = 25
SUBSCRIBE_PER_HOUR = 5  # per client address — each one costs an SMS or an e-mail
CONFIRM_TRIES_PER_HOUR = 10  # per subscription and per client address (6-digit code)


# --- forms (HTML input only) -----------------------------------------------------------------------


class ItemFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Tìm (tiêu đề, số văn bản, cơ quan ban hành)"), required=False,
                        max_length=100)
    category = forms.TypedChoiceField(label=gettext_lazy("Lĩnh vực (Điều 11)"), required=False, coerce=int,
                                      empty_value=None, choices=[("", gettext_lazy("Tất cả"))] + CATEGORY_CHOICES,
                                      error_messages={"invalid_choice": gettext_lazy("Lĩnh vực không hợp lệ.")})
    year = forms.IntegerField(label=gettext_lazy("Năm"), required=False, min_value=2000, max_value=2100,
                              error_messages={"invalid": gettext_lazy("Năm phải là một số, ví dụ 2026."),
                                              "min_value": gettext_lazy("Năm không hợp lệ."),
                                              "max_value": gettext_lazy("Năm không hợp lệ.")})
    quarter = forms.TypedChoiceField(label=gettext_lazy("Quý"), required=False, coerce=int, empty_value=None,
                                     choices=[("", gettext_lazy("Cả năm")), (1, "I"), (2, "II"), (3, "III"),
                                              (4, "IV")],
                                     error_messages={"invalid_choice": gettext_lazy("Quý phải từ I đến IV.")})
    start = forms.DateField(label=gettext_lazy("Từ ngày"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"invalid": gettext_lazy("Ngày phải theo dạng năm-tháng-ngày.")})
    end = forms.DateField(label=gettext_lazy("Đến ngày"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"invalid": gettext_lazy("Ngày phải theo dạng năm-tháng-ngày.")})
    village = forms.IntegerField(required=False, error_messages={"invalid": gettext_lazy("Thôn không hợp lệ.")})
    commune = forms.IntegerField(required=False, error_messages={"invalid": gettext_lazy("Xã không hợp lệ.")})

    def clean(self):
        data = super().clean()
        if data.get("quarter") and not data.get("year"):
            self.add_error("year", _("Chọn năm khi lọc theo quý."))
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("“Đến ngày” phải sau “Từ ngày”."))
        return data


def filter_items(qs, data: dict):
    """Apply the cleaned filters (invalid ones were dropped by the form) to a queryset of items."""
    if data.get("q"):
        qs = folded_search(qs, data["q"])
    if data.get("category"):
        qs = qs.filter(category=data["category"])
    if data.get("year"):
        if data.get("quarter"):
            start, end = quarter_bounds(data["year"], data["quarter"])
        else:
            start, end = date(data["year"], 1, 1), date(data["year"], 12, 31)
        qs = qs.filter(published_on__range=(start, end))
    if data.get("start"):
        qs = qs.filter(published_on__gte=data["start"])
    if data.get("end"):
        qs = qs.filter(published_on__lte=data["end"])
    if data.get("village"):
        # items about this village, and items about the whole commune (no village chosen)
        through = DisclosureItem.villages.through
        qs = qs.filter(Q(Exists(through.objects.filter(disclosureitem=OuterRef("pk"),
                                                       administrativeunit=data["village"])))
                       | ~Q(Exists(through.objects.filter(disclosureitem=OuterRef("pk")))))
    return qs


def _cleaned(form: ItemFilterForm) -> dict:
    form.is_valid()
    # keep the valid filters, drop the invalid ones (their messages are shown next to the field)
    return {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}


def _item_list(request, *, commune: AdministrativeUnit | None):
    form = ItemFilterForm(request.GET or None)
    data = _cleaned(form) if request.GET else {}
    qs = DisclosureItem.objects.published().select_related("commune").defer("body", "commune__name_folded")
    villages = []
    communes = []
    if commune is not None:
        qs = qs.filter(commune=commune)
        villages = list(AdministrativeUnit.objects.filter(parent=commune, level=Level.VILLAGE)
                        .order_by("valid_to", "name").only("pk", "name", "valid_to"))
        if data.get("village") and data["village"] not in {v.pk for v in villages}:
            form.add_error("village", _("Thôn, tổ dân phố không thuộc %(unit)s.") % {"unit": commune.name})
            data.pop("village")
    else:
        data.pop("village", None)
        communes = list(AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_to__isnull=True)
                        .order_by("name_folded").only("pk", "name"))
        if data.get("commune"):
            qs = qs.filter(commune_id=data["commune"])
    qs = filter_items(qs, data)
    page = CachedCountPaginator(qs.order_by("-published_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    base = request.GET.copy()
    base.pop("page", None)
    return {
        "form": form, "page_obj": page, "villages": villages, "communes": communes, "data": data,
        "categories": CATEGORIES, "category_by_number": CATEGORY_BY_NUMBER,
        "querystring_base": (base.urlencode() + "&") if base else "", "nav": "disclosure",
    }


# --- list and detail pages -------------------------------------------------------------------------


def item_list(request):
    """City-wide list of what the communes have disclosed."""
    context = _item_list(request, commune=None)
    return render(request, "disclosure/public/item_list.html", context)


def commune_item_list(request, pk: int):
    commune = get_object_or_404(AdministrativeUnit.objects.select_related("parent"), pk=pk, level=Level.COMMUNE)
    context = _item_list(request, commune=commune)
    context["unit"] = commune
    return render(request, "disclosure/public/item_list.html", context)


def _published_item(pk: int) -> DisclosureItem:
    return get_object_or_404(DisclosureItem.objects.published().select_related("commune"), pk=pk)


def item_detail(request, pk: int):
    item = _published_item(pk)
    versions = list(item.versions.order_by("-version").only(
        "pk", "item_id", "version", "title", "published_on", "change_note"))
    postings = item.postings.select_related("village").order_by("start", "channel")
    return render(request, "disclosure/public/item_detail.html", {
        "item": item, "unit": item.commune, "category": CATEGORY_BY_NUMBER.get(item.category),
        "versions": [v for v in versions if v.version != item.version], "postings": postings,
        "attachments": item.attachments.order_by("pk"), "villages": item.villages.order_by("name"),
        "nav": "disclosure",
    })


def item_version(request, pk: int, version: int):
    """A previous published version, readable as it was (Art.14.1: changed information is re-published)."""
    item = _published_item(pk)
    old = get_object_or_404(item.versions, version=version)
    return render(request, "disclosure/public/item_version.html", {
        "item": item, "old": old, "unit": item.commune, "category": CATEGORY_BY_NUMBER.get(item.category),
        "nav": "disclosure",
    })


def item_attachment(request, pk: int, attachment_pk: int):
    """An attachment of a published item: PDF and images open in the browser."""
    item = _published_item(pk)
    attachment = get_object_or_404(item.attachments, pk=attachment_pk)
    return attachment_response(attachment)


# --- subscriptions ---------------------------------------------------------------------------------


class SubscribeForm(forms.Form):
    channel = forms.ChoiceField(label=gettext_lazy("Nhận tin qua"), choices=Subscription.Channel.choices,
                                widget=forms.RadioSelect, initial=Subscription.Channel.EMAIL,
                                error_messages={"required": gettext_lazy("Hãy chọn thư điện tử hoặc SMS."),
                                                "invalid_choice": gettext_lazy("Hãy chọn thư điện tử hoặc SMS.")})
    address = forms.CharField(label=gettext_lazy("Địa chỉ thư điện tử hoặc số điện thoại"), max_length=200,
                              error_messages={"required": gettext_lazy("Hãy nhập địa chỉ thư điện tử hoặc số "
                                                                       "điện thoại.")})
    category = forms.TypedChoiceField(label=gettext_lazy("Lĩnh vực"), required=False, coerce=int, empty_value=None,
                                      choices=[("", gettext_lazy("Tất cả nội dung công khai"))] + CATEGORY_CHOICES,
                                      error_messages={"invalid_choice": gettext_lazy(
                                          "Lĩnh vực không hợp lệ: chọn một trong 14 nội dung của Điều 11.")})


class ConfirmForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Mã xác nhận (6 chữ số)"), max_length=12,
                           error_messages={"required": gettext_lazy("Hãy nhập mã xác nhận.")})


def subscribe(request, pk: int):
    commune = get_object_or_404(AdministrativeUnit.objects.select_related("parent"), pk=pk, level=Level.COMMUNE)
    initial = {"channel": Subscription.Channel.EMAIL}
    if request.method == "GET" and request.GET.get("category", "").isdigit():
        initial["category"] = request.GET["category"]
    form = SubscribeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if not hit("disclosure-subscribe", client_ip(request), limit=SUBSCRIBE_PER_HOUR, window=3600):
            form.add_error(None, _("Bạn đã đăng ký quá nhiều lần trong một giờ. Hãy thử lại sau."))
        else:
            try:
                subs.subscription_request(commune=commune, channel=form.cleaned_data["channel"],
                                          address=form.cleaned_data["address"],
                                          category=form.cleaned_data["category"], user=request.user,
                                          actor=request.user if request.user.is_authenticated else None)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                return render(request, "disclosure/public/subscribe_sent.html", {
                    "unit": commune, "channel": form.cleaned_data["channel"], "nav": "disclosure"})
    return render(request, "disclosure/public/subscribe.html", {"unit": commune, "form": form, "nav": "disclosure"})


def subscription_manage(request, token: str):
    """The page a subscriber reaches from the message: confirm with the code, or unsubscribe."""
    subscription = Subscription.objects.select_related("commune").filter(token=token).first()
    if subscription is None:
        raise Http404
    form = ConfirmForm(request.POST or None, initial={"code": request.GET.get("ma", "")[:12]})
    if request.method == "POST" and subscription.confirmed_at is None and form.is_valid():
        if not (hit("disclosure-confirm", subscription.token, limit=CONFIRM_TRIES_PER_HOUR, window=3600)
                and hit("disclosure-confirm-ip", client_ip(request), limit=CONFIRM_TRIES_PER_HOUR * 3,
                        window=3600)):
            form.add_error(None, _("Đã nhập sai quá nhiều lần. Hãy thử lại sau một giờ."))
        else:
            try:
                subs.subscription_confirm(subscription=subscription, code=form.cleaned_data["code"],
                                          actor=request.user if request.user.is_authenticated else None)
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Đã xác nhận. Bạn sẽ nhận tin khi %(unit)s công khai nội dung mới.")
                                 % {"unit": subscription.commune.name})
                return redirect("disclosure:public-subscription", subscription.token)
    return render(request, "disclosure/public/subscription.html", {
        "subscription": subscription, "unit": subscription.commune, "form": form,
        "category": CATEGORY_BY_NUMBER.get(subscription.category) if subscription.category else None,
        "masked": subs.mask_address(subscription.address), "nav": "disclosure",
    })


def unsubscribe(request, token: str):
    subscription = Subscription.objects.select_related("commune").filter(token=token).first()
    if subscription is None:
        return render(request, "disclosure/public/unsubscribed.html", {"unit": None, "nav": "disclosure"})
    if request.method == "POST":
        commune = subscription.commune
        subs.subscription_cancel(subscription=subscription,
                                 actor=request.user if request.user.is_authenticated else None)
        return render(request, "disclosure/public/unsubscribed.html", {"unit": commune, "nav": "disclosure"})
    return render(request, "disclosure/public/unsubscribe.html", {
        "subscription": subscription, "unit": subscription.commune,
        "category": CATEGORY_BY_NUMBER.get(subscription.category) if subscription.category else None,
        "masked": subs.mask_address(subscription.address), "nav": "disclosure",
    })


@login_required
def my_subscriptions(request):
    rows = list(request.user.disclosure_subscriptions.select_related("commune").order_by("commune__name", "pk"))
    for row in rows:
        row.category_info = CATEGORY_BY_NUMBER.get(row.category) if row.category else None
    return render(request, "disclosure/public/my_subscriptions.html", {"subscriptions": rows, "nav": "disclosure"})


@login_required
@require_POST
def my_subscription_cancel(request, pk: int):
    subscription = get_object_or_404(Subscription, pk=pk, user=request.user)
    subs.subscription_cancel(subscription=subscription, actor=request.user)
    messages.success(request, _("Đã hủy đăng ký nhận tin."))
    return redirect("disclosure:public-my-subscriptions")

