"""Shared fixtures. The test environment itself is set in tests/pytest_env.py (loaded first)."""

import pytest

# --- External programs: skipped on a developer's machine without them, required in CI ---------------

def pytest_runtest_setup(item):
    """`@pytest.mark.requires_tool("soffice", "pdftotext")`: the test is skipped when one of the programs is
    not on PATH, unless DANCHU_REQUIRE_TOOLS=1 (set by .ci/run), where it fails instead of hiding the check."""
    import os
    import shutil

    for marker in item.iter_markers("requires_tool"):
        missing = [tool for tool in marker.args if shutil.which(tool) is None]
        if missing:
            reason = f"needs {', '.join(missing)} on PATH (apt-get install: see .ci/run)"
            if os.environ.get("DANCHU_REQUIRE_TOOLS", "") == "1":
                pytest.fail(f"DANCHU_REQUIRE_TOOLS=1 but the test {reason}", pytrace=False)
            pytest.skip(reason)


# --- Shared fixtures: a small Cần Thơ tree and one persona per role --------------------------------

from dataclasses import dataclass  # noqa: E402
from datetime import date  # noqa: E402


@dataclass
class Tree:
    version: object
    province: object
    commune_a: object  # Phường Cái Khế
    commune_b: object  # Phường Ninh Kiều
    village_a1: object
    village_a2: object
    village_b1: object
    household_a1: object
    household_b1: object
    org_a: object
    org_b: object


@pytest.fixture
def tree(db):
    from danchu.units.domain import Kind, Level, OrganisationKind
    from danchu.units.models import AdministrativeUnit, StructureVersion
    from danchu.units.services import household_create, organisation_create

    version = StructureVersion.objects.create(code="2025", name="Từ ngày 01/07/2025", valid_from=date(2025, 7, 1))

    def unit(code, name, kind, level, parent=None):
        u = AdministrativeUnit(version=version, code=code, name=name, short_name=name, kind=kind, level=level,
                               parent=parent, valid_from=date(2025, 7, 1))
        u.save()
        return u

    province = unit("92", "Thành phố Cần Thơ", Kind.THANH_PHO_TW, Level.PROVINCE)
    a = unit("31120", "Phường Cái Khế", Kind.PHUONG, Level.COMMUNE, province)
    b = unit("31135", "Phường Ninh Kiều", Kind.PHUONG, Level.COMMUNE, province)
    a1 = unit("31120-01", "Khu vực 1", Kind.KHU_VUC, Level.VILLAGE, a)
    a2 = unit("31120-02", "Khu vực 2", Kind.KHU_VUC, Level.VILLAGE, a)
    b1 = unit("31135-01", "Khu vực 1", Kind.KHU_VUC, Level.VILLAGE, b)
    ha = household_create(village=a1, actor=None, code="A1-001", representative_name="Nguyễn Văn An",
                          address="Số 1, đường Mậu Thân", phone="0911111111", established_on=date(2025, 7, 1))
    hb = household_create(village=b1, actor=None, code="B1-001", representative_name="Trần Thị Bích",
                          address="Số 2, đường Hòa Bình", phone="0922222222", established_on=date(2025, 7, 1))
    org_a = organisation_create(unit=a, kind=OrganisationKind.UBND, name="Ủy ban nhân dân Phường Cái Khế", actor=None)
    org_b = organisation_create(unit=b, kind=OrganisationKind.UBND, name="Ủy ban nhân dân Phường Ninh Kiều", actor=None)
    return Tree(version, province, a, b, a1, a2, b1, ha, hb, org_a, org_b)


@pytest.fixture
def personas(tree):
    """resident, village_head (Khu vực 1 of A), official_a, official_b, city_officer, superuser."""
    from danchu.accounts.models import User
    from danchu.units.domain import OrganisationKind, Role
    from danchu.units.services import appointment_create, organisation_create, position_create

    def user(username, **extra):
        u = User(username=username, full_name=username.replace(".", " ").title(), **extra)
        u.set_password("matkhau-an-toan-2026")
        u.save()
        return u

    def hold(u, org, role, title):
        position = position_create(organisation=org, title=title, role=role, actor=None)
        appointment_create(position=position, holder_name=u.full_name, user=u, start=date(2025, 7, 1), actor=None)

    people = {
        "resident": user("nguoidan"),
        "village_head": user("truong.kv1"),
        "official_a": user("canbo.a"),
        "official_b": user("canbo.b"),
        "city_officer": user("danvan.tp"),
        "superuser": user("admin", is_superuser=True, is_staff=True),
    }
    board = organisation_create(unit=tree.village_a1, kind=OrganisationKind.BAN_DIEU_HANH,
                                name="Ban điều hành Khu vực 1", actor=None)
    hold(people["village_head"], board, Role.VILLAGE_HEAD, "Trưởng khu vực")
    hold(people["official_a"], tree.org_a, Role.COMMUNE_OFFICIAL, "Công chức Văn phòng – Thống kê")
    hold(people["official_b"], tree.org_b, Role.COMMUNE_OFFICIAL, "Công chức Văn phòng – Thống kê")
    city = organisation_create(unit=tree.province, kind=OrganisationKind.BAN_DAN_VAN,
                               name="Ban Dân vận Thành ủy Cần Thơ", actor=None)
    hold(people["city_officer"], city, Role.CITY_OFFICER, "Chuyên viên")
    return people


@pytest.fixture
def front_a(tree):
    """The Fatherland Front of commune A: the chairwoman of UB MTTQ Phường Cái Khế (FRONT_OFFICER)."""
    from danchu.accounts.models import User
    from danchu.units.domain import OrganisationKind, Role
    from danchu.units.services import appointment_create, organisation_create, position_create

    user = User(username="mattran.a", full_name="Võ Thị Kim Liên")
    user.set_password("matkhau-an-toan-2026")
    user.save()
    org = organisation_create(unit=tree.commune_a, kind=OrganisationKind.MTTQ, name="UB MTTQ Phường Cái Khế",
                              actor=None)
    position = position_create(organisation=org, title="Chủ tịch UB MTTQ", role=Role.FRONT_OFFICER, actor=None)
    appointment_create(position=position, holder_name=user.full_name, user=user, start=date(2025, 7, 1), actor=None)
    return user


def verified_login(client, user):
    """Log a user in through the test client with the second factor already passed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(user, backend="danchu.accounts.backends.PhoneOrUsernameBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def login():
    return verified_login


@pytest.fixture(autouse=True)
def _isolate_thread_state():
    """LocaleMiddleware leaves the request's language active in the thread, and the local-memory cache
    (rate limits, the calendar) outlives a test: reset both after each test."""
    from django.core.cache import caches
    from django.utils import translation

    yield
    translation.activate("vi")
    cache = caches["default"]
    if type(cache).__name__ == "LocMemCache":  # never flush a shared Redis
        cache.clear()
