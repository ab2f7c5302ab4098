"""M8: the keyed chain and signed checkpoints detect the six ways of tampering with the audit log,
done with direct database access (the ORM refuses them)."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from danchu.core import audit, keys
from danchu.core.models import AuditChainHead, AuditCheckpoint, AuditEvent

T = AuditEvent._meta.db_table


def _append(n):
    for i in range(n):
        with transaction.atomic():
            audit.record(actor=None, verb="test.thing.done", data={"i": i})


def _sql(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def checkpoints_file(settings, tmp_path):
    settings.DANCHU_AUDIT_CHECKPOINTS = tmp_path / "checkpoints.jsonl"
    return settings.DANCHU_AUDIT_CHECKPOINTS


@pytest.mark.django_db
def test_the_orm_refuses_bulk_updates_and_deletes():
    _append(2)
    with pytest.raises(RuntimeError):
        AuditEvent.objects.filter(seq=1).update(verb="x")
    with pytest.raises(RuntimeError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 2


@pytest.mark.django_db
def test_rows_are_chained_with_a_key_kept_outside_the_database(checkpoints_file):
    _append(2)
    row = AuditEvent.objects.get(seq=2)
    assert row.key_id == keys.current_audit_key()[0] and len(row.hash) == 64
    assert audit.verify() is None


@pytest.mark.django_db
def test_1_an_edited_row_is_found(checkpoints_file):
    _append(5)
    _sql(f"UPDATE {T} SET verb = 'changed' WHERE seq = 3")
    assert audit.verify().seq == 3


@pytest.mark.django_db
def test_2_a_row_deleted_from_the_middle_is_found(checkpoints_file):
    _append(5)
    _sql(f"DELETE FROM {T} WHERE seq = 2")
    assert audit.verify().seq == 2


@pytest.mark.django_db
def test_3_a_cut_tail_is_found(checkpoints_file):
    _append(5)
    _sql(f"DELETE FROM {T} WHERE seq >= 4")
    breach = audit.verify()
    assert breach.seq == 4 and "removed" in breach.reason


@pytest.mark.django_db
def test_4_a_cut_tail_with_the_head_moved_back_contradicts_a_checkpoint(checkpoints_file):
    _append(5)
    audit.checkpoint()
    third = AuditEvent.objects.get(seq=3)
    _sql(f"DELETE FROM {T} WHERE seq >= 4")
    _sql(f"UPDATE {AuditChainHead._meta.db_table} SET seq = 3, hash = %s WHERE id = 1", [third.hash])
    _sql(f"DELETE FROM {AuditCheckpoint._meta.db_table}")  # the database's copy goes too
    breach = audit.verify()
    assert breach.seq == 4 and "rows after #3 were removed" in breach.reason


@pytest.mark.django_db
def test_5_a_rewrite_with_every_following_row_rehashed_without_the_key_is_found(checkpoints_file):
    import hashlib

    _append(4)
    rows = list(AuditEvent.objects.order_by("seq"))
    rows[1].verb = "forged.verb"
    prev = rows[0].hash
    for row in rows[1:]:  # the attacker re-hashes from row 2 on, without the chain key
        row.prev_hash = prev
        row.hash = hashlib.sha256((prev + audit.canonical(row)).encode()).hexdigest()
        _sql(f"UPDATE {T} SET verb = %s, prev_hash = %s, hash = %s WHERE seq = %s",
             [row.verb, row.prev_hash, row.hash, row.seq])
        prev = row.hash
    _sql(f"UPDATE {AuditChainHead._meta.db_table} SET hash = %s WHERE id = 1", [prev])
    assert audit.verify().seq == 2


@pytest.mark.django_db
def test_5b_even_with_the_chain_key_a_rewrite_contradicts_a_checkpoint_kept_outside(checkpoints_file):
    _append(4)
    audit.checkpoint()
    rows = list(AuditEvent.objects.order_by("seq"))
    rows[2].verb = "forged.verb"
    prev = rows[1].hash
    for row in rows[2:]:  # an insider who stole the chain key (but not the signing key)
        row.prev_hash = prev
        row.hash = audit.chain_hash(prev, row)
        _sql(f"UPDATE {T} SET verb = %s, prev_hash = %s, hash = %s WHERE seq = %s",
             [row.verb, row.prev_hash, row.hash, row.seq])
        prev = row.hash
    _sql(f"UPDATE {AuditChainHead._meta.db_table} SET hash = %s WHERE id = 1", [prev])
    _sql(f"DELETE FROM {AuditCheckpoint._meta.db_table}")
    breach = audit.verify()
    assert breach.seq == 4 and "differs from the signed checkpoint" in breach.reason


@pytest.mark.django_db
def test_6_the_whole_table_deleted_contradicts_a_checkpoint_kept_outside(checkpoints_file):
    _append(3)
    audit.checkpoint()
    for model in (AuditEvent, AuditChainHead, AuditCheckpoint):
        _sql(f"DELETE FROM {model._meta.db_table}")
    breach = audit.verify()
    assert breach.seq == 1 and "the whole log was deleted" in breach.reason


@pytest.mark.django_db
def test_a_copy_kept_by_the_front_is_checked_and_forged_checkpoints_are_refused(client, checkpoints_file, tmp_path):
    _append(3)
    audit.checkpoint()
    feed = client.get("/nhat-ky/moc-kiem-tra.json").json()
    assert feed["algorithm"] == "Ed25519" and feed["checkpoints"][0]["seq"] == 3
    copy = tmp_path / "front-copy.json"
    copy.write_text(json.dumps(feed))
    checkpoints_file.unlink()
    _sql(f"DELETE FROM {T} WHERE seq = 3")
    _sql(f"UPDATE {AuditChainHead._meta.db_table} SET seq = 2, hash = %s WHERE id = 1",
         [AuditEvent.objects.get(seq=2).hash])
    _sql(f"DELETE FROM {AuditCheckpoint._meta.db_table}")
    assert audit.verify() is None  # nothing left inside to contradict …
    with pytest.raises(CommandError, match="#3"):  # … but the Front's copy does
        call_command("verify_audit", "--checkpoints", str(copy))
    forged = dict(feed["checkpoints"][0], seq=2)
    breach = audit.verify(checkpoints=[audit.Checkpoint.from_dict(forged)])
    assert "not signed" in breach.reason


@pytest.mark.django_db
def test_the_public_page_lists_the_checkpoints(client, checkpoints_file):
    _append(2)
    audit.checkpoint()
    page = client.get("/nhat-ky/moc-kiem-tra/")
    assert page.status_code == 200 and "#2" in page.content.decode() and keys.public_key_b64() in page.content.decode()


@pytest.mark.django_db
def test_the_command_signs_a_checkpoint_when_intact_and_the_keys_command_shows_fingerprints(capsys,
                                                                                           checkpoints_file):
    _append(2)
    call_command("verify_audit", "--checkpoint")
    assert "Đã ký mốc mới: dòng #2" in capsys.readouterr().out
    assert AuditCheckpoint.objects.count() == 1 and checkpoints_file.exists()
    call_command("keys", "check")
    out = capsys.readouterr().out
    assert "audit chain key 1 (current)" in out and keys.current_audit_key()[0] in out
    assert keys.current_audit_key()[1].hex() not in out


@pytest.mark.django_db
def test_a_rotated_key_chains_new_rows_and_old_rows_stay_verifiable(settings, tmp_path, checkpoints_file):
    settings.DANCHU_KEY_DIR = tmp_path / "keys"
    keys.reset_caches()
    try:
        _append(2)
        old = keys.current_audit_key()[0]
        new = keys.create_audit_key(rotate=True)
        _append(2)
        assert [r.key_id for r in AuditEvent.objects.order_by("seq")] == [old, old, new, new]
        assert audit.verify() is None
    finally:
        keys.reset_caches()


def _legacy_rows(n):
    """Rows as the unkeyed SHA-256 chain of earlier versions wrote them."""
    import hashlib

    from django.utils import timezone

    prev = audit.GENESIS
    for seq in range(1, n + 1):
        event = AuditEvent(seq=seq, created=timezone.now(), verb="test.legacy.done", data={"n": seq}, key_id="",
                           prev_hash=prev)
        payload = json.loads(audit.canonical(event))
        payload.pop("key")
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        event.hash = hashlib.sha256((prev + text).encode()).hexdigest()
        event.save()
        prev = event.hash
    AuditChainHead.objects.update_or_create(pk=1, defaults={"seq": n, "hash": prev})


def _rekey():
    import importlib
    from types import SimpleNamespace

    from django.db.migrations.loader import MigrationLoader

    state = MigrationLoader(connection).project_state(("core", "0003_keyed_audit_chain"))
    migration = importlib.import_module("danchu.core.migrations.0003_keyed_audit_chain")
    migration.rekey(state.apps, SimpleNamespace(connection=connection))


@pytest.mark.django_db
def test_the_upgrade_rekeys_an_intact_legacy_chain(checkpoints_file):
    _legacy_rows(4)
    _rekey()
    assert {r.key_id for r in AuditEvent.objects.all()} == {keys.current_audit_key()[0]}
    assert audit.verify() is None
    _append(1)
    assert audit.verify() is None


@pytest.mark.django_db
def test_the_upgrade_refuses_to_launder_a_broken_legacy_chain(checkpoints_file):
    _legacy_rows(4)
    _sql(f"UPDATE {T} SET verb = 'changed' WHERE seq = 2")
    with pytest.raises(RuntimeError, match="broken at #2"):
        _rekey()


def test_the_deploy_check_warns_when_the_keys_sit_inside_the_data_directory(settings, tmp_path):
    from danchu.core.checks import keys_apart_from_the_data

    settings.DATA_DIR = tmp_path / "data"
    settings.DANCHU_KEY_DIR = tmp_path / "data" / "keys"
    assert [w.id for w in keys_apart_from_the_data(None)] == ["danchu.E002"]
    settings.DANCHU_KEY_DIR = tmp_path / "keys"
    assert keys_apart_from_the_data(None) == []
