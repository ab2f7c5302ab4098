"""A year of realistic disclosure for the demo communes (called by `danchu demo`; idempotent).

Items are created and published through the services (so they are audited and versioned like real ones),
with postings at the commune HQ, the village cultural houses, the portal and the loudspeaker. A few are
deliberately late or posted too briefly, so that the compliance view has something to show.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from danchu.core import clock
from danchu.core.legal_rules import rule_period_end
from danchu.units.domain import Level

from . import services
from .domain import LOUDSPEAKER_RULE, POSTING_RULE, Channel
from .models import DisclosureItem

DEMO_MARK = "(dữ liệu mẫu)"

# (category, title, body) — typical commune disclosures (Law 10/2022 Art.11)
TEMPLATES: list[tuple[int, str, str]] = [
    (2, "Dự toán thu, chi ngân sách năm 2026",
     "Dự toán thu ngân sách trên địa bàn và dự toán chi ngân sách cấp xã năm 2026 đã được HĐND quyết định."),
    (2, "Tình hình thực hiện dự toán ngân sách quý {q}",
     "Số liệu thu, chi ngân sách quý {q} so với dự toán năm và cùng kỳ năm trước."),
    (1, "Kế hoạch phát triển kinh tế - xã hội năm 2026",
     "Các chỉ tiêu chủ yếu, nhiệm vụ và giải pháp phát triển kinh tế - xã hội năm 2026."),
    (3, "Kế hoạch thu hồi đất, bồi thường, hỗ trợ để mở rộng đường {street}",
     "Danh sách hộ bị ảnh hưởng, đơn giá bồi thường, phương án hỗ trợ và tái định cư."),
    (3, "Tiến độ công trình nâng cấp hẻm {n} bằng bê tông",
     "Khối lượng đã thực hiện, kinh phí giải ngân, thời gian dự kiến hoàn thành."),
    (5, "Các khoản huy động Nhân dân đóng góp xây dựng đường giao thông nông thôn",
     "Mức đóng góp tự nguyện, đối tượng được miễn giảm, kết quả thu và sử dụng."),
    (5, "Quản lý, sử dụng Quỹ Vì người nghèo năm 2026", "Số thu, số chi và danh sách hộ được hỗ trợ."),
    (6, "Thanh lý tài sản công: máy phát điện cũ của trụ sở", "Quyết định thanh lý, giá khởi điểm, kết quả."),
    (7, "Danh sách hộ nghèo, hộ cận nghèo năm 2026 sau bình xét",
     "Kết quả bình xét tại các khu vực, danh sách đề nghị công nhận hộ nghèo, hộ cận nghèo."),
    (7, "Danh sách đối tượng được cấp thẻ bảo hiểm y tế năm 2026", "Đối tượng bảo trợ xã hội, người cao tuổi."),
    (8, "Hỗ trợ các hộ bị thiệt hại do triều cường tháng {m}", "Mức hỗ trợ, danh sách hộ, thời gian chi trả."),
    (9, "Danh sách công dân đủ điều kiện gọi nhập ngũ năm 2026", "Số lượng, tiêu chuẩn, danh sách tạm hoãn."),
    (10, "Kết quả kiểm tra việc quản lý, sử dụng đất công", "Kết luận kiểm tra và việc xử lý sai phạm."),
    (11, "Kết quả lấy ý kiến Nhân dân về dự thảo quy hoạch chợ", "Tổng hợp ý kiến, giải trình, tiếp thu."),
    (12, "Mức thu phí chợ, phí vệ sinh năm 2026", "Đối tượng, mức thu, thời gian áp dụng."),
    (4, "Quy chế thực hiện dân chủ ở {commune}", "Quy chế, nhiệm vụ của cán bộ, công chức, quy tắc ứng xử."),
    (13, "Thủ tục hành chính do UBND {commune} thực hiện", "Danh mục thủ tục, hồ sơ, thời hạn, phí, lệ phí."),
]
STREETS = ["Trần Văn Khéo", "Mậu Thân", "Nguyễn Văn Cừ", "30 Tháng 4", "Lý Tự Trọng"]


def _already_built(commune) -> bool:
    return DisclosureItem.objects.filter(commune=commune, decision_issuer__endswith=DEMO_MARK).exists()


def _build_for(commune, rng: random.Random, today: date, actor: str) -> int:
    villages = list(commune.children.filter(level=Level.VILLAGE, valid_to__isnull=True))
    created = 0
    day = today - timedelta(days=360)
    index = 0
    while day < today - timedelta(days=3):
        category, title, body = TEMPLATES[index % len(TEMPLATES)]
        index += 1
        quarter = (day.month - 1) // 3 + 1
        text = {"q": quarter, "m": day.month, "street": rng.choice(STREETS), "n": rng.randint(10, 200),
                "commune": commune.name}
        decision_date = day
        late = index % 9 == 0  # now and then published after the Art.12.3 deadline
        published = decision_date + timedelta(days=rng.randint(1, 3) if not late else rng.randint(9, 14))
        if published > today:
            break
        item = services.item_create(
            commune=commune, category=category, title=title.format(**text), body=body.format(**text),
            decision_number=f"{rng.randint(10, 450)}/QĐ-UBND", decision_date=decision_date,
            decision_issuer=f"UBND {commune.name} {DEMO_MARK}", actor=actor,
        )
        services.item_publish(item=item, actor=actor, on=published)
        permanent = category in (4, 13)
        # posted for the Art.13.2 period (the posting day not counted) — now and then 10 days too briefly
        complete = rule_period_end(POSTING_RULE, published)
        end = None if permanent else complete if index % 11 else complete - timedelta(days=10)
        services.posting_add(item=item, channel=Channel.PORTAL, start=published, end=end, actor=actor,
                             posted_by="Công chức Văn phòng – Thống kê")
        services.posting_add(item=item, channel=Channel.COMMUNE_HQ, start=published, end=end, actor=actor,
                             place="Bảng tin trụ sở UBND", posted_by="Công chức Văn phòng – Thống kê")
        for village in villages if index % 13 else villages[:-1]:  # one village forgotten now and then
            services.posting_add(item=item, channel=Channel.VILLAGE_HOUSE, village=village, start=published,
                                 end=end, place=f"Nhà văn hóa {village.name}", posted_by=f"Trưởng {village.name}",
                                 actor=actor)
        if 7 <= category <= 12:
            services.posting_add(item=item, channel=Channel.LOUDSPEAKER, start=published,
                                 end=rule_period_end(LOUDSPEAKER_RULE, published), place="Đài truyền thanh phường",
                                 actor=actor)
        if index % 6 == 0 and not permanent:
            services.item_update(item=item, actor=actor, change_note="Bổ sung danh sách kèm theo",
                                 body=item.body + " Đã bổ sung danh sách chi tiết.")
        created += 1
        day += timedelta(days=rng.randint(9, 16))
    return created


@transaction.atomic
def build_demo(*, today: date | None = None) -> dict:

    from danchu.units.demo import COMMUNES, PROVINCE_CODE, RURAL_COMMUNE_NAME
    from danchu.units.models import AdministrativeUnit

    today = today or clock.today()
    rng = random.Random(2026)
    codes = [code for code, _name, _villages in COMMUNES]
    communes = list(AdministrativeUnit.objects.filter(version__code="2025", code__in=codes, level=Level.COMMUNE))
    communes += list(AdministrativeUnit.objects.filter(parent__code=PROVINCE_CODE, parent__version__code="2025",
                                                       name=RURAL_COMMUNE_NAME))
    created = 0
    for commune in sorted(communes, key=lambda c: c.code):
        if not _already_built(commune):
            created += _build_for(commune, rng, today, actor="danchu demo")
    return {"disclosure_items_created": created}
