"""Indicators filled from platform data, with the figure traceable to its records.

Steering is the read-mostly oversight app of the house style (§8.2 "supervision"): it reads the other apps'
tables through their models and QuerySets, never writes them, and imports them lazily so that an app which is not
installed simply offers no source. Each source returns the value, a Vietnamese explanation of how it was counted
and the references of the records counted ([model label, pk], …), which the report page lists as links
(`describe_refs`).

Only counts are offered: they add up the tree. A rate (on-time, satisfaction, mediation success) is reported as
its two counts (e.g. "answered on time" and "answered"); the rate is their quotient at any level, never a sum of
rates. The note of a count gives the rate of the unit for the reader.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core import clock
from danchu.core.legal_rules import rule_text

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


def _span(start: date, end: date) -> str:
    return f"từ {_d(start)} đến {_d(end)}"


def _rate(part: int, whole: int) -> str:
    return f"{round(100 * part / whole, 1):g}%".replace(".", ",") if whole else "—"


def _count(label: str, pks: Iterable[int], note: str) -> Figure:
    pks = sorted(set(pks))
    return Figure(Decimal(len(pks)), note, [[label, pk] for pk in pks])


# --- disclosure (Law 10/2022 Art.11–12) -------------------------------------------------------------

PUBLICITY_RULE = "grassroots.publicity_deadline"  # 05 working days to publish (Art.12.3)


def _disclosure_published(unit, start, end) -> Figure:
    from danchu.disclosure.domain import ItemStatus
    from danchu.disclosure.models import DisclosureItem

    pks = list(DisclosureItem.objects.in_subtree(unit)
               .filter(status__in=[ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN], published_on__gte=start,
                       published_on__lte=end).values_list("pk", flat=True))
    return _count("disclosure.disclosureitem", pks, f"Số nội dung đã công khai trên sổ công khai {_span(start, end)} "
                                                    f"({len(pks)} nội dung).")


def _disclosure_publications(unit, start, end) -> tuple[set[int], set[int]]:
    """Items with a publication (first or re-publication: one version each) in the period: (all, late). An item is
    late when one of its publications in the period came after its deadline of 05 working days (Art.12.3); a
    publication without a deadline (no date of the deciding document) cannot be late."""
    from danchu.disclosure.models import DisclosureItemVersion

    rows = (DisclosureItemVersion.objects.filter(item__commune__path__startswith=unit.path, published_on__gte=start,
                                                 published_on__lte=end)
            .values_list("item_id", "published_on", "publication_due"))
    every, late = set(), set()
    for item_id, published_on, due in rows:
        every.add(item_id)
        if due is not None and published_on > due:
            late.add(item_id)
    return every, late


def _disclosure_on_time(unit, start, end) -> Figure:
    every, late = _disclosure_publications(unit, start, end)
    on_time = every - late
    return _count("disclosure.disclosureitem", on_time,
                  f"Nội dung công khai {_span(start, end)} đúng hạn {rule_text(PUBLICITY_RULE)} (Điều 12.3 Luật 10/2022): "
                  f"{len(on_time)}/{len(every)} ({_rate(len(on_time), len(every))}).")


def _disclosure_late(unit, start, end) -> Figure:
    every, late = _disclosure_publications(unit, start, end)
    return _count("disclosure.disclosureitem", late,
                  f"Nội dung công khai {_span(start, end)} chậm so với hạn {rule_text(PUBLICITY_RULE)} (Điều 12.3 Luật "
                  f"10/2022): {len(late)}/{len(every)}.")


# --- information requests (Law on access to information 2016) ----------------------------------------


def _info_requests(unit, start, end):
    from danchu.inforequests.models import InfoRequest

    return InfoRequest.objects.filter(commune__path__startswith=unit.path, received_on__gte=start,
                                      received_on__lte=end).order_by("pk")


def _inforequests_received(unit, start, end) -> Figure:
    pks = list(_info_requests(unit, start, end).values_list("pk", flat=True))
    return Figure(Decimal(len(pks)), f"Số yêu cầu cung cấp thông tin nhận {_span(start, end)}.",
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


# --- community decisions (Law 10/2022 Art.15–24) -----------------------------------------------------


def _decisions_with_result(unit, start, end):
    """Contents residents decided in the period (the result date, Art.20.2), counted once: a commune-wide
    decision counts as one, not once per village part."""
    from danchu.decisions.domain import RESULT_STATES
    from danchu.decisions.models import Decision

    return Decision.objects.for_unit(unit).top_level().filter(state__in=RESULT_STATES, result_on__gte=start,
                                                              result_on__lte=end)


def _decisions_decided(unit, start, end) -> Figure:
    pks = list(_decisions_with_result(unit, start, end).values_list("pk", flat=True))
    return _count("decisions.decision", pks, f"Nội dung Nhân dân bàn và quyết định có kết quả {_span(start, end)} "
                                             f"(thông qua hoặc không thông qua): {len(pks)}.")


def _decisions_adopted(unit, start, end) -> Figure:
    from danchu.decisions.domain import State

    rows = list(_decisions_with_result(unit, start, end).values_list("pk", "state"))
    adopted = [pk for pk, state in rows if state != State.FAILED]
    return _count("decisions.decision", adopted,
                  f"Nội dung được Nhân dân thông qua {_span(start, end)}: {len(adopted)}/{len(rows)} nội dung có kết "
                  "quả (kể cả nội dung sau đó được công nhận, sửa đổi hoặc bãi bỏ).")


# --- consultations (Law 10/2022 Art.25–29) ----------------------------------------------------------


def _consultations_held(unit, start, end) -> Figure:
    from danchu.consultations.models import Consultation

    pks = list(Consultation.objects.filter(commune__path__startswith=unit.path, published_on__isnull=False,
                                           published_on__gte=start, published_on__lte=end)
               .values_list("pk", flat=True))
    return _count("consultations.consultation", pks,
                  f"Cuộc lấy ý kiến Nhân dân được công khai, bắt đầu lấy ý kiến {_span(start, end)}: {len(pks)}.")


# --- feedback (Law 10/2022 Art.35; NĐ 20/2008) --------------------------------------------------------


def _feedback(unit):
    from danchu.feedback.models import Feedback

    return Feedback.objects.for_unit(unit)


def _feedback_received(unit, start, end) -> Figure:
    pks = list(_feedback(unit).filter(received_at__date__gte=start, received_at__date__lte=end)
               .values_list("pk", flat=True))
    return _count("feedback.feedback", pks, f"Phản ánh, kiến nghị tiếp nhận {_span(start, end)}: {len(pks)}.")


def _feedback_answered_rows(unit, start, end):
    """Answered in the period and the answer stands: a feedback its reporter reopened is open again and not
    counted as answered (as the feedback app counts it)."""
    from danchu.feedback.domain import OPEN_STATES

    return list(_feedback(unit).filter(answered_at__isnull=False, answered_at__date__gte=start,
                                       answered_at__date__lte=end).exclude(state__in=OPEN_STATES)
                .values_list("pk", "answered_on_time"))


def _feedback_answered(unit, start, end) -> Figure:
    rows = _feedback_answered_rows(unit, start, end)
    return _count("feedback.feedback", [pk for pk, _t in rows],
                  f"Phản ánh, kiến nghị đã trả lời {_span(start, end)}: {len(rows)}.")


def _feedback_on_time(unit, start, end) -> Figure:
    rows = _feedback_answered_rows(unit, start, end)
    on_time = [pk for pk, ok in rows if ok]
    return _count("feedback.feedback", on_time,
                  f"Phản ánh, kiến nghị trả lời {_span(start, end)} trong thời hạn: {len(on_time)}/{len(rows)} "
                  f"({_rate(len(on_time), len(rows))}).")


def _feedback_rated_rows(unit, start, end):
    return list(_feedback(unit).filter(rating__isnull=False, rated_at__date__gte=start, rated_at__date__lte=end)
                .values_list("pk", "rating"))


def _feedback_rated(unit, start, end) -> Figure:
    rows = _feedback_rated_rows(unit, start, end)
    return _count("feedback.feedback", [pk for pk, _r in rows],
                  f"Phản ánh, kiến nghị được người dân đánh giá mức hài lòng {_span(start, end)}: {len(rows)}.")


def _feedback_satisfied(unit, start, end) -> Figure:
    from danchu.feedback.domain import is_satisfied

    rows = _feedback_rated_rows(unit, start, end)
    satisfied = [pk for pk, rating in rows if is_satisfied(rating)]
    return _count("feedback.feedback", satisfied,
                  f"Đánh giá hài lòng hoặc rất hài lòng {_span(start, end)}: {len(satisfied)}/{len(rows)} lượt đánh "
                  f"giá — tỷ lệ hài lòng {_rate(len(satisfied), len(rows))} (Điều 35.2.a Luật 10/2022).")


# --- citizen reception, complaints and denunciations, mediation (cases) ------------------------------


def _reception_sessions(unit, start, end) -> Figure:
    from danchu.cases.models import ReceptionSession

    last = min(end, clock.today())  # a session still to come has not been held
    pks = list(ReceptionSession.objects.filter(unit__path__startswith=unit.path, cancelled=False, day__gte=start,
                                               day__lte=last).values_list("pk", flat=True))
    return _count("cases.receptionsession", pks,
                  f"Buổi tiếp công dân (định kỳ và đột xuất, không tính lịch đã hủy) đã diễn ra {_span(start, last)}: "
                  f"{len(pks)}." if last >= start else "Kỳ báo cáo chưa bắt đầu.")


def _cases_decided(kind: str):
    def rows(unit, start, end):
        from danchu.cases.models import Case

        # on time: decided by the resolution deadline in force (extensions included), as the cases app counts it
        rows = Case.objects.for_unit(unit).filter(kind=kind, decided_on__gte=start, decided_on__lte=end)
        return [(pk, due is not None and decided <= due)
                for pk, decided, due in rows.values_list("pk", "decided_on", "resolve_due_on")]
    return rows


def _cases_resolved(kind: str, what: str):
    rows_of = _cases_decided(kind)

    def compute(unit, start, end) -> Figure:
        rows = rows_of(unit, start, end)
        return _count("cases.case", [pk for pk, _t in rows],
                      f"Đơn {what} đã giải quyết (ban hành quyết định, kết luận) {_span(start, end)}: {len(rows)}.")
    return compute


def _cases_on_time(kind: str, what: str):
    rows_of = _cases_decided(kind)

    def compute(unit, start, end) -> Figure:
        rows = rows_of(unit, start, end)
        on_time = [pk for pk, ok in rows if ok]
        return _count("cases.case", on_time,
                      f"Đơn {what} giải quyết {_span(start, end)} trong thời hạn giải quyết (kể cả gia hạn): "
                      f"{len(on_time)}/{len(rows)} ({_rate(len(on_time), len(rows))}).")
    return compute


def _mediations(unit):
    from danchu.cases.models import MediationCase

    return MediationCase.objects.filter(team__village__path__startswith=unit.path)


def _mediations_received(unit, start, end) -> Figure:
    pks = list(_mediations(unit).filter(received_on__gte=start, received_on__lte=end).values_list("pk", flat=True))
    return _count("cases.mediationcase", pks, f"Vụ việc hòa giải ở cơ sở tiếp nhận {_span(start, end)}: {len(pks)}.")


def _mediation_outcomes(unit, start, end):
    from danchu.cases.domain import MediationState

    rows = list(_mediations(unit).filter(state__in=[MediationState.SUCCESSFUL, MediationState.UNSUCCESSFUL],
                                         closed_on__gte=start, closed_on__lte=end).values_list("pk", "state"))
    return rows, [pk for pk, state in rows if state == MediationState.SUCCESSFUL]


def _mediations_concluded(unit, start, end) -> Figure:
    rows, _ok = _mediation_outcomes(unit, start, end)
    return _count("cases.mediationcase", [pk for pk, _s in rows],
                  f"Vụ việc hòa giải kết thúc {_span(start, end)} với kết quả thành hoặc không thành: {len(rows)}.")


def _mediations_successful(unit, start, end) -> Figure:
    rows, ok = _mediation_outcomes(unit, start, end)
    return _count("cases.mediationcase", ok,
                  f"Vụ việc hòa giải thành {_span(start, end)}: {len(ok)}/{len(rows)} vụ việc đã có kết quả "
                  f"({_rate(len(ok), len(rows))}).")


def _number(key: str, label, fn) -> Source:
    return Source(key, label, IndicatorKind.NUMBER, key.split(".", 1)[0], fn)


L = gettext_lazy
SOURCES: dict[str, Source] = {s.key: s for s in (
    _number("disclosure.published", L("Số nội dung đã công khai (sổ công khai)"), _disclosure_published),
    _number("disclosure.on_time", L("Số nội dung công khai đúng hạn"), _disclosure_on_time),
    _number("disclosure.late", L("Số nội dung công khai chậm so với thời hạn"), _disclosure_late),
    _number("inforequests.received", L("Số yêu cầu cung cấp thông tin đã nhận"), _inforequests_received),
    _number("inforequests.on_time", L("Số yêu cầu cung cấp thông tin giải quyết đúng hạn"), _inforequests_on_time),
    _number("decisions.decided", L("Số nội dung Nhân dân bàn và quyết định đã có kết quả"), _decisions_decided),
    _number("decisions.adopted", L("Số nội dung Nhân dân bàn và quyết định được thông qua"), _decisions_adopted),
    _number("consultations.held", L("Số cuộc lấy ý kiến Nhân dân đã tổ chức"), _consultations_held),
    _number("feedback.received", L("Số phản ánh, kiến nghị đã tiếp nhận"), _feedback_received),
    _number("feedback.answered", L("Số phản ánh, kiến nghị đã trả lời"), _feedback_answered),
    _number("feedback.on_time", L("Số phản ánh, kiến nghị trả lời đúng hạn"), _feedback_on_time),
    _number("feedback.rated", L("Số lượt đánh giá mức hài lòng về trả lời phản ánh"), _feedback_rated),
    _number("feedback.satisfied", L("Số lượt đánh giá hài lòng, rất hài lòng"), _feedback_satisfied),
    _number("cases.reception_sessions", L("Số buổi tiếp công dân đã tổ chức"), _reception_sessions),
    _number("cases.complaints_resolved", L("Số đơn khiếu nại đã giải quyết"),
            _cases_resolved("complaint", "khiếu nại")),
    _number("cases.complaints_on_time", L("Số đơn khiếu nại giải quyết đúng hạn"),
            _cases_on_time("complaint", "khiếu nại")),
    _number("cases.denunciations_resolved", L("Số đơn tố cáo đã giải quyết"),
            _cases_resolved("denunciation", "tố cáo")),
    _number("cases.denunciations_on_time", L("Số đơn tố cáo giải quyết đúng hạn"),
            _cases_on_time("denunciation", "tố cáo")),
    _number("cases.mediations_received", L("Số vụ việc hòa giải ở cơ sở đã tiếp nhận"), _mediations_received),
    _number("cases.mediations_concluded", L("Số vụ việc hòa giải đã có kết quả (thành, không thành)"),
            _mediations_concluded),
    _number("cases.mediations_successful", L("Số vụ việc hòa giải thành"), _mediations_successful),
)}


def source_choices() -> list[tuple[str, str]]:
    return [("", _("— nhập tay —"))] + [(s.key, s.label) for s in SOURCES.values() if s.available()]


# --- the records behind a figure -----------------------------------------------------------------------


@dataclass(frozen=True)
class RefKind:
    """How a record counted by a source is shown: a short label (never a person's name or contact) and the link
    to its page in its own app (which checks its own permissions)."""

    name: object  # a lazy translation
    fields: tuple[str, ...]
    text: Callable[[dict], str]
    url: Callable[[dict], tuple[str, tuple]]


def _title(row: dict, key: str = "title") -> str:
    text = row.get(key) or ""
    return text if len(text) <= 120 else text[:119] + "…"


REF_KINDS: dict[str, RefKind] = {
    "disclosure.disclosureitem": RefKind(
        gettext_lazy("Nội dung công khai"), ("pk", "commune_id", "title", "published_on"),
        lambda r: _title(r) + (_(" (công khai ngày %(d)s)") % {"d": _d(r["published_on"])} if r["published_on"]
                               else ""),
        lambda r: ("disclosure:staff-detail", (r["commune_id"], r["pk"]))),
    "inforequests.inforequest": RefKind(
        gettext_lazy("Yêu cầu cung cấp thông tin"), ("pk", "received_on"),
        lambda r: _("Yêu cầu số %(n)d, nhận ngày %(d)s") % {"n": r["pk"], "d": _d(r["received_on"])},
        lambda r: ("inforequests:request-detail", (r["pk"],))),
    "decisions.decision": RefKind(
        gettext_lazy("Nội dung Nhân dân bàn và quyết định"), ("pk", "title", "result_on"),
        lambda r: _title(r) + (_(" (có kết quả ngày %(d)s)") % {"d": _d(r["result_on"])} if r["result_on"] else ""),
        lambda r: ("decisions:decision-detail", (r["pk"],))),
    "consultations.consultation": RefKind(
        gettext_lazy("Cuộc lấy ý kiến Nhân dân"), ("pk", "title", "published_on"),
        lambda r: _title(r) + (_(" (từ ngày %(d)s)") % {"d": _d(r["published_on"])} if r["published_on"] else ""),
        lambda r: ("consultations:staff-detail", (r["pk"],))),
    "feedback.feedback": RefKind(
        gettext_lazy("Phản ánh, kiến nghị"), ("pk", "received_on"),
        lambda r: _("Phản ánh, kiến nghị số %(n)d, tiếp nhận ngày %(d)s") % {"n": r["pk"], "d": _d(r["received_on"])},
        lambda r: ("feedback:staff-detail", (r["pk"],))),
    "cases.receptionsession": RefKind(
        gettext_lazy("Buổi tiếp công dân"), ("pk", "day", "leader_title"),
        lambda r: _("Ngày %(d)s — %(t)s") % {"d": _d(r["day"]), "t": r["leader_title"]},
        lambda r: ("cases:session-detail", (r["pk"],))),
    "cases.case": RefKind(
        gettext_lazy("Hồ sơ đơn thư"), ("pk", "code", "decided_on"),
        lambda r: _("Hồ sơ %(c)s") % {"c": r["code"]} + (
            _(" (giải quyết ngày %(d)s)") % {"d": _d(r["decided_on"])} if r["decided_on"] else ""),
        lambda r: ("cases:case-detail", (r["pk"],))),
    "cases.mediationcase": RefKind(
        gettext_lazy("Vụ việc hòa giải ở cơ sở"), ("pk", "code", "received_on"),
        lambda r: _("Vụ việc %(c)s, tiếp nhận ngày %(d)s") % {"c": r["code"], "d": _d(r["received_on"])},
        lambda r: ("cases:mediation-detail", (r["pk"],))),
}

MAX_REFS_SHOWN = 200  # per figure; the rest are counted ("và N hồ sơ khác")


@dataclass(frozen=True)
class RefView:
    label: str
    text: str
    url: str | None


def describe_refs(groups: Iterable[list]) -> dict[tuple[str, int], RefView]:
    """The records behind several figures, read in one query per model: {(model label, pk): RefView}. A record
    that no longer exists is shown as such; an unknown model by its label and number."""
    wanted: dict[str, set[int]] = {}
    for refs in groups:
        for ref in (refs or [])[:MAX_REFS_SHOWN]:
            if isinstance(ref, (list, tuple)) and len(ref) == 2 and isinstance(ref[1], int):
                wanted.setdefault(str(ref[0]), set()).add(ref[1])
    out: dict[tuple[str, int], RefView] = {}
    for label, pks in wanted.items():
        kind = REF_KINDS.get(label)
        rows: dict[int, dict] = {}
        if kind is not None:
            app_label, _dot, model_name = label.partition(".")
            try:
                model = apps.get_model(app_label, model_name)
            except LookupError:
                model = None
            if model is not None:
                rows = {r["pk"]: r for r in model.objects.filter(pk__in=pks).values(*kind.fields)}
        for pk in pks:
            row = rows.get(pk)
            if kind is None:
                out[(label, pk)] = RefView(label, f"{label} #{pk}", None)
            elif row is None:
                out[(label, pk)] = RefView(kind.name, _("%(k)s số %(n)d (không còn trong hệ thống)")
                                           % {"k": kind.name, "n": pk}, None)
            else:
                name, args = kind.url(row)
                try:
                    url = reverse(name, args=args)
                except NoReverseMatch:
                    url = None
                out[(label, pk)] = RefView(kind.name, kind.text(row), url)
    return out


def refs_for(refs: list, described: dict[tuple[str, int], RefView]) -> tuple[list[RefView], int]:
    """The RefViews of one figure (at most MAX_REFS_SHOWN) and how many more there are."""
    refs = [r for r in (refs or []) if isinstance(r, (list, tuple)) and len(r) == 2]
    shown = [described[(str(r[0]), r[1])] for r in refs[:MAX_REFS_SHOWN] if (str(r[0]), r[1]) in described]
    return shown, max(0, len(refs) - MAX_REFS_SHOWN)
