"""Documents of the roll-up: the summary report as .xlsx (openpyxl), .docx (python-docx) and PDF (WeasyPrint).

The .docx and PDF follow the administrative format of Nghị định 30/2020/NĐ-CP (Phụ lục I): A4, Times New Roman
13–14 pt, issuing body top-left with the short rule, the national heading with the underlined motto top-right,
number and symbol ("Số: …/BC-BCĐ"), place and date line, title "BÁO CÁO" and summary line, body (a short text
and the table of indicators by unit), "Nơi nhận" bottom-left and the signature block bottom-right. The table is
laid out landscape, which NĐ 30 allows for a document made of a table.

Figures are those of `services.rollup` — the same numbers as the screen — and the document says how many
reports were filed under pre-2025 units and rolled into today's units through the lineage.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.template.loader import render_to_string

from .domain import IndicatorKind, format_number
from .services import Rollup

_PREFIXES = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Thị trấn ", "Đặc khu ")


def place_name(unit_name: str) -> str:
    """The place in the date line: "Thành phố Cần Thơ" → "Cần Thơ" (NĐ 30/2020 Phụ lục I, mục II.4)."""
    for prefix in _PREFIXES:
        if unit_name.startswith(prefix):
            return unit_name[len(prefix):]
    return unit_name


def date_line(place: str, on: date) -> str:
    """"Cần Thơ, ngày 05 tháng 01 năm 2026": days < 10 and months 1, 2 take a leading zero (NĐ 30/2020)."""
    month = f"{on.month:02d}" if on.month <= 2 else str(on.month)
    return f"{place}, ngày {on.day:02d} tháng {month} năm {on.year}"


@dataclass
class Heading:
    issuer_top: str  # "BAN CHỈ ĐẠO THỰC HIỆN DÂN CHỦ Ở CƠ SỞ"
    issuer_unit: str  # "THÀNH PHỐ CẦN THƠ"
    number: str
    date_line: str
    title: str
    subtitle: str
    signer_title: str
    receivers: list[str]


def heading_for(result: Rollup, on: date) -> Heading:
    scope = result.scope
    return Heading(
        issuer_top="BAN CHỈ ĐẠO THỰC HIỆN DÂN CHỦ Ở CƠ SỞ",
        issuer_unit=scope.name.upper(),
        number="Số:       /BC-BCĐ",
        date_line=date_line(place_name(scope.name), on),
        title="BÁO CÁO",
        subtitle=f"{result.template.title} — {result.label}".strip(" —"),
        signer_title="TRƯỞNG BAN",
        receivers=["- Ban Chỉ đạo cấp trên (để báo cáo);", "- Ban Dân vận, Ủy ban MTTQ Việt Nam cùng cấp;",
                   "- Các thành viên Ban Chỉ đạo;", "- Lưu: VT."],
    )


def _cell_text(agg, kind: str) -> str:
    if agg is None or not agg.reports:
        return "—"
    if kind == IndicatorKind.TEXT:
        return f"{len(agg.texts)} ý kiến"
    return agg.display


def _title(ind) -> str:
    return f"{ind.code}. {ind.label}" + (f" ({ind.measure})" if ind.measure else "")


def table(result: Rollup) -> tuple[list[str], list[list[str]], list[str]]:
    """Headers, one row per unit (drill-down level), and the total row — as the screen shows them. Table
    indicators have their own tables (`table_sections`)."""
    indicators = result.grid_indicators
    headers = ["STT", "Đơn vị", "Số báo cáo"] + [_title(ind) for ind in indicators]
    rows = []
    for n, row in enumerate(result.rows, start=1):
        reports = str(row.reports) + (f" (gồm {row.legacy_reports} của đơn vị cũ)" if row.legacy_reports else "")
        rows.append([str(n), row.unit.name, reports]
                    + [_cell_text(row.cells.get(ind.pk), ind.kind) for ind in indicators])
    total = ["", "Tổng cộng", str(result.reports)] + [
        _cell_text(result.total.get(ind.pk), ind.kind) for ind in indicators]
    return headers, rows, total


def _number_text(value) -> str:
    return "—" if value is None else (format_number(value) if isinstance(value, Decimal) else str(value))


def table_sections(result: Rollup, *, as_text: bool = True) -> list[tuple[str, list[str], list[list], list[list]]]:
    """Each table indicator as (title, headers, lines, total lines): its number columns added up per unit and
    fixed row ("Dòng"), or per unit with the number of rows given when the rows are free. `as_text` formats the
    figures the Vietnamese way ("—" when no report gave them, the unit named once); otherwise cells are numbers
    and every line names its unit (a spreadsheet to filter)."""
    out = []
    for section in result.tables():
        free = not section.spec.fixed
        headers = ["Đơn vị"] + ([] if free else ["Dòng"]) + section.columns + (["Số dòng"] if free else [])

        def line(name, label, sums, n_lines, free=free):
            cells = [name] + ([] if free else [label]) + list(sums) + ([n_lines] if free else [])
            return [_number_text(c) if as_text and not isinstance(c, str) else c for c in cells]

        lines = [line(unit.name if k == 0 or not as_text else "", label, sums, n)
                 for unit, unit_lines in section.rows for k, (label, sums, n, _r) in enumerate(unit_lines)]
        total = [line("Tổng cộng" if k == 0 or not as_text else "", label, sums, n)
                 for k, (label, sums, n, _r) in enumerate(section.total)]
        out.append((_title(section.indicator), headers, lines, total))
    return out


def body_paragraphs(result: Rollup) -> list[str]:
    start, end = result.start.strftime("%d/%m/%Y"), result.end.strftime("%d/%m/%Y")
    text = [
        # the title keeps its case: "Kết luận 120-KL/TW" must not become "kết luận 120-kl/tw"
        f"Thực hiện {result.template.title or 'mẫu báo cáo'}, "
        f"Ban Chỉ đạo tổng hợp {result.reports} báo cáo của các đơn vị thuộc {result.scope.name} "
        f"kỳ từ ngày {start} đến ngày {end} (chỉ tính các báo cáo đã gửi, không tính báo cáo đang soạn "
        f"hoặc bị trả lại) như sau:",
    ]
    if result.legacy_reports:
        text.append(
            f"Trong đó có {result.legacy_reports} báo cáo lập trước ngày 01/7/2025 của các đơn vị hành chính cũ "
            f"({legacy_names(result)}) được cộng vào đơn vị hiện nay theo quan hệ kế thừa khi sắp xếp "
            "đơn vị hành chính (Nghị quyết số 1668/NQ-UBTVQH15).")
    return text


def legacy_names(result: Rollup) -> str:
    names = ", ".join(result.legacy_units)
    more = result.legacy_unit_count - len(result.legacy_units)
    return f"{names} và {more} đơn vị khác" if more > 0 else names


def texts(result: Rollup) -> list[tuple[str, list[tuple[str, str]]]]:
    """Text indicators and the text cells of tables: (indicator, [(unit, text), …]) — listed, never summed."""
    out = []
    for ind in result.indicators:
        if ind.kind in (IndicatorKind.TEXT, IndicatorKind.TABLE) and result.total.get(ind.pk) \
                and result.total[ind.pk].texts:
            out.append((f"{ind.code}. {ind.label}", result.total[ind.pk].texts))
    return out


# --- .xlsx -----------------------------------------------------------------------------------------


# Text a spreadsheet would run as a formula (OWASP "CSV injection"): = + - @ and the tab/CR that some programs skip.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def sheet_text(value):
    """A text cell of the .xlsx: characters XML cannot hold removed, and text that starts like a formula
    prefixed with an apostrophe (as the platform's CSV exports do), so that no program ever runs it."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_START) else value


def _append(ws, values) -> None:
    """Append a row; every text cell is stored as text, never as a formula."""
    ws.append([sheet_text(v) for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _sheet_number(value):
    """A figure of the spreadsheet: an int when whole, else a float; None stays an empty cell."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    return value


def rollup_xlsx(result: Rollup) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = "Tổng hợp"
    _append(ws, [f"{result.template.title} — {result.label}"])
    ws["A1"].font = Font(bold=True, size=13)
    _append(ws, [f"Địa bàn: {result.scope.name}. Kỳ: {result.start:%d/%m/%Y} – {result.end:%d/%m/%Y}. "
                 f"Số báo cáo: {result.reports} (trong đó {result.legacy_reports} của đơn vị trước 01/7/2025)."])
    ws.append([])
    indicators = result.grid_indicators
    headers = ["Đơn vị", "Mã đơn vị", "Số báo cáo", "Báo cáo của đơn vị cũ"] + [_title(ind) for ind in indicators]
    _append(ws, headers)
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")

    def values(cells):
        out = []
        for ind in indicators:
            agg = cells.get(ind.pk)
            if agg is None or not agg.reports:
                out.append(None)
            elif ind.kind == IndicatorKind.NUMBER:
                out.append(float(agg.total) if agg.total != agg.total.to_integral() else int(agg.total))
            elif ind.kind == IndicatorKind.BOOLEAN:
                out.append(f"{agg.yes}/{agg.answered}")
            else:
                out.append(len(agg.texts))
        return out

    for row in result.rows:
        _append(ws, [row.unit.name, row.unit.code, row.reports, row.legacy_reports] + values(row.cells))
    _append(ws, ["Tổng cộng", "", result.reports, result.legacy_reports] + values(result.total))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    for i in range(1, len(headers) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 28 if i == 1 else 16
    for n, (title, table_headers, lines, total_lines) in enumerate(table_sections(result, as_text=False), start=1):
        ws3 = wb.create_sheet(f"Bảng {n}")
        _append(ws3, [title])
        ws3["A1"].font = Font(bold=True, size=13)
        _append(ws3, table_headers)
        for cell in ws3[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for values_ in [*lines, *total_lines]:
            _append(ws3, [_sheet_number(v) for v in values_])
        for row_cells in ws3.iter_rows(min_row=ws3.max_row - len(total_lines) + 1):
            for cell in row_cells:
                cell.font = Font(bold=True)
        ws3.freeze_panes = "B3"
        for i in range(1, len(table_headers) + 1):
            ws3.column_dimensions[get_column_letter(i)].width = 28 if i <= 2 else 16
    notes = texts(result)
    if notes:
        ws2 = wb.create_sheet("Ý kiến")
        _append(ws2, ["Chỉ tiêu", "Đơn vị (kỳ)", "Nội dung"])
        for cell in ws2[1]:
            cell.font = Font(bold=True)
        for label, items in notes:
            for unit_label, text in items:
                _append(ws2, [label, unit_label, text])
        for col, width in (("A", 40), ("B", 30), ("C", 80)):
            ws2.column_dimensions[col].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- .docx (NĐ 30/2020) ----------------------------------------------------------------------------


def rollup_docx(result: Rollup, *, on: date) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    heading = heading_for(result, on)
    headers, rows, total = table(result)
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(0)

    def para(container, text="", *, bold=False, italic=False, size=None, align=None, underline=False,
             before=0, after=0, first_indent=None):
        p = container.add_paragraph() if container is not None else document.add_paragraph()
        if align is not None:
            p.alignment = align
        p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(before), Pt(after)
        if first_indent:
            p.paragraph_format.first_line_indent = Mm(first_indent)
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

    center = WD_ALIGN_PARAGRAPH.CENTER
    head = document.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.width, right.width = Mm(110), Mm(142)
    lp = left.paragraphs[0]
    lp.alignment = center
    lp.add_run(heading.issuer_unit).font.size = Pt(13)
    p = para(left, heading.issuer_top, bold=True, align=center)
    short_rule(p, 35)
    para(left, heading.number, align=center, before=6)
    rp = right.paragraphs[0]
    rp.alignment = center
    run = rp.add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    run.bold = True
    para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14, underline=True, align=center)
    para(right, heading.date_line, italic=True, size=14, align=center, before=6)

    para(None, heading.title, bold=True, size=14, align=center, before=18)
    para(None, heading.subtitle, bold=True, size=14, align=center, after=12)
    for text in body_paragraphs(result):
        para(None, text, align=WD_ALIGN_PARAGRAPH.JUSTIFY, first_indent=10, after=6, size=14)

    def grid(table_headers, lines, bold_lines, centred, repeat_header=False):
        """A bordered table: bold header row, 11 pt cells, the `bold_lines` bold, columns `centred(i)` centred."""
        table = document.add_table(rows=1, cols=len(table_headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, table_headers, strict=True):
            cell.paragraphs[0].alignment = center
            r = cell.paragraphs[0].add_run(text)
            r.bold = True
            r.font.size = Pt(11)
        if repeat_header:
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            table.rows[0]._tr.get_or_add_trPr().append(repeat)
        for values in lines:
            cells = table.add_row().cells
            for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
                r = cell.paragraphs[0].add_run(text)
                r.font.size = Pt(11)
                r.bold = any(values is b for b in bold_lines)
                if centred(i):
                    cell.paragraphs[0].alignment = center

    grid(headers, [*rows, total], [total], lambda i: i != 1, repeat_header=True)
    for title, table_headers, lines, total_lines in table_sections(result):
        para(None, title, bold=True, before=12, after=6, size=14)
        # figures centred, names to the left
        grid(table_headers, [*lines, *total_lines], total_lines,
             lambda i, h=table_headers: h[i] not in ("Đơn vị", "Dòng"))
    for label, items in texts(result):
        para(None, label, bold=True, before=12, size=14)
        for unit_label, text in items:
            para(None, f"- {unit_label}: {text}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, size=14)

    sign = document.add_table(rows=1, cols=2)
    left, right = sign.rows[0].cells
    left.width, right.width = Mm(130), Mm(122)
    lp = left.paragraphs[0]
    lp.paragraph_format.space_before = Pt(12)
    run = lp.add_run("Nơi nhận:")
    run.bold = run.italic = True
    run.font.size = Pt(12)
    for line in heading.receivers:
        para(left, line, size=11)
    rp = right.paragraphs[0]
    rp.alignment = center
    rp.paragraph_format.space_before = Pt(12)
    rp.add_run("TM. BAN CHỈ ĐẠO").bold = True
    para(right, heading.signer_title, bold=True, align=center)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def rollup_pdf(result: Rollup, *, on: date) -> bytes:
    from weasyprint import HTML

    headers, rows, total = table(result)
    html = render_to_string("steering/documents/rollup.html", {
        "heading": heading_for(result, on), "headers": headers, "rows": rows, "total": total,
        "body": body_paragraphs(result), "texts": texts(result), "tables": table_sections(result)})
    return HTML(string=html).write_pdf()
