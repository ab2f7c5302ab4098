"""B4 (online votes, issue 4): vote intake per second against the raw INSERT rate of the same table and
constraint, measured in the same run; and the tally of 1,000,000 ballots (time and peak memory).

For each backend (SQLite file with danchu's settings; PostgreSQL in a throwaway database when reachable):
  intake   single-threaded, one transaction per ballot, interleaved rounds (medians):
             raw       INSERT INTO evoting_vote … (autocommit: one row, one commit) — same table, same UNIQUE
                       (poll, household) and (poll, receipt_hash) constraints
             service   danchu.evoting.services.cast_vote(): state/window/village/representative/opt-in checks,
                       receipt hash, the row, and the hash-chained audit row, in one transaction
  http     cast_vote through gunicorn (-w 2 sync, as B1) and the API with token auth, 16 client threads
  tally    1,000,000 households and ballots inserted with INSERT … SELECT, then services.tally(): the GROUP BY
           counts; Tally.households (household → option for all 1M); the ballot export; and the recount of the
           export by verify_tally's code. Peak Python memory (tracemalloc) and the process's max RSS.

Run by bench/run.py (`make bench`); alone: `python -m bench.evoting_bench [--backends sqlite] [--votes 2000]`.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


# --- inside the worker process (Django configured for the throwaway database) -------------------------------


def _setup_village(tag: str, n: int, *, users: bool):
    from django.utils import timezone

    from danchu.accounts.models import User
    from danchu.evoting.models import OptIn
    from danchu.units.domain import Kind, Level
    from danchu.units.models import AdministrativeUnit, Household, StructureVersion

    version, _ = StructureVersion.objects.get_or_create(code="bench", defaults={"name": "bench",
                                                                                "valid_from": date(2025, 7, 1)})
    commune = AdministrativeUnit.objects.filter(version=version, code="B").first()
    if commune is None:
        commune = AdministrativeUnit(version=version, code="B", name="Phường Bench", kind=Kind.PHUONG,
                                     level=Level.COMMUNE, valid_from=date(2025, 7, 1))
        commune.save()
    village = AdministrativeUnit(version=version, code=f"B-{tag}", name=f"Khu vực {tag}", kind=Kind.KHU_VUC,
                                 level=Level.VILLAGE, parent=commune, valid_from=date(2025, 7, 1))
    village.save()
    people = (User.objects.bulk_create([User(username=f"b{tag}-{i}", full_name=f"Hộ {i}", password="!")
                                        for i in range(n)], batch_size=2000) if users else [None] * n)
    households = Household.objects.bulk_create([
        Household(village=village, code=f"{tag}-{i:07d}", representative_name=f"Hộ {i}", representative=u,
                  established_on=date(2025, 7, 1)) for i, u in enumerate(people)], batch_size=2000)
    OptIn.objects.bulk_create([OptIn(household=h, opted_in_at=timezone.now()) for h in households], batch_size=2000)
    return village, households, people


def _open_poll(village):
    from django.utils import timezone

    from danchu.evoting import services

    now = timezone.now()
    poll = services.create_poll(village=village, question="Bench?", actor=None, opens_at=now - timedelta(minutes=1),
                                closes_at=now + timedelta(days=1), self_management_confirmed=True)
    return services.open_poll(poll=poll, actor=None)


def intake(votes: int, rounds: int) -> dict:
    from django.db import connection, transaction

    from danchu.evoting import domain, services

    raw_rates, service_rates = [], []
    sql = ("INSERT INTO evoting_vote (poll_id, household_id, option, receipt_hash, cast_at, cast_by_id) "
           "VALUES (%s, %s, %s, %s, %s, %s)")
    from django.utils import timezone

    for r in range(rounds):
        village, households, people = _setup_village(f"i{r}", votes, users=True)
        raw_poll, svc_poll = _open_poll(village), _open_poll(village)
        # raw: one row per statement, autocommit = one commit per row (like one ballot per transaction)
        salt = raw_poll.salt
        rows = [(raw_poll.pk, h.pk, i % 3, domain.receipt_hash(domain.new_receipt_code(), salt), timezone.now(), u.pk)
                for i, (h, u) in enumerate(zip(households, people, strict=True))]
        assert transaction.get_autocommit()
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            for row in rows:
                cursor.execute(sql, row)
        raw_rates.append(votes / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for i, (h, u) in enumerate(zip(households, people, strict=True)):
            services.cast_vote(poll=svc_poll, household=h, option=i % 3, user=u)
        service_rates.append(votes / (time.perf_counter() - t0))
        assert services.participation(svc_poll) == votes == services.participation(raw_poll)
    raw, svc = statistics.median(raw_rates), statistics.median(service_rates)
    return {"votes_per_round": votes, "rounds": rounds,
            "raw_insert_per_s": round(raw), "service_per_s": round(svc), "service_to_raw": round(svc / raw, 3),
            "raw_rounds": [round(x) for x in raw_rates], "service_rounds": [round(x) for x in service_rates]}


def http_seed(votes: int, out: str) -> None:
    from rest_framework.authtoken.models import Token

    village, households, people = _setup_village("http", votes, users=True)
    poll = _open_poll(village)
    tokens = Token.objects.bulk_create([Token(user=u, key=Token.generate_key()) for u in people], batch_size=2000)
    Path(out).write_text(json.dumps({"poll": poll.pk, "households": [[h.pk, t.key] for h, t in
                                                                      zip(households, tokens, strict=True)]}))


def http_check(poll_id: int) -> int:
    from danchu.evoting import services
    from danchu.evoting.models import Poll

    return services.participation(Poll.objects.get(pk=poll_id))


def tally_bench(size: int) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from danchu.evoting import services
    from danchu.evoting.management.commands.verify_tally import recount

    village, _h, _p = _setup_village("t", 1, users=False)  # one opted-in household lets the poll open
    poll = _open_poll(village)
    now = timezone.now()
    t0 = time.perf_counter()
    pg = connection.vendor == "postgresql"
    series = ("SELECT g AS n FROM generate_series(1, %s) AS g" if pg else
              "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < %s) SELECT n FROM s")
    pad = "lpad(h.id::text, 64, '0')" if pg else "printf('%%064d', h.id)"
    code = "'T-' || n::text" if pg else "'T-' || n"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO units_household (created, modified, name_folded, village_id, code, representative_name, "
            "address, phone, member_count, note, established_on, dissolved_on, representative_id) "
            f"SELECT %s, %s, 'ho', %s, {code}, 'Hộ', '', '', 1, '', NULL, NULL, NULL FROM ({series}) AS s",
            [now, now, village.pk, size - 1])  # + the opted-in household = size ballots
        cursor.execute(
            "INSERT INTO evoting_vote (poll_id, household_id, option, receipt_hash, cast_at, cast_by_id) "
            f"SELECT %s, h.id, h.id %% 3, {pad}, %s, NULL FROM units_household h "
            "WHERE h.village_id = %s", [poll.pk, now, village.pk])
    if pg:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE evoting_vote")
    load_s = time.perf_counter() - t0
    from danchu.evoting.models import Poll

    Poll.objects.filter(pk=poll.pk).update(total_households=size)
    poll.refresh_from_db()
    services.close_poll(poll=poll, actor=None, now=poll.closes_at)
    out = {"ballots": size, "load_seconds": round(load_s, 1)}

    def measure(name, fn):
        tracemalloc.start()
        t = time.perf_counter()
        value = fn()
        elapsed = time.perf_counter() - t
        _cur, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        out[name] = {"seconds": round(elapsed, 3), "peak_python_mb": round(peak / 2**20, 1)}
        return value

    t = measure("tally_counts", lambda: services.tally(poll))
    assert t.result.voters == size, t.result
    mapping = measure("tally_household_mapping", lambda: services.tally(poll).households)
    assert len(mapping) == size
    del mapping
    export = measure("export_ballots", lambda: services.export_ballots(poll))
    meta = {**export["poll"], "_tally": export["tally"]}

    def recount_all():
        return recount(meta, [(b["receipt_hash"], b["option"]) for b in export["ballots"]])

    result, problems = measure("recount_export", recount_all)
    assert not problems and result.voters == size, problems
    out["counts"] = list(t.result.counts)
    out["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return out


def worker(argv: list[str]) -> None:
    import django

    django.setup()
    p = argparse.ArgumentParser()
    p.add_argument("phase", choices=["intake", "http-seed", "http-check", "tally"])
    p.add_argument("--out", required=True)
    p.add_argument("--votes", type=int, default=2000)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--size", type=int, default=1_000_000)
    p.add_argument("--poll", type=int, default=0)
    a = p.parse_args(argv)
    if a.phase == "intake":
        result = intake(a.votes, a.rounds)
    elif a.phase == "http-seed":
        http_seed(a.votes, a.out)
        return
    elif a.phase == "http-check":
        result = {"participation": http_check(a.poll)}
    else:
        result = tally_bench(a.size)
    Path(a.out).write_text(json.dumps(result))


# --- orchestration (called by bench/run.py) --------------------------------------------------------------


def _worker(phase: str, env: dict, out: Path, *extra: str, timeout: int = 1800) -> dict:
    cmd = [sys.executable, "-m", "bench.evoting_bench", "--worker", phase, "--out", str(out), *extra]
    proc = subprocess.run(cmd, env={**env, "DJANGO_SETTINGS_MODULE": "danchu.settings"}, cwd=REPO,
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise RuntimeError(f"evoting bench worker {phase} failed:\n{(proc.stderr or proc.stdout)[-3000:]}")
    return json.loads(out.read_text()) if out.exists() and phase != "http-seed" else {}


def _http(port: int, seed: dict, threads: int = 16) -> dict:
    poll = seed["poll"]
    lock = threading.Lock()
    counts = {"accepted": 0, "other": 0}

    def vote(item):
        pk, token = item
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("POST", f"/api/v1/evoting/polls/{poll}/votes/", body=json.dumps({"household": pk, "option": pk % 3}),
                     headers={"Authorization": f"Token {token}", "Content-Type": "application/json"})
        status = conn.getresponse().status
        conn.close()
        with lock:
            counts["accepted" if status == 201 else "other"] += 1

    t0 = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(vote, seed["households"]))
    elapsed = time.perf_counter() - t0
    return {"votes": len(seed["households"]), "client_threads": threads, "seconds": round(elapsed, 2),
            "votes_per_s": round(len(seed["households"]) / elapsed), **counts}


def bench_backend(backend: str, args, log) -> dict:
    from bench import run as R

    data_dir = Path(tempfile.mkdtemp(prefix=f"danchu-bench-evoting-{backend}-"))
    out: dict = {"engine": backend}
    try:
        with contextlib.ExitStack() as stack:
            db_url = None
            if backend == "postgresql":
                db_url, version = stack.enter_context(R.throwaway_pg_database())
                out["server_version"] = version
            else:
                import sqlite3

                out["sqlite_version"] = sqlite3.sqlite_version
            env = R.base_env(data_dir, db_url)
            votes, size = getattr(args, "evoting_votes", 2000), getattr(args, "evoting_tally", 1_000_000)
            log(f"[B4 {backend}] online votes: migrate, intake ({votes} × {args.rounds} rounds)")
            R.danchu(["migrate", "--no-input"], env)
            out["intake"] = _worker("intake", env, data_dir / "intake.json", "--votes", str(votes),
                                    "--rounds", str(args.rounds))
            i = out["intake"]
            log(f"  raw INSERT {i['raw_insert_per_s']:>7,}/s   cast_vote {i['service_per_s']:>7,}/s   "
                f"ratio {i['service_to_raw']}")
            seed_file = data_dir / "http.json"
            _worker("http-seed", env, seed_file, "--votes", str(votes))
            port, cmdline = stack.enter_context(R.gunicorn(env, data_dir))
            out["http"] = {**_http(port, json.loads(seed_file.read_text())), "server": cmdline}
            seed = json.loads(seed_file.read_text())
            counted = _worker("http-check", env, data_dir / "check.json", "--poll", str(seed["poll"]))["participation"]
            out["http"]["stored"] = counted
            log(f"  HTTP (API, gunicorn -w 2) {out['http']['votes_per_s']:>7,} votes/s  stored {counted}")
            log(f"[B4 {backend}] tally of {size:,} ballots")
            out["tally"] = _worker("tally", env, data_dir / "tally.json", "--size", str(size))
            t = out["tally"]
            log(f"  load {t['load_seconds']} s; counts {t['tally_counts']['seconds']} s; household map "
                f"{t['tally_household_mapping']['seconds']} s ({t['tally_household_mapping']['peak_python_mb']} MB); "
                f"export {t['export_ballots']['seconds']} s ({t['export_ballots']['peak_python_mb']} MB); "
                f"max RSS {t['max_rss_mb']} MB")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return out


def run(args, log=print) -> dict:
    """B4 for each backend of args.backends; errors are reported per backend, never raised."""
    report = {}
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        try:
            report[backend] = bench_backend(backend, args, log)
        except Exception as exc:  # noqa: BLE001 - a bench reports, it does not crash the other benches
            kind = "skipped" if type(exc).__name__ == "Unavailable" else "error"
            log(f"[B4 {backend}] {kind}: {exc}")
            report[backend] = {"engine": backend, kind: str(exc)}
    return report


def summary(report: dict, log=print) -> None:
    for backend, b in report.items():
        if "intake" not in b:
            log(f"B4 {backend:10s} {b.get('skipped') or 'ERROR: ' + str(b.get('error'))[:200]}")
            continue
        i, h, t = b["intake"], b["http"], b["tally"]
        log(f"B4 {backend:10s} votes/s: raw INSERT {i['raw_insert_per_s']:,}  cast_vote {i['service_per_s']:,} "
            f"({i['service_to_raw']}x)  HTTP {h['votes_per_s']:,};  tally of {t['ballots']:,}: counts "
            f"{t['tally_counts']['seconds']} s, household map {t['tally_household_mapping']['seconds']} s / "
            f"{t['tally_household_mapping']['peak_python_mb']} MB, max RSS {t['max_rss_mb']} MB")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2:])
    else:
        p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--backends", default="sqlite,postgresql")
        p.add_argument("--rounds", type=int, default=3)
        p.add_argument("--evoting-votes", type=int, default=2000)
        p.add_argument("--evoting-tally", type=int, default=1_000_000)
        ns = p.parse_args()
        rep = run(ns)
        print(json.dumps(rep, indent=2, ensure_ascii=False))
        summary(rep)
