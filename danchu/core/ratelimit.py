"""A small fixed-window rate limiter on Django's cache (works offline; Redis cache when configured).

Used on public forms that cost something (an SMS code, a new record): `hit()` counts one use and says
whether the limit is passed. Later modules reuse it for public submissions.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    """The client's address; behind a trusted reverse proxy (BEHIND_PROXY=1) the first X-Forwarded-For."""
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope: str, key: str, window: int) -> str:
    return f"ratelimit:{scope}:{key}:{int(time.time() // window)}"


def _add_one(cache_key: str, window: int) -> int:
    cache.add(cache_key, 0, window + 5)
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window + 5)
        return 1


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one use of `scope` by `key`; True when the use is allowed (at most `limit` per `window` s)."""
    return _add_one(_key(scope, key, window), window) <= limit


def count(scope: str, key: str, *, window: int) -> int:
    """Uses of `scope` by `key` in the current window, without counting one more."""
    return int(cache.get(_key(scope, key, window), 0))


def record(scope: str, key: str, *, window: int) -> None:
    """Count one use after the fact (e.g. a submission that was accepted)."""
    _add_one(_key(scope, key, window), window)


def submission_allowed(request, scope: str, *, accepted_limit: int, attempt_limit: int, window: int) -> bool:
    """Spam protection for public submissions that works offline: at most `accepted_limit` *accepted* submissions
    per window from one address (a form sent back with errors does not count, so a resident fixing typos or
    neighbours behind one carrier address are not locked out), and at most `attempt_limit` posts of any kind (a
    flood of invalid posts). Call `submission_accepted` once a submission is stored."""
    address = client_ip(request)
    if not hit(f"{scope}.attempt", address, limit=attempt_limit, window=window):
        return False
    return count(f"{scope}.accepted", address, window=window) < accepted_limit


def submission_accepted(request, scope: str, *, window: int) -> None:
    record(f"{scope}.accepted", client_ip(request), window=window)
