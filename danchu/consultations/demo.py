"""Demo consultations of Phường Cái Khế (called by `danchu demo`; idempotent), built through the services so they
are audited and disclosed like real ones:

- one OPEN consultation (the draft democracy regulation, Art.25.7) with opinions from several channels — online
  from the demo resident, a community meeting, the hotline, the comment box and a letter;
- one CLOSED consultation (a car park on public land, Art.25.3) with its synthesis published (each opinion
  accepted or explained) and the city's decision, which goes against the majority, with its explanation
  (Art.28.4).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from danchu.core import clock
from danchu.units.domain import Level

from . import domain, services
from .models import Consultation

OPEN_TITLE = "Dự thảo Quy chế thực hiện dân chủ ở Phường Cái Khế năm 2027"
CLOSED_TITLE = "Chủ trương xây dựng bãi đỗ xe trên khu đất công đường Trần Văn Khéo"


@transaction.atomic
def build_demo() -> dict:
    from danchu.accounts.models import User
    from danchu.units.models import AdministrativeUnit

    commune = AdministrativeUnit.objects.filter(version__code="2025", code="31120", level=Level.COMMUNE).first()
    official = User.objects.filter(username="canbo.caikhe").first()
    resident = User.objects.filter(username="nguoidan").first()
    if commune is None or official is None or resident is None:
        return {"consultations_created": 0}
    villages = list(commune.children.filter(level=Level.VILLAGE, valid_to__isnull=True).order_by("code"))
    if len(villages) < 3:
        return {"consultations_created": 0}
    created = 0
    if not Consultation.objects.filter(commune=commune, title=OPEN_TITLE).exists():
        _open(commune, official, resident, villages)
        created += 1
    if not Consultation.objects.filter(commune=commune, title=CLOSED_TITLE).exists():
        _closed(commune, official, resident, villages)
        created += 1
    open_c = Consultation.objects.get(commune=commune, title=OPEN_TITLE)
    return {"consultations_created": created, "open_consultation_page": f"/lay-y-kien/{open_c.pk}/",
            "opinions": open_c.opinions.count()}


def _open(commune, official, resident, villages) -> Consultation:
    today = clock.today()
    published = today - timedelta(days=8)
    closes = domain.earliest_close(published) + timedelta(days=7)
    c = services.consultation_create(
        commune=commune, actor=official, content_kind=7, title=OPEN_TITLE, plan_number="128/KH-UBND",
        description=(
            "Ủy ban nhân dân phường xin ý kiến Nhân dân về dự thảo Quy chế thực hiện dân chủ ở phường năm 2027 "
            "(5 chương, 32 điều), thay thế Quy chế ban hành năm 2023.\n\n"
            "Những điểm mới cần ý kiến:\n"
            "1. Công khai thông tin trên trang điện tử của phường và nhóm Zalo của từng khu vực (Điều 8).\n"
            "2. Lịch tiếp công dân của Chủ tịch UBND phường vào sáng thứ Năm hằng tuần (Điều 14).\n"
            "3. Hộ gia đình được góp ý trực tuyến trong mọi cuộc lấy ý kiến (Điều 21).\n"
            "4. Ban Thanh tra nhân dân được cung cấp hồ sơ công trình trong 05 ngày làm việc (Điều 27)."),
        forms=["portal", "community_meeting", "box_hotline", "front"],
        method="Đăng toàn văn dự thảo trên trang của phường; họp dân tại 3 khu vực; đặt hòm thư góp ý tại trụ sở "
               "UBND phường; đường dây nóng 0292 3820 xxx.",
        responsible="Văn phòng HĐND và UBND phường chủ trì; Ủy ban MTTQ phường phối hợp",
        opens_on=published, closes_on=closes)
    services.consultation_send_plan(consultation=c, actor=official, to_council=True, to_front=True,
                                    sent_on=published - timedelta(days=3), note="Công văn số 412/UBND-VP")
    services.consultation_publish(consultation=c, actor=official, on=published)
    services.opinion_record(consultation=c, actor=official, channel="meeting", village=villages[1], stance="agree",
                            people_count=46, received_on=published + timedelta(days=3),
                            source_note="Hội nghị cộng đồng dân cư Khu vực 2",
                            text="Hội nghị thống nhất với dự thảo; đề nghị Điều 8 ghi rõ nhóm Zalo do Ban điều hành "
                                 "khu vực quản lý, không dùng nhóm cá nhân.")
    services.opinion_record(consultation=c, actor=official, channel="hotline", village=villages[2],
                            stance="other", received_on=published + timedelta(days=4),
                            author_name="Ông Tư (không cho biết họ)",
                            text="Đề nghị lịch tiếp công dân thêm buổi chiều thứ Bảy cho người đi làm.")
    services.opinion_record(consultation=c, actor=official, channel="comment_box", stance="disagree",
                            received_on=published + timedelta(days=5),
                            text="Không đồng ý bắt buộc góp ý trực tuyến, nhiều người lớn tuổi không dùng điện thoại.")
    services.opinion_record(consultation=c, actor=official, channel="letter", village=villages[0], stance="other",
                            received_on=published + timedelta(days=6), author_name="Hội Cựu chiến binh Khu vực 1",
                            source_note="Văn bản số 05/CCB ngày gửi",
                            text="Đề nghị Điều 27 quy định thời hạn 03 ngày làm việc thay vì 05 ngày.")
    services.opinion_submit(consultation=c, user=resident, village=villages[0], stance="agree",
                            text="Tôi tán thành. Mong phường gửi tin nhắn khi có nội dung mới cần góp ý.")
    return c


def _closed(commune, official, resident, villages) -> Consultation:
    today = clock.today()
    published = today - timedelta(days=60)
    closes = domain.earliest_close(published) + timedelta(days=5)
    c = services.consultation_create(
        commune=commune, actor=official, content_kind=3, title=CLOSED_TITLE, plan_number="97/KH-UBND",
        description=("Thành phố dự kiến sử dụng khu đất công 2.400 m² đường Trần Văn Khéo (hiện là sân chơi tạm và "
                     "bãi giữ xe tự phát) để xây bãi đỗ xe hai tầng, phục vụ khu chợ và bệnh viện. UBND phường "
                     "lấy ý kiến Nhân dân để báo cáo UBND thành phố (khoản 3 Điều 25, khoản 4 Điều 28)."),
        forms=["portal", "dialogue", "box_hotline"], decision_authority="UBND thành phố Cần Thơ",
        method="Hội nghị đối thoại tại nhà văn hóa Khu vực 1; góp ý trên trang của phường.",
        responsible="Phòng Kinh tế, Hạ tầng và Đô thị phường", opens_on=published, closes_on=closes)
    services.consultation_send_plan(consultation=c, actor=official, to_council=True, to_front=True,
                                    sent_on=published - timedelta(days=2))
    services.consultation_publish(consultation=c, actor=official, on=published)
    # the period is over: opinions received during it are entered with their dates; the online one is recorded
    # as the letter the resident also sent (the demo cannot post online in the past)
    ops = [
        services.opinion_record(consultation=c, actor=official, channel="meeting", village=villages[0],
                                stance="disagree", people_count=58, received_on=published + timedelta(days=6),
                                source_note="Hội nghị đối thoại tại nhà văn hóa Khu vực 1",
                                text="Đa số không đồng ý xây bãi đỗ xe vì khu vực mất sân chơi duy nhất của trẻ em."),
        services.opinion_record(consultation=c, actor=official, channel="letter", village=villages[0],
                                stance="disagree", received_on=published + timedelta(days=9),
                                text="Lo ngại xe ra vào gây ùn tắc hẻm 51 giờ tan học."),
        services.opinion_record(consultation=c, actor=official, channel="comment_box", village=villages[1],
                                stance="agree", people_count=3, received_on=published + timedelta(days=12),
                                text="Tán thành vì xe đậu tràn lòng đường trước chợ, rất nguy hiểm."),
        services.opinion_record(consultation=c, actor=official, channel="hotline", village=villages[2],
                                stance="other", received_on=published + timedelta(days=15),
                                text="Đề nghị giữ lại một phần sân chơi và trồng thêm cây xanh."),
    ]
    services.consultation_close(consultation=c, actor=official)
    services.entry_save(consultation=c, actor=official, opinions=ops[:2], outcome="explained",
                        summary="Ý kiến không đồng ý vì mất sân chơi và lo ùn tắc",
                        response="Sân chơi được bố trí lại trên 800 m² phía đường Trần Văn Khéo; lối xe ra vào đặt "
                                 "phía đường lớn, không qua hẻm 51.")
    services.entry_save(consultation=c, actor=official, opinions=[ops[2]], outcome="accepted",
                        response="Báo cáo thành phố ưu tiên chỗ đỗ cho người đi chợ, thu phí theo giờ.")
    services.entry_save(consultation=c, actor=official, opinions=[ops[3]], outcome="accepted",
                        response="Dự án điều chỉnh giữ 800 m² sân chơi và trồng 40 cây xanh quanh bãi đỗ.")
    services.synthesis_publish(
        consultation=c, actor=official,
        summary="Nhận 4 ý kiến của 63 người: 59 không tán thành, 3 tán thành, 1 ý kiến khác. Đã tiếp thu việc giữ "
                "lại sân chơi, trồng cây xanh và ưu tiên chỗ đỗ cho người đi chợ; giải trình về lối xe ra vào.")
    services.decision_record(
        consultation=c, actor=official, outcome="adopted_with_changes", decision_authority="UBND thành phố Cần Thơ",
        decision_number="2185/QĐ-UBND", summary="Phê duyệt chủ trương đầu tư bãi đỗ xe với quy mô giảm còn 1.600 m².",
        explanation="Bãi giữ xe tự phát và xe đậu dưới lòng đường trước chợ, bệnh viện gây ùn tắc nghiêm trọng, "
                    "đã xảy ra 3 vụ va chạm trong năm. Thành phố tiếp thu ý kiến Nhân dân: giảm quy mô bãi đỗ, giữ "
                    "800 m² sân chơi cho trẻ em và đặt lối xe ra vào phía đường lớn.")
    return c
