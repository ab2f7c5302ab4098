"""`danchu demo` builds the whole demo through the services and is idempotent."""

import pytest
from django.core.management import call_command

from danchu.core import audit


@pytest.mark.django_db
def test_the_demo_is_complete_and_idempotent(capsys):
    from danchu.accounts.models import User
    from danchu.disclosure.models import DisclosureItem, Posting
    from danchu.inforequests.models import InfoRequest
    from danchu.units.models import Appointment, Household

    call_command("load_units", province="92")
    call_command("demo")
    out = capsys.readouterr().out
    assert "canbo.caikhe" in out and "danchu totp_code" in out
    counts = (User.objects.count(), Household.objects.count(), Appointment.objects.count(),
              DisclosureItem.objects.count(), Posting.objects.count(), InfoRequest.objects.count())
    assert counts[1] >= 250 and counts[3] >= 80 and counts[5] == 3
    assert DisclosureItem.objects.filter(status="published").count() == counts[3]
    call_command("demo")
    assert (User.objects.count(), Household.objects.count(), Appointment.objects.count(),
            DisclosureItem.objects.count(), Posting.objects.count(), InfoRequest.objects.count()) == counts
    assert audit.verify() is None
