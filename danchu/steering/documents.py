"""Documents of the roll-up: the summary report as .xlsx (openpyxl), .docx (python-docx) and PDF (WeasyPrint).

The .docx and PDF are laid out on the one page of the platform's official documents (core.documents, Nghị định
30/2020/NĐ-CP Phụ lục I): the committee's heading and number ("Số: …/BC-BCĐ"), the place and date line, the title
"BÁO CÁO" and its summary line, the body (a short text and the table of indicators by unit), "Nơi nhận" and the
signature block. The table is laid out landscape, which NĐ 30 allows for a document made of a table.

Figures are those of `services.rollup` — the same numbers as the screen — and the document says how many
reports were filed under pre-2025 units and rolled into today's units through the lineage.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from danchu.core.documents import Letterhead, OfficialDocx, date_line, place_name, render_pdf

from .selectors.rollup import Rollup
from .values import IndicatorKind, format_number

ISSUER = "BAN CHỈ ĐẠO THỰC HIỆN DÂN CHỦ Ở CƠ SỞ"
NUMBER = "Số:       /BC-BCĐ"
TITLE = "BÁO CÁO"
ON_BEHALF = "TM. BAN CHỈ ĐẠO"
SIGNER_ROLE = "TRƯỞNG BAN"
RECEIVERS = ["- Ban Chỉ đạo cấp trên (để báo cáo);", "- Ban Dân vận, Ủy ban MTTQ Việt Nam cùng cấp;",
             "- Các thành viên Ban Chỉ đạo;", "- Lưu: VT."]


def letterhead_for(result: Rollup, on: date) -> Letterhead:
    """The heading of the report: the steering committee of the scope's level, the place and date (NĐ 30/2020)."""
    scope = result.scope
    return Letterhead(issuer=ISSUER, authority=scope.name.upper(), number=NUMBER,
                      date_line=date_line(place_name(scope.name), on))


def subtitle(result: Rollup) -> str:
    return f"{result.template.title} — {result.label}".strip(" —")


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


def _grid(doc: OfficialDocx, headers: list[str], lines: list[list], bold_lines: list[list], centred,
          *, repeat_header: bool = False) -> None:
    """A bordered table in 11 pt: the header row bold, the `bold_lines` bold, the columns `centred(i)` centred."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = doc.table([headers, *lines], size=11)
    if repeat_header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
    bold = {id(line) for line in bold_lines}
    for row, values in zip(table.rows[1:], lines, strict=True):
        for i, cell in enumerate(row.cells):
            paragraph = cell.paragraphs[0]
            for run in paragraph.runs:
                run.bold = id(values) in bold
            if centred(i):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def rollup_docx(result: Rollup, *, on: date) -> bytes:
    """The report on the NĐ 30/2020 page (core.documents), landscape for its table."""
    headers, rows, total = table(result)
    doc = OfficialDocx(landscape=True, font_size=13)
    doc.letterhead(letterhead_for(result, on))
    doc.para(TITLE, bold=True, size=14, align="center", before=18)
    doc.para(subtitle(result), bold=True, size=14, align="center", after=12)
    for text in body_paragraphs(result):
        doc.para(text, align="justify", indent=True, after=6, size=14)
    _grid(doc, headers, [*rows, total], [total], lambda i: i != 1, repeat_header=True)
    for title, table_headers, lines, total_lines in table_sections(result):
        doc.para(title, bold=True, before=12, after=6, size=14)
        # figures centred, names to the left
        _grid(doc, table_headers, [*lines, *total_lines], total_lines,
              lambda i, h=table_headers: h[i] not in ("Đơn vị", "Dòng"))
    for label, items in texts(result):
        doc.para(label, bold=True, before=12, size=14)
        for unit_label, text in items:
            doc.para(f"- {unit_label}: {text}", align="justify", size=14)
    doc.receivers_and_signature(RECEIVERS, role=SIGNER_ROLE, on_behalf=ON_BEHALF)
    return doc.bytes()


def rollup_pdf(result: Rollup, *, on: date) -> bytes:
    """The same report as a PDF: steering/documents/rollup.html on the page of core/documents/base.html."""
    headers, rows, total = table(result)
    return render_pdf("steering/documents/rollup.html", {
        "head": letterhead_for(result, on), "landscape": True, "title": TITLE, "subtitle": subtitle(result),
        "on_behalf": ON_BEHALF, "signer_role": SIGNER_ROLE, "receivers": RECEIVERS, "headers": headers,
        "rows": rows, "total": total, "body": body_paragraphs(result), "texts": texts(result),
        "tables": table_sections(result)})
