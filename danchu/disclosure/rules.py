"""Named permissions of the disclosure register — declared once, checked in views, API and commands.

Objects: a commune (AdministrativeUnit), a DisclosureItem or a Posting (their commune, core.scoping.unit_of).
See danchu.units.domain.ROLE_CAPABILITIES: officials and leaders of the commune publish (PUBLISH_DISCLOSURE);
they, the Fatherland Front, the People's Inspection Board and city officers see the compliance view
(VIEW_DISCLOSURE_COMPLIANCE; Law 10/2022 Art.33, 36–40 — supervision of publicity).
"""

from __future__ import annotations

import rules

from danchu.core.scoping import unit_of
from danchu.units.access import can
from danchu.units.domain import Capability

from .domain import ItemStatus


def _capability(capability: str):
    @rules.predicate(name=f"disclosure_has_{capability}")
    def predicate(user, obj=None) -> bool:
        return can(user, capability, unit_of(obj))

    return predicate


can_publish = _capability(Capability.PUBLISH_DISCLOSURE)
can_view_compliance = _capability(Capability.VIEW_DISCLOSURE_COMPLIANCE)


@rules.predicate
def is_published(user, obj=None) -> bool:
    """Published items are public; drafts and withdrawn items are not."""
    return getattr(obj, "status", None) == ItemStatus.PUBLISHED


@rules.predicate
def is_not_draft(user, obj=None) -> bool:
    return getattr(obj, "status", None) in (ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN)


rules.add_perm("disclosure.publish_item", can_publish)
rules.add_perm("disclosure.add_item", can_publish)
rules.add_perm("disclosure.change_item", can_publish)
rules.add_perm("disclosure.add_posting", can_publish)
rules.add_perm("disclosure.change_settings", can_publish)
rules.add_perm("disclosure.view_compliance", can_view_compliance)
# The staff register of a commune: those who publish and those who supervise (drafts only to the former).
rules.add_perm("disclosure.view_register", can_publish | can_view_compliance)
# An item: everyone if published; supervisors also see withdrawn ones; drafts only those who publish.
rules.add_perm("disclosure.view_item", is_published | can_publish | (is_not_draft & can_view_compliance))
