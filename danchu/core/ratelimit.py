"""A small fixed-window rate limiter shared by every process, and the one way to know the client's address.

Used on public forms that cost something (an SMS code, a new record), on log-in (django-axes) and on the anonymous
API: `hit()` counts one use and says whether the limit is passed. The counters are shared by all the web
processes: in Redis when REDIS_URL is set, otherwise in a table of the database (an atomic `count = count + 1`),
never in one process's memory (gunicorn runs several).

The client's address: behind reverse proxies listed in DANCHU_TRUSTED_PROXIES, the X-Forwarded-For chain is read
from the right and the first address that is not a trusted proxy is the client (the left entries are whatever
the client wrote, so they are never believed); from anywhere else, the connection's own address.
"""

from __future__ import annotations

import ipaddress
import time
from datetime import timedelta
from functools import cache as memoize

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone


@memoize
def _trusted_networks(spec: tuple[str, ...]):
    return tuple(ipaddress.ip_network(s.strip(), strict=False) for s in spec if s.strip())


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip().strip("[]"))
    except ValueError:
        return False
    return any(ip in net for net in _trusted_networks(tuple(settings.DANCHU_TRUSTED_PROXIES)))


def client_ip(request) -> str:
    """The client's address, proxies taken into account (see the module's docstring)."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    if not _is_trusted(remote):
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop):
            try:
                return str(ipaddress.ip_address(hop.strip("[]")))
            except ValueError:
                return "invalid"  # garbage written by the client: one shared bucket, never a fresh one per try
    return hops[0] if hops else remote


def _key(scope: str, key: str, window: int) -> str:
    return f"ratelimit:{scope}:{key}:{int(time.time() // window)}"


def _shared_cache() -> bool:
    return bool(settings.REDIS_URL)


def _add_one(cache_key: str, window: int) -> int:
    if _shared_cache():
        cache.add(cache_key, 0, window + 5)
        try:
            return cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, window + 5)
            return 1
    from .models import RateCounter

    key = cache_key[:200]
    with transaction.atomic():
        if not RateCounter.objects.filter(key=key).update(count=F("count") + 1):
            try:
                with transaction.atomic():
                    RateCounter.objects.create(key=key, count=1,
                                               expires=timezone.now() + timedelta(seconds=window + 5))
                return 1
            except IntegrityError:  # another process created it meanwhile
                RateCounter.objects.filter(key=key).update(count=F("count") + 1)
        return RateCounter.objects.filter(key=key).values_list("count", flat=True).first() or 1


def _current(cache_key: str) -> int:
    if _shared_cache():
        return int(cache.get(cache_key, 0))
    from .models import RateCounter

    return RateCounter.objects.filter(key=cache_key[:200]).values_list("count", flat=True).first() or 0


def prune() -> int:
    """Remove the counters of windows that are over (daily job)."""
    if _shared_cache():
        return 0
    from .models import RateCounter

    return RateCounter.objects.filter(expires__lt=timezone.now()).delete()[0]


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one use of `scope` by `key`; True when the use is allowed (at most `limit` per `window` s)."""
    return _add_one(_key(scope, key, window), window) <= limit


def count(scope: str, key: str, *, window: int) -> int:
    """Uses of `scope` by `key` in the current window, without counting one more."""
    return _current(_key(scope, key, window))


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
