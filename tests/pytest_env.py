"""Loaded with `-p tests.pytest_env` before pytest-django reads the settings: test-wide environment."""

import os
import tempfile

os.environ.setdefault("DANCHU_DATA_DIR", tempfile.mkdtemp(prefix="danchu-test-"))
os.environ.setdefault("DANCHU_FAST_PASSWORD_HASHER", "1")  # Argon2 is deliberately slow
os.environ.setdefault("HUEY_IMMEDIATE", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright and the ORM in one process
os.environ.setdefault("AXES_ENABLED", "0")  # tests of the lockout switch it on themselves
