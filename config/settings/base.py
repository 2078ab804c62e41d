"""Settings shared by every environment. Everything that differs between machines comes from environment variables
(see ``.env.example``); nothing secret has a default here."""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # our apps first, so that their templates (registration, 403/404) win over the defaults
    "core",
    "organizations",
    "programs",
    "grants",
    "delivery",
    "dashboard",
    "referrals",
    "surveys",
    "cms",
    "api",
    "scale",
    "core.apps.AuditedAdminConfig",  # django.contrib.admin, every ModelAdmin audited (core/admin_audit.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RejectNulPathMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    # anonymous visitors' public pages from the cache (core.pagecache; off unless PAGE_CACHE_SECONDS is set)
    "core.pagecache.AnonymousPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # officers' working-day sessions, the list of a user's sessions, then the 2FA gate (core.signin)
    "core.signin.middleware.SessionPolicyMiddleware",
    "core.signin.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.RequestContextMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # django-axes must come last: it turns a locked-out login into its own response
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, reading the session's user with their officer scope and roles in one query (core.auth)
    "core.auth.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "landing"
# An officer's landing page after signing in (core.views.landing); others land on the portal.
OFFICER_LANDING_URL = "dashboard:index"
LOGOUT_REDIRECT_URL = "/"

# Reverse proxies whose X-Forwarded-For we believe (IPs or CIDR networks, one per hop, outermost first; see
# core.clientip). Empty: the client is REMOTE_ADDR and any X-Forwarded-For header is ignored.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])

# django-axes: lock a (username, address) pair after repeated failed logins, briefly. Never the account alone, never
# the address alone: an office behind one address must not be able to lock a colleague out. Attempts on one account
# from many addresses meet a growing delay instead (core.signin.throttle).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "core.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True

# After this many failed logins for one username within LOGIN_DELAY_WINDOW_SECONDS (from any address), each further
# attempt waits 2, 4, 8 … seconds (at most LOGIN_DELAY_MAX_SECONDS) after the last failure: a brute force slows down,
# the owner is never locked out.
LOGIN_DELAY_AFTER_FAILURES = env.int("LOGIN_DELAY_AFTER_FAILURES", default=5)
LOGIN_DELAY_MAX_SECONDS = env.int("LOGIN_DELAY_MAX_SECONDS", default=60)
LOGIN_DELAY_WINDOW_SECONDS = 60 * 60

