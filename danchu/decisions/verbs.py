"""Every audit verb the decisions app writes (core.verbs): "decisions.<entity>.<past tense>".

A write is declared with the verb of what it does (`@service(AuditVerb.MEETING_NOTICED)`, whose refusals are
"decisions.meeting.noticed.rejected"); the rows it writes on success are on the decision ("decisions.decision.…"),
as the audit history has always read them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerb(models.TextChoices):
    # rows of a decision
    DECISION_CREATED = "decisions.decision.created", _("Tạo dự thảo nội dung nhân dân bàn và quyết định")
    DECISION_COLLECTING = "decisions.decision.collecting", _("Tổng hợp kết quả các thôn (phạm vi xã)")
    DECISION_UPDATED = "decisions.decision.updated", _("Sửa dự thảo nội dung")
    DECISION_NOTICED = "decisions.decision.noticed", _("Thông báo họp cộng đồng dân cư (Mẫu 01)")
    DECISION_ATTENDANCE_RECORDED = "decisions.decision.attendance_recorded", _("Điểm danh hộ dự họp")
    DECISION_MEETING_INSUFFICIENT = "decisions.decision.meeting_insufficient", _("Cuộc họp chưa đủ số hộ quyết định")
    DECISION_BALLOT_OPENED = "decisions.decision.ballot_opened", _("Lập kế hoạch phát phiếu lấy ý kiến")
    DECISION_BALLOT_PLAN_SENT = "decisions.decision.ballot_plan_sent", _("Gửi kế hoạch phát phiếu cho cấp xã")
    DECISION_ONLINE_OPENED = "decisions.decision.online_opened", _("Mở biểu quyết trực tuyến")
    DECISION_PASSED = "decisions.decision.passed", _("Nội dung được thông qua")
    DECISION_FAILED = "decisions.decision.failed", _("Nội dung không được thông qua")
    DECISION_SENT = "decisions.decision.sent", _("Gửi kết quả cho UBND và UB MTTQ cấp xã")
    DECISION_RECOGNISED = "decisions.decision.recognised", _("Công nhận nội dung nhân dân quyết định")
    DECISION_REFUSED = "decisions.decision.refused", _("Không công nhận nội dung nhân dân quyết định")
    DECISION_ANNULLED = "decisions.decision.annulled", _("Bãi bỏ nội dung nhân dân quyết định")
    DECISION_AMENDED = "decisions.decision.amended", _("Nội dung được sửa đổi, thay thế")
    DECISION_AMENDMENT_DRAFTED = "decisions.decision.amendment_drafted", _("Tạo dự thảo sửa đổi")
    # meetings
    MEETING_NOTICED = "decisions.meeting.noticed", _("Thông báo họp")
    MEETING_ATTENDANCE_RECORDED = "decisions.meeting.attendance_recorded", _("Ghi danh sách hộ dự họp")
    MEETING_ATTENDANCE_MARKED = "decisions.meeting.attendance_marked", _("Đánh dấu một hộ dự họp")
    MEETING_RECORDED = "decisions.meeting.recorded", _("Ghi kết quả biểu quyết tại cuộc họp")
    # household ballots
    BALLOT_OPENED = "decisions.ballot.opened", _("Phát phiếu lấy ý kiến hộ gia đình")
    BALLOT_PLAN_SENT = "decisions.ballot.plan_sent", _("Ghi ngày gửi kế hoạch phát phiếu")
    BALLOT_ENTERED = "decisions.ballot.entered", _("Nhập phiếu lấy ý kiến của một hộ")
    BALLOT_REMOVED = "decisions.ballot.removed", _("Hủy phiếu nhập nhầm")
    BALLOT_COUNTED = "decisions.ballot.counted", _("Kiểm phiếu lấy ý kiến hộ gia đình")
    # online votes (danchu.evoting)
    ONLINE_OPENED = "decisions.online.opened", _("Mở biểu quyết trực tuyến cho nội dung K6")
    ONLINE_CONCLUDED = "decisions.online.concluded", _("Tổng hợp kết quả biểu quyết trực tuyến")
    # citizens' initiatives
    INITIATIVE_CREATED = "decisions.initiative.created", _("Ghi nhận sáng kiến của người dân")
    INITIATIVE_CONSENTED = "decisions.initiative.consented", _("Một hộ đồng thuận với sáng kiến")
    INITIATIVE_CONSENT_RECORDED = "decisions.initiative.consent_recorded", _("Cán bộ ghi nhận sự đồng thuận")
    INITIATIVE_CONSENT_GIVEN = "decisions.initiative.consent_given", _("Đại diện hộ đồng thuận trực tuyến")
    INITIATIVE_TABLED = "decisions.initiative.tabled", _("Đưa sáng kiến ra cộng đồng bàn, quyết định")
    INITIATIVE_WITHDRAWN = "decisions.initiative.withdrawn", _("Rút sáng kiến")
