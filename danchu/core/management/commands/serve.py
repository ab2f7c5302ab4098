"""`danchu serve`: the web server (gunicorn) and the background worker (huey) together."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Chạy máy chủ web và tiến trình xử lý nền / run the web server and the background worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        parser.add_argument("--no-worker", action="store_true", help="do not start the huey consumer")

    def handle(self, *args, host, port, workers, no_worker, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "danchu.settings"),
               "DANCHU_DATA_DIR": str(settings.DATA_DIR)}
        procs: list[subprocess.Popen] = []
        if not no_worker:
            procs.append(subprocess.Popen([sys.executable, "-m", "danchu", "run_huey"], env=env))
        procs.append(subprocess.Popen([
            sys.executable, "-m", "gunicorn", "danchu.wsgi:application", "--bind", f"{host}:{port}",
            "--workers", str(workers), "--access-logfile", "-", "--graceful-timeout", "10",
        ], env=env))
        self.stdout.write(f"\ndanchu đang chạy tại / is serving on http://{host}:{port}/ "
                          f"(tiến trình nền / worker: {'tắt' if no_worker else 'huey'}). Ctrl+C để dừng.")
        with contextlib.suppress(Exception):  # no demo data (or no demo command): nothing to print
            call_command("demo", logins_only=True, stdout=self.stdout)

        def stop(*_):
            for p in procs:
                if p.poll() is None:
                    p.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(p.poll() is None for p in procs):
                time.sleep(0.5)
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for p in procs:
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
        code = next((p.returncode for p in procs if p.returncode), 0)
        if code:
            sys.exit(code)
