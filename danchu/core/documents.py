"""Official documents in the administrative format of Nghị định 30/2020/NĐ-CP (Phụ lục I), .docx and PDF.

One page setup for every document the platform issues: A4 (portrait, or landscape for a wide table), margins
20 mm top and bottom, 30 mm left, 15 mm right; Times New Roman 13–14 pt; the issuing body top left with a short
rule and the number; the national heading with the underlined motto top right, then the place and date line; the
title; the body; "Nơi nhận" and the signature block.

    doc = OfficialDocx()
    doc.letterhead(Letterhead(authority="ỦY BAN NHÂN DÂN", issuer="XÃ AN BÌNH", number="Số: 12/TB-UBND",
                              date_line=date_line("An Bình", on)))
    doc.title("THÔNG BÁO", "Về việc thụ lý đơn khiếu nại")
    doc.body(["Căn cứ …", "…"])
    doc.receivers_and_signature(["- Như trên;", "- Lưu: VT."], on_behalf="TM. ỦY BAN NHÂN DÂN",
                                role="CHỦ TỊCH", name="Nguyễn Văn A")
    data = doc.bytes()

The PDF twin is an HTML template extending `core/documents/base.html` (same page, same heading), rendered by
`render_pdf(template, context)` with WeasyPrint. Documents are always written in Vietnamese: callers build them
under `translation.override(settings.LANGUAGE_CODE)` (or inside a `@service`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

UNIT_PREFIXES = ("Phường ", "Xã ", "Thị trấn ", "Đặc khu ", "Thành phố ", "Tỉnh ", "Quận ", "Huyện ", "Thị xã ")
FONT = "Times New Roman"


def place_name(unit_name: str) -> str:
    """The place in the date line: the unit's name without its kind ("Phường Cái Khế" → "Cái Khế")."""
    for prefix in UNIT_PREFIXES:
        if unit_name.startswith(prefix):
            return unit_name[len(prefix):]
    return unit_name


def date_line(place: str, on: date) -> str:
    """"Cái Khế, ngày 05 tháng 3 năm 2026": NĐ 30/2020 writes days below 10 and the months 1 and 2 with a
    leading zero."""
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return _("%(place)s, ngày %(d)s tháng %(m)s năm %(y)d") % {"place": place, "d": f"{on.day:02d}", "m": month,
                                                                "y": on.year}


