"""Pure tests: TCVN3 / VNI tables, detection, conversion and double-UTF-8 repair."""

import unicodedata

import pytest

from danchu.core import legacy_encodings as legacy
from danchu.core.legacy_encodings import (
    TCVN3,
    TCVN3_TO_UNICODE,
    UNICODE_TO_TCVN3,
    UNICODE_TO_VNI,
    VIETNAMESE_LETTERS,
    VNI,
    convert_legacy,
    detect_legacy,
    encode_legacy,
    fix_double_utf8,
    is_vietnamese_syllable,
)

NAMES = [
    "Nguyễn Thị Ánh Tuyết",
    "Phường Cái Khế",
    "Ấp Mỹ Ái",
    "Trần Văn Đức",
    "Khu vực Bình Dương A",
    "Hộ gia đình ông Lê Văn Tám, xã Mỹ Khánh, huyện Phong Điền, thành phố Cần Thơ",
]
LOWER_LETTERS = sorted(c for c in VIETNAMESE_LETTERS if c.islower())


def mojibake(text: str, codec: str = "cp1252") -> str:
    """UTF-8 bytes read as a Windows code page (undefined bytes become C1 controls, as on Windows)."""
    out = []
    for b in text.encode("utf-8"):
        try:
            out.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


# --- tables ---


def test_it_knows_all_134_vietnamese_letters():
    assert len(VIETNAMESE_LETTERS) == 134
    assert len(LOWER_LETTERS) == 67
    assert all(unicodedata.is_normalized("NFC", c) and len(c) == 1 for c in VIETNAMESE_LETTERS)


def test_it_has_complete_tables_for_both_encodings():
    assert set(UNICODE_TO_TCVN3) == VIETNAMESE_LETTERS
    assert set(UNICODE_TO_VNI) == VIETNAMESE_LETTERS
    assert len(TCVN3_TO_UNICODE) == 74  # 67 lower case + Ă Â Ê Ô Ơ Ư Đ


@pytest.mark.parametrize(
    ("code", "letter"),
    [("¬", "ơ"), ("\xad", "ư"), ("©", "â"), ("®", "đ"), ("¨", "ă"), ("ª", "ê"), ("«", "ô"),
     ("§", "Đ"), ("¡", "Ă"), ("¢", "Â"), ("£", "Ê"), ("¤", "Ô"), ("¥", "Ơ"), ("¦", "Ư"),
     ("µ", "à"), ("¸", "á"), ("¹", "ạ"), ("Ç", "ầ"), ("Ê", "ấ"), ("Õ", "ế"), ("Ö", "ệ"),
     ("Þ", "ị"), ("é", "ộ"), ("í", "ớ"), ("ø", "ứ"), ("ý", "ý"), ("þ", "ỵ")],
)  # fmt: skip
def test_it_maps_known_tcvn3_codes(code, letter):
    assert TCVN3_TO_UNICODE[code] == letter


@pytest.mark.parametrize(
    ("tcvn3", "unicode"),
    [("Hµ Néi", "Hà Nội"), ("CÇn Th¬", "Cần Thơ"), ("B¶o Th¾ng", "Bảo Thắng"), ("B¸t X¸t", "Bát Xát"),
     ("M\xadêng Kh\xad¬ng", "Mường Khương"), ("TrÇn V¨n §øc", "Trần Văn Đức"), ("ViÖt Nam", "Việt Nam")],
)  # fmt: skip
def test_it_converts_known_tcvn3_samples(tcvn3, unicode):
    assert convert_legacy(tcvn3, TCVN3) == unicode


@pytest.mark.parametrize(
    ("vni", "unicode"),
    [("Vieät Nam", "Việt Nam"), ("Caàn Thô", "Cần Thơ"), ("Nguyeãn Thò AÙnh Tuyeát", "Nguyễn Thị Ánh Tuyết"),
     ("Ñaék Laék", "Đắk Lắk"), ("Phöôøng Caùi Kheá", "Phường Cái Khế"), ("NGUYEÃN", "NGUYỄN"),
     ("Thaønh phoá Hoà Chí Minh", "Thành phố Hồ Chí Minh"), ("quyeån", "quyển"), ("Myõ", "Mỹ"), ("Kyø", "Kỳ")],
)  # fmt: skip
def test_it_converts_known_vni_samples(vni, unicode):
    assert convert_legacy(vni, VNI) == unicode


def test_it_reads_vni_marks_in_either_case():
    assert convert_legacy("AÙ Aù aÙ", VNI) == "Á Á á"


def test_it_round_trips_every_letter_through_vni():
    for letter in VIETNAMESE_LETTERS:
        assert convert_legacy(encode_legacy(letter, VNI), VNI) == letter


def test_it_round_trips_every_lower_case_letter_through_tcvn3():
    text = " ".join(LOWER_LETTERS)
    assert convert_legacy(encode_legacy(text, TCVN3), TCVN3) == text
    assert len(set(encode_legacy("".join(LOWER_LETTERS), TCVN3))) == 67


