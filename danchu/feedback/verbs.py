"""The audit verbs of citizen feedback (core.verbs): every verb this app writes, with its Vietnamese label."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerb(models.TextChoices):
    FEEDBACK_SUBMITTED = "feedback.feedback.submitted", _("Tiếp nhận phản ánh, kiến nghị")
    FEEDBACK_ACCEPTED = "feedback.feedback.accepted", _("Thụ lý phản ánh")
    FEEDBACK_STARTED = "feedback.feedback.started", _("Bắt đầu xử lý phản ánh")
    FEEDBACK_ASSIGNED = "feedback.feedback.assigned", _("Giao xử lý phản ánh")
    FEEDBACK_TRANSFERRED = "feedback.feedback.transferred", _("Chuyển phản ánh đến xã, phường khác")
    FEEDBACK_TRANSFERRED_OUT = "feedback.feedback.transferred_out", _("Chuyển phản ánh đến cơ quan khác")
    FEEDBACK_ANSWERED = "feedback.feedback.answered", _("Trả lời phản ánh")
    FEEDBACK_CLOSED = "feedback.feedback.closed", _("Kết thúc phản ánh")
    FEEDBACK_CLOSED_AUTOMATICALLY = "feedback.feedback.closed_automatically", _(
        "Tự động kết thúc phản ánh đã trả lời (hết thời hạn đề nghị xem xét lại)")
    FEEDBACK_DECLINED = "feedback.feedback.declined", _("Không thụ lý phản ánh")
    FEEDBACK_MERGED = "feedback.feedback.merged", _("Gộp phản ánh trùng")
    FEEDBACK_CONVERTED = "feedback.feedback.converted", _("Chuyển phản ánh sang thủ tục khiếu nại, tố cáo")
    FEEDBACK_NOTED = "feedback.feedback.noted", _("Ghi chú nội bộ về phản ánh")
    FEEDBACK_RECATEGORISED = "feedback.feedback.recategorised", _("Đổi lĩnh vực phản ánh")
    FEEDBACK_VIEWED = "feedback.feedback.viewed", _("Xem thông tin người phản ánh")
    FEEDBACK_RATED = "feedback.feedback.rated", _("Người phản ánh đánh giá mức hài lòng")
    FEEDBACK_EXPORTED = "feedback.feedback.exported", _("Xuất danh sách phản ánh")
    FEEDBACK_REMINDED_DUE_SOON = "feedback.feedback.reminded_due_soon", _("Nhắc phản ánh sắp đến hạn trả lời")
    FEEDBACK_REMINDED_OVERDUE = "feedback.feedback.reminded_overdue", _("Nhắc phản ánh quá hạn trả lời")
    FEEDBACK_ESCALATED = "feedback.feedback.escalated", _("Báo cáo cấp trên phản ánh quá hạn")
    ROUTE_SET = "feedback.route.set", _("Đặt phân công xử lý phản ánh")
    ROUTE_DELETED = "feedback.route.deleted", _("Xóa phân công xử lý phản ánh")
    CATEGORY_SAVED = "feedback.category.saved", _("Lưu lĩnh vực phản ánh")
    API_CLIENT_CREATED = "feedback.api_client.created", _("Tạo ứng dụng kết nối Open311")
