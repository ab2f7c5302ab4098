import unicodedata

from danchu.core.text import clean_text, fold, nfc


def test_it_folds_diacritics_and_case():
    assert fold("Cần Thơ") == "can tho"
    assert fold("ĐẮK LẮK") == "dak lak"
    assert fold("Nguyễn Thị Ánh Tuyết") == "nguyen thi anh tuyet"


def test_it_folds_every_d_with_stroke_to_d():
    assert fold("Đ đ") == "d d"
    assert fold("\u00d0iện Biên") == "dien bien"  # Ð (ETH) typed for Đ
    assert fold("\u00f0") == "d"


def test_it_folds_nfd_input_like_nfc():
    text = "Phường Cái Khế, Ấp Mỹ Ái"
    assert fold(unicodedata.normalize("NFD", text)) == fold(text) == "phuong cai khe, ap my ai"


def test_it_collapses_white_space_and_handles_empty():
    assert fold("  Khu vực \t Bình  Dương A \n") == "khu vuc binh duong a"
    assert fold("") == ""
    assert fold(None) == ""


def test_it_normalises_to_nfc():
    decomposed = unicodedata.normalize("NFD", "Trần Văn Đức")
    assert decomposed != "Trần Văn Đức"
    assert nfc(decomposed) == "Trần Văn Đức"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))


def test_it_cleans_text():
    assert clean_text(unicodedata.normalize("NFD", "  Ấp Mỹ Ái ")) == "Ấp Mỹ Ái"


def test_single_line_fields_lose_invisible_format_characters():
    from danchu.core.text import clean_text, visible

    assert clean_text("\u200b\u200c\ufeff") == ""  # a name made only of zero-width characters is empty
    assert clean_text("Nguy\u200bễn  Văn\u00ad An ") == "Nguyễn Văn An"
    assert visible("Hộ\u200e 12\n") == "Hộ 12\n"  # multi-line text keeps its lines
