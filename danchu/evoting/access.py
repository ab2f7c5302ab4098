"""Who sees what of online votes, shared by the HTML views and the API: the households a resident represents, and
the rate limit of receipt checks (a receipt code must not be guessed by trying)."""

from __future__ import annotations

from danchu.core.ratelimit import client_ip, hit
from danchu.units.models import Household

RECEIPT_LIMIT, RECEIPT_WINDOW = 60, 600  # receipt checks per client address


def receipt_check_allowed(request) -> bool:
    return hit("evoting.receipt", client_ip(request), limit=RECEIPT_LIMIT, window=RECEIPT_WINDOW)


def my_households(user):
    """The households `user` represents (Household.representative), still living, with their village."""
    if not getattr(user, "is_authenticated", False):
        return Household.objects.none()
    return (Household.objects.filter(representative=user, dissolved_on__isnull=True)
            .select_related("village__parent").order_by("code"))
