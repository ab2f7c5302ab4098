"""Test-wide settings: a throwaway data directory, fast password hashing, jobs run inline."""

import os
import tempfile

os.environ.setdefault("DANCHU_DATA_DIR", tempfile.mkdtemp(prefix="danchu-test-"))
os.environ.setdefault("DANCHU_FAST_PASSWORD_HASHER", "1")
os.environ.setdefault("HUEY_IMMEDIATE", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright + ORM in one test process
