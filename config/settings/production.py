"""Production: every secret and host comes from the environment, and a missing one stops the start."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env


def _required(name: str) -> str:
    value = env.str(name, default="")
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable (see .env.example).")
    return value


DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [host for host in _required("ALLOWED_HOSTS").split(",") if host.strip()]
_required("DATABASE_URL")
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
BENEFICIARY_ID_HASH_KEY = _required("BENEFICIARY_ID_HASH_KEY")

# Shared by every web and worker machine: the cache in Redis (rate limits, axes, Wagtail), sessions in the database
# with the cache in front (a session survives a cache flush, and a user may land on any machine).
CACHE_URL = env.str("CACHE_URL", default="redis://127.0.0.1:6379/1")
if not CACHE_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured("CACHE_URL must be a redis:// URL in production: every machine shares one cache.")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_URL,
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Anonymous visitors' public pages are served from Redis for this long (core.pagecache); 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# Load balancers probe over plain HTTP on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Only for trying the production profile on http://127.0.0.1 without TLS (make serve on a laptop); never in service.
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)

SILENCED_SYSTEM_CHECKS = [
    "security.W019",  # X_FRAME_OPTIONS is SAMEORIGIN: Wagtail's page preview frames our own pages
    "security.W021",  # no HSTS preload: submitting a .gov.cn host to browsers' preload list is the bureau's call
]
