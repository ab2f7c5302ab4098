"""Named permissions of reception and cases — declared once, checked in views, API, admin and commands.

The object is an AdministrativeUnit or a record that declares its unit (core.scoping: a Case, a ReceptionEntry, a
ReceptionSession, a MediationTeam or MediationCase of a village). Seeing a denouncer's identity is a permission of
its own.
"""

from __future__ import annotations

import rules

from danchu.core.scoping import unit_of
from danchu.units.access import can, holds_by_appointment
from danchu.units.domain import Capability

from .recipients import HANDLING_CAPABILITY


def _cap(capability):
    @rules.predicate(name=f"cases_{capability}")
    def predicate(user, obj=None) -> bool:
        return can(user, capability, unit_of(obj))

    return predicate


receives_citizens = _cap(Capability.RECEIVE_CITIZENS)
handles_complaints = _cap(Capability.HANDLE_COMPLAINTS)
handles_denunciations = _cap(Capability.HANDLE_DENUNCIATIONS)
manages_mediation = _cap(Capability.MANAGE_MEDIATION)
supervises_cases = _cap(Capability.SUPERVISE_CASES)


@rules.predicate
def keeps_identity(user, obj=None) -> bool:
    """The named custodian only: an appointment with KEEP_DENOUNCER_IDENTITY in the unit (no superuser or
    unit-administrator bypass). Check it with `may_reveal_identity`, not `user.has_perm`, which Django answers
    True for every active superuser before asking any rule."""
    return holds_by_appointment(user, Capability.KEEP_DENOUNCER_IDENTITY, unit_of(obj))


def may_reveal_identity(user, obj) -> bool:
    return bool(keeps_identity.test(user, obj))


@rules.predicate
def handles_this_case(user, obj=None) -> bool:
    """The capability that matches the case's kind (a petition is handled by the receivers)."""
    capability = HANDLING_CAPABILITY.get(getattr(obj, "kind", None))
    return capability is not None and can(user, capability, unit_of(obj))


any_case_work = receives_citizens | handles_complaints | handles_denunciations

rules.add_perm("cases.manage_schedule", receives_citizens)
rules.add_perm("cases.view_book", receives_citizens)
rules.add_perm("cases.record_visit", receives_citizens)
rules.add_perm("cases.view_cases", any_case_work | supervises_cases)
rules.add_perm("cases.handle_case", handles_this_case)
rules.add_perm("cases.reveal_identity", keeps_identity)
rules.add_perm("cases.manage_mediation", manages_mediation)
rules.add_perm("cases.view_statistics", any_case_work | supervises_cases | manages_mediation)
rules.add_perm("cases.manage_rules", rules.is_superuser)
