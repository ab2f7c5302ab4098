"""Demo of steering in the Cần Thơ demo communes: the city's committee and its plan to review Kết luận 120-KL/TW
for 2021–2025 with tasks to the communes, a yearly report filled 2021–2024 under the pre-2025 wards and 2025 under
today's (so the 5-year roll-up crosses the reorganisation), a quarterly report with figures from the platform,
an inspection with recommendations, exemplary models and commendations, and the access-to-law standard.

Idempotent: every object is looked up by a natural key first; running again creates nothing new.
"""

from __future__ import annotations

import random
from datetime import date

from django.db import transaction

from danchu.core import clock
from danchu.units.domain import Level
from danchu.units.models import AdministrativeUnit, UnitLineage

from . import services
from .domain import AssessmentState, SubmissionState
from .models import (
    AccessToLawAssessment,
    Commendation,
    ExemplaryModel,
    Inspection,
    Plan,
    ReportTemplate,
    SteeringCommittee,
    Submission,
)
from .periods import PeriodKind
from .standard import ALL_INDICATORS
from .values import IndicatorKind

ACTOR = "danchu demo"
DEMO_COMMUNES = ["31120", "31135", "31147"]  # Cái Khế, Ninh Kiều, Tân An (+ Xã Phong Điền by name)
YEARLY_TITLE = "Báo cáo kết quả thực hiện dân chủ ở cơ sở hằng năm"
QUARTERLY_TITLE = "Báo cáo nhanh quý về công khai và tiếp cận thông tin"
PLAN_TITLE = "Kế hoạch tổng kết 05 năm thực hiện Kết luận số 120-KL/TW (giai đoạn 2021–2025)"

YEARLY = [
    ("1", "Số hội nghị đối thoại giữa chính quyền và Nhân dân", IndicatorKind.NUMBER, "cuộc", True),
    ("2", "Số nội dung Nhân dân bàn và quyết định", IndicatorKind.NUMBER, "nội dung", True),
    ("3", "Số nội dung lấy ý kiến Nhân dân", IndicatorKind.NUMBER, "nội dung", True),
    ("4", "Số kiến nghị của Ban Thanh tra nhân dân đã được giải quyết", IndicatorKind.NUMBER, "kiến nghị", True),
    ("5", "Số khiếu nại, tố cáo giải quyết đúng hạn", IndicatorKind.NUMBER, "vụ việc", True),
    ("6", "Kinh phí hỗ trợ hoạt động Ban Thanh tra nhân dân", IndicatorKind.NUMBER, "nghìn đồng", True),
    ("7", "Đã ban hành quy chế thực hiện dân chủ ở xã", IndicatorKind.BOOLEAN, "", True),
    ("8", "Khó khăn, vướng mắc và kiến nghị", IndicatorKind.TEXT, "", False),
]
DIFFICULTIES = [
    "Một số khu vực chưa tổ chức đủ hội nghị do địa bàn rộng, dân cư đi làm ăn xa.",
    "Kinh phí hoạt động của Ban Thanh tra nhân dân còn thấp so với nhiệm vụ.",
    "Cần hướng dẫn thống nhất mẫu biên bản hội nghị sau sắp xếp đơn vị hành chính.",
    "",
]


def _communes():
    qs = AdministrativeUnit.objects.filter(version__code="2025", level=Level.COMMUNE)
    communes = list(qs.filter(code__in=DEMO_COMMUNES).order_by("code"))
    rural = qs.filter(name="Xã Phong Điền").first()
    return communes + ([rural] if rural else [])


def _predecessors(commune) -> list:
    ids = UnitLineage.objects.filter(successor=commune, is_primary=True, predecessor__level=Level.COMMUNE) \
        .values_list("predecessor_id", flat=True)
    return list(AdministrativeUnit.objects.filter(pk__in=ids).order_by("code"))


def _yearly_values(rng: random.Random, year: int) -> dict:
    scale = 1 + (year - 2021) * 0.15
    return {"1": rng.randint(1, 2), "2": int(rng.randint(2, 6) * scale), "3": int(rng.randint(3, 9) * scale),
            "4": rng.randint(0, 5), "5": rng.randint(1, 8), "6": rng.choice([5000, 6000, 8000, 10000]),
            "7": "có" if year >= 2023 or rng.random() < 0.7 else "không", "8": rng.choice(DIFFICULTIES)}


