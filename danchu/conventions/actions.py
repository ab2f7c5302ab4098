"""The staff steps of a convention (core.actions): one table, read by the staff page (the boxes) and by the API
(one endpoint per step), so that both check the same named permission and the same condition and call the same
service."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from danchu.core import clock
from danchu.core.actions import Action, ActionTable

from . import domain, forms, serializers, services
from .domain import State, VoteMethod
from .models import Convention

RUN, RECOGNISE = "conventions.run_convention", "conventions.recognise_convention"


def _in_force(c: Convention) -> bool:
    return c.in_force_version_id is not None and c.state != State.ANNULLED


def _editable(c: Convention) -> bool:
    return c.state in domain.EDITABLE_STATES


def _vote(method: str):
    """The page has one box for the meeting and one for the household ballot; the API one step for both."""

    def run(c: Convention, user, data: dict):
        return services.vote_record(convention=c, actor=user, **{**data, "method": method})

    return run


def _today(field: str):
    return lambda c: {field: clock.today()}


_VOTE_HELP = _("Tổng số hộ được lấy từ sổ hộ gia đình của thôn tại ngày biểu quyết.")

ACTIONS = ActionTable([
    Action("team", _("Tổ soạn thảo"), RUN, form=forms.TeamForm, serializer=serializers.ConventionTeamIn,
           allowed=_editable, run=lambda c, u, d: services.convention_set_team(convention=c, actor=u, **d),
           initial=lambda c: {"drafting_team": c.drafting_team}, done=_("Đã cập nhật Tổ soạn thảo."),
           submit=_("Lưu"), description="Tổ soạn thảo (Điều 8)."),
    Action("revise", _("Sửa dự thảo (tạo phiên bản mới)"), RUN, form=forms.ReviseForm,
           serializer=serializers.ConventionReviseIn, allowed=_editable,
           run=lambda c, u, d: services.convention_revise(convention=c, actor=u, **d),
           initial=lambda c: {"text": c.latest_version().text if c.latest_version() else ""},
           done=_("Đã lưu phiên bản mới."), submit=_("Lưu phiên bản mới"), description="Phiên bản mới của dự thảo."),
    Action("post", format_lazy(_("Niêm yết dự thảo lấy ý kiến (ít nhất {n})"), n=domain.posting_text()), RUN,
           form=forms.PostForm, serializer=serializers.ConventionPostIn, allowed=lambda c: c.state == State.DRAFTING,
           run=lambda c, u, d: services.convention_post(convention=c, actor=u, **d),
           initial=lambda c: {"posted_on": clock.today(), "comment_until": domain.posting_min_end(clock.today())},
           done=_("Đã niêm yết dự thảo."), submit=_("Niêm yết"),
           description=f"Niêm yết dự thảo lấy ý kiến ít nhất {domain.posting_text()} (Điều 9)."),
    Action("comment", _("Ghi nhận góp ý từ cuộc họp, hòm thư, văn bản"), RUN, form=forms.CommentRecordForm,
           serializer=serializers.ConventionCommentRecordIn, allowed=lambda c: c.state == State.POSTED,
           run=lambda c, u, d: services.comment_record(convention=c, actor=u, **d), initial=_today("received_on"),
           done=_("Đã ghi nhận góp ý."), submit=_("Ghi nhận"),
           description="Cán bộ ghi nhận góp ý từ cuộc họp, hòm thư, văn bản, nhóm mạng xã hội."),
    Action("respond", _("Tiếp thu, giải trình góp ý"), RUN, form=forms.RespondForm,
           serializer=serializers.ConventionRespondIn, allowed=lambda c: c.comments.exists(),
           run=lambda c, u, d: services.comment_respond(convention=c, comment_id=d["comment"],
                                                        response=d["response"], actor=u),
           done=_("Đã ghi nhận nội dung tiếp thu, giải trình."), submit=_("Ghi nhận"),
           description="Tổ soạn thảo tiếp thu, giải trình một góp ý."),
    Action("meeting", _("Kết quả cuộc họp biểu quyết thông qua"), RUN, form=forms.VoteForm,
           allowed=lambda c: c.state == State.POSTED, run=_vote(VoteMethod.MEETING), help=_VOTE_HELP,
           initial=lambda c: {"method": VoteMethod.MEETING, "held_on": clock.today()},
           done=_("Đã ghi nhận kết quả biểu quyết."), submit=_("Ghi nhận kết quả")),
    Action("ballot", _("Kết quả phát phiếu lấy ý kiến hộ gia đình"), RUN, form=forms.VoteForm,
           allowed=lambda c: c.state == State.BALLOT, run=_vote(VoteMethod.BALLOT), help=_VOTE_HELP,
           initial=lambda c: {"method": VoteMethod.BALLOT, "held_on": clock.today()},
           done=_("Đã ghi nhận kết quả phát phiếu."), submit=_("Ghi nhận kết quả")),
    # the API records the meeting and the ballot through one endpoint
    Action("vote", _("Kết quả biểu quyết"), RUN, serializer=serializers.ConventionVoteIn, page=False,
           allowed=lambda c: c.state in (State.POSTED, State.BALLOT),
           run=lambda c, u, d: services.vote_record(convention=c, actor=u, **d),
           description="Kết quả cuộc họp hoặc phát phiếu (Điều 10): tổng số hộ lấy từ sổ hộ tại ngày biểu quyết."),
    Action("submit", _("Gửi hồ sơ đề nghị UBND cấp xã công nhận"), RUN, form=forms.SubmitForm,
           serializer=serializers.ConventionSubmitIn, allowed=lambda c: c.state == State.ADOPTED,
           run=lambda c, u, d: services.convention_submit(convention=c, actor=u, **d), initial=_today("submitted_on"),
           done=_("Đã ghi nhận việc gửi hồ sơ."), submit=_("Gửi hồ sơ"),
           description=f"Gửi hồ sơ đề nghị công nhận ({domain.due_text('submit')}, Điều 11.3.a)."),
    Action("recognise", _("Quyết định công nhận"), RECOGNISE, form=forms.RecogniseForm,
           serializer=serializers.ConventionRecogniseIn, allowed=lambda c: c.state == State.SUBMITTED,
           run=lambda c, u, d: services.convention_recognise(convention=c, actor=u, **d),
           initial=_today("decided_on"), done=_("Đã công nhận; hương ước, quy ước có hiệu lực."),
           submit=_("Công nhận"), description=f"Quyết định công nhận ({domain.due_text('recognise')}, Điều 11.3.b)."),
    Action("refuse", _("Không công nhận (trả lời bằng văn bản)"), RECOGNISE, form=forms.RefuseForm,
           serializer=serializers.ConventionRefuseIn, allowed=lambda c: c.state == State.SUBMITTED,
           run=lambda c, u, d: services.convention_refuse(convention=c, actor=u, **d),
           initial=_today("decided_on"), done=_("Đã ghi nhận việc không công nhận."), submit=_("Không công nhận"),
           secondary=True, description="Không công nhận, trả lời bằng văn bản nêu rõ lý do."),
    Action("distribute", format_lazy(_("Gửi văn bản đã công nhận ({n})"), n=domain.due_text("distribute")),
           RECOGNISE, form=forms.DistributeForm, serializer=serializers.ConventionDistributeIn,
           allowed=lambda c: _in_force(c) and c.state in (State.RECOGNISED, State.SUSPENDED) and not c.distributed_on,
           run=lambda c, u, d: services.convention_distribute(convention=c, actor=u, **d),
           initial=_today("distributed_on"), done=_("Đã ghi nhận việc gửi văn bản."), submit=_("Ghi nhận"),
           description=f"Gửi văn bản đã công nhận ({domain.due_text('distribute')}, Điều 18)."),
    Action("measure", _("Tạm ngưng thi hành hoặc bãi bỏ"), RECOGNISE, form=forms.MeasureForm,
           serializer=serializers.ConventionMeasureIn, allowed=_in_force,
           run=lambda c, u, d: services.convention_measure(convention=c, actor=u, **d),
           initial=lambda c: {"reported_on": clock.today(), "decided_on": clock.today()},
           done=_("Đã ghi nhận quyết định."), submit=_("Ghi nhận quyết định"), secondary=True,
           description=f"Tạm ngưng thi hành ({domain.due_text('suspend')}, Điều 12) hoặc bãi bỏ "
                       f"({domain.due_text('annul')}, Điều 14)."),
    Action("lift", _("Bãi bỏ việc tạm ngưng"), RECOGNISE, form=forms.LiftForm,
           serializer=serializers.ConventionLiftIn, allowed=lambda c: c.state == State.SUSPENDED,
           run=lambda c, u, d: services.convention_lift_suspension(convention=c, actor=u, **d),
           initial=_today("lifted_on"), done=_("Hương ước, quy ước được tiếp tục thi hành."), submit=_("Ghi nhận"),
           description="Bãi bỏ việc tạm ngưng thi hành."),
    Action("review", _("Đánh giá thực hiện hằng năm (Điều 15)"), RUN, form=forms.ReviewForm,
           serializer=serializers.ConventionReviewIn, allowed=_in_force,
           run=lambda c, u, d: services.review_record(convention=c, actor=u, **d), initial=_today("held_on"),
           done=_("Đã ghi nhận đánh giá."), submit=_("Ghi nhận"), description="Đánh giá thực hiện hằng năm (Điều 15.4)."),
    Action("amend", _("Sửa đổi, bổ sung hoặc soạn lại"), RUN, form=forms.AmendForm,
           serializer=serializers.ConventionAmendIn,
           allowed=lambda c: domain.WORKFLOW.allows(c.state, State.DRAFTING),
           run=lambda c, u, d: services.convention_amend(convention=c, actor=u, **d),
           done=_("Đã bắt đầu vòng soạn thảo mới."), submit=_("Bắt đầu"),
           description="Bắt đầu sửa đổi, bổ sung hoặc soạn lại."),
    Action("withdraw", _("Dừng soạn thảo"), RUN, form=forms.WithdrawForm, serializer=serializers.ConventionWithdrawIn,
           allowed=lambda c: c.state in (State.DRAFTING, State.POSTED) and not c.in_force_version_id,
           run=lambda c, u, d: services.convention_withdraw(convention=c, actor=u, **d),
           done=_("Đã dừng soạn thảo."), submit=_("Dừng soạn thảo"), secondary=True, description="Dừng soạn thảo."),
])
# the API's names of the steps whose page name differs
API_NAMES = {"team": "team", "revise": "revise", "post": "post", "comment": "record_comment",
             "respond": "respond_comment", "vote": "vote", "submit": "submit", "recognise": "recognise",
             "refuse": "refuse", "distribute": "distribute", "measure": "measure", "lift": "lift", "review": "review",
             "amend": "amend", "withdraw": "withdraw"}
