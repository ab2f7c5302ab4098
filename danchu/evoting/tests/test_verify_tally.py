"""`danchu verify_tally`: the export alone reproduces the tally; a tampered export or a missing receipt fails."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from danchu.evoting import services

from .conftest import close

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(open_poll, personas, hh):
    for h in hh[1:3]:
        h.representative = personas["official_b"]
        h.save()
    codes = [services.cast_vote(poll=open_poll, household=hh[0], option=0, user=personas["resident"]).receipt_code,
             services.cast_vote(poll=open_poll, household=hh[1], option=0, user=personas["official_b"]).receipt_code,
             services.cast_vote(poll=open_poll, household=hh[2], option=2, user=personas["official_b"]).receipt_code]
    close(open_poll, personas["village_head"])
    return open_poll, codes


def test_the_export_reproduces_the_tally_and_finds_a_receipt(closed, tmp_path, capsys):
    poll, codes = closed
    path = tmp_path / "phieu.json"
    path.write_text(json.dumps(services.export_ballots(poll), ensure_ascii=False))
    call_command("verify_tally", str(path), receipt=codes[2])
    out = capsys.readouterr().out
    assert "       2  Đồng ý" in out and "       1  Ý kiến khác" in out and "Khớp" in out
    assert "lựa chọn: Ý kiến khác" in out
    assert services.tally(poll).counts == {0: 2, 1: 0, 2: 1}


def test_the_csv_export_of_the_page_recounts_too(closed, client, personas, tmp_path, capsys):
    poll, _codes = closed
    services.publish_poll(poll=poll, actor=personas["village_head"])
    path = tmp_path / "phieu.csv"
    path.write_bytes(client.get(f"/bieu-quyet/{poll.pk}/phieu.csv").content)
    call_command("verify_tally", str(path))
    assert "       2  Đồng ý" in capsys.readouterr().out


@pytest.mark.parametrize("tamper", ["count", "duplicate", "receipt"])
def test_a_tampered_export_or_an_unknown_receipt_is_reported(closed, tmp_path, tamper):
    poll, codes = closed
    data = services.export_ballots(poll)
    receipt = None
    if tamper == "count":
        data["ballots"][0]["option"] = 1 - data["ballots"][0]["option"] if data["ballots"][0]["option"] < 2 else 0
    elif tamper == "duplicate":
        data["ballots"].append(dict(data["ballots"][0]))
    else:
        receipt = "22222-33333-44444"
    path = tmp_path / "phieu.json"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError):
        call_command("verify_tally", str(path), receipt=receipt)


def test_a_missing_or_broken_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Không có tệp"):
        call_command("verify_tally", str(tmp_path / "none.json"))
    (tmp_path / "bad.json").write_text("{\"ballots\": [{\"x\": 1}]}")
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("verify_tally", str(tmp_path / "bad.json"))
