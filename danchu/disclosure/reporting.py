"""Read interface of disclosure for the reports of other apps (steering's platform figures).

Pure reads over model fields: what was published in the register (sổ công khai) of the communes in a unit's
subtree during a period. Nothing here writes; the figures steering shows are exactly these counts.
"""

from __future__ import annotations

from datetime import date

from danchu.core.scoping import subtree_q

from .domain import ItemStatus
from .models import DisclosureItem, DisclosureItemVersion

ITEM_FACTS = ("pk", "commune_id", "title", "published_on")


def published_items(unit, start: date, end: date) -> list[int]:
    """The items of the register of the communes in `unit`'s subtree whose (last) publication date falls in
    [start, end] and that are published or were published then withdrawn (Law 10/2022 Art.11–12): their pks,
    sorted."""
    pks = DisclosureItem.objects.filter(
        subtree_q("commune", unit), status__in=[ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN], published_on__gte=start,
        published_on__lte=end).values_list("pk", flat=True)
    return sorted(set(pks))


def publications(unit, start: date, end: date) -> tuple[set[int], set[int]]:
    """(every item, late items) among the items of `unit`'s subtree with a publication in [start, end] — a first
    publication or a re-publication, one version each. An item is late when one of its publications in the
    period came after its deadline (`publication_due`, 05 working days, Art.12.3); a publication without a
    deadline (no date of the deciding document) cannot be late."""
    rows = (DisclosureItemVersion.objects.filter(subtree_q("item__commune", unit), published_on__gte=start,
                                                 published_on__lte=end)
            .values_list("item_id", "published_on", "publication_due"))
    every, late = set(), set()
    for item_id, published_on, due in rows:
        every.add(item_id)
        if due is not None and published_on > due:
            late.add(item_id)
    return every, late


def item_facts(pks) -> dict[int, dict]:
    """What a report may show of the items `pks` (a title and a date, never a person): {pk: {ITEM_FACTS}}."""
    return {row["pk"]: row for row in DisclosureItem.objects.filter(pk__in=pks).values(*ITEM_FACTS)}
