"""Named permissions of citizen feedback — declared once, checked in views, API, admin and commands.

The object is a unit (an AdministrativeUnit) or a Feedback (its current commune is used): an official of
commune A sees nothing of commune B; once a feedback is transferred to B, A no longer sees it.
"""

from __future__ import annotations

import rules

from danchu.core.scoping import unit_of
from danchu.units.access import can
from danchu.units.domain import Capability


@rules.predicate
def handles_feedback(user, obj=None) -> bool:
    return can(user, Capability.HANDLE_FEEDBACK, unit_of(obj))


@rules.predicate
def supervises_feedback(user, obj=None) -> bool:
    return can(user, Capability.SUPERVISE_FEEDBACK, unit_of(obj))


@rules.predicate
def configures_feedback(user, obj=None) -> bool:
    return can(user, Capability.CONFIGURE_FEEDBACK, unit_of(obj))


rules.add_perm("feedback.handle_feedback", handles_feedback)
rules.add_perm("feedback.view_feedback", handles_feedback | supervises_feedback)
rules.add_perm("feedback.configure_feedback", configures_feedback)
