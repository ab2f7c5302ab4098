"""Named permissions of village elections and dismissals — declared once, checked in views, API and admin.

The object is an Election or a Dismissal (its village and office decide), or a unit:
- run: a village-head election is organised by the commune (the chairman decides and plans, NĐ59 Art.6.1) with the
  Front (Ban công tác Mặt trận lists the candidates, leads the Tổ bầu cử; the Front convenes a dismissal meeting,
  NĐ59 Art.3.1) — never by the village head whose office is at stake; the boards' elections are run at village
  meetings convened by the village head (NĐ59 Art.3.1), with the Front and the commune;
- recognise: the village head by UBND cấp xã (RECOGNISE_DECISIONS, NĐ59 Art.8–9); board members by UB MTTQ cấp xã
  (RECOGNISE_BOARD_ELECTIONS, Law 10/2022 Art.21.2, 40.2.b);
- view: all of the above and the supervisors (SUPERVISE_DECISIONS).
"""

from __future__ import annotations

import rules

from danchu.core.scoping import unit_of
from danchu.units.access import can
from danchu.units.domain import Capability

from .domain import BOARD_OFFICES


def office_of(obj) -> str | None:
    """The office at stake: of an election or a dismissal, or of the one a candidate or a signature belongs to;
    None for a unit."""
    from .models import Candidate, DismissalConsent

    if isinstance(obj, Candidate):
        obj = obj.election
    elif isinstance(obj, DismissalConsent):
        obj = obj.dismissal
    return getattr(obj, "office", None)


def may_run(user, unit, office: str | None) -> bool:
    if office in BOARD_OFFICES:
        return can(user, Capability.RUN_DECISIONS, unit)
    if office is None:  # a unit: may run some election there
        return any(can(user, cap, unit) for cap in (Capability.RUN_DECISIONS, Capability.RECOGNISE_DECISIONS,
                                                     Capability.RECOGNISE_BOARD_ELECTIONS))
    return can(user, Capability.RECOGNISE_DECISIONS, unit) or can(user, Capability.RECOGNISE_BOARD_ELECTIONS, unit)


def may_recognise(user, unit, office: str | None) -> bool:
    if office in BOARD_OFFICES:
        return can(user, Capability.RECOGNISE_BOARD_ELECTIONS, unit)
    return can(user, Capability.RECOGNISE_DECISIONS, unit)


@rules.predicate
def runs_elections(user, obj=None) -> bool:
    return may_run(user, unit_of(obj), office_of(obj))


@rules.predicate
def recognises_elections(user, obj=None) -> bool:
    return may_recognise(user, unit_of(obj), office_of(obj))


@rules.predicate
def sees_elections(user, obj=None) -> bool:
    unit = unit_of(obj)
    return any(can(user, cap, unit) for cap in (Capability.RUN_DECISIONS, Capability.RECOGNISE_DECISIONS,
                                                 Capability.RECOGNISE_BOARD_ELECTIONS, Capability.SUPERVISE_DECISIONS))


rules.add_perm("elections.view_election", sees_elections)
rules.add_perm("elections.run_election", runs_elections)
rules.add_perm("elections.recognise_election", recognises_elections)
