"""Reading uploaded CSV/XLSX lists and writing exports (no database)."""

import datetime as dt
import io
import unicodedata
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from danchu.core.legacy_encodings import TCVN3, VNI, encode_legacy
from danchu.core.tabular import (
    Table,
    TableError,
    header_key,
    match_headers,
    parse_date,
    read_table,
    write_csv,
    write_xlsx,
)

HEADERS = ["Họ và tên chủ hộ", "Địa chỉ", "Số CCCD", "Ngày sinh"]
ROWS = [
    ["Nguyễn Thị Ánh Tuyết", "Phường Cái Khế", "092184001234", "12/03/1980"],
    ["Trần Văn Đức", "Ấp Mỹ Ái", "0123", "01/01/1975"],
    ["Lê Văn Tám", "Khu vực Bình Dương A", "", "30/04/1990"],
]
SPEC = {
    "head_name": ["Họ và tên chủ hộ", "Chủ hộ"],
    "address": ["Địa chỉ", "Nơi ở"],
    "id_number": ["Số CCCD", "CCCD"],
    "phone": ["Số điện thoại"],
}
TONES = "\u0300\u0301\u0303\u0309\u0323"


def csv_text(headers=HEADERS, rows=ROWS, sep=","):
    return "\r\n".join(sep.join(r) for r in [headers, *rows]) + "\r\n"


def expected_rows(headers=HEADERS, rows=ROWS):
    return [dict(zip(headers, r, strict=True)) for r in rows]


