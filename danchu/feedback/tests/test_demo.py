"""The feedback demo: built through the services on the Cần Thơ demo, every state present, idempotent."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_feedback_demo_is_populated_and_idempotent():
    from danchu.core import audit
    from danchu.feedback import demo
    from danchu.feedback.models import Feedback
    from danchu.units.demo import build_demo as units_demo

    call_command("load_units", province="92")
    units_demo(households_per_village=2)
    result = demo.build_demo()
    assert result["feedback_created"] == 15 and result["open311_api_key"]
    states = set(Feedback.objects.values_list("state", flat=True))
    assert {"closed", "answered", "in_progress", "received", "duplicate"} <= states
    assert Feedback.objects.filter(answered_on_time=False).exists() and Feedback.objects.filter(
        answered_on_time=True).exists()
    assert Feedback.objects.filter(events__kind="transfer").exists()
    assert demo.build_demo() == {"feedback_created": 0}
    assert Feedback.objects.count() == 15
    assert audit.verify() is None
