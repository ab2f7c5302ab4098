"""Pure reference data for administrative units, organisations and roles (no ORM)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

# Structure versions (codes are only unique within a version: 31120 was Phường An Hòa and is now
# Phường Cái Khế). The two-tier structure applies from 01/07/2025 (NQ 1668/NQ-UBTVQH15 Art.2.2–2.3;
# NQ 202/2025/QH15); districts were abolished on that date (Luật 72/2025/QH15).
VERSION_PRE_2025 = "truoc-2025"
VERSION_2025 = "2025"
REORGANISATION_DATE = date(2025, 7, 1)


class Level(models.IntegerChoices):
    PROVINCE = 1, _("Cấp tỉnh")
    DISTRICT = 2, _("Cấp huyện")
    COMMUNE = 3, _("Cấp xã")
    VILLAGE = 4, _("Thôn, tổ dân phố")


class Kind(models.TextChoices):
    # province level
    TINH = "tinh", _("Tỉnh")
    THANH_PHO_TW = "thanh_pho_tw", _("Thành phố trực thuộc Trung ương")
    # district level (before 1/7/2025)
    QUAN = "quan", _("Quận")
    HUYEN = "huyen", _("Huyện")
    THI_XA = "thi_xa", _("Thị xã")
    THANH_PHO_THUOC_TINH = "thanh_pho", _("Thành phố thuộc tỉnh")
    # commune level
    XA = "xa", _("Xã")
    PHUONG = "phuong", _("Phường")
    THI_TRAN = "thi_tran", _("Thị trấn")
    DAC_KHU = "dac_khu", _("Đặc khu")
    # villages and residential groups (no national dataset: created per commune)
    THON = "thon", _("Thôn")
    AP = "ap", _("Ấp")
    BAN = "ban", _("Bản")
    KHU_VUC = "khu_vuc", _("Khu vực")
    KHOM = "khom", _("Khóm")
    TO_DAN_PHO = "to_dan_pho", _("Tổ dân phố")
    KHU_PHO = "khu_pho", _("Khu phố")
    BUON = "buon", _("Buôn")
    SOC = "soc", _("Sóc")
    LANG = "lang", _("Làng")
    PLEI = "plei", _("Plei")


KIND_LEVEL: dict[str, int] = {
    Kind.TINH: Level.PROVINCE, Kind.THANH_PHO_TW: Level.PROVINCE,
    Kind.QUAN: Level.DISTRICT, Kind.HUYEN: Level.DISTRICT, Kind.THI_XA: Level.DISTRICT,
    Kind.THANH_PHO_THUOC_TINH: Level.DISTRICT,
    Kind.XA: Level.COMMUNE, Kind.PHUONG: Level.COMMUNE, Kind.THI_TRAN: Level.COMMUNE, Kind.DAC_KHU: Level.COMMUNE,
}
VILLAGE_KINDS = [k for k in Kind.values if k not in KIND_LEVEL]
for _k in VILLAGE_KINDS:
    KIND_LEVEL[_k] = Level.VILLAGE
VILLAGE_KIND_CHOICES = [(k, Kind(k).label) for k in VILLAGE_KINDS]

# Names as they appear in the official lists → kind. Longest prefixes first.
_PREFIXES: list[tuple[str, str]] = [
    ("Thành phố trực thuộc Trung ương", Kind.THANH_PHO_TW),
    ("Tổ dân phố", Kind.TO_DAN_PHO), ("Khu vực", Kind.KHU_VUC), ("Khu phố", Kind.KHU_PHO),
    ("Thị trấn", Kind.THI_TRAN), ("Thị xã", Kind.THI_XA), ("Đặc khu", Kind.DAC_KHU),
    ("Phường", Kind.PHUONG), ("Quận", Kind.QUAN), ("Huyện", Kind.HUYEN), ("Tỉnh", Kind.TINH),
    ("Xã", Kind.XA), ("Thôn", Kind.THON), ("Ấp", Kind.AP), ("Bản", Kind.BAN), ("Khóm", Kind.KHOM),
    ("Buôn", Kind.BUON), ("Sóc", Kind.SOC), ("Làng", Kind.LANG), ("Plei", Kind.PLEI),
]


# The Vietnamese word that starts a unit's name, by kind, whatever the interface language ("Ấp Mỹ Ái").
KIND_PREFIX: dict[str, str] = {}
for _prefix, _kind in _PREFIXES:
    KIND_PREFIX.setdefault(_kind, _prefix)


def kind_from_type_name(type_name: str, *, level: int) -> str:
    """'Phường' → phuong; 'Thành phố' depends on the level (TW city vs city of a province)."""
    type_name = type_name.strip()
    if type_name == "Thành phố":
        return Kind.THANH_PHO_TW if level == Level.PROVINCE else Kind.THANH_PHO_THUOC_TINH
    for prefix, kind in _PREFIXES:
        if type_name == prefix:
            return kind
    raise ValueError(f"unknown unit type {type_name!r}")


def split_kind_prefix(name: str) -> tuple[str | None, str]:
    """'Ấp Mỹ Ái' → ('ap', 'Mỹ Ái'); 'Mỹ Ái' → (None, 'Mỹ Ái')."""
    for prefix, kind in _PREFIXES:
        if name.startswith(prefix + " ") and len(name) > len(prefix) + 1:
            return kind, name[len(prefix) + 1 :].strip()
    return None, name


class LineageKind(models.TextChoices):
    WHOLE = "whole", _("Nhập toàn bộ")
    PARTIAL = "partial", _("Nhập một phần")
    RENAMED = "renamed", _("Đổi tên")


# --- Organisations ---------------------------------------------------------------------------------


class OrganisationKind(models.TextChoices):
    UBND = "ubnd", _("Ủy ban nhân dân")
    HDND = "hdnd", _("Hội đồng nhân dân")
    DANG_UY = "dang_uy", _("Đảng ủy")
    CHI_BO = "chi_bo", _("Chi bộ")
    BAN_DAN_VAN = "ban_dan_van", _("Ban Dân vận")
    MTTQ = "mttq", _("Ủy ban Mặt trận Tổ quốc Việt Nam")
    BAN_CONG_TAC_MT = "ban_cong_tac_mt", _("Ban công tác Mặt trận")
    HOI_PHU_NU = "hoi_phu_nu", _("Hội Liên hiệp Phụ nữ")
    DOAN_THANH_NIEN = "doan_thanh_nien", _("Đoàn Thanh niên Cộng sản Hồ Chí Minh")
    HOI_NONG_DAN = "hoi_nong_dan", _("Hội Nông dân")
    HOI_CUU_CHIEN_BINH = "hoi_ccb", _("Hội Cựu chiến binh")
    CONG_DOAN = "cong_doan", _("Công đoàn")
    BAN_CHI_DAO = "ban_chi_dao", _("Ban Chỉ đạo thực hiện dân chủ ở cơ sở")
    BAN_THANH_TRA_ND = "bttnd", _("Ban Thanh tra nhân dân")
    BAN_GIAM_SAT_DT = "bgsdt", _("Ban Giám sát đầu tư của cộng đồng")
    TO_HOA_GIAI = "to_hoa_giai", _("Tổ hòa giải")
    BAN_DIEU_HANH = "ban_dieu_hanh", _("Ban điều hành thôn, tổ dân phố")
    CO_QUAN = "co_quan", _("Cơ quan, đơn vị")
    DOANH_NGHIEP = "doanh_nghiep", _("Doanh nghiệp, tổ chức sử dụng lao động")
    KHAC = "khac", _("Tổ chức khác")


# --- Roles -----------------------------------------------------------------------------------------
# A role comes from a position held in an organisation of a unit, and is scoped to that unit and its
# subtree. Each role grants a set of capabilities; rules.py turns them into named permissions.


class Role(models.TextChoices):
    NONE = "", _("— (không cấp quyền trên hệ thống)")
    VILLAGE_HEAD = "village_head", _("Trưởng thôn / tổ trưởng tổ dân phố")
    COMMUNE_OFFICIAL = "commune_official", _("Cán bộ, công chức cấp xã")
    COMMUNE_LEADER = "commune_leader", _("Lãnh đạo cấp xã")
    FRONT_OFFICER = "front_officer", _("Cán bộ Mặt trận Tổ quốc")
    CITY_OFFICER = "city_officer", _("Cán bộ theo dõi cấp tỉnh/thành phố")
    INSPECTION_BOARD = "inspection_board", _("Thành viên Ban Thanh tra nhân dân")
    UNIT_ADMIN = "unit_admin", _("Quản trị đơn vị")


class Capability(models.TextChoices):
    VIEW_REGISTERS = "view_registers", _("Xem sổ hộ gia đình, tổ chức, chức danh")
    MANAGE_HOUSEHOLDS = "manage_households", _("Quản lý hộ gia đình")
    MANAGE_VILLAGES = "manage_villages", _("Quản lý thôn, tổ dân phố")
    MANAGE_ORGANISATIONS = "manage_organisations", _("Quản lý tổ chức và chức danh")
    VIEW_AUDIT = "view_audit", _("Xem nhật ký kiểm tra")
    PUBLISH_DISCLOSURE = "publish_disclosure", _("Công khai thông tin của xã")
    VIEW_DISCLOSURE_COMPLIANCE = "view_disclosure_compliance", _("Xem việc chấp hành quy định công khai")
    HANDLE_INFO_REQUESTS = "handle_info_requests", _("Giải quyết yêu cầu cung cấp thông tin")
    # Dân bàn (Law 10/2022 Art.15-29; NĐ59/2023; NĐ61/2023): the village head and the Front's village committee
    # run village decisions, conventions and elections; the commune recognises; supervisors see every step.
    RUN_DECISIONS = "run_decisions", _("Tổ chức cho nhân dân bàn và quyết định")
    RECOGNISE_DECISIONS = "recognise_decisions", _("Công nhận kết quả nhân dân bàn và quyết định")
    SUPERVISE_DECISIONS = "supervise_decisions", _("Giám sát việc nhân dân bàn và quyết định")
    RUN_CONSULTATIONS = "run_consultations", _("Lấy ý kiến nhân dân")
    # Tiếp công dân, khiếu nại, tố cáo, hòa giải (danchu.cases). The denouncer's identity is kept by the resolver,
    # the commune chairman, alone (Luật Tố cáo 2018 Art.8.3, 47, 56): a separate capability.
    RECEIVE_CITIZENS = "receive_citizens", _("Tiếp công dân, ghi sổ tiếp công dân")
    HANDLE_COMPLAINTS = "handle_complaints", _("Giải quyết khiếu nại")
    HANDLE_DENUNCIATIONS = "handle_denunciations", _("Giải quyết tố cáo")
    KEEP_DENOUNCER_IDENTITY = "keep_denouncer_identity", _("Giữ bí mật và xem thông tin người tố cáo")
    MANAGE_MEDIATION = "manage_mediation", _("Quản lý hòa giải ở cơ sở")
    SUPERVISE_CASES = "supervise_cases", _("Theo dõi thống kê tiếp công dân, khiếu nại, tố cáo")
    # Phản ánh, kiến nghị (danchu.feedback; Law 10/2022 Art.35.2.a): handle, configure routing, supervise.
    HANDLE_FEEDBACK = "handle_feedback", _("Xử lý phản ánh, kiến nghị")
    CONFIGURE_FEEDBACK = "configure_feedback", _("Cấu hình lĩnh vực và phân công xử lý phản ánh, kiến nghị")
    SUPERVISE_FEEDBACK = "supervise_feedback", _("Theo dõi, giám sát việc xử lý phản ánh, kiến nghị")
    # Chỉ đạo, kế hoạch, báo cáo (danchu.steering): a level issues plans, report templates, inspections and
    # commendations for its subtree; a unit fills and sends its own reports and task progress; both see the subtree.
    MANAGE_STEERING = "manage_steering", _("Ban hành kế hoạch, mẫu báo cáo; kiểm tra, khen thưởng")
    SUBMIT_REPORTS = "submit_reports", _("Lập và gửi báo cáo, cập nhật tiến độ nhiệm vụ của đơn vị")
    VIEW_STEERING = "view_steering", _("Xem kế hoạch, báo cáo tổng hợp và kiểm tra của địa bàn")
    # Bầu, cho thôi thành viên Ban Thanh tra nhân dân, Ban Giám sát đầu tư của cộng đồng (danchu.elections): the
    # result is recognised by UB MTTQ cấp xã, not by UBND (Law 10/2022 Art.21.2, 40.2.b; NĐ59 Art.13.1).
    RECOGNISE_BOARD_ELECTIONS = "recognise_board_elections", _("Công nhận kết quả bầu thành viên Ban Thanh tra "
                                                               "nhân dân, Ban Giám sát đầu tư của cộng đồng")


ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.NONE: frozenset(),
    Role.VILLAGE_HEAD: frozenset({Capability.VIEW_REGISTERS, Capability.MANAGE_HOUSEHOLDS, Capability.RUN_DECISIONS,
                                  Capability.SUPERVISE_DECISIONS}),
    Role.COMMUNE_OFFICIAL: frozenset({
        Capability.VIEW_REGISTERS, Capability.MANAGE_HOUSEHOLDS, Capability.MANAGE_VILLAGES,
        Capability.MANAGE_ORGANISATIONS, Capability.PUBLISH_DISCLOSURE, Capability.VIEW_DISCLOSURE_COMPLIANCE,
        Capability.HANDLE_INFO_REQUESTS, Capability.RUN_DECISIONS, Capability.RECOGNISE_DECISIONS,
        Capability.SUPERVISE_DECISIONS, Capability.RUN_CONSULTATIONS,
    }),
    Role.COMMUNE_LEADER: frozenset({
        Capability.VIEW_REGISTERS, Capability.MANAGE_HOUSEHOLDS, Capability.MANAGE_VILLAGES,
        Capability.MANAGE_ORGANISATIONS, Capability.VIEW_AUDIT, Capability.PUBLISH_DISCLOSURE,
        Capability.VIEW_DISCLOSURE_COMPLIANCE, Capability.HANDLE_INFO_REQUESTS, Capability.RUN_DECISIONS,
        Capability.RECOGNISE_DECISIONS, Capability.SUPERVISE_DECISIONS, Capability.RUN_CONSULTATIONS,
    }),
    # The Fatherland Front and the People's Inspection Board supervise disclosure (Law 10/2022 Art.33, 36-40).
    # The Front's village committee (Ban công tác Mặt trận) co-runs village meetings (NĐ59 Art.3); the Front and
    # the People's Inspection Board can see every step of Dân bàn (Law 10/2022 Art.33).
    Role.FRONT_OFFICER: frozenset({Capability.VIEW_REGISTERS, Capability.VIEW_DISCLOSURE_COMPLIANCE,
                                   Capability.RUN_DECISIONS, Capability.SUPERVISE_DECISIONS}),
    Role.INSPECTION_BOARD: frozenset({Capability.VIEW_DISCLOSURE_COMPLIANCE, Capability.SUPERVISE_DECISIONS}),
    Role.CITY_OFFICER: frozenset({Capability.VIEW_REGISTERS, Capability.VIEW_AUDIT,
                                  Capability.VIEW_DISCLOSURE_COMPLIANCE, Capability.SUPERVISE_DECISIONS}),
    Role.UNIT_ADMIN: frozenset(Capability.values),
}

_CASES_GRANTS = {
    Role.VILLAGE_HEAD: {Capability.MANAGE_MEDIATION},
    Role.COMMUNE_OFFICIAL: {Capability.RECEIVE_CITIZENS, Capability.HANDLE_COMPLAINTS, Capability.HANDLE_DENUNCIATIONS,
                            Capability.MANAGE_MEDIATION},
    Role.COMMUNE_LEADER: {Capability.RECEIVE_CITIZENS, Capability.HANDLE_COMPLAINTS, Capability.HANDLE_DENUNCIATIONS,
                          Capability.KEEP_DENOUNCER_IDENTITY, Capability.MANAGE_MEDIATION, Capability.SUPERVISE_CASES},
    Role.FRONT_OFFICER: {Capability.MANAGE_MEDIATION},
    Role.INSPECTION_BOARD: {Capability.SUPERVISE_CASES},
    Role.CITY_OFFICER: {Capability.SUPERVISE_CASES},
}
for _role, _caps in _CASES_GRANTS.items():
    ROLE_CAPABILITIES[_role] = ROLE_CAPABILITIES[_role] | frozenset(_caps)

_FEEDBACK_GRANTS = {
    Role.COMMUNE_OFFICIAL: {Capability.HANDLE_FEEDBACK},
    Role.COMMUNE_LEADER: {Capability.HANDLE_FEEDBACK, Capability.CONFIGURE_FEEDBACK, Capability.SUPERVISE_FEEDBACK},
    Role.FRONT_OFFICER: {Capability.SUPERVISE_FEEDBACK},
    Role.INSPECTION_BOARD: {Capability.SUPERVISE_FEEDBACK},  # BTTND receives petitions (Law 10/2022 Art.38.7)
    Role.CITY_OFFICER: {Capability.SUPERVISE_FEEDBACK},
}
for _role, _caps in _FEEDBACK_GRANTS.items():
    ROLE_CAPABILITIES[_role] = ROLE_CAPABILITIES[_role] | frozenset(_caps)

_STEERING_GRANTS = {
    # The village head fills the reports a higher level asks of the villages (target level "village"); the grant is
    # scoped to their own village, so they see and send its reports only, and review or issue nothing.
    Role.VILLAGE_HEAD: {Capability.SUBMIT_REPORTS, Capability.VIEW_STEERING},
    Role.COMMUNE_OFFICIAL: {Capability.SUBMIT_REPORTS, Capability.VIEW_STEERING},
    Role.COMMUNE_LEADER: {Capability.MANAGE_STEERING, Capability.SUBMIT_REPORTS, Capability.VIEW_STEERING},
    Role.FRONT_OFFICER: {Capability.VIEW_STEERING},
    Role.CITY_OFFICER: {Capability.MANAGE_STEERING, Capability.VIEW_STEERING},  # the city board's staff
}
for _role, _caps in _STEERING_GRANTS.items():
    ROLE_CAPABILITIES[_role] = ROLE_CAPABILITIES[_role] | frozenset(_caps)

ROLE_CAPABILITIES[Role.FRONT_OFFICER] |= frozenset({Capability.RECOGNISE_BOARD_ELECTIONS})  # danchu.elections

# Roles that make their holder "staff": TOTP two-factor authentication is required.
STAFF_ROLES = frozenset(r for r in Role.values if r)


@dataclass(frozen=True)
class Grant:
    """`role` held over the unit whose materialised path is `path` (and its subtree)."""

    role: str
    unit_id: int
    path: str

    def covers(self, unit_path: str) -> bool:
        return unit_path.startswith(self.path)


def grants_allow(grants: list[Grant] | tuple[Grant, ...], capability: str, unit_path: str) -> bool:
    return any(capability in ROLE_CAPABILITIES.get(g.role, ()) and g.covers(unit_path) for g in grants)


def may_grant(grants: list[Grant] | tuple[Grant, ...], role: str, unit_path: str) -> bool:
    """Least privilege: a position with a system role may be created only by someone who already holds, over that
    unit, every capability the role would give — an official cannot mint a leader, a unit administrator or a city
    officer, nor widen their own rights. A position without a role grants nothing."""
    if not role:
        return True
    return all(grants_allow(grants, capability, unit_path) for capability in ROLE_CAPABILITIES.get(role, ()))


def is_active_on(start: date | None, end: date | None, on: date) -> bool:
    """A term [start, end] is active on `on`; both ends are inclusive ("đến hết ngày …")."""
    return (start is None or start <= on) and (end is None or on <= end)
