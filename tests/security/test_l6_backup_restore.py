"""L6: no backup or restore command; a restore without the media files made downloads 500."""

import json
import tarfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from danchu.core import audit
from danchu.core.backup import BackupError, read_manifest, restore


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DANCHU_AUDIT_CHECKPOINTS = tmp_path / "checkpoints.jsonl"
    return settings.MEDIA_ROOT


def _attachment():
    from danchu.core.attachments import attachment_create

    return attachment_create(uploaded_file=SimpleUploadedFile("bien-ban.txt", "Biên bản họp".encode()), actor=None)


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_the_database_and_the_files_and_the_chain_still_verifies(media, tmp_path, capsys):
    from danchu.core.models import Attachment, CalendarOverride

    attachment = _attachment()
    with transaction.atomic():
        audit.record(actor=None, verb="test.thing.done", data={"n": 1})
    CalendarOverride.objects.create(date="2027-01-02", kind="off", name="Nghỉ bù")
    call_command("backup", str(tmp_path / "b.tar"))
    manifest = read_manifest(tmp_path / "b.tar")
    assert manifest["audit_head"]["seq"] >= 2 and any(n.startswith("media/") for n in manifest["files"])
    assert "audit_chain" in manifest["keys_needed"]
    with tarfile.open(tmp_path / "b.tar") as tar:
        names = tar.getnames()
    assert not any("key" in n.lower() for n in names)  # the keys are never in a backup

    # the data changes, files disappear …
    CalendarOverride.objects.all().delete()
    attachment.file.storage.delete(attachment.file.name)
    with transaction.atomic():
        audit.record(actor=None, verb="test.thing.done", data={"n": 2})
    # … and the restore brings back exactly the backed-up state
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "b.tar"))
    call_command("restore", str(tmp_path / "b.tar"), "--yes")
    assert "nguyên vẹn" in capsys.readouterr().out
    assert CalendarOverride.objects.filter(name="Nghỉ bù").exists()
    restored = Attachment.objects.get(pk=attachment.pk)
    with restored.file.open("rb") as fh:
        assert fh.read() == "Biên bản họp".encode()
    assert audit.verify() is None


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_changes(media, tmp_path):
    from danchu.core.models import CalendarOverride

    call_command("backup", str(tmp_path / "b.tar"))
    with tarfile.open(tmp_path / "b.tar") as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    with tarfile.open(tmp_path / "bad.tar", "w") as tar:
        for info, data in members:
            if info.name.startswith("database"):
                data = data[:-1] + bytes([data[-1] ^ 1])
            import io

            tar.addfile(info, io.BytesIO(data))
    CalendarOverride.objects.create(date="2027-01-03", kind="off", name="Sau sao lưu")
    with pytest.raises(BackupError, match="checksum"):
        restore(tmp_path / "bad.tar")
    assert CalendarOverride.objects.filter(name="Sau sao lưu").exists()
    (tmp_path / "not.tar").write_bytes(b"not a tar")
    with pytest.raises(BackupError):
        read_manifest(tmp_path / "not.tar")
    manifest = read_manifest(tmp_path / "b.tar")
    assert json.dumps(manifest)


@pytest.mark.django_db
def test_a_download_whose_file_is_missing_answers_410_with_a_message(media, client, personas):
    from danchu.core.attachments import attachment_response

    attachment = _attachment()
    attachment.file.storage.delete(attachment.file.name)
    response = attachment_response(attachment)
    assert response.status_code == 410 and "không còn trên máy chủ" in response.content.decode()
