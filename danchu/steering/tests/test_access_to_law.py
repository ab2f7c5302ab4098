"""Access-to-law standard (QĐ 25/2021/QĐ-TTg): the council's correction of the head condition (Art.4.3), with its
ground, audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from danchu.core.models import AuditEvent
from danchu.steering import services
from danchu.steering.domain import ALL_INDICATORS, AssessmentState
from danchu.steering.models import AccessToLawAssessment

pytestmark = pytest.mark.django_db
PASSING = {c: "4.5" for c in ALL_INDICATORS}  # 90 points


def _sent(commune, year=2025):
    a = services.assessment_open(commune=commune, year=year, actor=None)
    services.assessment_self_score(assessment=a, scores=PASSING, head_disciplined=False, actor=None)
    services.assessment_post(assessment=a, posted_from=date(year, 12, 20), posted_to=date(year, 12, 24), actor=None)
    services.assessment_send(assessment=a, feedback_summary="", actor=None, on=date(year + 1, 1, 5))
    return a


# --- the head condition, set by the council ---------------------------------------------------------


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
