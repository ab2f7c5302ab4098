from __future__ import annotations

from datetime import date

import pytest

SECRET_NAME = "Phạm Thị Bí Mật"
SECRET_ADDRESS = "Số 77, hẻm 13 đường Bí Ẩn"
SECRET_ID = "092199887766"
SECRET_PHONE = "0987654321"
PLANTED = (SECRET_NAME, SECRET_ADDRESS, SECRET_ID, SECRET_PHONE)


@pytest.fixture
def leader_a(personas, tree):
    """The chairman of commune A: custodian of denouncers' identities."""
    from danchu.accounts.models import User
    from danchu.units.domain import Role
    from danchu.units.services import appointment_create, position_create

    user = User(username="chutich.a", full_name="Trần Quốc Cường")
    user.set_password("matkhau-an-toan-2026")
    user.save()
    position = position_create(organisation=tree.org_a, title="Chủ tịch UBND", role=Role.COMMUNE_LEADER,
                               is_head=True, actor=None)
    appointment_create(position=position, holder_name=user.full_name, user=user, start=date(2025, 7, 1), actor=None)
    return user


@pytest.fixture
def visit(tree, personas):
    """A visit on Fri 06/02/2026 (before Tết) yielding a complaint and a denunciation, recorded by official A."""
    from danchu.cases import services

    return services.reception_record(
        unit=tree.commune_a, actor=personas["official_a"], full_name=SECRET_NAME, address=SECRET_ADDRESS,
        id_number=SECRET_ID, phone=SECRET_PHONE, people_count=1, content="Khiếu nại quyết định thu hồi đất; tố cáo "
        "cán bộ địa chính nhận tiền.", received_on=date(2026, 2, 6),
        letters=[services.Letter("complaint", "Khiếu nại Quyết định 12/QĐ-UBND thu hồi đất", "Chủ tịch UBND phường",
                                 date(2026, 1, 20)),
                 services.Letter("denunciation", "Tố cáo cán bộ địa chính nhận tiền khi đo đạc", "Ông Lê Văn Địa")])
