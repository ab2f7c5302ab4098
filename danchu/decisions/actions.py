"""The staff steps of a community decision (core.actions): one table, read by the decision's staff page (the boxes)
and by the API (one endpoint per step), so that both check the same named permission and the same condition and
call the same service. The meeting's attendance and vote, and the entry and count of the household ballots, have
pages of their own (a checklist, a ballot entry form) and call the services directly."""

from __future__ import annotations

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from danchu.core import clock
from danchu.core.actions import Action, ActionTable
from danchu.core.legal_rules import THRESHOLDS, rule_text

from . import domain, forms, online, serializers, services
from .domain import Form, Kind, Scope, State
from .models import Decision

RUN, RECOGNISE, ANNUL = "decisions.run_decision", "decisions.recognise_decision", "decisions.annul_decision"


def _village(d: Decision) -> bool:
    return d.scope == Scope.VILLAGE


def _noticeable(d: Decision) -> bool:
    return _village(d) and domain.form_allowed(d.kind, Form.MEETING)


def _ballot_open(d: Decision) -> bool:
    """A household ballot is planned after a meeting that could not decide (Art.19.1.b), or directly for the
    contents that may go straight to a ballot."""
    return _village(d) and not hasattr(d, "ballot_round") and (
        d.state == State.MEETING_HELD or (d.state == State.DRAFT and domain.form_allowed(d.kind, Form.BALLOT)))


def _notice(d: Decision, user, data: dict):
    return services.meeting_notice(decision=d, actor=user, **data)


def _today(field: str):
    return lambda d: {field: clock.today()}


