"""Bounded HTTP load generators for the bench: wrk when installed, else threads + http.client.

Both only ever talk to 127.0.0.1, run for a fixed duration (and the Python one for a fixed maximum number
of requests too), and stop by themselves.
"""

from __future__ import annotations

import http.client
import re
import shutil
import statistics
import subprocess
import threading
import time
from dataclasses import asdict, dataclass

LOOPBACK = "127.0.0.1"


@dataclass
class LoadResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx: int
    errors: int
    seconds: float

    def as_dict(self) -> dict:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in asdict(self).items()}


def _check_target(host: str) -> None:
    if host != LOOPBACK:
        raise ValueError(f"the bench only loads {LOOPBACK}, not {host!r}")


# --- wrk ------------------------------------------------------------------------------------------

_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        raise ValueError(f"cannot read a wrk latency {text!r}")
    return float(m.group(1)) * _UNITS_MS[m.group(2)]


def parse_wrk(out: str, seconds: float) -> LoadResult:
    def grab(pattern: str, default: str | None = None) -> str:
        m = re.search(pattern, out, re.MULTILINE)
        if m:
            return m.group(1)
        if default is None:
            raise ValueError(f"wrk output has no {pattern!r}:\n{out}")
        return default

    requests = int(grab(r"^\s*(\d+) requests in"))
    errors = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", grab(r"Socket errors: (.*)$", "")))
    return LoadResult(
        rps=float(grab(r"^Requests/sec:\s*([\d.]+)")),
        p50_ms=_ms(grab(r"^\s*50%\s+(\S+)")),
        p99_ms=_ms(grab(r"^\s*99%\s+(\S+)")),
        requests=requests,
        non_2xx=int(grab(r"Non-2xx or 3xx responses: (\d+)", "0")),
        errors=errors,
        seconds=seconds,
    )


class Wrk:
    name = "wrk"

    def __init__(self, connections: int = 8, threads: int = 2):
        self.path = shutil.which("wrk")
        self.connections, self.threads = connections, threads
        proc = subprocess.run([self.path, "-v"], capture_output=True, text=True, timeout=10)
        self.version = (proc.stdout + proc.stderr).strip().splitlines()[0] if (proc.stdout + proc.stderr).strip() else "wrk"

    def describe(self) -> dict:
        return {"tool": "wrk", "version": self.version, "connections": self.connections, "threads": self.threads}

    def run(self, host: str, port: int, path: str, seconds: float) -> LoadResult:
        _check_target(host)
        secs = max(1, round(seconds))
        cmd = [self.path, f"-t{self.threads}", f"-c{self.connections}", f"-d{secs}s", "--timeout", "5s", "--latency",
               f"http://{host}:{port}{path}"]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=secs + 30)
        if proc.returncode != 0:
            raise RuntimeError(f"wrk failed ({proc.returncode}): {proc.stderr or proc.stdout}")
        return parse_wrk(proc.stdout, float(secs))


# --- Python fallback ------------------------------------------------------------------------------


class PythonLoad:
    """N threads, each with its own keep-alive http.client connection (re-opened when the server closes it)."""

    name = "python"

    def __init__(self, connections: int = 8, max_requests: int = 200_000):
        self.connections, self.max_requests = connections, max_requests

    def describe(self) -> dict:
        return {"tool": "python http.client threads", "connections": self.connections,
                "max_requests_per_run": self.max_requests,
                "note": "the generator shares the 2 cores and the GIL: absolute req/s are lower than with wrk"}

    def run(self, host: str, port: int, path: str, seconds: float) -> LoadResult:
        _check_target(host)
        per_thread = max(1, self.max_requests // self.connections)
        latencies: list[list[float]] = [[] for _ in range(self.connections)]
        counts = [[0, 0] for _ in range(self.connections)]  # non_2xx, errors
        start = time.perf_counter()
        deadline = start + seconds

        def worker(i: int) -> None:
            conn = http.client.HTTPConnection(host, port, timeout=5)
            lat = latencies[i]
            try:
                while len(lat) < per_thread:
                    t0 = time.perf_counter()
                    if t0 >= deadline:
                        break
                    try:
                        conn.request("GET", path)
                        resp = conn.getresponse()
                        resp.read()
                        if not 200 <= resp.status < 400:
                            counts[i][0] += 1
                        if resp.will_close:
                            conn.close()
                    except (OSError, http.client.HTTPException):
                        counts[i][1] += 1
                        conn.close()
                        conn = http.client.HTTPConnection(host, port, timeout=5)
                        continue
                    lat.append(time.perf_counter() - t0)
            finally:
                conn.close()

        threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(self.connections)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(seconds + 30)
        elapsed = time.perf_counter() - start
        all_lat = sorted(x for lat in latencies for x in lat)
        if not all_lat:
            raise RuntimeError(f"no request to {path} succeeded")

        def pct(q: float) -> float:
            return all_lat[min(len(all_lat) - 1, int(q * len(all_lat)))] * 1000

        return LoadResult(
            rps=len(all_lat) / elapsed, p50_ms=pct(0.50), p99_ms=pct(0.99), requests=len(all_lat),
            non_2xx=sum(c[0] for c in counts), errors=sum(c[1] for c in counts), seconds=elapsed,
        )


def ensure_wrk(log=print) -> bool:
    """Try `apt-get install wrk` (root only, bounded in time); True when wrk is then on PATH."""
    import os

    if shutil.which("wrk"):
        return True
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for steps in ([["apt-get", "install", "-y", "-qq", "wrk"]],
                  [["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "wrk"]]):
        try:
            for cmd in steps:
                log(f"  $ {' '.join(cmd)}")
                subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=180, check=True)
            if shutil.which("wrk"):
                return True
        except (subprocess.SubprocessError, OSError):
            continue
    return False


def median_result(results: list[LoadResult]) -> dict:
    return {
        "rps": round(statistics.median(r.rps for r in results), 1),
        "p50_ms": round(statistics.median(r.p50_ms for r in results), 3),
        "p99_ms": round(statistics.median(r.p99_ms for r in results), 3),
        "non_2xx": sum(r.non_2xx for r in results),
        "errors": sum(r.errors for r in results),
        "runs": [r.as_dict() for r in results],
    }
