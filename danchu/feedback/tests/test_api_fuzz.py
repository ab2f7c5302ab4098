"""A bounded schemathesis run over the feedback operations of the OpenAPI schema (the project-wide fuzz test
covers every app; this one runs in the feedback suite, with more examples): no input may cause a 5xx."""

import os
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.mark.django_db(transaction=True)
def test_no_input_to_the_feedback_api_causes_a_server_error(live_server, places, personas, submit, tmp_path):
    from rest_framework.authtoken.models import Token

    submit()  # one feedback (id 1) so that the detail and action operations find something
    token = Token.objects.create(user=personas["superuser"]).key
    command = [
        str(Path(sys.executable).with_name("st")), "run", f"{live_server.url}/api/schema/",
        "--include-path-regex", "^/api/v1/feedback/", "--checks", "not_a_server_error",
        "--max-examples", os.environ.get("DANCHU_FUZZ_EXAMPLES", "10"),
        "--header", f"Authorization: Token {token}", "--request-timeout", "10", "--seed", "20261125",
        "--phases", os.environ.get("DANCHU_FUZZ_PHASES", "examples,fuzzing"), "--no-color",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=400, cwd=tmp_path,
                            env={**os.environ, "SCHEMATHESIS_HOOKS": ""})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    print(output[-1500:])
    assert "feedback" in output and " 0 operations" not in output, output[-3000:]