ACTIONS = ActionTable([
    Action("edit", _("Sửa dự thảo"), RUN, form=forms.DraftForm, allowed=lambda d: d.state == State.DRAFT,
           refused=_("Chỉ sửa được khi còn là dự thảo."),
           run=lambda d, u, data: services.decision_update(decision=d, actor=u, **data),
           initial=lambda d: {"title": d.title, "content": d.content, "options": d.options},
           done=_("Đã sửa dự thảo."), submit=_("Lưu dự thảo")),
    Action("notice", _("Thông báo họp (Mẫu 01)"), RUN, form=forms.NoticeForm,
           allowed=lambda d: _noticeable(d) and d.state == State.DRAFT, run=_notice, initial=_today("notice_on"),
           done=_("Đã đăng thông báo họp (Mẫu 01)."), submit=_("Đăng thông báo")),
    # a village of many households meets in clusters (Law Art.18.3): one more notice per cluster meeting
    Action("cluster", _("Thêm cuộc họp theo cụm dân cư"), RUN, form=forms.NoticeForm,
           allowed=lambda d: _noticeable(d) and d.state == State.NOTICED, run=_notice, initial=_today("notice_on"),
           done=_("Đã đăng thông báo họp (Mẫu 01)."), submit=_("Đăng thông báo")),
    # the API notices the first meeting and each cluster meeting through one endpoint
    Action("meeting_notice", _("Thông báo họp (Mẫu 01)"), RUN, serializer=serializers.CdNoticeIn, page=False,
           allowed=lambda d: d.state in (State.DRAFT, State.NOTICED), run=_notice,
           description=f"Thông báo họp (Mẫu 01) trước ít nhất {rule_text(domain.MEETING_NOTICE_RULE)}; họp "
                       f"theo cụm khi thôn từ {domain.CLUSTER_MIN_HOUSEHOLDS} hộ."),
    Action("ballot", _("Phát phiếu lấy ý kiến hộ gia đình"), RUN, form=forms.BallotOpenForm,
           serializer=serializers.CdBallotOpenIn, allowed=_ballot_open,
           run=lambda d, u, data: services.ballot_open(decision=d, actor=u, **data),
           unfolded=lambda d: d.state == State.MEETING_HELD,
           done=_("Đã lập kế hoạch phát phiếu lấy ý kiến."), submit=_("Lập kế hoạch phát phiếu"),
           description="Phát phiếu lấy ý kiến hộ gia đình (Điều 19; Nghị định 59/2023, Điều 4)."),
    Action("plan_sent", _("Ghi ngày gửi kế hoạch phát phiếu cho cấp xã"), RUN, form=forms.SendForm,
           allowed=lambda d: hasattr(d, "ballot_round") and d.ballot_round.plan_sent_on is None,
           run=lambda d, u, data: services.ballot_plan_send(decision=d, sent_on=data["sent_on"], actor=u),
           initial=_today("sent_on"), done=_("Đã ghi ngày gửi kế hoạch cho cấp xã."), submit=_("Ghi ngày gửi")),
    Action("online", format_lazy(_("Mở biểu quyết trực tuyến (chỉ K6; {share} số hộ đã đăng ký)"),
                                 share=THRESHOLDS["grassroots.online_opt_in"].describe()), RUN, form=forms.OnlineForm,
           serializer=serializers.CdOnlineIn,
           allowed=lambda d: _village(d) and d.state == State.DRAFT and d.kind == Kind.K6,
           run=lambda d, u, data: online.online_open(decision=d, actor=u, **data),
           done=_("Đã mở biểu quyết trực tuyến."), submit=_("Mở biểu quyết trực tuyến"),
           description="Mở biểu quyết trực tuyến cho nội dung K6 (Điều 17.2; Nghị định 59/2023, Điều 5)."),
    Action("online_close", _("Tổng hợp kết quả biểu quyết trực tuyến"), RUN, allowed=lambda d: d.state == State.ONLINE,
           run=lambda d, u, data: online.online_conclude(decision=d, actor=u),
           help=_("Sau khi hết thời gian biểu quyết: đóng cuộc biểu quyết và tổng hợp kết quả trên tổng số hộ."),
           done=_("Đã tổng hợp kết quả biểu quyết trực tuyến."), submit=_("Tổng hợp kết quả trực tuyến"),
           description="Đóng biểu quyết trực tuyến (nếu đã hết giờ) và tổng hợp kết quả trên tổng số hộ."),
    Action("send", _("Gửi kết quả cho UBND và UB MTTQ cấp xã (Điều 20.3)"), RUN, form=forms.SendForm,
           serializer=serializers.CdDateIn, allowed=lambda d: d.state == State.PASSED and not d.parent_id,
           # the page names the date "sent_on", the API "on"
           run=lambda d, u, data: services.decision_send(decision=d, sent_on=data.get("sent_on", data.get("on")),
                                                         actor=u),
           initial=_today("sent_on"), unfolded=lambda d: True,
           done=_("Đã gửi kết quả cho UBND và UB MTTQ cấp xã."), submit=_("Gửi cấp xã"),
           description=f"Gửi UBND và UB MTTQ cấp xã (≤ {rule_text('grassroots.decision_to_commune')}, "
                       f"Điều 20.3)."),
    Action("recognise", _("Công nhận (Điều 21.2)"), RECOGNISE, form=forms.RecogniseForm,
           form_kwargs=lambda d: {"decision": d}, serializer=serializers.CdRecogniseIn,
           allowed=lambda d: d.state == State.SENT,
           run=lambda d, u, data: services.decision_recognise(decision=d, actor=u, **data),
           initial=_today("recognised_on"), unfolded=lambda d: True, done=_("Đã công nhận."), submit=_("Công nhận"),
           description=f"Công nhận (≤ {rule_text('grassroots.recognition_deadline')}, Điều 21.2): UBND cấp "
                       f"xã; nội dung K5 (Ban Thanh tra nhân dân, Ban Giám sát đầu tư của cộng đồng): UB MTTQ cấp xã."),
    Action("refuse", _("Không công nhận, nêu rõ lý do"), RECOGNISE, form=forms.RefuseForm,
           serializer=serializers.CdRefuseIn, allowed=lambda d: d.state == State.SENT,
           run=lambda d, u, data: services.decision_refuse(decision=d, actor=u, **data),
           initial=_today("refused_on"), done=_("Đã trả lời không công nhận."), submit=_("Không công nhận"),
           secondary=True, description="Không công nhận, nêu rõ lý do (Điều 21.2)."),
    Action("amend", _("Sửa đổi theo nguyện vọng của cộng đồng (Điều 22)"), RUN, form=forms.AmendForm,
           serializer=serializers.CdAmendIn, allowed=lambda d: d.state == State.RECOGNISED,
           run=lambda d, u, data: services.decision_amend(decision=d, actor=u, **data),
           next=lambda d, new: reverse("decisions:decision-detail", args=[new.pk]),
           done=_("Đã tạo dự thảo sửa đổi."), submit=_("Tạo dự thảo sửa đổi"),
           description="Tạo dự thảo sửa đổi một quyết định đã được công nhận (Điều 22)."),
    Action("annul", _("Bãi bỏ (Điều 22)"), ANNUL, form=forms.AnnulForm, serializer=serializers.CdAnnulIn,
           allowed=lambda d: d.state in (State.RECOGNISED, State.REFUSED),
           run=lambda d, u, data: services.decision_annul(decision=d, actor=u, **data),
           initial=_today("on"), done=_("Đã bãi bỏ."), submit=_("Bãi bỏ"), secondary=True,
           description="Bãi bỏ (Điều 22)."),
])
# the API's names (operation ids "decisions_<name>") of the steps it exposes
API_NAMES = {"meeting_notice": "meeting_notice", "ballot": "ballot_open", "send": "send", "recognise": "recognise",
             "refuse": "refuse", "annul": "annul", "amend": "amend", "online": "online_open",
             "online_close": "online_conclude"}
