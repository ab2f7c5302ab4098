"""Every audit verb steering writes (core/verbs.py): what happened to a committee, a plan, a report, an inspection,
a model, a commendation or an access-to-law assessment, and the downloads of the roll-up and the dashboard."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerb(models.TextChoices):
    COMMITTEE_CREATED = "steering.committee.created", _("Thành lập, kiện toàn Ban Chỉ đạo")
    COMMITTEE_MEETING_ADDED = "steering.committee.meeting_added", _("Ghi cuộc họp Ban Chỉ đạo")

    PLAN_CREATED = "steering.plan.created", _("Tạo kế hoạch")
    PLAN_ISSUED = "steering.plan.issued", _("Ban hành kế hoạch")
    PLAN_CLOSED = "steering.plan.closed", _("Tổng kết kế hoạch")
    TASK_CREATED = "steering.task.created", _("Giao nhiệm vụ")
    TASK_PROGRESSED = "steering.task.progressed", _("Cập nhật tiến độ nhiệm vụ")
    TASK_CANCELLED = "steering.task.cancelled", _("Hủy nhiệm vụ")
    TASK_REMINDED_DUE_SOON = "steering.task.reminded_due_soon", _("Nhắc nhiệm vụ sắp đến hạn")
    TASK_REMINDED_OVERDUE = "steering.task.reminded_overdue", _("Nhắc nhiệm vụ quá hạn")

    TEMPLATE_CREATED = "steering.template.created", _("Tạo mẫu báo cáo")
    TEMPLATE_INDICATOR_ADDED = "steering.template.indicator_added", _("Thêm chỉ tiêu vào mẫu báo cáo")
    TEMPLATE_ISSUED = "steering.template.issued", _("Ban hành mẫu báo cáo")
    SUBMISSION_OPENED = "steering.submission.opened", _("Lập báo cáo của đơn vị")
    SUBMISSION_SAVED = "steering.submission.saved", _("Lưu số liệu báo cáo")
    SUBMISSION_FILLED = "steering.submission.filled", _("Lấy số liệu báo cáo từ dữ liệu hệ thống")
    SUBMISSION_SUBMITTED = "steering.submission.submitted", _("Gửi báo cáo")
    SUBMISSION_RETURNED = "steering.submission.returned", _("Trả lại báo cáo")
    SUBMISSION_ACCEPTED = "steering.submission.accepted", _("Tiếp nhận báo cáo")
    SUBMISSIONS_RELINKED = "steering.submissions.relinked", _("Tính lại đơn vị tổng hợp của các báo cáo")
    ROLLUP_EXPORTED = "steering.rollup.exported", _("Tải báo cáo tổng hợp")
    DASHBOARD_EXPORTED = "steering.dashboard.exported", _("Tải bảng theo dõi")

    INSPECTION_CREATED = "steering.inspection.created", _("Lập kế hoạch kiểm tra, giám sát")
    INSPECTION_STARTED = "steering.inspection.started", _("Bắt đầu kiểm tra, giám sát")
    INSPECTION_CONCLUDED = "steering.inspection.concluded", _("Kết luận kiểm tra, giám sát")
    INSPECTION_CLOSED = "steering.inspection.closed", _("Hoàn tất theo dõi kiểm tra, giám sát")
    RECOMMENDATION_FOLLOWED_UP = "steering.recommendation.followed_up", _("Cập nhật thực hiện kiến nghị")

    MODEL_CREATED = "steering.model.created", _("Đăng ký mô hình, điển hình")
    MODEL_EVALUATED = "steering.model.evaluated", _("Đánh giá mô hình, điển hình")
    MODEL_REPLICATED = "steering.model.replicated", _("Nhân rộng mô hình")
    COMMENDATION_CREATED = "steering.commendation.created", _("Ghi khen thưởng")

    ASSESSMENT_OPENED = "steering.assessment.opened", _("Mở đánh giá chuẩn tiếp cận pháp luật")
    ASSESSMENT_SELF_SCORED = "steering.assessment.self_scored", _("Xã tự chấm điểm chuẩn tiếp cận pháp luật")
    ASSESSMENT_POSTED = "steering.assessment.posted", _("Niêm yết điểm tự chấm")
    ASSESSMENT_SENT = "steering.assessment.sent", _("Gửi hồ sơ đề nghị công nhận")
    ASSESSMENT_HEAD_CORRECTED = "steering.assessment.head_corrected", _("Hội đồng xác định lại điều kiện người "
                                                                        "đứng đầu")
    ASSESSMENT_APPRAISED = "steering.assessment.appraised", _("Hội đồng thẩm định điểm")
    ASSESSMENT_DECIDED = "steering.assessment.decided", _("Quyết định công nhận chuẩn tiếp cận pháp luật")
