"""The law of steering's procedures (domain.py, pure): the workflows of reports and tasks, lateness."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from danchu.core.workflow import InvalidTransition
from danchu.steering import domain as d

# --- submission and task states --------------------------------------------------------------------


def test_submission_flow_and_refusals():
    S = d.SubmissionState
    d.SUBMISSION_WORKFLOW.check(S.DRAFT, S.SUBMITTED)
    d.SUBMISSION_WORKFLOW.check(S.SUBMITTED, S.RETURNED)
    d.SUBMISSION_WORKFLOW.check(S.RETURNED, S.SUBMITTED)
    d.SUBMISSION_WORKFLOW.check(S.SUBMITTED, S.ACCEPTED)
    for current, target in [(S.DRAFT, S.ACCEPTED), (S.ACCEPTED, S.RETURNED), (S.RETURNED, S.ACCEPTED),
                            (S.DRAFT, S.RETURNED)]:
        with pytest.raises(InvalidTransition):
            d.SUBMISSION_WORKFLOW.check(current, target)
    with pytest.raises(ValidationError) as exc:  # a refused move is a ValidationError with a stable code
        d.SUBMISSION_WORKFLOW.check(S.ACCEPTED, S.RETURNED)
    assert exc.value.code == "invalid_transition" and "Đã tiếp nhận" in exc.value.messages[0]


def test_lateness_boundaries():
    due = date(2025, 10, 7)
    assert not d.submission_is_late(due, date(2025, 10, 7), date(2025, 12, 1))
    assert d.submission_is_late(due, date(2025, 10, 8), date(2025, 12, 1))
    assert not d.submission_is_late(due, None, date(2025, 10, 7))
    assert d.submission_is_late(due, None, date(2025, 10, 8))
    assert not d.submission_is_late(None, None, date(2030, 1, 1))


def test_task_progress_moves_the_state():
    T = d.TaskState
    assert d.state_for_progress(T.NOT_STARTED, 0) == T.NOT_STARTED
    assert d.state_for_progress(T.NOT_STARTED, 1) == T.IN_PROGRESS
    assert d.state_for_progress(T.IN_PROGRESS, 100) == T.DONE
    assert d.state_for_progress(T.DONE, 90) == T.IN_PROGRESS
    with pytest.raises(InvalidTransition):
        d.TASK_WORKFLOW.check(T.CANCELLED, T.IN_PROGRESS)


def test_task_overdue_and_due_soon_boundaries():
    T = d.TaskState
    due = date(2025, 12, 31)
    assert not d.task_is_overdue(T.IN_PROGRESS, due, due)
    assert d.task_is_overdue(T.IN_PROGRESS, due, date(2026, 1, 1))
    assert not d.task_is_overdue(T.DONE, due, date(2026, 1, 1))
    assert not d.task_is_overdue(T.CANCELLED, due, date(2026, 1, 1))
    assert d.task_due_soon(T.NOT_STARTED, due, date(2025, 12, 24), 7)
    assert not d.task_due_soon(T.NOT_STARTED, due, date(2025, 12, 23), 7)
