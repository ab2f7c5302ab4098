"""Uploaded files: validated by CONTENT (magic bytes), stored under a generated name, served safely.

- `attachment_create(uploaded_file=…, actor=…)` reads the upload in chunks (size limit enforced while
  reading, sha256 computed on the way), recognises the type from the bytes themselves and rejects
  anything that is not on the allow-list or does not match the name's extension. Images are encoded
  again without their metadata (EXIF GPS, camera serial) by core.images. HTML and SVG are
  never accepted: they can carry scripts. The file is stored as `attachments/YYYY/MM/<sha256><ext>`;
  the user's name is kept only for display (`original_name`).
- `attachment_open(attachment)` gives the stored bytes back (binary file object, caller closes it).
- `attachment_response(attachment)` is the download helper for views — call it AFTER your own
  permission check; it sets Content-Disposition (inline for PDF/images), RFC 5987 filename* for
  Vietnamese names, `X-Content-Type-Options: nosniff`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import re
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.http import FileResponse, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from . import audit, images
from .models import Attachment
from .verbs import AuditVerb

logger = logging.getLogger("danchu.attachments")

CHUNK = 64 * 1024
HEAD = 8 * 1024  # bytes kept in memory for sniffing
MAX_ORIGINAL_NAME = 200  # Attachment.original_name is 255; leave room
ZIP_PART_READ_LIMIT = 256 * 1024  # never decompress more than this of any ZIP member (zip bombs)


class AttachmentErrorCode:
    FILE_EMPTY = "file_empty"
    FILE_TOO_LARGE = "file_too_large"
    FILE_TYPE_NOT_ALLOWED = "file_type_not_allowed"
    FILE_TYPE_MISMATCH = "file_type_mismatch"
    FILE_CORRUPT = "file_corrupt"


@dataclass(frozen=True)
class FileKind:
    key: str
    label: str
    content_type: str
    extension: str  # canonical extension, stored on disk
    aliases: tuple[str, ...] = ()  # other accepted extensions of the user's file name
    inline: bool = False  # displayed in the browser rather than downloaded
    image: bool = False

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.aliases)


KINDS: dict[str, FileKind] = {
    k.key: k
    for k in (
        FileKind("pdf", "PDF", "application/pdf", ".pdf", inline=True),
        FileKind("png", "PNG", "image/png", ".png", inline=True, image=True),
        FileKind("jpeg", "JPEG", "image/jpeg", ".jpg", (".jpeg", ".jpe", ".jfif"), inline=True, image=True),
        FileKind("gif", "GIF", "image/gif", ".gif", inline=True, image=True),
        FileKind("webp", "WebP", "image/webp", ".webp", inline=True, image=True),
        FileKind("docx", "Word (DOCX)",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
        FileKind("xlsx", "Excel (XLSX)",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
        FileKind("odt", "OpenDocument (ODT)", "application/vnd.oasis.opendocument.text", ".odt"),
        FileKind("ods", "OpenDocument (ODS)", "application/vnd.oasis.opendocument.spreadsheet", ".ods"),
        FileKind("txt", "TXT", "text/plain", ".txt"),
        FileKind("csv", "CSV", "text/csv", ".csv"),
    )
}

GROUPS: dict[str, frozenset[str]] = {
    "image": frozenset({"png", "jpeg", "gif", "webp"}),
    "document": frozenset({"pdf", "docx", "odt", "txt"}),
    "spreadsheet": frozenset({"xlsx", "ods", "csv"}),
    "all": frozenset(KINDS),
}

_EXT_TO_KIND = {ext: kind.key for kind in KINDS.values() for ext in kind.extensions}

# OOXML main-part content types: an exact match also rules out the macro-enabled .docm / .xlsm.
_OOXML_MAIN = {
    "docx": ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}

# Markup that a browser could render as a document (scripts): refused even inside "text".
_MARKUP_START = re.compile(
    rb"^\s*<(?:!doctype|html|head|body|svg|\?xml|script|iframe|object|embed|!--|meta|a\s|div|img|style|math)",
    re.IGNORECASE,
)
_MARKUP_ANYWHERE = re.compile(rb"<(?:script|svg|html|iframe|object|embed)[\s>/]", re.IGNORECASE)
_BAD_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x19\x1c-\x1f\x7f]")


def resolve_allowed(allowed: Iterable[str] | None) -> frozenset[str]:
    """{"pdf", "image"} → the set of kind keys. Accepts kind keys, group names and ".ext" spellings."""
    if allowed is None:
        return GROUPS["all"]
    keys: set[str] = set()
    for item in allowed:
        name = item.lower().strip()
        if name in GROUPS:
            keys |= GROUPS[name]
        elif name in KINDS:
            keys.add(name)
        elif ("." + name.lstrip(".")) in _EXT_TO_KIND:
            keys.add(_EXT_TO_KIND["." + name.lstrip(".")])
        else:
            raise ValueError(f"Unknown attachment kind {item!r}; use one of {sorted(KINDS) + sorted(GROUPS)}")
    return frozenset(keys)


# --- names -----------------------------------------------------------------------------------------


def clean_original_name(name: str | None, *, max_length: int = MAX_ORIGINAL_NAME) -> str:
    """Display name: NFC, last path component only, no control characters, length-limited (keeps
    the extension). Never used on disk."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")  # Cc, Cf (bidi!), Cs, Co, Cn
    name = re.sub(r"\s+", " ", name).strip().strip(".").strip()
    if not name:
        return ""
    if len(name) > max_length:
        stem, dot, ext = name.rpartition(".")
        if dot and 0 < len(ext) <= 10 and stem:
            name = stem[: max_length - len(ext) - 1].rstrip() + "." + ext
        else:
            name = name[:max_length].rstrip()
    return name


