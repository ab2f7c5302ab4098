"""Audit verbs of Nhân dân tham gia ý kiến (core.verbs: every verb written is declared here)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerb(models.TextChoices):
    CREATED = "consultations.consultation.created", _("Lập dự thảo kế hoạch lấy ý kiến")
    UPDATED = "consultations.consultation.updated", _("Sửa kế hoạch lấy ý kiến")
    DETACHED = "consultations.consultation.detached", _("Bỏ tài liệu khỏi kế hoạch lấy ý kiến")
    PLAN_SENT = "consultations.consultation.plan_sent", _("Gửi kế hoạch lấy ý kiến tới HĐND và UB MTTQ xã")
    PUBLISHED = "consultations.consultation.published", _("Công khai nội dung lấy ý kiến")
    CLOSED = "consultations.consultation.closed", _("Kết thúc lấy ý kiến")
    OPINION_SUBMITTED = "consultations.opinion.submitted", _("Người dân góp ý trực tuyến")
    OPINION_RECORDED = "consultations.opinion.recorded", _("Nhập ý kiến của Nhân dân")
    ENTRY_CREATED = "consultations.entry.created", _("Tiếp thu, giải trình ý kiến")
    ENTRY_UPDATED = "consultations.entry.updated", _("Sửa tiếp thu, giải trình ý kiến")
    ENTRY_DELETED = "consultations.entry.deleted", _("Bỏ dòng tổng hợp ý kiến")
    SYNTHESIS_PUBLISHED = "consultations.consultation.synthesis_published", _("Công khai kết quả tổng hợp ý kiến")
    DECIDED = "consultations.consultation.decided", _("Ghi nhận quyết định của cơ quan có thẩm quyền")
    REPORTED_TO_COUNCIL = "consultations.consultation.reported_to_council", _("Báo cáo HĐND xã kết quả lấy ý kiến")
