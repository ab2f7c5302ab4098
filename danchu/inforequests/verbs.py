"""The audit verbs of information requests (core.verbs): every verb this app writes, with its Vietnamese label."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerb(models.TextChoices):
    REQUEST_SUBMITTED = "inforequests.request.submitted", _("Nhận yêu cầu cung cấp thông tin gửi qua mạng")
    REQUEST_RECORDED = "inforequests.request.recorded", _("Ghi nhận yêu cầu cung cấp thông tin")
    REQUEST_ASSIGNED = "inforequests.request.assigned", _("Giao xử lý yêu cầu cung cấp thông tin")
    REQUEST_DEADLINE_NOTIFIED = "inforequests.request.deadline_notified", _("Thông báo thời hạn cung cấp thông tin")
    REQUEST_EXTENDED = "inforequests.request.extended", _("Gia hạn cung cấp thông tin")
    REQUEST_PROVIDED = "inforequests.request.provided", _("Cung cấp thông tin")
    REQUEST_REFUSED = "inforequests.request.refused", _("Từ chối cung cấp thông tin")
    REQUEST_VIEWED = "inforequests.request.viewed", _("Xem dữ liệu cá nhân của người yêu cầu cung cấp thông tin")
    REQUEST_EXPORTED = "inforequests.request.exported", _("Xuất sổ theo dõi yêu cầu cung cấp thông tin")
    REQUEST_REMINDED_DUE_SOON = "inforequests.request.reminded_due_soon", _("Nhắc yêu cầu cung cấp thông tin sắp đến hạn")
    REQUEST_REMINDED_OVERDUE = "inforequests.request.reminded_overdue", _("Nhắc yêu cầu cung cấp thông tin quá hạn")
