"""B5 (citizen feedback, issue 5): feedback submissions per second, and Open311 `GET requests` over 1,000,000
feedback records against the bare view.

For each backend (SQLite file with danchu's settings; PostgreSQL in a throwaway database when reachable):
  intake   single-threaded, one transaction per feedback, interleaved rounds (medians):
             raw       INSERT INTO feedback_feedback … (autocommit: one row, one commit)
             service   danchu.feedback.services.feedback_submit(): validation, point-in-commune check, routing,
                       working-day deadlines, the row, its first event and the hash-chained audit row
  open311  1,000,000 published feedback rows in 100 communes over the last 90 days (bulk INSERT), then gunicorn
           (-w 2 sync, as B1) and the load generator on:
             bare      /bench/bare
             default   /open311/v2/requests.json?jurisdiction_id=<commune>   (the spec's default: last 90 days,
                       at most 1,000 requests → here 1,000 rows of the newest, JSON)
             page      … &page_size=50                                        (Extensions: one page of 50)
             one       /open311/v2/requests/<id>.json
Run by bench/run.py (`make bench`); alone: `python -m bench.feedback_bench [--backends sqlite] [--rows 1000000]`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

COMMUNES = 100


# --- inside the worker process ------------------------------------------------------------------------------


def _tree():
    from datetime import date

    from danchu.units.domain import Kind, Level, OrganisationKind
    from danchu.units.models import AdministrativeUnit, Organisation, StructureVersion

    version, _ = StructureVersion.objects.get_or_create(code="2025", defaults={"name": "2025",
                                                                               "valid_from": date(2025, 7, 1)})
    province = AdministrativeUnit.objects.filter(version=version, code="92").first()
    if province is None:
        province = AdministrativeUnit(version=version, code="92", name="Thành phố Cần Thơ", kind=Kind.THANH_PHO_TW,
                                      level=Level.PROVINCE, valid_from=date(2025, 7, 1))
        province.save()
    communes = []
    for i in range(COMMUNES):
        code = f"9{i:04d}"
        commune = AdministrativeUnit.objects.filter(version=version, code=code).first()
        if commune is None:
            commune = AdministrativeUnit(version=version, code=code, name=f"Phường Bench {i}", kind=Kind.PHUONG,
                                         level=Level.COMMUNE, parent=province, valid_from=date(2025, 7, 1),
                                         latitude=10.0 + i * 0.001, longitude=105.7, area_km2=8.0)
            commune.save()
            Organisation.objects.create(unit=commune, kind=OrganisationKind.UBND, name=f"UBND {commune.name}")
        communes.append(commune)
    return communes


def intake(n: int, rounds: int) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from danchu.feedback import domain, services
    from danchu.feedback.models import Category

    communes = _tree()
    commune = communes[0]
    category = Category.objects.get(code="ha-tang")
    cal = services.calendar_for(timezone.localdate())
    due = domain.answer_due(timezone.localdate(), category.answer_days, cal)
    sql = ("INSERT INTO feedback_feedback (created, modified, tracking_code, commune_id, category_id, description, "
           "words, address, media_url, anonymous, reporter_name, phone, email, notify_channel, publish, show_name, "
           "channel, device_id, account_id, state, received_at, received_on, answer_days, due_on, answer, "
           "status_note, converted_kind, converted_ref, transferred_to, rating_comment, reopen_count) VALUES "
           "(%s, %s, %s, %s, %s, %s, %s, '', '', false, %s, '', '', '', true, false, 'web', '', '', 'received', %s, %s, "
           "%s, %s, '', '', '', '', '', '', 0)")
    raw_rates, service_rates = [], []
    for r in range(rounds):
        now = timezone.now()
        rows = [(now, now, f"PA-R{r}{i:08d}", commune.pk, category.pk, "Ổ gà trên đường Mậu Thân số " + str(i),
                 "ga mau than duong", "Trần Văn Bảy", now, now.date(), category.answer_days, due) for i in range(n)]
        assert transaction.get_autocommit()
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            for row in rows:
                cursor.execute(sql, row)
        raw_rates.append(n / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        for i in range(n):
            services.feedback_submit(commune=commune, category=category, reporter_name="Trần Văn Bảy",
                                     phone="0912345678", notify_channel="sms", publish=True,
                                     description=f"Ổ gà lớn trên đường Mậu Thân trước nhà số {i}, xe máy dễ té.",
                                     lat="10.0005", lon="105.7003")
        service_rates.append(n / (time.perf_counter() - t0))
    raw, svc = statistics.median(raw_rates), statistics.median(service_rates)
    return {"per_round": n, "rounds": rounds, "raw_insert_per_s": round(raw), "service_per_s": round(svc),
            "service_to_raw": round(svc / raw, 3), "raw_rounds": [round(x) for x in raw_rates],
            "service_rounds": [round(x) for x in service_rates]}


def seed(rows: int) -> dict:
    """`rows` published feedback spread over the communes and the last 90 days (bulk, no audit: load data)."""
    import random
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from danchu.feedback.models import Category, Feedback

    communes = _tree()
    categories = list(Category.objects.values_list("pk", "answer_days"))
    existing = Feedback.objects.count()
    rng = random.Random(5)
    now = timezone.now()
    states = ["received", "accepted", "in_progress", "answered", "closed"]
    cols = ("created, modified, tracking_code, commune_id, category_id, description, words, address, media_url, "
            "anonymous, reporter_name, phone, email, notify_channel, publish, show_name, channel, device_id, "
            "account_id, state, received_at, received_on, answer_days, due_on, answer, status_note, converted_kind, "
            "converted_ref, transferred_to, rating_comment, reopen_count, lat, lon")
    sql = (f"INSERT INTO feedback_feedback ({cols}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '', false, '', '', '', "
           "'', true, false, 'web', '', '', %s, %s, %s, %s, %s, %s, '', '', '', '', '', 0, %s, %s)")
    t0 = time.perf_counter()
    batch = []
    todo = max(0, rows - existing)
    with transaction.atomic(), connection.cursor() as cursor:
        for i in range(todo):
            commune = communes[i % len(communes)]
            cat, days = categories[i % len(categories)]
            at = now - timedelta(seconds=rng.randrange(0, 89 * 86400))
            state = states[i % len(states)]
            batch.append((at, at, f"PA-S{i:09d}", commune.pk, cat,
                          f"Phản ánh số {i}: đèn đường, ổ gà, rác thải ven kênh cần xử lý.", "den duong ga rac",
                          f"Đường số {i % 500}", state, at, at.date(), days, (at + timedelta(days=10)).date(),
                          "Đã xử lý." if state in ("answered", "closed") else "", commune.latitude, commune.longitude))
            if len(batch) >= 20000:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE feedback_feedback")
    sample = Feedback.objects.filter(commune=communes[0]).order_by("-received_at").values_list("pk", flat=True)[:1]
    return {"rows": Feedback.objects.count(), "seconds": round(time.perf_counter() - t0, 1),
            "jurisdiction": communes[0].code, "sample_id": sample[0]}


def _worker(argv: list[str]) -> None:
    import django

    django.setup()
    if argv[0] == "intake":
        print(json.dumps(intake(int(argv[1]), int(argv[2]))))
    else:
        print(json.dumps(seed(int(argv[1]))))


# --- the driver -----------------------------------------------------------------------------------------------


def _call(env: dict, *argv: str, timeout: int = 1800) -> dict:
    proc = subprocess.run([sys.executable, "-m", "bench.feedback_bench", "--worker", *argv], cwd=REPO, timeout=timeout,
                          env={**env, "DJANGO_SETTINGS_MODULE": "danchu.settings"}, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL)
    if proc.returncode != 0:
        raise RuntimeError(f"worker {argv} failed:\n{(proc.stderr or proc.stdout)[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def run_backend(backend: str, args, gen, log) -> dict:
    from bench import loadgen
    from bench.run import HOST, base_env, danchu, gunicorn, http_get, throwaway_pg_database

    data_dir = Path(tempfile.mkdtemp(prefix=f"danchu-bench-b5-{backend}-"))
    out: dict = {"engine": backend}
    try:
        with contextlib.ExitStack() as stack:
            db_url = None
            if backend == "postgresql":
                db_url, out["server_version"] = stack.enter_context(throwaway_pg_database())
            env = base_env(data_dir, db_url)
            log(f"[B5 {backend}] migrate")
            danchu(["migrate", "--no-input"], env)
            log(f"[B5 {backend}] intake: {args.feedback_intake} feedback × {args.rounds} rounds")
            out["intake"] = _call(env, "intake", str(args.feedback_intake), str(args.rounds))
            log(f"  service {out['intake']['service_per_s']}/s, raw INSERT {out['intake']['raw_insert_per_s']}/s")
            log(f"[B5 {backend}] seeding {args.feedback_rows:,} feedback rows")
            seeded = _call(env, "seed", str(args.feedback_rows))
            out["seed"] = seeded
            log(f"  {seeded['rows']:,} rows in {seeded['seconds']} s")
            j = seeded["jurisdiction"]
            targets = {"bare": "/bench/bare",
                       "default": f"/open311/v2/requests.json?jurisdiction_id={j}",
                       "page": f"/open311/v2/requests.json?jurisdiction_id={j}&page_size=50",
                       "one": f"/open311/v2/requests/{seeded['sample_id']}.json"}
            out["targets"] = targets
            port, _cmd = stack.enter_context(gunicorn(env, data_dir))
            for name, path in targets.items():
                status, body = http_get(port, path, timeout=60)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}: {body[:300]!r}")
                if name == "default":
                    out["default_rows"] = len(json.loads(body))
            for path in targets.values():
                gen.run(HOST, port, path, args.warmup)
            runs: dict[str, list] = {name: [] for name in targets}
            for r in range(args.rounds):
                for name, path in targets.items():
                    res = gen.run(HOST, port, path, args.duration)
                    runs[name].append(res)
                    log(f"  round {r + 1} {name:8s} {res.rps:8.1f} req/s  p50 {res.p50_ms:7.2f} ms  "
                        f"p99 {res.p99_ms:7.2f} ms  non-2xx {res.non_2xx}")
            results = {name: loadgen.median_result(rs) for name, rs in runs.items()}
            for res in results.values():
                res["ratio_to_bare"] = {"rps": round(res["rps"] / results["bare"]["rps"], 4)}
            out["open311"] = results
    except Exception as exc:  # noqa: BLE001 - reported, the other benches still run
        out["error"] = repr(exc)
        log(f"[B5 {backend}] ERROR: {exc!r}")
    finally:
        if not getattr(args, "keep", False):
            shutil.rmtree(data_dir, ignore_errors=True)
    return out


def run(args, log) -> dict:
    from bench import loadgen
    from bench.run import Unavailable

    for name, default in (("feedback_intake", 300), ("feedback_rows", 1_000_000), ("rounds", 3), ("warmup", 2),
                          ("duration", 5), ("connections", 8), ("backends", "sqlite,postgresql")):
        if not hasattr(args, name):
            setattr(args, name, default)
    gen = loadgen.Wrk(connections=args.connections) if shutil.which("wrk") else loadgen.PythonLoad(
        connections=args.connections)
    report = {}
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        try:
            report[backend] = run_backend(backend, args, gen, log)
        except Unavailable as exc:
            report[backend] = {"skipped": str(exc)}
    return report


def summary(report: dict, log) -> None:
    for backend, r in report.items():
        if "intake" in r:
            log(f"B5 {backend}: feedback_submit {r['intake']['service_per_s']}/s "
                f"(raw INSERT {r['intake']['raw_insert_per_s']}/s)")
        for name, res in (r.get("open311") or {}).items():
            log(f"B5 {backend}: {name:8s} {res['rps']:8.1f} req/s p99 {res['p99_ms']} ms "
                f"(×{res['ratio_to_bare']['rps']} of bare)")


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        _worker(sys.argv[2:])
        return 0
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--backends", default="sqlite,postgresql")
    p.add_argument("--feedback-rows", type=int, default=1_000_000)
    p.add_argument("--feedback-intake", type=int, default=300)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--duration", type=float, default=5)
    p.add_argument("--warmup", type=float, default=2)
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--keep", action="store_true")
    args = p.parse_args()
    report = run(args, lambda m="": print(m, flush=True))
    summary(report, lambda m="": print(m, flush=True))
    results = REPO / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "feedback-latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 1 if any("error" in r for r in report.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
