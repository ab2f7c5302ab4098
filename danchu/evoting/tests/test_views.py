"""HTML views: the resident votes and sees the receipt once; results stay hidden until close; the public
result page checks receipts; staff create, open, close, publish."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from danchu.evoting import services
from danchu.evoting.domain import PollState
from danchu.evoting.models import Poll, Vote

from .conftest import close

pytestmark = pytest.mark.django_db


def test_a_resident_votes_from_the_phone_page_and_gets_a_receipt_once(client, login, personas, open_poll, hh):
    login(client, personas["resident"])
    page = client.get(f"/bieu-quyet/{open_poll.pk}/").content.decode()
    assert "Gửi phiếu biểu quyết" in page and "Không đồng ý" in page
    response = client.post(f"/bieu-quyet/{open_poll.pk}/bo-phieu/", {"household": hh[0].pk, "option": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert 'id="receipt-code"' in html
    assert Vote.objects.get().option == 1
    again = client.post(f"/bieu-quyet/{open_poll.pk}/bo-phieu/", {"household": hh[0].pk, "option": "0"}, follow=True)
    assert "mỗi hộ chỉ một phiếu" in again.content.decode()
    assert Vote.objects.get().option == 1
    assert "Hộ đã biểu quyết" in client.get(f"/bieu-quyet/{open_poll.pk}/").content.decode()


def test_bad_vote_posts_never_fail(client, login, personas, open_poll, hh):
    login(client, personas["resident"])
    for data in ({}, {"household": "x"}, {"household": "99999999"}, {"household": hh[0].pk, "option": "9"},
                 {"household": hh[0].pk, "option": "-1"}, {"household": "9" * 40, "option": "0"}):
        response = client.post(f"/bieu-quyet/{open_poll.pk}/bo-phieu/", data)
        assert response.status_code == 302
    assert Vote.objects.count() == 0


def test_staff_see_participation_but_no_results_while_open(client, login, personas, open_poll, hh):
    services.cast_vote(poll=open_poll, household=hh[0], option=2, user=personas["resident"])
    login(client, personas["village_head"])
    html = client.get(f"/quan-ly/bieu-quyet/{open_poll.pk}/").content.decode()
    assert 'id="participation">1<' in html
    assert "Ý kiến khác</td>" not in html and "Được thông qua" not in html
    assert client.get(f"/bieu-quyet/{open_poll.pk}/ket-qua/").status_code == 404


def test_staff_create_open_close_and_publish(client, login, personas, tree, opted):
    login(client, personas["village_head"])
    now = timezone.localtime()
    form = client.get(f"/quan-ly/{tree.village_a1.pk}/bieu-quyet/tao/").content.decode()
    assert "Đồng ý · Không đồng ý · Ý kiến khác" in form and 'name="options"' not in form
    data = {"village": tree.village_a1.pk, "question": "Làm đèn đường hẻm 5?", "description": "",
            "options": "Có\nKhông", "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")}
    refused = client.post(f"/quan-ly/{tree.village_a1.pk}/bieu-quyet/tao/", data)
    assert refused.status_code == 400 and not Poll.objects.exists()
    assert "hãy xác nhận nội dung thuộc loại này" in refused.content.decode()
    response = client.post(f"/quan-ly/{tree.village_a1.pk}/bieu-quyet/tao/",
                           {**data, "self_management_confirmed": "on"})
    poll = Poll.objects.get()
    assert response.status_code == 302 and poll.options == ["Đồng ý", "Không đồng ý", "Ý kiến khác"]
    assert poll.self_management_confirmed and poll.approval_option == 0
    client.post(f"/quan-ly/bieu-quyet/{poll.pk}/mo/")
    poll.refresh_from_db()
    assert poll.state == PollState.OPEN
    early = client.post(f"/quan-ly/bieu-quyet/{poll.pk}/ket-thuc/", follow=True).content.decode()
    assert "Chưa hết thời gian biểu quyết" in early
    Poll.objects.filter(pk=poll.pk).update(closes_at=timezone.now() - timedelta(seconds=1),
                                           opens_at=timezone.now() - timedelta(hours=1))
    client.post(f"/quan-ly/bieu-quyet/{poll.pk}/ket-thuc/")
    client.post(f"/quan-ly/bieu-quyet/{poll.pk}/cong-bo/")
    poll.refresh_from_db()
    assert poll.state == PollState.PUBLISHED


def test_create_form_errors_are_shown_not_raised(client, login, personas, tree):
    login(client, personas["village_head"])
    response = client.post(f"/quan-ly/{tree.village_a1.pk}/bieu-quyet/tao/", {
        "village": tree.village_a1.pk, "question": "Q", "self_management_confirmed": "on",
        "opens_at": "2026-12-01T10:00", "closes_at": "2026-12-01T09:00"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Thời gian kết thúc phải sau thời gian bắt đầu." in html


def test_the_public_result_page_lists_hashes_not_households_and_checks_a_receipt(client, personas, open_poll, hh):
    cast = services.cast_vote(poll=open_poll, household=hh[0], option=0, user=personas["resident"])
    close(open_poll, personas["village_head"])
    services.publish_poll(poll=open_poll, actor=personas["village_head"])
    html = client.get(f"/bieu-quyet/{open_poll.pk}/ket-qua/").content.decode()
    vote = Vote.objects.get()
    assert vote.receipt_hash in html and cast.receipt_code not in html
    # a unanimous poll: a name next to the counts would tell how that household voted (privacy of the vote)
    assert "Nguyễn Văn An" not in html and "A1-001" not in html
    ok = client.get(f"/bieu-quyet/{open_poll.pk}/ket-qua/", {"ma": cast.receipt_code.replace("-", " ")})
    assert "Phiếu của bạn đã được đếm, với lựa chọn: Đồng ý." in ok.content.decode()
    missing = client.get(f"/bieu-quyet/{open_poll.pk}/ket-qua/", {"ma": "x\x00" * 30})
    assert missing.status_code == 200
    data = client.get(f"/bieu-quyet/{open_poll.pk}/phieu.json").json()
    assert data["ballots"] == [{"receipt_hash": vote.receipt_hash, "option": 0}]
    csv_text = client.get(f"/bieu-quyet/{open_poll.pk}/phieu.csv").content.decode()
    assert csv_text.splitlines()[1] == f"{vote.receipt_hash},0,Đồng ý"


def test_a_resident_opts_in_from_the_index(client, login, personas, hh):
    login(client, personas["resident"])
    assert "Đăng ký biểu quyết trực tuyến" in client.get("/bieu-quyet/").content.decode()
    client.post(f"/bieu-quyet/dang-ky/{hh[0].pk}/", {"action": "in"})
    assert services.opt_in_status(hh[0].village).opted_in == 1
