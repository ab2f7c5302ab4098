"""Letters — complaints, denunciations, petitions: their kinds, states and workflows, the grounds for not
accepting them, and the complexity of a denunciation (pure, no ORM).

Workflows (Appendix B of the reference), one per kind:
- complaint (Luật Khiếu nại 2011): RECEIVED → {ACCEPTED (Art.27) | REJECTED (Art.11) | TRANSFERRED} → DECIDED;
  withdrawal → TERMINATED at any time before the decision (Art.10);
- denunciation (Luật Tố cáo 2018): RECEIVED → {ACCEPTED (Art.29) | TRANSFERRED (Art.24.2) | REJECTED} → EXTENDED
  (at most twice, Art.30.2) → DECIDED (the conclusion, Art.35); withdrawal before the conclusion (Art.33);
- petition (Luật Tiếp công dân 2013): RECEIVED → {ANSWERED | TRANSFERRED} (Art.26, 28);
- an anonymous or impersonated letter (Luật Tố cáo Art.25) is not a denunciation: it is never accepted, extended
  or withdrawn. It is not processed (REJECTED on the ground "anonymous"), or — when its content is specific and
  verifiable — checked within competence (CHECKED, the result recorded) or transferred to the competent body. No
  statutory deadline runs on it, so it is never overdue.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from danchu.core.workflow import InvalidTransition, Workflow


class CaseKind(models.TextChoices):
    """What a letter is (Luật Tiếp công dân Art.25.3: a mixed letter is split into one per kind)."""

    COMPLAINT = "complaint", _("Khiếu nại")
    DENUNCIATION = "denunciation", _("Tố cáo")
    PETITION = "petition", _("Kiến nghị, phản ánh")


class State(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ACCEPTED = "accepted", _("Đã thụ lý, đang giải quyết")
    EXTENDED = "extended", _("Đã gia hạn giải quyết")
    DECIDED = "decided", _("Đã có quyết định, kết luận")
    ANSWERED = "answered", _("Đã trả lời")
    REJECTED = "rejected", _("Không thụ lý")
    TRANSFERRED = "transferred", _("Đã chuyển cơ quan có thẩm quyền")
    TERMINATED = "terminated", _("Đình chỉ do rút đơn")
    CHECKED = "checked", _("Đã kiểm tra nội dung đơn nặc danh")


OPEN_STATES = frozenset({State.RECEIVED, State.ACCEPTED, State.EXTENDED})
CLOSED_STATES = frozenset(set(State.values) - set(OPEN_STATES))

WORKFLOWS: dict[str, Workflow] = {
    CaseKind.COMPLAINT: Workflow({
        State.RECEIVED: {State.ACCEPTED, State.REJECTED, State.TRANSFERRED, State.TERMINATED},
        State.ACCEPTED: {State.DECIDED, State.TERMINATED},
    }, labels=State, name=_("đơn khiếu nại")),
    CaseKind.DENUNCIATION: Workflow({
        State.RECEIVED: {State.ACCEPTED, State.REJECTED, State.TRANSFERRED, State.TERMINATED},
        State.ACCEPTED: {State.EXTENDED, State.DECIDED, State.TERMINATED},
        State.EXTENDED: {State.EXTENDED, State.DECIDED, State.TERMINATED},
    }, labels=State, name=_("đơn tố cáo")),
    CaseKind.PETITION: Workflow({
        State.RECEIVED: {State.ANSWERED, State.TRANSFERRED},
    }, labels=State, name=_("đơn kiến nghị, phản ánh")),
}
ANONYMOUS_GROUND = "anonymous"


class AnonymousLetterWorkflow(Workflow):
    """The workflow of an anonymous letter: a refused move says why, with the code "anonymous" (Art.25)."""

    def check(self, current, target) -> None:
        if not self.allows(current, target):
            raise InvalidTransition(
                _("Đơn nặc danh, mạo danh không được xử lý như tố cáo (Điều 25 Luật Tố cáo): chỉ kiểm tra nội dung, "
                  "chuyển cơ quan có thẩm quyền hoặc không xử lý."),
                current=str(current), target=str(target), code=ANONYMOUS_GROUND)


ANONYMOUS_WORKFLOW = AnonymousLetterWorkflow({
    State.RECEIVED: {State.CHECKED, State.REJECTED, State.TRANSFERRED},
}, labels=State, name=_("đơn nặc danh, mạo danh"))


def workflow_for(kind: str, *, anonymous: bool = False) -> Workflow:
    """The table that governs a letter: an anonymous denunciation follows Art.25, every other its kind's."""
    if anonymous and kind == CaseKind.DENUNCIATION:
        return ANONYMOUS_WORKFLOW
    return WORKFLOWS[kind]


