"""Named permissions of community decisions — declared once, checked in views, API, admin and commands.

The object is an AdministrativeUnit (a village or commune), a Decision, a Meeting or an Initiative: the unit it
belongs to is used, so a grant covers its unit's subtree (units.access.can).
- run: the village head and the Front's officers (and commune officials) organise meetings, ballots, initiatives
  (Law 10/2022 Art.16, 18, 19; NĐ59 Art.3–4);
- recognise (or refuse): commune officials and leaders (UBND cấp xã) — except K5, the members of Ban Thanh tra nhân
  dân and Ban Giám sát đầu tư của cộng đồng, which UB MTTQ cấp xã recognises (Art.21.2; the capability of the
  elections app, RECOGNISE_BOARD_ELECTIONS, held over the commune);
- annul: UBND cấp xã, for every kind (Art.22);
- view: the above, and the supervisors (Front, People's Inspection Board, city officers) see every step (Art.33).
- a resident acts only for the household whose representative account they are (units.Household.representative).
"""

from __future__ import annotations

import rules

from danchu.core.scoping import unit_of
from danchu.units.access import can
from danchu.units.domain import Capability

from .domain import RECOGNISED_BY_FRONT


@rules.predicate
def runs_decisions(user, obj=None) -> bool:
    return can(user, Capability.RUN_DECISIONS, unit_of(obj))


@rules.predicate
def recognises_decisions(user, obj=None) -> bool:
    """Art.21.2: UBND cấp xã recognises; UB MTTQ cấp xã recognises K5 (on a unit: UBND's capability)."""
    from .models import Decision

    if isinstance(obj, Decision) and obj.kind in RECOGNISED_BY_FRONT:
        # the Front of the COMMUNE: a village's Ban công tác Mặt trận runs the K5 meeting, it does not recognise it
        return can(user, Capability.RECOGNISE_BOARD_ELECTIONS, obj.unit.commune)
    return can(user, Capability.RECOGNISE_DECISIONS, unit_of(obj))


@rules.predicate
def annuls_decisions(user, obj=None) -> bool:
    """Art.22: UBND cấp xã annuls (or asks to amend) any community decision, K5 included."""
    return can(user, Capability.RECOGNISE_DECISIONS, unit_of(obj))


@rules.predicate
def supervises_decisions(user, obj=None) -> bool:
    return can(user, Capability.SUPERVISE_DECISIONS, unit_of(obj))


@rules.predicate
def represents_household(user, household=None) -> bool:
    return bool(getattr(user, "is_authenticated", False) and household is not None
                and getattr(household, "representative_id", None) == user.pk)


can_view = runs_decisions | recognises_decisions | annuls_decisions | supervises_decisions

rules.add_perm("decisions.view_decision", can_view)
rules.add_perm("decisions.run_decision", runs_decisions)
rules.add_perm("decisions.recognise_decision", recognises_decisions)
rules.add_perm("decisions.annul_decision", annuls_decisions)
rules.add_perm("decisions.view_initiative", can_view)
rules.add_perm("decisions.run_initiative", runs_decisions)
rules.add_perm("decisions.act_for_household", represents_household)
