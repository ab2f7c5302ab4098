"""Access-to-law standard (QĐ 25/2021/QĐ-TTg): the evidence the platform holds for the commune and the year, with
links to its records, and the council's correction of the head condition (Art.4.3), with its ground, audited."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from danchu.core.models import AuditEvent
from danchu.steering import services
from danchu.steering.domain import AssessmentState
from danchu.steering.models import AccessToLawAssessment
from danchu.steering.standard import ALL_INDICATORS

pytestmark = pytest.mark.django_db
PASSING = {c: "4.5" for c in ALL_INDICATORS}  # 90 points


def _sent(commune, year=2025):
    a = services.assessment_open(commune=commune, year=year, actor=None)
    services.assessment_self_score(assessment=a, scores=PASSING, head_disciplined=False, actor=None)
    services.assessment_post(assessment=a, posted_from=date(year, 12, 20), posted_to=date(year, 12, 24), actor=None)
    services.assessment_send(assessment=a, feedback_summary="", actor=None, on=date(year + 1, 1, 5))
    return a


# --- the head condition, set by the council --------------------------------------------------------


def test_the_council_sets_the_head_condition_with_its_ground_and_the_commune_is_not_recognised(tree):
    a = _sent(tree.commune_a)
    with pytest.raises(ValidationError) as exc:  # a change without its ground changes nothing
        services.assessment_appraise(assessment=a, scores=PASSING, head_disciplined=True, head_note=" ", actor=None)
    assert "head_note" in exc.value.error_dict
    a.refresh_from_db()
    assert a.state == AssessmentState.SENT and not a.head_disciplined and not a.appraised_scores
    services.assessment_appraise(assessment=a, scores=PASSING, head_disciplined=True, actor=None,
                                 head_note="Quyết định kỷ luật khiển trách số 12-QĐ/ĐU ngày 03/11/2025")
    a.refresh_from_db()
    assert a.head_disciplined and a.head_set_by_council and a.head_note.startswith("Quyết định kỷ luật")
    event = AuditEvent.objects.get(verb="steering.assessment.head_corrected")
    assert event.data["from"] is False and event.data["to"] is True and "12-QĐ/ĐU" in event.data["note"]
    result = services.assessment_result(a)
    assert result.total == 90 and not result.head_ok and not result.passed
    services.assessment_decide(assessment=a, decision_number="", actor=None)
    assert AccessToLawAssessment.objects.get().state == AssessmentState.NOT_RECOGNISED


def test_appraising_with_the_same_head_statement_records_no_correction(tree):
    a = _sent(tree.commune_a)
    services.assessment_appraise(assessment=a, scores=PASSING, head_disciplined=False, actor=None)
    a.refresh_from_db()
    assert a.state == AssessmentState.APPRAISED and not a.head_set_by_council
    assert not AuditEvent.objects.filter(verb="steering.assessment.head_corrected").exists()


def test_the_council_corrects_the_head_condition_after_scoring_but_not_after_the_decision(tree):
    a = _sent(tree.commune_a)
    services.assessment_appraise(assessment=a, scores=PASSING, actor=None)
    services.assessment_correct_head(assessment=a, head_disciplined=True, head_note="Khởi tố ngày 20/12/2025",
                                     actor=None)
    services.assessment_correct_head(assessment=a, head_disciplined=False, head_note="Đình chỉ, không có tội",
                                     actor=None)
    a.refresh_from_db()
    assert not a.head_disciplined and a.head_note == "Đình chỉ, không có tội"
    assert AuditEvent.objects.filter(verb="steering.assessment.head_corrected").count() == 2
    services.assessment_decide(assessment=a, decision_number="15/QĐ-UBND", actor=None)
    with pytest.raises(ValidationError):
        services.assessment_correct_head(assessment=a, head_disciplined=True, head_note="Muộn", actor=None)
    b = services.assessment_open(commune=tree.commune_b, year=2025, actor=None)
    with pytest.raises(ValidationError):  # still with the commune: it states it itself
        services.assessment_correct_head(assessment=b, head_disciplined=True, head_note="x", actor=None)


def test_the_council_corrects_the_head_condition_on_the_page_and_the_commune_cannot(client, tree, personas, login):
    a = _sent(tree.commune_a)
    url = f"/quan-ly/chi-dao/tiep-can-phap-luat/{a.pk}/"
    scores = {f"a-{c.replace('.', '_')}": "4.5" for c in ALL_INDICATORS}
    login(client, personas["official_a"])
    assert client.post(url, {"action": "appraise", **scores, "a-head_disciplined": "on"}).status_code == 403
    assert client.post(url, {"action": "head", "h-head_disciplined": "on", "h-head_note": "x"}).status_code == 403
    login(client, personas["city_officer"])
    page = client.get(url).content.decode()
    assert 'name="a-head_disciplined"' in page and 'name="a-head_note"' in page
    refused = client.post(url, {"action": "appraise", **scores, "a-head_disciplined": "on"})
    assert refused.status_code == 400 and "Ghi căn cứ" in refused.content.decode()
    assert AccessToLawAssessment.objects.get().state == AssessmentState.SENT
    client.post(url, {"action": "appraise", **scores, "a-head_disciplined": "on",
                      "a-head_note": "Quyết định kỷ luật số 12-QĐ/ĐU"})
    a.refresh_from_db()
    assert a.state == AssessmentState.APPRAISED and a.head_disciplined and a.head_set_by_council
    page = client.get(url).content.decode()
    assert "Hội đồng thẩm định xác định" in page and "12-QĐ/ĐU" in page and "chưa đủ điều kiện" in page
    client.post(url, {"action": "head", "h-head_note": "Quyết định kỷ luật đã bị hủy"})  # unchecked: not disciplined
    a.refresh_from_db()
    assert not a.head_disciplined and a.head_note == "Quyết định kỷ luật đã bị hủy"


# --- evidence from the other modules ---------------------------------------------------------------


@pytest.fixture
def records(tree, legacy, personas):
    """Records of 2025 in commune A (and one under the old ward it replaced), commune B, and 2024."""
    from danchu.cases import services as cases
    from danchu.cases.models import ReceptionSession

    official = personas["official_a"]
    team = cases.team_create(village=tree.village_a1, actor=official, name="Tổ hòa giải Khu vực 1",
                             established_on=date(2025, 7, 1))
    ok = cases.mediation_open(team=team, actor=official, dispute_type="land", parties="Hộ ông A và hộ bà B",
                              summary="Tranh chấp ranh giới", received_on=date(2025, 9, 2))
    cases.mediation_session_add(case=ok, actor=official, held_on=date(2025, 9, 5), place="Nhà văn hóa", note="Họp")
    ok = cases.mediation_close(case=ok, actor=official, outcome="successful", note="Thành", on=date(2025, 9, 5))
    running = cases.mediation_open(team=team, actor=official, dispute_type="land", parties="Hai hộ",
                                   summary="Lối đi chung", received_on=date(2025, 10, 1))

    def session(unit, day):
        return cases.session_create(unit=unit, actor=None, leader_name="Trần Quốc Cường", leader_kind="commune_chair",
                                    leader_title="Chủ tịch UBND phường", day=day, start=time(8), end=time(11),
                                    place="Trụ sở UBND phường")

    held = session(tree.commune_a, date(2025, 11, 3))
    session(tree.commune_a, date(2024, 11, 4))  # another year
    session(tree.commune_b, date(2025, 11, 3))  # another commune
    # filed before 01/07/2025 under the old ward that commune A replaced (historical data)
    old = ReceptionSession.objects.create(unit=legacy.an_hoa, leader_name="Nguyễn Văn Cũ", leader_kind="commune_chair",
                                          leader_title="Chủ tịch UBND phường An Hòa", day=date(2025, 3, 10),
                                          start=time(8), end=time(11), place="Trụ sở cũ")
    return {"mediation": ok, "running": running, "session": held, "old_session": old}


def _figures(groups) -> dict:
    return {f.key: f for g in groups for f in g.figures}


def test_the_evidence_counts_the_year_and_the_commune_with_the_records(tree, legacy, records):
    a = services.assessment_open(commune=tree.commune_a, year=2025, actor=None)
    groups, olds = services.assessment_evidence(a)
    assert [g.codes for g in groups][:2] == [("TC2.CT1",), ("TC2.CT2",)]
    assert olds == [legacy.an_hoa]
    figures = _figures(groups)
    sessions = figures["cases.reception_sessions"]
    assert sessions.value == 2  # commune A's and the old ward's, not B's, not 2024's
    assert {r.url for r in sessions.refs} == {f"/quan-ly/lich-tiep-cong-dan/{records['session'].pk}/",
                                              f"/quan-ly/lich-tiep-cong-dan/{records['old_session'].pk}/"}
    assert any(n.startswith("Phường An Hòa: ") for n in sessions.notes)
    assert figures["cases.mediations_received"].value == 2
    successful = figures["cases.mediations_successful"]
    assert successful.value == 1 and [r.url for r in successful.refs] == [
        f"/quan-ly/hoa-giai/vu-viec/{records['mediation'].pk}/"]
    assert figures["disclosure.published"].value == 0 and figures["consultations.held"].value == 0
    tc3 = next(g for g in groups if g.codes == ("TC3.CT1",))
    assert tc3.titles[0].startswith("Mâu thuẫn, tranh chấp")
    other_year = _figures(services.assessment_evidence(services.assessment_open(
        commune=tree.commune_a, year=2024, actor=None))[0])
    assert other_year["cases.reception_sessions"].value == 1 and other_year["cases.mediations_received"].value == 0


def test_a_deployment_chooses_the_evidence_it_shows(tree, settings):
    settings.DANCHU_QD25_EVIDENCE = [(["TC3.CT1"], ["cases.mediations_received"])]
    a = services.assessment_open(commune=tree.commune_a, year=2025, actor=None)
    groups, _olds = services.assessment_evidence(a)
    assert [(g.codes, [f.key for f in g.figures]) for g in groups] == [(("TC3.CT1",), ["cases.mediations_received"])]


def test_the_assessment_page_shows_the_evidence_with_links(client, tree, personas, login, records):
    a = services.assessment_open(commune=tree.commune_a, year=2025, actor=None)
    login(client, personas["official_a"])
    page = client.get(f"/quan-ly/chi-dao/tiep-can-phap-luat/{a.pk}/").content.decode()
    assert "Minh chứng từ dữ liệu của hệ thống năm 2025" in page
    assert "TC3.CT1 — Mâu thuẫn, tranh chấp" in page and "TC4.CT2, TC4.CT3" in page
    assert f'href="/quan-ly/hoa-giai/vu-viec/{records["mediation"].pk}/"' in page
    assert f'href="/quan-ly/lich-tiep-cong-dan/{records["session"].pk}/"' in page
    assert "Hộ ông A và hộ bà B" not in page  # the parties are not shown
    assert "Phường An Hòa" in page
