"""Services: the happy path, every refusal (nothing changed, audited) and the hidden results."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from danchu.core.models import AuditEvent
from danchu.evoting import services
from danchu.evoting.domain import PollState
from danchu.evoting.models import OptIn, Vote

from .conftest import close

pytestmark = pytest.mark.django_db


def _code(exc) -> str:
    e = exc.value
    return e.code if not hasattr(e, "error_dict") else next(iter(e.error_dict.values()))[0].code


def test_opt_in_is_idempotent_audited_and_can_be_withdrawn(hh, personas):
    services.opt_in(household=hh[0], actor=personas["resident"])
    services.opt_in(household=hh[0], actor=personas["resident"])
    assert OptIn.objects.active().count() == 1
    assert AuditEvent.objects.filter(verb="evoting.opt_in.created").count() == 1
    services.opt_out(household=hh[0], actor=personas["resident"])
    assert OptIn.objects.active().count() == 0
    services.opt_in(household=hh[0], actor=personas["resident"])
    assert OptIn.objects.active().count() == 1


def test_a_poll_cannot_open_with_exactly_half_of_households_opted_in(hh, tree, personas):
    for h in hh[:2]:  # 2 of 4 = exactly 50%
        services.opt_in(household=h, actor=None)
    now = services.timezone.now()
    poll = services.create_poll(village=tree.village_a1, question="Q?", actor=None, opens_at=now,
                                closes_at=now + timedelta(hours=1), self_management_confirmed=True)
    with pytest.raises(ValidationError) as exc:
        services.open_poll(poll=poll, actor=personas["village_head"])
    assert _code(exc) == "opt_in_below_half"
    poll.refresh_from_db()
    assert poll.state == PollState.DRAFT
    assert AuditEvent.objects.filter(verb="evoting.poll.opened.rejected").exists()
    services.opt_in(household=hh[2], actor=None)  # 3 of 4
    services.open_poll(poll=poll, actor=personas["village_head"])
    assert poll.state == PollState.OPEN and poll.total_households == 4 and poll.opted_in_households == 3


def test_create_poll_rejects_bad_input_with_field_errors(tree):
    now = services.timezone.now()
    with pytest.raises(ValidationError) as exc:
        services.create_poll(village=tree.commune_a, question=" ", actor=None, opens_at=now, closes_at=now,
                             options=["Một"])
    assert set(exc.value.error_dict) == {"village", "question", "options", "closes_at", "self_management_confirmed"}


def test_a_standalone_poll_is_k6_only_with_the_three_options_of_nd59(tree, personas, opted):
    """Law 10/2022 Art.17.2; NĐ59 Art.5: no online vote on contributions, hương ước or elections; options fixed."""
    now = services.timezone.now()
    head = personas["village_head"]
    kwargs = {"village": tree.village_a1, "actor": head, "opens_at": now, "closes_at": now + timedelta(hours=1)}
    with pytest.raises(ValidationError) as exc:  # no confirmation that the content is "công việc tự quản khác"
        services.create_poll(question="Mỗi hộ góp 500.000 đồng làm đường?", **kwargs)
    assert set(exc.value.error_dict) == {"self_management_confirmed"}
    assert "công việc tự quản khác" in exc.value.error_dict["self_management_confirmed"][0].messages[0]
    with pytest.raises(ValidationError) as exc:  # custom options
        services.create_poll(question="Chọn màu sơn?", options=["Xanh", "Đỏ"], self_management_confirmed=True,
                             **kwargs)
    assert set(exc.value.error_dict) == {"options"}
    assert "Đồng ý / Không đồng ý / Ý kiến khác" in exc.value.error_dict["options"][0].messages[0]
    with pytest.raises(ValidationError) as exc:  # "không đồng ý" counted as the approval
        services.create_poll(question="Q?", approval_option=1, self_management_confirmed=True, **kwargs)
    assert set(exc.value.error_dict) == {"approval_option"}
    assert not services.Poll.objects.exists()
    poll = services.create_poll(question="Q?", options=[" đồng  ý", "KHÔNG ĐỒNG Ý", "ý kiến khác"],
                                self_management_confirmed=True, **kwargs)
    assert poll.options == ["Đồng ý", "Không đồng ý", "Ý kiến khác"] and poll.approval_option == 0
    assert poll.self_management_confirmed


def test_a_draft_not_confirmed_as_k6_cannot_be_opened(tree, personas, opted):
    now = services.timezone.now()
    legacy = services.Poll.objects.create(  # a draft stored before the K6 confirmation existed
        village=tree.village_a1, question="Góp tiền làm đường?", options=["Có", "Không"], approval_option=0,
        opens_at=now, closes_at=now + timedelta(hours=1), salt="s")
    with pytest.raises(ValidationError) as exc:
        services.open_poll(poll=legacy, actor=personas["village_head"])
    assert _code(exc) == "not_self_management" and "công việc tự quản khác" in exc.value.messages[0]
    legacy.refresh_from_db()
    assert legacy.state == PollState.DRAFT
    assert AuditEvent.objects.filter(verb="evoting.poll.opened.rejected", data__codes=["not_self_management"]).exists()


def test_a_household_votes_once_gets_a_receipt_and_only_its_hash_is_stored(open_poll, personas, hh):
    cast = services.cast_vote(poll=open_poll, household=hh[0], option=0, user=personas["resident"])
    assert len(cast.receipt_code) == 17
    vote = Vote.objects.get()
    assert vote.receipt_hash != cast.receipt_code and cast.receipt_code not in str(Vote.objects.values().get())
    with pytest.raises(ValidationError) as exc:
        services.cast_vote(poll=open_poll, household=hh[0], option=1, user=personas["resident"])
    assert _code(exc) == "already_voted"
    assert "mỗi hộ chỉ một phiếu" in exc.value.messages[0]
    assert Vote.objects.get().option == 0
    # the audit log names the household but never the option
    cast_event = AuditEvent.objects.get(verb="evoting.vote.cast")
    assert cast_event.data == {"household": hh[0].pk}
    assert AuditEvent.objects.filter(verb="evoting.vote.cast.rejected", data__codes=["already_voted"]).count() == 1
    # nor does the refused attempt's option
    assert AuditEvent.objects.get(verb="evoting.vote.cast.rejected").data["input"]["option"] == "…"


@pytest.mark.parametrize("case,code", [
    ("other_user", "not_representative"), ("other_village", "wrong_village"), ("not_opted", "not_opted_in"),
    ("bad_option", "invalid_option"), ("before", "too_early"), ("after", "too_late"), ("anonymous", "not_representative"),
])
def test_abusive_votes_are_refused_nothing_changes_and_they_are_audited(open_poll, personas, hh, tree, case, code):
    household, user, option, now = hh[0], personas["resident"], 0, None
    if case == "other_user":
        user = personas["official_a"]
    elif case == "other_village":
        household = tree.household_b1
        household.representative = user
        household.save()
    elif case == "not_opted":
        household = hh[3]
        household.representative = user
        household.save()
    elif case == "bad_option":
        option = 3
    elif case == "before":
        now = open_poll.opens_at - timedelta(seconds=1)
    elif case == "after":
        now = open_poll.closes_at
    elif case == "anonymous":
        from django.contrib.auth.models import AnonymousUser
        user = AnonymousUser()
    with pytest.raises(ValidationError) as exc:
        services.cast_vote(poll=open_poll, household=household, option=option, user=user, now=now)
    assert _code(exc) == code
    assert Vote.objects.count() == 0
    assert AuditEvent.objects.filter(verb="evoting.vote.cast.rejected", data__codes=[code]).count() == 1


def test_votes_before_open_and_after_close_are_refused(poll, opted, personas):
    with pytest.raises(ValidationError) as exc:
        services.cast_vote(poll=poll, household=opted[0], option=0, user=personas["resident"])
    assert _code(exc) == "not_open"
    services.open_poll(poll=poll, actor=personas["village_head"])
    close(poll, personas["village_head"])
    with pytest.raises(ValidationError) as exc:
        services.cast_vote(poll=poll, household=opted[0], option=0, user=personas["resident"])
    assert _code(exc) == "closed"
    assert Vote.objects.count() == 0


def test_results_are_hidden_until_close_then_tally_maps_households(open_poll, personas, hh):
    for h in hh[1:3]:
        h.representative = personas["official_b"]  # any linked account will do
        h.save()
    services.cast_vote(poll=open_poll, household=hh[0], option=0, user=personas["resident"])
    services.cast_vote(poll=open_poll, household=hh[1], option=0, user=personas["official_b"])
    services.cast_vote(poll=open_poll, household=hh[2], option=1, user=personas["official_b"])
    assert services.participation(open_poll) == 3
    for read in (services.tally, services.participants, services.export_ballots):
        with pytest.raises(ValidationError) as exc:
            read(open_poll)
        assert _code(exc) == "results_hidden"
    with pytest.raises(ValidationError):
        services.find_receipt(open_poll, "AAAAA-BBBBB-CCCCC")
    with pytest.raises(ValidationError) as exc:
        services.close_poll(poll=open_poll, actor=personas["village_head"])
    assert _code(exc) == "too_early"
    close(open_poll, personas["village_head"])
    t = services.tally(open_poll)
    assert t.counts == {0: 2, 1: 1, 2: 0}
    assert t.households == {hh[0].pk: 0, hh[1].pk: 0, hh[2].pk: 1}
    assert t.result.total_households == 4 and t.result.passes is False  # 2 of 4 is not > 50%
    assert [h.code for h in services.participants(open_poll)] == ["A1-001", "A1-002", "A1-003"]


def test_receipt_is_found_after_close_and_the_export_reproduces_the_tally(open_poll, personas, hh):
    cast = services.cast_vote(poll=open_poll, household=hh[0], option=2, user=personas["resident"])
    close(open_poll, personas["village_head"])
    assert services.find_receipt(open_poll, cast.receipt_code.lower()).option == 2
    assert services.find_receipt(open_poll, "22222-22222-22222") is None
    assert services.find_receipt(open_poll, "garbage") is None
    data = services.export_ballots(open_poll)
    assert data["ballots"] == [{"receipt_hash": services.domain.receipt_hash(cast.receipt_code, open_poll.salt),
                                "option": 2}]
    assert data["tally"]["options"][2]["count"] == 1


def test_publish_only_after_close(open_poll, personas):
    with pytest.raises(ValidationError):
        services.publish_poll(poll=open_poll, actor=personas["village_head"])
    close(open_poll, personas["village_head"])
    services.publish_poll(poll=open_poll, actor=personas["village_head"])
    assert open_poll.state == PollState.PUBLISHED
    with pytest.raises(ValidationError):
        services.open_poll(poll=open_poll, actor=personas["village_head"])


def test_due_polls_are_closed_by_the_periodic_job(open_poll, personas, poll):
    assert services.close_due_polls() == 0
    assert services.close_due_polls(now=open_poll.closes_at) == 1
    open_poll.refresh_from_db()
    assert open_poll.state == PollState.CLOSED
    assert AuditEvent.objects.filter(verb="evoting.poll.closed", actor_label="danchu").exists()
    assert services.close_due_polls(now=open_poll.closes_at) == 0