def _extension_of(name: str) -> str:
    stem, dot, ext = name.rpartition(".")
    return ("." + ext.lower()) if dot and stem else ""


# --- content sniffing (pure over bytes / a seekable file) -----------------------------------------


def _read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    with zf.open(name) as fh:
        return fh.read(ZIP_PART_READ_LIMIT)


def _sniff_zip(fh: IO[bytes]) -> str | None:
    try:
        with zipfile.ZipFile(fh) as zf:
            names = set(zf.namelist())
            if any(info.flag_bits & 0x1 for info in zf.infolist()):
                return None  # encrypted members: cannot be inspected
            if "mimetype" in names:
                mimetype = _read_member(zf, "mimetype").strip()
                kind = _ODF_MIMETYPES.get(mimetype)
                if kind and "content.xml" in names:
                    return kind
                return None
            if "[Content_Types].xml" not in names:
                return None
            content_types = _read_member(zf, "[Content_Types].xml")
            for kind, (part, main_type) in _OOXML_MAIN.items():
                if part in names and main_type.encode() in content_types:
                    return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError, NotImplementedError,
            RuntimeError, ValueError):
        return None
    return None


def _looks_like_text(data: bytes) -> bool:
    return not (b"\x00" in data or _BAD_CONTROL.search(data))


def _is_markup(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf")
    return bool(_MARKUP_START.match(text) or _MARKUP_ANYWHERE.search(text))


def sniff(fh: IO[bytes], *, name_extension: str = "") -> str | None:
    """The kind key of the content of a seekable binary file, or None if not recognised/allowed.

    Text is told apart as "csv" or "txt" only by the extension (content alone cannot say)."""
    fh.seek(0)
    head = fh.read(HEAD)
    fh.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP" and head[12:15] == b"VP8":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(fh)
    if _is_markup(head):
        return None
    # text: every chunk must be free of NUL/binary control bytes (UTF-8 or a legacy 8-bit code page)
    fh.seek(0)
    previous_tail = b""
    while chunk := fh.read(CHUNK):
        if not _looks_like_text(chunk):
            fh.seek(0)
            return None
        if _MARKUP_ANYWHERE.search(previous_tail + chunk):
            fh.seek(0)
            return None
        previous_tail = chunk[-16:]
    fh.seek(0)
    return "csv" if name_extension == ".csv" else "txt"


# --- errors ----------------------------------------------------------------------------------------


def _allowed_labels(keys: frozenset[str]) -> str:
    return ", ".join(KINDS[k].label for k in KINDS if k in keys)


def _not_allowed(keys: frozenset[str]) -> ValidationError:
    return ValidationError(
        _("Loại tệp này không được chấp nhận. Chỉ nhận: %(allowed)s.") % {"allowed": _allowed_labels(keys)},
        code=AttachmentErrorCode.FILE_TYPE_NOT_ALLOWED,
    )


def _format_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f}".rstrip("0").rstrip(".").replace(".", ",") + " MB"
    return f"{max(1, n // 1024)} KB"


# --- service ---------------------------------------------------------------------------------------


