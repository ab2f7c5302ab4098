"""Named permissions of information requests — declared once, checked in views, API and commands.

The object is a commune (an AdministrativeUnit) or an InfoRequest (its commune is used).
"""

from __future__ import annotations

import rules

from danchu.core.scoping import unit_of
from danchu.units.access import can
from danchu.units.domain import Capability


@rules.predicate
def handles_info_requests(user, obj=None) -> bool:
    return can(user, Capability.HANDLE_INFO_REQUESTS, unit_of(obj))


@rules.predicate
def is_requester(user, obj=None) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(obj, "user_id", None)
                and obj.user_id == user.pk)


rules.add_perm("inforequests.handle_request", handles_info_requests)
rules.add_perm("inforequests.view_request", handles_info_requests | is_requester)
