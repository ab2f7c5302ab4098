"""The Dân bàn demo: built through the services, realistic, idempotent."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_decisions_demo_needs_the_demo_communes_and_accounts(tree):
    from danchu.decisions import demo

    assert demo.build_demo() == {"decisions_created": 0}  # no demo communes or accounts: nothing


@pytest.mark.django_db
def test_the_decisions_demo_on_the_real_demo(capsys):
    from danchu.core import audit
    from danchu.decisions import demo
    from danchu.decisions.models import Decision, Initiative

    call_command("load_units", province="92")
    call_command("demo", quiet_logins=True)
    k1 = Decision.objects.get(title=demo.K1_TITLE)
    assert k1.state == "recognised" and k1.result_form == "ballot" and k1.household_total >= 9
    assert k1.agree * 3 >= 2 * k1.household_total
    assert Decision.objects.filter(kind="k3", state="noticed").exists()
    assert Initiative.objects.filter(state="collecting").exists()
    counts = (Decision.objects.count(), Initiative.objects.count())
    assert demo.build_demo() == {"decisions_created": 0}
    assert (Decision.objects.count(), Initiative.objects.count()) == counts
    assert audit.verify() is None
