"""Reception schedule, reception book, complaints, denunciations, petitions and mediation in Phường Cái Khế
(called by `danchu demo`; idempotent)."""

from __future__ import annotations

from datetime import time, timedelta

from django.db import transaction

from danchu.core import clock

from . import services
from .models import Case, MediationTeam, ReceptionSession


def _thursdays(today, weeks_back: int, weeks_ahead: int):
    this = today - timedelta(days=(today.weekday() - 3) % 7)  # the last Thursday (or today)
    return [this + timedelta(weeks=w) for w in range(-weeks_back, weeks_ahead + 1)]


@transaction.atomic
def build_demo() -> dict:
    from danchu.accounts.models import User
    from danchu.units.domain import Level
    from danchu.units.models import AdministrativeUnit

    commune = AdministrativeUnit.objects.filter(version__code="2025", code="31120").first()
    official = User.objects.filter(username="canbo.caikhe").first()
    leader = User.objects.filter(username="chutich.caikhe").first()
    if commune is None or official is None or leader is None or Case.objects.filter(unit=commune).exists():
        return {"cases_created": 0}
    today = clock.today()
    sessions = 0
    for day in _thursdays(today, 6, 6):
        if not ReceptionSession.objects.filter(unit=commune, day=day).exists():
            services.session_create(unit=commune, actor=official, leader_name=leader.full_name,
                                    leader_title="Chủ tịch UBND Phường Cái Khế", leader_kind="commune_chair", day=day,
                                    start=time(7, 30), end=time(11, 0), place="Trụ sở UBND Phường Cái Khế, phòng tiếp công dân",
                                    capacity=8)
            sessions += 1
    upcoming = ReceptionSession.objects.filter(unit=commune, day__gt=today).order_by("day").first()
    if upcoming:
        services.booking_create(session=upcoming, full_name="Huỳnh Văn Lợi", phone="0939 100 201",
                                topic="Hỏi về tiến độ cấp giấy chứng nhận quyền sử dụng đất", people_count=1)
        services.booking_create(session=upcoming, full_name="Đặng Thị Mai", phone="0939 100 202",
                                topic="Kiến nghị sửa chữa cống thoát nước hẻm 51", people_count=3)

    d = lambda n: today - timedelta(days=n)  # noqa: E731
    L = services.Letter
    visit1 = services.reception_record(
        unit=commune, actor=official, full_name="Lâm Văn Hậu", address="Số 22, hẻm 15 Trần Văn Khéo, Khu vực 3",
        id_number="092078001122", phone="0907111222", content="Không đồng ý mức bồi thường khi mở rộng đường Trần Văn "
        "Khéo; đề nghị xem lại đơn giá đất ở.", request="Xem xét lại phương án bồi thường.",
        received_on=d(60), letters=[L("complaint", "Khiếu nại phương án bồi thường khi mở rộng đường Trần Văn Khéo",
                                      "Chủ tịch UBND phường", d(75))])
    complaint = visit1.cases.get()
    services.entry_reply(entry=visit1, actor=official, handling="accepted", note="Báo cáo Chủ tịch thụ lý.", on=d(56))
    services.case_accept(case=complaint, actor=leader, on=d(55))
    services.case_decide(case=complaint, actor=leader, number="45/QĐ-UBND", finding="partly",
                         text="Điều chỉnh đơn giá bồi thường phần đất ở; giữ nguyên phần đất nông nghiệp.", on=d(30))
    services.case_send(case=complaint, actor=official, on=d(29))

    visit2 = services.reception_record(
        unit=commune, actor=official, full_name="Người tố cáo (dữ liệu mẫu)", address="Khu vực 2, Phường Cái Khế",
        id_number="092180009988", phone="0907333444", content="Tố cáo việc thu tiền sai quy định khi xác nhận hồ sơ "
        "nhà ở.", received_on=d(50),
        letters=[L("denunciation", "Tố cáo việc thu tiền ngoài quy định khi xác nhận hồ sơ", "Cán bộ bộ phận một cửa")])
    denunciation = visit2.cases.get()
    services.case_accept(case=denunciation, actor=leader, on=d(45), criteria=["contents", "many_people"])
    services.case_extend(case=denunciation, actor=leader, days=30, reason="Cần xác minh thêm nhiều hồ sơ.", on=d(20))

    visit3 = services.reception_record(
        unit=commune, actor=official, full_name="Trương Thị Bé", address="Số 5, hẻm 51, Khu vực 1", people_count=7,
        representatives=[{"name": "Trương Thị Bé", "id_number": "092185004455"},
                         {"name": "Ngô Văn Tám", "id_number": "092070006677"}],
        content="Bảy hộ khiếu nại việc cấp phép xây dựng lấn hẻm 51.", received_on=d(4),
        letters=[L("complaint", "Khiếu nại giấy phép xây dựng lấn hẻm 51", "Chủ tịch UBND phường", d(20)),
                 L("petition", "Kiến nghị khơi thông cống thoát nước hẻm 51")])
    petition = visit3.cases.get(kind="petition")
    services.case_answer(case=petition, actor=official, text="Phường đã giao Khu vực 1 khơi thông cống trong tháng.",
                         on=d(1))
    anonymous = services.case_record_letter(unit=commune, actor=leader, kind="denunciation", anonymous=True,
                                            summary="Thư không ký tên phản ánh việc lấn chiếm vỉa hè",
                                            content="Thư nặc danh.", received_on=d(10))
    services.case_reject(case=anonymous, actor=leader, ground="anonymous",
                         reason="Đơn không rõ người tố cáo; nội dung đã chuyển tổ trật tự đô thị kiểm tra.", on=d(8))

    village = AdministrativeUnit.objects.filter(parent=commune, level=Level.VILLAGE).order_by("code").first()
    mediation_cases = 0
    if village and not MediationTeam.objects.filter(village=village).exists():
        team = services.team_create(village=village, actor=official, name=f"Tổ hòa giải {village.name}",
                                    established_on=d(300))
        for name, leader_flag, woman in (("Nguyễn Thị Hòa", True, True), ("Lê Văn Thuận", False, False),
                                         ("Phan Văn Nghĩa", False, False)):
            services.mediator_add(team=team, actor=official, full_name=name, is_leader=leader_flag, is_woman=woman,
                                  term_start=d(300))
        done = services.mediation_open(team=team, actor=official, dispute_type="neighbour",
                                       parties="Hộ ông Trần Văn Sáu và hộ bà Lý Thị Bảy",
                                       summary="Nước thải sinh hoạt chảy sang nhà bên cạnh.", received_on=d(40))
        services.mediation_session_add(case=done, actor=official, held_on=d(35), place="Nhà văn hóa khu vực",
                                       note="Hai bên thống nhất làm lại đường ống trong 2 tuần.")
        services.mediation_close(case=done, actor=official, outcome="successful", note="Hòa giải thành.", on=d(35))
        services.mediation_open(team=team, actor=official, dispute_type="land",
                                parties="Hộ ông Đỗ Văn Tư và hộ ông Võ Văn Năm",
                                summary="Tranh chấp ranh giới đất vườn 0,5 m.", received_on=d(3))
        mediation_cases = 2
    return {"reception_sessions_created": sessions, "cases_created": Case.objects.filter(unit=commune).count(),
            "mediation_cases_created": mediation_cases, "tracking_code_to_try": complaint.tracking_code}
