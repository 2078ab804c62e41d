"""The embedded default: SQLite, Celery tasks run in-process, mail to the console. For ``make run`` only."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
# "memory://localhost/", not "memory://": kombu warns on the console when a URL names no host.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="memory://localhost/")
BENEFICIARY_ID_HASH_KEY = env.str("BENEFICIARY_ID_HASH_KEY", default="dev-only-id-hash-key")
# Demo accounts sign in with the password alone; TWO_FACTOR_REQUIRED=true tries enrolment (README, docs/security.md).
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=False)

# E-mail links point at the port the demo actually serves on (``make run PORT=8001``), unless SITE_URL is set.
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")
WAGTAILADMIN_BASE_URL = SITE_URL

# The project's own 403/404 pages in the demo too (Django's debug pages only for real errors), and a console that
# shows requests and real errors, not a traceback for every refused request.
MIDDLEWARE = [*MIDDLEWARE, "config.dev_errors.FriendlyErrorPagesMiddleware"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"sensitive": {"()": "core.logfilters.SensitiveDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["sensitive"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
        "celery": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "guanai.dev": {"level": "WARNING"},
    },
}
