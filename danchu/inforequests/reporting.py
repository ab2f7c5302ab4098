"""Read interface of inforequests for the reports of other apps (steering's platform figures).

Pure reads over model fields: the requests for information (Law on access to information 2016) received by the
communes in a unit's subtree during a period, and how many of them were answered in time. Nothing here writes.
"""

from __future__ import annotations

from datetime import date

from danchu.core.scoping import subtree_q

from .models import InfoRequest

REQUEST_FACTS = ("pk", "received_on")


def _received(unit, start: date, end: date):
    return InfoRequest.objects.filter(subtree_q("commune", unit), received_on__gte=start,
                                      received_on__lte=end).order_by("pk")


def received_requests(unit, start: date, end: date) -> list[int]:
    """The requests received (`received_on`) in [start, end] by the communes in `unit`'s subtree, by pk."""
    return list(_received(unit, start, end).values_list("pk", flat=True))


def closed_requests(unit, start: date, end: date) -> tuple[list[int], list[int]]:
    """(closed, closed on time) among the requests received in [start, end]: a request is on time when it was
    closed (`closed_on`) by its deadline — the extended one when it was extended (`extended_until`), else
    `due_on` — or when it had no deadline."""
    rows = list(_received(unit, start, end).filter(closed_on__isnull=False)
                .values_list("pk", "closed_on", "due_on", "extended_until"))
    on_time = [pk for pk, closed, due, extended in rows if (extended or due) is None or closed <= (extended or due)]
    return [pk for pk, *_rest in rows], on_time


def request_facts(pks) -> dict[int, dict]:
    """What a report may show of the requests `pks` (their number and date, never the requester):
    {pk: {REQUEST_FACTS}}."""
    return {row["pk"]: row for row in InfoRequest.objects.filter(pk__in=pks).values(*REQUEST_FACTS)}
