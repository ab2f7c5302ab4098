"""Benchmark S1 (steering): roll-up of 3,321 communes × 20 indicators × 5 years, cold and warm.

In a throwaway data directory (SQLite) and, when reachable, a throwaway PostgreSQL database:
  migrate; seed one province with 3,321 of today's communes and 9,963 pre-2025 communes (3 per new commune,
  linked by primary lineage), one yearly template with 20 number indicators, and the reports 2021–2024 filed
  under the old communes plus 2025 under the new ones (43,173 reports, 863,460 values; bulk inserts, no audit);
  then time `services.rollup(2021–2025)` at the province:
  - cold: the first call in a fresh Python process (new connection, nothing cached by Django);
  - warm: the median of 5 further calls in that process.
The figures are checked: the province total equals the sum of all seeded values.

    python -m bench.steering_rollup [--communes 3321] [--backends sqlite,postgresql] [--keep]
Results: bench/results/steering-<UTC timestamp>.json and bench/results/steering-latest.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
PG_BASE = os.environ.get("DANCHU_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
INDICATORS = 20
OLD_PER_NEW = 3


def log(msg: str) -> None:
    print(msg, flush=True)


def _env(data_dir: Path, db_url: str | None) -> dict:
    env = {**os.environ, "DANCHU_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "danchu.settings",
           "DANCHU_SQLITE_PATH": str(data_dir / "db.sqlite3"), "HUEY_SQLITE_PATH": str(data_dir / "huey.sqlite3"),
           "LOG_LEVEL": "WARNING"}
    env.pop("DATABASE_URL", None)
    if db_url:
        env["DATABASE_URL"] = db_url
    return env


def _child(step: str, env: dict, *extra: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.steering_rollup", "--child", step, *extra], env=env, cwd=REPO,
                         capture_output=True, text=True, timeout=3600)
    if out.returncode != 0:
        raise RuntimeError(f"{step} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- inside the child process ----------------------------------------------------------------------


def _setup():
    import django

    django.setup()


def seed(communes: int) -> dict:
    _setup()
    import random
    from datetime import date
    from decimal import Decimal

    from django.db import connection, transaction

    from danchu.steering.models import Indicator, ReportTemplate, Submission, SubmissionValue
    from danchu.steering.periods import PeriodKind, period_of
    from danchu.steering.values import IndicatorKind
    from danchu.units.domain import Kind, Level, LineageKind
    from danchu.units.models import AdministrativeUnit, StructureVersion, UnitLineage

    started = time.perf_counter()
    rng = random.Random(3321)
    with transaction.atomic():
        new_v = StructureVersion.objects.create(code="2025", name="2025", valid_from=date(2025, 7, 1))
        old_v = StructureVersion.objects.create(code="truoc-2025", name="trước 2025", valid_to=date(2025, 6, 30))
        province = AdministrativeUnit(version=new_v, code="99", name="Tỉnh Đo Hiệu Năng", kind=Kind.TINH,
                                      level=Level.PROVINCE, valid_from=date(2025, 7, 1))
        province.save()
        old_province = AdministrativeUnit(version=old_v, code="99", name="Tỉnh Cũ", kind=Kind.TINH,
                                          level=Level.PROVINCE, valid_to=date(2025, 6, 30))
        old_province.save()
        districts = []
        for d in range(34):
            u = AdministrativeUnit(version=old_v, code=f"D{d:03d}", name=f"Huyện {d}", kind=Kind.HUYEN,
                                   level=Level.DISTRICT, parent=old_province, valid_to=date(2025, 6, 30))
            u.save()
            districts.append(u)
        new_units = [AdministrativeUnit(version=new_v, code=f"N{i:05d}", name=f"Xã Mới {i:04d}", kind=Kind.XA,
                                        level=Level.COMMUNE, parent=province, valid_from=date(2025, 7, 1),
                                        path=f"{province.path}")
                     for i in range(communes)]
        AdministrativeUnit.objects.bulk_create(new_units, batch_size=2000)
        new_units = list(AdministrativeUnit.objects.filter(version=new_v, level=Level.COMMUNE).order_by("code"))
        for u in new_units:
            u.path = f"{province.path}{u.pk}/"
        AdministrativeUnit.objects.bulk_update(new_units, ["path"], batch_size=2000)
        old_units = []
        for i in range(communes * OLD_PER_NEW):
            parent = districts[i % 34]
            old_units.append(AdministrativeUnit(version=old_v, code=f"O{i:05d}", name=f"Xã Cũ {i:05d}", kind=Kind.XA,
                                                level=Level.COMMUNE, parent=parent, valid_to=date(2025, 6, 30),
                                                path=parent.path))
        AdministrativeUnit.objects.bulk_create(old_units, batch_size=2000)
        old_units = list(AdministrativeUnit.objects.filter(version=old_v, level=Level.COMMUNE)
                         .select_related("parent").order_by("code"))
        for u in old_units:
            u.path = f"{u.parent.path}{u.pk}/"
        AdministrativeUnit.objects.bulk_update(old_units, ["path"], batch_size=2000)
        UnitLineage.objects.bulk_create([
            UnitLineage(predecessor=old, successor=new_units[i // OLD_PER_NEW], kind=LineageKind.WHOLE,
                        is_primary=True, effective_on=date(2025, 7, 1))
            for i, old in enumerate(old_units)], batch_size=2000)
        template = ReportTemplate.objects.create(unit=province, title="Báo cáo năm (đo hiệu năng)",
                                                 period_kind=PeriodKind.YEAR, is_issued=True, issued_on=date(2021, 1, 1))
        indicators = Indicator.objects.bulk_create([
            Indicator(template=template, code=str(k + 1), label=f"Chỉ tiêu {k + 1}", kind=IndicatorKind.NUMBER,
                      order=k) for k in range(INDICATORS)])
    expected = Decimal(0)
    values_count = 0
    for year in range(2021, 2026):
        units = old_units if year < 2025 else new_units
        period = period_of(PeriodKind.YEAR, year)
        with transaction.atomic():
            subs = Submission.objects.bulk_create([
                Submission(template=template, unit=u, period_key=period.key, period_start=period.start,
                           rollup_unit=new_units[i // OLD_PER_NEW] if year < 2025 else u,
                           period_end=period.end, state="accepted", submitted_on=date(year + 1, 1, 5))
                for i, u in enumerate(units)], batch_size=2000)
            if connection.vendor == "sqlite" or subs[0].pk is None:
                subs = list(Submission.objects.filter(template=template, period_key=period.key).only("pk"))
            batch = []
            for sub in subs:
                for ind in indicators:
                    value = Decimal(rng.randint(0, 50))
                    expected += value
                    batch.append(SubmissionValue(submission_id=sub.pk, indicator_id=ind.pk, number=value))
                    if len(batch) >= 20000:
                        SubmissionValue.objects.bulk_create(batch)
                        values_count += len(batch)
                        batch = []
            SubmissionValue.objects.bulk_create(batch)
            values_count += len(batch)
    return {"seconds": round(time.perf_counter() - started, 1), "communes": communes,
            "old_communes": communes * OLD_PER_NEW, "reports": Submission.objects.count(), "values": values_count,
            "expected_total": str(expected)}


def measure(warm_runs: int) -> dict:
    t0 = time.perf_counter()
    _setup()
    from datetime import date
    from decimal import Decimal

    from danchu.steering import services
    from danchu.steering.models import ReportTemplate

    template = ReportTemplate.objects.select_related("unit").get()
    setup_s = time.perf_counter() - t0

    def once():
        start = time.perf_counter()
        result = services.rollup(template=template, scope=template.unit, start=date(2021, 1, 1),
                                 end=date(2025, 12, 31), label="2021–2025")
        return time.perf_counter() - start, result

    from django.core.cache import cache
    from django.db.models import Sum

    from danchu.steering.models import SubmissionValue

    cold, result = once()
    warm = [once()[0] for _ in range(warm_runs)]  # the result cache answers (keyed on the reports' signature)
    recompute = []
    for _ in range(warm_runs):  # warm database, empty result cache: the roll-up computed again
        cache.clear()
        recompute.append(once()[0])
    baseline = []
    for _ in range(warm_runs):  # the least any roll-up must do: one SUM over every value, in the same run
        start = time.perf_counter()
        SubmissionValue.objects.aggregate(s=Sum("number"))
        baseline.append(time.perf_counter() - start)
    total = sum((agg.total for agg in result.total.values()), Decimal(0))
    return {"django_setup_s": round(setup_s, 3), "cold_s": round(cold, 3),
            "warm_median_s": round(statistics.median(warm), 3), "warm_runs_s": [round(w, 3) for w in warm],
            "recompute_median_s": round(statistics.median(recompute), 3),
            "baseline_sum_median_s": round(statistics.median(baseline), 3),
            "recompute_ratio_to_baseline": round(statistics.median(recompute) / max(statistics.median(baseline),
                                                                                    1e-9), 2),
            "rows": len(result.rows), "reports": result.reports, "legacy_reports": result.legacy_reports,
            "total": str(total)}


# --- driver ----------------------------------------------------------------------------------------


@contextlib.contextmanager
def throwaway_pg():
    import psycopg

    name = f"danchu_bench_steering_{os.getpid()}"
    with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True, connect_timeout=3) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
        version = conn.execute("SHOW server_version").fetchone()[0]
    try:
        yield f"{PG_BASE}/{name}", version
    finally:
        with psycopg.connect(f"{PG_BASE}/postgres", autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_backend(backend: str, communes: int, keep: bool) -> dict:
    data_dir = Path(tempfile.mkdtemp(prefix=f"danchu-bench-steering-{backend}-"))
    out: dict = {"engine": backend}
    try:
        with contextlib.ExitStack() as stack:
            db_url = None
            if backend == "postgresql":
                try:
                    db_url, version = stack.enter_context(throwaway_pg())
                except Exception as exc:  # noqa: BLE001 — PostgreSQL is optional
                    return {"engine": backend, "skipped": f"PostgreSQL not reachable: {exc}"}
                out["server_version"] = version
            env = _env(data_dir, db_url)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", "danchu", "migrate", "--no-input", "-v0"], env=env, cwd=REPO,
                           check=True, timeout=1800)
            out["migrate_s"] = round(time.perf_counter() - started, 1)
            log(f"[S1 {backend}] seeding {communes} communes × {INDICATORS} indicators × 5 years …")
            out["seed"] = _child("seed", env, "--communes", str(communes))
            log(f"[S1 {backend}] seeded in {out['seed']['seconds']} s: {out['seed']['reports']} reports, "
                f"{out['seed']['values']} values")
            out["runs"] = _child("measure", env)
            from decimal import Decimal

            out["figures_match"] = Decimal(out["runs"]["total"]) == Decimal(out["seed"]["expected_total"])
            log(f"[S1 {backend}] cold {out['runs']['cold_s']} s, warm (cached) {out['runs']['warm_median_s']} s, "
                f"recomputed {out['runs']['recompute_median_s']} s (one SUM of all values: "
                f"{out['runs']['baseline_sum_median_s']} s), figures match: {out['figures_match']}")
    finally:
        if keep:
            out["data_dir"] = str(data_dir)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    return out


def run(args, log_) -> dict:
    """For bench/run.py (`make bench`): every backend of --backends, results as a dict per backend."""
    report = {}
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        try:
            report[backend] = run_backend(backend, getattr(args, "steering_communes", 3321), False)
        except Exception as exc:  # noqa: BLE001 — report and go on with the next backend
            report[backend] = {"engine": backend, "error": str(exc)[-2000:]}
            log_(f"[S1 {backend}] ERROR {exc}")
    return report


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--communes", type=int, default=3321)
    p.add_argument("--backends", default="sqlite,postgresql")
    p.add_argument("--keep", action="store_true")
    p.add_argument("--child", choices=["seed", "measure"], help=argparse.SUPPRESS)
    p.add_argument("--warm-runs", type=int, default=5)
    args = p.parse_args(argv)
    if args.child == "seed":
        print(json.dumps(seed(args.communes)))
        return 0
    if args.child == "measure":
        print(json.dumps(measure(args.warm_runs)))
        return 0
    report = {"benchmark": "S1 steering roll-up", "when": datetime.now(UTC).isoformat(timespec="seconds"),
              "cores": os.cpu_count(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
              "backends": {}}
    for backend in [b.strip() for b in args.backends.split(",") if b.strip()]:
        try:
            report["backends"][backend] = run_backend(backend, args.communes, args.keep)
        except Exception as exc:  # noqa: BLE001 — report and go on with the next backend
            report["backends"][backend] = {"engine": backend, "error": str(exc)[-2000:]}
            log(f"[S1 {backend}] ERROR {exc}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(report, ensure_ascii=False, indent=2)
    (RESULTS / f"steering-{stamp}.json").write_text(text, encoding="utf-8")
    (RESULTS / "steering-latest.json").write_text(text, encoding="utf-8")
    log(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
