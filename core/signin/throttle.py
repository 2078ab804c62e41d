"""A growing delay, not a lock, for one account attacked from many addresses.

django-axes locks a (username, address) pair. Guessing one account's password from many addresses escapes that, and
locking the account itself would let anyone lock anyone out. So after ``LOGIN_DELAY_AFTER_FAILURES`` failures for a
username within ``LOGIN_DELAY_WINDOW_SECONDS``, each attempt for it must wait 2, 4, 8 … seconds (at most
``LOGIN_DELAY_MAX_SECONDS``) after the last failure, whatever the address and whether or not the password is right
(else the answer would reveal the password). The owner waits a minute at worst; a guesser gets a few a minute.
Counted in the shared cache, under a hash of the username.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache

from ..ratelimits import hashed


def _keys(username: str) -> tuple[str, str]:
    digest = hashed(username or "")
    return f"login-delay:count:{digest}", f"login-delay:last:{digest}"


def record_failure(username: str) -> None:
    """One more failed login for ``username`` (called from the ``user_login_failed`` signal)."""
    count_key, last_key = _keys(username)
    window = settings.LOGIN_DELAY_WINDOW_SECONDS
    cache.add(count_key, 0, window)
    try:
        cache.incr(count_key)
    except ValueError:  # expired between add and incr
        cache.set(count_key, 1, window)
    cache.set(last_key, time.time(), window)


def clear(username: str) -> None:
    """A successful login ends the delay for this username."""
    cache.delete_many(list(_keys(username)))


def seconds_to_wait(username: str) -> int:
    """How long an attempt for ``username`` must still wait (0: it may go ahead)."""
    count_key, last_key = _keys(username)
    failures = cache.get(count_key, 0)
    threshold = settings.LOGIN_DELAY_AFTER_FAILURES
    if failures < threshold:
        return 0
    delay = min(2 ** (failures - threshold + 1), settings.LOGIN_DELAY_MAX_SECONDS)
    remaining = cache.get(last_key, 0) + delay - time.time()
    return math.ceil(remaining) if remaining > 0 else 0
