"""The steering demo builds through the services, crosses the 2025 reorganisation and is idempotent."""

from datetime import date

import pytest

from danchu.core import audit


@pytest.mark.django_db
def test_the_steering_demo_is_complete_and_idempotent():
    from django.core.management import call_command

    from danchu.steering import demo, services
    from danchu.steering.models import Plan, ReportTemplate, Submission, Task
    from danchu.units.demo import build_demo as units_demo

    call_command("load_units", province="92")
    units_demo(households_per_village=2)
    today = date(2026, 11, 25)
    first = demo.build_demo(today=today)
    assert first["plans"] == 1 and first["templates"] == 2 and first["reports"] > 30
    counts = (Plan.objects.count(), Task.objects.count(), Submission.objects.count())
    again = demo.build_demo(today=today)
    assert again["reports"] == 0 and (Plan.objects.count(), Task.objects.count(), Submission.objects.count()) == counts
    yearly = ReportTemplate.objects.get(title=demo.YEARLY_TITLE)
    result = services.rollup(template=yearly, scope=yearly.unit, start=date(2021, 1, 1), end=date(2025, 12, 31))
    assert result.legacy_reports > 0 and result.reports > result.legacy_reports
    assert audit.verify() is None
