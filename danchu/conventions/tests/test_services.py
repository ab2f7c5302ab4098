"""Services of NĐ61/2023 on a database: the whole procedure, its audit trail, and abuse (counts that exceed the
households, steps out of order, dates before the posting period or in the future) — clear errors, nothing changed."""

from datetime import date, datetime

import pytest
from django.core.exceptions import ValidationError

from danchu.conventions import services
from danchu.conventions.domain import CommentChannel, MeasureKind, Outcome, Proposer, Scope, State, VoteMethod
from danchu.conventions.models import AdoptionVote, Convention
from danchu.core.models import AuditEvent

from .conftest import TEXT_V1, TEXT_V2, VN, add_households

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("december")]


def verbs(convention):
    return list(AuditEvent.objects.filter(target_type="conventions.convention", target_id=str(convention.pk))
                .order_by("seq").values_list("verb", flat=True))


def test_it_runs_the_whole_procedure_to_recognition(posted, personas, december):
    head, official = personas["village_head"], personas["official_a"]
    december.move_to(datetime(2026, 11, 20, 9, 0, tzinfo=VN))  # during the comment period
    services.comment_submit(convention=posted, user=personas["resident"], body="Nên giảm mức đóng góp.")
    services.comment_record(convention=posted, actor=head, channel=CommentChannel.MEETING,
                            author_name="Chi hội Người cao tuổi", body="Bổ sung việc cưới, việc tang.",
                            received_on=date(2026, 11, 20))
    version = services.convention_revise(convention=posted, text=TEXT_V2, reason="Tiếp thu ý kiến góp ý",
                                         actor=head)
    assert version.number == 2 and version.published_on == date(2026, 11, 20)  # public at once while posted
    december.move_to(datetime(2026, 12, 21, 9, 0, tzinfo=VN))
    vote = services.vote_record(convention=posted, method=VoteMethod.MEETING, held_on=date(2026, 12, 5),
                                present=70, approve=62, against=5, actor=head)
    posted.refresh_from_db()
    assert (vote.households_total, vote.outcome, vote.other, vote.households_absent) == (100, Outcome.ADOPTED, 3, 30)
    assert posted.state == State.ADOPTED and posted.adopted_version == version
    assert posted.submit_due_on == date(2026, 12, 11)  # Sat 05/12 + 5 WD: 7, 8, 9, 10, 11
    services.convention_submit(convention=posted, submitted_on=date(2026, 12, 9), actor=head)
    assert posted.recognise_due_on == date(2026, 12, 16)
    services.convention_recognise(convention=posted, decision_number="125/QĐ-UBND", decided_on=date(2026, 12, 15),
                                  signer="Trần Quốc Cường", actor=official)
    posted.refresh_from_db()
    assert posted.state == State.RECOGNISED and posted.in_force_version == version
    assert (version.__class__.objects.get(pk=version.pk).recognition_number, posted.in_force_since) == (
        "125/QĐ-UBND", date(2026, 12, 15))
    assert posted.distribute_due_on == date(2026, 12, 17)
    assert services.warnings(posted) == [
        "Quá hạn: gửi văn bản đã công nhận cho Trưởng thôn và UB MTTQ (02 ngày làm việc, Điều 18) (hạn 17/12/2026)."]
    services.convention_distribute(convention=posted, distributed_on=date(2026, 12, 16), actor=official)
    assert services.warnings(posted) == []
    assert Convention.objects.in_force().get() == posted
    assert verbs(posted) == [
        "conventions.convention.proposed", "conventions.convention.posted", "conventions.convention.commented",
        "conventions.convention.comment_recorded", "conventions.convention.revised", "conventions.convention.voted",
        "conventions.convention.submitted", "conventions.convention.recognised", "conventions.convention.distributed"]


def test_a_meeting_without_enough_households_goes_to_a_ballot(posted, personas):
    head = personas["village_head"]
    first = services.vote_record(convention=posted, method=VoteMethod.MEETING, held_on=date(2026, 12, 5),
                                 present=50, approve=50, against=0, actor=head)
    posted.refresh_from_db()
    assert first.outcome == Outcome.NEEDS_BALLOT and posted.state == State.BALLOT
    with pytest.raises(ValidationError):  # a second meeting record is not the ballot
        services.vote_record(convention=posted, method=VoteMethod.MEETING, held_on=date(2026, 12, 12), present=80,
                             approve=70, against=0, actor=head)
    services.vote_record(convention=posted, method=VoteMethod.BALLOT, held_on=date(2026, 12, 14), present=90,
                         approve=51, against=30, actor=head)
    posted.refresh_from_db()
    assert posted.state == State.ADOPTED and posted.voted_on == date(2026, 12, 14)


