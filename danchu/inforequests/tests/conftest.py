"""Fixtures of the information-request tests: a frozen clock, the SMS outbox and a request factory."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import override_settings

from danchu.core.notify.backends import LocMemSMSBackend

VN = ZoneInfo("Asia/Ho_Chi_Minh")
LOCMEM_SMS = "danchu.core.notify.backends.LocMemSMSBackend"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=VN)


@pytest.fixture
def friday_before_tet():
    """Friday 13/02/2026, 10:00 in Cần Thơ; Tết 2026 is Mon 16/02 – Fri 20/02."""
    with time_machine.travel(at(2026, 2, 13, 10, 0), tick=False) as traveller:
        yield traveller


@pytest.fixture
def sms_outbox():
    LocMemSMSBackend.outbox.clear()
    with override_settings(DANCHU_SMS_BACKEND=LOCMEM_SMS):
        yield LocMemSMSBackend.outbox
    LocMemSMSBackend.outbox.clear()


REQUESTER = {
    "full_name": "Lê Thị Hoa", "address": "Số 5, hẻm 12, đường 30/4, Phường Cái Khế", "id_number": "092186001234",
    "phone": "0912 345 678", "email": "hoa@example.vn",
    "content": "Quyết định phê duyệt dự án nâng cấp hẻm 12 và dự toán kinh phí.",
    "delivery": "email", "purpose": "Tìm hiểu khoản đóng góp của hộ gia đình.",
}


@pytest.fixture
def requester():
    return dict(REQUESTER)


@pytest.fixture
def submitted(tree, requester):
    """A request sent online to commune A (electronic, simple)."""
    from danchu.inforequests.services import request_submit

    def make(**changes):
        return request_submit(commune=tree.commune_a, **{**requester, **changes})

    return make
