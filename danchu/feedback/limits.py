"""How often one address may send feedback or look one up: the public form's, the API's and the tracking page's
protection against floods (danchu.core.ratelimit). A submission that fails validation counts only towards the
attempts, so that a resident fixing a typo is not locked out."""

from __future__ import annotations

from danchu.core import ratelimit

SUBMIT_LIMIT, SUBMIT_WINDOW = 5, 3600  # accepted submissions per client address and hour
ATTEMPT_LIMIT = 30  # posts of any kind (valid or not) per client address and hour
TRACK_LIMIT, TRACK_WINDOW = 30, 600


def submission_allowed(request, scope: str = "feedback.submit") -> bool:
    return ratelimit.submission_allowed(request, scope, accepted_limit=SUBMIT_LIMIT, attempt_limit=ATTEMPT_LIMIT,
                                        window=SUBMIT_WINDOW)


def submission_accepted(request, scope: str = "feedback.submit") -> None:
    """Count one stored submission against the address's hourly limit."""
    ratelimit.submission_accepted(request, scope, window=SUBMIT_WINDOW)


def tracking_allowed(request) -> bool:
    return ratelimit.hit("feedback.track", ratelimit.client_ip(request), limit=TRACK_LIMIT, window=TRACK_WINDOW)
