"""Who answers what (routing rules), the categories and the Open311 clients: configured by the commune's
leaders or the administrators, every change audited."""

from __future__ import annotations

import secrets

from django.utils.translation import gettext as _

from danchu.core import audit
from danchu.core.errors import field_error
from danchu.core.services import service
from danchu.core.text import clean_field
from danchu.units.domain import OrganisationKind

from .. import domain
from ..models import ApiClient, Category, RoutingRule
from ..verbs import AuditVerb


def routing_for(category: Category, commune, village=None):
    """(organisation, answer_days, rule) for a category at a place: the most specific RoutingRule of the village,
    the commune or a unit above them; else the commune's People's Committee and the category's period."""
    from danchu.units.models import Organisation

    place = village or commune
    ancestor_ids = [int(p) for p in place.path.strip("/").split("/") if p.isdigit()]
    rules = {}
    for r in RoutingRule.objects.filter(unit_id__in=ancestor_ids).select_related("unit", "organisation"):
        if r.category_id is None or r.category_id == category.pk:
            route = domain.Route(category.code if r.category_id else None, r.unit.path, r.organisation_id,
                                 r.answer_days)
            rules[route] = r
    best = domain.route(category.code, place.path, list(rules))
    if best is not None:
        return rules[best].organisation, best.answer_days or category.answer_days, rules[best]
    ubnd = (Organisation.objects.filter(unit=commune, kind=OrganisationKind.UBND, dissolved_on__isnull=True)
            .order_by("pk").first())
    return ubnd, category.answer_days, None


@service(AuditVerb.ROUTE_SET)
def route_set(*, unit, category, organisation, actor, answer_days: int | None = None, note: str = "") -> RoutingRule:
    """Who answers a category (or every category, `category=None`) in a unit's subtree."""
    if organisation is None or organisation.dissolved_on is not None or (
            not unit.path.startswith(organisation.unit.path) and not organisation.unit.path.startswith(unit.path)):
        raise field_error("organisation", _("Tổ chức phải thuộc đơn vị này hoặc đơn vị cấp trên, đang hoạt động."),
                          "invalid_organisation")
    if answer_days is not None:
        domain.check_answer_days(answer_days)
    note = clean_field(note, "note", required=False, max_length=300)
    rule, created = RoutingRule.objects.update_or_create(
        unit=unit, category=category, defaults={"organisation": organisation, "answer_days": answer_days,
                                                "note": note})
    audit.record(actor=actor, verb=AuditVerb.ROUTE_SET, target=rule, unit=unit,
                 data={"category": getattr(category, "code", None), "organisation": organisation.pk,
                       "answer_days": answer_days, "created": created})
    return rule


@service(AuditVerb.ROUTE_DELETED)
def route_delete(*, rule: RoutingRule, actor) -> None:
    audit.record(actor=actor, verb=AuditVerb.ROUTE_DELETED, target=rule, unit=rule.unit,
                 data={"category": getattr(rule.category, "code", None), "organisation": rule.organisation_id})
    rule.delete()


@service(AuditVerb.CATEGORY_SAVED)
def category_save(*, actor, code: str, name: str, answer_days: int, group: str = "", keywords: str = "",
                  description: str = "", active: bool = True, order: int = 0) -> Category:
    domain.check_category_code(code)
    domain.check_answer_days(answer_days)
    name = clean_field(name, "name", max_length=150)
    category, created = Category.objects.update_or_create(code=code, defaults={
        "name": name, "answer_days": answer_days, "group": clean_field(group, "group", required=False, max_length=80),
        "keywords": clean_field(keywords, "keywords", required=False, max_length=300),
        "description": clean_field(description, "description", required=False, max_length=500),
        "active": bool(active), "order": order})
    audit.record(actor=actor, verb=AuditVerb.CATEGORY_SAVED, target=category,
                 data={"code": code, "answer_days": answer_days, "active": bool(active), "created": created})
    return category


@service(AuditVerb.API_CLIENT_CREATED)
def api_client_create(*, name: str, actor) -> tuple[ApiClient, str]:
    """A new Open311 client; returns the key (shown once, only its hash is kept)."""
    name = clean_field(name, "name", max_length=150)
    key = secrets.token_urlsafe(24)
    client = ApiClient.objects.create(name=name, key_hash=ApiClient.hash_key(key), key_prefix=key[:8])
    audit.record(actor=actor, verb=AuditVerb.API_CLIENT_CREATED, target=client, data={"name": name})
    return client, key


def api_client_for_key(key: str) -> ApiClient | None:
    if not key or len(key) > 200:
        return None
    return ApiClient.objects.filter(key_hash=ApiClient.hash_key(key), active=True).first()