def _report(template, unit, key, values, *, state, today, reason=""):
    sub = Submission.objects.filter(template=template, unit=unit, period_key=key).first()
    if sub is not None:
        return sub, False
    sub = services.submission_open(template=template, unit=unit, period_key=key, actor=ACTOR, today=today)
    services.submission_save(submission=sub, values=values, actor=ACTOR,
                             narrative="Đơn vị đã triển khai đầy đủ các nội dung theo hướng dẫn.")
    if state == SubmissionState.DRAFT:
        return sub, True
    submitted_on = min(today, sub.due_on) if sub.due_on else today
    services.submission_submit(submission=sub, actor=ACTOR, on=submitted_on)
    if state == SubmissionState.RETURNED:
        services.submission_return(submission=sub, reason=reason or "Đề nghị bổ sung số liệu chỉ tiêu 4, 5.",
                                   actor=ACTOR)
    elif state == SubmissionState.ACCEPTED:
        services.submission_accept(submission=sub, actor=ACTOR, on=submitted_on)
    return sub, True


@transaction.atomic
def build_demo(*, today: date | None = None) -> dict:
    today = today or clock.today()
    province = AdministrativeUnit.objects.filter(version__code="2025", level=Level.PROVINCE, code="92").first()
    communes = _communes()
    if province is None or not communes:
        return {"steering": "no demo units"}
    rng = random.Random(20251001)
    created = {"plans": 0, "tasks": 0, "templates": 0, "reports": 0, "inspections": 0, "models": 0,
               "commendations": 0, "assessments": 0, "committees": 0}

    if not SteeringCommittee.objects.filter(unit=province).exists():
        committee = services.committee_create(
            unit=province, name="Ban Chỉ đạo thực hiện dân chủ ở cơ sở thành phố Cần Thơ", actor=ACTOR,
            decision_number="125-QĐ/TU", decision_date=date(2025, 8, 15),
            members=[{"full_name": "Lê Văn Thành", "position_title": "Phó Bí thư Thành ủy",
                      "committee_role": "Trưởng ban", "area": "Chung"},
                     {"full_name": "Lê Thị Thu Hương", "position_title": "Trưởng Ban Dân vận Thành ủy",
                      "committee_role": "Phó Trưởng ban thường trực", "area": "Dân chủ ở xã, phường"},
                     {"full_name": "Trần Minh Khoa", "position_title": "Phó Chủ tịch UBND thành phố",
                      "committee_role": "Phó Trưởng ban", "area": "Dân chủ trong cơ quan hành chính"},
                     {"full_name": "Nguyễn Thị Bích Ngọc", "position_title": "Chủ tịch Ủy ban MTTQ Việt Nam thành phố",
                      "committee_role": "Ủy viên", "area": "Giám sát, Ban Thanh tra nhân dân"}])
        services.committee_meeting_add(committee=committee, held_on=date(2025, 9, 20), actor=ACTOR,
                                       content="Triển khai tổng kết 05 năm thực hiện Kết luận 120-KL/TW.",
                                       conclusions="Các xã, phường gửi báo cáo tổng kết trước ngày 15/12/2025.")
        created["committees"] += 1

    plan = Plan.objects.filter(unit=province, title=PLAN_TITLE).first()
    if plan is None:
        plan = services.plan_create(unit=province, issuer="Ban Chỉ đạo thực hiện dân chủ ở cơ sở thành phố",
                                    number="18-KH/BCĐ", title=PLAN_TITLE, starts_on=date(2025, 9, 1),
                                    ends_on=date(2026, 12, 31), actor=ACTOR,
                                    summary="Đánh giá kết quả 05 năm thực hiện dân chủ ở cơ sở, cộng dồn số liệu của "
                                            "các đơn vị hành chính trước và sau ngày 01/7/2025.")
        created["plans"] += 1
        for i, commune in enumerate(communes):
            services.task_create(plan=plan, title="Kiện toàn Ban Chỉ đạo thực hiện dân chủ ở cơ sở sau sắp xếp",
                                 assignee_unit=commune, due_on=date(2025, 10, 31), actor=ACTOR,
                                 assignee_org="Đảng ủy " + commune.name)
            services.task_create(plan=plan, title="Tổ chức hội nghị tổng kết 05 năm cấp xã, gửi báo cáo",
                                 assignee_unit=commune, due_on=date(2026, 1, 15) if i else date(2026, 12, 15),
                                 actor=ACTOR, assignee_org="UBND " + commune.name)
            created["tasks"] += 2
        services.plan_issue(plan=plan, actor=ACTOR, on=date(2025, 9, 5))
        for i, task in enumerate(plan.tasks.order_by("pk")):
            if "Kiện toàn" in task.title and i % 4 != 2:
                services.task_progress(task=task, percent=100, note="Đã ban hành quyết định kiện toàn.",
                                       actor=ACTOR, on=date(2025, 10, 20))
            elif "Kiện toàn" in task.title:
                services.task_progress(task=task, percent=60, note="Đang chờ nhân sự sau sắp xếp.", actor=ACTOR)
        child_unit = communes[0]
        services.plan_create(unit=child_unit, issuer=f"Ban Chỉ đạo {child_unit.name}", number="05-KH/BCĐ",
                             title=f"Kế hoạch tổng kết 05 năm thực hiện dân chủ ở cơ sở {child_unit.name}",
                             starts_on=date(2025, 10, 1), ends_on=date(2026, 3, 31), parent=plan, actor=ACTOR)

    yearly = ReportTemplate.objects.filter(unit=province, title=YEARLY_TITLE).first()
    if yearly is None:
        yearly = services.template_create(unit=province, title=YEARLY_TITLE, period_kind=PeriodKind.YEAR,
                                          due_working_days=10, plan=plan, actor=ACTOR,
                                          instructions="Số liệu tính từ 01/01 đến 31/12. Các năm trước 2025 báo cáo "
                                                       "theo đơn vị hành chính cũ.")
        for code, label, kind, measure, required in YEARLY:
            services.indicator_add(template=yearly, code=code, label=label, kind=kind, measure=measure,
                                   required=required, actor=ACTOR)
        services.template_issue(template=yearly, actor=ACTOR, on=date(2021, 1, 15))
        created["templates"] += 1
    states_2025 = [SubmissionState.ACCEPTED, SubmissionState.SUBMITTED, SubmissionState.RETURNED,
                   SubmissionState.DRAFT]
    for i, commune in enumerate(communes):
        for old in _predecessors(commune):
            for year in range(2021, 2025):
                _sub, new = _report(yearly, old, str(year), _yearly_values(rng, year),
                                    state=SubmissionState.ACCEPTED, today=date(year + 1, 1, 10))
                created["reports"] += new
        if today >= date(2026, 1, 1):
            _sub, new = _report(yearly, commune, "2025", _yearly_values(rng, 2025), state=states_2025[i % 4],
                                today=date(2026, 1, 10))
            created["reports"] += new

    quarterly = ReportTemplate.objects.filter(unit=province, title=QUARTERLY_TITLE).first()
    if quarterly is None:
        quarterly = services.template_create(unit=province, title=QUARTERLY_TITLE, period_kind=PeriodKind.QUARTER,
                                             due_working_days=5, actor=ACTOR)
        services.indicator_add(template=quarterly, code="1", label="Số nội dung đã công khai", measure="nội dung",
                               kind=IndicatorKind.NUMBER, source="disclosure.published", actor=ACTOR)
        services.indicator_add(template=quarterly, code="2", label="Số yêu cầu cung cấp thông tin đã nhận",
                               measure="yêu cầu", kind=IndicatorKind.NUMBER, source="inforequests.received",
                               actor=ACTOR)
        services.indicator_add(template=quarterly, code="3", label="Số yêu cầu giải quyết đúng hạn", measure="yêu cầu",
                               kind=IndicatorKind.NUMBER, source="inforequests.on_time", actor=ACTOR)
        services.template_issue(template=quarterly, actor=ACTOR, on=date(2025, 7, 1))
        created["templates"] += 1
    from .periods import previous_period

    last_quarter = previous_period(PeriodKind.QUARTER, today)
    for i, commune in enumerate(communes[:2]):
        if Submission.objects.filter(template=quarterly, unit=commune, period_key=last_quarter.key).exists():
            continue
        sub = services.submission_open(template=quarterly, unit=commune, period_key=last_quarter.key, actor=ACTOR,
                                       today=today)
        services.submission_fill_from_platform(submission=sub, actor=ACTOR)
        services.submission_submit(submission=sub, actor=ACTOR, on=today)
        if i == 1:
            services.submission_return(submission=sub, reason="Đề nghị kiểm tra lại số nội dung đã công khai.",
                                       actor=ACTOR)
        created["reports"] += 1

    if len(communes) > 1 and not Inspection.objects.filter(unit=province, target_unit=communes[1]).exists():
        insp = services.inspection_create(unit=province, title="Kiểm tra việc thực hiện công khai thông tin năm 2025",
                                          target_unit=communes[1], starts_on=date(2025, 11, 10),
                                          ends_on=date(2025, 11, 12), actor=ACTOR,
                                          team="Ban Dân vận Thành ủy (Trưởng đoàn); Sở Tư pháp; Ủy ban MTTQ thành phố",
                                          objectives="Đánh giá việc niêm yết, công khai theo Điều 11 Luật số 10/2022/QH15.")
        services.inspection_start(inspection=insp, actor=ACTOR)
        services.inspection_conclude(
            inspection=insp, actor=ACTOR, on=date(2025, 11, 20),
            findings="Công khai đầy đủ dự toán ngân sách; một số khu vực chưa niêm yết kết quả hội nghị.",
            conclusion="Cơ bản thực hiện tốt; cần khắc phục việc niêm yết ở khu vực.",
            recommendations=[{"content": "Niêm yết bổ sung kết quả hội nghị tại nhà văn hóa các khu vực.",
                              "responsible": "UBND phường", "due_on": date(2025, 12, 31)},
                             {"content": "Cập nhật danh sách nội dung công khai quý IV lên trang của phường.",
                              "responsible": "Văn phòng HĐND-UBND", "due_on": date(2026, 1, 15)}])
        first = insp.recommendations.order_by("pk").first()
        services.recommendation_follow_up(recommendation=first, follow_up="Đã niêm yết ngày 20/12/2025.",
                                          closed_on=date(2025, 12, 20), actor=ACTOR)
        created["inspections"] += 1

    if not ExemplaryModel.objects.filter(unit=communes[0]).exists():
        model = services.model_create(unit=communes[0], name="Khu vực tự quản về an ninh trật tự và vệ sinh môi trường",
                                      field_="cong_dong", actor=ACTOR, started_on=date(2022, 3, 1),
                                      description="Nhân dân bàn và quyết định đóng góp, tự quản lý tuyến hẻm.",
                                      evidence="Giảm 70% vụ việc mất trật tự; 100% hộ ký cam kết.")
        services.model_evaluate(model=model, status="recognised", evaluation="Mô hình hiệu quả, đề nghị nhân rộng.",
                                actor=ACTOR)
        if len(communes) > 2:
            services.replication_add(model=model, unit=communes[2], started_on=date(2024, 6, 1), actor=ACTOR,
                                     result="Đã triển khai ở 2 khu vực.")
        services.commendation_create(unit=province, model=model, recipient=f"Nhân dân và cán bộ {communes[0].name}",
                                     form="bang_khen", level="tinh", decision_number="2150/QĐ-UBND",
                                     decision_date=date(2025, 12, 10), issuer="Chủ tịch UBND thành phố Cần Thơ",
                                     reason="Thành tích xuất sắc trong thực hiện dân chủ ở cơ sở 2021–2025",
                                     actor=ACTOR)
        created["models"] += 1
        created["commendations"] += 1
    if len(communes) > 1 and not ExemplaryModel.objects.filter(unit=communes[1]).exists():
        services.model_create(unit=communes[1], name="Dân vận khéo trong giải phóng mặt bằng", field_="ban_quyet_dinh",
                              actor=ACTOR, description="Đối thoại trực tiếp với từng hộ trước khi lập phương án.")
        created["models"] += 1

    if today.year >= 2026:
        for i, commune in enumerate(communes[:2]):
            if AccessToLawAssessment.objects.filter(commune=commune, year=2025).exists():
                continue
            a = services.assessment_open(commune=commune, year=2025, actor=ACTOR)
            scores = {c: "4.5" for c in ALL_INDICATORS}
            if i == 1:
                scores.update({"TC1.CT1": "1", "TC1.CT2": "2.5"})  # TC1 below half: not recognised
            services.assessment_self_score(assessment=a, scores=scores, head_disciplined=False, actor=ACTOR)
            services.assessment_post(assessment=a, posted_from=date(2025, 12, 22), posted_to=date(2025, 12, 29),
                                     actor=ACTOR)
            services.assessment_send(assessment=a, feedback_summary="Không có ý kiến khác.", actor=ACTOR,
                                     on=date(2026, 1, 6))
            services.assessment_appraise(assessment=a, scores=scores, actor=ACTOR, on=date(2026, 1, 28))
            services.assessment_decide(assessment=a, decision_number="312/QĐ-UBND" if i == 0 else "", actor=ACTOR,
                                       on=date(2026, 2, 5))
            created["assessments"] += 1
        if len(communes) > 2 and not AccessToLawAssessment.objects.filter(commune=communes[2], year=today.year).exists():
            a = services.assessment_open(commune=communes[2], year=today.year, actor=ACTOR)
            services.assessment_self_score(assessment=a, scores={c: "4" for c in ALL_INDICATORS},
                                           head_disciplined=False, actor=ACTOR)
            created["assessments"] += 1
    created["recognised_2025"] = AccessToLawAssessment.objects.filter(year=2025,
                                                                       state=AssessmentState.RECOGNISED).count()
    created["commendations_total"] = Commendation.objects.count()
    return created
