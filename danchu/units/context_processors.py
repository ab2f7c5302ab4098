def active_unit(request):
    """The unit an official acts in, and the units they may switch to (header switcher)."""
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return {"active_unit": None, "unit_choices": []}
    from .access import needs_second_factor, units_for

    if needs_second_factor(user):  # nothing of the staff shell before the second factor
        return {"active_unit": None, "unit_choices": []}

    unit = getattr(request, "active_unit", None)
    choices = _with_communes(list(units_for(user)))
    if unit and all(u.pk != unit.pk for u in choices):
        choices.insert(0, unit)
    return {"active_unit": unit if unit else None, "unit_choices": choices,
            "can_view_audit": bool(unit) and user.has_perm("core.view_auditevent", unit),
            "can_handle_info_requests": bool(unit) and user.has_perm("inforequests.handle_request", unit)}


def _with_communes(roots: list) -> list:
    """A province- or city-level grant lets its holder work in any of its communes: list them after the root."""
    from .domain import Level
    from .models import AdministrativeUnit

    out = []
    for root in roots:
        out.append(root)
        if root.level < Level.COMMUNE:
            out += list(AdministrativeUnit.objects.in_subtree(root).filter(level=Level.COMMUNE,
                                                                          version_id=root.version_id,
                                                                          valid_to__isnull=True)
                        .exclude(pk=root.pk).order_by("name_folded"))
    return out
