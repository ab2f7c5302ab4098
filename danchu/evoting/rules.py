"""Named permissions of online votes — declared once, checked in views, API, admin and commands.

Objects: a Poll (its village is used), a village (AdministrativeUnit) or a Household (its village is used for
staff; the household itself for its representative).
"""

from __future__ import annotations

import rules

from danchu.core.scoping import unit_of
from danchu.units.access import can
from danchu.units.domain import Capability
from danchu.units.models import Household


def village_of(obj):
    """The unit a permission is checked on: a household's village (the units app's Household does not declare its
    unit), otherwise the unit the record declares (core.scoping)."""
    if isinstance(obj, Household):
        return obj.village
    return unit_of(obj)


@rules.predicate
def runs_decisions(user, obj=None) -> bool:
    """Village head, Ban công tác Mặt trận, commune officials (Law 10/2022 Art.16; NĐ59 Art.5.1)."""
    return can(user, Capability.RUN_DECISIONS, village_of(obj))


@rules.predicate
def supervises_decisions(user, obj=None) -> bool:
    """The Front and the People's Inspection Board see every step (Law 10/2022 Art.33)."""
    return can(user, Capability.SUPERVISE_DECISIONS, village_of(obj))


@rules.predicate
def represents_household(user, household=None) -> bool:
    """The user is the household's representative account, linked by staff (Household.representative)."""
    return bool(getattr(user, "is_authenticated", False) and getattr(household, "representative_id", None)
                and household.representative_id == user.pk and household.dissolved_on is None)


rules.add_perm("evoting.run_poll", runs_decisions)
rules.add_perm("evoting.view_poll", runs_decisions | supervises_decisions)
rules.add_perm("evoting.record_opt_in", runs_decisions)
rules.add_perm("evoting.opt_in", represents_household | runs_decisions)
rules.add_perm("evoting.vote", represents_household)
