"""HTML views: every page renders for the people who may see it; forms call the services; errors are shown."""

from __future__ import annotations

from datetime import date

import pytest

from danchu.decisions import services
from danchu.decisions.domain import Choice, Form, Kind, State
from danchu.decisions.models import Decision, HouseholdPosition

pytestmark = pytest.mark.django_db


@pytest.fixture
def head(client, personas, login):
    return login(client, personas["village_head"])


def test_the_village_head_runs_a_k1_from_creation_to_the_ballot(head, village, households, tree):
    r = head.get(f"/quan-ly/{village.pk}/dan-ban/")
    assert r.status_code == 200 and "Tạo nội dung mới" in r.content.decode()
    r = head.post(f"/quan-ly/{village.pk}/dan-ban/tao/", {
        "unit": village.pk, "kind": Kind.K1, "form": Form.MEETING, "title": "Nâng cấp hẻm 52",
        "content": "Bê tông 180 m", "options": "Mỗi hộ góp 500.000 đồng"})
    decision = Decision.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/quan-ly/dan-ban/{decision.pk}/"
    r = head.post(f"/quan-ly/dan-ban/{decision.pk}/", {
        "action": "notice", "notice-notice_on": "2026-11-02", "notice-held_on": "2026-11-03",
        "notice-place": "Nhà văn hóa", "notice-chair_name": "Huỳnh Văn Lộc"})
    assert r.status_code == 400 and "ít nhất 02 ngày" in r.content.decode()
    r = head.post(f"/quan-ly/dan-ban/{decision.pk}/", {
        "action": "notice", "notice-notice_on": "2026-11-02", "notice-held_on": "2026-11-04",
        "notice-starts_at": "19:30", "notice-place": "Nhà văn hóa", "notice-chair_name": "Huỳnh Văn Lộc"})
    assert r.status_code == 302
    meeting = decision.meetings.get()
    url = f"/quan-ly/dan-ban/{decision.pk}/hop/{meeting.pk}/diem-danh/"
    page = head.get(url).content.decode()
    assert page.count('name="present"') == 9
    r = head.post(url, {"present": [h.pk for h in households[:5]], "next": "result"})
    assert r.status_code == 302 and r["Location"].endswith("/ket-qua/")
    assert head.post(f"{url}{households[5].pk}/", {"present": "1"}).content == b"6"
    assert head.post(f"{url}{tree.household_b1.pk}/", {"present": "1"}).status_code == 400
    r = head.post(f"/quan-ly/dan-ban/{decision.pk}/hop/{meeting.pk}/ket-qua/", {
        "secretary_name": "Võ Thị Mai", "secretary_votes": "6", "vote_method": "hands",
        **{f"p-{h.pk}": "agree" for h in households[:5]}, f"p-{households[5].pk}": "disagree"})
    assert r.status_code == 302
    decision.refresh_from_db()
    assert decision.state == State.MEETING_HELD and decision.agree == 5 and decision.household_total == 9
    page = head.get(f"/quan-ly/dan-ban/{decision.pk}/").content.decode()
    assert "Cần phát phiếu" in page
    r = head.post(f"/quan-ly/dan-ban/{decision.pk}/", {
        "action": "ballot", "ballot-plan_issued_on": "2026-11-05", "ballot-notice_on": "2026-11-06",
        "ballot-distribute_on": "2026-11-09", "ballot-deadline": "2026-11-13",
        "ballot-team": "Lê Văn Tám\nNguyễn Thị Hoa\nTrần Văn Hai", "ballot-leader_name": "Lê Văn Tám"})
    assert r.status_code == 302
    entry = f"/quan-ly/dan-ban/{decision.pk}/phieu/"
    r = head.post(entry, {"action": "enter", "b-household": households[6].code.lower(), "b-choice": "agree"})
    assert r.status_code == 302
    r = head.post(entry, {"action": "enter", "b-household": households[6].code, "b-choice": "disagree"})
    assert r.status_code == 400 and "mỗi hộ chỉ một phiếu" in r.content.decode()
    r = head.post(entry, {"action": "enter", "b-household": tree.household_b1.code, "b-choice": "agree"})
    assert r.status_code == 400 and "không thuộc" in r.content.decode()
    assert HouseholdPosition.objects.filter(channel="ballot").count() == 1
    r = head.post(entry, {"action": "enter", "b-household": households[5].code, "b-choice": "agree"})
    assert r.status_code == 302  # the household that disagreed at the meeting agrees on paper: counted once
    r = head.post(entry, {"action": "count", "c-witness_1": households[0].pk, "c-witness_2": households[1].pk})
    decision.refresh_from_db()
    assert decision.state == State.PASSED and (decision.agree, decision.disagree, decision.participating) == (7, 0, 7)
    for n in (1, 3, 4):
        for ext in ("pdf", "docx"):
            r = head.get(f"/quan-ly/dan-ban/{decision.pk}/mau-{n}.{ext}")
            assert r.status_code == 200 and len(r.content) > 1000, (n, ext)
    assert head.get(f"/quan-ly/dan-ban/{decision.pk}/mau-2.pdf").status_code == 404
    public = head.get(f"/dan-ban/{decision.pk}/").content.decode()
    assert "Tổng số hộ gia đình" in public and households[3].representative_name not in public


