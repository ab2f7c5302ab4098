"""Schemathesis over the consultation operations only, with real consultations in the database (the project-wide
fuzz test in tests/test_api_fuzz.py covers every app with fewer examples): no input may cause a 5xx."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest


@pytest.mark.django_db(transaction=True)
def test_no_input_to_the_consultation_api_causes_a_server_error(live_server, tree, personas, tmp_path):
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from danchu.consultations import domain, services

    official = personas["official_a"]
    today = timezone.localdate()
    for stage in range(3):
        c = services.consultation_create(
            commune=tree.commune_a, actor=official, content_kind=5, title=f"Dự thảo số {stage}",
            description="Nội dung", forms=["portal"], opens_on=today,
            closes_on=domain.earliest_close(today) + timedelta(days=3))
        if stage:
            services.consultation_send_plan(consultation=c, actor=official, to_council=True, to_front=True)
        if stage == 2:
            services.consultation_publish(consultation=c, actor=official)
            services.opinion_record(consultation=c, actor=official, channel="meeting", text="Ý kiến")
    token = Token.objects.create(user=personas["superuser"]).key
    st = Path(sys.executable).with_name("st")
    command = [str(st), "run", f"{live_server.url}/api/schema/", "--checks", "not_a_server_error",
               "--include-path-regex", "^/api/v1/consultations",
               "--max-examples", os.environ.get("DANCHU_FUZZ_EXAMPLES", "25"),
               "--header", f"Authorization: Token {token}", "--request-timeout", "10", "--seed", "20261125",
               "--phases", os.environ.get("DANCHU_FUZZ_PHASES", "examples,fuzzing"), "--no-color"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path,
                            env={**os.environ, "SCHEMATHESIS_HOOKS": ""})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    tested = [line for line in output.splitlines() if line.strip().startswith("Tested:")]
    assert tested and int(tested[0].split()[1].split("/")[0]) >= 15, output[-3000:]  # every consultation operation
