"""Deployment checks (``manage.py check --deploy``) for what the settings files cannot refuse on their own."""

from django.conf import settings
from django.core import checks

# Counters kept in one process's memory (or with a non-atomic increment) let an attacker spread attempts across
# worker processes: rate limits and the login delay need a cache every process shares.
_NOT_SHARED = {
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
    "django.core.cache.backends.filebased.FileBasedCache",
    "django.core.cache.backends.db.DatabaseCache",
}


@checks.register(checks.Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if backend in _NOT_SHARED:
        return [
            checks.Error(
                f"CACHES['default'] uses {backend}, which is not shared between processes.",
                hint="Set CACHE_URL to a Redis database (redis://host:6379/1): rate limits and the login delay count "
                "there.",
                id="core.E001",
            )
        ]
    return []