# Two-factor authentication (django-otp, TOTP + backup codes): required for officers, platform admins and editors;
# optional for everyone else. dev and test settings turn the requirement off.
TWO_FACTOR_REQUIRED = env.bool("TWO_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = "关爱平台"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Sessions: a program officer's ends after a working day and when the browser closes; money and role changes need the
# password (and the second factor) again if the last confirmation is older than REAUTH_MAX_AGE_SECONDS.
OFFICER_SESSION_SECONDS = env.int("OFFICER_SESSION_SECONDS", default=9 * 60 * 60)
REAUTH_MAX_AGE_SECONDS = env.int("REAUTH_MAX_AGE_SECONDS", default=15 * 60)
SESSION_ENGINE = "django.contrib.sessions.backends.db"  # core.UserSession lists and ends a user's sessions

# Rate limits (django-ratelimit, counted in CACHES["default"], which must be shared by all processes in production).
# A limited request answers 429 with templates/429.html and Retry-After.
RATELIMIT_IP_META_KEY = "core.clientip.client_ip"
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
RATE_LIMITS = {
    "login.ip": "30/10m",  # per client address; the per-account brake is the growing delay above
    "register.ip": "5/h",
    "password_reset.ip": "10/h",
    "password_reset.email": "3/h",  # beyond it no more e-mail is sent, and the page answers as usual
    "invite.organization": "20/h",
    "api.anonymous": "120/m",
    "referrals.activate.ip": "20/h",  # printed account-setup codes are guessed only by trying
    "surveys.answer.ip": "30/h",  # answers to the QR-code satisfaction survey (a family's phone sends one or two)
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Uploaded documents of organizations and grants: outside MEDIA_ROOT, never served by URL, only through views that
# check permissions.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def _s3_options(bucket_variable: str) -> dict:
    """django-storages options for an S3-compatible bucket; endpoint and keys are shared by both buckets."""
    return {
        "bucket_name": env.str(bucket_variable),  # no default: a missing bucket stops the start
        "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
        "access_key": env.str("S3_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("S3_SECRET_ACCESS_KEY", default="") or None,
        "region_name": env.str("S3_REGION", default="") or None,
        "addressing_style": env.str("S3_ADDRESSING_STYLE", default="") or None,
        "signature_version": "s3v4",
        "file_overwrite": False,
    }


# Several web machines must see the same uploads, so production may keep them in S3-compatible object storage
# (MinIO, a cloud's OSS/COS) instead of a local disk. Private files then reach the user through a short-lived signed
# URL that the permission-checked view redirects to (core.files).
PRIVATE_STORAGE = env.str("PRIVATE_STORAGE", default="filesystem")
PRIVATE_URL_EXPIRE_SECONDS = env.int("PRIVATE_URL_EXPIRE_SECONDS", default=60)
if PRIVATE_STORAGE == "s3":
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_options("PRIVATE_S3_BUCKET"),
            "querystring_auth": True,
            "querystring_expire": PRIVATE_URL_EXPIRE_SECONDS,
        },
    }
elif PRIVATE_STORAGE != "filesystem":
    raise ImproperlyConfigured("PRIVATE_STORAGE must be 'filesystem' or 's3'.")
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "s3":
    # Public media (Wagtail images and documents): plain URLs, from a CDN or custom domain when one is given.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **_s3_options("MEDIA_S3_BUCKET"),
            "querystring_auth": False,
            "custom_domain": env.str("MEDIA_S3_CUSTOM_DOMAIN", default="") or None,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured("MEDIA_STORAGE must be 'filesystem' or 's3'.")
# Behind nginx with private files on the local disk: the view answers with X-Accel-Redirect to this internal
# location (see deploy/nginx.conf) and nginx sends the file, so no gunicorn worker is busy streaming it.
PRIVATE_MEDIA_ACCEL_PREFIX = env.str("PRIVATE_MEDIA_ACCEL_PREFIX", default="")
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
MAX_UPLOAD_SIZE = env.int("MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)
# One submission (e.g. a milestone's evidence) takes at most this many files and this many bytes in total.
MAX_FILES_PER_SUBMISSION = env.int("MAX_FILES_PER_SUBMISSION", default=5)
MAX_SUBMISSION_SIZE = env.int("MAX_SUBMISSION_SIZE", default=20 * 1024 * 1024)
# An application is one submission, its attachments uploaded one at a time: together they are capped too.
MAX_ATTACHMENTS_PER_APPLICATION = env.int("MAX_ATTACHMENTS_PER_APPLICATION", default=10)
MAX_APPLICATION_ATTACHMENTS_SIZE = env.int("MAX_APPLICATION_ATTACHMENTS_SIZE", default=50 * 1024 * 1024)
# An uploaded .docx/.xlsx whose zip directory declares more than this many bytes in all is refused (a zip bomb)
# before any parser opens it (core.uploads; the service-data import has its own DELIVERY_IMPORT_MAX_UNCOMPRESSED).
MAX_UNCOMPRESSED_SIZE = env.int("MAX_UNCOMPRESSED_SIZE", default=100 * 1024 * 1024)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="关爱平台 <noreply@guanai.example>")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Full-page cache for anonymous visitors (core.pagecache): seconds an entry lives; 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=0)
# /readyz: how long each check (database, broker, cache) may take before it counts as failed
READYZ_TIMEOUT = env.float("READYZ_TIMEOUT", default=2.0)

# Celery: Redis is the broker; tasks run eagerly only where a settings file says so (dev without a broker, tests).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
# Neither lose nor repeat work (core.tasks.durable_task declares each task with the same policy; docs/security.md):
# acknowledge after the task, one message per worker at a time, a worker lost mid-task puts its message back.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Fallbacks for a task declared without durable_task (seconds); durable_task sets both on every task.
CELERY_TASK_SOFT_TIME_LIMIT = 5 * 60
CELERY_TASK_TIME_LIMIT = 6 * 60
# Redis hands an unacknowledged message to another worker after the visibility timeout: it must be longer than the
# longest task's hard time limit (the import, 30 minutes; core.checks refuses less), or a task still running would be
# started a second time. The restore interval and throttle say how often a worker looks for such messages (kombu's
# defaults: every 10 s, scanning every 10th time); the real-worker test shortens all three.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 60 * 60),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=10),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=10),
}
CELERY_WORKER_CONCURRENCY = env.int("CELERY_WORKER_CONCURRENCY", default=2)
# Beat must run on one machine only; config.beat refuses to start a second one while the first holds its Redis lock.
CELERY_BEAT_SCHEDULER = "config.beat:SingleBeatScheduler"
CELERY_BEAT_SCHEDULE_FILENAME = env.str("CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / "celerybeat-schedule"))
CELERY_BEAT_MAX_LOOP_INTERVAL = 60  # seconds; the beat lock lives three times as long and is renewed every loop
# Every reminder task is idempotent (notification dedup keys per object and day), so a rerun sends nothing twice.
CELERY_BEAT_SCHEDULE: dict = {
    # The outbox: e-mails whose task could not be queued (broker down) or whose sending failed.
    "core-send-pending-emails": {
        "task": "core.tasks.send_pending_emails",
        "schedule": crontab(minute="*/5"),
    },
    "grants-milestone-reminders": {
        "task": "grants.tasks.send_milestone_reminders",
        "schedule": crontab(hour=8, minute=0),
    },
    "programs-draft-reminders": {
        "task": "programs.tasks.remind_drafts_before_close",
        "schedule": crontab(hour=8, minute=10),
    },
    "programs-review-reminders": {
        "task": "programs.tasks.remind_reviews_due",
        "schedule": crontab(hour=8, minute=20),
    },
    # Children's data past retention: identity removed, figures kept (idempotent; audited with counts only).
    "delivery-anonymise-children": {
        "task": "delivery.tasks.anonymise_children",
        "schedule": crontab(hour=2, minute=30),
    },
    # The rollups behind the dashboard, the home page and the brand pages (their freshness is shown on the page).
    "delivery-refresh-rollups": {
        "task": "delivery.tasks.refresh_rollups",
        "schedule": crontab(minute="7,37"),
    },
    "referrals-overdue-reminders": {
        "task": "referrals.tasks.remind_overdue_referrals",
        "schedule": crontab(hour=8, minute=30),
    },
}

# Wagtail
WAGTAIL_SITE_NAME = "关爱"
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "jpeg", "png"]
# Documents are public: checked by content like every upload (core.uploads), macros and renamed files refused.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.forms.CheckedDocumentForm"