# --- not accepting a letter (Luật Khiếu nại Art.11; Luật Tố cáo Art.25, 29) -------------------------------


@dataclass(frozen=True)
class Ground:
    code: str
    text: str
    article: str


# Art.11 (non-acceptance), verbatim in substance (§3.2 [V]).
COMPLAINT_REJECTION_GROUNDS: tuple[Ground, ...] = (
    Ground("internal", _("Quyết định hành chính, hành vi hành chính trong nội bộ, chỉ đạo điều hành, văn bản quy phạm, "
                         "thuộc bí mật quốc phòng, an ninh, ngoại giao theo danh mục"), "Điều 11.1"),
    Ground("no_interest", _("Quyết định, hành vi bị khiếu nại không liên quan trực tiếp đến quyền, lợi ích hợp pháp "
                            "của người khiếu nại"), "Điều 11.2"),
    Ground("no_capacity", _("Người khiếu nại không có năng lực hành vi dân sự đầy đủ mà không có người đại diện hợp pháp"),
           "Điều 11.3"),
    Ground("bad_representative", _("Người đại diện không hợp pháp"), "Điều 11.4"),
    Ground("unsigned", _("Đơn khiếu nại không có chữ ký hoặc điểm chỉ của người khiếu nại"), "Điều 11.5"),
    Ground("time_barred", _("Thời hiệu, thời hạn giải quyết khiếu nại đã hết mà không có lý do chính đáng"), "Điều 11.6"),
    Ground("already_second", _("Khiếu nại đã có quyết định giải quyết khiếu nại lần hai"), "Điều 11.7"),
    Ground("not_continued", _("Có văn bản thông báo đình chỉ việc giải quyết khiếu nại mà sau 30 ngày người khiếu nại "
                              "không tiếp tục khiếu nại"), "Điều 11.8"),
    Ground("court", _("Việc khiếu nại đã được Tòa án thụ lý hoặc đã được giải quyết bằng bản án, quyết định của Tòa án"),
           "Điều 11.9"),
)

# Luật Tố cáo: not accepted when the conditions of Art.29.1 fail; anonymous letters are handled per Art.25.
DENUNCIATION_REJECTION_GROUNDS: tuple[Ground, ...] = (
    Ground("anonymous", _("Đơn không rõ họ tên, địa chỉ người tố cáo hoặc mạo danh: không xử lý như tố cáo "
                          "(nếu nội dung rõ ràng, có căn cứ thì kiểm tra, xác minh theo thẩm quyền)"), "Điều 25"),
    Ground("form", _("Tố cáo không đúng hình thức (không ký tên hoặc điểm chỉ)"), "Điều 23, 29.1.a"),
    Ground("no_capacity", _("Người tố cáo không có năng lực hành vi dân sự mà không có người đại diện"), "Điều 29.1.b"),
    Ground("no_basis", _("Không có đủ căn cứ để xác định người vi phạm, hành vi vi phạm"), "Điều 29.1.d"),
    Ground("repeat", _("Tố cáo đã được giải quyết mà không có thông tin, tài liệu, chứng cứ mới"), "Điều 24.3; 29"),
)

GROUNDS_BY_KIND = {CaseKind.COMPLAINT: COMPLAINT_REJECTION_GROUNDS,
                   CaseKind.DENUNCIATION: DENUNCIATION_REJECTION_GROUNDS}


def ground_of(kind: str, code: str) -> Ground | None:
    return next((g for g in GROUNDS_BY_KIND.get(kind, ()) if g.code == code), None)


def check_rejection(kind: str, code: str, reason: str, *, anonymous: bool = False) -> Ground:
    """An anonymous letter is "not processed" only on the ground of Art.25 (the other grounds assume a
    denouncer)."""
    ground = ground_of(kind, code)
    if anonymous and kind == CaseKind.DENUNCIATION and ground is not None and ground.code != ANONYMOUS_GROUND:
        raise ValidationError({"ground": ValidationError(
            _("Đơn nặc danh, mạo danh chỉ không xử lý theo Điều 25 Luật Tố cáo."), code="invalid_ground")})
    if ground is None:
        raise ValidationError({"ground": ValidationError(_("Hãy chọn một căn cứ không thụ lý theo luật."),
                                                         code="invalid_ground")})
    if not (reason or "").strip():
        raise ValidationError({"reason": ValidationError(_("Cần nêu rõ lý do không thụ lý (thông báo bằng văn bản)."),
                                                         code="reason_required")})
    return ground


