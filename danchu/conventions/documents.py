"""The recognition decision of a convention with the recognised text as its annex, as .docx (python-docx) and PDF
(WeasyPrint), in the administrative format of Nghị định 30/2020/NĐ-CP (Phụ lục I): A4 portrait, Times New Roman
13–14 pt, issuing body top-left with its short rule, national heading with the underlined motto, number and
place-date line, title and subject, legal bases, articles, "Nơi nhận" and the signature block; the annex starts on
a new page with the title and "(Ban hành kèm theo Quyết định số …)".

The wording follows the structure of the recognition decision of NĐ61 Art.11.3.b (Mẫu 03 of its appendix, whose
exact text was not available in the project's reference: the articles below are the project's own wording) and
is always Vietnamese, whatever the interface language.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Convention

_PREFIXES = ("Phường ", "Xã ", "Thị trấn ", "Đặc khu ")


def place_name(unit_name: str) -> str:
    """"Phường Cái Khế" → "Cái Khế" (NĐ 30/2020 Phụ lục I: the place in the date line)."""
    for prefix in _PREFIXES:
        if unit_name.startswith(prefix):
            return unit_name[len(prefix):]
    return unit_name


def date_line(place: str, on: date) -> str:
    """Days below 10 and the months 1 and 2 take a leading zero (NĐ 30/2020 Phụ lục I)."""
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return _("%(place)s, ngày %(d)s tháng %(m)s năm %(y)d") % {"place": place, "d": f"{on.day:02d}", "m": month,
                                                                "y": on.year}


@dataclass
class Decision:
    issuer_upper: str
    number: str
    date_line: str
    subject: str
    authority: str
    bases: list[str]
    articles: list[str]
    receivers: list[str]
    signer: str
    annex_title: str
    annex_subtitle: str
    annex_lines: list[str] = field(default_factory=list)


def decision_content(convention: Convention) -> Decision:
    """The text of the decision, from the recorded facts (adoption vote, dossier, decision number and date)."""
    if convention.in_force_version_id is None:
        raise ValueError("only a recognised convention has a recognition decision")
    with translation.override(settings.LANGUAGE_CODE):
        return _content(convention)


def _content(convention: Convention) -> Decision:
    commune, village, version = convention.village.parent, convention.village, convention.in_force_version
    kind = convention.get_kind_display()
    vote = convention.votes.filter(version=version, outcome="adopted").order_by("-held_on").first()
    decided = version.recognised_on
    bases = [
        _("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;"),
        _("Căn cứ Luật Thực hiện dân chủ ở cơ sở ngày 10 tháng 11 năm 2022;"),
        _("Căn cứ Nghị định số 61/2023/NĐ-CP ngày 16 tháng 8 năm 2023 của Chính phủ về xây dựng và thực hiện "
          "hương ước, quy ước của cộng đồng dân cư;"),
    ]
    request = _("Xét đề nghị của Trưởng %(v)s") % {"v": village.name}
    if convention.submitted_on:
        request += _(" tại hồ sơ đề nghị công nhận gửi ngày %(d)s") % {"d": convention.submitted_on.strftime("%d/%m/%Y")}
    bases.append(request + ".")
    adopted = ""
    if vote is not None:
        adopted = _(", được cộng đồng dân cư thông qua ngày %(d)s với %(a)d/%(t)d hộ gia đình tán thành "
                    "(%(m)s)") % {"d": vote.held_on.strftime("%d/%m/%Y"), "a": vote.approve, "t": vote.households_total,
                                  "m": vote.get_method_display().lower()}
    articles = [
        _("Điều 1. Công nhận %(k)s %(t)s%(adopted)s (kèm theo toàn văn).") % {
            "k": kind.lower(), "t": _strip_kind(convention.title, kind), "adopted": adopted},
        _("Điều 2. Quyết định này có hiệu lực kể từ ngày ký. %(k)s được công nhận có hiệu lực thi hành trên địa bàn "
          "%(v)s.") % {"k": kind, "v": village.name},
        _("Điều 3. Văn phòng Ủy ban nhân dân %(c)s, Trưởng %(v)s, Ban công tác Mặt trận %(v)s và các tổ chức, cá nhân "
          "có liên quan chịu trách nhiệm thi hành Quyết định này.") % {"c": commune.name, "v": village.name},
    ]
    receivers = [
        _("- Như Điều 3;"),
        _("- Ban Thường trực Ủy ban MTTQ Việt Nam %(c)s;") % {"c": commune.name},
        _("- Trưởng %(v)s;") % {"v": village.name},
        _("- Lưu: VT."),
    ]
    return Decision(
        issuer_upper=commune.name.upper(),
        number=_("Số: %(n)s") % {"n": version.recognition_number},
        date_line=date_line(place_name(commune.name), decided),
        subject=_("Về việc công nhận %(t)s") % {"t": _lower_first(convention.title)},
        authority=_("ỦY BAN NHÂN DÂN %(c)s") % {"c": commune.name.upper()},
        bases=bases, articles=articles, receivers=receivers, signer=convention.signer,
        annex_title=convention.title.upper(),
        annex_subtitle=_("(Ban hành kèm theo Quyết định số %(n)s ngày %(d)s của Ủy ban nhân dân %(c)s)") % {
            "n": version.recognition_number, "d": decided.strftime("%d/%m/%Y"), "c": commune.name},
        annex_lines=[line for line in version.text.splitlines()],
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _strip_kind(title: str, kind: str) -> str:
    """"Quy ước Khu vực 1 về …" → "Khu vực 1 về …" after "Công nhận quy ước"."""
    return title[len(kind) + 1:] if title.lower().startswith(kind.lower() + " ") else title


def build_docx(d: Decision) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(0)

    def para(container, text="", *, bold=False, italic=False, size=None, align=None, underline=False,
             before=0, after=0, indent=False):
        p = (container or document).add_paragraph()
        if align is not None:
            p.alignment = align
        p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(before), Pt(after)
        if indent:
            p.paragraph_format.first_line_indent = Mm(10)
        if text:
            run = p.add_run(text)
            run.bold, run.italic, run.underline = bold, italic, underline
            if size:
                run.font.size = Pt(size)
        return p

    def short_rule(p, indent_mm):
        p.paragraph_format.left_indent = p.paragraph_format.right_indent = Mm(indent_mm)
        borders, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        p._p.get_or_add_pPr().append(borders)

    center, justify = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
    head = document.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.width, right.width = Mm(62), Mm(103)
    lp = left.paragraphs[0]
    lp.alignment = center
    lp.add_run(_("ỦY BAN NHÂN DÂN")).font.size = Pt(13)
    short_rule(para(left, d.issuer_upper, bold=True, size=13, align=center), 15)
    para(left, d.number, size=13, align=center, before=6)
    rp = right.paragraphs[0]
    rp.alignment = center
    run = rp.add_run(_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
    run.bold, run.font.size = True, Pt(13)
    para(right, _("Độc lập - Tự do - Hạnh phúc"), bold=True, underline=True, align=center)
    para(right, d.date_line, italic=True, align=center, before=6)

    para(None, _("QUYẾT ĐỊNH"), bold=True, align=center, before=18)
    para(None, d.subject, bold=True, align=center)
    para(None, "", after=6)
    para(None, d.authority, bold=True, align=center, after=6)
    for line in d.bases:
        para(None, line, italic=True, align=justify, indent=True, after=3)
    para(None, _("QUYẾT ĐỊNH:"), bold=True, align=center, before=6, after=6)
    for line in d.articles:
        p = para(None, align=justify, indent=True, after=6)
        head_text, _sep, rest = line.partition(". ")
        p.add_run(head_text + ". ").bold = True
        p.add_run(rest)

    sign = document.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    left.width, right.width = Mm(85), Mm(80)
    lp = left.paragraphs[0]
    lp.paragraph_format.space_before = Pt(12)
    run = lp.add_run(_("Nơi nhận:"))
    run.bold, run.italic, run.font.size = True, True, Pt(12)
    for line in d.receivers:
        para(left, line, size=11)
    rp = right.paragraphs[0]
    rp.alignment = center
    rp.paragraph_format.space_before = Pt(12)
    rp.add_run(_("TM. ỦY BAN NHÂN DÂN")).bold = True
    para(right, _("CHỦ TỊCH"), bold=True, align=center, after=60)
    if d.signer:
        para(right, d.signer, bold=True, align=center)

    page_break = document.add_paragraph().add_run()
    page_break.add_break(WD_BREAK.PAGE)
    para(None, d.annex_title, bold=True, align=center)
    para(None, d.annex_subtitle, italic=True, align=center, after=12)
    for line in d.annex_lines:
        is_heading = line.strip().upper().startswith(("CHƯƠNG", "PHẦN"))
        para(None, line, bold=is_heading, align=center if is_heading else justify, indent=not is_heading, after=3)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_pdf(d: Decision) -> bytes:
    from weasyprint import HTML

    html = render_to_string("conventions/documents/recognition.html", {"d": d})
    return HTML(string=html).write_pdf()


def file_name(convention: Convention, extension: str) -> str:
    from danchu.core.text import fold

    return f"quyet-dinh-cong-nhan-{fold(convention.title).replace(' ', '-')[:60]}.{extension}"