# django-csp: a strict policy for our pages; the Wagtail admin uses inline scripts and styles of its own.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/cms-admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "SAMEORIGIN"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# A person who was a member of an organization may not review, decide, approve or pay anything of it for this long
# after leaving (conflict of interest; a current member never may).
CONFLICT_OF_INTEREST_DAYS = env.int("CONFLICT_OF_INTEREST_DAYS", default=365 * 2)

# Graduation criteria of incubation (organizations.incubation_criteria): months in incubation and hours of training
# and supervision received, at least.
INCUBATION_MIN_MONTHS = env.int("INCUBATION_MIN_MONTHS", default=6)
INCUBATION_MIN_SUPPORT_HOURS = env.int("INCUBATION_MIN_SUPPORT_HOURS", default=20)

# Key for the keyed hash of children's ID numbers (de-duplication without storing them); required in production.
BENEFICIARY_ID_HASH_KEY = env.str("BENEFICIARY_ID_HASH_KEY", default="")
# Children's files of grants completed or terminated more than this many days ago (counted from the contract's end
# date) are anonymised by the nightly task delivery.tasks.anonymise_children (docs/delivery.md, retention).
CHILD_DATA_RETENTION_DAYS = env.int("CHILD_DATA_RETENTION_DAYS", default=3 * 365)

# Excel imports of service data (delivery.excel): limits checked before a workbook's cells are read. Files with more
# rows than DELIVERY_SYNC_IMPORT_MAX_ROWS are imported by a Celery task, smaller ones within the request.
DELIVERY_IMPORT_MAX_BYTES = env.int("DELIVERY_IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
DELIVERY_IMPORT_MAX_UNCOMPRESSED = env.int("DELIVERY_IMPORT_MAX_UNCOMPRESSED", default=200 * 1024 * 1024)
DELIVERY_IMPORT_MAX_ROWS = env.int("DELIVERY_IMPORT_MAX_ROWS", default=200_000)
DELIVERY_SYNC_IMPORT_MAX_ROWS = env.int("DELIVERY_SYNC_IMPORT_MAX_ROWS", default=2_000)

# Referrals (转介): working days an organization has to accept a referral before the county officer is reminded,
# and the numbers shown to a director in an emergency when the county has not set its own line (110 first).
REFERRALS_ACCEPT_WORKING_DAYS = env.int("REFERRALS_ACCEPT_WORKING_DAYS", default=3)
REFERRALS_FALLBACK_HOTLINES = ("110", "12345")

# Error reports (debug pages, mails to admins) hide POST fields with names, ID or phone numbers (core.logfilters).
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.logfilters.SensitiveExceptionReporterFilter"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"sensitive": {"()": "core.logfilters.SensitiveDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["sensitive"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

# The open data API (api/, /api/v1/): Django REST framework, read-only, no sign-in; its OpenAPI 3 description by
# drf-spectacular, the Swagger UI of the documentation page from drf-spectacular-sidecar's static files (no CDN).
# Authentication, permissions and renderers are set on the API's own views (api.views.OpenDataView), not here:
# the Wagtail admin's API views take DRF's defaults and need the session.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "关爱平台开放数据接口 · Guanai open data API",
    "DESCRIPTION": (
        "湖北省政府购买儿童福利服务的公开数据：申报指南、立项项目（参照 360Giving 标准）、已认证社会组织和统计表。"
        "只读，无需登录；不含任何儿童或个人信息，儿童人数 1–4 显示为“<5”。"
        "Open data on Hubei's government purchase of child-welfare services: calls, grants (modelled on 360Giving), "
        "verified organizations and statistics. Read-only, no sign-in, no personal data; counts of children from 1 to "
        '4 show as "<5". See docs/api.md.'
    ),
    "VERSION": "1.0.0",
    "LICENSE": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "PREPROCESSING_HOOKS": ["api.schema.only_open_data"],
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.describe_fields"],
    "ENUM_NAME_OVERRIDES": {"FundingSourceEnum": "programs.models.FundingSource"},
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "defaultModelsExpandDepth": 0},
}

# django-filter: an empty choice reads 全部 ("all"), not "---------"
FILTERS_EMPTY_CHOICE_LABEL = _("全部")
