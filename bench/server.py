"""Throughput of the production profile: gunicorn (config/gunicorn.conf.py, config.settings.production) serving a
few public pages to anonymous visitors, requests/s and latency percentiles, with the full-page cache off
(``PAGE_CACHE_SECONDS=0``) and on (300, Redis), beside the floor: ``/healthz`` (no database, no template) from the
same server in the same run.

``python -m bench server`` measures the throw-away PostgreSQL test database with the small generated size (skipped on
SQLite: gunicorn cannot share an in-memory database). ``python -m bench.server`` measures the database given by
``BENCH_DATABASE_URL`` as it is (e.g. ``h_gen`` after ``manage.py generate_scale --size medium``).

Settings: ``BENCH_SERVER_SECONDS`` per page (default 3), ``BENCH_SERVER_CONNECTIONS`` (default 4),
``BENCH_SERVER_WORKERS`` (gunicorn workers, default 2), ``BENCH_SERVER_PORT`` (default: a free port),
``BENCH_REDIS_URL`` (default redis://127.0.0.1:6379/15, flushed). The load generator is ``wrk`` when installed,
otherwise a small client in threads (slower: its own cost weighs on the figures). Timing never fails the run.

Three passes: the page cache off with ``BENCH_SERVER_CONNECTIONS``, off again with ``BENCH_SERVER_P95_CONNECTIONS``
(default 8: the issue's p95 target for uncached list pages), and on. Besides the public pages, the uncached pass
requests the officer lists as the generated provincial officer (``scale_officer``), signed in through a session
created in the database (the second factor is not asked for: ``TWO_FACTOR_REQUIRED=false`` on this server).
"""

import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from bench.report import record

if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if os.environ.get("BENCH_DATABASE_URL"):
        os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    django.setup()

from django.db import connection
from django.db.models import Count

from programs.models import BrandProgram

