"""A believable demo of Cần Thơ: real communes (current codes), villages, households, organisations,
office holders and one account per role. Idempotent: running it again changes nothing."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from danchu.core import audit

from .domain import Kind, Level, OrganisationKind, Role
from .models import (
    AdministrativeUnit,
    Appointment,
    Household,
    HouseholdMember,
    HouseholdResidence,
    Organisation,
    Position,
)
from .verbs import AuditVerb

DEMO_PASSWORD = "danchu-demo-2026"
PROVINCE_CODE = "92"

# Real communes of Cần Thơ from 1/7/2025 (codes of NQ 1668/NQ-UBTVQH15 as shipped by vietnamadminunits),
# with villages as commonly named there (khu vực in phường, ấp in xã).
COMMUNES: list[tuple[str, str, list[str]]] = [
    ("31120", "Phường Cái Khế", ["Khu vực 1", "Khu vực 2", "Khu vực 3", "Khu vực 4", "Khu vực 5"]),
    ("31135", "Phường Ninh Kiều", ["Khu vực 1", "Khu vực 2", "Khu vực 3", "Khu vực 4"]),
    ("31147", "Phường Tân An", ["Khu vực 1", "Khu vực 2", "Khu vực 3"]),
]
RURAL_COMMUNE_NAME = "Xã Phong Điền"
RURAL_VILLAGES = ["Ấp Nhơn Lộc 1", "Ấp Nhơn Lộc 2", "Ấp Thị Tứ", "Ấp Tân Long"]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Trương", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
            "Dương", "Lý", "Châu", "Thạch", "Lâm"]
MIDDLE_M = ["Văn", "Hữu", "Minh", "Quốc", "Thanh", "Công", "Đức", "Hoàng"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Kim", "Mỹ", "Thanh", "Bích", "Hồng"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Lộc", "Nam", "Phúc", "Quang", "Sơn", "Tài",
           "Thắng", "Trí", "Tuấn", "Việt", "Vinh"]
GIVEN_F = ["Anh", "Cúc", "Diễm", "Hạnh", "Hoa", "Hương", "Lan", "Liên", "Mai", "Ngân", "Nhung", "Phượng",
           "Thảo", "Trang", "Tuyết", "Xuân", "Yến", "Ánh"]
STREETS = ["đường Trần Văn Khéo", "đường Mậu Thân", "đường Nguyễn Trãi", "đường Cách Mạng Tháng Tám",
           "hẻm 30 Trần Hưng Đạo", "đường 30 Tháng 4", "đường Lý Tự Trọng", "đường Hòa Bình"]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role_label: str
    phone: str
    staff: bool = True


ACCOUNTS = [
    DemoAccount("admin", "Quản trị hệ thống", "Quản trị viên (superuser)", "0900000000"),
    DemoAccount("danvan.cantho", "Lê Thị Thu Hương", "Cán bộ Ban Dân vận Thành ủy (xem toàn thành phố)", "0900000001"),
    DemoAccount("chutich.caikhe", "Trần Quốc Cường", "Chủ tịch UBND Phường Cái Khế (lãnh đạo xã)", "0900000002"),
    DemoAccount("canbo.caikhe", "Nguyễn Thị Ngọc Anh", "Công chức Phường Cái Khế", "0900000003"),
    DemoAccount("canbo.ninhkieu", "Phạm Minh Tuấn", "Công chức Phường Ninh Kiều", "0900000004"),
    DemoAccount("mattran.caikhe", "Võ Thị Kim Liên", "Chủ tịch UB MTTQ Phường Cái Khế", "0900000005"),
    DemoAccount("truongkv1.caikhe", "Huỳnh Văn Lộc", "Trưởng Khu vực 1, Phường Cái Khế", "0900000006"),
    DemoAccount("nguoidan", "Đặng Thị Mỹ Hạnh", "Người dân (hộ ở Khu vực 1, Cái Khế)", "0912345678", staff=False),
]


def _person(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_M)} {rng.choice(GIVEN_M)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_F)} {rng.choice(GIVEN_F)}"


def _user(account: DemoAccount):
    user_model = get_user_model()
    user = user_model.objects.filter(username=account.username).first()
    if user is None:
        user = user_model(username=account.username, full_name=account.full_name, phone=account.phone,
                    phone_verified=True, is_superuser=account.username == "admin", is_staff=account.username == "admin")
        user.set_password(DEMO_PASSWORD)
        user.save()
    if account.staff:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(user=user, name="danchu demo", confirmed=True)
    return user


def _village(commune, kind: str, name: str, index: int):
    code = f"{commune.code}-{index:02d}"
    village = AdministrativeUnit.objects.filter(version_id=commune.version_id, code=code).first()
    if village is None:
        village = AdministrativeUnit(version_id=commune.version_id, code=code, name=name, short_name=name, kind=kind,
                                     level=Level.VILLAGE, parent=commune)
        village.save()
    return village


def _org(unit, kind: str, name: str, parent=None):
    org, _ = Organisation.objects.get_or_create(unit=unit, kind=kind, name=name,
                                                defaults={"parent": parent, "established_on": date(2025, 7, 1)})
    return org


def _hold(org, title: str, holder: str, *, role: str = "", is_head: bool = False, user=None,
          start: date = date(2025, 7, 1)):
    position, _ = Position.objects.get_or_create(organisation=org, title=title, defaults={"role": role, "is_head": is_head})
    Appointment.objects.get_or_create(position=position, holder_name=holder,
                                      defaults={"user": user, "start": start, "decision_ref": "Quyết định (dữ liệu mẫu)"})
    return position


def _households(village, count: int, prefix: str) -> int:
    rng = random.Random(f"households-{village.code}")  # its own stream: the office holders' names never shift
    created = 0
    start = date(2025, 7, 1)
    for i in range(1, count + 1):
        code = f"{prefix}-{i:03d}"
        if Household.objects.filter(village__parent_id=village.parent_id, code=code).exists():
            continue
        name = _person(rng)
        household = Household(village=village, code=code, representative_name=name,
                              address=f"Số {rng.randint(1, 250)}, {rng.choice(STREETS)}, {village.name}",
                              phone=f"09{rng.randint(10000000, 99999999)}", member_count=rng.randint(1, 7),
                              established_on=start)
        household.save()
        HouseholdResidence.objects.create(household=household, village=village, start=start, reason="Dữ liệu mẫu")
        HouseholdMember.objects.create(household=household, full_name=name, relation="Chủ hộ", is_representative=True,
                                       start=start)
        created += 1
    return created


@transaction.atomic
def build_demo(*, households_per_village: int = 18) -> dict:
    """Create (or complete) the demo. Returns counts of what was created this time."""
    from .importers import import_units

    if not AdministrativeUnit.objects.filter(version__code="2025", code=PROVINCE_CODE, level=Level.PROVINCE).exists():
        import_units(province=PROVINCE_CODE)
    province = AdministrativeUnit.objects.get(version__code="2025", code=PROVINCE_CODE, level=Level.PROVINCE)
    rng = random.Random(20250701)
    users = {a.username: _user(a) for a in ACCOUNTS}
    created_households = 0

    # City level: the Party's mass-mobilisation board and the Fatherland Front steer the work.
    city_party = _org(province, OrganisationKind.DANG_UY, "Thành ủy Cần Thơ")
    dan_van = _org(province, OrganisationKind.BAN_DAN_VAN, "Ban Dân vận Thành ủy Cần Thơ", parent=city_party)
    _hold(dan_van, "Chuyên viên theo dõi thực hiện dân chủ ở cơ sở", users["danvan.cantho"].full_name,
          role=Role.CITY_OFFICER, user=users["danvan.cantho"])
    _org(province, OrganisationKind.UBND, "Ủy ban nhân dân thành phố Cần Thơ")
    _org(province, OrganisationKind.MTTQ, "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Cần Thơ")
    _org(province, OrganisationKind.BAN_CHI_DAO, "Ban Chỉ đạo thực hiện dân chủ ở cơ sở thành phố Cần Thơ",
         parent=city_party)

    communes = [(AdministrativeUnit.objects.filter(version_id=province.version_id, code=code).first(), villages)
                for code, _name, villages in COMMUNES]
    rural = AdministrativeUnit.objects.filter(parent=province, name=RURAL_COMMUNE_NAME).first()
    if rural:
        communes.append((rural, RURAL_VILLAGES))
    for commune, village_names in communes:
        if commune is None:
            continue
        ubnd = _org(commune, OrganisationKind.UBND, f"Ủy ban nhân dân {commune.name}")
        hdnd = _org(commune, OrganisationKind.HDND, f"Hội đồng nhân dân {commune.name}")
        party = _org(commune, OrganisationKind.DANG_UY, f"Đảng ủy {commune.name}")
        mttq = _org(commune, OrganisationKind.MTTQ, f"Ủy ban MTTQ Việt Nam {commune.name}")
        for kind in (OrganisationKind.HOI_PHU_NU, OrganisationKind.DOAN_THANH_NIEN, OrganisationKind.HOI_NONG_DAN,
                     OrganisationKind.HOI_CUU_CHIEN_BINH):
            _org(commune, kind, f"{OrganisationKind(kind).label} {commune.name}", parent=mttq)
        bttnd = _org(commune, OrganisationKind.BAN_THANH_TRA_ND, f"Ban Thanh tra nhân dân {commune.name}", parent=mttq)
        _org(commune, OrganisationKind.BAN_CHI_DAO, f"Ban Chỉ đạo thực hiện dân chủ ở cơ sở {commune.name}",
             parent=party)
        is_caikhe = commune.code == "31120"
        is_ninhkieu = commune.code == "31135"
        _hold(party, "Bí thư Đảng ủy", _person(rng), is_head=True)
        _hold(hdnd, "Chủ tịch HĐND", _person(rng), is_head=True)
        _hold(ubnd, "Chủ tịch UBND", users["chutich.caikhe"].full_name if is_caikhe else _person(rng),
              role=Role.COMMUNE_LEADER, is_head=True, user=users["chutich.caikhe"] if is_caikhe else None)
        _hold(ubnd, "Phó Chủ tịch UBND", _person(rng), role=Role.COMMUNE_LEADER)
        official = users["canbo.caikhe"] if is_caikhe else users["canbo.ninhkieu"] if is_ninhkieu else None
        _hold(ubnd, "Công chức Văn phòng – Thống kê", official.full_name if official else _person(rng),
              role=Role.COMMUNE_OFFICIAL, user=official)
        _hold(mttq, "Chủ tịch Ủy ban MTTQ", users["mattran.caikhe"].full_name if is_caikhe else _person(rng),
              role=Role.FRONT_OFFICER, is_head=True, user=users["mattran.caikhe"] if is_caikhe else None)
        _hold(bttnd, "Trưởng ban", _person(rng), is_head=True)
        for index, village_name in enumerate(village_names, start=1):
            kind = Kind.AP if village_name.startswith("Ấp") else Kind.KHU_VUC
            village = _village(commune, kind, village_name, index)
            head_user = users["truongkv1.caikhe"] if (is_caikhe and index == 1) else None
            board = _org(village, OrganisationKind.BAN_DIEU_HANH, f"Ban điều hành {village_name}")
            _hold(board, "Trưởng ấp" if kind == Kind.AP else "Trưởng khu vực",
                  head_user.full_name if head_user else _person(rng), role=Role.VILLAGE_HEAD, is_head=True,
                  user=head_user)
            front = _org(village, OrganisationKind.BAN_CONG_TAC_MT, f"Ban công tác Mặt trận {village_name}", parent=mttq)
            _hold(front, "Trưởng ban công tác Mặt trận", _person(rng), is_head=True)
            mediation = _org(village, OrganisationKind.TO_HOA_GIAI, f"Tổ hòa giải {village_name}")
            _hold(mediation, "Tổ trưởng tổ hòa giải", _person(rng), is_head=True)
            created_households += _households(village, households_per_village, village.code)
            if is_caikhe and index == 1:
                _resident_household(village, users["nguoidan"])
    audit.record(actor="danchu demo", verb=AuditVerb.DEMO_BUILT, target=province, unit=province,
                 data={"households_created": created_households})
    return {"households_created": created_households, "accounts": len(ACCOUNTS)}


def _resident_household(village, user) -> None:
    code = f"{village.code}-ND"
    if Household.objects.filter(village__parent_id=village.parent_id, code=code).exists():
        return
    start = date(2025, 7, 1)
    household = Household(village=village, code=code, representative_name=user.full_name, representative=user,
                          address=f"Số 12, đường Mậu Thân, {village.name}", phone=user.phone, member_count=4,
                          established_on=start)
    household.save()
    HouseholdResidence.objects.create(household=household, village=village, start=start, reason="Dữ liệu mẫu")
    HouseholdMember.objects.create(household=household, full_name=user.full_name, relation="Chủ hộ",
                                   is_representative=True, start=start)


def login_table() -> list[tuple[str, str, str]]:
    return [(a.username, DEMO_PASSWORD, a.role_label) for a in ACCOUNTS]
