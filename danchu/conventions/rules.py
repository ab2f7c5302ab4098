"""Named permissions of village conventions — declared once, checked in views, API and admin.

The object is a village or commune (an AdministrativeUnit) or a Convention (its village is used):
- run: the village head and the Front (Ban công tác Mặt trận / UB MTTQ) run the procedure of their village,
  commune officials too (capability RUN_DECISIONS; NĐ61 Art.7–11);
- recognise: the commune (UBND cấp xã) recognises, refuses, suspends, annuls (RECOGNISE_DECISIONS; Art.11–14);
- view: the above and the supervisors (Front, People's Inspection Board, city officer — SUPERVISE_DECISIONS)
  see every step;
- comment: any logged-in person may comment on a posted draft (the service checks the period).
"""

from __future__ import annotations

import rules

from danchu.core.scoping import unit_of
from danchu.units.access import can
from danchu.units.domain import Capability


@rules.predicate
def runs_conventions(user, obj=None) -> bool:
    return can(user, Capability.RUN_DECISIONS, unit_of(obj))


@rules.predicate
def recognises_conventions(user, obj=None) -> bool:
    return can(user, Capability.RECOGNISE_DECISIONS, unit_of(obj))


@rules.predicate
def supervises_conventions(user, obj=None) -> bool:
    return can(user, Capability.SUPERVISE_DECISIONS, unit_of(obj))


@rules.predicate
def is_logged_in(user, obj=None) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


rules.add_perm("conventions.view_convention", runs_conventions | recognises_conventions | supervises_conventions)
rules.add_perm("conventions.run_convention", runs_conventions)
rules.add_perm("conventions.recognise_convention", recognises_conventions)
rules.add_perm("conventions.comment_convention", is_logged_in)