def _spool(uploaded_file, max_bytes: int) -> tuple[tempfile.SpooledTemporaryFile, int, str]:
    declared = getattr(uploaded_file, "size", None)
    if isinstance(declared, int) and declared > max_bytes:
        raise ValidationError(
            _("Tệp quá lớn: tối đa %(max)s.") % {"max": _format_size(max_bytes)},
            code=AttachmentErrorCode.FILE_TOO_LARGE,
        )
    spool = tempfile.SpooledTemporaryFile(max_size=2 * 1024 * 1024)  # noqa: SIM115 — closed in finally below
    digest = hashlib.sha256()
    size = 0
    try:
        if hasattr(uploaded_file, "seek"):
            with contextlib.suppress(OSError, ValueError):
                uploaded_file.seek(0)
        chunks = uploaded_file.chunks(CHUNK) if hasattr(uploaded_file, "chunks") else iter(
            lambda: uploaded_file.read(CHUNK), b"")
        for chunk in chunks:
            size += len(chunk)
            if size > max_bytes:
                raise ValidationError(
                    _("Tệp quá lớn: tối đa %(max)s.") % {"max": _format_size(max_bytes)},
                    code=AttachmentErrorCode.FILE_TOO_LARGE,
                )
            digest.update(chunk)
            spool.write(chunk)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool, size, digest.hexdigest()


def attachment_create(*, uploaded_file, actor, allowed: set[str] | None = None,
                      max_bytes: int | None = None) -> Attachment:
    """Validate an upload by its content and store it. Raises `ValidationError` (codes in
    `AttachmentErrorCode`) with a Vietnamese message for the user.

    `allowed`: kind keys ("pdf", "png", "jpeg", "gif", "webp", "docx", "xlsx", "odt", "ods", "txt",
    "csv") and/or groups ("image", "document", "spreadsheet", "all"); default all.
    `max_bytes`: default `settings.DANCHU_MAX_UPLOAD_BYTES`.
    """
    keys = resolve_allowed(allowed)
    limit = max_bytes if max_bytes is not None else settings.DANCHU_MAX_UPLOAD_BYTES
    original_name = clean_original_name(getattr(uploaded_file, "name", "") or "")
    name_ext = _extension_of(original_name)
    if name_ext and name_ext not in _EXT_TO_KIND:
        raise _not_allowed(keys)
    claimed = _EXT_TO_KIND.get(name_ext)
    if claimed and claimed not in keys:
        raise _not_allowed(keys)

    spool, size, sha256 = _spool(uploaded_file, limit)
    with spool:
        if size == 0:
            raise ValidationError(_("Tệp rỗng (0 byte)."), code=AttachmentErrorCode.FILE_EMPTY)
        kind_key = sniff(spool, name_extension=name_ext)
        if kind_key is not None and claimed in ("txt", "csv") and kind_key in ("txt", "csv"):
            kind_key = claimed
        if claimed and kind_key != claimed:
            raise ValidationError(
                _("Nội dung tệp không khớp với đuôi %(ext)s (tệp có thể đã bị đổi tên).") % {"ext": name_ext},
                code=AttachmentErrorCode.FILE_TYPE_MISMATCH,
            )
        if kind_key is None or kind_key not in keys:
            raise _not_allowed(keys)
        kind = KINDS[kind_key]
        if kind.image:  # decoded and encoded again: no EXIF/GPS, upright, size judged before decoding
            try:
                clean = images.sanitise(spool, kind_key)
            except images.ImageRefused as exc:
                raise ValidationError(exc.message, code=exc.code) from None
            spool.seek(0)
            spool.truncate()
            spool.write(clean)
            spool.seek(0)
            size, sha256 = len(clean), hashlib.sha256(clean).hexdigest()

        if not original_name:
            original_name = "tep-dinh-kem" + kind.extension
        elif not name_ext:
            original_name = clean_original_name(original_name + kind.extension)
        return _store(spool=spool, kind=kind, size=size, sha256=sha256, original_name=original_name, actor=actor)


