"""Settings: every DANCHU_* setting declared with its default; typos stop start-up."""

import re
from pathlib import Path

import pytest

from danchu import settings as conf

ROOT = Path(conf.BASE_DIR)


def test_envbool_knows_its_words_and_refuses_the_rest(monkeypatch):
    for word, value in (("1", True), ("TRUE", True), ("on", True), ("0", False), ("No", False), ("off", False)):
        monkeypatch.setenv("X_FLAG", word)
        assert conf.envbool("X_FLAG", not value) is value
    monkeypatch.setenv("X_FLAG", "")
    assert conf.envbool("X_FLAG", True) is True
    monkeypatch.setenv("X_FLAG", "ture")
    with pytest.raises(conf.SettingError, match="X_FLAG='ture'"):
        conf.envbool("X_FLAG", False)


def test_numbers_json_and_days_are_checked(monkeypatch):
    monkeypatch.setenv("X_N", "abc")
    with pytest.raises(conf.SettingError):
        conf.envint("X_N", 1)
    monkeypatch.setenv("X_N", "0")
    with pytest.raises(conf.SettingError):
        conf.envint("X_N", 1, minimum=1)
    monkeypatch.setenv("X_J", "{bad")
    with pytest.raises(conf.SettingError):
        conf.envjson("X_J", None)
    monkeypatch.setenv("X_D", "02-30")
    with pytest.raises(conf.SettingError):
        conf.envmonthday("X_D", (11, 18))
    monkeypatch.setenv("X_D", "12-01")
    assert conf.envmonthday("X_D", (11, 18)) == (12, 1)


def _sources():
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts or path.name == "settings.py":
            continue
        yield path, path.read_text(encoding="utf-8")


def test_every_danchu_setting_read_by_the_code_is_declared_and_documented():
    readme = (ROOT.parent / "README.md").read_text(encoding="utf-8")
    used = set()
    for path, text in _sources():
        assert not re.search(r'getattr\(\s*\w*settings\s*,\s*"DANCHU_', text), f"{path}: read settings.DANCHU_X"
        used |= set(re.findall(r"settings\.(DANCHU_[A-Z0-9_]+)", text))
    declared = {name for name in vars(conf) if name.startswith("DANCHU_")}
    assert used <= declared, f"read but not declared in settings.py: {sorted(used - declared)}"
    env_names = set(re.findall(r'env\w*\("(DANCHU_[A-Z0-9_]+)"', (ROOT / "settings.py").read_text()))
    undocumented = sorted(n for n in env_names if f"`{n}`" not in readme)
    assert not undocumented, f"add to the README's configuration table: {undocumented}"
