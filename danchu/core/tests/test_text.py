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


def test_multiline_text_keeps_its_paragraphs_and_loses_what_is_invisible():
    from danchu.core.text import clean_multiline

    raw = "  Dòng một\r\nDòng hai\u2028\rDòng ba\x00\x07 \t \n\n\n\u200bĐoạn\u00adsau  \n\n"
    assert clean_multiline(raw) == "Dòng một\nDòng hai\n\nDòng ba\n\n\nĐoạnsau"
    assert clean_multiline(unicodedata.normalize("NFD", "Ấp Mỹ Ái")) == "Ấp Mỹ Ái"
    assert clean_multiline("👨\u200d👩\u200d👧") == "👨\u200d👩\u200d👧"  # joiners of an emoji kept
    assert clean_multiline(None) == ""


def test_single_line_text_loses_line_breaks_and_control_characters():
    assert clean_text("Hộ\x00 ông\r\nAn\x1b") == "Hộ ông An"
    assert clean_text(12) == "12"


def test_clean_field_refuses_blank_and_too_long_input_with_stable_codes():
    import pytest
    from django.core.exceptions import ValidationError

    from danchu.core.text import clean_field

    assert clean_field("  Nguyễn  Văn An ", "name") == "Nguyễn Văn An"
    assert clean_field("", "note", required=False) == ""
    for value in ("", "   ", "\u200b\u200c", None, "\x00"):
        with pytest.raises(ValidationError) as caught:
            clean_field(value, "name")
        assert caught.value.error_dict["name"][0].code == "required"
    with pytest.raises(ValidationError) as caught:
        clean_field("x" * 11, "name", max_length=10)
    assert caught.value.error_dict["name"][0].code == "too_long"
    assert caught.value.message_dict == {"name": ["Tối đa 10 ký tự."]}
    with pytest.raises(ValidationError) as caught:
        clean_field("ngắn", "description", min_length=10, single_line=False)
    assert caught.value.error_dict["description"][0].code == "too_short"
    assert clean_field("a\r\nb", "body", single_line=False) == "a\nb"


def test_forms_and_the_api_clean_free_text_the_same_way():
    from danchu.core.api import TextField as ApiText
    from danchu.core.forms import TextField as FormText

    raw = "  Nguy\u200bễn\x00 Văn\r\nAn  "
    assert FormText().clean(raw) == ApiText().run_validation(raw) == "Nguyễn Văn An"
    lines = "Dòng 1\r\n\u200bDòng 2  \n"
    assert FormText(multiline=True).clean(lines) == ApiText(multiline=True).run_validation(lines) == "Dòng 1\nDòng 2"
    import pytest
    from django.core.exceptions import ValidationError
    from rest_framework.exceptions import ValidationError as ApiError

    with pytest.raises(ValidationError):
        FormText().clean("\u200b\u200c")
    with pytest.raises(ApiError):
        ApiText().run_validation("\u200b ")
    with pytest.raises(ApiError):
        ApiText(max_length=3).run_validation("abcd")
