"""Hundreds of households vote at once through a real server, with duplicate attempts, and the server is
SIGKILLed mid-run and restarted while the clients retry → exact tally, no lost or doubled vote.

A real gunicorn (2 workers × 4 threads) serves a throwaway database of its own: a SQLite file under tmp_path,
or — when DATABASE_URL points to PostgreSQL — a throwaway database on that server. The clients are 48 threads
sending each household's ballot 3 times (same option), in random order, over the API with each household
representative's token; on a connection error, a timeout or a 5xx they retry until the answer is definitive
(201 with a receipt, or 400 "already_voted").
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HOUSEHOLDS = 300
ATTEMPTS = 3
THREADS = 48
DEADLINE = 50  # seconds for the whole voting phase
REPO = Path(__file__).resolve().parents[3]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _database(tmp_path: Path):
    """(env for the server and the helper scripts): a fresh SQLite file, or a throwaway PostgreSQL database."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env.update(DANCHU_DATA_DIR=str(tmp_path), DANCHU_SQLITE_PATH=str(tmp_path / "conc.sqlite3"), DEBUG="0",
               SECRET_KEY="conc-" + os.urandom(8).hex(), PYTHONPATH=str(REPO), DJANGO_SETTINGS_MODULE="danchu.settings",
               LOG_LEVEL="ERROR", PYTHONUNBUFFERED="1")
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        yield env
        return
    import psycopg

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'danchu'}_conc_{os.getpid()}"
    admin = psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**env, "DATABASE_URL": urlunsplit(parts._replace(path=f"/{name}"))}
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _run(args: list[str], env: dict, timeout: int = 120) -> None:
    proc = subprocess.run(args, env=env, cwd=REPO, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-3000:]


class Server:
    def __init__(self, env: dict, port: int, log: Path):
        self.env, self.port, self.log = env, port, log
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        cmd = [str(BIN / "gunicorn"), "danchu.wsgi:application", "-w", "2", "-k", "gthread", "--threads", "4",
               "-b", f"{HOST}:{self.port}", "--log-level", "warning", "--chdir", str(REPO)]
        with open(self.log, "a") as log:
            self.proc = subprocess.Popen(cmd, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text()[-3000:]
            with contextlib.suppress(OSError):
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/bieu-quyet/")
                if conn.getresponse().status == 200:
                    return
            time.sleep(0.2)
        raise AssertionError("the server did not start within 40 s:\n" + self.log.read_text()[-3000:])

    def kill(self) -> None:
        """SIGKILL the whole process group this test started (master and workers, no graceful shutdown)."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()


def test_hundreds_of_households_vote_at_once_through_a_killed_server(tmp_path):
    with _database(tmp_path) as env:
        _run([str(BIN / "danchu"), "migrate", "-v0", "--no-input"], env, timeout=240)
        seed = tmp_path / "seed.json"
        _run([sys.executable, "-m", "danchu.evoting.tests.concurrency_db", "seed", str(HOUSEHOLDS), str(seed)], env)
        data = json.loads(seed.read_text())
        poll, salt = data["poll"], data["salt"]
        option = {pk: pk % 3 for pk, _t in data["households"]}
        server = Server(env, _free_port(), tmp_path / "gunicorn.log")
        server.start()

        rng = random.Random(20261125)
        requests = [(pk, token) for pk, token in data["households"] for _i in range(ATTEMPTS)]
        rng.shuffle(requests)
        lock = threading.Lock()
        outcome: dict[int, list] = {pk: [] for pk, _t in data["households"]}  # per household: definitive answers
        stats = Counter()
        done = threading.Event()
        kill_at = len(requests) * 35 // 100
        deadline = time.monotonic() + DEADLINE

        def vote(pk: int, token: str) -> None:
            body = json.dumps({"household": pk, "option": option[pk]})
            while time.monotonic() < deadline:
                try:
                    conn = http.client.HTTPConnection(HOST, server.port, timeout=10)
                    conn.request("POST", f"/api/v1/evoting/polls/{poll}/votes/", body=body,
                                 headers={"Authorization": f"Token {token}", "Content-Type": "application/json"})
                    response = conn.getresponse()
                    status, payload = response.status, response.read()
                    conn.close()
                except (OSError, http.client.HTTPException):
                    with lock:
                        stats["connection errors (retried)"] += 1
                    time.sleep(0.1)
                    continue
                if status >= 500:
                    with lock:
                        stats[f"HTTP {status} (retried)"] += 1
                    time.sleep(0.1)
                    continue
                answer = json.loads(payload)
                with lock:
                    if status == 201:
                        outcome[pk].append(("accepted", answer["receipt_code"]))
                        stats["accepted"] += 1
                    else:
                        assert status == 400 and answer["error"]["code"] == "already_voted", (status, answer)
                        outcome[pk].append(("duplicate", None))
                        stats["refused as duplicate"] += 1
                    stats["definitive"] += 1
                    if stats["definitive"] >= kill_at:
                        done.set()
                    if server_restarted.is_set():
                        stats["definitive after restart"] += 1
                return
            raise AssertionError(f"household {pk}: no definitive answer within {DEADLINE} s")

        server_restarted = threading.Event()

        def killer() -> None:
            done.wait(DEADLINE)
            server.kill()
            stats["server killed at (definitive answers)"] = stats["definitive"]
            time.sleep(0.5)
            server.start()
            server_restarted.set()

        try:
            k = threading.Thread(target=killer)
            k.start()
            started = time.monotonic()
            with ThreadPoolExecutor(THREADS) as pool:
                list(pool.map(lambda r: vote(*r), requests))
            k.join(60)
            elapsed = time.monotonic() - started
        finally:
            server.stop()
        report = tmp_path / "report.json"
        _run([sys.executable, "-m", "danchu.evoting.tests.concurrency_db", "report", str(poll), str(report)], env)
        result = json.loads(report.read_text())

    print(f"\n{HOUSEHOLDS} households × {ATTEMPTS} attempts in {elapsed:.1f} s: {dict(stats)}")
    assert server_restarted.is_set() and stats["definitive after restart"] > 0, "the kill was not mid-run"
    votes = {hh: (opt, h) for hh, opt, h in result["votes"]}
    # no doubled vote: the UNIQUE constraint held through the kill
    assert result["doubled"] == [] and len(result["votes"]) == len(votes)
    # no lost vote: every household ended with a definitive answer and has exactly one ballot
    assert set(votes) == set(outcome)
    for pk, answers in outcome.items():
        accepted = [code for kind, code in answers if kind == "accepted"]
        assert len(accepted) <= 1, f"household {pk} was accepted twice"
        assert len(answers) == ATTEMPTS
        opt, stored_hash = votes[pk]
        assert opt == option[pk]
        if accepted:  # the receipt the household was given is the one counted
            assert stored_hash == hashlib.sha256(f"{salt}:{accepted[0]}".encode()).hexdigest()
    # the accepted responses account for every vote, except those whose response the kill swallowed
    lost_responses = sum(1 for answers in outcome.values() if all(kind == "duplicate" for kind, _c in answers))
    assert stats["accepted"] + lost_responses == HOUSEHOLDS
    # the tally equals the count of accepted ballots, per option
    expected = Counter(option[pk] for pk in votes)
    assert result["counts"] == [expected[i] for i in range(3)]
    assert result["voters"] == HOUSEHOLDS
    assert {int(k): v for k, v in result["households"].items()} == {pk: option[pk] for pk in votes}
