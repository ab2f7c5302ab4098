"""Two months of feedback in the demo communes, in every state (called by `danchu demo`; idempotent).

Everything is written through the services; only the timestamps are moved back afterwards so that the queue,
the deadlines and the on-time rate look like a commune that has used the system for a while."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction

from danchu.core import clock, reminders

from . import services
from .models import ApiClient, Category, Feedback, FeedbackEvent, install_default_categories
from .reminders import POLICY

# (commune code, category, village index or None, description, address, (lat, lon) or None, publish, anonymous)
REPORTS = [
    ("31120", "ha-tang", 0, "Ổ gà lớn trên đường Mậu Thân trước nhà số 120, xe máy đi đêm dễ té.",
     "Trước số 120 đường Mậu Thân", (10.0461, 105.7840), True, False),
    ("31120", "ha-tang", 1, "Đèn chiếu sáng hẻm 52 Trần Văn Khéo tắt cả tuần nay, hẻm tối, người dân lo mất trộm.",
     "Hẻm 52 đường Trần Văn Khéo", (10.0478, 105.7869), True, False),
    ("31120", "moi-truong", 0, "Rác thải bị đổ trộm ven kênh Xáng Thổi, bốc mùi hôi, nhiều ruồi muỗi.",
     "Bờ kênh Xáng Thổi, gần cầu Cái Khế", (10.0449, 105.7831), True, False),
    ("31120", "moi-truong", 2, "Cống thoát nước đường Nguyễn Trãi bị nghẹt, mưa xuống là ngập tới mắt cá chân.",
     "Đường Nguyễn Trãi, đoạn gần chợ", (10.0440, 105.7875), True, False),
    ("31120", "trat-tu-do-thi", 3, "Quán ăn lấn chiếm hết vỉa hè đường Cách Mạng Tháng Tám, người đi bộ phải xuống "
     "lòng đường.", "Đường Cách Mạng Tháng Tám", (10.0470, 105.7810), True, False),
    ("31120", "an-ninh-trat-tu", 1, "Nhà số 15 hẻm 30 hát karaoke rất to sau 22 giờ nhiều đêm liền.",
     "Hẻm 30 Trần Hưng Đạo", None, False, False),
    ("31120", "thu-tuc-hanh-chinh", None, "Nộp hồ sơ đăng ký khai sinh cho con đã 7 ngày chưa có kết quả, không ai "
     "báo lý do chậm.", "", None, True, False),
    ("31120", "can-bo", None, "Cán bộ tiếp dân ở bộ phận một cửa trả lời thiếu tôn trọng khi tôi hỏi thủ tục.",
     "", None, False, False),
    ("31120", "chinh-sach", 4, "Gia đình tôi thuộc hộ cận nghèo nhưng năm nay chưa được cấp thẻ bảo hiểm y tế.",
     "", None, True, True),
    ("31120", "kien-nghi-khac", 2, "Đề nghị lắp thêm biển báo giảm tốc trước trường tiểu học Cái Khế giờ tan học.",
     "Trước trường tiểu học Cái Khế", (10.0455, 105.7858), True, False),
    ("31120", "ha-tang", 0, "Đường Mậu Thân trước số 120 có ổ gà lớn, rất nguy hiểm cho học sinh đạp xe.",
     "Số 120 Mậu Thân", (10.0462, 105.7841), True, False),
    ("31135", "moi-truong", 0, "Điểm tập kết rác trên đường Hòa Bình để quá giờ quy định, tràn ra lòng đường.",
     "Đường Hòa Bình", (10.0325, 105.7840), True, False),
    ("31135", "ha-tang", 1, "Nắp hố ga trên đường Lý Tự Trọng bị vỡ, rất nguy hiểm.", "Đường Lý Tự Trọng",
     (10.0310, 105.7790), True, False),
    ("31135", "trat-tu-do-thi", None, "Công trình xây nhà không che chắn, vật liệu rơi xuống hẻm.", "Hẻm 3 Ngô Quyền",
     None, True, False),
]
PEOPLE = ["Trần Văn Bảy", "Lê Thị Mười", "Nguyễn Hữu Phúc", "Phạm Thị Hồng Nhung", "Huỳnh Minh Tài", "Võ Thị Lan",
          "Đặng Quốc Việt", "Bùi Thị Thảo", "Ngô Văn Sơn", "Châu Ngọc Ánh", "Lâm Văn Hải", "Thạch Thị Mai"]
ANSWERS = {
    "ha-tang": "UBND phường đã phối hợp đơn vị duy tu sửa chữa xong; đề nghị bà con tiếp tục phản ánh nếu còn hư hỏng.",
    "moi-truong": "Đã chỉ đạo công ty công trình đô thị thu gom, khơi thông; tổ dân phố tăng cường nhắc nhở, xử lý "
                  "trường hợp đổ trộm.",
    "trat-tu-do-thi": "Tổ quản lý trật tự đô thị đã kiểm tra, lập biên bản và yêu cầu hộ kinh doanh trả lại vỉa hè.",
    "thu-tuc-hanh-chinh": "Hồ sơ đã được giải quyết; bộ phận một cửa xin lỗi vì chậm thông báo và đã hẹn lại ngày trả.",
    "chinh-sach": "Đã rà soát danh sách hộ cận nghèo; thẻ bảo hiểm y tế sẽ được cấp trong tháng này.",
    "kien-nghi-khac": "Ý kiến đã được tiếp thu, phường đã đề nghị lắp biển báo trong đợt tới.",
}


def _backdate(feedback: Feedback, received, answered=None) -> None:
    """Move a demo feedback's timestamps back (demo data only)."""
    events = list(feedback.events.order_by("created", "id"))
    step = ((answered or received + timedelta(hours=2)) - received) / max(1, len(events))
    for i, e in enumerate(events):
        FeedbackEvent.objects.filter(pk=e.pk).update(created=received + step * i)
    fields = {"received_at": received}
    if answered:
        fields["answered_at"] = answered
        fields["answered_on_time"] = clock.local_date(answered) <= feedback.due_on if feedback.due_on else None
        if feedback.closed_at:
            fields["closed_at"] = answered + timedelta(days=1)
    Feedback.objects.filter(pk=feedback.pk).update(**fields)


