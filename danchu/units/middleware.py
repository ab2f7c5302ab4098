"""The unit an official is acting in (the unit switcher), kept in the session."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

SESSION_KEY = "danchu_active_unit"


def _active_unit(request):
    from .access import units_for, user_grants
    from .models import AdministrativeUnit

    user = request.user
    if not getattr(user, "is_authenticated", False):
        return None
    choices = list(units_for(user))
    unit_id = request.session.get(SESSION_KEY)
    if unit_id is not None:
        for unit in choices:
            if unit.pk == unit_id:
                return unit
        # a unit below one of the user's grants (a city officer working in one commune), or any for a superuser
        unit = AdministrativeUnit.objects.filter(pk=unit_id).first()
        if unit and (user.is_superuser or any(g.covers(unit.path) for g in user_grants(user))):
            return unit
    return choices[0] if choices else None


class ActiveUnitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.active_unit = SimpleLazyObject(lambda: _active_unit(request))
        return self.get_response(request)
