"""The audit log is append-only and hash-chained; verify_audit finds the first altered or removed row."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from danchu.core import audit
from danchu.core.models import AuditEvent


def _append(n: int, user=None) -> list[AuditEvent]:
    events = []
    for i in range(n):
        with transaction.atomic():
            events.append(audit.record(actor=user, verb="test.thing.done", data={"i": i, "tên": "Cần Thơ"}))
    return events


def _raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_it_chains_each_row_to_the_previous_one():
    events = _append(3)
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[0].prev_hash == audit.GENESIS
    assert events[1].prev_hash == events[0].hash and events[2].prev_hash == events[1].hash
    assert audit.verify() is None


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_record_outside_a_transaction():
    with pytest.raises(RuntimeError):
        audit.record(actor=None, verb="test.thing.done")


@pytest.mark.django_db
def test_it_refuses_updates_and_deletes_through_the_orm():
    (event,) = _append(1)
    event.verb = "changed"
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()


@pytest.mark.django_db
def test_it_finds_a_row_altered_in_the_database():
    _append(5)
    _raw(f"UPDATE {AuditEvent._meta.db_table} SET data = %s WHERE seq = 3", ['{"i": 99}'])
    breach = audit.verify()
    assert breach is not None and breach.seq == 3 and "altered" in breach.reason


@pytest.mark.django_db
def test_it_finds_a_row_removed_from_the_middle():
    _append(5)
    _raw(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq = 2")
    breach = audit.verify()
    assert breach is not None and breach.seq == 2


@pytest.mark.django_db
def test_it_finds_the_last_rows_removed():
    _append(4)
    _raw(f"DELETE FROM {AuditEvent._meta.db_table} WHERE seq >= 3")
    breach = audit.verify()
    assert breach is not None and breach.seq == 3 and "removed" in breach.reason


@pytest.mark.django_db
def test_it_finds_a_row_whose_hash_was_recomputed_after_an_edit():
    events = _append(4)
    forged = AuditEvent.objects.get(seq=2)
    forged.verb = "forged.verb"
    forged.hash = audit.chain_hash(forged.prev_hash, forged)
    forged.save(_allow_update=True)
    breach = audit.verify()
    assert breach is not None and breach.seq == 3  # the next row no longer links to it
    assert events[2].prev_hash != forged.hash


@pytest.mark.django_db
def test_verify_audit_command_reports_ok_and_the_first_breach(capsys):
    _append(3)
    call_command("verify_audit")
    assert "nguyên vẹn" in capsys.readouterr().out
    _raw(f"UPDATE {AuditEvent._meta.db_table} SET verb = 'x' WHERE seq = 2")
    with pytest.raises(CommandError, match="#2"):
        call_command("verify_audit")


@pytest.mark.django_db(transaction=True)
def test_it_rolls_the_audit_row_back_with_the_change():
    from danchu.units.models import StructureVersion

    with pytest.raises(ZeroDivisionError), transaction.atomic():
        StructureVersion.objects.create(code="x", name="x")
        audit.record(actor=None, verb="test.thing.done")
        1 / 0  # noqa: B018
    assert not AuditEvent.objects.exists() and not StructureVersion.objects.filter(code="x").exists()
    _append(1)
    assert audit.verify() is None