@transaction.atomic
def build_demo() -> dict:
    from danchu.accounts.models import User
    from danchu.units.models import AdministrativeUnit, Organisation

    communes = {u.code: u for u in AdministrativeUnit.objects.filter(version__code="2025", code__in=["31120", "31135"])}
    officials = {"31120": User.objects.filter(username="canbo.caikhe").first(),
                 "31135": User.objects.filter(username="canbo.ninhkieu").first()}
    if len(communes) < 2 or not all(officials.values()) or Feedback.objects.filter(
            commune__in=communes.values()).exists():
        return {"feedback_created": 0}
    install_default_categories()
    rng = random.Random(2026)
    today = clock.today()
    now = clock.now()
    caikhe = communes["31120"]
    villages = {c: list(AdministrativeUnit.objects.filter(parent=u, level=4).order_by("name_folded"))
                for c, u in communes.items()}
    # routing: environment complaints of Khu vực 1 go to its own management board, answer within 5 working days
    board = Organisation.objects.filter(unit__parent=caikhe, unit__name="Khu vực 1", kind="ban_dieu_hanh").first()
    if board:
        services.route_set(unit=board.unit, category=Category.objects.get(code="moi-truong"), organisation=board,
                           answer_days=5, actor=officials["31120"], note="Ban điều hành xử lý vệ sinh trong khu vực")
    made = []
    for i, (code, cat, village_i, text, address, point, publish, anonymous) in enumerate(REPORTS):
        commune = communes[code]
        village = villages[code][village_i] if village_i is not None and village_i < len(villages[code]) else None
        name = PEOPLE[i % len(PEOPLE)]
        feedback = services.feedback_submit(
            commune=commune, category=Category.objects.get(code=cat), description=text, village=village,
            address=address, lat=str(point[0]) if point else None, lon=str(point[1]) if point else None,
            anonymous=anonymous, reporter_name=name, phone=f"09{rng.randrange(10**7, 10**8)}",
            notify_channel="sms", publish=publish, show_name=publish and i % 3 == 0,
            channel="web" if i % 4 else "hotline", received_at=now - timedelta(days=55 - 4 * i))
        made.append(feedback)
    official = officials["31120"]
    # answered and rated, on time or late; one reopened; one merged duplicate; one converted; one open and overdue
    plan = {0: ("answer", 5), 1: ("answer", 4), 2: ("answer", 2), 3: ("answer", 4), 4: ("answer", 3),
            6: ("answer", 5), 8: ("answer", None), 9: ("accept", None), 11: ("answer", 4)}
    for i, (action, rating) in plan.items():
        f = made[i]
        actor = officials[f.commune.code]
        services.feedback_accept(feedback=f, actor=actor)
        if action == "answer":
            services.feedback_answer(feedback=f, answer=ANSWERS.get(f.category.code, ANSWERS["kien-nghi-khac"]),
                                     actor=actor)
            if rating:
                services.feedback_rate(feedback=f, rating=rating, comment="" if rating >= 4 else
                                       "Chưa giải quyết triệt để.")
            f.refresh_from_db()
            late = i in (2, 4)
            _backdate(f, f.received_at, f.received_at + timedelta(days=(f.answer_days + 6) if late else 3))
    services.feedback_mark_duplicate(feedback=made[10], original=made[0], actor=official,
                                     note="Cùng ổ gà trước số 120 Mậu Thân")
    services.feedback_start(feedback=made[5], actor=official, note="Đã mời chủ hộ lên làm việc.")
    services.feedback_assign(feedback=made[7], assignee=official, actor=official)
    # the newest report of Ninh Kiều was sent to the wrong commune: the official transfers it
    wrong = services.feedback_submit(
        commune=caikhe, category=Category.objects.get(code="ha-tang"), reporter_name="Lý Thị Yến",
        description="Cây xanh trên đường Hai Bà Trưng bị gãy nhánh, treo lơ lửng trên lòng đường.",
        address="Đường Hai Bà Trưng (bến Ninh Kiều)", publish=True, phone="0938111222", notify_channel="sms")
    services.feedback_transfer(feedback=wrong, actor=official, to_unit=communes["31135"],
                               reason="Đường Hai Bà Trưng thuộc Phường Ninh Kiều.")
    client_key = ""
    if not ApiClient.objects.exists():
        _client, client_key = services.api_client_create(name="Tổng đài 1022 Cần Thơ (demo)", actor="demo")
    sent = reminders.run_policy(POLICY, today=today)
    return {"feedback_created": len(made) + 1, "reminders_sent": sent,
            "open311_api_key": client_key or "(đã tạo trước)",
            "tracking_code_to_try": made[2].tracking_code}
