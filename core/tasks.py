"""Celery tasks of core, and ``durable_task``: the one policy every task of the project is declared with.

The policy (docs/security.md, "Celery"): a message is acknowledged only after its task has finished
(``acks_late``), so a worker that dies mid-task (killed, out of memory, the machine restarting) leaves the message
in Redis, which hands it to another worker once the broker's visibility timeout has passed
(``CELERY_BROKER_TRANSPORT_OPTIONS``, longer than any task's hard time limit, so a task still running is never
handed out twice); a worker child lost under the prefork pool rejects the message back to the queue
(``reject_on_worker_lost``); each worker takes one message at a time (``CELERY_WORKER_PREFETCH_MULTIPLIER = 1``);
transient errors (the database or the broker unreachable for a moment) are retried with exponential back-off and
jitter, a bounded number of times; and every task has a soft and a hard time limit. Because a message can therefore
run more than once, every task must be idempotent: a second run does nothing twice (a state check under a row lock,
a unique key, or one transaction that either wrote everything or nothing). Tasks are only queued after the
transaction that made their work has committed (``transaction.on_commit``).
"""

from celery import shared_task
from django.db import InterfaceError
from django.db import OperationalError as DatabaseOperationalError
from kombu.exceptions import OperationalError as BrokerOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .outbox import outgoing_email_send, outgoing_emails_send_pending

# Errors that say "try again in a moment", not "this input is wrong". ConnectionError and TimeoutError are the
# built-in OSError subclasses (sockets); a programming error or bad data is not retried.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    DatabaseOperationalError,
    InterfaceError,
    BrokerOperationalError,
    RedisConnectionError,
    RedisTimeoutError,
    ConnectionError,
    TimeoutError,
)

# Defaults for a task that says nothing (seconds). The longest task (the Excel import) sets its own; the broker's
# visibility timeout must stay above every hard limit (checked by core.checks.celery_visibility_timeout).
SOFT_TIME_LIMIT = 5 * 60
HARD_TIME_LIMIT = 6 * 60
MAX_RETRIES = 5
RETRY_BACKOFF_MAX = 10 * 60


def durable_task(*args, **options):
    """``shared_task`` with the project's policy (see the module docstring). Use as ``@durable_task`` or
    ``@durable_task(soft_time_limit=..., time_limit=..., bind=True, ...)``; the keyword arguments override the
    defaults. ``autoretry_for`` adds to the transient errors rather than replacing them."""
    extra_retry = tuple(options.pop("autoretry_for", ()))
    policy = {
        "acks_late": True,
        "reject_on_worker_lost": True,
        "autoretry_for": TRANSIENT_ERRORS + extra_retry,
        "retry_backoff": True,
        "retry_backoff_max": RETRY_BACKOFF_MAX,
        "retry_jitter": True,
        "max_retries": MAX_RETRIES,
        "soft_time_limit": SOFT_TIME_LIMIT,
        "time_limit": HARD_TIME_LIMIT,
    }
    policy.update(options)
    if policy["time_limit"] <= policy["soft_time_limit"]:
        raise ValueError("a task's hard time limit must be above its soft one (the soft one lets it clean up)")
    if len(args) == 1 and callable(args[0]):
        return shared_task(**policy)(args[0])
    return shared_task(*args, **policy)


@durable_task
def send_outgoing_email(email_id: int) -> bool:
    """Send one e-mail of the outbox (once: the row is locked and marked sent in one transaction). A failure stays
    on the row for ``send_pending_emails``."""
    return outgoing_email_send(email_id=email_id)


@durable_task
def send_pending_emails() -> int:
    """Every five minutes: send what the outbox still holds (the broker was down, or sending failed)."""
    return outgoing_emails_send_pending()
