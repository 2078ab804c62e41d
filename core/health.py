"""Health endpoints for load balancers, systemd and the deploy scripts.

``/healthz`` says the process answers (no database, nothing shared): a load balancer restarts a web process that
fails it. ``/readyz`` says this process can serve real requests: the database, the Celery broker and the cache are
reachable. Each check runs in its own thread with a deadline, so a firewalled host fails the check in
``READYZ_TIMEOUT`` seconds instead of hanging the probe. Both are anonymous and must stay exempt from any login or
two-factor redirect (a probe has no session).
"""

import logging
import threading
import uuid

from django.conf import settings
from django.core.cache import caches
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def check_database() -> None:
    """One round trip on the default database, on a connection this thread opens and closes."""
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()


def check_cache() -> None:
    """Write and read back a key: a cache that accepts writes but loses them (wrong Redis db, full memory) fails."""
    cache = caches["default"]
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    try:
        if cache.get(key) != "ok":
            raise RuntimeError("the cache did not return the value just written")
    finally:
        cache.delete(key)


def check_broker() -> None:
    """Open (and close) a connection to the Celery broker named in the settings."""
    from kombu import Connection

    timeout = settings.READYZ_TIMEOUT
    with Connection(settings.CELERY_BROKER_URL, connect_timeout=timeout) as connection:
        connection.ensure_connection(max_retries=0, timeout=timeout)


CHECKS = {"database": check_database, "cache": check_cache, "broker": check_broker}


def _run_with_deadline(checks: dict, timeout: float) -> dict[str, str]:
    """Run every check at once in its own thread; one that has not finished by the deadline counts as failed."""
    results: dict[str, str] = {}

    def run(name, check):
        try:
            check()
        except Exception as exc:
            # The probe is public: name the part and the kind of error only; the details go to the log.
            logger.warning("readyz: %s check failed", name, exc_info=True)
            results[name] = f"error: {type(exc).__name__}"
        else:
            results[name] = "ok"

    threads = {
        name: threading.Thread(target=run, args=(name, check), name=f"readyz-{name}", daemon=True)
        for name, check in checks.items()
    }
    for thread in threads.values():
        thread.start()
    for name, thread in threads.items():
        thread.join(timeout)
        if thread.is_alive():
            logger.warning("readyz: %s check did not finish within %s s", name, timeout)
            results[name] = "error: timeout"
    return {name: results[name] for name in checks}


@never_cache
@require_safe
def healthz(request):
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request):
    results = _run_with_deadline(CHECKS, settings.READYZ_TIMEOUT)
    failing = [name for name, result in results.items() if result != "ok"]
    if failing:
        return JsonResponse({"status": "unavailable", "failing": failing, "checks": results}, status=503)
    return JsonResponse({"status": "ok", "checks": results})
