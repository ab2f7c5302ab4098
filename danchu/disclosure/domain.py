"""Pure rules of public disclosure at commune level (Law 10/2022/QH15 Art.11–14). No ORM here.

The 14 contents of Art.11 are reference data with their rules; channels are Art.12.1 (a)–(k) and Art.13.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

# Art.13.2: posting "ít nhất là 30 ngày liên tục kể từ ngày niêm yết" (calendar days, continuous).
POSTING_MIN_DAYS = 30
# Art.13.3: items 7–12 on the commune loudspeaker "trong thời hạn ít nhất là 03 ngày liên tục".
LOUDSPEAKER_MIN_DAYS = 3
# Art.12.3: "chậm nhất là 05 ngày làm việc kể từ ngày có quyết định, văn bản của cơ quan có thẩm quyền".
PUBLICATION_DEADLINE_WD = 5


@dataclass(frozen=True)
class Category:
    """One content of Law 10/2022 Art.11 (khoản `number`) and its publicity rules."""

    number: int
    title: str
    short: str
    posting_min_days: int | None  # None: posted permanently (Art.11.4, 11.13), or per law (11.14)
    permanent: bool  # kept posted and re-published on every change
    loudspeaker_min_days: int | None  # Art.13.3 for items 7–12


CATEGORIES: tuple[Category, ...] = (
    Category(1, _("Kế hoạch phát triển kinh tế - xã hội, phương án chuyển dịch cơ cấu kinh tế hằng năm và kết quả thực hiện"),
             _("Kế hoạch kinh tế - xã hội"), POSTING_MIN_DAYS, False, None),
    Category(2, _("Dự toán, tình hình thực hiện, quyết toán ngân sách; kiến nghị của Kiểm toán nhà nước"),
             _("Ngân sách"), POSTING_MIN_DAYS, False, None),
    Category(3, _("Dự án, công trình đầu tư; thu hồi đất, bồi thường, hỗ trợ, tái định cư; quy hoạch"),
             _("Dự án, đất đai"), POSTING_MIN_DAYS, False, None),
    Category(4, _("Quy chế thực hiện dân chủ; nhiệm vụ, quyền hạn của cán bộ, công chức; quy tắc ứng xử"),
             _("Quy chế dân chủ, nhiệm vụ cán bộ"), None, True, None),
    Category(5, _("Quản lý, sử dụng các loại quỹ, khoản đầu tư, tài trợ; các khoản huy động Nhân dân đóng góp"),
             _("Quỹ, khoản đóng góp"), POSTING_MIN_DAYS, False, None),
    Category(6, _("Đầu tư, mua sắm, giao, thuê, sử dụng, thu hồi, thanh lý tài sản công cấp xã"),
             _("Tài sản công"), POSTING_MIN_DAYS, False, None),
    Category(7, _("Chính sách hỗ trợ, trợ cấp, tín dụng, chương trình mục tiêu quốc gia, nhà ở, bảo hiểm y tế, an sinh xã hội"),
             _("Chính sách hỗ trợ, an sinh"), POSTING_MIN_DAYS, False, LOUDSPEAKER_MIN_DAYS),
    Category(8, _("Hỗ trợ thiên tai, dịch bệnh, bệnh hiểm nghèo; quyên góp tự nguyện"),
             _("Hỗ trợ thiên tai, quyên góp"), POSTING_MIN_DAYS, False, LOUDSPEAKER_MIN_DAYS),
    Category(9, _("Nghĩa vụ quân sự, nghĩa vụ tham gia Công an nhân dân"),
             _("Nghĩa vụ quân sự, công an"), POSTING_MIN_DAYS, False, LOUDSPEAKER_MIN_DAYS),
    Category(10, _("Kết quả thanh tra, kiểm tra, xử lý tham nhũng, tiêu cực, kỷ luật; kết quả lấy phiếu tín nhiệm"),
             _("Thanh tra, kỷ luật, tín nhiệm"), POSTING_MIN_DAYS, False, LOUDSPEAKER_MIN_DAYS),
    Category(11, _("Kế hoạch lấy ý kiến Nhân dân, nội dung, kết quả tổng hợp ý kiến và giải trình, tiếp thu"),
             _("Lấy ý kiến Nhân dân"), POSTING_MIN_DAYS, False, LOUDSPEAKER_MIN_DAYS),
    Category(12, _("Đối tượng, mức thu phí, lệ phí, nghĩa vụ tài chính do cấp xã thu"),
             _("Phí, lệ phí"), POSTING_MIN_DAYS, False, LOUDSPEAKER_MIN_DAYS),
    Category(13, _("Thủ tục hành chính do cấp xã trực tiếp thực hiện"),
             _("Thủ tục hành chính"), None, True, None),
    Category(14, _("Nội dung khác theo quy định của pháp luật, quy chế thực hiện dân chủ của xã"),
             _("Nội dung khác"), None, False, None),
)
CATEGORY_BY_NUMBER = {c.number: c for c in CATEGORIES}
CATEGORY_CHOICES = [(c.number, f"{c.number}. {c.short}") for c in CATEGORIES]


class Channel(models.TextChoices):
    """Forms of publicity (Art.12.1 a–k; Art.13)."""

    PORTAL = "portal", _("Cổng/trang thông tin điện tử của xã")  # 12.1.b; mandatory when the commune has one
    COMMUNE_HQ = "commune_hq", _("Niêm yết tại trụ sở HĐND, UBND xã")  # 12.1.a; 13.2
    VILLAGE_HOUSE = "village_house", _("Niêm yết tại nhà văn hóa thôn, tổ dân phố")  # 13.2
    LOUDSPEAKER = "loudspeaker", _("Hệ thống truyền thanh")  # 12.1.c; 13.3
    VILLAGE_HEAD = "village_head", _("Thông qua trưởng thôn, tổ trưởng tổ dân phố")  # 12.1.d; 13.4
    WRITTEN_NOTICE = "written_notice", _("Gửi văn bản, thông báo đến hộ gia đình")  # 12.1.đ
    SMS = "sms", _("Tin nhắn đến đại diện hộ gia đình")  # 13.4
    SOCIAL_NETWORK = "social_network", _("Nhóm mạng xã hội hoạt động hợp pháp")  # 12.1.i; 13.4
    MEETING = "meeting", _("Hội nghị, buổi tiếp xúc, đối thoại")  # 12.1.e, g
    OTHER = "other", _("Hình thức khác")  # 12.1.k


# Channels whose period is a physical or online posting that must last POSTING_MIN_DAYS (Art.13.2).
POSTING_CHANNELS = frozenset({Channel.PORTAL, Channel.COMMUNE_HQ, Channel.VILLAGE_HOUSE})


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo (chưa công khai)")
    PUBLISHED = "published", _("Đã công khai")
    WITHDRAWN = "withdrawn", _("Đã gỡ")
