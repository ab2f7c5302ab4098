"""HTML pages of elections: the permission matrix per persona (the village head never runs nor recognises his own
office's election; the Front recognises the boards, the commune the village head), bad input and public pages."""

from datetime import date

import pytest

from danchu.elections import services
from danchu.elections.domain import DismissalTrigger, Office, State, VoteMethod

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("december")]

PERSONAS = ["anonymous", "resident", "village_head", "official_a", "official_b", "city_officer", "front_a",
            "superuser"]
OK, REDIRECT, DENIED, LOGIN = 200, 302, 403, "login"


def _row(*values):
    return dict(zip(PERSONAS, values, strict=True))


@pytest.fixture
def board(village_100, front_a):
    election = services.election_plan(village=village_100, office=Office.INSPECTION_BOARD, seats=1,
                                      election_day=date(2026, 12, 19), decided_on=date(2026, 12, 10),
                                      place="Nhà văn hóa", actor=front_a)
    services.candidate_add(election=election, full_name="Lê Văn Bảy", actor=front_a)
    services.result_record(election=election, method=VoteMethod.MEETING, participating=80,
                           votes={election.candidates.get().pk: 70}, actor=front_a)
    services.result_send(election=election, sent_on=date(2026, 12, 20), actor=front_a)
    return election


MATRIX = [
    ("staff list of commune A", "get", lambda t, e, b: f"/quan-ly/{t.commune_a.pk}/bau-cu/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, OK, OK, OK)),
    ("staff list of village A1", "get", lambda t, e, b: f"/quan-ly/{t.village_a1.pk}/bau-cu/", None,
     _row(LOGIN, DENIED, OK, OK, DENIED, OK, OK, OK)),
    ("village-head election of A1 (staff)", "get", lambda t, e, b: f"/quan-ly/bau-cu/{e.pk}/", None,
     _row(LOGIN, DENIED, OK, OK, DENIED, OK, OK, OK)),
    ("add a candidate to the village-head election", "post", lambda t, e, b: f"/quan-ly/bau-cu/{e.pk}/",
     {"action": "candidate", "candidate-full_name": "Nguyễn Văn Tư", "candidate-nomination": "meeting"},
     _row(LOGIN, DENIED, DENIED, REDIRECT, DENIED, DENIED, REDIRECT, REDIRECT)),
    ("recognise the board election", "post", lambda t, e, b: f"/quan-ly/bau-cu/{b.pk}/",
     {"action": "recognise", "recognise-decision_number": "12/QĐ-MTTQ", "recognise-decided_on": "2026-12-21"},
     _row(LOGIN, DENIED, DENIED, DENIED, DENIED, DENIED, REDIRECT, REDIRECT)),
    ("plan form in A", "get", lambda t, e, b: f"/quan-ly/{t.commune_a.pk}/bau-cu/them/", None,
     _row(LOGIN, DENIED, DENIED, OK, DENIED, DENIED, OK, OK)),
    ("plan form in A1 (boards only for the village head)", "get",
     lambda t, e, b: f"/quan-ly/{t.village_a1.pk}/bau-cu/them/", None, _row(LOGIN, DENIED, OK, OK, DENIED, DENIED, OK, OK)),
    ("public page of the election", "get", lambda t, e, b: f"/bau-cu/{e.pk}/", None,
     _row(OK, OK, OK, OK, OK, OK, OK, OK)),
    ("public list of commune A", "get", lambda t, e, b: f"/bau-cu/xa/{t.commune_a.pk}/", None,
     _row(OK, OK, OK, OK, OK, OK, OK, OK)),
]


@pytest.mark.parametrize("name, method, url, data, expected", MATRIX, ids=[m[0] for m in MATRIX])
def test_permission_matrix(client, tree, personas, front_a, planned, board, login, name, method, url, data,
                           expected):
    people = {**personas, "front_a": front_a}
    for persona in PERSONAS:
        client.logout()
        if persona != "anonymous":
            login(client, people[persona])
        response = getattr(client, method)(url(tree, planned, board), data)
        if expected[persona] == LOGIN:
            assert response.status_code == 302 and "/accounts/dang-nhap/" in response["Location"], persona
        else:
            assert response.status_code == expected[persona], (persona, response.status_code)
        if expected[persona] == REDIRECT and "recognise" in name:
            board.refresh_from_db()
            assert board.state == State.RECOGNISED
            board.state, board.decision_number = State.ELECTED, ""  # undo for the next persona
            board.save()


def test_the_result_form_refuses_more_voters_than_households(client, planned, personas, login):
    login(client, personas["official_a"])
    c1, c2 = planned.candidates.order_by("id")
    response = client.post(f"/quan-ly/bau-cu/{planned.pk}/", {
        "action": "result", "result-method": "meeting", "result-participating": "120",
        f"result-votes_{c1.pk}": "70", f"result-votes_{c2.pk}": "10"})
    assert response.status_code == 400
    assert "vượt quá tổng số hộ của thôn tại ngày bầu cử (100)" in response.content.decode()
    planned.refresh_from_db()
    assert planned.state == State.PLANNED


def test_the_result_is_public_after_the_vote(client, planned, personas, login):
    login(client, personas["official_a"])
    c1, c2 = planned.candidates.order_by("id")
    client.post(f"/quan-ly/bau-cu/{planned.pk}/", {
        "action": "result", "result-method": "meeting", "result-participating": "80",
        f"result-votes_{c1.pk}": "62", f"result-votes_{c2.pk}": "15"})
    client.logout()
    html = client.get(f"/bau-cu/{planned.pk}/").content.decode()
    assert "Huỳnh Văn Lộc" in html and "Trúng cử" in html and "62%" in html


def test_a_petition_page_counts_signatures(client, village_100, personas, login):
    dismissal = services.dismissal_open(village=village_100, office=Office.VILLAGE_HEAD, holder_name="Trần Văn Bé",
                                        trigger=DismissalTrigger.PETITION, reason="Mất tín nhiệm",
                                        opened_on=date(2026, 12, 1), actor=personas["official_a"])
    login(client, personas["official_a"])
    response = client.post(f"/quan-ly/cho-thoi/{dismissal.pk}/", {
        "action": "consent", "consent-household_code": "A1-001", "consent-signed_on": "2026-12-02"}, follow=True)
    assert "1/100 hộ đã ký" in response.content.decode()
    response = client.post(f"/quan-ly/cho-thoi/{dismissal.pk}/", {
        "action": "consent", "consent-household_code": "B1-001", "consent-signed_on": "2026-12-02"})
    assert response.status_code == 400 and "Không có hộ mã" in response.content.decode()
    login(client, personas["village_head"])  # the village head whose office is at stake cannot act
    assert client.post(f"/quan-ly/cho-thoi/{dismissal.pk}/", {
        "action": "vote", "vote-held_on": "2026-12-05", "vote-present": "60", "vote-approve": "60",
        "vote-against": "0"}).status_code == 403
