"""K6 online vote through danchu.evoting: opened from the decision, the per-household tally fed into the one
final position per household (an online vote superseded by a paper ballot is not possible here: the online path
has no ballot; a household that also spoke at a meeting is counted once, online wins over the meeting)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from danchu.decisions import online, services
from danchu.decisions.domain import Form, Kind, State

pytestmark = pytest.mark.django_db


def _users(households):
    from danchu.accounts.models import User

    for i, h in enumerate(households):
        user = User.objects.create(username=f"dai.dien.{i}", full_name=h.representative_name)
        h.representative = user
        h.save(update_fields=["representative"])
    return households


def test_a_k6_online_vote_is_opened_cast_and_counted_on_all_households(village, households):
    from danchu.evoting import services as evoting

    _users(households)
    decision = services.decision_create(unit=village, kind=Kind.K6, form=Form.ONLINE, title="Giờ mở cổng hẻm",
                                        content="Mở cổng từ 5 giờ sáng", actor=None)
    now = timezone.now()
    for h in households[:4]:  # 4 of 9 opted in: not more than 50%
        evoting.opt_in(household=h, actor=None)
    with pytest.raises(ValidationError) as exc:
        online.online_open(decision=decision, opens_at=now - timedelta(minutes=5), closes_at=now + timedelta(hours=1),
                           actor=None)
    assert "50%" in " ".join(exc.value.messages)
    decision.refresh_from_db()
    assert decision.state == State.DRAFT and decision.poll_id is None
    evoting.opt_in(household=households[4], actor=None)
    online.online_open(decision=decision, opens_at=now - timedelta(minutes=5), closes_at=now + timedelta(hours=1),
                       actor=None)
    decision.refresh_from_db()
    assert decision.state == State.ONLINE and decision.poll.state == "open"
    for h, option in zip(households[:5], [0, 0, 0, 0, 1], strict=True):
        evoting.cast_vote(poll=decision.poll, household=h, option=option, user=h.representative)
    with pytest.raises(ValidationError):
        online.online_conclude(decision=decision, actor=None)  # not finished yet
    evoting.close_poll(poll=decision.poll, actor=None, now=now + timedelta(hours=2))
    online.online_conclude(decision=decision, actor=None)
    decision.refresh_from_db()
    # 4 agree of ALL 9 households: not > 50% → failed, although 4 of the 5 voters agreed
    assert (decision.state, decision.agree, decision.disagree, decision.participating, decision.household_total) == (
        State.FAILED, 4, 1, 5, 9)
    assert decision.result_form == Form.ONLINE
    # Mẫu 03 as the minutes of the online vote: the list of participating households in the staff copy only
    from danchu.decisions import documents

    from .test_documents import docx_text

    staff = docx_text(documents.render(decision, 3, "docx"))
    public = docx_text(documents.render(decision, 3, "docx", public=True))
    assert "BIÊN BẢN BIỂU QUYẾT TRỰC TUYẾN" in staff and households[0].representative_name in staff
    assert households[4].code in staff and households[5].code not in staff
    assert households[0].code not in public and "Tổng số hộ gia đình: 9" in public


def test_online_only_for_k6(village):
    decision = services.decision_create(unit=village, kind=Kind.K1, title="Đường", content="…", actor=None)
    now = timezone.now()
    with pytest.raises(ValidationError) as exc:
        online.online_open(decision=decision, opens_at=now, closes_at=now + timedelta(hours=1), actor=None)
    assert exc.value.code == "form_not_allowed"
