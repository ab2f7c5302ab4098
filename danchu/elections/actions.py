"""The staff steps of an election and of a dismissal (core.actions): one table per record, read by the staff pages
(the boxes) and the API (one endpoint per step), so that both check the same named permission and the same
condition and call the same service."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core import clock
from danchu.core.actions import Action, ActionTable
from danchu.core.legal_rules import THRESHOLDS, rule_text
from danchu.units.models import Household

from . import domain, forms, serializers, services
from .domain import DismissalState, DismissalTrigger, State
from .models import Dismissal, Election

RUN, RECOGNISE = "elections.run_election", "elections.recognise_election"
ELECTED = THRESHOLDS["grassroots.election"].describe()  # "trên 50%"


def _today(_obj) -> dict:
    return {"done_on": clock.today()}


def _planned(election: Election) -> bool:
    return election.state == State.PLANNED


def _step_open(step: str, field: str):
    """A step of the timeline (NĐ59 Art.6) not yet recorded, when the office has it."""

    def allowed(election: Election) -> bool:
        return (_planned(election) and not getattr(election, field)
                and step in {s.key for s in domain.timeline_steps(election.office)})

    return allowed


def _step(step: str):
    def run(election: Election, user, data: dict):
        return services.election_step(election=election, step=step, actor=user, **data)

    return run


def _result(election: Election, user, data: dict) -> Election:
    """The page sends one count per candidate field ("votes_<id>"), the API a list of {candidate, votes}."""
    if isinstance(data.get("votes"), list):
        votes = {}
        for row in data["votes"]:
            if row["candidate"] in votes:
                raise ValidationError({"votes": ValidationError(_("Mỗi người ứng cử chỉ một dòng."),
                                                                code="duplicate_candidate")})
            votes[row["candidate"]] = row["votes"]
    else:
        votes = {int(k.removeprefix("votes_")): v for k, v in data.items() if k.startswith("votes_")}
    return services.result_record(election=election, actor=user, method=data["method"],
                                  participating=data["participating"], votes=votes,
                                  no_winner_reason=data.get("no_winner_reason", ""))


ELECTION_ACTIONS = ActionTable([
    Action("candidate", gettext_lazy("Thêm người ứng cử"), RUN, form=forms.CandidateForm,
           serializer=serializers.ElectionCandidateIn, allowed=_planned,
           run=lambda e, u, d: services.candidate_add(election=e, actor=u, **d),
           done=gettext_lazy("Đã thêm người ứng cử."), submit=gettext_lazy("Ghi nhận"),
           description="Thêm người ứng cử (danh sách Ban công tác Mặt trận hoặc ứng cử, đề cử tại cuộc họp)."),
    Action("candidates", gettext_lazy("Biên bản danh sách người ứng cử (Mẫu 05)"), RUN, form=forms.StepForm,
           allowed=_step_open("candidates", "candidates_listed_on"), run=_step("candidates"), initial=_today,
           done=gettext_lazy("Đã ghi nhận danh sách người ứng cử."), submit=gettext_lazy("Ghi nhận")),
    Action("team", gettext_lazy("Quyết định thành lập Tổ bầu cử"), RUN, form=forms.TeamForm,
           allowed=_step_open("team", "team_decided_on"), run=_step("team"), initial=_today,
           done=gettext_lazy("Đã ghi nhận Tổ bầu cử."), submit=gettext_lazy("Ghi nhận")),
    Action("notice", gettext_lazy("Thông báo công khai"), RUN, form=forms.StepForm,
           allowed=_step_open("notice", "notice_on"), run=_step("notice"), initial=_today,
           done=gettext_lazy("Đã ghi nhận thông báo công khai."), submit=gettext_lazy("Ghi nhận")),
    # the API records the three steps above through one endpoint
    Action("steps", gettext_lazy("Ghi nhận một bước chuẩn bị"), RUN, serializer=serializers.ElectionStepIn,
           allowed=_planned, page=False, run=lambda e, u, d: services.election_step(election=e, actor=u, **d),
           description="Ghi nhận một bước chuẩn bị (danh sách Mẫu 05, Tổ bầu cử, thông báo công khai)."),
    Action("result", gettext_lazy("Kết quả bầu cử"), RUN, form=forms.ResultForm,
           form_kwargs=lambda e: {"candidates": list(e.candidates.order_by("-elected", "id"))},
           serializer=serializers.ElectionResultIn, allowed=lambda e: _planned(e) and e.candidates.exists(),
           run=_result, done=gettext_lazy("Đã ghi nhận kết quả bầu cử."), submit=gettext_lazy("Ghi nhận"),
           help=format_lazy(gettext_lazy("Tổng số hộ được lấy từ sổ hộ gia đình của thôn tại ngày bầu cử; trúng cử "
                                         "khi được {share} tổng số hộ tán thành."), share=ELECTED),
           description=f"Kết quả bầu: tổng số hộ lấy từ sổ hộ tại ngày bầu cử; trúng cử khi {ELECTED} tổng số hộ tán "
                       "thành."),
    Action("send", gettext_lazy("Gửi kết quả đề nghị công nhận"), RUN, form=forms.SendForm,
           serializer=serializers.ElectionSendIn,
           allowed=lambda e: e.state in (State.ELECTED, State.NO_WINNER) and not e.sent_on,
           run=lambda e, u, d: services.result_send(election=e, actor=u, **d),
           initial=lambda e: {"sent_on": clock.today()}, done=gettext_lazy("Đã gửi kết quả."),
           submit=gettext_lazy("Ghi nhận"),
           description=f"Gửi kết quả đề nghị công nhận (thời hạn công nhận "
                       f"{rule_text(domain.ELECTION_RECOGNITION_RULE)})."),
    Action("recognise", gettext_lazy("Quyết định công nhận"), RECOGNISE, form=forms.RecogniseForm,
           serializer=serializers.ElectionRecogniseIn,
           allowed=lambda e: e.state == State.ELECTED and bool(e.sent_on),
           run=lambda e, u, d: services.election_recognise(election=e, actor=u, **d),
           initial=lambda e: {"decided_on": clock.today()}, done=gettext_lazy("Đã công nhận kết quả bầu cử."),
           submit=gettext_lazy("Ghi nhận"),
           description="Công nhận kết quả: UBND cấp xã (Trưởng thôn), UB MTTQ cấp xã (thành viên các Ban)."),
    Action("reelect", gettext_lazy("Quyết định bầu lại"), RECOGNISE, form=forms.ReasonDateForm,
           serializer=serializers.ElectionReasonDateIn,
           allowed=lambda e: domain.WORKFLOW.allows(e.state, State.RE_ELECTION),
           run=lambda e, u, d: services.election_order_reelection(election=e, actor=u, **d),
           initial=lambda e: {"decided_on": clock.today()}, done=gettext_lazy("Đã ghi nhận quyết định bầu lại."),
           submit=gettext_lazy("Ghi nhận"), secondary=True, description="Quyết định bầu lại."),
    Action("cancel", gettext_lazy("Hủy cuộc bầu cử"), RUN, form=forms.CancelForm,
           serializer=serializers.ElectionCancelIn, allowed=_planned,
           run=lambda e, u, d: services.election_cancel(election=e, actor=u, **d),
           done=gettext_lazy("Đã hủy cuộc bầu cử."), submit=gettext_lazy("Ghi nhận"), secondary=True,
           description="Hủy cuộc bầu cử chưa diễn ra."),
])
# the API's names of the steps whose page name differs ("candidates" adds a candidate, "re-election")
ELECTION_API_NAMES = {"candidate": "candidates", "steps": "steps", "result": "result", "send": "send",
                      "recognise": "recognise", "reelect": "re_election", "cancel": "cancel"}


def _consent(dismissal: Dismissal, user, data: dict):
    """The page gives the household's code (typed from the petition), the API its id."""
    if "household_code" in data:
        household = Household.objects.filter(village=dismissal.village, code=data["household_code"].strip()).first()
        if household is None:
            raise ValidationError({"household_code": ValidationError(
                _("Không có hộ mã “%(c)s” trong %(v)s.") % {"c": data["household_code"], "v": dismissal.village.name},
                code="other_village")})
    else:
        household = Household.objects.filter(pk=data["household"]).select_related("village").first()
        if household is None:
            raise ValidationError({"household": ValidationError(_("Không có hộ gia đình này."),
                                                                code="unknown_household")})
    return services.dismissal_consent(dismissal=dismissal, household=household, signed_on=data["signed_on"],
                                      actor=user)


