"""The synthesis report (báo cáo tổng hợp ý kiến Nhân dân, Law 10/2022/QH15 Art.28.3–28.5) as .docx
(python-docx) and PDF (WeasyPrint), in the administrative format of Nghị định 30/2020/NĐ-CP (Phụ lục I): A4
portrait, Times New Roman 13–14 pt, issuing body top-left with its number "Số: /BC-UBND", national heading with
the underlined motto, place and date, title "BÁO CÁO" and its subject, numbered sections, the table of opinions
with what was accepted or explained, "Nơi nhận" and the signature block "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH".

The report is public (it is attached to disclosure item 11): it names no author — village and channel only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from danchu.core.documents import Letterhead, OfficialDocx, date_line, fmt_date, place_name, render_pdf
from danchu.units.domain import OrganisationKind
from danchu.units.models import Appointment

from . import domain
from .domain import Channel, Outcome, Stance


@dataclass
class ReportRow:
    number: int
    opinions: list[str]  # "Ý kiến số 3 (Khu vực 1, trực tuyến): …"
    summary: str
    outcome: str
    response: str


@dataclass
class Report:
    commune_name: str
    issuer_upper: str
    date_line: str
    subject: str
    sections: list[tuple[str, list[str]]]  # (heading, paragraphs)
    rows: list[ReportRow] = field(default_factory=list)
    receivers: list[str] = field(default_factory=list)
    chairman: str = ""


def _chairman(commune, on: date) -> str:
    return (
        Appointment.objects.active_on(on)
        .filter(position__organisation__unit=commune, position__organisation__kind=OrganisationKind.UBND,
                position__is_head=True, position__organisation__dissolved_on__isnull=True)
        .order_by("start").values_list("holder_name", flat=True).first()
    ) or ""


def opinion_label(o) -> str:
    where = o.village.name if o.village_id else _("không rõ thôn, tổ dân phố")
    people = _(", %(n)d người") % {"n": o.people_count} if o.people_count > 1 else ""
    return _("Ý kiến số %(n)d (%(where)s, %(channel)s%(people)s): %(text)s") % {
        "n": o.number, "where": where, "channel": Channel(o.channel).label, "people": people, "text": o.text}


def report_context(c, *, on: date) -> Report:
    """Everything the report says, in Vietnamese whatever the interface language (an official document)."""
    with translation.override(settings.LANGUAGE_CODE):
        return _report_context(c, on=on)


def _report_context(c, *, on: date) -> Report:
    from .services import synthesis_rows, tally_of

    opinions = list(c.opinions.select_related("village"))
    by_channel: dict[str, int] = {}
    for o in opinions:
        by_channel[o.channel] = by_channel.get(o.channel, 0) + 1
    t = tally_of(c)
    majority = domain.majority(t)
    majority_text = dict(Stance.choices).get(majority, _("không có ý kiến nào chiếm đa số")) if majority else _(
        "không có ý kiến nào chiếm đa số")
    organisation = [
        _("Nội dung lấy ý kiến: %(kind)s (%(art)s Luật Thực hiện dân chủ ở cơ sở).") % {
            "kind": c.content_short, "art": domain.content_article(c.content_kind)},
        _("Kế hoạch %(n)sđã gửi Hội đồng nhân dân và Ủy ban Mặt trận Tổ quốc Việt Nam %(c)s ngày %(d)s (khoản 1 "
          "Điều 28).") % {"n": f"số {c.plan_number} " if c.plan_number else "", "c": c.commune.name,
                          "d": fmt_date(c.plan_sent_on) or "—"},
        _("Nội dung được công khai ngày %(a)s; thời gian lấy ý kiến đến hết ngày %(b)s (%(days)d ngày, khoản 2 "
          "Điều 28).") % {"a": fmt_date(c.opens_on), "b": fmt_date(c.closes_on),
                          "days": domain.period_days(c.opens_on, c.closes_on)},
        _("Hình thức lấy ý kiến (Điều 26): %(f)s.") % {"f": "; ".join(c.form_labels())},
    ]
    result = [
        _("Tổng số ý kiến nhận được: %(n)d, thể hiện ý kiến của %(p)d người.") % {"n": len(opinions), "p": t.total},
        _("Theo kênh tiếp nhận: %(list)s.") % {"list": "; ".join(
            f"{Channel(ch).label}: {n}" for ch, n in sorted(by_channel.items())) or _("không có")},
        _("Tán thành dự thảo: %(a)d người; không tán thành: %(d)d người; ý kiến khác, đề xuất sửa đổi: %(o)d người. "
          "Ý kiến của đa số: %(m)s.") % {"a": t.agree, "d": t.disagree, "o": t.other, "m": majority_text},
    ]
    rows = []
    entry_rows = synthesis_rows(c)
    for i, (entry, ops) in enumerate(entry_rows, start=1):
        rows.append(ReportRow(number=i, opinions=[opinion_label(o) for o in ops], summary=entry.summary,
                              outcome=str(Outcome(entry.outcome).label), response=entry.response))
    # a working draft (before publication) also lists the opinions not yet accepted or explained
    numbered = {o.pk: o for _e, ops in entry_rows for o in ops}
    pending = [o for o in sorted(opinions, key=lambda o: o.pk) if not o.entry_id and o.pk not in numbered]
    for i, o in enumerate(pending, start=len(rows) + 1):
        o._number = sorted(x.pk for x in opinions).index(o.pk) + 1
        rows.append(ReportRow(number=i, opinions=[opinion_label(o)], summary="",
                              outcome=_("(chưa tiếp thu, giải trình)"), response=""))
    sections = [(_("I. KHÁI QUÁT VIỆC TỔ CHỨC LẤY Ý KIẾN"), organisation),
                (_("II. KẾT QUẢ TỔNG HỢP Ý KIẾN"), result),
                (_("III. TIẾP THU, GIẢI TRÌNH Ý KIẾN"), [] if rows else [_("Không nhận được ý kiến nào.")])]
    sections.append((_("IV. KẾT QUẢ TỔNG HỢP CHUNG"), [p for p in (c.synthesis_summary or "").splitlines() if p.strip()]
                     or ["—"]))
    if c.decision_outcome:
        decision = [_("%(a)s đã quyết định: %(o)s%(n)s.") % {
            "a": c.decision_authority, "o": c.get_decision_outcome_display(),
            "n": _(" (văn bản số %(n)s ngày %(d)s)") % {"n": c.decision_number, "d": fmt_date(c.decision_date)}
            if c.decision_number else ""}]
        if c.decision_summary:
            decision.append(c.decision_summary)
        if c.against_majority:
            decision.append(_("Quyết định khác với ý kiến của đa số Nhân dân. Giải thích của cơ quan có thẩm quyền "
                              "(khoản 4 Điều 28): %(e)s") % {"e": c.against_majority_explanation})
        sections.append((_("V. QUYẾT ĐỊNH CỦA CƠ QUAN CÓ THẨM QUYỀN"), decision))
    receivers = [
        _("- Thường trực HĐND %(c)s (khoản 5 Điều 28);") % {"c": c.commune.name},
        _("- Ban Thường trực Ủy ban MTTQ Việt Nam %(c)s;") % {"c": c.commune.name},
    ]
    if c.decision_authority and not c.decision_authority.endswith(c.commune.name):
        receivers.append(_("- %(a)s (khoản 4 Điều 28);") % {"a": c.decision_authority})
    receivers += [_("- Niêm yết tại trụ sở UBND và nhà văn hóa thôn, tổ dân phố;"), _("- Lưu: VT.")]
    return Report(
        commune_name=c.commune.name, issuer_upper=c.commune.name.upper(),
        date_line=date_line(place_name(c.commune.name), on),
        subject=_("Tổng hợp ý kiến Nhân dân về %(t)s") % {"t": c.title},
        sections=sections, rows=rows, receivers=receivers, chairman=_chairman(c.commune, on))


def table_headers() -> list[str]:
    return [_("STT"), _("Ý kiến (thôn, tổ dân phố; kênh tiếp nhận)"), _("Tiếp thu / giải trình"),
            _("Nội dung tiếp thu, giải trình")]


def letterhead(report: Report) -> Letterhead:
    return Letterhead(authority=_("ỦY BAN NHÂN DÂN"), issuer=report.issuer_upper, number=_("Số:       /BC-UBND"),
                      date_line=report.date_line)


def build_report_pdf(report: Report) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return render_pdf("consultations/documents/report.html", {
            "r": report, "head": letterhead(report), "headers": table_headers()})


def build_report_docx(report: Report) -> bytes:
    """The report on the NĐ 30/2020 page (core.documents): heading, title, the sections with the table of opinions
    in section III, "Nơi nhận" and the signature."""
    with translation.override(settings.LANGUAGE_CODE):
        doc = OfficialDocx()
        doc.letterhead(letterhead(report))
        doc.title(_("BÁO CÁO"), report.subject)
        for heading, paragraphs in report.sections:
            doc.para(heading, bold=True, before=6, indent=True)
            for text in paragraphs:
                doc.para(text, indent=True, align="justify", after=3)
            if heading.startswith("III.") and report.rows:
                _opinion_table(doc, report)
        doc.receivers_and_signature(report.receivers, on_behalf=_("TM. ỦY BAN NHÂN DÂN"), role=_("CHỦ TỊCH"),
                                    name=report.chairman)
        return doc.bytes()


def _opinion_table(doc: OfficialDocx, report: Report) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    widths = [Mm(12), Mm(70), Mm(25), Mm(58)]
    table = doc.document.add_table(rows=1, cols=len(widths))
    table.style = "Table Grid"
    for cell, text, width in zip(table.rows[0].cells, table_headers(), widths, strict=True):
        cell.width = width
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.run(cell.paragraphs[0], text, bold=True, size=12)
    header = OxmlElement("w:tblHeader")  # the header row repeats on every page
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)
    for row in report.rows:
        cells = table.add_row().cells
        lines = ([row.summary] if row.summary else []) + row.opinions
        values = [[str(row.number)], lines, [row.outcome], [row.response]]
        for cell, value, width in zip(cells, values, widths, strict=True):
            cell.width = width
            doc.run(cell.paragraphs[0], value[0] if value else "", size=12,
                    bold=bool(value is lines and row.summary))
            for line in value[1:]:
                doc.run(cell.add_paragraph(), line, size=12)
        cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
