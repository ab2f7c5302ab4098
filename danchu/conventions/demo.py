"""Demo conventions in Phường Cái Khế (called by `danchu demo`; idempotent): one quy ước recognised, with two
versions (the draft and the text amended after the comments), its adoption meeting, distribution and yearly review;
one draft under comment with comments received online and at a meeting."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction

from danchu.core import clock

from . import services
from .domain import CommentChannel, Kind, VoteMethod, review_day
from .models import Convention

RECOGNISED_TITLE = "Quy ước Khu vực 1 về nếp sống văn minh, giữ gìn vệ sinh môi trường"
DRAFT_TITLE = "Quy ước Khu vực 2 về an ninh trật tự và phòng chống cháy nổ"
TEAM_1 = ("Huỳnh Văn Lộc — Trưởng khu vực, Tổ trưởng\nBan công tác Mặt trận Khu vực 1 — đại diện\n"
          "Chi hội Phụ nữ Khu vực 1 — đại diện\nChi hội Người cao tuổi Khu vực 1 — đại diện")
TEXT_1 = """Chương I. NHỮNG QUY ĐỊNH CHUNG
Điều 1. Quy ước này quy định việc thực hiện nếp sống văn minh, giữ gìn vệ sinh môi trường, an ninh trật tự trong Khu vực 1, Phường Cái Khế.
Điều 2. Mọi người dân sinh sống trong Khu vực 1 có trách nhiệm thực hiện Quy ước này.
Chương II. NẾP SỐNG VĂN MINH
Điều 3. Tổ chức việc cưới trang trọng, tiết kiệm; không mở loa, nhạc sau 22 giờ.
Điều 4. Tổ chức việc tang văn minh; không rải vàng mã trên đường.
Chương III. VỆ SINH MÔI TRƯỜNG
Điều 5. Mỗi hộ đóng góp quỹ vệ sinh môi trường 20.000 đồng/tháng.
Điều 6. Không vứt rác, xả nước thải ra đường, hẻm và kênh rạch; để rác đúng nơi, đúng giờ quy định.
Chương IV. KHEN THƯỞNG VÀ XỬ LÝ VI PHẠM
Điều 7. Hộ gia đình thực hiện tốt được biểu dương tại hội nghị cuối năm của khu vực.
Điều 8. Người vi phạm bị nhắc nhở, phê bình tại cuộc họp khu vực; biện pháp này không thay thế xử lý theo pháp luật."""
TEXT_2 = TEXT_1.replace("20.000 đồng/tháng", "15.000 đồng/tháng; hộ nghèo, hộ cận nghèo được miễn").replace(
    "Điều 6. Không vứt rác, xả nước thải ra đường, hẻm và kênh rạch; để rác đúng nơi, đúng giờ quy định.",
    "Điều 6. Không vứt rác, xả nước thải ra đường, hẻm và kênh rạch; để rác đúng nơi, đúng giờ quy định.\n"
    "Điều 6a. Mỗi tháng một lần, các hộ cùng tổng vệ sinh đường, hẻm vào sáng Chủ nhật cuối tháng.")
TEXT_DRAFT = """Điều 1. Quy ước này quy định việc giữ gìn an ninh trật tự và phòng chống cháy nổ trong Khu vực 2, Phường Cái Khế.
Điều 2. Mỗi hộ trang bị ít nhất 01 bình chữa cháy xách tay; không để xe, vật dụng cản trở lối thoát nạn trong hẻm.
Điều 3. Khi có người lạ đến tạm trú, chủ nhà thông báo cho Tổ tự quản và Công an phường theo quy định.
Điều 4. Các hộ kinh doanh karaoke, quán nhậu giữ trật tự, không gây ồn sau 22 giờ."""


@transaction.atomic
def build_demo() -> dict:
    from danchu.accounts.models import User
    from danchu.units.models import AdministrativeUnit

    commune = AdministrativeUnit.objects.filter(version__code="2025", code="31120").first()
    head = User.objects.filter(username="truongkv1.caikhe").first()
    official = User.objects.filter(username="canbo.caikhe").first()
    chairman = User.objects.filter(username="chutich.caikhe").first()
    resident = User.objects.filter(username="nguoidan").first()
    if commune is None or not (head and official and chairman):
        return {"conventions_created": 0}
    kv1 = commune.children.filter(code="31120-01").first()
    kv2 = commune.children.filter(code="31120-02").first()
    today = clock.today()
    created = 0
    if kv1 is not None and not Convention.objects.filter(village=kv1, title=RECOGNISED_TITLE).exists():
        posted = today - timedelta(days=180)
        c = services.convention_propose(village=kv1, kind=Kind.QUY_UOC, title=RECOGNISED_TITLE, text=TEXT_1,
                                        actor=head, proposed_on=posted - timedelta(days=25), drafting_team=TEAM_1,
                                        note="Thay thế quy ước năm 2019 cho phù hợp Nghị định 61/2023/NĐ-CP.")
        services.convention_post(convention=c, posted_on=posted, comment_until=posted + timedelta(days=32),
                                 place="Nhà văn hóa Khu vực 1, bảng tin hẻm 30", actor=head)
        services.comment_record(convention=c, actor=head, channel=CommentChannel.MEETING,
                                author_name="Chi hội Người cao tuổi Khu vực 1", received_on=posted + timedelta(days=6),
                                body="Đề nghị giảm mức đóng góp quỹ vệ sinh và miễn cho hộ nghèo.")
        services.comment_record(convention=c, actor=head, channel=CommentChannel.BOX, author_name="Một hộ dân hẻm 30",
                                received_on=posted + timedelta(days=12),
                                body="Nên có ngày tổng vệ sinh chung hằng tháng.")
        services.convention_revise(convention=c, text=TEXT_2, reason="Tiếp thu ý kiến góp ý (Điều 5, bổ sung Điều 6a)",
                                   actor=head, on=posted + timedelta(days=15))
        voted = posted + timedelta(days=40)
        services.vote_record(convention=c, method=VoteMethod.MEETING, held_on=voted, present=15, approve=13, against=1,
                             actor=head, note="Thư ký: Lê Thị Lan. Hai đại diện hộ ký biên bản.")
        services.convention_submit(convention=c, submitted_on=voted + timedelta(days=3), actor=head)
        services.convention_recognise(convention=c, decision_number="86/QĐ-UBND", decided_on=voted + timedelta(days=6),
                                      signer=chairman.full_name, actor=chairman)
        services.convention_distribute(convention=c, distributed_on=voted + timedelta(days=7), actor=official)
        day = review_day(today.year)
        if day <= today and day > c.in_force_since:
            services.review_record(convention=c, held_on=day, actor=head,
                                   summary="Các hộ thực hiện tốt việc cưới, việc tang; 2 hộ bị nhắc nhở vì để rác "
                                           "không đúng giờ.",
                                   proposals="Xem xét bổ sung quy định về nuôi chó, mèo.")
        created += 1
    if kv2 is not None and not Convention.objects.filter(village=kv2, title=DRAFT_TITLE).exists():
        posted = today - timedelta(days=10)
        c = services.convention_propose(village=kv2, kind=Kind.QUY_UOC, title=DRAFT_TITLE, text=TEXT_DRAFT,
                                        actor=official, proposed_on=posted - timedelta(days=20),
                                        drafting_team="Trưởng Khu vực 2 — Tổ trưởng\nCông an khu vực — thành viên\n"
                                                      "Chi đoàn Thanh niên Khu vực 2 — thành viên")
        services.convention_post(convention=c, posted_on=posted, comment_until=posted + timedelta(days=35),
                                 place="Nhà văn hóa Khu vực 2", actor=official)
        services.comment_record(convention=c, actor=official, channel=CommentChannel.MEETING,
                                author_name="Tổ tự quản số 3", received_on=today - timedelta(days=3),
                                body="Điều 2 nên cho hộ khó khăn thời gian 6 tháng để mua bình chữa cháy.")
        if resident is not None:
            services.comment_submit(convention=c, user=resident,
                                    body="Đề nghị bổ sung quy định không đốt rác, đốt vàng mã gần nhà dân.")
        created += 1
    return {"conventions_created": created}