def to_cp1258(text: str) -> bytes:
    """Windows-1258: precomposed base letters (ă â ê ô ơ ư đ) followed by a combining tone mark."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append(base.encode("cp1258") + "".join(c for c in parts if c in TONES).encode("cp1258"))
    return b"".join(out)


def mojibake(text: str) -> str:
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def xlsx_bytes(rows, title="Danh sách") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- CSV encodings ---


def test_it_reads_utf8_csv_with_bom():
    table = read_table(csv_text().encode("utf-8-sig"), "ho.csv")
    assert isinstance(table, Table)
    assert table.headers == HEADERS
    assert table.rows == expected_rows()
    assert table.encoding == "utf-8-sig"
    assert table.converted_from is None
    assert table.line_numbers == [2, 3, 4]


def test_it_reads_utf8_csv_without_bom_and_normalises_to_nfc():
    table = read_table(unicodedata.normalize("NFD", csv_text()).encode(), "ho.csv")
    assert table.rows == expected_rows()
    assert all(unicodedata.is_normalized("NFC", v) for row in table.rows for v in row.values())


def test_it_reads_cp1258_csv():
    table = read_table(to_cp1258(csv_text()), "ho.csv")
    assert table.encoding == "cp1258"
    assert table.converted_from is None
    assert table.headers == HEADERS
    assert table.rows == expected_rows()


def test_it_reads_excel_unicode_text_in_utf16():
    data = csv_text(sep="\t").encode("utf-16")
    table = read_table(data, "ho.txt")
    assert table.encoding == "utf-16"
    assert table.rows == expected_rows()


def test_it_reads_utf16_without_bom():
    table = read_table(csv_text(sep="\t").encode("utf-16-le"), "ho.txt")
    assert table.rows == expected_rows()


@pytest.mark.parametrize("codec", ["latin-1", "utf-8"])
def test_it_converts_a_tcvn3_csv(codec):
    # codec: raw TCVN3 bytes, or Excel's "CSV UTF-8" of a sheet typed in .VnTime
    data = encode_legacy(csv_text(), TCVN3).encode(codec)
    table = read_table(data, "ho.csv")
    assert table.converted_from == "tcvn3"
    assert table.headers == HEADERS
    assert table.rows == expected_rows()


def test_it_converts_known_tcvn3_bytes():
    data = "Tªn th«n,X·\r\nTh«n §«ng,X· Hµ Néi\r\nCÇn Th¬,B¶o Th¾ng\r\n".encode("latin-1")
    table = read_table(data, "thon.csv")
    assert table.converted_from == "tcvn3"
    assert table.headers == ["Tên thôn", "Xã"]
    assert table.rows == [{"Tên thôn": "Thôn Đông", "Xã": "Xã Hà Nội"}, {"Tên thôn": "Cần Thơ", "Xã": "Bảo Thắng"}]


def test_it_converts_a_vni_csv():
    table = read_table(encode_legacy(csv_text(), VNI).encode("cp1252"), "ho.csv")
    assert table.converted_from == "vni"
    assert table.rows == expected_rows()


def test_it_converts_known_vni_bytes():
    data = "Teân,Tænh\r\nCaàn Thô,Vieät Nam\r\n".encode("cp1252")
    table = read_table(data, "ho.csv")
    assert table.converted_from == "vni"
    assert table.rows == [{"Tên": "Cần Thơ", "Tỉnh": "Việt Nam"}]


def test_it_fixes_a_double_utf8_csv():
    table = read_table(mojibake(csv_text()).encode("utf-8"), "ho.csv")
    assert table.converted_from == "double-utf8"
    assert table.headers == HEADERS
    assert table.rows == expected_rows()


def test_it_leaves_unicode_cells_of_a_tcvn3_file_alone():
    text = "Hä tªn,Ghi chó\r\nTrÇn V¨n §øc,Đã chuyển về Cần Thơ\r\nNguyÔn ThÞ Hoa,ë nhµ\r\n"
    table = read_table(text.encode("utf-8"), "ho.csv")
    assert table.converted_from == "tcvn3"
    assert table.rows[0] == {"Họ tên": "Trần Văn Đức", "Ghi chú": "Đã chuyển về Cần Thơ"}


def test_it_does_not_convert_plain_ascii():
    data = b"name,city\r\nNguyen Van A,Can Tho\r\nJohn Smith,London\r\n"
    table = read_table(data, "people.csv")
    assert table.converted_from is None
    assert table.rows[0] == {"name": "Nguyen Van A", "city": "Can Tho"}


def test_it_does_not_convert_western_latin1_text():
    data = "Name;City\r\nJosé Muñoz;Zürich\r\nRenée Dubois;Besançon\r\n".encode("cp1252")
    table = read_table(data, "people.csv")
    assert table.converted_from is None
    assert table.encoding == "cp1252"
    assert table.rows[0] == {"Name": "José Muñoz", "City": "Zürich"}


def test_it_does_not_convert_unicode_vietnamese_that_uses_only_latin1_letters():
    data = "Tên,Quê\r\nLê Tám,Hà Tây\r\nTô Hoài,Cà Mau\r\n".encode()
    table = read_table(data, "ho.csv")
    assert table.converted_from is None
    assert table.rows == [{"Tên": "Lê Tám", "Quê": "Hà Tây"}, {"Tên": "Tô Hoài", "Quê": "Cà Mau"}]


# --- CSV shape ---


def test_it_sniffs_semicolon_and_tab_delimiters():
    assert read_table(csv_text(sep=";").encode(), "a.csv").rows == expected_rows()
    assert read_table(csv_text(sep="\t").encode(), "a.tsv").rows == expected_rows()


def test_it_honours_an_excel_sep_line():
    data = ("sep=;\r\n" + csv_text(sep=";")).encode()
    table = read_table(data, "a.csv")
    assert table.rows == expected_rows()
    assert table.header_line == 2


def test_it_handles_quoted_cells_with_delimiters_and_line_breaks():
    data = 'Họ tên,Địa chỉ\r\n"Trần Văn Đức","Số 5, hẻm 12\r\nPhường Cái Khế"\r\n'.encode()
    table = read_table(data, "a.csv")
    assert table.rows == [{"Họ tên": "Trần Văn Đức", "Địa chỉ": "Số 5, hẻm 12\nPhường Cái Khế"}]


def test_it_skips_title_lines_and_blank_rows_and_strips_cells():
    data = (
        "DANH SÁCH HỘ GIA ĐÌNH ẤP MỸ ÁI,,\r\n,,\r\n"
        "  Họ và tên  , Địa chỉ ,Số CCCD\r\n  Trần Văn Đức ,Ấp Mỹ Ái,0123\r\n,,\r\nLê Tám,,\r\n"
    ).encode()
    table = read_table(data, "a.csv")
    assert table.headers == ["Họ và tên", "Địa chỉ", "Số CCCD"]
    assert table.header_line == 3
    assert table.rows == [
        {"Họ và tên": "Trần Văn Đức", "Địa chỉ": "Ấp Mỹ Ái", "Số CCCD": "0123"},
        {"Họ và tên": "Lê Tám", "Địa chỉ": "", "Số CCCD": ""},
    ]
    assert list(table.numbered_rows())[1][0] == 6


def test_it_names_empty_and_duplicate_headers():
    table = read_table("Tên,,Tên\r\na,b,c\r\n".encode(), "a.csv")
    assert table.headers == ["Tên", "Cột 2", "Tên (2)"]


def test_it_accepts_an_explicit_header_line():
    data = "Tiêu đề,x\r\nHọ tên,Địa chỉ\r\nTrần Văn Đức,Ấp Mỹ Ái\r\n".encode()
    assert read_table(data, "a.csv", header_line=2).rows == [{"Họ tên": "Trần Văn Đức", "Địa chỉ": "Ấp Mỹ Ái"}]
    with pytest.raises(TableError) as error:
        read_table(data, "a.csv", header_line=9)
    assert error.value.code == "no_header"


# --- XLSX ---


def test_it_reads_an_xlsx_made_with_openpyxl():
    data = xlsx_bytes(
        [
            ["DANH SÁCH HỘ GIA ĐÌNH"],
            ["Họ và tên chủ hộ", "Mã hộ", "Ngày sinh", "Diện tích", "Số CCCD"],
            ["Nguyễn Thị Ánh Tuyết", 12345, dt.datetime(1980, 3, 12), 120.5, "092184001234"],
            ["Trần Văn Đức", 7.0, dt.date(1975, 1, 1), 1e-5, None],
            [None, None, None, None, None],
            ["  Khu vực Bình Dương A  ", True, None, None, "0123"],
        ]
    )
    table = read_table(data, "Danh sach.XLSX")
    assert table.encoding == "xlsx"
    assert table.headers == ["Họ và tên chủ hộ", "Mã hộ", "Ngày sinh", "Diện tích", "Số CCCD"]
    assert table.header_line == 2
    assert table.rows[0] == {
        "Họ và tên chủ hộ": "Nguyễn Thị Ánh Tuyết",
        "Mã hộ": "12345",
        "Ngày sinh": dt.date(1980, 3, 12),
        "Diện tích": "120.5",
        "Số CCCD": "092184001234",
    }
    assert type(table.rows[0]["Ngày sinh"]) is dt.date
    assert table.rows[1]["Mã hộ"] == "7"
    assert table.rows[1]["Diện tích"] == "0.00001"
    assert table.rows[2]["Họ và tên chủ hộ"] == "Khu vực Bình Dương A"
    assert table.line_numbers == [3, 4, 6]


def test_it_converts_tcvn3_cells_of_an_xlsx():
    rows = [[encode_legacy(h, TCVN3) for h in HEADERS], *[[encode_legacy(v, TCVN3) for v in r] for r in ROWS]]
    table = read_table(xlsx_bytes(rows), "cu.xlsx")
    assert table.converted_from == "tcvn3"
    assert table.rows == expected_rows()


def test_it_reads_only_the_first_sheet():
    workbook = Workbook()
    workbook.active.append(["Tên", "Xã"])
    workbook.active.append(["Ấp Mỹ Ái", "Mỹ Khánh"])
    workbook.create_sheet("Khác").append(["X", "Y"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_table(buffer.getvalue(), "a.xlsx").rows == [{"Tên": "Ấp Mỹ Ái", "Xã": "Mỹ Khánh"}]


# --- rejections ---


def test_it_rejects_a_binary_file_named_csv():
    data = bytes(range(256)) * 20
    with pytest.raises(TableError) as error:
        read_table(data, "ho.csv")
    assert error.value.code == "binary"
    assert "không phải tệp văn bản" in str(error.value)


def test_it_rejects_an_exe_renamed_xlsx():
    data = b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200)
    with pytest.raises(TableError) as error:
        read_table(data, "ho.xlsx")
    assert error.value.code == "mismatch"
    assert ".xlsx" in str(error.value)


def test_it_rejects_an_exe_renamed_csv():
    with pytest.raises(TableError) as error:
        read_table(b"MZ\x90\x00" + b"This program cannot be run in DOS mode", "ho.csv")
    assert error.value.code == "binary"


def test_it_rejects_a_zip_that_is_no_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "xin chào")
    with pytest.raises(TableError) as error:
        read_table(buffer.getvalue(), "ho.xlsx")
    assert error.value.code == "mismatch"


def test_it_rejects_a_corrupt_xlsx():
    data = xlsx_bytes([["a", "b"]])[:300]
    with pytest.raises(TableError) as error:
        read_table(data, "ho.xlsx")
    assert error.value.code == "corrupt"


def test_it_rejects_an_xlsx_named_csv():
    with pytest.raises(TableError) as error:
        read_table(xlsx_bytes([["a", "b"]]), "ho.csv")
    assert error.value.code == "mismatch"
    assert ".xlsx" in str(error.value)


def test_it_rejects_old_xls_and_password_protected_files():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500)
    with pytest.raises(TableError) as error:
        read_table(ole, "ho.xlsx")
    assert "mật khẩu" in str(error.value)
    with pytest.raises(TableError) as error:
        read_table(ole, "ho.xls")
    assert error.value.code == "extension"
    assert ".xlsx" in str(error.value)


@pytest.mark.parametrize("filename", ["ho.exe", "ho.pdf", "ho", "ho.docx"])
def test_it_rejects_unknown_extensions(filename):
    with pytest.raises(TableError) as error:
        read_table(b"a,b\n1,2\n", filename)
    assert error.value.code == "extension"
    assert ".xlsx" in str(error.value)


def test_it_rejects_a_too_large_file():
    data = csv_text().encode() * 100
    with pytest.raises(TableError) as error:
        read_table(data, "ho.csv", max_bytes=1024)
    assert error.value.code == "too_large"
    assert "Tệp quá lớn" in str(error.value)
    read_table(data, "ho.csv")  # default limit: 5 MB


def test_it_rejects_too_many_rows():
    data = ("Tên,Số\r\n" + "".join(f"Ấp {i},{i}\r\n" for i in range(101))).encode()
    assert len(read_table(data, "a.csv", max_rows=101).rows) == 101
    with pytest.raises(TableError) as error:
        read_table(data, "a.csv", max_rows=100)
    assert error.value.code == "too_many_rows"
    assert "100" in str(error.value)


def test_it_rejects_too_many_xlsx_rows():
    data = xlsx_bytes([["Tên", "Số"], *[[f"Ấp {i}", i] for i in range(200)]])
    with pytest.raises(TableError) as error:
        read_table(data, "a.xlsx", max_rows=50)
    assert error.value.code == "too_many_rows"


def test_it_rejects_empty_files():
    for data in (b"", b"  \r\n", "\ufeff".encode("utf-8-sig") + b",,\r\n"):
        with pytest.raises(TableError) as error:
            read_table(data, "a.csv")
        assert error.value.code == "empty"


def test_it_rejects_replacement_characters():
    data = "Họ tên,Xã\r\nTr\ufffdn V\ufffdn \ufffd\ufffdc,M\ufffd Kh\ufffdnh\r\n".encode()
    with pytest.raises(TableError) as error:
        read_table(data, "a.csv")
    assert error.value.code == "unreadable"
    assert "dòng 2" in str(error.value)


def test_it_rejects_text_whose_marks_became_question_marks():
    data = "Họ tên,Xã\r\nNguy?n Th? Ánh,Ph??ng Cái Kh?\r\nTr?n V?n ??c,?p M? Ái\r\n".encode()
    with pytest.raises(TableError) as error:
        read_table(data, "a.csv")
    assert error.value.code == "unreadable"


def test_it_rejects_text_in_an_unknown_single_byte_encoding():
    data = "名字,城市\n张三,北京\n李四,上海\n王五,广州\n".encode("gbk")
    with pytest.raises(TableError) as error:
        read_table(data, "a.csv")
    assert error.value.code == "unreadable"


def test_it_rejects_tcvn3_text_that_it_cannot_convert_with_confidence():
    # A third of the words are TCVN3, the rest is junk: not sure enough to convert, too legacy to keep.
    data = "Ten,Ghi chu\r\nCÇn Th¬,xqzÞÞ wfÆÆ ÆÞq\r\nHµ,ÞÞx ÆÆw\r\n".encode("latin-1")
    with pytest.raises(TableError) as error:
        read_table(data, "a.csv")
    assert error.value.code == "legacy"
    assert "TCVN3" in str(error.value)


def test_it_rejects_a_broken_csv():
    data = ('Tên,Xã\r\n"' + "x" * 200_000 + "\r\n").encode()
    with pytest.raises(TableError) as error:
        read_table(data, "a.csv")
    assert error.value.code == "corrupt"


# --- headers ---


@pytest.mark.parametrize("header", ["Họ và tên chủ hộ", "ho va ten chu ho", "HỌ VÀ TÊN CHỦ HỘ", " Họ và tên  (chủ hộ) (*)"])
def test_it_matches_headers_whatever_their_case_diacritics_or_punctuation(header):
    mapping = match_headers([header, "Địa chỉ", "CCCD"], SPEC, optional=["phone"])
    assert mapping == {"head_name": header, "address": "Địa chỉ", "id_number": "CCCD"}


def test_it_matches_the_canonical_name_and_uses_each_header_once():
    mapping = match_headers(["head_name", "Nơi ở", "Số CCCD", "Số điện thoại"], SPEC)
    assert mapping == {"head_name": "head_name", "address": "Nơi ở", "id_number": "Số CCCD", "phone": "Số điện thoại"}


def test_it_lists_missing_required_columns_in_vietnamese():
    with pytest.raises(TableError) as error:
        match_headers(["Họ và tên chủ hộ", "Ghi chú"], SPEC, optional=["phone"])
    assert error.value.code == "missing_columns"
    assert error.value.missing == ["Địa chỉ", "Số CCCD"]
    message = str(error.value)
    assert "Thiếu cột bắt buộc" in message
    assert "«Địa chỉ»" in message and "«Số CCCD»" in message
    assert "«Ghi chú»" in message  # what the file does have
    assert "Số điện thoại" not in message


def test_it_builds_header_keys():
    assert header_key("Số CCCD/CMND (*)") == "so cccd cmnd"
    assert header_key("ĐỊA\nCHỈ") == "dia chi"


# --- dates ---


def test_it_parses_dates():
    assert parse_date("12/03/1980") == dt.date(1980, 3, 12)
    assert parse_date("1-1-1975") == dt.date(1975, 1, 1)
    assert parse_date("1990-04-30") == dt.date(1990, 4, 30)
    assert parse_date(dt.date(2000, 1, 2)) == dt.date(2000, 1, 2)
    assert parse_date("  ") is None
    with pytest.raises(ValueError, match="không phải ngày hợp lệ"):
        parse_date("31/02/2020")


# --- exports ---


def test_it_writes_csv_in_utf8_with_bom():
    data = write_csv(
        ["Họ tên", "Ngày sinh", "Chủ hộ", "Công thức"],
        [
            {"Họ tên": unicodedata.normalize("NFD", "Trần Văn Đức"), "Ngày sinh": dt.date(1975, 1, 1), "Chủ hộ": True,
             "Công thức": "=HYPERLINK(\"http://x\")"},
            ["Nguyễn Thị Ánh Tuyết", None, False, "+84 912 345 678"],
        ],
    )  # fmt: skip
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[1] == "Trần Văn Đức,01/01/1975,Có,\"'=HYPERLINK(\"\"http://x\"\")\""
    assert text.splitlines()[2] == "Nguyễn Thị Ánh Tuyết,,Không,+84 912 345 678"
    assert "\r\n" in text


def test_it_reads_back_what_it_writes_as_csv():
    data = write_csv(HEADERS, ROWS)
    table = read_table(data, "xuat.csv")
    assert table.rows == expected_rows()


def test_it_writes_xlsx_with_bold_headers_widths_and_dates():
    data = write_xlsx(
        HEADERS, [[*ROWS[0][:3], dt.date(1980, 3, 12)], {"Họ và tên chủ hộ": "=1+1"}], sheet_title="Hộ/gia đình: Ấp Mỹ Ái"
    )
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet.title == "Hộ gia đình  Ấp Mỹ Ái"
    assert [c.value for c in sheet[1]] == HEADERS
    assert all(c.font.bold for c in sheet[1])
    assert sheet["D2"].value.date() == dt.date(1980, 3, 12)
    assert sheet["D2"].number_format == "DD/MM/YYYY"
    assert sheet["A3"].value == "=1+1" and sheet["A3"].data_type == "s"
    assert sheet.column_dimensions["A"].width >= len("Nguyễn Thị Ánh Tuyết")
    assert sheet.freeze_panes == "A2"
    table = read_table(data, "xuat.xlsx")
    assert table.rows[0]["Ngày sinh"] == dt.date(1980, 3, 12)
    assert table.rows[0]["Số CCCD"] == "092184001234"
