"""Settings for the test suite: SQLite in memory unless DATABASE_URL is set, tasks eager unless a broker is given."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {"default": env.db("DATABASE_URL", default="sqlite://:memory:")}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="memory://")
AXES_ENABLED = env.bool("AXES_ENABLED", default=False)
MEDIA_ROOT = BASE_DIR / ".test-media"
PRIVATE_MEDIA_ROOT = BASE_DIR / ".test-private-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
BENEFICIARY_ID_HASH_KEY = "test-id-hash-key"
WAGTAILADMIN_BASE_URL = "http://testserver"
LANGUAGE_CODE = "zh-hans"
# The suite signs in with force_login; tests of the second factor turn it on with the settings fixture.
TWO_FACTOR_REQUIRED = False

# The anonymous page cache is off in tests except where a test turns it on (tests/core/test_page_cache.py).
PAGE_CACHE_SECONDS = 0
