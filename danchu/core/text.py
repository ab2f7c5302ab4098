"""Vietnamese text helpers (pure) and the one cleaner of free text.

- `nfc()` normalises every text input to Unicode NFC (forms, API, imports all pass through it).
- `visible()` drops invisible format characters; `clean_text()` (single-line fields) does it too.
- `clean_multiline()` is the same for text with lines: NUL and control characters out, every line ending as
  "\n", invisible characters out, trailing blanks of each line and blank lines at both ends trimmed.
- `clean_field()` is what services, forms, serializers and importers call for a free-text field: one of the two
  cleaners, then "required" and "too long" checked with a Vietnamese message and a stable error code.
- `fold()` is the search key behind diacritic-insensitive search on SQLite and PostgreSQL alike:
  NFD, drop combining marks, đ/Đ/Ð → d, casefold, collapse white space. "Cần Thơ" → "can tho".
"""

from __future__ import annotations

import re
import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})
_SPACE = re.compile(r"\s+")
# C0 and C1 control characters other than TAB and LF (CR is turned into LF first), DEL included.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Every way of ending a line, turned into "\n" (CRLF first, then lone CR, then the Unicode separators).
_LINE_END = re.compile(r"\r\n|[\r\u0085\u2028\u2029\x0b\x0c]")
_TRAILING = re.compile(r"[ \t\u00a0]+\n")
# Joiners keep their meaning inside a line of text with lines (emoji sequences, some scripts); a single-line name
# has no use for them and loses them like every other invisible character.
_KEEP_IN_MULTILINE = frozenset("\u200c\u200d")


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def fold(value: str | None) -> str:
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACE.sub(" ", stripped.translate(_D_MAP).casefold()).strip()


def visible(value: str) -> str:
    """Without the invisible format characters (Unicode "Cf": zero-width spaces and joiners, BOM, soft hyphen,
    direction marks), so that a field made only of them counts as empty and none hides inside a name."""
    return "".join(ch for ch in value if unicodedata.category(ch) != "Cf")


def _as_text(value) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else str(value)


def clean_text(value) -> str:
    """Single-line fields (names, titles, addresses): NFC, control and invisible format characters dropped, runs
    of white space (line breaks included) collapsed to one space, trimmed."""
    value = _CONTROL.sub("", _LINE_END.sub(" ", _as_text(value)))
    return _SPACE.sub(" ", nfc(visible(value))).strip()


def clean_multiline(value) -> str:
    """Text with lines (descriptions, answers, minutes): NFC; every line ending becomes "\\n"; NUL and other
    control characters dropped (TAB kept); invisible format characters dropped except the joiners; trailing
    blanks of each line and blank lines at both ends removed. Paragraph breaks inside are kept."""
    value = _CONTROL.sub("", _LINE_END.sub("\n", _as_text(value)))
    value = "".join(ch for ch in value if ch in _KEEP_IN_MULTILINE or unicodedata.category(ch) != "Cf")
    value = _TRAILING.sub("\n", nfc(value) + "\n")
    return value.strip("\n").strip()


def is_blank(value) -> bool:
    """True when nothing visible is left: empty, white space, or only invisible characters."""
    return not clean_text(value)


def clean_field(value, field: str, *, required: bool = True, max_length: int = 5000, single_line: bool = True,
                min_length: int = 0, message: str | None = None) -> str:
    """The cleaned value of one free-text field, or a `ValidationError` on that field (codes "required",
    "too_long", "too_short") with a Vietnamese message. Used by services, serializers and importers alike, so
    the same input is accepted or refused the same way on every path."""
    from django.utils.translation import gettext as _

    from .errors import field_error

    text = clean_text(value) if single_line else clean_multiline(value)
    if is_blank(text):
        text = ""
    if required and not text:
        raise field_error(field, message or _("Trường này là bắt buộc."), "required")
    if len(text) > max_length:
        raise field_error(field, _("Tối đa %(n)d ký tự.") % {"n": max_length}, "too_long")
    if text and len(text) < min_length:
        raise field_error(field, _("Hãy mô tả rõ hơn (ít nhất %(n)d ký tự).") % {"n": min_length}, "too_short")
    return text


__all__ = ["clean_field", "clean_multiline", "clean_text", "fold", "is_blank", "nfc", "visible"]
