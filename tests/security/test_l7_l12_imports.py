"""L7: a staff .xlsx import with 8 M shared strings took 72 s of CPU.
L12: a TCVN3 conversion turned "đường" into "Đường" in the middle of an address."""

import io
import zipfile

import pytest

from danchu.core.tabular import TableError, read_table


def _xlsx_with_shared_strings(n: int) -> bytes:
    """A minimal valid workbook whose shared-string table holds 4 real texts and `n` tiny ones (compresses
    to little: the attack of the review)."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxml'
            'formats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet '
            'name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
            '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row></sheetData></worksheet>'),
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, text in parts.items():
            dst.writestr(name, text.encode())
        body = ("<si><t>Họ tên</t></si><si><t>Địa chỉ</t></si><si><t>Nguyễn Văn An</t></si><si><t>Số 1</t></si>"
                ).encode()
        dst.writestr("xl/sharedStrings.xml", f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{main}" '
                     f'count="{n + 4}" uniqueCount="{n + 4}">'.encode() + body + b"<si><t>x</t></si>" * n
                     + b"</sst>")
    return out.getvalue()


def test_millions_of_shared_strings_are_refused_before_openpyxl_reads_them():
    data = _xlsx_with_shared_strings(8_000_000)
    assert len(data) < 5 * 1024 * 1024  # within the upload limit
    with pytest.raises(TableError) as caught:
        read_table(data, "ho-dan.xlsx")
    assert caught.value.code == "too_large"


def test_an_ordinary_workbook_still_reads():
    table = read_table(_xlsx_with_shared_strings(10), "ho-dan.xlsx")
    assert table.rows[0]["Họ tên"] == "Nguyễn Văn An"


@pytest.mark.parametrize("text", ["Số 12, đường Mậu Thân", "Tổ 3, ấp Mỹ Ái, xã Đông Thạnh", "Khu vực 1, ăn uống"])
def test_tcvn3_keeps_a_lower_case_d_with_stroke_in_the_middle_of_an_address(text):
    from danchu.core.legacy_encodings import TCVN3, convert_legacy, encode_legacy

    converted = convert_legacy(encode_legacy(text, TCVN3), TCVN3)
    assert converted.split(", ")[1].startswith(text.split(", ")[1][0])  # the second part keeps its case
    assert "đường" in convert_legacy(encode_legacy("Số 12, đường Mậu Thân", TCVN3), TCVN3)


def test_title_case_names_still_get_their_capitals():
    from danchu.core.legacy_encodings import TCVN3, convert_legacy, encode_legacy

    assert convert_legacy(encode_legacy("Nguyễn Thị Ánh", TCVN3), TCVN3) == "Nguyễn Thị Ánh"
    assert convert_legacy(encode_legacy("ĐẮK LẮK", TCVN3), TCVN3) == "ĐẮK LẮK"
