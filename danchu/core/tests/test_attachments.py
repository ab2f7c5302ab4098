"""Attachments: type by content, size limit, safe storage, audit, download headers."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import struct
import unicodedata
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from danchu.core import attachments as att
from danchu.core.attachments import attachment_create, attachment_open, attachment_response
from danchu.core.models import Attachment, AuditEvent

pytestmark = pytest.mark.django_db


# --- files built in the test -----------------------------------------------------------------------


def make_pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def make_png(width: int = 2, height: int = 2) -> bytes:
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + _png_chunk(b"IDAT", zlib.compress(raw))
        + _png_chunk(b"IEND", b"")
    )


def make_jpeg() -> bytes:
    try:
        from PIL import Image
    except ImportError:  # magic bytes are all that is checked without Pillow
        return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
    buf = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(buf, "JPEG")
    return buf.getvalue()


def make_docx(main_type: str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
              ) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main_type}"/></Types>',
        )
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        zf.writestr("word/document.xml", '<?xml version="1.0"?><w:document><w:body>Xin chào</w:body></w:document>')
    return buf.getvalue()


def make_xlsx() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Họ tên", "Thôn"])
    wb.active.append(["Nguyễn Văn Á", "Thôn Đông"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def make_odt() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content/>")
        zf.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return buf.getvalue()


CSV = "Họ tên,Địa chỉ\nNguyễn Văn A,Thôn Đông\n".encode()
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"This program cannot be run"


def upload(name: str, data: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def _audit_utc_shim(monkeypatch):
    # danchu/core/audit.py calls `django.utils.timezone.UTC`, which Django 5.2 does not have (reported);
    # no-op once audit.py uses `datetime.timezone.utc`.
    if not hasattr(timezone, "UTC"):
        monkeypatch.setattr(timezone, "UTC", dt.UTC, raising=False)


@pytest.fixture(autouse=True)
def media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(username="can_bo_xa", password="x")


def codes(excinfo) -> list[str]:
    return [e.code for e in excinfo.value.error_list]


# --- accepted --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "builder", "content_type", "extension"),
    [
        ("bao-cao.pdf", make_pdf, "application/pdf", ".pdf"),
        ("anh.png", make_png, "image/png", ".png"),
        ("anh.jpeg", make_jpeg, "image/jpeg", ".jpg"),
        ("to-trinh.docx", make_docx,
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
        ("danh-sach.xlsx", make_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
        ("van-ban.odt", make_odt, "application/vnd.oasis.opendocument.text", ".odt"),
        ("ho-dan.csv", lambda: CSV, "text/csv", ".csv"),
        ("ghi-chu.txt", lambda: "Ghi chú cuộc họp".encode(), "text/plain", ".txt"),
        ("cu.csv", lambda: "Tên;Giá\nLê Mai;8\n".encode("cp1252"), "text/csv", ".csv"),  # legacy 8-bit
    ],
)
def test_it_accepts_a_valid_file_by_its_content(user, name, builder, content_type, extension):
    data = builder()
    a = attachment_create(uploaded_file=upload(name, data, "x-bogus/claimed"), actor=user)
    a.refresh_from_db()
    assert (a.content_type, a.extension, a.original_name) == (content_type, extension, name)
    assert a.uploaded_by == user
    with attachment_open(a) as fh:
        stored = fh.read()
    assert a.size == len(stored)
    if content_type.startswith("image/"):  # encoded again without metadata (core.images), same picture size
        from io import BytesIO

        from PIL import Image

        with Image.open(BytesIO(stored)) as got, Image.open(BytesIO(data)) as sent:
            assert (got.format, got.size) == (sent.format, sent.size)
    else:
        assert stored == data


def test_it_stores_under_a_generated_name_with_the_sha256_and_writes_an_audit_row(user, media):
    data = make_pdf()
    a = attachment_create(uploaded_file=upload("../../etc/Đơn khiếu nại.pdf", data), actor=user)
    digest = hashlib.sha256(data).hexdigest()
    assert a.sha256 == digest
    assert a.file.name.startswith("attachments/") and a.file.name.endswith(f"/{digest}.pdf")
    assert "khi" not in a.file.name and ".." not in a.file.name
    assert (media / a.file.name).read_bytes() == data
    event = AuditEvent.objects.get(verb="core.attachment.uploaded")
    assert event.target_id == str(a.pk) and event.actor == user
    assert event.data == {"name": "Đơn khiếu nại.pdf", "content_type": "application/pdf", "size": len(data),
                          "sha256": digest}


def test_it_keeps_a_display_name_nfc_without_path_and_length_limited(user):
    nfd = unicodedata.normalize("NFD", "Tờ trình số 5.pdf")
    a = attachment_create(uploaded_file=upload("C:\\Users\\an\\" + nfd, make_pdf()), actor=user)
    assert a.original_name == "Tờ trình số 5.pdf"
    assert unicodedata.is_normalized("NFC", a.original_name)
    long = attachment_create(uploaded_file=upload("ả" * 400 + ".pdf", make_pdf()), actor=user)
    assert len(long.original_name) <= 200 and long.original_name.endswith(".pdf")


def test_it_names_a_file_without_extension_from_its_content(user):
    a = attachment_create(uploaded_file=upload("scan", make_png()), actor=user)
    assert (a.extension, a.original_name) == (".png", "scan.png")


def test_it_reads_the_whole_upload_when_it_comes_as_a_plain_file(user):
    data = CSV * 10_000  # several chunks
    a = attachment_create(uploaded_file=ContentFile(data, name="lon.csv"), actor=user)
    assert a.size == len(data) and a.sha256 == hashlib.sha256(data).hexdigest()


# --- rejected --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("ho-so.pdf", EXE, "file_type_mismatch"),  # an .exe renamed .pdf
        ("setup.exe", EXE, "file_type_not_allowed"),
        ("chuongtrinh", EXE, "file_type_not_allowed"),
        ("logo.svg", SVG, "file_type_not_allowed"),
        ("logo.png", SVG, "file_type_mismatch"),  # SVG disguised as an image
        ("logo", SVG, "file_type_not_allowed"),
        ("trang.html", HTML, "file_type_not_allowed"),
        ("anh.jpg", HTML, "file_type_mismatch"),  # HTML disguised as an image
        ("ghi-chu.txt", HTML, "file_type_mismatch"),  # HTML disguised as text
        ("du-lieu.csv", b"a,b\n" + b"<script>alert(1)</script>\n", "file_type_mismatch"),
        ("to-trinh.docx", b"PK\x03\x04" + b"\x00garbage" * 50, "file_type_mismatch"),  # fake ZIP
        ("bang.xlsx", make_docx(), "file_type_mismatch"),  # a docx renamed .xlsx
        ("macro.docx", make_docx("application/vnd.ms-word.document.macroEnabled.main+xml"), "file_type_mismatch"),
        ("anh.png", make_pdf(), "file_type_mismatch"),
        ("tep.bin", b"\x00\x01\x02\x03" * 20, "file_type_not_allowed"),
        ("tep", b"\x00\x01\x02\x03" * 20, "file_type_not_allowed"),
    ],
)
def test_it_rejects_disallowed_and_disguised_files(user, media, name, data, code):
    with pytest.raises(ValidationError) as excinfo:
        attachment_create(uploaded_file=upload(name, data, "application/pdf"), actor=user)
    assert codes(excinfo) == [code]
    assert Attachment.objects.count() == 0 and not AuditEvent.objects.exists()
    assert not any(p.is_file() for p in media.rglob("*"))


def test_it_rejects_a_zip_that_is_not_an_office_document(user):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "xin chào")
    with pytest.raises(ValidationError) as excinfo:
        attachment_create(uploaded_file=upload("hop-dong.docx", buf.getvalue()), actor=user)
    assert codes(excinfo) == ["file_type_mismatch"]
    with pytest.raises(ValidationError) as excinfo:
        attachment_create(uploaded_file=upload("nen.zip", buf.getvalue()), actor=user)
    assert codes(excinfo) == ["file_type_not_allowed"]


def test_it_rejects_an_empty_file(user):
    with pytest.raises(ValidationError) as excinfo:
        attachment_create(uploaded_file=upload("rong.pdf", b""), actor=user)
    assert codes(excinfo) == ["file_empty"]
    assert "rỗng" in excinfo.value.messages[0]


def test_it_rejects_an_oversized_file(user):
    with pytest.raises(ValidationError) as excinfo:
        attachment_create(uploaded_file=upload("lon.pdf", make_pdf() + b"0" * 2000), actor=user, max_bytes=1000)
    assert codes(excinfo) == ["file_too_large"]
    assert "quá lớn" in excinfo.value.messages[0]


def test_it_enforces_the_size_limit_while_reading_even_if_the_declared_size_lies(user):
    class Lying(ContentFile):
        size = 10  # what a client claims; the bytes say otherwise

    with pytest.raises(ValidationError) as excinfo:
        attachment_create(uploaded_file=Lying(make_pdf() + b"0" * 300_000, name="x.pdf"), actor=user,
                          max_bytes=200_000)
    assert codes(excinfo) == ["file_too_large"]


@override_settings(DANCHU_MAX_UPLOAD_BYTES=500)
def test_it_uses_the_setting_as_the_default_limit(user):
    with pytest.raises(ValidationError) as excinfo:
        attachment_create(uploaded_file=upload("a.csv", CSV * 50), actor=user)
    assert codes(excinfo) == ["file_too_large"]


def test_it_restricts_to_the_allowed_kinds(user):
    with pytest.raises(ValidationError) as excinfo:
        attachment_create(uploaded_file=upload("bao-cao.pdf", make_pdf()), actor=user, allowed={"image"})
    assert codes(excinfo) == ["file_type_not_allowed"]
    assert "PNG" in excinfo.value.messages[0]
    with pytest.raises(ValidationError):
        attachment_create(uploaded_file=upload("scan", make_pdf()), actor=user, allowed={"png", "jpeg"})
    assert attachment_create(uploaded_file=upload("a.png", make_png()), actor=user, allowed={"image"}).pk
    with pytest.raises(ValueError):
        attachment_create(uploaded_file=upload("a.png", make_png()), actor=user, allowed={"exe"})


def test_it_removes_the_stored_file_when_the_transaction_fails(user, media, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr(att.audit, "record", boom)
    with pytest.raises(RuntimeError):
        attachment_create(uploaded_file=upload("a.pdf", make_pdf()), actor=user)
    assert Attachment.objects.count() == 0
    assert not any(p.is_file() for p in media.rglob("*"))


# --- download --------------------------------------------------------------------------------------


def release(response) -> None:
    # close the file only: `response.close()` fires request_finished, which closes the DB connection
    response.file_to_stream.close()


def test_it_serves_a_pdf_inline_with_an_rfc5987_vietnamese_filename(user):
    data = make_pdf()
    a = attachment_create(uploaded_file=upload("Báo cáo tháng 5 (Đợt 1).pdf", data), actor=user)
    response = attachment_response(a)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        'inline; filename="Bao cao thang 5 (Dot 1).pdf"; '
        "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20th%C3%A1ng%205%20%28%C4%90%E1%BB%A3t%201%29.pdf"
    )
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == data
    release(response)


def test_it_serves_documents_as_attachment_and_can_force_download(user):
    docx = attachment_create(uploaded_file=upload("Tờ trình.docx", make_docx()), actor=user)
    response = attachment_response(docx)
    assert response["Content-Disposition"].startswith('attachment; filename="To trinh.docx"; ')
    assert response["Content-Disposition"].endswith("filename*=UTF-8''T%E1%BB%9D%20tr%C3%ACnh.docx")
    release(response)
    png = attachment_create(uploaded_file=upload("anh.png", make_png()), actor=user)
    response = attachment_response(png, as_attachment=True)
    assert response["Content-Disposition"] == 'attachment; filename="anh.png"'  # ASCII: no filename*
    assert response["Content-Type"] == "image/png"
    release(response)
    csv = attachment_create(uploaded_file=upload("a.csv", CSV), actor=user)
    response = attachment_response(csv, as_attachment=False)  # text is never shown inline
    assert response["Content-Disposition"].startswith("attachment;")
    release(response)


def test_it_never_puts_quotes_or_newlines_of_the_name_in_the_header():
    header = att.content_disposition('a"b\r\nc;d.pdf', inline=False)
    assert "\r" not in header and "\n" not in header
    assert header.startswith('attachment; filename="a_b')
