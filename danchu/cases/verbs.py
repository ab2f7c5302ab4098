"""Every audit verb that citizen reception, cases and mediation write (core.verbs: declared, never built)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerb(models.TextChoices):
    # reception schedule and bookings
    SESSION_CREATED = "cases.session.created", _("Thêm buổi tiếp công dân")
    SESSION_CANCELLED = "cases.session.cancelled", _("Hủy buổi tiếp công dân")
    SESSION_BOOKINGS_VIEWED = "cases.session.bookings_viewed", _("Xem danh sách đăng ký tiếp công dân")
    BOOKING_CREATED = "cases.booking.created", _("Đăng ký tiếp công dân")
    BOOKING_CANCELLED = "cases.booking.cancelled", _("Hủy đăng ký tiếp công dân")
    # the reception book
    ENTRY_RECORDED = "cases.entry.recorded", _("Ghi sổ lượt tiếp công dân")
    ENTRY_REPLIED = "cases.entry.replied", _("Trả lời công dân về lượt tiếp")
    ENTRY_VIEWED = "cases.entry.viewed", _("Xem lượt tiếp công dân")
    ENTRY_REMINDED_OVERDUE = "cases.entry.reminded_overdue", _("Nhắc hạn trả lời công dân")
    BOOK_EXPORTED = "cases.book.exported", _("Xuất sổ tiếp công dân")
    # letters: complaints, denunciations, petitions
    CASE_RECEIVED = "cases.case.received", _("Tiếp nhận đơn")
    CASE_ACCEPTED = "cases.case.accepted", _("Thụ lý đơn")
    CASE_NOT_ACCEPTED = "cases.case.not_accepted", _("Không thụ lý đơn")
    CASE_ANONYMOUS_CHECKED = "cases.case.anonymous_checked", _("Kiểm tra nội dung đơn nặc danh")
    CASE_SEVERAL_PLACES = "cases.case.several_places", _("Ghi việc xác minh tố cáo ở nhiều địa điểm")
    CASE_DIALOGUE_HELD = "cases.case.dialogue_held", _("Ghi biên bản đối thoại")
    CASE_TRANSFERRED = "cases.case.transferred", _("Chuyển đơn")
    CASE_EXTENDED = "cases.case.extended", _("Gia hạn giải quyết tố cáo")
    CASE_COMPLEXITY_CHANGED = "cases.case.complexity_changed", _("Xếp lại tính chất vụ việc tố cáo")
    CASE_DECIDED = "cases.case.decided", _("Ban hành quyết định, kết luận")
    CASE_SENT = "cases.case.sent", _("Gửi quyết định, kết luận")
    CASE_PUBLISHED = "cases.case.published", _("Công khai kết luận nội dung tố cáo")
    CASE_TERMINATED = "cases.case.terminated", _("Đình chỉ giải quyết đơn")
    CASE_ANSWERED = "cases.case.answered", _("Trả lời kiến nghị, phản ánh")
    CASE_ASSIGNED = "cases.case.assigned", _("Giao người xử lý đơn")
    CASE_VIEWED = "cases.case.viewed", _("Xem đơn")
    CASE_REMINDED_DUE_SOON = "cases.case.reminded_due_soon", _("Nhắc đơn sắp đến hạn")
    CASE_REMINDED_OVERDUE = "cases.case.reminded_overdue", _("Nhắc đơn quá hạn")
    CASE_REMINDED_ESCALATED = "cases.case.reminded_escalated", _("Báo cáo cấp trên đơn quá hạn")
    DOCUMENT_DOWNLOADED = "cases.document.downloaded", _("Tải văn bản trong hồ sơ đơn")
    RULE_VERSION_SAVED = "cases.rule_version.saved", _("Lưu phiên bản thời hạn giải quyết đơn")
    # the sealed identity of a denouncer
    IDENTITY_REVEALED = "cases.identity.revealed", _("Xem thông tin người tố cáo")
    IDENTITY_REVEAL_DENIED = "cases.identity.reveal_denied", _("Từ chối xem thông tin người tố cáo")
    # grassroots mediation
    MEDIATION_TEAM_CREATED = "cases.mediation_team.created", _("Thành lập tổ hòa giải")
    MEDIATOR_ADDED = "cases.mediator.added", _("Thêm hòa giải viên")
    MEDIATOR_TERM_ENDED = "cases.mediator.term_ended", _("Kết thúc nhiệm kỳ hòa giải viên")
    MEDIATION_OPENED = "cases.mediation.opened", _("Tiếp nhận vụ việc hòa giải")
    MEDIATION_SESSION_ADDED = "cases.mediation.session_added", _("Ghi buổi hòa giải")
    MEDIATION_CLOSED = "cases.mediation.closed", _("Ghi kết quả hòa giải")
