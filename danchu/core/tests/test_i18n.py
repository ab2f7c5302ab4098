"""The English catalogue: complete, faithful to placeholders, compiled, and actually used by the pages.

Source strings are Vietnamese (LANGUAGE_CODE = "vi"); danchu/locale/en/LC_MESSAGES/django.po holds the English.
Refresh it with danchu/locale/update.sh. The .po is read with a tiny pure-Python parser so that these tests
need no gettext tools.
"""

import gettext
import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"
EN_MO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.mo"

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+"(.*)"\s*$')


def _unescape(s: str) -> str:
    return re.sub(r'\\(.)', lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), s)


def parse_po(path: Path) -> list[dict]:
    """Entries of a .po file: {"line", "flags", "msgctxt", "msgid", "msgid_plural", "msgstr": {index: text}}.

    Obsolete entries (#~) are skipped; the header (msgid "") is included.
    """
    entries: list[dict] = []
    entry: dict | None = None
    field: tuple[str, int | None] | None = None

    def finish():
        if entry is not None and entry["msgid"] is not None:
            entries.append(entry)

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            if not line:
                finish()
                entry, field = None, None
            continue
        if entry is None:
            entry = {"line": number, "flags": set(), "msgctxt": None, "msgid": None, "msgid_plural": None,
                     "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif match := _KEYWORD.match(line):
            keyword, index, text = match.groups()
            if keyword.startswith("msgstr"):
                field = ("msgstr", int(index or 0))
                entry["msgstr"][field[1]] = _unescape(text)
            else:
                field = (keyword, None)
                if keyword == "msgid":
                    entry["line"] = number
                entry[keyword] = _unescape(text)
        elif line.startswith('"') and field is not None:
            text = _unescape(line[1:-1])
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += text
            else:
                entry[field[0]] += text
        else:
            raise AssertionError(f"{path}:{number}: cannot parse {raw!r}")
    finish()
    return entries


def messages(path: Path = EN_PO) -> list[dict]:
    return [e for e in parse_po(path) if e["msgid"] != ""]


def where(entry: dict) -> str:
    return f"{EN_PO.name}:{entry['line']} {entry['msgid']!r}"


# %(name)s, %(n)d, %(s).1f, %s, %d — and {name} for python-brace-format strings. "%%" is a literal percent.
_PRINTF = re.compile(r"%(?:\([^)]*\))?[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")
_BRACE = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def placeholders(text: str, brace: bool) -> Counter:
    found = Counter(p for p in _PRINTF.findall(text) if p != "%%")
    if brace:
        found.update(_BRACE.findall(text))
    return found


def test_the_english_catalogue_exists_and_declares_english_plurals():
    assert EN_PO.exists(), "run danchu/locale/update.sh"
    header = parse_po(EN_PO)[0]
    assert header["msgid"] == ""
    assert "fuzzy" not in header["flags"]
    meta = header["msgstr"][0]
    assert "Language: en\n" in meta
    assert "charset=UTF-8" in meta
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in meta
    assert len(messages()) > 400


def test_every_message_is_translated_and_none_is_fuzzy():
    problems = []
    for entry in messages():
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy: {where(entry)}")
        expected = 2 if entry["msgid_plural"] is not None else 1
        forms = entry["msgstr"]
        if sorted(forms) != list(range(expected)) or not all(s.strip() for s in forms.values()):
            problems.append(f"untranslated: {where(entry)}")
    assert not problems, "run danchu/locale/update.sh and translate:\n" + "\n".join(problems)


def test_no_message_is_left_in_vietnamese():
    """A msgstr that is just the Vietnamese msgid copied over is not a translation (proper names aside)."""
    vietnamese = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I)
    # Vietnamese words that stay in the English text on purpose: proper names and column headers of the
    # import file (which is read in Vietnamese), and kinds of village quoted next to their English name.
    allowed = re.compile(
        r"Mỹ Ái|Khu vực|Tên thôn, tổ dân phố|Tổ dân phố|Ấp|Loại|Mã hộ|Mã|Họ và tên đại diện hộ|Thôn(/Ấp(/Tổ dân phố)?)?|Địa chỉ|Điện thoại|"
        r"Số nhân khẩu|\((?:quận|huyện|thị xã|thị trấn|đặc khu|ấp|bản|khu vực|khóm|khu phố|buôn|sóc|làng)\)"
    )
    problems = []
    for entry in messages():
        for text in entry["msgstr"].values():
            if vietnamese.search(allowed.sub("", text)):
                problems.append(f"{where(entry)} -> {text!r}")
    assert not problems, "\n".join(problems)


def test_every_translation_keeps_the_placeholders_of_its_source():
    problems = []
    for entry in messages():
        brace = "python-brace-format" in entry["flags"]
        sources = [entry["msgid"]] if entry["msgid_plural"] is None else [entry["msgid"], entry["msgid_plural"]]
        expected = placeholders(sources[-1], brace)
        for source in sources:
            # both Vietnamese forms carry the same placeholders (the plural one is authoritative)
            assert placeholders(source, brace) <= expected or not entry["msgid_plural"], where(entry)
        for index, text in entry["msgstr"].items():
            got = placeholders(text, brace)
            if got != expected:
                problems.append(f"{where(entry)} msgstr[{index}]: expected {dict(expected)}, got {dict(got)}")
    assert not problems, "\n".join(problems)


