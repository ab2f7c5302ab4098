"""Named permissions of Nhân dân tham gia ý kiến — declared once, checked in views, API, admin and demo.

Objects: a commune (AdministrativeUnit), a Consultation, an Opinion or a SynthesisEntry (their commune, through
core.scoping.unit_of).
- RUN_CONSULTATIONS (commune officials and leaders, Law 10/2022 Art.28.1–28.3: UBND xã plans, organises,
  synthesises): create, edit, publish, enter opinions, write and publish the synthesis, record the decision.
- SUPERVISE_DECISIONS (the Fatherland Front, Art.28.6 "giám sát"; the People's Inspection Board, Art.36–40; the
  city officer): see every step, drafts and opinions with their authors included — never change anything.
- Everyone: a consultation once published (Art.28.2) and its published synthesis (Art.28.3), without the
  authors' personal data. Giving an opinion online needs an account (no anonymous posting).
"""

from __future__ import annotations

import rules

from danchu.core.scoping import unit_of
from danchu.units.access import can
from danchu.units.domain import Capability

from .domain import PUBLIC_STATES


@rules.predicate
def runs_consultations(user, obj=None) -> bool:
    return can(user, Capability.RUN_CONSULTATIONS, unit_of(obj))


@rules.predicate
def supervises(user, obj=None) -> bool:
    return can(user, Capability.SUPERVISE_DECISIONS, unit_of(obj))


@rules.predicate
def is_public(user, obj=None) -> bool:
    if obj is not None and hasattr(obj, "consultation_id") and not hasattr(obj, "commune_id"):
        obj = obj.consultation
    return getattr(obj, "state", None) in PUBLIC_STATES


@rules.predicate
def is_authenticated(user, obj=None) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


rules.add_perm("consultations.run_consultation", runs_consultations)
# the staff register and every non-public detail (drafts, authors of opinions, the synthesis being written)
rules.add_perm("consultations.view_register", runs_consultations | supervises)
rules.add_perm("consultations.view_consultation", is_public | runs_consultations | supervises)
rules.add_perm("consultations.give_opinion", is_authenticated & is_public)
