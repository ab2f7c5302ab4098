"""The demo consultations are built through the services, are idempotent and keep the audit chain intact."""

import pytest

from danchu.core import audit


@pytest.mark.django_db
def test_the_demo_builds_an_open_and_a_decided_consultation_once():
    from danchu.consultations.demo import CLOSED_TITLE, OPEN_TITLE, build_demo
    from danchu.consultations.models import Consultation
    from danchu.units.demo import build_demo as build_units

    build_units(households_per_village=2)
    first = build_demo()
    assert first["consultations_created"] == 2
    open_c = Consultation.objects.get(title=OPEN_TITLE)
    assert open_c.state == "open" and open_c.is_open(open_c.opens_on)
    assert set(open_c.opinions.values_list("channel", flat=True)) == {
        "online", "meeting", "hotline", "comment_box", "letter"}
    closed = Consultation.objects.get(title=CLOSED_TITLE)
    assert closed.state == "decided" and closed.against_majority and closed.majority_stance == "disagree"
    assert not closed.opinions.filter(entry__isnull=True).exists()
    assert closed.synthesis_item.status == "published" and closed.synthesis_item.version == 2
    assert build_demo()["consultations_created"] == 0
    assert Consultation.objects.count() == 2
    assert audit.verify() is None