# --- the complexity of a denunciation (NĐ 31/2019 Art.3; Luật Tố cáo Art.30.2) ------------------


class ComplexityCriterion(models.TextChoices):
    """NĐ 31/2019 Art.3.2: a case meeting one criterion is complex; two or more, especially complex (Art.3.3)."""

    PLACES = "places", _("Nội dung liên quan đến từ 02 địa phương trở lên phải xác minh")
    CONTENTS = "contents", _("Có từ 02 nội dung trở lên")
    MANY_PEOPLE = "many_people", _("Nhiều người tố cáo, liên quan quyền lợi của nhiều người")
    FOREIGN = "foreign", _("Có yếu tố nước ngoài")
    AGENCIES = "agencies", _("Liên quan trách nhiệm của nhiều cơ quan, tổ chức")
    DIVERGING = "diverging", _("Các cơ quan có ý kiến khác nhau")
    CONTRADICTORY = "contradictory", _("Tài liệu, chứng cứ mâu thuẫn")


class Complexity(models.TextChoices):
    NORMAL = "normal", _("Thông thường")
    COMPLEX = "complex", _("Phức tạp")
    ESPECIALLY_COMPLEX = "especially_complex", _("Đặc biệt phức tạp")


def complexity_of(criteria: Iterable[str]) -> str:
    """0 criteria → normal; 1 → complex; ≥ 2 → especially complex (NĐ 31/2019 Art.3.2–3.3)."""
    chosen = {c for c in criteria if c in ComplexityCriterion.values}
    if not chosen:
        return Complexity.NORMAL
    return Complexity.COMPLEX if len(chosen) == 1 else Complexity.ESPECIALLY_COMPLEX


MAX_EXTENSIONS = {Complexity.NORMAL: 0, Complexity.COMPLEX: 1, Complexity.ESPECIALLY_COMPLEX: 2}  # Art.30.2


def check_reclassification(old_criteria: Iterable[str], new_criteria: Iterable[str], extensions_so_far: int) -> str:
    """A denunciation found complex (or not) while it is being verified is reclassified with the criteria of
    NĐ 31/2019 Art.3.2–3.3, so that the extensions of Luật Tố cáo Art.30.2 follow the facts. Returns the new
    complexity; refuses an unchanged set and a class that allows fewer extensions than were already granted."""
    old, new = set(old_criteria or ()), set(new_criteria or ())
    if old == new:
        raise ValidationError({"criteria": ValidationError(
            _("Tiêu chí phức tạp không thay đổi so với lúc thụ lý."), code="complexity_unchanged")})
    complexity = complexity_of(new)
    if MAX_EXTENSIONS[complexity] < extensions_so_far:
        raise ValidationError({"criteria": ValidationError(
            _("Vụ việc đã gia hạn %(n)d lần: không thể xếp lại thành vụ việc %(c)s (khoản 2 Điều 30 Luật Tố cáo).")
            % {"n": extensions_so_far, "c": Complexity(complexity).label.lower()}, code="complexity_below_extensions")})
    return complexity


def check_extension(complexity: str, extensions_so_far: int) -> None:
    """Art.30.2: complex → once; especially complex → twice; a normal case cannot be extended."""
    allowed = MAX_EXTENSIONS.get(complexity, 0)
    if allowed == 0:
        raise ValidationError(_("Vụ việc không phức tạp thì không được gia hạn (khoản 2 Điều 30 Luật Tố cáo)."),
                              code="extension_not_complex")
    if extensions_so_far >= allowed:
        raise ValidationError(
            _("Vụ việc %(c)s chỉ được gia hạn tối đa %(n)d lần (khoản 2 Điều 30 Luật Tố cáo).") % {
                "c": Complexity(complexity).label.lower(), "n": allowed},
            code="too_many_extensions")


class Finding(models.TextChoices):
    """Conclusion on a denunciation (Art.35) / a complaint decision (Art.31.2, 40.2)."""

    RIGHT = "right", _("Đúng")
    PARTLY = "partly", _("Đúng một phần")
    WRONG = "wrong", _("Sai")
