"""Legacy Vietnamese encodings: detect and convert TCVN3, VNI and double-encoded UTF-8 (pure).

Old commune spreadsheets were typed with 8-bit "font encodings". Opened today, their text shows up
as Latin-1 look-alikes (mojibake). All tables below are written in the characters that a TCVN3 or
VNI byte becomes when the file is read as Windows-1252 / Latin-1, because that is how the text
reaches us (CSV bytes decoded as cp1252, or an .xlsx cell saved with a .VnTime / VNI-Times font).

TCVN3 (TCVN 5712:1993 "VN3", the ABC fonts .VnTime / .VnArial)
    One byte per letter. The 67 lower-case letters (60 toned vowels + ă â ê ô ơ ư đ) have codes;
    of the upper-case ones only Ă Â Ê Ô Ơ Ư Đ have their own code (0xA1-0xA7). An upper-case toned
    letter such as "Ấ" has NO code: the ABC scheme draws it with the lower-case code in a separate
    capitals font (.VnTimeH). The bytes alone therefore cannot tell "ấ" from "Ấ". `convert_legacy`
    restores case with three documented rules, applied per line (a cell is usually one line):
      1. all-capitals word: if every letter of a word whose case is certain (ASCII letters and
         the Ă…Đ codes) is upper case, and there are two or more of them or one that is not the
         first letter, the whole word is upper-cased ("§¾K" → "ĐẮK", "ÊP" → "ẤP", "CÇN" → "CẦN");
      2. all-capitals line: if the words of a line that hold case-ambiguous codes include such a
         capitals word and none has a certain lower-case letter, the others are upper-cased too
         ("ÊP Mü ¸I" → "ẤP MỸ ÁI"); ASCII-only words such as "CCCD" are no evidence;
      3. title case: if every word of the line that starts with a certain letter starts upper
         case, a word that starts with a toned letter gets a capital too
         ("Êp Mü ¸i" → "Ấp Mỹ Ái", "Nguyôn ThÞ ¸nh" → "Nguyễn Thị Ánh"); never a word that
         starts with ă â ê ô ơ ư đ, whose capitals have codes of their own ("đường" stays "đường").
    Otherwise the letter stays lower case ("Êp 3" → "ấp 3"): there is no evidence either way.
    Not mapped: the VN1 upper-case codes in the gaps (0xAF, 0xBA, 0xBF, 0xC0-0xC5, …) and the
    stand-alone tone marks 0xB0-0xB4, which the .VnTime fonts do not use for typed text.

VNI (VNI-Times, VNI Windows)
    A vowel is written as its base letter followed by one mark character: "ấ" = "a" + "á",
    "Cần Thơ" = "Caàn Thô". Exceptions are single characters: ơ = "ô", ư = "ö", đ = "ñ",
    the toned i's (í ì æ ó ò) and ỵ = "î". Upper case uses the upper-case base and marks ("AÙ");
    decoding accepts the mark in either case and takes the case of the base letter. VNI for Mac
    and VNI's 2-byte "VNI Unicode" variants are not supported.

Double UTF-8 ("UTF-8 read as cp1252")
    "Cáº§n ThÆ¡" is UTF-8 bytes decoded as cp1252 (or cp1258 / Latin-1); `fix_double_utf8` reverses
    it when the whole text re-encodes and re-decodes cleanly into Latin-script text.

Detection judges words, not characters: it counts how many of the words that contain a
non-ASCII character are valid Vietnamese syllables as they are, and after each conversion
(`is_vietnamese_syllable` is a small onset / vowel / coda rule set). Plain ASCII text and proper
Unicode Vietnamese are left alone.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

TCVN3 = "tcvn3"
VNI = "vni"
DOUBLE_UTF8 = "double-utf8"
LEGACY_ENCODINGS = (TCVN3, VNI)

# --- the Vietnamese alphabet --------------------------------------------------------------

_GRAVE, _HOOK, _TILDE, _ACUTE, _DOT = "\u0300", "\u0309", "\u0303", "\u0301", "\u0323"
_TONES = ("", _ACUTE, _GRAVE, _HOOK, _TILDE, _DOT)  # none, sắc, huyền, hỏi, ngã, nặng
_TONE_MARKS = frozenset(_TONES[1:])
# Base vowels: (NFC base letter, plain letter, modifier key).
_VOWELS = (
    ("a", "a", ""), ("ă", "a", "breve"), ("â", "a", "circ"), ("e", "e", ""), ("ê", "e", "circ"),
    ("i", "i", ""), ("o", "o", ""), ("ô", "o", "circ"), ("ơ", "o", "horn"), ("u", "u", ""),
    ("ư", "u", "horn"), ("y", "y", ""),
)  # fmt: skip


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def _toned(base: str, tone: str) -> str:
    return _nfc(base + tone)


#: The 134 precomposed Vietnamese letters (67 lower case: 66 vowels with marks + đ; and upper case).
VIETNAMESE_LETTERS: frozenset[str] = frozenset(
    {_toned(b, t) for b, _, _ in _VOWELS for t in _TONES if (b, t) not in {(p, "") for p in "aeiouy"}}
    | {"đ"}
    | {_toned(b, t).upper() for b, _, _ in _VOWELS for t in _TONES if b not in "aeiouy" or t}
    | {"Đ"}
)
_ALPHABET = frozenset("abcdeghiklmnopqrstuvxy") | {c for c in VIETNAMESE_LETTERS if c.islower()}
#: Vietnamese letters outside Latin-1: their presence means the text is already Unicode.
_BEYOND_LATIN1 = frozenset(c for c in VIETNAMESE_LETTERS if ord(c) > 0xFF)

# --- TCVN3 (ABC) ----------------------------------------------------------------------------

# Lower-case letters in tone order huyền, hỏi, ngã, sắc, nặng per vowel, then the seven bases;
# the codes are the TCVN 5712 VN3 bytes (as Latin-1 characters) in the same order.
_TCVN3_LOWER = _nfc(
    "àảãáạ" "ằẳẵắặ" "ầẩẫấậ" "èẻẽéẹ" "ềểễếệ" "ìỉĩíị" "òỏõóọ" "ồổỗốộ" "ờởỡớợ" "ùủũúụ" "ừửữứự" "ỳỷỹýỵ"
    "ăâêôơưđ"
)
_TCVN3_LOWER_CODES = bytes.fromhex(
    "b5 b6 b7 b8 b9  bb bc bd be c6  c7 c8 c9 ca cb  cc ce cf d0 d1  d2 d3 d4 d5 d6  d7 d8 dc dd de"
    " df e1 e2 e3 e4  e5 e6 e7 e8 e9  ea eb ec ed ee  ef f1 f2 f3 f4  f5 f6 f7 f8 f9  fa fb fc fd fe"
    " a8 a9 aa ab ac ad ae"
).decode("latin-1")
_TCVN3_UPPER = "ĂÂÊÔƠƯĐ"
_TCVN3_UPPER_CODES = bytes.fromhex("a1 a2 a3 a4 a5 a6 a7").decode("latin-1")
assert len(_TCVN3_LOWER) == len(_TCVN3_LOWER_CODES) == 67

#: TCVN3 code character → Unicode letter (74 entries: 67 lower case + 7 upper-case bases).
TCVN3_TO_UNICODE: dict[str, str] = dict(zip(_TCVN3_LOWER_CODES, _TCVN3_LOWER, strict=True)) | dict(
    zip(_TCVN3_UPPER_CODES, _TCVN3_UPPER, strict=True)
)
#: Unicode letter → TCVN3 code (all 134 letters; upper-case toned letters share the lower-case code).
UNICODE_TO_TCVN3: dict[str, str] = (
    {u: c for c, u in TCVN3_TO_UNICODE.items()}
    | {u.upper(): c for c, u in zip(_TCVN3_LOWER_CODES, _TCVN3_LOWER, strict=True) if u.upper() not in _TCVN3_UPPER}
)
_TCVN3_TABLE = str.maketrans(TCVN3_TO_UNICODE)
_TCVN3_CASE_AMBIGUOUS = frozenset(_TCVN3_LOWER_CODES)
# ă â ê ô ơ ư đ: their capitals have codes of their own (Ă…Đ), so in the ordinary font these seven lower-case
# codes ARE lower case; only the capitals font (.VnTimeH, rules 1–2) draws them as capitals.
_TCVN3_LOWER_BASES = frozenset(_TCVN3_LOWER_CODES[-7:])

# --- VNI ------------------------------------------------------------------------------------

_VNI_TONE = dict(zip(_TONES, ("", "ù", "ø", "û", "õ", "ï"), strict=True))
_VNI_CIRC = dict(zip(_TONES, ("â", "á", "à", "å", "ã", "ä"), strict=True))
_VNI_BREVE = dict(zip(_TONES, ("ê", "é", "è", "ú", "ü", "ë"), strict=True))
_VNI_I = dict(zip(_TONES, ("i", "í", "ì", "æ", "ó", "ò"), strict=True))


def _vni_lower(base: str, plain: str, modifier: str, tone: str) -> str:
    if modifier == "circ":
        return plain + _VNI_CIRC[tone]
    if modifier == "breve":
        return plain + _VNI_BREVE[tone]
    if modifier == "horn":
        return ("ô" if plain == "o" else "ö") + _VNI_TONE[tone]
    if plain == "i":
        return _VNI_I[tone]
    if plain == "y" and tone == _DOT:
        return "î"
    return plain + _VNI_TONE[tone]


#: Unicode letter → VNI sequence (all 134 letters).
UNICODE_TO_VNI: dict[str, str] = {"đ": "ñ", "Đ": "Ñ"}
for _base, _plain, _modifier in _VOWELS:
    for _tone in _TONES:
        if not _modifier and not _tone:
            continue
        _letter = _toned(_base, _tone)
        UNICODE_TO_VNI[_letter] = _vni_lower(_base, _plain, _modifier, _tone)
        UNICODE_TO_VNI[_letter.upper()] = UNICODE_TO_VNI[_letter].upper()
assert len(UNICODE_TO_VNI) == 134 and set(UNICODE_TO_VNI) == VIETNAMESE_LETTERS

#: VNI sequence → Unicode letter, marks accepted in either case ("aÙ", "AÙ", "Aù" all → Á / á).
VNI_TO_UNICODE: dict[str, str] = {}
for _letter, _seq in UNICODE_TO_VNI.items():
    VNI_TO_UNICODE[_seq] = _letter
    if len(_seq) == 2:
        VNI_TO_UNICODE[_seq[0] + _seq[1].swapcase()] = _letter
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(VNI_TO_UNICODE, key=len, reverse=True)))

# --- syllables ------------------------------------------------------------------------------

_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_CODAS = "ch|nh|ng|c|k|m|n|p|t"  # k: Central Highlands names (Đắk Lắk)
_OPEN_ONLY = (
    "iêu yêu oai oao oay oeo uây uôi ươi ươu uya uyu "
    "ai ao au ay âu ây eo êu ia iu oi ôi ơi ui ưa ưi ưu ua uơ"
)
_NEED_CODA = "uyê iê yê uô ươ oă uâ oo ă â"
_EITHER = "oa oe uê uy a e ê i o ô ơ u ư y"


def _alternation(words: str) -> str:
    return "|".join(sorted(words.split(), key=len, reverse=True))


_SYLLABLE = re.compile(
    rf"(?:{_ONSETS})?"
    rf"(?:(?:{_alternation(_OPEN_ONLY)})|(?:{_alternation(_NEED_CODA)})(?P<c1>{_CODAS})"
    rf"|(?:{_alternation(_EITHER)})(?P<c2>{_CODAS})?)"
)
_STOP_CODAS = frozenset({"c", "ch", "k", "p", "t"})


def is_vietnamese_syllable(word: str) -> bool:
    """True for a well-formed Vietnamese syllable in Unicode ("Nguyễn", "khuyến", "gì", "ĐẮK").

    Rules: onset? + vowel nucleus (with its glides) + coda?; at most one tone mark; vowels that
    need a coda (ă â iê uô ươ …) have one, diphthongs ending in a glide (ai ao ươi …) have none;
    a syllable ending in c/ch/p/t carries sắc or nặng.
    """
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    if len(tones) > 1:
        return False
    bare = _nfc("".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    if not bare or any(ch not in _ALPHABET for ch in bare):
        return False
    match = _SYLLABLE.fullmatch(bare)
    if match is None:
        return False
    coda = match.group("c1") or match.group("c2")
    return not (coda in _STOP_CODAS and (not tones or tones[0] not in (_ACUTE, _DOT)))


# --- tokens and scores ----------------------------------------------------------------------

# A "word": letters, combining marks, every Latin-1 supplement character but the no-break space
# (TCVN3 letters such as "¬" or "µ" are symbols in Unicode, so they must not split words), C1
# controls and U+FFFD (so that junk stays inside the word it spoils).
_TOKEN = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f\u0080-\u009f\u00a1-\u00ff\ufffd])+")


def _non_ascii_words(text: str) -> Counter[str]:
    return Counter(m for m in _TOKEN.findall(text) if not m.isascii())


def _valid_share(words: Counter[str]) -> float:
    total = sum(words.values())
    if not total:
        return 0.0
    return sum(n for w, n in words.items() if is_vietnamese_syllable(w)) / total


@dataclass(frozen=True)
class LegacyScores:
    """Share of non-ASCII words that are valid Vietnamese syllables, as is and after conversion."""

    words: int
    unicode: float
    tcvn3: float
    vni: float
    #: share of words invalid as they are but valid after the conversion
    tcvn3_gain: float
    vni_gain: float

    def best(self) -> tuple[str | None, float]:
        if not self.words:
            return None, 0.0
        encoding = TCVN3 if self.tcvn3 >= self.vni else VNI
        return encoding, getattr(self, encoding)


def score_legacy(text: str) -> LegacyScores:
    words = _non_ascii_words(text)
    total = sum(words.values())
    if not total:
        return LegacyScores(0, 0.0, 0.0, 0.0, 0.0, 0.0)
    valid = {w: is_vietnamese_syllable(w) for w in words}
    shares: dict[str, float] = {}
    gains: dict[str, float] = {}
    for encoding in LEGACY_ENCODINGS:
        ok = gain = 0
        for word, n in words.items():
            if is_vietnamese_syllable(_convert_word(word, encoding)):
                ok += n
                gain += 0 if valid[word] else n
        shares[encoding], gains[encoding] = ok / total, gain / total
    return LegacyScores(
        words=total,
        unicode=sum(n for w, n in words.items() if valid[w]) / total,
        tcvn3=shares[TCVN3],
        vni=shares[VNI],
        tcvn3_gain=gains[TCVN3],
        vni_gain=gains[VNI],
    )


def vietnamese_score(text: str) -> float:
    """Share (0-1) of the non-ASCII words of `text` that are valid Vietnamese syllables."""
    return _valid_share(_non_ascii_words(text))


#: detection thresholds: converted text must be mostly valid, and clearly better than before
DETECT_MIN_SHARE = 0.6
DETECT_MIN_GAIN = 0.3
#: below detection, a gain this large still means "legacy text we could not convert"
SUSPECT_MIN_GAIN = 0.15


def detect_legacy(text: str) -> str | None:
    """"tcvn3", "vni" or None. Judge a whole file at once: more words, surer answer."""
    return decide_legacy(score_legacy(text))


def decide_legacy(scores: LegacyScores) -> str | None:
    """The decision of `detect_legacy`, for callers that keep the scores."""
    encoding, share = scores.best()
    if encoding is None:
        return None
    if share >= DETECT_MIN_SHARE and share - scores.unicode >= DETECT_MIN_GAIN:
        return encoding
    return None


def suspect_legacy(text: str) -> str | None:
    """The legacy encoding that `text` seems to use even if `detect_legacy` is not sure of it."""
    scores = score_legacy(text)
    if not scores.words:
        return None
    encoding = TCVN3 if scores.tcvn3_gain >= scores.vni_gain else VNI
    gain = scores.tcvn3_gain if encoding == TCVN3 else scores.vni_gain
    return encoding if gain >= SUSPECT_MIN_GAIN else None


# Characters that do not occur in readable text: C1 controls, the replacement character, and the
# Latin-1 symbols that TCVN3 letters and double-encoded UTF-8 turn into (° ² ³ · are left out).
_JUNK = frozenset(map(chr, range(0x80, 0xC0))) - frozenset("\u00a0°²³·") | {"\ufffd"}


def junk_share(text: str) -> float:
    """Share (0-1) of the non-ASCII words of `text` holding a character that readable text lacks."""
    words = _non_ascii_words(text)
    total = sum(words.values())
    return sum(n for w, n in words.items() if any(ch in _JUNK for ch in w)) / total if total else 0.0


def is_unicode_vietnamese(text: str) -> bool:
    """True if `text` holds a Vietnamese letter that no legacy mojibake can contain (ạ, ơ, đ …)."""
    return any(ch in _BEYOND_LATIN1 for ch in _nfc(text))


# --- conversion -----------------------------------------------------------------------------


def _convert_word(word: str, encoding: str) -> str:
    if encoding == TCVN3:
        return word.translate(_TCVN3_TABLE)
    return _VNI_PATTERN.sub(lambda m: VNI_TO_UNICODE[m.group(0)], word)


# Letters whose case TCVN3 bytes do tell: ASCII letters and the Ă…Đ codes (True = upper case).
_CERTAIN_CASE: dict[str, bool] = {ch: ch.isupper() for ch in map(chr, range(0x41, 0x7B)) if ch.isalpha()} | {
    ch: True for ch in _TCVN3_UPPER_CODES
}


def _tcvn3_line(line: str) -> str:
    if not any(ch in TCVN3_TO_UNICODE for ch in line):
        return line
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(line)]
    words = []  # (word, case-ambiguous?, upper-case word?, has certain lower-case letter?)
    for start, end in spans:
        word = line[start:end]
        known = [(i, _CERTAIN_CASE[ch]) for i, ch in enumerate(word) if ch in _CERTAIN_CASE]
        caps = bool(known) and all(case for _, case in known) and (len(known) >= 2 or known[0][0] > 0)
        has_lower = any(not case for _, case in known)
        words.append((word, any(ch in _TCVN3_CASE_AMBIGUOUS for ch in word), caps, has_lower))
    # Rule 2: the words that depend on the font are in capitals (acronyms such as "CCCD" do not count).
    font_words = [w for w in words if w[1]]
    caps_line = any(w[2] for w in font_words) and not any(w[3] for w in font_words)
    # Rule 3: every word starting with a certain letter starts upper case.
    initials = [_CERTAIN_CASE[w[0][0]] for w in words if w[0][0] in _CERTAIN_CASE]
    title_line = bool(initials) and all(initials)
    out: list[str] = []
    last = 0
    for (start, end), (word, ambiguous, caps_word, has_lower) in zip(spans, words, strict=True):
        out.append(line[last:start].translate(_TCVN3_TABLE))
        converted = word.translate(_TCVN3_TABLE)  # one character for one: positions still match
        if ambiguous and (caps_word or (caps_line and not has_lower)):  # rule 1, then rule 2
            converted = "".join(
                u.upper() if ch in _TCVN3_CASE_AMBIGUOUS else u for ch, u in zip(word, converted, strict=True)
            )
        elif title_line and word[0] in _TCVN3_CASE_AMBIGUOUS and word[0] not in _TCVN3_LOWER_BASES:  # rule 3
            converted = converted[0].upper() + converted[1:]
        out.append(converted)
        last = end
    out.append(line[last:].translate(_TCVN3_TABLE))
    return "".join(out)


def convert_legacy(text: str, encoding: str) -> str:
    """Convert TCVN3 or VNI mojibake (as read through cp1252/Latin-1) to Unicode NFC."""
    if encoding == TCVN3:
        return _nfc("".join(_tcvn3_line(line) for line in text.splitlines(keepends=True)))
    if encoding == VNI:
        return _nfc(_convert_word(text, VNI))
    raise ValueError(f"unknown legacy encoding: {encoding!r}")


def encode_legacy(text: str, encoding: str) -> str:
    """Unicode → TCVN3 / VNI mojibake characters (for tests and for checking round trips).

    TCVN3 has no codes for upper-case toned letters: they become the lower-case code.
    """
    table = UNICODE_TO_TCVN3 if encoding == TCVN3 else UNICODE_TO_VNI if encoding == VNI else None
    if table is None:
        raise ValueError(f"unknown legacy encoding: {encoding!r}")
    return "".join(table.get(ch, ch) for ch in _nfc(text))


# --- double UTF-8 ---------------------------------------------------------------------------


def _single_byte_reverse() -> dict[str, int]:
    reverse = {chr(b): b for b in range(0x80, 0xA0)}  # C1 controls: undefined cp1252 bytes, Latin-1
    for codec in ("cp1258", "cp1252"):  # cp1252 last: it wins where both define a character
        for b in range(0x80, 0x100):
            try:
                reverse[bytes([b]).decode(codec)] = b
            except UnicodeDecodeError:
                continue
    return reverse


_REVERSE_SINGLE_BYTE = _single_byte_reverse()


def _plausible_text(text: str) -> bool:
    for ch in text:
        if ch.isascii():
            continue
        category = unicodedata.category(ch)
        if category[0] == "C" and ch not in "\t\n\r":
            return False
        if category[0] == "L" and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def fix_double_utf8(text: str) -> str | None:
    """ "Cáº§n ThÆ¡" → "Cần Thơ"; None when `text` is not UTF-8 read as cp1252 / cp1258 / Latin-1.

    Undoes up to two layers. The result must decode strictly and contain only Latin-script letters.
    """
    current, result = text, None
    for _ in range(2):
        if current.isascii():
            break
        try:
            raw = bytes(ord(ch) if ord(ch) < 0x80 else _REVERSE_SINGLE_BYTE[ch] for ch in current)
            current = raw.decode("utf-8")
        except (KeyError, UnicodeDecodeError):
            break
        if _plausible_text(current):  # an inner layer may still hold C1 controls
            result = current
    return _nfc(result) if result is not None and result != text else None