@pytest.mark.parametrize("name", NAMES)
def test_it_round_trips_real_names(name):
    assert convert_legacy(encode_legacy(name, VNI), VNI) == name
    assert convert_legacy(encode_legacy(name, TCVN3), TCVN3) == name


@pytest.mark.parametrize(
    ("tcvn3", "unicode"),
    [("§¾K L¾K", "ĐẮK LẮK"), ("CÇN TH¬", "CẦN THƠ"), ("ÊP Mü ¸I", "ẤP MỸ ÁI"), ("Êp Mü ¸i", "Ấp Mỹ Ái"),
     ("Nguyôn ThÞ ¸nh TuyÕt", "Nguyụn Thị Ánh Tuyết"), ("Cµ Mau", "Cà Mau"), ("Sè CCCD", "Số CCCD"),
     ("Hé gia ®×nh", "Hộ gia đình"), ("Êp 3", "ấp 3")],
)  # fmt: skip
def test_it_restores_upper_case_tcvn3_letters_from_context(tcvn3, unicode):
    assert convert_legacy(tcvn3, TCVN3) == unicode


def test_it_outputs_nfc():
    assert unicodedata.is_normalized("NFC", convert_legacy("Nguyeãn", VNI))
    assert unicodedata.is_normalized("NFC", convert_legacy("NguyÔn", TCVN3))


def test_it_rejects_unknown_encoding_names():
    with pytest.raises(ValueError):
        convert_legacy("x", "viqr")
    with pytest.raises(ValueError):
        encode_legacy("x", "viqr")


# --- syllables ---


@pytest.mark.parametrize(
    "word",
    ["Nguyễn", "Thị", "Ánh", "Tuyết", "Phường", "khuyến", "gì", "giữa", "quốc", "người", "ươm", "xuân",
     "thuở", "ĐẮK", "Lắk", "nghiêng", "oanh", "khuya", "yêu", "ạ"],
)  # fmt: skip
def test_it_accepts_vietnamese_syllables(word):
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize(
    "word", ["café", "Müller", "Caàn", "Néi", "Th¬", "at", "hello", "Josộ", "ươ", "hỏá", "thiê", "aoi", "bf"],
)
def test_it_rejects_what_is_no_vietnamese_syllable(word):
    assert not is_vietnamese_syllable(word)


# --- detection ---


@pytest.mark.parametrize("name", NAMES)
def test_it_detects_tcvn3_and_vni(name):
    assert detect_legacy(encode_legacy(name, TCVN3)) == TCVN3
    assert detect_legacy(encode_legacy(name, VNI)) == VNI


def test_it_detects_the_examples_of_the_brief():
    assert detect_legacy("CÇn Th¬") == TCVN3
    assert detect_legacy("Caàn Thô") == VNI


@pytest.mark.parametrize(
    "text",
    ["Hello world, household list 2024", "Nguyen Van A, Can Tho", "café résumé naïve Müller José Muñoz Zürich",
     "25°C, 120 m², © 2024", "", "   "],
)  # fmt: skip
def test_it_does_not_misdetect_ascii_or_western_text(text):
    assert detect_legacy(text) is None
    assert legacy.suspect_legacy(text) is None


@pytest.mark.parametrize("name", [*NAMES, "Hà Nội", "Lê Tám", "Thô", "Ô", "Hoàng Thị Xuân, ấp Hòa Thuận"])
def test_it_does_not_misdetect_unicode_vietnamese(name):
    assert detect_legacy(name) is None
    assert legacy.suspect_legacy(name) is None


def test_it_tells_unicode_vietnamese_apart():
    assert legacy.is_unicode_vietnamese("Cần Thơ")
    assert not legacy.is_unicode_vietnamese("CÇn Th¬")
    assert not legacy.is_unicode_vietnamese("Lê Tám")  # only Latin-1 letters: no proof either way


# --- double UTF-8 ---


def test_it_fixes_the_example_of_the_brief():
    assert fix_double_utf8("Cáº§n ThÆ¡") == "Cần Thơ"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("codec", ["cp1252", "cp1258"])
def test_it_fixes_double_utf8(name, codec):
    assert fix_double_utf8(mojibake(name, codec)) == name


def test_it_fixes_two_layers_of_double_utf8():
    assert fix_double_utf8(mojibake(mojibake("Trần Văn Đức"))) == "Trần Văn Đức"


@pytest.mark.parametrize("text", ["Cần Thơ", "Lê Tám", "hello", "", "CÇn Th¬", "café", "Ðª"])
def test_it_leaves_text_that_is_not_double_utf8(text):
    assert fix_double_utf8(text) is None


def test_it_counts_junk_characters():
    assert legacy.junk_share("Cáº§n ThÆ¡") > 0.4
    assert legacy.junk_share("Cần Thơ 25°C 120 m²") == 0
