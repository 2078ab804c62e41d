"""Celery beat that runs once across all machines.

Two beats would send every reminder twice (the reminder tasks are idempotent per day, but other periodic tasks need
not be). Beat is meant to run on one machine only (docs/deploy.md); this scheduler enforces it: at start it takes a
lock in Redis (the broker), renews it every loop, and a second beat that finds the lock held stops with a message.
If the first beat dies, its lock expires after ``LOCK_TIMEOUT`` seconds and another beat may start.
"""

import logging

from celery.beat import PersistentScheduler
from django.conf import settings

logger = logging.getLogger(__name__)

LOCK_KEY = "guanai:celery-beat-lock"
LOCK_TIMEOUT = 180  # seconds; three times CELERY_BEAT_MAX_LOOP_INTERVAL, so one slow loop does not lose it


class AnotherBeatIsRunning(SystemExit):
    pass


def _redis_lock():
    """A redis-py lock on the broker's Redis, or None when the broker is not Redis (dev's memory://)."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return None
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5)
    return client.lock(LOCK_KEY, timeout=LOCK_TIMEOUT, blocking=False)


class SingleBeatScheduler(PersistentScheduler):
    def __init__(self, *args, lazy=False, **kwargs):
        # Beat also builds a lazy scheduler just to print its banner; only the one that runs takes the lock.
        self._lock = None if lazy else _redis_lock()
        if self._lock is not None and not self._lock.acquire():
            raise AnotherBeatIsRunning(
                f"Another celery beat holds the Redis lock {LOCK_KEY!r}: run beat on one machine only "
                f"(docs/deploy.md). If that beat is gone, its lock expires within {LOCK_TIMEOUT} s."
            )
        super().__init__(*args, lazy=lazy, **kwargs)

    def tick(self, *args, **kwargs):
        self._renew_lock()
        return super().tick(*args, **kwargs)

    def _renew_lock(self):
        if self._lock is None:
            return
        from redis.exceptions import LockError, RedisError

        try:
            self._lock.reacquire()
        except LockError:
            # The lock expired (Redis restarted, or this process was stopped for minutes): take it again unless
            # another beat already has.
            if not self._lock.acquire():
                raise AnotherBeatIsRunning(f"Lost the Redis lock {LOCK_KEY!r} to another celery beat.") from None
        except RedisError:
            # Redis is down: the broker is too, so nothing is sent anyway; keep running and retry next loop.
            logger.warning("celery beat could not renew its Redis lock", exc_info=True)

    def close(self):
        try:
            super().close()
        finally:
            # Beat closes its scheduler more than once on shutdown; release the lock the first time only.
            lock, self._lock = self._lock, None
            if lock is not None:
                from redis.exceptions import LockError, RedisError

                try:
                    lock.release()
                except (LockError, RedisError):
                    logger.warning("celery beat could not release its Redis lock", exc_info=True)