ROOT = Path(__file__).resolve().parent.parent
SECONDS = float(os.environ.get("BENCH_SERVER_SECONDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_SERVER_CONNECTIONS", "4"))
P95_CONNECTIONS = int(os.environ.get("BENCH_SERVER_P95_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("BENCH_SERVER_WORKERS", "2"))
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")


def _pages() -> list[tuple[str, str, bool]]:
    """(label, path, as the signed-in officer?)."""
    from cms.program_pages import CallIndexPage

    brand = BrandProgram.objects.annotate(n=Count("grants")).order_by("-n").first()
    call_index = CallIndexPage.objects.live().first()
    pages = [
        ("public home", "/", False),
        ("public funded projects", "/grants/projects/", False),
        ("public call index", call_index.url if call_index else "/programs/calls/", False),
        ("public directory", "/organizations/directory/", False),
        ("public evaluation results", "/grants/results/", False),
    ]
    if brand:
        pages.append(("public brand page (biggest)", f"/programs/brands/{brand.slug}/", False))
    pages += [
        ("officer organization queue", "/organizations/officer/?status=", True),
        ("officer applications list", "/programs/work/applications/", True),
        ("officer grants list", "/grants/", True),
        ("officer milestone queue", "/grants/milestones/", True),
    ]
    return pages


def _officer_cookie(secret_key: str) -> str | None:
    """A database session of the generated provincial officer, as a Cookie header (None without that officer),
    signed with the server's ``SECRET_KEY`` (the session data and the user's session hash are signed with it)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.test.utils import override_settings

    from core.models import User

    officer = User.objects.filter(username="scale_officer").first()
    if officer is None:
        return None
    with override_settings(SECRET_KEY=secret_key):
        session = SessionStore()
        session[SESSION_KEY] = str(officer.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = officer.get_session_auth_hash()
        session["signin_last_seen"] = time.time() + 86400  # no "last seen" write during the run (core.signin)
        session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _database_url() -> str:
    settings = connection.settings_dict
    user = settings.get("USER") or "postgres"
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def _free_port() -> int:
    if os.environ.get("BENCH_SERVER_PORT"):
        return int(os.environ["BENCH_SERVER_PORT"])
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SECRET_KEY = "bench-only-" + os.urandom(16).hex()


def _environment(database_url: str, port: int, page_cache_seconds: int, work: str) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_", "BENCH_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        BENEFICIARY_ID_HASH_KEY="bench-only-beneficiary-hash-key",
        CACHE_URL=REDIS_URL,
        CELERY_BROKER_URL=REDIS_URL,
        CELERY_TASK_ALWAYS_EAGER="true",
        PAGE_CACHE_SECONDS=str(page_cache_seconds),
        PORT=str(port),
        SITE_URL=f"http://127.0.0.1:{port}",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        SECURE_HSTS_SECONDS="0",
        TWO_FACTOR_REQUIRED="false",
        RATELIMIT_ENABLE="false",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        MEDIA_ROOT=f"{work}/media",
        PRIVATE_MEDIA_ROOT=f"{work}/private_media",
        WEB_CONCURRENCY=str(WORKERS),
        LOG_LEVEL="WARNING",
    )
    return env


class Server:
    """gunicorn in a session (process group) of its own; stopped, with every worker, on exit whatever happens."""

    def __init__(self, env: dict, log_path: str):
        self.env = env
        self.base_url = f"http://127.0.0.1:{env['PORT']}"
        self.log = open(log_path, "ab")  # closed in stop()
        self.process = None

    def __enter__(self) -> "Server":
        gunicorn = str(Path(sys.executable).parent / "gunicorn")
        self.process = subprocess.Popen(
            # --max-requests 0: the production config recycles a worker every ~1,000 requests, which at cached
            # speed is every second or two, and a restarting worker (~1 s to load Django) would be the p90.
            [gunicorn, "-c", "config/gunicorn.conf.py", "--access-logfile", "/dev/null", "--max-requests", "0"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/readyz", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /readyz in 60 s; see {self.log.name}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=25)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
            except ProcessLookupError:
                pass
        self.log.close()

    def __exit__(self, *exc) -> None:
        self.stop()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect (to the login page, say) is the answer measured, so it must show as one


_opener = urllib.request.build_opener(_NoRedirect)


def _status(url: str, cookie: str | None = None) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with _opener.open(request, timeout=60) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


_WRK_P95 = """done = function(summary, latency, requests)
  io.write(string.format("p95 %d us\\n", latency:percentile(95)))
end
"""


def _wrk(url: str, connections: int, cookie: str | None) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(_WRK_P95)
    command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(SECONDS))}s", "--latency", "--timeout", "30s"]
    command += ["-s", script.name] + (["-H", f"Cookie: {cookie}"] if cookie else [])
    try:
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script.name)

    def milliseconds(label: str) -> float:
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not match:
            return float("nan")
        return float(match[1]) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[match[2]]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    p95 = re.search(r"^p95 (\d+) us$", output, re.MULTILINE)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": milliseconds("50"),
        "p90": milliseconds("90"),
        "p95": int(p95[1]) / 1000 if p95 else float("nan"),
        "p99": milliseconds("99"),
        "errors": int(errors[1]) if errors else 0,
    }


def _threads(url: str, connections: int, cookie: str | None) -> dict:
    """The fallback load generator: ``connections`` threads, each a loop of requests for SECONDS."""
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS

    def loop() -> None:
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            status = _status(url, cookie)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                times.append(elapsed)
                errors[0] += status != 200

    started = time.monotonic()
    threads = [threading.Thread(target=loop) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    times.sort()

    def percentile(share: float) -> float:
        return times[min(len(times) - 1, round(share * (len(times) - 1)))] if times else float("nan")

    return {
        "rps": len(times) / elapsed,
        "p50": statistics.median(times) if times else float("nan"),
        "p90": percentile(0.9),
        "p95": percentile(0.95),
        "p99": percentile(0.99),
        "errors": errors[0],
    }


def _load(url: str, connections: int = CONNECTIONS, cookie: str | None = None) -> dict:
    status = _status(url, cookie)  # warm-up: fills the page cache when it is on
    if status != 200:
        return {"status": status}
    return (_wrk if shutil.which("wrk") else _threads)(url, connections, cookie)


def _flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def measure_all(database_url: str) -> dict:
    pages = _pages()
    cookie = _officer_cookie(SECRET_KEY)
    generator = "wrk" if shutil.which("wrk") else "Python threads"
    print(
        f"server: gunicorn, {WORKERS} workers, {generator} for {SECONDS:g} s per URL; requests/s, latency p50 / p90 / "
        f"p95 / p99 (ms), requests/s as a share of /healthz"
    )
    print(f"  {'URL':58} {'req/s':>8} {'p50':>8} {'p90':>8} {'p95':>8} {'p99':>8} {'x floor':>8}")
    results: dict = {}
    work = tempfile.mkdtemp(prefix="guanai-bench-server-")
    # SIGTERM (a CI timeout, kill) unwinds like Ctrl-C, so the server's process group is stopped on the way out.
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        port = _free_port()
        static = subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=_environment(database_url, port, 0, work),
            capture_output=True,
            text=True,
        )
        if static.returncode:
            print(f"  skipped: collectstatic failed: {static.stderr.strip()[-500:]}")
            return results
        passes = [(0, CONNECTIONS), (0, P95_CONNECTIONS), (300, CONNECTIONS)]
        for cache_seconds, connections in passes:
            _flush_redis()
            env = _environment(database_url, port, cache_seconds, work)
            with Server(env, f"{work}/gunicorn.log") as server:
                floor = _load(f"{server.base_url}/healthz", connections)
                label = f"cache {'on' if cache_seconds else 'off'}, {connections} conn."
                # The page cache serves anonymous visitors only: the officer lists are measured uncached.
                urls = [(name, path, officer) for name, path, officer in pages if not (cache_seconds and officer)]
                for name, path, officer in [("floor: /healthz", "/healthz", False), *urls]:
                    if officer and cookie is None:
                        continue
                    result = (
                        floor
                        if path == "/healthz"
                        else _load(server.base_url + path, connections, cookie if officer else None)
                    )
                    results[(label, name)] = result
                    title = f"{name} ({label})"
                    if "rps" not in result:
                        print(f"  {title:58} answered {result['status']}, not measured")
                        if result["status"] >= 500:
                            tail = Path(f"{work}/gunicorn.log").read_text(errors="replace").strip()[-1500:]
                            print("    " + tail.replace("\n", "\n    "))
                        continue
                    errors = f"  ({result['errors']} not 2xx/3xx)" if result["errors"] else ""
                    if path != "/healthz":
                        share = 0.7 if cache_seconds else 0.1
                        record(
                            "server",
                            f"{name} ({label}), requests/s",
                            result["rps"],
                            "req/s",
                            floor=floor["rps"],
                            target=f"≥ {share:.0%} of /healthz (floor)",
                            met=result["rps"] >= share * floor["rps"],
                        )
                    print(
                        f"  {title:58} {result['rps']:8.1f} {result['p50']:8.1f} {result['p90']:8.1f} "
                        f"{result['p95']:8.1f} {result['p99']:8.1f} {result['rps'] / floor['rps']:8.3f}{errors}"
                    )
    finally:
        signal.signal(signal.SIGTERM, previous)
        _flush_redis()
        shutil.rmtree(work, ignore_errors=True)
    return results


def run() -> None:
    if connection.vendor != "postgresql":
        print("server: skipped (needs PostgreSQL: set DATABASE_URL; gunicorn cannot share a database in memory)")
        record("server", "gunicorn throughput (skipped: needs PostgreSQL)", None, "req/s")
        return
    from grants.models import Grant
    from scale.generator import generate

    if not Grant.objects.exists():
        generate(os.environ.get("BENCH_SIZE", "small"))
    try:
        measure_all(_database_url())
    except Exception as error:  # no Redis, no gunicorn, a failed start: reported, never a failed run
        # A benchmark reports; it does not fail the run (bin/smoke is the test of the production profile).
        print(f"server: not measured: {error}")


if __name__ == "__main__":
    if not os.environ.get("BENCH_DATABASE_URL"):
        sys.exit("set BENCH_DATABASE_URL (a migrated database with data), or run `python -m bench server`")
    measure_all(os.environ["BENCH_DATABASE_URL"])
