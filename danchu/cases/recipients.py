"""Who handles and who supervises the letters of a unit (reads only): the people a step is assigned to, reminded
of, or escalated to."""

from __future__ import annotations

from datetime import date

from danchu.units.domain import ROLE_CAPABILITIES, Capability

from .domain import CaseKind

# The capability that handles a letter of each kind (a petition is answered by the receivers).
HANDLING_CAPABILITY = {CaseKind.COMPLAINT: Capability.HANDLE_COMPLAINTS,
                       CaseKind.DENUNCIATION: Capability.HANDLE_DENUNCIATIONS,
                       CaseKind.PETITION: Capability.RECEIVE_CITIZENS}


def handling_capability(kind: str) -> str:
    return HANDLING_CAPABILITY[kind]


def unit_users(unit, capability: str, on: date) -> list:
    """Active users appointed in `unit` (not its ancestors) to a role with `capability`."""
    from danchu.accounts.models import User
    from danchu.units.models import Appointment

    roles = [r for r, caps in ROLE_CAPABILITIES.items() if capability in caps and r]
    ids = (Appointment.objects.active_on(on).filter(position__role__in=roles, user__isnull=False,
                                                    position__organisation__unit=unit,
                                                    position__organisation__dissolved_on__isnull=True)
           .values_list("user_id", flat=True))
    return list(User.objects.filter(pk__in=set(ids), is_active=True).order_by("pk"))


def handlers(case, on: date) -> list:
    """The users of the case's unit who may handle a letter of its kind."""
    return unit_users(case.unit, handling_capability(case.kind), on)


def superior_supervisors(unit, on: date) -> tuple:
    """The unit above `unit` that supervises its cases, and its users with SUPERVISE_CASES (e.g. the city officer
    of the province above a commune): the nearest ancestor that has such users, (None, []) if none has."""
    parent = unit.parent
    while parent is not None:
        users = unit_users(parent, Capability.SUPERVISE_CASES, on)
        if users:
            return parent, users
        parent = parent.parent
    return None, []
