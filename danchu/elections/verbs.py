"""Every audit verb the elections app writes (core.verbs): "elections.<entity>.<past tense>"."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditVerb(models.TextChoices):
    ELECTION_PLANNED = "elections.election.planned", _("Lập kế hoạch bầu cử")
    STEP_RECORDED = "elections.election.step_recorded", _("Ghi nhận một bước chuẩn bị bầu cử")
    STEP_CANDIDATES = "elections.election.step_candidates", _("Lập danh sách người ứng cử (Mẫu 05)")
    STEP_TEAM = "elections.election.step_team", _("Thành lập Tổ bầu cử")
    STEP_NOTICE = "elections.election.step_notice", _("Thông báo công khai về bầu cử")
    CANDIDATE_ADDED = "elections.election.candidate_added", _("Thêm người ứng cử")
    RESULT_RECORDED = "elections.election.result_recorded", _("Ghi nhận kết quả bầu cử")
    RESULT_SENT = "elections.election.result_sent", _("Gửi kết quả bầu cử đề nghị công nhận")
    ELECTION_RECOGNISED = "elections.election.recognised", _("Công nhận kết quả bầu cử")
    RE_ELECTION_ORDERED = "elections.election.re_election_ordered", _("Quyết định bầu lại")
    ELECTION_CANCELLED = "elections.election.cancelled", _("Hủy cuộc bầu cử")
    DISMISSAL_OPENED = "elections.dismissal.opened", _("Ghi nhận đề nghị cho thôi làm")
    DISMISSAL_CONSENT_RECORDED = "elections.dismissal.consent_recorded", _("Ghi nhận hộ ký kiến nghị cho thôi")
    DISMISSAL_VOTED = "elections.dismissal.voted", _("Ghi nhận kết quả biểu quyết cho thôi")
    DISMISSAL_RECOGNISED = "elections.dismissal.recognised", _("Công nhận việc cho thôi")

