"""The embedded default: SQLite, Celery tasks run in-process, mail to the console. For ``make run`` only."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="memory://")
BENEFICIARY_ID_HASH_KEY = env.str("BENEFICIARY_ID_HASH_KEY", default="dev-only-id-hash-key")
