"""How often one address may use the public forms of reception (booking, tracking, finding a booking): shared by
the public pages and the API."""

from __future__ import annotations

from danchu.core.ratelimit import client_ip, hit

BOOK_LIMIT, BOOK_WINDOW = 5, 3600
TRACK_LIMIT, TRACK_WINDOW = 30, 600


def booking_allowed(request) -> bool:
    return hit("cases.book", client_ip(request), limit=BOOK_LIMIT, window=BOOK_WINDOW)


def tracking_allowed(request) -> bool:
    return hit("cases.track", client_ip(request), limit=TRACK_LIMIT, window=TRACK_WINDOW)


def booking_lookup_allowed(request) -> bool:
    return hit("cases.booking_lookup", client_ip(request), limit=TRACK_LIMIT, window=TRACK_WINDOW)
