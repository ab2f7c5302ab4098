"""The demo of conventions and elections: built through the services, what it promises, idempotent."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_demo_conventions_and_elections():
    from danchu.conventions import demo as conventions_demo
    from danchu.conventions.models import Convention
    from danchu.core import audit
    from danchu.elections import demo as elections_demo
    from danchu.elections.models import Election
    from danchu.units.demo import build_demo

    call_command("load_units", province="92")
    build_demo()
    assert conventions_demo.build_demo() == {"conventions_created": 2}
    assert elections_demo.build_demo() == {"elections_created": 2}
    recognised = Convention.objects.in_force().get()
    assert recognised.versions.count() == 2 and recognised.in_force_version.number == 2
    assert recognised.versions.filter(published_on__isnull=False).count() == 2
    draft = Convention.objects.under_comment().get()
    assert draft.comments.count() == 2
    assert sorted(Election.objects.values_list("state", flat=True)) == ["planned", "recognised"]
    assert conventions_demo.build_demo() == {"conventions_created": 0}
    assert elections_demo.build_demo() == {"elections_created": 0}
    assert Convention.objects.count() == 2 and Election.objects.count() == 2
    assert audit.verify() is None
