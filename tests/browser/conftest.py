"""End-to-end tests: Playwright drives Debian's Chromium against Django's `live_server`.

- Chromium is `/usr/bin/chromium` (no `playwright install`; see the setup notes §4 and §10).
- Every test in this folder gets `@pytest.mark.browser` (deselect with `-m "not browser"`).
- No Chromium: the tests are SKIPPED, unless `DANCHU_REQUIRE_BROWSER=1` (CI), where they FAIL.
- Under pytest-xdist each worker has its own test database, live server and browser.
- Screenshots go to `tests/screenshots/<test name>-<step>.png` (git-ignored).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SCREENSHOTS = HERE.parent / "screenshots"
CHROMIUM = os.environ.get("DANCHU_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PASSWORD = "matkhau-an-toan-2026"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# "localhost" may resolve to ::1 or 127.0.0.1; the live server binds one address, so name it.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")


def _chromium_missing() -> str | None:
    if os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK):
        return None
    return (f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium fonts-liberation2` "
            "(setup notes §4) to run the browser tests")


def _required() -> bool:
    return os.environ.get("DANCHU_REQUIRE_BROWSER", "") == "1"


def pytest_collection_modifyitems(config, items):
    # Hooks of a conftest see every collected item, not only this folder's: filter by path.
    missing = _chromium_missing()
    for item in items:
        if not Path(str(item.path)).resolve().is_relative_to(HERE):
            continue
        item.add_marker(pytest.mark.browser)
        if missing and not _required():
            item.add_marker(pytest.mark.skip(reason=missing))


@pytest.fixture(scope="session", autouse=True)
def _chromium_present():
    """Runs before any Playwright fixture: a clear failure instead of Playwright's launch error."""
    missing = _chromium_missing()
    if missing:
        if _required():
            pytest.fail(f"DANCHU_REQUIRE_BROWSER=1 but {missing}", pytrace=False)
        pytest.skip(missing)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh", "viewport": DESKTOP}


@pytest.fixture
def server(live_server):
    """The live server's base URL (no trailing slash)."""
    return live_server.url


@pytest.fixture
def page(page):
    """Every page of every browser test is also watched for what the Content-Security-Policy blocks (an inline
    script, a resource of another site): a violation fails the test, as it would break the page for users."""
    page.set_default_timeout(10_000)
    page.set_default_navigation_timeout(15_000)
    blocked: list[str] = []
    page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
    yield page
    assert not blocked, f"blocked by the Content-Security-Policy: {blocked[:3]}"


@pytest.fixture
def shot(request):
    """`shot(page, "step")` saves tests/screenshots/<test name>-<step>.png (full page)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = request.node.originalname

    def take(page, step: str, full_page: bool = True) -> Path:
        path = SCREENSHOTS / f"{name}-{step}.png"
        page.screenshot(path=str(path), full_page=full_page)
        return path

    return take


@pytest.fixture
def official_two_units(personas, tree):
    """`official_a` (commune A) also holds a post in commune B: the header switcher has two entries."""
    from danchu.units.domain import Role
    from danchu.units.services import appointment_create, position_create

    user = personas["official_a"]
    position = position_create(organisation=tree.org_b, title="Công chức Tư pháp – Hộ tịch",
                               role=Role.COMMUNE_OFFICIAL, actor=None)
    appointment_create(position=position, holder_name=user.full_name, user=user, start=date(2025, 7, 1),
                       actor=None)
    return user


def totp_now(device) -> str:
    """The code an authenticator app would show right now for this django-otp TOTPDevice."""
    from django_otp.oath import totp

    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift)
    return f"{code:0{device.digits}d}"


def totp_from_secret(secret: str) -> str:
    """The code for a base32 secret as shown on the setup page ("ABCD EFGH …")."""
    import base64

    from django_otp.oath import totp

    key = secret.replace(" ", "").upper()
    key += "=" * (-len(key) % 8)
    return f"{totp(base64.b32decode(key)):06d}"


def no_horizontal_scroll(page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
