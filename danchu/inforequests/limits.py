"""How often one address may send or track requests: the public form's and the API's spam protection
(danchu.core.ratelimit). A submission that fails validation counts only towards the attempts."""

from __future__ import annotations

from danchu.core import ratelimit

SUBMIT_LIMIT, SUBMIT_WINDOW = 5, 3600  # accepted requests per client address and hour
ATTEMPT_LIMIT = 30  # posts of any kind (valid or not) per client address and hour
TRACK_LIMIT, TRACK_WINDOW = 30, 600
SUBMIT_SCOPE = "inforequests.submit"


def submission_allowed(request, scope: str = SUBMIT_SCOPE) -> bool:
    return ratelimit.submission_allowed(request, scope, accepted_limit=SUBMIT_LIMIT, attempt_limit=ATTEMPT_LIMIT,
                                        window=SUBMIT_WINDOW)


def submission_accepted(request, scope: str = SUBMIT_SCOPE) -> None:
    """Count one stored submission against the address's hourly limit."""
    ratelimit.submission_accepted(request, scope, window=SUBMIT_WINDOW)


def tracking_allowed(request) -> bool:
    return ratelimit.hit("inforequests.track", ratelimit.client_ip(request), limit=TRACK_LIMIT, window=TRACK_WINDOW)