def _store(*, spool, kind: FileKind, size: int, sha256: str, original_name: str, actor) -> Attachment:
    attachment = Attachment(
        original_name=original_name,
        content_type=kind.content_type,
        extension=kind.extension,
        size=size,
        sha256=sha256,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    stored_name = None
    try:
        with transaction.atomic():
            spool.seek(0)
            # the name given here is ignored by `attachment_path` (sha256 + extension only)
            content = File(spool, name=f"{sha256}{kind.extension}")
            content.size = size
            attachment.file.save(content.name, content, save=False)
            stored_name = attachment.file.name
            attachment.save()
            audit.record(
                actor=actor,
                verb=AuditVerb.ATTACHMENT_UPLOADED,
                target=attachment,
                data={"name": original_name, "content_type": kind.content_type, "size": size, "sha256": sha256},
            )
    except BaseException:
        if stored_name:  # the row is gone with the rollback: do not leave the bytes behind
            try:
                attachment.file.storage.delete(stored_name)
            except Exception:  # pragma: no cover - best effort
                logger.exception("could not remove orphan attachment file %s", stored_name)
        raise
    return attachment


def sanitise_stored_images(model=Attachment) -> int:
    """Encode again, without metadata, every stored image that still has some (files stored before core.images
    existed); the row's size and sha256 follow. Missing or unreadable files are skipped. Returns how many changed."""
    changed = 0
    for attachment in model.objects.filter(content_type__startswith="image/").iterator():
        kind_key = {"image/png": "png", "image/jpeg": "jpeg", "image/gif": "gif", "image/webp": "webp"}.get(
            attachment.content_type)
        storage, name = attachment.file.storage, attachment.file.name
        try:
            with storage.open(name, "rb") as fh:
                data = fh.read()
            if not kind_key or not images.has_metadata(data):
                continue
            clean = images.sanitise(io.BytesIO(data), kind_key)
        except (OSError, images.ImageRefused):
            continue
        with storage.open(name, "wb") as fh:  # same name: links and rows keep pointing at it
            fh.write(clean)
        model.objects.filter(pk=attachment.pk).update(size=len(clean), sha256=hashlib.sha256(clean).hexdigest())
        changed += 1
    return changed


def attachment_open(attachment: Attachment) -> IO[bytes]:
    """The stored bytes as a binary file object opened for reading (close it, or use `with`)."""
    return attachment.file.storage.open(attachment.file.name, "rb")


# --- download --------------------------------------------------------------------------------------

_ATTR_CHAR_SAFE = "!#$&+-.^_`|~"  # RFC 5987 attr-char punctuation (ALPHA/DIGIT are always safe)


def _ascii_fallback(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    ascii_name = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    ascii_name = ascii_name.encode("ascii", "ignore").decode("ascii")
    ascii_name = re.sub(r'["\\\r\n;%]', "_", ascii_name)
    ascii_name = re.sub(r"\s+", " ", ascii_name).strip()
    return ascii_name or "tep"


def content_disposition(filename: str, *, inline: bool) -> str:
    """`inline|attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 / 5987)."""
    name = unicodedata.normalize("NFC", filename)
    disposition = "inline" if inline else "attachment"
    fallback = _ascii_fallback(name)
    header = f'{disposition}; filename="{fallback}"'
    if fallback != name:
        header += "; filename*=UTF-8''" + quote(name, safe=_ATTR_CHAR_SAFE, encoding="utf-8")
    return header


def missing_file_response() -> HttpResponse:
    """410 Gone with a clear Vietnamese message: the row exists but its bytes are not on this server (a restore
    without the media files, a disk that was cleaned)."""
    from django.template.loader import render_to_string

    message = _("Tệp này không còn trên máy chủ (có thể chưa được khôi phục sau sao lưu). Hãy báo cán bộ quản trị.")
    return HttpResponse(render_to_string("400.html", {"message": message}), status=410)


def attachment_response(attachment: Attachment, *, as_attachment: bool | None = None) -> HttpResponse:
    """A streaming download of `attachment`. Call it only after the caller's permission check.

    PDF and images are shown inline unless `as_attachment=True`; other types always download. A file missing
    from the storage answers 410 with a clear message, never a 500."""
    kind = KINDS.get(_EXT_TO_KIND.get(attachment.extension, ""))
    inline = bool(kind and kind.inline) if as_attachment is None else not as_attachment
    if not (kind and kind.inline):
        inline = False
    content_type = attachment.content_type or "application/octet-stream"
    if content_type.startswith("text/"):
        content_type += "; charset=utf-8"
    try:
        handle = attachment_open(attachment)
    except (FileNotFoundError, OSError):
        logger.warning("attachment %s: file %s is missing from the storage", attachment.pk, attachment.file.name)
        return missing_file_response()
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition(attachment.original_name or "tep", inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    patch_cache_control(response, private=True, max_age=0)
    return response


__all__ = [
    "KINDS",
    "GROUPS",
    "AttachmentErrorCode",
    "attachment_create",
    "attachment_open",
    "attachment_response",
    "clean_original_name",
    "content_disposition",
    "sniff",
]
