"""Services of steering: each writes its audit row; bad input changes nothing; the roll-up follows the lineage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from danchu.core.models import AuditEvent
from danchu.steering import services
from danchu.steering.domain import SubmissionState, TaskState
from danchu.steering.models import Submission

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 1)


def _report(template, unit, key, values, *, submit=True):
    sub = services.submission_open(template=template, unit=unit, period_key=key, actor=None, today=TODAY)
    services.submission_save(submission=sub, values=values, actor=None)
    if submit:
        services.submission_submit(submission=sub, actor=None, on=TODAY)
    sub.refresh_from_db()
    return sub


def test_plan_tasks_and_progress_are_audited(tree):
    plan = services.plan_create(unit=tree.province, issuer="Ban Chỉ đạo thành phố", title="Kế hoạch thực hiện KL 120",
                                starts_on=date(2025, 7, 1), ends_on=date(2025, 12, 31), actor=None)
    task = services.task_create(plan=plan, title="Kiện toàn Ban Chỉ đạo cấp xã", assignee_unit=tree.commune_a,
                                due_on=date(2025, 9, 30), actor=None)
    with pytest.raises(ValidationError):  # not issued yet
        services.task_progress(task=task, percent=50, note="Đang làm", actor=None)
    services.plan_issue(plan=plan, actor=None, on=date(2025, 7, 2))
    services.task_progress(task=task, percent=100, note="Đã ban hành quyết định kiện toàn", actor=None,
                           on=date(2025, 8, 1))
    task.refresh_from_db()
    assert task.state == TaskState.DONE and task.done_on == date(2025, 8, 1)
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"steering.plan.created", "steering.plan.issued", "steering.task.created",
            "steering.task.progressed"} <= verbs


def test_a_task_cannot_go_outside_the_plans_area(tree):
    plan = services.plan_create(unit=tree.commune_a, issuer="Đảng ủy phường", title="Kế hoạch",
                                starts_on=date(2025, 7, 1), ends_on=date(2025, 12, 31), actor=None)
    with pytest.raises(ValidationError) as exc:
        services.task_create(plan=plan, title="X", assignee_unit=tree.commune_b, due_on=date(2025, 9, 1), actor=None)
    assert exc.value.error_dict["assignee_unit"][0].code == "assignee_outside"


def test_submission_cycle_with_a_return(tree, city_template):
    sub = _report(city_template, tree.commune_a, "2025", {"1": "3", "2": "có", "3": "Thiếu kinh phí"})
    assert sub.state == SubmissionState.SUBMITTED and sub.due_on > date(2025, 12, 31)
    with pytest.raises(ValidationError):  # sent: no more edits
        services.submission_save(submission=sub, values={"1": "4"}, actor=None)
    services.submission_return(submission=sub, reason="Số hội nghị chưa khớp biên bản", actor=None)
    services.submission_save(submission=sub, values={"1": "4"}, actor=None)
    services.submission_submit(submission=sub, actor=None, on=TODAY)
    services.submission_accept(submission=sub, actor=None, on=TODAY)
    sub.refresh_from_db()
    assert sub.state == SubmissionState.ACCEPTED
    assert sub.values.get(indicator__code="1").number == 4


def test_bad_values_change_nothing(tree, city_template):
    sub = _report(city_template, tree.commune_a, "2025", {"1": "3"}, submit=False)
    with pytest.raises(ValidationError) as exc:
        services.submission_save(submission=sub, values={"1": "-5", "2": "có"}, actor=None)
    assert [e.code for errors in exc.value.error_dict.values() for e in errors] == ["bad_value"]
    assert sub.values.get(indicator__code="1").number == 3
    assert not sub.values.filter(indicator__code="2").exists()
    with pytest.raises(ValidationError):  # required "2" missing
        services.submission_submit(submission=sub, actor=None)


def test_a_unit_of_another_level_or_area_cannot_open_a_report(tree, city_template):
    with pytest.raises(ValidationError):
        services.submission_open(template=city_template, unit=tree.village_a1, period_key="2025", actor=None,
                                 today=TODAY)
    with pytest.raises(ValidationError):
        services.submission_open(template=city_template, unit=tree.commune_a, period_key="2027", actor=None,
                                 today=TODAY)
    with pytest.raises(ValidationError):
        services.submission_open(template=city_template, unit=tree.commune_a, period_key="2025-Q1", actor=None,
                                 today=TODAY)


def test_rollup_adds_reports_of_pre_2025_communes_into_todays_units(tree, legacy, city_template):
    # 2023 and 2024 filed under the old wards; 2025 under today's wards
    _report(city_template, legacy.an_hoa, "2023", {"1": "2", "2": "có"})
    _report(city_template, legacy.an_hoa, "2024", {"1": "5", "2": "không"})
    _report(city_template, legacy.tan_an, "2024", {"1": "1", "2": "có"})
    _report(city_template, tree.commune_a, "2025", {"1": "3", "2": "có"})
    _report(city_template, tree.commune_b, "2025", {"1": "10", "2": "có"}, submit=False)  # draft: not counted
    result = services.rollup(template=city_template, scope=tree.province, start=date(2021, 1, 1),
                             end=date(2025, 12, 31))
    number = next(i for i in result.indicators if i.code == "1")
    flag = next(i for i in result.indicators if i.code == "2")
    by_unit = {row.unit.pk: row for row in result.rows}
    assert by_unit[tree.commune_a.pk].cells[number.pk].total == Decimal(10)  # 2 + 5 + 3
    assert by_unit[tree.commune_a.pk].legacy_reports == 2
    assert by_unit[tree.commune_b.pk].cells[number.pk].total == Decimal(1)
    assert result.total[number.pk].total == Decimal(11)
    assert (result.total[flag.pk].yes, result.total[flag.pk].answered) == (3, 4)
    assert result.reports == 4 and result.legacy_reports == 3
    assert set(result.legacy_units) == {"Phường An Hòa", "Phường Tân An"}
    # drill-down: commune A alone
    result_a = services.rollup(template=city_template, scope=tree.commune_a, start=date(2021, 1, 1),
                               end=date(2025, 12, 31))
    assert result_a.total[number.pk].total == Decimal(10)


def test_status_lists_who_has_not_submitted(tree, legacy, city_template):
    from danchu.steering.periods import period_of

    _report(city_template, tree.commune_a, "2025", {"1": "3", "2": "có"})
    rows = services.submission_status(template=city_template, scope=tree.province,
                                      period=period_of("year", 2025), today=TODAY)
    assert {r.unit.name: bool(r.submission) for r in rows} == {"Phường Cái Khế": True, "Phường Ninh Kiều": False}
    assert next(r for r in rows if r.unit == tree.commune_b).late
    old_rows = services.submission_status(template=city_template, scope=tree.province,
                                          period=period_of("year", 2024), today=TODAY)
    assert {r.unit.name for r in old_rows} == {"Phường An Hòa", "Phường Tân An"}


def test_inspection_closes_only_when_recommendations_are_done(tree):
    insp = services.inspection_create(unit=tree.province, title="Kiểm tra thực hiện dân chủ", target_unit=tree.commune_a,
                                      starts_on=date(2025, 10, 1), ends_on=date(2025, 10, 3), actor=None)
    services.inspection_start(inspection=insp, actor=None)
    services.inspection_conclude(inspection=insp, findings="Công khai chưa đủ", conclusion="Cơ bản đạt",
                                 recommendations=[{"content": "Bổ sung niêm yết", "due_on": date(2025, 11, 1)}],
                                 actor=None)
    with pytest.raises(ValidationError):
        services.inspection_close(inspection=insp, actor=None)
    rec = insp.recommendations.get()
    services.recommendation_follow_up(recommendation=rec, follow_up="Đã niêm yết", closed_on=date(2025, 10, 20),
                                      actor=None)
    services.inspection_close(inspection=insp, actor=None)


def test_access_to_law_assessment_recognises_only_a_passing_commune(tree, settings):
    from danchu.steering.domain import AssessmentState
    from danchu.steering.standard import ALL_INDICATORS

    a = services.assessment_open(commune=tree.commune_a, year=2025, actor=None)
    services.assessment_self_score(assessment=a, scores={c: "4.5" for c in ALL_INDICATORS}, head_disciplined=False,
                                   actor=None)
    with pytest.raises(ValidationError):  # 4 days only
        services.assessment_post(assessment=a, posted_from=date(2025, 12, 20), posted_to=date(2025, 12, 23),
                                 actor=None)
    services.assessment_post(assessment=a, posted_from=date(2025, 12, 20), posted_to=date(2025, 12, 24), actor=None)
    services.assessment_send(assessment=a, feedback_summary="Không có ý kiến khác", actor=None, on=date(2026, 1, 5))
    low = {c: "4.5" for c in ALL_INDICATORS} | {"TC1.CT1": "0", "TC1.CT2": "4"}  # TC1 = 4 of 10
    services.assessment_appraise(assessment=a, scores=low, actor=None, on=date(2026, 1, 20))
    services.assessment_decide(assessment=a, decision_number="", actor=None, on=date(2026, 2, 5))
    a.refresh_from_db()
    assert a.state == AssessmentState.NOT_RECOGNISED and a.recognised_on is None


def test_platform_sources_fill_a_value_with_its_records(tree, city_template):
    from danchu.inforequests import services as ir
    from danchu.steering.periods import PeriodKind
    from danchu.steering.values import IndicatorKind

    template = services.template_create(unit=tree.province, title="Tiếp cận thông tin", period_kind=PeriodKind.YEAR,
                                        actor=None)
    services.indicator_add(template=template, code="1", label="Yêu cầu đã nhận", kind=IndicatorKind.NUMBER,
                           source="inforequests.received", actor=None)
    services.template_issue(template=template, actor=None)
    ir.request_record(commune=tree.commune_a, actor=None, full_name="Lê Văn Tám", address="Số 3", id_number="092099001234",
                      phone="0912000111", email="", content="Quy hoạch hẻm 5", delivery="in_person", purpose="Biết",
                      channel="in_person", received_on=date(2025, 5, 5))
    sub = services.submission_open(template=template, unit=tree.commune_a, period_key="2025", actor=None, today=TODAY)
    assert services.submission_fill_from_platform(submission=sub, actor=None) == 1
    value = sub.values.get()
    assert value.number == 1 and value.source_refs[0][0] == "inforequests.inforequest"
    assert Submission.objects.count() == 1


def test_relink_follows_a_corrected_lineage(tree, legacy, city_template):
    from danchu.units.models import UnitLineage

    sub = _report(city_template, legacy.an_hoa, "2024", {"1": "5", "2": "có"})
    assert sub.rollup_unit == tree.commune_a
    UnitLineage.objects.filter(predecessor=legacy.an_hoa).update(successor=tree.commune_b)
    assert services.submissions_relink(actor=None) == 1
    sub.refresh_from_db()
    assert sub.rollup_unit == tree.commune_b
    result = services.rollup(template=city_template, scope=tree.province, start=date(2024, 1, 1),
                             end=date(2024, 12, 31))
    assert {row.unit.pk: row.legacy_reports for row in result.rows}[tree.commune_b.pk] == 1


def test_a_template_issued_after_a_periods_deadline_makes_nobody_late_before_its_own_allowance(tree):
    """Issued on Tue 01/12/2026 for quarters whose usual deadline (5 working days after the quarter) has passed:
    each is due 5 working days after the issue date (08/12/2026); nobody is overdue before that."""
    from danchu.steering.periods import PeriodKind
    from danchu.steering.values import IndicatorKind

    template = services.template_create(unit=tree.province, title="Báo cáo quý", period_kind=PeriodKind.QUARTER,
                                        due_working_days=0, actor=None)
    services.indicator_add(template=template, code="1", label="Số hội nghị", kind=IndicatorKind.NUMBER, actor=None)
    services.template_issue(template=template, actor=None, on=date(2026, 12, 1))
    q3 = services.parse_period(template, "2026-Q3")
    assert services.report_due_on(template, q3) == date(2026, 12, 8)
    rows = services.submission_status(template=template, scope=tree.province, period=q3, today=date(2026, 12, 7))
    assert len(rows) == 2 and not any(r.late for r in rows)
    rows = services.submission_status(template=template, scope=tree.province, period=q3, today=date(2026, 12, 9))
    assert all(r.late for r in rows)
    sub = services.submission_open(template=template, unit=tree.commune_a, period_key="2026-Q3", actor=None,
                                   today=date(2026, 12, 2))
    assert sub.due_on == date(2026, 12, 8) and not sub.is_late(date(2026, 12, 8))
    # a later quarter keeps its usual deadline (the end of the quarter, as the template says)
    assert services.report_due_on(template, services.parse_period(template, "2026-Q4")) == date(2026, 12, 31)
