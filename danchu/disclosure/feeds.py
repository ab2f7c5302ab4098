"""Atom feeds of published disclosures (Law 10/2022/QH15 Art.12.1.b, i: electronic channels), per commune,
per category city-wide and per commune + category. Readers, news apps and other portals subscribe to them.
"""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit

from .domain import CATEGORY_BY_NUMBER
from .models import DisclosureItem

FEED_SIZE = 50


def _day_start(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class _ItemFeed(Feed):
    feed_type = Atom1Feed

    def items(self, obj):
        commune, category = obj
        qs = DisclosureItem.objects.published().select_related("commune").defer("commune__name_folded")
        if commune is not None:
            qs = qs.filter(commune=commune)
        if category is not None:
            qs = qs.filter(category=category.number)
        return qs.order_by("-published_on", "-pk")[:FEED_SIZE]

    def title(self, obj):
        commune, category = obj
        parts = [_("Công khai thông tin")]
        if commune is not None:
            parts.append(commune.name)
        if category is not None:
            parts.append(str(category.short))
        return " — ".join(parts)

    def subtitle(self, obj):
        commune, category = obj
        scope = commune.name if commune is not None else _("các xã, phường")
        if category is not None:
            return _("Nội dung công khai của %(scope)s, lĩnh vực: %(category)s (Điều 11 khoản %(n)d Luật "
                     "10/2022/QH15).") % {"scope": scope, "category": category.title, "n": category.number}
        return _("Nội dung công khai của %(scope)s theo Luật Thực hiện dân chủ ở cơ sở.") % {"scope": scope}

    def link(self, obj):
        commune, category = obj
        url = (reverse("disclosure:public-commune", args=[commune.pk]) if commune is not None
               else reverse("disclosure:public-list"))
        return url + (f"?category={category.number}" if category is not None else "")

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        category = CATEGORY_BY_NUMBER.get(item.category)
        lines = [f"{item.commune.name} — {category.short if category else item.category}"]
        if item.decision_number:
            lines.append(_("Văn bản: %(n)s") % {"n": item.decision_number}
                         + (f" ({item.decision_issuer})" if item.decision_issuer else ""))
        if item.body:
            lines.append(Truncator(item.body).chars(500))
        return "\n".join(lines)

    def item_link(self, item):
        return reverse("disclosure:public-detail", args=[item.pk])

    def item_pubdate(self, item):
        return _day_start(item.published_on) if item.published_on else item.created

    def item_updateddate(self, item):
        return max(item.modified, self.item_pubdate(item))

    def item_categories(self, item):
        category = CATEGORY_BY_NUMBER.get(item.category)
        return [str(category.short)] if category else []

    def item_author_name(self, item):
        return _("Ủy ban nhân dân %(commune)s") % {"commune": item.commune.name}


def _commune(pk) -> AdministrativeUnit:
    return get_object_or_404(AdministrativeUnit, pk=pk, level=Level.COMMUNE)


def _category(n):
    category = CATEGORY_BY_NUMBER.get(int(n))
    if category is None:
        raise Http404(_("Lĩnh vực không hợp lệ."))
    return category


class CityFeed(_ItemFeed):
    def get_object(self, request):
        return (None, None)


class CommuneFeed(_ItemFeed):
    def get_object(self, request, pk):
        return (_commune(pk), None)


class CategoryFeed(_ItemFeed):
    def get_object(self, request, n):
        return (None, _category(n))


class CommuneCategoryFeed(_ItemFeed):
    def get_object(self, request, pk, n):
        return (_commune(pk), _category(n))


city_feed = CityFeed()
commune_feed = CommuneFeed()
category_feed = CategoryFeed()
commune_category_feed = CommuneCategoryFeed()