def test_the_public_page_hides_drafts_and_personal_data(client, village, households):
    d = services.decision_create(unit=village, kind=Kind.K6, title="Giờ đóng cổng hẻm", content="22 giờ", actor=None)
    assert client.get(f"/dan-ban/{d.pk}/").status_code == 404
    assert client.get(f"/dan-ban/{d.pk}/mau-1.pdf").status_code == 404
    m = services.meeting_notice(decision=d, notice_on=date(2026, 11, 2), held_on=date(2026, 11, 4),
                                place="Nhà văn hóa", chair_name="Huỳnh Văn Lộc", actor=None)
    services.attendance_record(meeting=m, household_ids=[h.pk for h in households], actor=None)
    services.meeting_record(meeting=m, secretary_name="Mai", secretary_votes=9, vote_method="hands",
                            positions={h.pk: Choice.AGREE for h in households[:5]}, actor=None)
    page = client.get(f"/dan-ban/{d.pk}/").content.decode()
    assert "Đã thông qua" in page and "Huỳnh Văn Lộc" in page
    assert all(h.representative_name not in page for h in households)
    assert client.get(f"/dan-ban/{d.pk}/mau-3.pdf").status_code == 200
    assert client.get(f"/dan-ban/{d.pk}/mau-4.pdf").status_code == 404
    assert client.get(f"/dan-ban/don-vi/{village.parent_id}/").status_code == 200


def test_a_resident_consents_only_for_their_own_household(client, personas, login, village, households):
    initiative = services.initiative_create(village=village, kind=Kind.K6, title="Camera đầu hẻm", content="…",
                                            initiator_name="An", opened_on=date(2026, 11, 1), actor=None)
    resident = personas["resident"]
    client.force_login(resident)
    assert client.post(f"/dan-ban/sang-kien/{initiative.pk}/", {"household": households[2].pk}).status_code == 403
    households[2].representative = resident
    households[2].save()
    page = client.get(f"/dan-ban/sang-kien/{initiative.pk}/").content.decode()
    assert "Hộ tôi đồng thuận" in page
    assert client.post(f"/dan-ban/sang-kien/{initiative.pk}/", {"household": households[2].pk}).status_code == 302
    assert initiative.consents.get().household == households[2]
    assert client.post(f"/quan-ly/sang-kien/{initiative.pk}/", {"action": "table"}).status_code == 403


def test_a_draft_is_edited_and_the_edit_is_refused_once_noticed(head, village, households):
    d = services.decision_create(unit=village, kind=Kind.K6, title="Giờ đóng cổng", content="22 giờ", actor=None)
    r = head.post(f"/quan-ly/dan-ban/{d.pk}/", {"action": "edit", "edit-title": "Giờ đóng cổng hẻm 30",
                                                "edit-content": "22 giờ 30", "edit-options": ""})
    assert r.status_code == 302
    d.refresh_from_db()
    assert (d.title, d.content) == ("Giờ đóng cổng hẻm 30", "22 giờ 30")
    page = head.get(f"/quan-ly/dan-ban/{d.pk}/").content.decode()
    assert "Sửa dự thảo" in page
    services.meeting_notice(decision=d, notice_on=date(2026, 11, 2), held_on=date(2026, 11, 4), place="Nhà văn hóa",
                            chair_name="Lộc", actor=None)
    r = head.post(f"/quan-ly/dan-ban/{d.pk}/", {"action": "edit", "edit-title": "Khác", "edit-content": "x"},
                  follow=True)
    assert "Chỉ sửa được khi còn là dự thảo." in r.content.decode()
    d.refresh_from_db()
    assert d.title == "Giờ đóng cổng hẻm 30"


def test_a_commune_scope_k1_shows_the_village_threshold_never_a_household_one(client, login, personas, tree, village,
                                                                               households):
    """Art.21.1.a: a commune-wide K1/K2 passes with ≥ 2/3 of the VILLAGES; no "cần ít nhất N hộ" on its pages."""
    from rest_framework.test import APIClient

    from .conftest import add_households

    add_households(tree.village_a2, 3, "A2")
    parent = services.decision_create(unit=tree.commune_a, kind=Kind.K1, title="Đèn đường toàn phường",
                                      content="Mỗi hộ góp 200.000 đồng", form=Form.BALLOT, actor=None)
    for part in parent.parts.all():
        services.ballot_open(decision=part, plan_issued_on=date(2026, 11, 5), notice_on=date(2026, 11, 6),
                             distribute_on=date(2026, 11, 9), deadline=date(2026, 11, 13),
                             team=["Lê Văn Tám", "Nguyễn Thị Hoa", "Trần Văn Hai"], leader_name="Lê Văn Tám",
                             actor=None)
        voters = list(part.unit.households.all())
        for h in voters:
            services.ballot_enter(decision=part, household=h, choice=Choice.AGREE, actor=None)
        services.ballot_count(decision=part, witness_1=voters[0], witness_2=voters[1], actor=None)
    parent.refresh_from_db()
    assert (parent.state, parent.household_total, parent.villages_approving) == (State.PASSED, 12, 2)
    public = client.get(f"/dan-ban/{parent.pk}/").content.decode()
    assert "cần ít nhất 8 hộ" not in public and "hộ đồng ý" not in public.split('id="h-result"')[1].split("</section>")[0]
    assert "cần từ 2/3 trở lên" in public
    login(client, personas["official_a"])
    staff = client.get(f"/quan-ly/dan-ban/{parent.pk}/").content.decode()
    assert "cần ít nhất 8 hộ" not in staff and "Từ 2/3 tổng số hộ gia đình" not in staff
    assert "Từ 2/3 tổng số thôn, tổ dân phố trở lên tán thành" in staff and "cần ít nhất 2/2 thôn, tổ dân phố" in staff
    data = APIClient().get(f"/api/v1/decisions/{parent.pk}/public/").json()
    assert data["required"] is None and data["rule"] == "villages_two_thirds"
    part = parent.parts.get(unit=village)  # each village part keeps its household threshold
    assert "cần ít nhất 6 hộ" in client.get(f"/quan-ly/dan-ban/{part.pk}/").content.decode()
