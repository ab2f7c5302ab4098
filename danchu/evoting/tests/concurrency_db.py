"""Helper run in a subprocess by test_concurrency.py against the server's own database (never the test DB):

    python -m danchu.evoting.tests.concurrency_db seed N OUT.json   → a village of N opted-in households, one
                                                                     representative account + API token each, an
                                                                     open poll; writes {poll, salt, households}
    python -m danchu.evoting.tests.concurrency_db report POLL OUT.json → closes the poll, writes the votes and the
                                                                     tally computed by services.tally()
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta


def seed(n: int, out: str) -> None:
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from danchu.accounts.models import User
    from danchu.evoting import services
    from danchu.evoting.models import OptIn
    from danchu.units.domain import Kind, Level
    from danchu.units.models import AdministrativeUnit, Household, StructureVersion

    version = StructureVersion.objects.create(code="conc", name="concurrency", valid_from=date(2025, 7, 1))
    commune = AdministrativeUnit(version=version, code="C1", name="Phường Thử", kind=Kind.PHUONG,
                                 level=Level.COMMUNE, valid_from=date(2025, 7, 1))
    commune.save()
    village = AdministrativeUnit(version=version, code="C1-01", name="Khu vực Thử", kind=Kind.KHU_VUC,
                                 level=Level.VILLAGE, parent=commune, valid_from=date(2025, 7, 1))
    village.save()
    users = User.objects.bulk_create([User(username=f"ho{i:04d}", full_name=f"Đại diện hộ {i}", password="!")
                                      for i in range(n)])
    tokens = Token.objects.bulk_create([Token(user=u, key=Token.generate_key()) for u in users])
    households = Household.objects.bulk_create([
        Household(village=village, code=f"H{i:04d}", representative_name=f"Đại diện hộ {i}", representative=u,
                  established_on=date(2025, 7, 1)) for i, u in enumerate(users)])
    now = timezone.now()
    OptIn.objects.bulk_create([OptIn(household=h, opted_in_at=now) for h in households])
    poll = services.create_poll(village=village, question="Thử biểu quyết đồng thời?", actor=None,
                                opens_at=now - timedelta(minutes=1), closes_at=now + timedelta(hours=1),
                                self_management_confirmed=True)
    services.open_poll(poll=poll, actor=None)
    with open(out, "w") as f:
        json.dump({"poll": poll.pk, "salt": poll.salt,
                   "households": [[h.pk, t.key] for h, t in zip(households, tokens, strict=True)]}, f)


def report(poll_id: int, out: str) -> None:
    from django.db.models import Count

    from danchu.evoting import services
    from danchu.evoting.models import Poll, Vote

    poll = Poll.objects.get(pk=poll_id)
    services.close_poll(poll=poll, actor=None, now=poll.closes_at)
    t = services.tally(poll)
    doubled = list(Vote.objects.filter(poll=poll).values("household").annotate(n=Count("id")).filter(n__gt=1)
                   .values_list("household", flat=True))
    votes = list(Vote.objects.filter(poll=poll).values_list("household_id", "option", "receipt_hash"))
    with open(out, "w") as f:
        json.dump({"counts": list(t.result.counts), "voters": t.result.voters, "households": t.households,
                   "votes": votes, "doubled": doubled}, f)


if __name__ == "__main__":
    import django

    django.setup()
    if sys.argv[1] == "seed":
        seed(int(sys.argv[2]), sys.argv[3])
    else:
        report(int(sys.argv[2]), sys.argv[3])
