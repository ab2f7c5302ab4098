"""Uploaded images made safe to store and show: size judged before decoding, metadata stripped, work capped.

A resident's photo carries more than the picture: EXIF holds the GPS position where it was taken, the camera's
serial number, the time; XMP and comments may hold names. Every image stored by danchu is decoded and encoded
again without them (only the orientation is applied, so the picture stands upright). A small file can also hold a
huge picture (a 1 MB JPEG of 64 megapixels): its size is read from the header first, a JPEG is decoded at a
reduced scale (`draft`) when it is larger than what is kept, other formats above the pixel limit are refused, and
at most `DANCHU_IMAGE_WORKERS` images are decoded at once in a process.
"""

from __future__ import annotations

import io
import threading
import warnings
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.utils.translation import gettext as _

MAX_SIDE = 4096  # the longest side kept; larger pictures are scaled down when stored
_FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}
_lock = threading.Lock()
_semaphore: threading.BoundedSemaphore | None = None


class ImageRefused(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message, self.code = message, code


def _workers() -> threading.BoundedSemaphore:
    global _semaphore
    with _lock:
        if _semaphore is None:
            _semaphore = threading.BoundedSemaphore(max(1, settings.DANCHU_IMAGE_WORKERS))
        return _semaphore


@dataclass(frozen=True)
class Header:
    width: int
    height: int
    format: str
    frames: int

    @property
    def pixels(self) -> int:
        return self.width * self.height * max(1, self.frames)


def read_header(fh: IO[bytes]) -> Header:
    """Width, height, format and frames from the header only (nothing decoded)."""
    from PIL import Image

    fh.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(fh) as img:
                return Header(img.width, img.height, img.format or "", getattr(img, "n_frames", 1))
    except Image.DecompressionBombError:
        raise ImageRefused(_("Ảnh quá lớn (quá nhiều điểm ảnh). Hãy thu nhỏ ảnh rồi gửi lại."),
                           "image_too_large") from None
    except Exception:
        raise ImageRefused(_("Tệp ảnh bị hỏng hoặc không đọc được."), "file_corrupt") from None
    finally:
        fh.seek(0)


def check_size(header: Header) -> None:
    """A JPEG is decoded at a reduced scale, so it may be larger; other formats must fit the pixel limit."""
    limit = settings.DANCHU_MAX_IMAGE_PIXELS * (4 if header.format == "JPEG" and header.frames == 1 else 1)
    if header.pixels > limit:
        raise ImageRefused(_("Ảnh quá lớn (%(w)d × %(h)d điểm ảnh). Hãy thu nhỏ ảnh (cạnh dài tối đa %(side)d "
                             "điểm ảnh) rồi gửi lại.") % {"w": header.width, "h": header.height, "side": MAX_SIDE},
                           "image_too_large")


def sanitise(fh: IO[bytes], kind: str) -> bytes:
    """The image encoded again without metadata (EXIF, XMP, comments, text chunks), upright, at most MAX_SIDE."""
    from PIL import Image, ImageOps

    header = read_header(fh)
    if header.format != _FORMATS.get(kind):
        raise ImageRefused(_("Tệp ảnh bị hỏng hoặc không đọc được."), "file_corrupt")
    check_size(header)
    if not _workers().acquire(timeout=60):
        raise ImageRefused(_("Máy chủ đang xử lý nhiều ảnh, vui lòng gửi lại sau ít phút."), "busy")
    try:
        fh.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(fh) as img:
                out = io.BytesIO()
                if header.format == "GIF" and header.frames > 1:
                    frames = [frame.copy() for frame in _frames(img)]
                    for frame in frames:
                        frame.info = {k: v for k, v in frame.info.items() if k in ("duration", "transparency")}
                    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], loop=img.info.get("loop", 0),
                                   duration=img.info.get("duration", 100), disposal=2)
                    return out.getvalue()
                if header.format == "JPEG":
                    img.draft("RGB" if img.mode not in ("L", "CMYK") else img.mode, (MAX_SIDE, MAX_SIDE))
                picture = ImageOps.exif_transpose(img)
                if max(picture.size) > MAX_SIDE:
                    picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
                _encode(picture, header.format, out)
                return out.getvalue()
    except ImageRefused:
        raise
    except Exception:
        raise ImageRefused(_("Tệp ảnh bị hỏng hoặc không đọc được."), "file_corrupt") from None
    finally:
        _workers().release()
        fh.seek(0)


def _frames(img):
    from PIL import ImageSequence

    return ImageSequence.Iterator(img)


def _encode(picture, fmt: str, out: io.BytesIO) -> None:
    icc = picture.info.get("icc_profile")  # colour, not private: kept so that colours stay right
    picture.info = {}  # Pillow copies info (JPEG comment, EXIF) into the new file otherwise
    if fmt == "JPEG":
        if picture.mode not in ("RGB", "L", "CMYK"):
            picture = picture.convert("RGB")
        picture.save(out, "JPEG", quality=88, optimize=True, icc_profile=icc)
    elif fmt == "PNG":
        picture.save(out, "PNG", optimize=True, icc_profile=icc)  # no text chunks: nothing is copied
    elif fmt == "WEBP":
        picture.save(out, "WEBP", quality=88, icc_profile=icc)
    else:
        picture.save(out, fmt)


def has_metadata(data: bytes) -> bool:
    """Whether an image still carries EXIF, XMP or text metadata (for tests and checks)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        info = {k for k in img.info if k not in ("icc_profile", "dpi", "jfif", "jfif_version", "jfif_unit",
                                                  "jfif_density", "progressive", "progression", "adobe",
                                                  "adobe_transform", "transparency", "duration", "loop",
                                                  "background", "version", "gamma", "srgb", "disposal")}
        return bool(info) or bool(img.getexif())


__all__ = ["MAX_SIDE", "Header", "ImageRefused", "check_size", "has_metadata", "read_header", "sanitise"]
