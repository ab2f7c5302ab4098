"""A bounded schemathesis run against the OpenAPI schema: no input may cause a 5xx.

Runs the schemathesis CLI against a live test server (the test database), authenticated as a superuser
so that every operation, writes included, is exercised. Bounded by DANCHU_FUZZ_EXAMPLES (default 12)
examples per operation and a hard time limit; DANCHU_FUZZ_PHASES=examples,coverage,fuzzing adds the
(slower, ~75 s) boundary-value phase. (DRF logs every 4xx as a warning: silenced here.)
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

MAX_EXAMPLES = os.environ.get("DANCHU_FUZZ_EXAMPLES", "12")


@pytest.mark.django_db(transaction=True)
def test_no_input_causes_a_server_error(live_server, tree, personas, tmp_path):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=personas["superuser"]).key
    st = Path(sys.executable).with_name("st")
    command = [
        str(st), "run", f"{live_server.url}/api/schema/",
        "--checks", "not_a_server_error",
        "--max-examples", MAX_EXAMPLES,
        "--header", f"Authorization: Token {token}",
        "--request-timeout", "10",
        "--seed", "20260701",
        "--phases", os.environ.get("DANCHU_FUZZ_PHASES", "examples,fuzzing"),
        "--no-color",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=tmp_path,
                            env={**os.environ, "SCHEMATHESIS_HOOKS": ""})
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "not_a_server_error" in output or "passed" in output.lower()
