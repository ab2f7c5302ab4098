"""Indicators filled from platform data, with the figure traceable to its records.

Steering is the read-mostly oversight app of the house style (§8.2 "supervision"): it reads the other apps'
tables through their models, never writes them, and imports them lazily so that an app which is not installed
simply offers no source. Each source returns the value, a Vietnamese explanation of how it was counted and the
references of the records counted ([model label, pk], …).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.apps import apps

from .domain import IndicatorKind


@dataclass(frozen=True)
class Figure:
    value: Decimal | bool | None
    note: str
    refs: list = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    key: str
    label: str
    kind: str
    app: str
    compute_fn: Callable[[object, date, date], Figure]

    def available(self) -> bool:
        return apps.is_installed(f"danchu.{self.app}")

    def compute(self, unit, start: date, end: date) -> Figure:
        if not self.available():
            return Figure(None, f"Phân hệ {self.app} chưa được cài đặt.")
        return self.compute_fn(unit, start, end)


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _disclosure_published(unit, start, end) -> Figure:
    from danchu.disclosure.domain import ItemStatus
    from danchu.disclosure.models import DisclosureItem

    pks = list(DisclosureItem.objects.filter(commune__path__startswith=unit.path,
                                             status__in=[ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN],
                                             published_on__gte=start, published_on__lte=end)
               .order_by("pk").values_list("pk", flat=True))
    return Figure(Decimal(len(pks)), f"Số nội dung đã công khai trên sổ công khai từ {_d(start)} đến {_d(end)} "
                                     f"({len(pks)} nội dung).", [["disclosure.disclosureitem", pk] for pk in pks])


def _info_requests(unit, start, end):
    from danchu.inforequests.models import InfoRequest

    return InfoRequest.objects.filter(commune__path__startswith=unit.path, received_on__gte=start,
                                      received_on__lte=end).order_by("pk")


def _inforequests_received(unit, start, end) -> Figure:
    pks = list(_info_requests(unit, start, end).values_list("pk", flat=True))
    return Figure(Decimal(len(pks)), f"Số yêu cầu cung cấp thông tin nhận từ {_d(start)} đến {_d(end)}.",
                  [["inforequests.inforequest", pk] for pk in pks])


def _on_time(unit, start, end):
    rows = list(_info_requests(unit, start, end).filter(closed_on__isnull=False)
                .values_list("pk", "closed_on", "due_on", "extended_until"))
    on_time = [pk for pk, closed, due, extended in rows if (extended or due) is None or closed <= (extended or due)]
    return rows, on_time


def _inforequests_on_time(unit, start, end) -> Figure:
    rows, on_time = _on_time(unit, start, end)
    return Figure(Decimal(len(on_time)), f"Yêu cầu nhận trong kỳ đã giải quyết đúng hạn: {len(on_time)}/{len(rows)}.",
                  [["inforequests.inforequest", pk] for pk in on_time])


# Only counts: they add up the tree. A rate is derived from two counts in the roll-up, never summed.
SOURCES: dict[str, Source] = {s.key: s for s in (
    Source("disclosure.published", "Số nội dung đã công khai (sổ công khai)", IndicatorKind.NUMBER, "disclosure",
           _disclosure_published),
    Source("inforequests.received", "Số yêu cầu cung cấp thông tin đã nhận", IndicatorKind.NUMBER, "inforequests",
           _inforequests_received),
    Source("inforequests.on_time", "Số yêu cầu cung cấp thông tin giải quyết đúng hạn", IndicatorKind.NUMBER,
           "inforequests", _inforequests_on_time),
)}


def source_choices() -> list[tuple[str, str]]:
    return [("", "— nhập tay —")] + [(s.key, s.label) for s in SOURCES.values() if s.available()]