def _opened(dismissal: Dismissal) -> bool:
    return dismissal.state == DismissalState.OPENED


DISMISSAL_ACTIONS = ActionTable([
    Action("consent", gettext_lazy("Ghi nhận hộ ký kiến nghị"), RUN, form=forms.ConsentForm,
           serializer=serializers.DismissalConsentIn,
           allowed=lambda d: _opened(d) and d.trigger == DismissalTrigger.PETITION, run=_consent,
           initial=lambda d: {"signed_on": clock.today()}, done=gettext_lazy("Đã ghi nhận chữ ký của hộ."),
           submit=gettext_lazy("Ghi nhận"), description="Một hộ ký kiến nghị (một lần, hộ của chính thôn đó)."),
    Action("vote", gettext_lazy("Kết quả họp biểu quyết cho thôi"), RUN, form=forms.DismissalVoteForm,
           serializer=serializers.DismissalVoteIn, allowed=_opened,
           run=lambda d, u, data: services.dismissal_vote(dismissal=d, actor=u, **data),
           initial=lambda d: {"held_on": clock.today()}, done=gettext_lazy("Đã ghi nhận kết quả biểu quyết."),
           submit=gettext_lazy("Ghi nhận")),
    Action("recognise", gettext_lazy("Quyết định công nhận cho thôi"), RECOGNISE, form=forms.RecogniseForm,
           serializer=serializers.ElectionRecogniseIn, allowed=lambda d: d.state == DismissalState.VOTED,
           run=lambda d, u, data: services.dismissal_recognise(dismissal=d, actor=u, **data),
           initial=lambda d: {"decided_on": clock.today()}, done=gettext_lazy("Đã công nhận việc cho thôi."),
           submit=gettext_lazy("Ghi nhận"),
           description=f"Công nhận việc cho thôi ({rule_text(domain.DISMISSAL_RECOGNITION_RULE)}); hạn quyết định "
                       f"bầu người thay thế: {rule_text(domain.NEW_ELECTION_RULE)}."),
])
