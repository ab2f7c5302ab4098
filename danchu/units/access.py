"""Who may act where: a user's grants (role × unit subtree), computed once per request; who must pass the second
factor (every official); which villages an official keeps the households of."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from danchu.core import clock

from .domain import STAFF_ROLES, Capability, Grant, Level, grants_allow


def user_grants(user, on: date | None = None) -> tuple[Grant, ...]:
    """Active appointments with a system role → grants. Cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return ()
    on = on or clock.today()
    cache = getattr(user, "_danchu_grants", None)
    if cache is not None and cache[0] == on:
        return cache[1]
    from .models import Appointment

    rows = (
        Appointment.objects.active_on(on)
        .filter(user=user, position__role__in=STAFF_ROLES)
        .filter(position__organisation__dissolved_on__isnull=True)
        .values_list("position__role", "position__organisation__unit_id", "position__organisation__unit__path")
    )
    grants = tuple(sorted({Grant(role, unit_id, path) for role, unit_id, path in rows}, key=lambda g: g.path))
    user._danchu_grants = (on, grants)
    return grants


def is_staff_member(user) -> bool:
    return bool(getattr(user, "is_superuser", False) or user_grants(user))


def is_verified(user) -> bool:
    """Whether the user passed the second factor in this session (django-otp sets `is_verified` on request.user;
    a user authenticated another way — an API token — has not: issue 12 L1)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def needs_second_factor(user) -> bool:
    """Officials (any user holding a staff role, and superusers) must pass TOTP two-factor authentication before
    the staff pages (DANCHU_REQUIRE_2FA); `is_verified` comes from django-otp's middleware. The accounts app's
    middleware enforces it; the staff shell (context processor) hides itself until then."""
    return bool(
        settings.DANCHU_REQUIRE_2FA
        and getattr(user, "is_authenticated", False)
        and is_staff_member(user)
        and not is_verified(user)
    )


def can(user, capability: str, unit) -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    if user.is_superuser:
        return True
    if unit is None:
        return False
    return grants_allow(user_grants(user), capability, unit.path)


def capability_rule(capability: str, *, unit=None, name: str = ""):
    """The django-rules predicate "the user holds `capability` over the object's unit" — what every app's rules.py
    declares: `handles_feedback = capability_rule(Capability.HANDLE_FEEDBACK)`. `unit(obj)` finds the unit
    (default: core.scoping.unit_of; steering passes its lineage-aware variant)."""
    import rules

    from danchu.core.scoping import unit_of

    find = unit or unit_of

    def predicate(user, obj=None) -> bool:
        return can(user, capability, find(obj))

    return rules.predicate(predicate, name=name or f"has_{capability}")


def holds_by_appointment(user, capability: str, unit) -> bool:
    """`capability` through the user's own appointment to a named role — never through the superuser flag or
    the catch-all unit-administrator role. For powers the law gives a named person (revealing a denouncer's
    identity, Luật Tố cáo Art.8.3, 47): an administrator runs the system but is not that person."""
    from .domain import Role

    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False) or unit is None:
        return False
    grants = [g for g in user_grants(user) if g.role != Role.UNIT_ADMIN]
    return grants_allow(grants, capability, unit.path)


def units_for(user, capability: str | None = None):
    """The top units where the user holds a grant (optionally with a capability): roots of their scope."""
    from .domain import ROLE_CAPABILITIES
    from .models import AdministrativeUnit

    grants = [g for g in user_grants(user) if capability is None or capability in ROLE_CAPABILITIES[g.role]]
    return AdministrativeUnit.objects.filter(pk__in={g.unit_id for g in grants}).order_by("level", "name")


def commune_for_management(unit):
    """The commune whose households and villages are managed from `unit` (a village's commune, else itself)."""
    return unit.parent if unit.level == Level.VILLAGE else unit


def villages_for_edit(user, unit):
    """Active villages under `unit` (its commune when it is a village) where the user may manage households."""
    from .models import AdministrativeUnit

    qs = AdministrativeUnit.objects.in_subtree(commune_for_management(unit)).filter(
        level=Level.VILLAGE, valid_to__isnull=True).order_by("name")
    return qs.filter(pk__in=[v.pk for v in qs if can(user, Capability.MANAGE_HOUSEHOLDS, v)])
