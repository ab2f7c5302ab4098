"""Indicators filled from platform data, with the figure traceable to its records.

Steering is the read-mostly oversight app of the house style (§8.2 "supervision"): it reads the other apps only
through their small documented read interface (`<app>/reporting.py`: counts of a unit's subtree and a period, and
the few facts a report may show of a record), never their tables, never writes them, and imports them lazily so
that an app which is not installed simply offers no source. Each source returns the value, a Vietnamese explanation of how it was counted
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
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core import clock
from danchu.core.legal_rules import rule_text

from .values import IndicatorKind


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


# --- disclosure (Law 10/2022 Art.11–12) ------------------------------------------------------------

PUBLICITY_RULE = "grassroots.publicity_deadline"  # the deadline to publish (Art.12.3)


def _disclosure_published(unit, start, end) -> Figure:
    from danchu.disclosure import reporting

    pks = reporting.published_items(unit, start, end)
    return _count("disclosure.disclosureitem", pks, f"Số nội dung đã công khai trên sổ công khai {_span(start, end)} "
                                                    f"({len(pks)} nội dung).")


def _disclosure_on_time(unit, start, end) -> Figure:
    from danchu.disclosure import reporting

    every, late = reporting.publications(unit, start, end)
    on_time = every - late
    return _count("disclosure.disclosureitem", on_time,
                  f"Nội dung công khai {_span(start, end)} đúng hạn {rule_text(PUBLICITY_RULE)} (Điều 12.3 Luật "
                  f"10/2022): {len(on_time)}/{len(every)} ({_rate(len(on_time), len(every))}).")


def _disclosure_late(unit, start, end) -> Figure:
    from danchu.disclosure import reporting

    every, late = reporting.publications(unit, start, end)
    return _count("disclosure.disclosureitem", late,
                  f"Nội dung công khai {_span(start, end)} chậm so với hạn {rule_text(PUBLICITY_RULE)} (Điều 12.3 "
                  f"Luật 10/2022): {len(late)}/{len(every)}.")


# --- information requests (Law on access to information 2016) --------------------------------------


def _inforequests_received(unit, start, end) -> Figure:
    from danchu.inforequests import reporting

    pks = reporting.received_requests(unit, start, end)
    return Figure(Decimal(len(pks)), f"Số yêu cầu cung cấp thông tin nhận {_span(start, end)}.",
                  [["inforequests.inforequest", pk] for pk in pks])


def _inforequests_on_time(unit, start, end) -> Figure:
    from danchu.inforequests import reporting

    closed, on_time = reporting.closed_requests(unit, start, end)
    return Figure(Decimal(len(on_time)), f"Yêu cầu nhận trong kỳ đã giải quyết đúng hạn: {len(on_time)}/{len(closed)}.",
                  [["inforequests.inforequest", pk] for pk in on_time])


# --- community decisions (Law 10/2022 Art.15–24) ---------------------------------------------------


def _decisions(unit, start, end) -> list[tuple[int, bool]]:
    from danchu.decisions import reporting

    return reporting.decisions_with_result(unit, start, end)


def _decisions_decided(unit, start, end) -> Figure:
    pks = [pk for pk, _adopted in _decisions(unit, start, end)]
    return _count("decisions.decision", pks, f"Nội dung Nhân dân bàn và quyết định có kết quả {_span(start, end)} "
                                             f"(thông qua hoặc không thông qua): {len(pks)}.")


def _decisions_adopted(unit, start, end) -> Figure:
    rows = _decisions(unit, start, end)
    adopted = [pk for pk, ok in rows if ok]
    return _count("decisions.decision", adopted,
                  f"Nội dung được Nhân dân thông qua {_span(start, end)}: {len(adopted)}/{len(rows)} nội dung có kết "
                  "quả (kể cả nội dung sau đó được công nhận, sửa đổi hoặc bãi bỏ).")


# --- consultations (Law 10/2022 Art.25–29) ---------------------------------------------------------


def _consultations_held(unit, start, end) -> Figure:
    from danchu.consultations import reporting

    pks = reporting.published_consultations(unit, start, end)
    return _count("consultations.consultation", pks,
                  f"Cuộc lấy ý kiến Nhân dân được công khai, bắt đầu lấy ý kiến {_span(start, end)}: {len(pks)}.")


# --- feedback (Law 10/2022 Art.35; NĐ 20/2008) -----------------------------------------------------


def _feedback_received(unit, start, end) -> Figure:
    from danchu.feedback import reporting

    pks = reporting.received_feedback(unit, start, end)
    return _count("feedback.feedback", pks, f"Phản ánh, kiến nghị tiếp nhận {_span(start, end)}: {len(pks)}.")


def _feedback_answered_rows(unit, start, end) -> list[tuple[int, bool]]:
    from danchu.feedback import reporting

    return reporting.answered_feedback(unit, start, end)


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


def _feedback_rated_rows(unit, start, end) -> list[tuple[int, bool]]:
    from danchu.feedback import reporting

    return reporting.rated_feedback(unit, start, end)


def _feedback_rated(unit, start, end) -> Figure:
    rows = _feedback_rated_rows(unit, start, end)
    return _count("feedback.feedback", [pk for pk, _s in rows],
                  f"Phản ánh, kiến nghị được người dân đánh giá mức hài lòng {_span(start, end)}: {len(rows)}.")


def _feedback_satisfied(unit, start, end) -> Figure:
    rows = _feedback_rated_rows(unit, start, end)
    satisfied = [pk for pk, ok in rows if ok]
    return _count("feedback.feedback", satisfied,
                  f"Đánh giá hài lòng hoặc rất hài lòng {_span(start, end)}: {len(satisfied)}/{len(rows)} lượt đánh "
                  f"giá — tỷ lệ hài lòng {_rate(len(satisfied), len(rows))} (Điều 35.2.a Luật 10/2022).")


# --- citizen reception, complaints and denunciations, mediation (cases) ----------------------------


def _reception_sessions(unit, start, end) -> Figure:
    from danchu.cases import reporting

    last = min(end, clock.today())  # a session still to come has not been held
    pks = reporting.reception_sessions(unit, start, last)
    return _count("cases.receptionsession", pks,
                  f"Buổi tiếp công dân (định kỳ và đột xuất, không tính lịch đã hủy) đã diễn ra {_span(start, last)}: "
                  f"{len(pks)}." if last >= start else "Kỳ báo cáo chưa bắt đầu.")


def _cases_decided(kind: str):
    def rows(unit, start, end) -> list[tuple[int, bool]]:
        from danchu.cases import reporting

        return reporting.decided_cases(unit, kind, start, end)
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


def _mediations_received(unit, start, end) -> Figure:
    from danchu.cases import reporting

    pks = reporting.mediations_received(unit, start, end)
    return _count("cases.mediationcase", pks, f"Vụ việc hòa giải ở cơ sở tiếp nhận {_span(start, end)}: {len(pks)}.")


def _mediation_outcomes(unit, start, end) -> list[tuple[int, bool]]:
    from danchu.cases import reporting

    return reporting.mediation_outcomes(unit, start, end)


def _mediations_concluded(unit, start, end) -> Figure:
    rows = _mediation_outcomes(unit, start, end)
    return _count("cases.mediationcase", [pk for pk, _s in rows],
                  f"Vụ việc hòa giải kết thúc {_span(start, end)} với kết quả thành hoặc không thành: {len(rows)}.")


def _mediations_successful(unit, start, end) -> Figure:
    rows = _mediation_outcomes(unit, start, end)
    ok = [pk for pk, success in rows if success]
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


# --- the records behind a figure -------------------------------------------------------------------


@dataclass(frozen=True)
class RefKind:
    """How a record counted by a source is shown: a short label (never a person's name or contact) and the link
    to its page in its own app (which checks its own permissions)."""

    name: object  # a lazy translation
    facts: str  # the read function of the record's app (its reporting.py) that returns {pk: facts}
    text: Callable[[dict], str]
    url: Callable[[dict], tuple[str, tuple]]

    def read(self, pks) -> dict[int, dict]:
        """The facts of the records `pks` through their app's read interface; nothing when it is not installed."""
        if not apps.is_installed(self.facts.partition(".reporting.")[0]):
            return {}
        return import_string(self.facts)(pks)


def _title(row: dict, key: str = "title") -> str:
    text = row.get(key) or ""
    return text if len(text) <= 120 else text[:119] + "…"


REF_KINDS: dict[str, RefKind] = {
    "disclosure.disclosureitem": RefKind(
        gettext_lazy("Nội dung công khai"), "danchu.disclosure.reporting.item_facts",
        lambda r: _title(r) + (_(" (công khai ngày %(d)s)") % {"d": _d(r["published_on"])} if r["published_on"]
                               else ""),
        lambda r: ("disclosure:staff-detail", (r["commune_id"], r["pk"]))),
    "inforequests.inforequest": RefKind(
        gettext_lazy("Yêu cầu cung cấp thông tin"), "danchu.inforequests.reporting.request_facts",
        lambda r: _("Yêu cầu số %(n)d, nhận ngày %(d)s") % {"n": r["pk"], "d": _d(r["received_on"])},
        lambda r: ("inforequests:request-detail", (r["pk"],))),
    "decisions.decision": RefKind(
        gettext_lazy("Nội dung Nhân dân bàn và quyết định"), "danchu.decisions.reporting.decision_facts",
        lambda r: _title(r) + (_(" (có kết quả ngày %(d)s)") % {"d": _d(r["result_on"])} if r["result_on"] else ""),
        lambda r: ("decisions:decision-detail", (r["pk"],))),
    "consultations.consultation": RefKind(
        gettext_lazy("Cuộc lấy ý kiến Nhân dân"), "danchu.consultations.reporting.consultation_facts",
        lambda r: _title(r) + (_(" (từ ngày %(d)s)") % {"d": _d(r["published_on"])} if r["published_on"] else ""),
        lambda r: ("consultations:staff-detail", (r["pk"],))),
    "feedback.feedback": RefKind(
        gettext_lazy("Phản ánh, kiến nghị"), "danchu.feedback.reporting.feedback_facts",
        lambda r: _("Phản ánh, kiến nghị số %(n)d, tiếp nhận ngày %(d)s") % {"n": r["pk"], "d": _d(r["received_on"])},
        lambda r: ("feedback:staff-detail", (r["pk"],))),
    "cases.receptionsession": RefKind(
        gettext_lazy("Buổi tiếp công dân"), "danchu.cases.reporting.session_facts",
        lambda r: _("Ngày %(d)s — %(t)s") % {"d": _d(r["day"]), "t": r["leader_title"]},
        lambda r: ("cases:session-detail", (r["pk"],))),
    "cases.case": RefKind(
        gettext_lazy("Hồ sơ đơn thư"), "danchu.cases.reporting.case_facts",
        lambda r: _("Hồ sơ %(c)s") % {"c": r["code"]} + (
            _(" (giải quyết ngày %(d)s)") % {"d": _d(r["decided_on"])} if r["decided_on"] else ""),
        lambda r: ("cases:case-detail", (r["pk"],))),
    "cases.mediationcase": RefKind(
        gettext_lazy("Vụ việc hòa giải ở cơ sở"), "danchu.cases.reporting.mediation_facts",
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
        rows = kind.read(pks) if kind is not None else {}
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
