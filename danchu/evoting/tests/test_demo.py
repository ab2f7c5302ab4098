"""The online-vote demo: built through the services on top of the units demo, idempotent."""

import pytest

from danchu.core import audit


@pytest.mark.django_db
def test_the_demo_has_an_open_poll_and_a_published_one_with_a_receipt_to_check(client):
    from danchu.evoting import demo, services
    from danchu.evoting.domain import PollState
    from danchu.evoting.models import Poll, Vote
    from danchu.units.demo import build_demo as build_units

    build_units(households_per_village=6)
    first = demo.build_demo()
    assert first["evoting_polls_created"] == 2 and first["evoting_receipt_of_nguoidan"]
    assert demo.build_demo() == {"evoting_polls_created": 0}
    published = Poll.objects.get(state=PollState.PUBLISHED)
    assert Poll.objects.filter(state=PollState.OPEN).count() == 1
    assert services.find_receipt(published, first["evoting_receipt_of_nguoidan"]) is not None
    assert Vote.objects.filter(poll=published).count() == services.tally(published).result.voters > 0
    html = client.get(first["evoting_result_page"], {"ma": first["evoting_receipt_of_nguoidan"]}).content.decode()
    assert "Phiếu của bạn đã được đếm" in html
    assert audit.verify() is None
