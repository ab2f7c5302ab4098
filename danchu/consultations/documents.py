"""The synthesis report (báo cáo tổng hợp ý kiến Nhân dân, Law 10/2022/QH15 Art.28.3–28.5) as .docx
(python-docx) and PDF (WeasyPrint), in the administrative format of Nghị định 30/2020/NĐ-CP (Phụ lục I): A4
portrait, Times New Roman 13–14 pt, issuing body top-left with its number "Số: /BC-UBND", national heading with
the underlined motto, place and date, title "BÁO CÁO" and its subject, numbered sections, the table of opinions
with what was accepted or explained, "Nơi nhận" and the signature block "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH".

The report is public (it is attached to disclosure item 11): it names no author — village and channel only.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from danchu.disclosure.documents import date_line, place_name
from danchu.units.domain import OrganisationKind
from danchu.units.models import Appointment

from . import domain
from .domain import Channel, Outcome, Stance


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


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
                          "d": _d(c.plan_sent_on) or "—"},
        _("Nội dung được công khai ngày %(a)s; thời gian lấy ý kiến đến hết ngày %(b)s (%(days)d ngày, khoản 2 "
          "Điều 28).") % {"a": _d(c.opens_on), "b": _d(c.closes_on),
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
            "n": _(" (văn bản số %(n)s ngày %(d)s)") % {"n": c.decision_number, "d": _d(c.decision_date)}
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


def build_report_pdf(report: Report) -> bytes:
    from weasyprint import HTML

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("consultations/documents/report.html", {
            "r": report, "headers": table_headers()})
    return HTML(string=html).write_pdf()


def build_report_docx(report: Report) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    with translation.override(settings.LANGUAGE_CODE):
        headers = table_headers()
        labels = {"ỦY BAN NHÂN DÂN": _("ỦY BAN NHÂN DÂN"), "Số:       /BC-UBND": _("Số:       /BC-UBND"),
                  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                  "Độc lập - Tự do - Hạnh phúc": _("Độc lập - Tự do - Hạnh phúc"), "BÁO CÁO": _("BÁO CÁO"),
                  "Nơi nhận:": _("Nơi nhận:"), "TM. ỦY BAN NHÂN DÂN": _("TM. ỦY BAN NHÂN DÂN"),
                  "CHỦ TỊCH": _("CHỦ TỊCH")}
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)

    def para(container, text="", *, bold=False, italic=False, size=None, align=None, underline=False,
             space_before=0, space_after=0, indent=False):
        p = container.add_paragraph() if container is not None else document.add_paragraph()
        if align is not None:
            p.alignment = align
        p.paragraph_format.space_before = Pt(space_before)
        p.paragraph_format.space_after = Pt(space_after)
        if indent:
            p.paragraph_format.first_line_indent = Mm(10)
        if text:
            run = p.add_run(text)
            run.bold, run.italic, run.underline = bold, italic, underline
            if size:
                run.font.size = Pt(size)
        return p

    def short_rule(p, indent_mm):
        p.paragraph_format.left_indent = Mm(indent_mm)
        p.paragraph_format.right_indent = Mm(indent_mm)
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        p._p.get_or_add_pPr().append(borders)

    # NĐ 30/2020 Phụ lục I, ô số 1–4: issuing body and number (left), national heading and date (right)
    head = document.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    lp = left.paragraphs[0]
    lp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    lp.add_run(labels["ỦY BAN NHÂN DÂN"]).font.size = Pt(13)
    p = para(left, report.issuer_upper, bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    short_rule(p, 20)
    para(left, labels["Số:       /BC-UBND"], size=13, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=6)
    rp = right.paragraphs[0]
    rp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = rp.add_run(labels["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    run.bold = True
    run.font.size = Pt(13)
    para(right, labels["Độc lập - Tự do - Hạnh phúc"], bold=True, size=14, underline=True,
         align=WD_ALIGN_PARAGRAPH.CENTER)
    para(right, report.date_line, italic=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=6)

    para(None, labels["BÁO CÁO"], bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=18)
    para(None, report.subject, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)

    for heading, paragraphs in report.sections:
        para(None, heading, bold=True, space_before=6, indent=True)
        for text in paragraphs:
            para(None, text, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=3)
        if heading.startswith("III.") and report.rows:
            widths = [Mm(12), Mm(70), Mm(25), Mm(58)]
            table = document.add_table(rows=1, cols=len(widths))
            table.style = "Table Grid"
            for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
                cell.width = width
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
                r = cell.paragraphs[0].add_run(text)
                r.bold = True
                r.font.size = Pt(12)
            tr_pr = table.rows[0]._tr.get_or_add_trPr()
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            tr_pr.append(header)
            for row in report.rows:
                cells = table.add_row().cells
                lines = ([row.summary] if row.summary else []) + row.opinions
                values = [[str(row.number)], lines, [row.outcome], [row.response]]
                for cell, value, width in zip(cells, values, widths, strict=True):
                    cell.width = width
                    first = cell.paragraphs[0].add_run(value[0] if value else "")
                    first.font.size = Pt(12)
                    if value is lines and row.summary:
                        first.bold = True
                    for line in value[1:]:
                        cell.add_paragraph().add_run(line).font.size = Pt(12)
                cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER

    sign = document.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    left.width, right.width = Mm(85), Mm(80)
    lp = left.paragraphs[0]
    lp.paragraph_format.space_before = Pt(12)
    run = lp.add_run(labels["Nơi nhận:"])
    run.bold, run.italic = True, True
    run.font.size = Pt(12)
    for line in report.receivers:
        para(left, line, size=11)
    rp = right.paragraphs[0]
    rp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    rp.paragraph_format.space_before = Pt(12)
    rp.add_run(labels["TM. ỦY BAN NHÂN DÂN"]).bold = True
    para(right, labels["CHỦ TỊCH"], bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(right, "", space_after=60)
    if report.chairman:
        para(right, report.chairman, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
