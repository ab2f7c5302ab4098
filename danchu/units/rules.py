"""Named permissions of the units app — declared once, checked in views, API, admin and commands.

Object permissions take a unit (a village, a commune …) or a record that declares its unit (core.scoping:
Household → village, Organisation → unit, Position → organisation__unit, Appointment → position__organisation__unit).
See danchu.units.domain.ROLE_CAPABILITIES for the role → capability table.
"""

from __future__ import annotations

import rules

from danchu.core.scoping import unit_of

from .access import can
from .domain import Capability


def _capability(capability: str):
    @rules.predicate(name=f"has_{capability}")
    def predicate(user, obj=None) -> bool:
        return can(user, capability, unit_of(obj))

    return predicate


can_view_registers = _capability(Capability.VIEW_REGISTERS)
can_manage_households = _capability(Capability.MANAGE_HOUSEHOLDS)
can_manage_villages = _capability(Capability.MANAGE_VILLAGES)
can_manage_organisations = _capability(Capability.MANAGE_ORGANISATIONS)
can_view_audit = _capability(Capability.VIEW_AUDIT)

rules.add_perm("units.view_household", can_view_registers)
rules.add_perm("units.add_household", can_manage_households)
rules.add_perm("units.change_household", can_manage_households)
rules.add_perm("units.import_households", can_manage_households)
rules.add_perm("units.add_village", can_manage_villages)
rules.add_perm("units.change_village", can_manage_villages)
rules.add_perm("units.merge_village", can_manage_villages)
rules.add_perm("units.view_organisation", can_view_registers)
rules.add_perm("units.change_organisation", can_manage_organisations)
rules.add_perm("units.change_position", can_manage_organisations)
rules.add_perm("core.view_auditevent", can_view_audit)
