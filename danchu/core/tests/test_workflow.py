"""core.workflow: one transition table type for every procedure (pure)."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import TextChoices

from danchu.core.workflow import INVALID_TRANSITION, InvalidTransition, Workflow


class State(TextChoices):
    DRAFT = "draft", "Đang soạn"
    SENT = "sent", "Đã gửi"
    DONE = "done", "Đã xong"


FLOW = Workflow({State.DRAFT: {State.SENT}, State.SENT: {State.DONE, State.DRAFT}}, labels=State, name="báo cáo")


def test_it_allows_only_the_declared_moves():
    assert FLOW.allows(State.DRAFT, State.SENT)
    assert FLOW.allows("sent", "draft")
    assert not FLOW.allows(State.DRAFT, State.DONE)
    assert not FLOW.allows(State.DONE, State.DRAFT)
    assert not FLOW.allows("unknown", State.DRAFT)


def test_it_lists_next_and_terminal_states():
    assert FLOW.next_states(State.SENT) == {"done", "draft"}
    assert FLOW.next_states(State.DONE) == frozenset()
    assert FLOW.states == {"draft", "sent", "done"}
    assert FLOW.terminal_states == {"done"}


def test_a_refused_move_is_a_validation_error_with_a_stable_code_and_a_vietnamese_message():
    with pytest.raises(InvalidTransition) as caught:
        FLOW.check(State.DRAFT, State.DONE)
    error = caught.value
    assert isinstance(error, ValidationError)
    assert error.code == INVALID_TRANSITION
    assert error.current == "draft" and error.target == "done"
    assert error.messages == ["Không thể chuyển báo cáo từ “Đang soạn” sang “Đã xong”."]


def test_unnamed_workflows_and_unknown_states_still_read_well():
    flow = Workflow({"a": {"b"}})
    with pytest.raises(InvalidTransition) as caught:
        flow.check("b", "zz")
    assert caught.value.messages == ["Không thể chuyển từ “b” sang “zz”."]


def test_move_checks_then_sets_the_field():
    class Record:
        state = State.DRAFT

    record = Record()
    FLOW.move(record, State.SENT)
    assert record.state == State.SENT
    with pytest.raises(InvalidTransition):
        FLOW.move(record, State.SENT)
    assert record.state == State.SENT


def test_a_workflow_may_keep_the_error_code_its_clients_know():
    flow = Workflow({"draft": {"open"}}, name="cuộc biểu quyết", code="invalid_state")
    with pytest.raises(InvalidTransition) as caught:
        flow.check("draft", "closed")
    assert caught.value.code == "invalid_state"
    assert caught.value.messages == ["Không thể chuyển cuộc biểu quyết từ “draft” sang “closed”."]
