"""The staff steps of a consultation (Law 10/2022/QH15 Art.28), declared once for the staff page and the API
(core.actions): each with its title, form, input serializer, named permission, the states it may be taken in and
the service it runs — so that a step refused on one is refused on the other."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from danchu.core.actions import Action, ActionTable
from danchu.core.api import TextField
from danchu.core.legal_rules import rule_text

from . import domain, services
from .domain import WORKFLOW, DecisionOutcome, State
from .forms import DecisionForm, PublishForm, ReportForm, SendPlanForm, SynthesisPublishForm

RUN = "consultations.run_consultation"


# --- API input of each step -------------------------------------------------------------------------


class SendPlanIn(serializers.Serializer):
    to_council = serializers.BooleanField()
    to_front = serializers.BooleanField()
    sent_on = serializers.DateField(required=False, allow_null=True, default=None)
    note = TextField(max_length=300, required=False, allow_blank=True, default="")


class PublishIn(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, default=None)
    closes_on = serializers.DateField(required=False, allow_null=True, default=None)


class SynthesisPublishIn(serializers.Serializer):
    summary = TextField(multiline=True, max_length=20000)


class DecisionIn(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=DecisionOutcome.choices)
    decision_authority = TextField(max_length=200, required=False, allow_blank=True, default="")
    decision_number = TextField(max_length=100, required=False, allow_blank=True, default="")
    decision_date = serializers.DateField(required=False, allow_null=True, default=None)
    summary = TextField(multiline=True, max_length=20000, required=False, allow_blank=True, default="")
    explanation = TextField(multiline=True, max_length=20000, required=False, allow_blank=True, default="")


class ReportIn(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, default=None)


# --- the steps ----------------------------------------------------------------------------------------


def default_summary(c) -> str:
    """A first sentence for the general conclusion; what was accepted or explained is listed row by row."""
    tally = services.tally_of(c)
    return gettext("Ủy ban nhân dân đã nhận %(n)d ý kiến (%(p)d người): %(a)d tán thành, %(d)d không tán thành, "
                   "%(o)d ý kiến khác.") % {"n": c.opinions.count(), "p": tally.total, "a": tally.agree,
                                            "d": tally.disagree, "o": tally.other}


def _publish_description() -> str:
    return (f"Công khai nội dung, bắt đầu lấy ý kiến (ít nhất {rule_text(domain.PERIOD_RULE)} kể từ ngày công "
            "khai, khoản 2 Điều 28); đăng mục công khai khoản 11 Điều 11.")


ACTIONS = ActionTable([
    Action("send_plan", _("Gửi kế hoạch tới HĐND và UB MTTQ xã (khoản 1 Điều 28)"), permission=RUN,
           allowed=lambda c: WORKFLOW.allows(c.state, State.PLAN_SENT), form=SendPlanForm, serializer=SendPlanIn,
           run=lambda c, user, data: services.consultation_send_plan(consultation=c, actor=user, **data),
           done=_("Đã ghi nhận việc gửi kế hoạch tới HĐND và UB MTTQ xã."), submit=_("Ghi nhận đã gửi kế hoạch"),
           description="Ghi nhận đã gửi kế hoạch tới HĐND và UB MTTQ xã (khoản 1 Điều 28)."),
    Action("publish", _("Công khai nội dung, bắt đầu lấy ý kiến"), permission=RUN,
           allowed=lambda c: WORKFLOW.allows(c.state, State.OPEN), form=PublishForm, serializer=PublishIn,
           run=lambda c, user, data: services.consultation_publish(consultation=c, actor=user, **data),
           initial=lambda c: {"closes_on": c.closes_on},
           help=_("Đăng trang lấy ý kiến và mục công khai khoản 11 Điều 11; thời gian lấy ý kiến tính từ ngày công "
                  "khai."),
           done=_("Đã công khai nội dung lấy ý kiến; đã đăng mục công khai khoản 11 Điều 11."),
           submit=_("Công khai và bắt đầu lấy ý kiến"), description=_publish_description()),
    Action("close", _("Kết thúc lấy ý kiến"), permission=RUN, allowed=lambda c: c.state == State.OPEN,
           run=lambda c, user, data: services.consultation_close(consultation=c, actor=user),
           help=_("Sau ngày cuối của thời gian lấy ý kiến."), done=_("Đã kết thúc lấy ý kiến."),
           submit=_("Kết thúc lấy ý kiến, bắt đầu tổng hợp"),
           description="Kết thúc lấy ý kiến sau ngày cuối của thời hạn."),
    Action("synthesis", _("Công khai kết quả tổng hợp (khoản 3 Điều 28)"), permission=RUN,
           allowed=lambda c: c.state in domain.SYNTHESIS_STATES, form=SynthesisPublishForm,
           serializer=SynthesisPublishIn, initial=lambda c: {"summary": default_summary(c)},
           run=lambda c, user, data: services.synthesis_publish(consultation=c, actor=user, **data),
           done=_("Đã công khai kết quả tổng hợp ý kiến, tiếp thu, giải trình."),
           submit=_("Công khai kết quả tổng hợp"),
           description="Công khai kết quả tổng hợp (mọi ý kiến đã được tiếp thu hoặc giải trình); đăng mục công "
                       "khai khoản 11 Điều 11 kèm báo cáo PDF."),
    Action("decision", _("Ghi nhận quyết định của cơ quan có thẩm quyền (khoản 4 Điều 28)"), permission=RUN,
           allowed=lambda c: WORKFLOW.allows(c.state, State.DECIDED), form=DecisionForm, serializer=DecisionIn,
           initial=lambda c: {"decision_authority": c.decision_authority},
           run=lambda c, user, data: services.decision_record(consultation=c, actor=user, **data),
           help=_("Nếu quyết định khác ý kiến của đa số, phải giải thích rõ lý do; lời giải thích được công khai."),
           done=_("Đã ghi nhận quyết định của cơ quan có thẩm quyền."), submit=_("Ghi nhận quyết định"),
           description="Quyết định của cơ quan có thẩm quyền; nếu khác ý kiến của đa số thì bắt buộc giải thích và "
                       "được công khai (khoản 4 Điều 28)."),
    Action("report", _("Báo cáo HĐND xã (khoản 5 Điều 28)"), permission=RUN,
           allowed=lambda c: c.state in domain.RESULT_STATES, form=ReportForm, serializer=ReportIn,
           run=lambda c, user, data: services.council_report_record(consultation=c, actor=user, **data),
           done=_("Đã ghi nhận việc báo cáo HĐND xã."), submit=_("Ghi nhận đã báo cáo"),
           description="Ghi nhận đã báo cáo HĐND xã (khoản 5 Điều 28)."),
])
