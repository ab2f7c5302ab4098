"""Pure rules of the units app (no database)."""

from datetime import date

import pytest

from danchu.units.domain import (
    ROLE_CAPABILITIES,
    STAFF_ROLES,
    Capability,
    Grant,
    Kind,
    Level,
    Role,
    grants_allow,
    is_active_on,
    kind_from_type_name,
    split_kind_prefix,
)


def test_it_scopes_a_grant_to_its_subtree():
    grant = Grant(Role.COMMUNE_OFFICIAL, 5, "/1/5/")
    assert grants_allow([grant], Capability.MANAGE_HOUSEHOLDS, "/1/5/")
    assert grants_allow([grant], Capability.MANAGE_HOUSEHOLDS, "/1/5/17/")
    assert not grants_allow([grant], Capability.MANAGE_HOUSEHOLDS, "/1/6/")
    assert not grants_allow([grant], Capability.MANAGE_HOUSEHOLDS, "/1/")  # not upwards
    assert not grants_allow([grant], Capability.MANAGE_HOUSEHOLDS, "/1/55/")  # "/1/5" is not a prefix of "/1/55/"


def test_a_city_officer_reads_but_does_not_write():
    grant = Grant(Role.CITY_OFFICER, 1, "/1/")
    assert grants_allow([grant], Capability.VIEW_REGISTERS, "/1/5/17/")
    assert not grants_allow([grant], Capability.MANAGE_HOUSEHOLDS, "/1/5/17/")


def test_every_role_but_none_is_staff_and_has_capabilities():
    assert Role.NONE not in STAFF_ROLES
    for role in STAFF_ROLES:
        assert ROLE_CAPABILITIES[role], role


@pytest.mark.parametrize(("on", "expected"), [
    (date(2025, 6, 30), False), (date(2025, 7, 1), True), (date(2026, 6, 30), True), (date(2026, 7, 1), False),
])
def test_terms_include_both_ends(on, expected):
    assert is_active_on(date(2025, 7, 1), date(2026, 6, 30), on) is expected


def test_open_ended_terms_are_active():
    assert is_active_on(None, None, date(2030, 1, 1))


@pytest.mark.parametrize(("name", "level", "kind"), [
    ("Phường", Level.COMMUNE, Kind.PHUONG), ("Xã", Level.COMMUNE, Kind.XA), ("Đặc khu", Level.COMMUNE, Kind.DAC_KHU),
    ("Thành phố", Level.PROVINCE, Kind.THANH_PHO_TW), ("Thành phố", Level.DISTRICT, Kind.THANH_PHO_THUOC_TINH),
    ("Quận", Level.DISTRICT, Kind.QUAN), ("Thị trấn", Level.COMMUNE, Kind.THI_TRAN),
])
def test_it_maps_official_type_names_to_kinds(name, level, kind):
    assert kind_from_type_name(name, level=level) == kind


def test_it_rejects_unknown_type_names():
    with pytest.raises(ValueError):
        kind_from_type_name("Làng xã", level=Level.COMMUNE)


@pytest.mark.parametrize(("name", "expected"), [
    ("Ấp Mỹ Ái", (Kind.AP, "Mỹ Ái")), ("Khu vực 3", (Kind.KHU_VUC, "3")),
    ("Tổ dân phố 5", (Kind.TO_DAN_PHO, "5")), ("Mỹ Ái", (None, "Mỹ Ái")),
])
def test_it_splits_the_kind_prefix_of_a_village_name(name, expected):
    assert split_kind_prefix(name) == expected
