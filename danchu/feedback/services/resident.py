"""The resident after the answer: the tracking page's answer and rating window, the satisfaction rating with its
reopening (Law 10/2022 Art.35.2.a), and the closing of answered feedback once the reopening window has passed
(feedback's own daily task, not a reminder)."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from danchu.core import audit, clock
from danchu.core.calendar_service import calendar_for
from danchu.core.services import locked, service
from danchu.core.text import clean_field

from .. import domain
from ..domain import WORKFLOW, State
from ..models import Feedback, FeedbackEvent
from ..verbs import AuditVerb
from .common import event, facts, fmt, notify_handlers, reopen_days


def answer_time(feedback: Feedback):
    """When the answer the reporter sees was given: their own, or for a merged duplicate the original's."""
    if feedback.answered_at or not feedback.answer or feedback.state != State.DUPLICATE:
        return feedback.answered_at
    return feedback.duplicate_of.answered_at if feedback.duplicate_of_id else None


def rating_open(feedback: Feedback, today: date) -> bool:
    """Whether the reporter may rate now: an answer (their own or the shared one of a merged feedback) and not
    rated yet — or rated unsatisfied and still within the reopening window."""
    if not domain.can_rate(feedback.state, shared_answer=bool(feedback.answer)):
        return False
    answered_on = clock.local_date(feedback.answered_at) if feedback.answered_at else None
    return feedback.rating is None or domain.can_reopen(feedback.state, feedback.rating, answered_on, today,
                                                        reopen_days())


@service(AuditVerb.FEEDBACK_RATED)
def feedback_rate(*, feedback: Feedback, rating, comment: str = "", reopen: bool = False, actor="public") -> Feedback:
    """Satisfaction 1–5 and a comment (Law 10/2022 Art.35.2.a). Unsatisfied (≤ 3) within the window: the resident
    may reopen; the feedback goes back to "in progress" with a new answer deadline counted from today."""
    locked(feedback)
    if not domain.can_rate(feedback.state, shared_answer=bool(feedback.answer)):
        raise ValidationError({"rating": ValidationError(_("Chỉ đánh giá được phản ánh đã có câu trả lời."),
                                                         code="not_answered")})
    value = domain.check_rating(rating)
    comment = clean_field(comment, "comment", required=False, max_length=2000, single_line=False)
    today = clock.today()
    if reopen and feedback.state == State.DUPLICATE:
        raise ValidationError({"reopen": ValidationError(
            _("Phản ánh này được xử lý chung với một phản ánh khác nên không mở lại được; ông/bà có thể gửi đánh "
              "giá hoặc gửi phản ánh mới."), code="reopen_not_allowed")})
    if reopen and not domain.can_reopen(feedback.state, value, clock.local_date(feedback.answered_at)
                                        if feedback.answered_at else None, today, reopen_days()):
        raise ValidationError({"reopen": ValidationError(
            _("Chỉ mở lại được khi chưa hài lòng và trong vòng %(n)d ngày kể từ khi có câu trả lời.") % {
                "n": reopen_days()}, code="reopen_not_allowed")})
    feedback.rating, feedback.rating_comment, feedback.rated_at = value, comment, clock.now()
    fields = ["rating", "rating_comment", "rated_at", "modified"]
    event(feedback, actor=actor, kind=FeedbackEvent.Kind.RATING,
          note=_("Người phản ánh đánh giá: %(label)s (%(n)d/5).") % {"label": domain.RATING_LABELS[value],
                                                                      "n": value})
    if reopen:
        cal = calendar_for(today)
        WORKFLOW.move(feedback, State.IN_PROGRESS)
        feedback.reopen_count += 1
        feedback.received_on = today
        feedback.due_on = domain.answer_due(today, feedback.answer_days, cal)
        feedback.answered_on_time = None
        feedback.closed_at = None
        feedback.escalated_at = None
        fields += ["state", "reopen_count", "received_on", "due_on", "answered_on_time", "closed_at", "escalated_at"]
        event(feedback, actor=actor, note=_("Người phản ánh chưa hài lòng và đề nghị xem xét lại; hạn trả lời mới: "
                                            "%(due)s.") % {"due": fmt(feedback.due_on)})
    elif feedback.state == State.ANSWERED and domain.is_satisfied(value):
        WORKFLOW.move(feedback, State.CLOSED)
        feedback.closed_at = clock.now()
        fields += ["state", "closed_at"]
    feedback.save(update_fields=fields)
    audit.record(actor=actor, verb=AuditVerb.FEEDBACK_RATED, target=feedback, unit=feedback.commune,
                 data=facts(feedback, rating=value, reopened=bool(reopen)))
    if reopen:
        notify_handlers(feedback, actor=actor, subject=_("Phản ánh %(code)s được mở lại") % {
            "code": feedback.tracking_code}, body=_("Người phản ánh chưa hài lòng: %(comment)s") % {
            "comment": comment or "—"})
    return feedback


def close_answered(*, today: date | None = None) -> int:
    """Close answered feedback once the resident's reopening window has passed (each in its own transaction,
    audited as done by the system)."""
    today = today or clock.today()
    cutoff = today - timedelta(days=reopen_days())
    closed = 0
    for feedback in Feedback.objects.filter(state=State.ANSWERED, answered_at__date__lt=cutoff).iterator(
            chunk_size=500):
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            locked(feedback)
            if feedback.state != State.ANSWERED:
                continue
            WORKFLOW.move(feedback, State.CLOSED)
            feedback.closed_at = clock.now()
            feedback.save(update_fields=["state", "closed_at", "modified"])
            event(feedback, actor="system", note=_("Kết thúc: hết thời hạn đề nghị xem xét lại."))
            audit.record(actor="system", verb=AuditVerb.FEEDBACK_CLOSED_AUTOMATICALLY, target=feedback,
                         unit=feedback.commune, data=facts(feedback))
            closed += 1
    return closed
