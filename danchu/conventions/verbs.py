"""Every audit verb the conventions app writes (core.verbs): "conventions.<entity>.<past tense>"."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerb(models.TextChoices):
    PROPOSED = "conventions.convention.proposed", _("Đề xuất, soạn thảo hương ước, quy ước")
    AMENDMENT_STARTED = "conventions.convention.amendment_started", _("Bắt đầu sửa đổi, bổ sung hương ước, quy ước")
    TEAM_SET = "conventions.convention.team_set", _("Cập nhật Tổ soạn thảo")
    REVISED = "conventions.convention.revised", _("Lưu phiên bản mới của dự thảo")
    WITHDRAWN = "conventions.convention.withdrawn", _("Dừng soạn thảo")
    POSTED = "conventions.convention.posted", _("Niêm yết dự thảo lấy ý kiến")
    COMMENTED = "conventions.convention.commented", _("Góp ý trực tuyến vào dự thảo")
    COMMENT_RECORDED = "conventions.convention.comment_recorded", _("Ghi nhận góp ý vào dự thảo")
    COMMENT_ANSWERED = "conventions.convention.comment_answered", _("Tiếp thu, giải trình góp ý")
    VOTED = "conventions.convention.voted", _("Ghi nhận kết quả biểu quyết thông qua")
    SUBMITTED = "conventions.convention.submitted", _("Gửi hồ sơ đề nghị công nhận")
    RECOGNISED = "conventions.convention.recognised", _("Công nhận hương ước, quy ước")
    REFUSED = "conventions.convention.refused", _("Không công nhận hương ước, quy ước")
    DISTRIBUTED = "conventions.convention.distributed", _("Gửi văn bản đã công nhận")
    MEASURE_RECORDED = "conventions.convention.measure_recorded", _("Ghi nhận quyết định tạm ngưng hoặc bãi bỏ")
    SUSPENDED = "conventions.convention.suspended", _("Tạm ngưng thi hành hương ước, quy ước")
    ANNULLED = "conventions.convention.annulled", _("Bãi bỏ hương ước, quy ước")
    SUSPENSION_LIFTED = "conventions.convention.suspension_lifted", _("Bãi bỏ việc tạm ngưng thi hành")
    REVIEWED = "conventions.convention.reviewed", _("Đánh giá thực hiện hương ước, quy ước hằng năm")