def fmt_date(value) -> str:
    """dd/mm/yyyy, or "" for nothing; accepts a date or an ISO string."""
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def _align(name: str):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    return {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
            "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[name]


@dataclass
class Letterhead:
    """The two heading boxes of Phụ lục I: the issuing body (ô 1, with the number, ô 3) and the national heading
    with the place and date (ô 2, ô 4)."""

    issuer: str  # "XÃ AN BÌNH" (bold, with the short rule under it)
    authority: str = ""  # the line above it: "ỦY BAN NHÂN DÂN", "UBND THÀNH PHỐ CẦN THƠ" ("" for none)
    number: str = ""  # "Số: 12/TB-UBND"
    date_line: str = ""
    rule_under_issuer: bool = True


@dataclass
class Signature:
    role: str
    name: str = ""
    note: str = ""  # "(Ký, ghi rõ họ tên)"


class OfficialDocx:
    """A python-docx document with the NĐ 30/2020 page, and the few building blocks every form uses."""

    def __init__(self, *, landscape: bool = False, font_size: int = 14):
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        self.document = Document()
        self.landscape = landscape
        section = self.document.sections[0]
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            section.page_width, section.page_height = Mm(297), Mm(210)
        else:
            section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
        normal = self.document.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(font_size)
        normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.space_before = Pt(0)

    @property
    def text_width_mm(self) -> int:
        return (297 if self.landscape else 210) - 45

    # --- building blocks --------------------------------------------------------------------------

    def para(self, text: str = "", *, container=None, bold: bool = False, italic: bool = False,
             size: float | None = None, align: str | None = None, underline: bool = False, before: float = 0,
             after: float = 0, indent: bool = False):
        """One paragraph in the body (or in a table cell: `container`). `align`: left, center, right, justify."""
        from docx.shared import Mm, Pt

        p = (container or self.document).add_paragraph()
        if align:
            p.alignment = _align(align)
        p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(before), Pt(after)
        if indent:
            p.paragraph_format.first_line_indent = Mm(10)
        if text:
            self.run(p, text, bold=bold, italic=italic, size=size, underline=underline)
        return p

    @staticmethod
    def run(paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
            underline: bool = False):
        from docx.shared import Pt

        r = paragraph.add_run(text)
        r.bold, r.italic, r.underline = bold, italic, underline
        if size:
            r.font.size = Pt(size)
        return r

    @staticmethod
    def short_rule(paragraph, indent_mm: float) -> None:
        """A short line under a paragraph (a bottom border between two indents), as under the issuing body."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm

        paragraph.paragraph_format.left_indent = Mm(indent_mm)
        paragraph.paragraph_format.right_indent = Mm(indent_mm)
        borders, bottom = OxmlElement("w:pBdr"), OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
            bottom.set(qn(key), value)
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().append(borders)

    def letterhead(self, head: Letterhead) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Mm

        table = self.document.add_table(rows=1, cols=2)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        left, right = table.rows[0].cells
        wide = self.text_width_mm
        left.width, right.width = Mm(round(wide * 0.42)), Mm(wide - round(wide * 0.42))
        first = left.paragraphs[0]
        first.alignment = _align("center")
        if head.authority:
            self.run(first, head.authority, size=13)
            issuer = self.para(head.issuer or " ", container=left, bold=True, size=13, align="center")
        else:
            self.run(first, head.issuer or " ", bold=True, size=13)
            issuer = first
        if head.rule_under_issuer:
            self.short_rule(issuer, round(wide * 0.42 * 0.28))
        if head.number:
            self.para(head.number, container=left, size=13, align="center", before=6)
        national = right.paragraphs[0]
        national.alignment = _align("center")
        self.run(national, _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), bold=True, size=13)
        self.para(_("Độc lập - Tự do - Hạnh phúc"), container=right, bold=True, size=14, underline=True,
                  align="center")
        if head.date_line:
            self.para(head.date_line, container=right, italic=True, size=14, align="center", before=6)

    def title(self, title: str, subtitle: str = "", *, before: float = 18, after: float = 12) -> None:
        self.para(title, bold=True, align="center", before=before, after=0 if subtitle else after)
        if subtitle:
            self.para(subtitle, bold=True, align="center", after=after)

    def body(self, paragraphs, *, after: float = 6) -> None:
        for text in paragraphs:
            self.para(text, align="justify", indent=True, after=after)

    def table(self, rows: list[list], *, header_rows: int = 1, widths_mm: list[float] | None = None,
              size: float | None = None):
        """A grid table; the first `header_rows` rows bold and centred."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Mm, Pt

        if not rows:
            return None
        table = self.document.add_table(rows=0, cols=max(len(r) for r in rows))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, row in enumerate(rows):
            cells = table.add_row().cells
            for j, (cell, value) in enumerate(zip(cells, row, strict=False)):
                p = cell.paragraphs[0]
                r = p.add_run("" if value is None else str(value))
                r.bold = i < header_rows
                if size:
                    r.font.size = Pt(size)
                if i < header_rows:
                    p.alignment = _align("center")
                if widths_mm and j < len(widths_mm):
                    cell.width = Mm(widths_mm[j])
        return table

    def receivers_and_signature(self, receivers: list[str], *, role: str, name: str = "", on_behalf: str = "",
                                note: str = "") -> None:
        """"Nơi nhận" (left) and the signature block (right): on behalf of ("TM. ỦY BAN NHÂN DÂN"), the
        signer's role, room for the signature and seal, the name."""
        from docx.shared import Mm, Pt

        table = self.document.add_table(rows=1, cols=2)
        left, right = table.rows[0].cells
        wide = self.text_width_mm
        left.width, right.width = Mm(round(wide * 0.52)), Mm(wide - round(wide * 0.52))
        lp = left.paragraphs[0]
        lp.paragraph_format.space_before = Pt(12)
        if receivers:
            self.run(lp, _("Nơi nhận:"), bold=True, italic=True, size=12)
            for line in receivers:
                self.para(line, container=left, size=11)
        rp = right.paragraphs[0]
        rp.alignment = _align("center")
        rp.paragraph_format.space_before = Pt(12)
        if on_behalf:
            self.run(rp, on_behalf, bold=True)
            self.para(role, container=right, bold=True, align="center")
        else:
            self.run(rp, role, bold=True)
        if note:
            self.para(note, container=right, italic=True, size=13, align="center")
        self.para("", container=right, after=60)
        if name:
            self.para(name, container=right, bold=True, align="center")

    def signatures(self, signatures: list[Signature], *, per_row: int = 2) -> None:
        """Several signers side by side (minutes: chair and secretary, the count team, witnesses)."""
        from docx.shared import Pt

        table = self.document.add_table(rows=0, cols=per_row)
        for i in range(0, len(signatures), per_row):
            cells = table.add_row().cells
            for cell, sig in zip(cells, signatures[i:i + per_row], strict=False):
                p = cell.paragraphs[0]
                p.alignment = _align("center")
                p.paragraph_format.space_before = Pt(12)
                self.run(p, sig.role, bold=True)
                self.para(sig.note or _("(Ký, ghi rõ họ tên)"), container=cell, italic=True, size=13,
                          align="center", after=48)
                self.para(sig.name or " ", container=cell, bold=True, align="center")

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def render_pdf(template: str, context: dict) -> bytes:
    """A PDF from an HTML template that extends core/documents/base.html (WeasyPrint)."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    return HTML(string=render_to_string(template, context)).write_pdf()


def docx_text(data: bytes) -> str:
    """All the text of a .docx (paragraphs and table cells, in order): for tests and leak checks."""
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.extend(p.text for p in cell.paragraphs)
    return "\n".join(parts)


@dataclass
class Paper:
    """A one-signer administrative document (thông báo, quyết định, công văn): what `build_paper_docx` and the
    template core/documents/paper.html lay out."""

    letterhead: Letterhead
    title: str
    subtitle: str = ""
    addressee: str = ""
    paragraphs: list[str] = field(default_factory=list)
    receivers: list[str] = field(default_factory=list)
    on_behalf: str = ""
    signer_role: str = ""
    signer: str = ""


def build_paper_docx(paper: Paper) -> bytes:
    doc = OfficialDocx()
    doc.letterhead(paper.letterhead)
    doc.title(paper.title, paper.subtitle, after=0 if paper.addressee else 12)
    if paper.addressee:
        doc.para(paper.addressee, align="center", after=12)
    doc.body(paper.paragraphs)
    doc.receivers_and_signature(paper.receivers, role=paper.signer_role, name=paper.signer,
                                on_behalf=paper.on_behalf)
    return doc.bytes()


def build_paper_pdf(paper: Paper) -> bytes:
    return render_pdf("core/documents/paper.html", {"paper": paper, "head": paper.letterhead})


__all__ = ["FONT", "Letterhead", "OfficialDocx", "Paper", "Signature", "build_paper_docx", "build_paper_pdf",
           "date_line", "docx_text", "fmt_date", "place_name", "render_pdf"]