def test_exactly_half_approving_is_not_adopted_and_a_new_round_can_start(posted, personas):
    services.vote_record(convention=posted, method=VoteMethod.MEETING, held_on=date(2026, 12, 5), present=90,
                         approve=50, against=40, actor=personas["village_head"])
    posted.refresh_from_db()
    assert posted.state == State.NOT_ADOPTED
    services.convention_amend(convention=posted, reason="Soạn lại theo ý kiến cuộc họp", actor=personas["village_head"])
    assert posted.state == State.DRAFTING and posted.posted_on is None and not posted.is_amendment


@pytest.mark.parametrize("present, approve, against, field", [
    (101, 60, 0, "present"),   # more attendees than households of the village
    (60, 61, 0, "approve"),
    (60, 40, 30, "approve"),
])
def test_it_refuses_counts_that_exceed_the_households(posted, personas, present, approve, against, field):
    before = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    with pytest.raises(ValidationError) as exc:
        services.vote_record(convention=posted, method=VoteMethod.MEETING, held_on=date(2026, 12, 5),
                             present=present, approve=approve, against=against, actor=personas["village_head"])
    assert "vượt quá" in " ".join(exc.value.messages)
    posted.refresh_from_db()
    assert posted.state == State.POSTED and not AdoptionVote.objects.exists()
    rejected = AuditEvent.objects.filter(seq__gt=before).get()  # the attempt is on record, nothing else changed
    assert rejected.verb == "conventions.convention.voted.rejected"
    assert rejected.data["input"]["present"] == present and rejected.data["codes"]


def test_the_total_is_the_register_on_the_vote_date(posted, personas, tree):
    add_households(tree.village_a1, 20, on=date(2026, 12, 10), prefix="N")  # moved in after the meeting
    vote = services.vote_record(convention=posted, method=VoteMethod.MEETING, held_on=date(2026, 12, 5),
                                present=60, approve=51, against=0, actor=personas["village_head"])
    assert vote.households_total == 100 and vote.outcome == Outcome.ADOPTED


@pytest.mark.parametrize("held_on, code", [(date(2026, 12, 1), "before_posting_end"), (date(2026, 12, 22), "in_future")])
def test_it_refuses_a_vote_before_the_posting_ends_or_in_the_future(posted, personas, held_on, code):
    with pytest.raises(ValidationError) as exc:
        services.vote_record(convention=posted, method=VoteMethod.MEETING, held_on=held_on, present=60, approve=60,
                             against=0, actor=personas["village_head"])
    assert exc.value.error_dict["held_on"][0].code == code


def test_it_refuses_recognition_out_of_order(draft, personas):
    with pytest.raises(ValidationError) as exc:
        services.convention_recognise(convention=draft, decision_number="1/QĐ-UBND", decided_on=date(2026, 12, 1),
                                      signer="", actor=personas["official_a"])
    assert exc.value.code == "invalid_transition"
    draft.refresh_from_db()
    assert draft.state == State.DRAFTING and draft.in_force_version is None


def test_it_refuses_a_posting_shorter_than_thirty_days(draft, personas):
    with pytest.raises(ValidationError) as exc:
        services.convention_post(convention=draft, posted_on=date(2026, 11, 2), comment_until=date(2026, 12, 1),
                                 place="Nhà văn hóa", actor=personas["village_head"])
    assert "comment_until" in exc.value.message_dict
    draft.refresh_from_db()
    assert draft.state == State.DRAFTING


def test_a_citizens_proposal_needs_ten_percent_of_households(village_100, personas):
    kwargs = dict(village=village_100, title="Quy ước về an ninh trật tự", text="Điều 1. …", actor=personas["resident"],
                  proposer=Proposer.CITIZENS, proposed_on=date(2026, 10, 1))
    with pytest.raises(ValidationError) as exc:
        services.convention_propose(households_consenting=9, **kwargs)
    assert exc.value.error_dict["households_consenting"][0].code == "below_proposal_threshold"
    convention = services.convention_propose(households_consenting=10, **kwargs)
    assert (convention.proposal_households_total, convention.proposal_households_consenting) == (100, 10)


