"""Vietnamese text helpers (pure).

- `nfc()` normalises every text input to Unicode NFC (forms, API, imports all pass through it).
- `visible()` drops invisible format characters; `clean_text()` (single-line fields) does it too.
- `fold()` is the search key behind diacritic-insensitive search on SQLite and PostgreSQL alike:
  NFD, drop combining marks, đ/Đ/Ð → d, casefold, collapse white space. "Cần Thơ" → "can tho".
"""

from __future__ import annotations

import re
import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})
_SPACE = re.compile(r"\s+")


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


def clean_text(value: str) -> str:
    """NFC, invisible format characters dropped, runs of white space collapsed to one space, trimmed (names and
    single-line fields)."""
    return _SPACE.sub(" ", nfc(visible(value))).strip()