def test_the_committed_mo_file_is_compiled_from_the_po_file():
    """django.mo is committed so that a fresh install needs no gettext tools; it must match the .po."""
    assert EN_MO.exists(), "run danchu/locale/update.sh (compilemessages)"
    with EN_MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    stale = []
    for entry in messages():
        if "fuzzy" in entry["flags"] or not all(entry["msgstr"].values()):
            continue  # not compiled by msgfmt; reported by test_every_message_is_translated_and_none_is_fuzzy
        key = entry["msgid"] if entry["msgctxt"] is None else f"{entry['msgctxt']}\x04{entry['msgid']}"
        if entry["msgid_plural"] is None:
            if catalog.get(key) != entry["msgstr"][0]:
                stale.append(where(entry))
        elif any(catalog.get((key, i)) != text for i, text in entry["msgstr"].items()):
            stale.append(where(entry))
    assert not stale, "django.mo is out of date, run danchu/locale/update.sh:\n" + "\n".join(stale)


def test_gettext_uses_the_catalogue_for_english_and_the_source_for_vietnamese():
    from django.utils.translation import gettext, ngettext

    with translation.override("en"):
        assert gettext("Đăng nhập") == "Sign in"
        assert gettext("Ủy ban nhân dân") == "People's Committee"
        assert ngettext("%(n)s hộ", "%(n)s hộ", 1) % {"n": 1} == "1 household"
        assert ngettext("%(n)s hộ", "%(n)s hộ", 5) % {"n": 5} == "5 households"
    with translation.override("vi"):
        assert gettext("Đăng nhập") == "Đăng nhập"
        assert ngettext("%(n)s hộ", "%(n)s hộ", 5) % {"n": 5} == "5 hộ"


# --- The pages --------------------------------------------------------------------------------------------

_VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.I)


def visible_text(html: str) -> str:
    """The text of <body> without tags, scripts and the language switch (which names Tiếng Việt on purpose)."""
    body = html.split("<body", 1)[-1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r'<[^>]*\blang="vi"[^>]*>.*?</[^>]+>', " ", body, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def english(client, path):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, path
    assert response["Content-Language"] == "en"
    html = response.content.decode()
    assert '<html lang="en">' in html
    return html


@pytest.mark.django_db
def test_the_home_page_is_vietnamese_by_default(client):
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html
    assert "Đăng nhập" in html
    assert "Sign in" not in html


@pytest.mark.django_db
def test_the_home_page_is_english_with_accept_language_en(client):
    html = english(client, "/")
    assert "Sign in" in html
    assert "Register" in html
    assert "Skip to main content" in html
    assert "No administrative unit data has been loaded yet" in html
    assert "Đăng nhập" not in html
    leftover = _VIETNAMESE_LETTERS.findall(visible_text(html))
    assert not leftover, visible_text(html)


@pytest.mark.django_db
def test_the_home_page_with_data_is_english(client, tree):
    html = english(client, "/")
    assert "Thành phố Cần Thơ" in html  # proper names stay as they are
    assert "communes and wards (wards: 2, communes: 0)" in html
    assert "households recorded" in html
    assert "Find your commune or ward" in html
    text = visible_text(html)
    for name in ("Thành phố Cần Thơ", "Phường Cái Khế", "Phường Ninh Kiều", "Từ ngày 01/07/2025"):
        text = text.replace(name, "")
    assert not _VIETNAMESE_LETTERS.findall(text), text


@pytest.mark.django_db
def test_the_login_page_is_english(client):
    html = english(client, "/accounts/dang-nhap/")
    assert "<h1>Sign in</h1>" in html
    assert "Username or phone number" in html
    assert "Password" in html
    assert "No account yet?" in html
    assert "Đăng nhập" not in html
    leftover = _VIETNAMESE_LETTERS.findall(visible_text(html))
    assert not leftover, visible_text(html)


@pytest.mark.django_db
def test_a_failed_login_answers_in_english(client):
    response = client.post("/accounts/dang-nhap/", {"username": "nobody", "password": "wrong-password-1"},
                           HTTP_ACCEPT_LANGUAGE="en")
    assert "Incorrect username/phone number or password." in response.content.decode()


@pytest.mark.django_db
def test_the_language_switch_keeps_english_for_the_session(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert "Đăng nhập" in client.get("/").content.decode()


@pytest.mark.django_db
def test_pages_of_an_official_are_english(client, tree, personas, login):
    login(client, personas["official_a"])
    html = english(client, f"/quan-ly/{tree.commune_a.pk}/thon/")
    assert "Villages and residential groups of Phường Cái Khế" in html
    assert "Sign out" in html
    assert "Đăng xuất" not in html


# --- Source-string problems found while translating (fixed in the code; kept as regression tests) ---------


def test_a_village_name_does_not_depend_on_the_interface_language():
    from danchu.units.forms import VillageForm

    with translation.override("en"):
        form = VillageForm({"kind": "ap", "name": "Mỹ Ái"})
        assert form.is_valid(), form.errors
        assert form.full_name() == "Ấp Mỹ Ái"


def test_the_replacement_character_message_is_translated():
    from django.utils.translation import gettext

    source = ("Tệp không đọc được: dòng %(line)s có ký tự lỗi «%(char)s» (tệp đã bị hỏng bảng mã khi lưu). "
              "Hãy lưu lại từ tệp gốc dưới dạng .xlsx hoặc CSV UTF-8.")
    with translation.override("en"):
        assert gettext(source).startswith("The file cannot be read")
