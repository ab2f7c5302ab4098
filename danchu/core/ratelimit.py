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


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one use of `scope` by `key`; True when the use is allowed (at most `limit` per `window` s)."""
    bucket = int(time.time() // window)
    cache_key = f"ratelimit:{scope}:{key}:{bucket}"
    cache.add(cache_key, 0, window + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, window + 5)
        count = 1
    return count <= limit