def test_online_comments_only_while_posted_and_logged_in(draft, posted, personas):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ValidationError):
        services.comment_submit(convention=posted, user=AnonymousUser(), body="x")
    posted.comment_until = date(2026, 12, 20)
    posted.save()
    with pytest.raises(ValidationError) as exc:  # 21/12 is after the period
        services.comment_submit(convention=posted, user=personas["resident"], body="Muộn")
    assert exc.value.code == "comments_closed"


def test_an_amendment_keeps_the_old_version_in_force_until_recognised(posted, personas):
    head, official = personas["village_head"], personas["official_a"]
    services.vote_record(convention=posted, method=VoteMethod.MEETING, held_on=date(2026, 12, 5), present=70,
                         approve=62, against=5, actor=head)
    services.convention_submit(convention=posted, submitted_on=date(2026, 12, 7), actor=head)
    services.convention_recognise(convention=posted, decision_number="7/QĐ-UBND", decided_on=date(2026, 12, 8),
                                  signer="", actor=official)
    v1 = posted.in_force_version
    services.convention_amend(convention=posted, reason="Điều chỉnh mức đóng góp", actor=head)
    with pytest.raises(ValidationError):  # nothing amended yet
        services.convention_post(convention=posted, posted_on=date(2026, 12, 9), comment_until=date(2027, 1, 10),
                                 place="Nhà văn hóa", actor=head)
    services.convention_revise(convention=posted, text=TEXT_V2, reason="Sửa Điều 2", actor=head)
    posted.refresh_from_db()
    assert posted.is_amendment and posted.state == State.DRAFTING and posted.in_force_version == v1
    assert Convention.objects.in_force().filter(pk=posted.pk).exists()


def test_suspension_annulment_and_review(posted, personas):
    head, official = personas["village_head"], personas["official_a"]
    services.vote_record(convention=posted, method=VoteMethod.MEETING, held_on=date(2026, 12, 5), present=70,
                         approve=62, against=5, actor=head)
    services.convention_submit(convention=posted, submitted_on=date(2026, 12, 7), actor=head)
    services.convention_recognise(convention=posted, decision_number="7/QĐ-UBND", decided_on=date(2026, 12, 8),
                                  signer="", actor=official)
    partial = services.convention_measure(convention=posted, kind=MeasureKind.SUSPENSION, scope=Scope.PARTIAL,
                                          provisions="Điều 2", reason="Mức thu trái quy định",
                                          reported_on=date(2026, 12, 10), decided_on=date(2026, 12, 16),
                                          decision_number="9/QĐ-UBND", actor=official)
    assert partial.due_on == date(2026, 12, 15) and partial.is_late
    posted.refresh_from_db()
    assert posted.state == State.RECOGNISED
    assert any("ra muộn" in w for w in services.warnings(posted))
    services.review_record(convention=posted, held_on=date(2026, 12, 18), summary="Các hộ thực hiện tốt.", actor=head)
    with pytest.raises(ValidationError):
        services.review_record(convention=posted, held_on=date(2026, 12, 19), summary="Lần hai", actor=head)
    services.convention_measure(convention=posted, kind=MeasureKind.ANNULMENT, scope=Scope.FULL,
                                reason="Trái pháp luật", reported_on=date(2026, 12, 17), decided_on=date(2026, 12, 18),
                                decision_number="10/QĐ-UBND", actor=official)
    posted.refresh_from_db()
    assert posted.state == State.ANNULLED and not Convention.objects.in_force().exists()
    with pytest.raises(ValidationError):
        services.review_record(convention=posted, held_on=date(2026, 12, 20), summary="x", actor=head)


def test_a_village_without_households_cannot_vote(tree, personas):
    convention = services.convention_propose(village=tree.village_a2, title="Quy ước Khu vực 2", text=TEXT_V1,
                                             actor=personas["official_a"], proposed_on=date(2026, 10, 1))
    services.convention_post(convention=convention, posted_on=date(2026, 11, 2), comment_until=date(2026, 12, 2),
                             place="Bảng tin", actor=personas["official_a"])
    with pytest.raises(ValidationError) as exc:
        services.vote_record(convention=convention, method=VoteMethod.MEETING, held_on=date(2026, 12, 5), present=0,
                             approve=0, against=0, actor=personas["official_a"])
    assert exc.value.code == "no_households"


def test_revise_refuses_an_unchanged_text_and_a_commune_as_village(draft, personas, tree):
    with pytest.raises(ValidationError):
        services.convention_revise(convention=draft, text=TEXT_V1, reason="Không đổi", actor=personas["village_head"])
    with pytest.raises(ValidationError):
        services.convention_propose(village=tree.commune_a, title="X", text="Y", actor=personas["official_a"])
