"""Settings for the Zhuqiao portal: one file, configured by the environment (see .env.example).

Without DATABASE_URL and REDIS_URL the portal runs on the embedded default: SQLite under var/
and Celery tasks executed eagerly in the web process.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from zhuqiao.env import env_bool, env_int, env_list, env_networks, env_rate, env_str, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent
# The same KEY=value file systemd's EnvironmentFile and a container's --env-file read: .env in the
# checkout, or the file ZHUQIAO_ENV_FILE names. Variables already in the environment win.
load_env_file(BASE_DIR / ".env")
VAR_DIR = Path(env_str("ZHUQIAO_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# Under pytest the suite's own defaults apply (fast hashing, eager tasks unless a test asks for
# the real worker, in-memory SMS outbox), whatever the shell exported.
TESTING = env_bool("ZHUQIAO_TESTING", "pytest" in sys.modules)

_DEV_SECRET = "dev-only-secret-key-never-use-in-production-zhuqiao-0000000000000000"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if (DEBUG or TESTING) else None)
if not (DEBUG or TESTING) and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("SECRET_KEY must be set to a private value when DEBUG is off.")

# Fernet key (urlsafe base64 of 32 bytes) for personal data at rest; deliberately not SECRET_KEY.
# During a key rotation: several keys, comma-separated, newest first; then `manage.py
# rotate_field_key` re-encrypts every row under the newest and the old keys can be dropped.
_DEV_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LXpodXFpYW8tMDAwMDA="
FIELD_ENCRYPTION_KEY = env_str("FIELD_ENCRYPTION_KEY", _DEV_FIELD_KEY if (DEBUG or TESTING) else None)
# Key of the keyed hash (HMAC-SHA256) used for uniqueness and exact search of encrypted values.
FIELD_HASH_KEY = env_str("FIELD_HASH_KEY", "dev-only-field-hash-key" if (DEBUG or TESTING) else None)
# Key of the audit log's hash chain (zhuqiao/audit_chain.py); changing it breaks verification
# of the entries written before, so set it once.
AUDIT_CHAIN_KEY = env_str("AUDIT_CHAIN_KEY", FIELD_HASH_KEY)
# Where `manage.py archive_audit` writes the exported audit entries.
AUDIT_ARCHIVE_DIR = env_str("AUDIT_ARCHIVE_DIR", str(VAR_DIR / "audit-archive"))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "zhuqiao",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Domain apps, in the order their demo data loads.
    "jobseekers",
    "entrepreneurs",
    "cases",
    "incubators",
    "activities",
    "consultations",
    "metrics",
    "rosters",
    "jobmatching",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "zhuqiao.middleware.RejectNullCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "zhuqiao.two_factor.TwoFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "zhuqiao.middleware.RequestContextMiddleware",
    "zhuqiao.db_router.ReplicaReadsMiddleware",
    "axes.middleware.AxesMiddleware",
    # after CSRF, sessions and authentication: full ID and mobile numbers never stay in a URL
    "zhuqiao.search_tokens.IdentifierQueryMiddleware",
]

ROOT_URLCONF = "zhuqiao.urls"
WSGI_APPLICATION = "zhuqiao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "zhuqiao.context_processors.portal",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://user:pass@host:port/name) or the embedded SQLite file.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zhuqiao.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while an eager task writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
# A PostgreSQL streaming replica (optional): dashboards, drill-downs and exports read from it.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["zhuqiao.db_router.ReplicaRouter"]
REPLICA_READ_VIEWS = [
    "metrics:dashboard",
    "metrics:drill",
    "metrics:report",
    "metrics:report_pdf",
    "metrics:report_xlsx",
    "rosters:export",
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: cache, Celery broker and result backend. Without it: local memory and eager tasks.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Reads miss and writes are dropped while Redis is down: pages degrade, never fail.
            "BACKEND": "zhuqiao.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "zhuqiao",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL or TESTING)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_RESULT_EXPIRES = 86400

AUTH_USER_MODEL = "zhuqiao.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Hashing cost is not under test; every fixture user would otherwise cost ~50 ms.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Two-factor sign-in (TOTP) for centre staff, administrators and whoever may reveal ID numbers:
# required in production; off in the DEBUG demo and the test settings unless switched on.
TWO_FACTOR_REQUIRED = env_bool("TWO_FACTOR_REQUIRED", not DEBUG and not TESTING)
OTP_TOTP_ISSUER = "Zhuqiao"

# Lockout after repeated failures, always with a cool-off: never a permanent lockout.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "zhuqiao.client_address.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Internationalisation: Simplified Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"  # uploads are served only through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "zhuqiao.static_storage.GzipManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. Production values come from the environment; `check --deploy` must be clean.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG and not TESTING)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG and not TESTING)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG or TESTING else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG and not TESTING)
# The reverse proxies (addresses or networks) whose X-Forwarded-For is believed: one setting for
# the lockout, the booking rate limits and the audit log (zhuqiao.client_address). Empty: none.
TRUSTED_PROXIES = [str(network) for network in env_networks("TRUSTED_PROXIES")]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the meta tag, not the cookie
SESSION_COOKIE_HTTPONLY = True
SILENCED_SYSTEM_CHECKS: list[str] = []

# Content Security Policy: no inline script or style anywhere; nonces for our own tags.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Mail and SMS.
# Mail through Django 6.1's MAILERS (the EMAIL_* settings are deprecated); the environment
# variables keep their familiar names. SMTP options apply only to the SMTP backend.
_EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG or TESTING
    else "django.core.mail.backends.smtp.EmailBackend",
)
_SMTP_OPTIONS = {
    "host": env_str("EMAIL_HOST", "localhost"),
    "port": env_int("EMAIL_PORT", 25),
    "username": env_str("EMAIL_HOST_USER", ""),
    "password": env_str("EMAIL_HOST_PASSWORD", ""),
    "use_tls": env_bool("EMAIL_USE_TLS", False),
    "timeout": env_int("EMAIL_TIMEOUT", 10),
}
MAILERS = {
    "default": {
        "BACKEND": _EMAIL_BACKEND,
        "OPTIONS": _SMTP_OPTIONS if _EMAIL_BACKEND.endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "祝桥镇社区事务受理服务中心 <noreply@zhuqiao.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SMS_BACKEND = env_str("SMS_BACKEND", "zhuqiao.sms.LocmemSmsBackend" if TESTING else "zhuqiao.sms.LoggingSmsBackend")

# Public site address, used in links sent by SMS and e-mail.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Consultation booking limits.
BOOKING_RATE_PER_PHONE = env_rate("BOOKING_RATE_PER_PHONE", "5/h")
BOOKING_RATE_PER_ADDRESS = env_rate("BOOKING_RATE_PER_ADDRESS", "30/h")

# Statutory working age (China, before the 2025 reform phase-in): men 16-60, women 16-50/55.
WORKING_AGE_MIN = env_int("WORKING_AGE_MIN", 16)
WORKING_AGE_MAX_MALE = env_int("WORKING_AGE_MAX_MALE", 60)
WORKING_AGE_MAX_FEMALE = env_int("WORKING_AGE_MAX_FEMALE", 55)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["zhuqiao.permissions.StaffPermission"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min"},
}
# The OpenAPI schema and its docs are public only in the DEBUG demo (or when asked for); in
# production they need a login (a session or a token).
API_SCHEMA_PUBLIC = env_bool("API_SCHEMA_PUBLIC", DEBUG)
SPECTACULAR_SETTINGS = {
    "SERVE_PERMISSIONS": [
        "rest_framework.permissions.AllowAny" if API_SCHEMA_PUBLIC else "zhuqiao.permissions.StaffPermission"
    ],
    "TITLE": "祝桥镇特色创业服务社区 API",
    "DESCRIPTION": "Zhuqiao entrepreneurship and employment service portal, API v1.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Every operation documents its error answers (400/401/403/404, 415 with a body).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "zhuqiao.api_schema.add_error_responses",
    ],
    # Choice sets shared by several serializers get one name each in the schema.
    "ENUM_NAME_OVERRIDES": {
        "IndustryEnum": "entrepreneurs.models.Industry",
        "RecommendationStageEnum": "jobmatching.models.Recommendation.Stage",
    },
}

LOG_LEVEL = env_str("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal": {"()": "zhuqiao.logging.MaskPersonalDataFilter"}},
    "formatters": {"line": {"()": "zhuqiao.logging.OneLineFormatter"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
            "filters": ["mask_personal"],
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}

PORTAL_NAME = _("祝桥镇特色创业服务社区")

# Periodic jobs (celery beat), Asia/Shanghai times. Each app adds its entries here.
CELERY_BEAT_SCHEDULE: dict[str, dict] = {}
# metrics: recompute the current year's snapshots every night at 02:00 (Asia/Shanghai).
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE["metrics-nightly-recompute"] = {
    "task": "metrics.tasks.recompute_metrics",
    "schedule": crontab(hour=2, minute=0),
}
# metrics: an edit to a record a number is counted from recomputes the current period after this
# many seconds (a burst of edits gives one run; METRICS.md, Freshness). Off in tests, which turn
# it on where they test it (every factory-made record would otherwise queue a recompute).
METRICS_REFRESH_ON_EDIT = env_bool("METRICS_REFRESH_ON_EDIT", not TESTING)
METRICS_REFRESH_DEBOUNCE = env_int("METRICS_REFRESH_DEBOUNCE", 5)
# A recompute run's worker beats every METRICS_HEARTBEAT_SECONDS; a run silent for
# METRICS_RUN_DEAD_AFTER seconds is declared dead and the next request starts a fresh run.
METRICS_HEARTBEAT_SECONDS = env_int("METRICS_HEARTBEAT_SECONDS", 15)
METRICS_RUN_DEAD_AFTER = env_int("METRICS_RUN_DEAD_AFTER", 90)
# consultations: confirmations within seconds of booking, reminders the evening before (18:00)
# and one hour before; nightly slots.
from celery.schedules import crontab as consultations_crontab  # noqa: E402

CONFIRMATION_SWEEP_SECONDS = env_int("CONFIRMATION_SWEEP_SECONDS", 10)
if CONFIRMATION_SWEEP_SECONDS < 1:
    raise ImproperlyConfigured("CONFIRMATION_SWEEP_SECONDS must be at least 1.")
CELERY_BEAT_SCHEDULE["consultations-confirmations"] = {
    "task": "consultations.tasks.notices_dispatch",
    "schedule": float(CONFIRMATION_SWEEP_SECONDS),
    "args": ("confirmation",),
    # A sweep not started within its interval is superseded by the next one.
    "options": {"expires": float(CONFIRMATION_SWEEP_SECONDS)},
}
CELERY_BEAT_SCHEDULE["consultations-evening-reminders"] = {
    "task": "consultations.tasks.notices_dispatch",
    "schedule": consultations_crontab(hour=18, minute=0),
    "args": ("evening",),
}
CELERY_BEAT_SCHEDULE["consultations-hour-reminders"] = {
    "task": "consultations.tasks.notices_dispatch",
    "schedule": consultations_crontab(minute="*/5"),
    "args": ("hour",),
}
CELERY_BEAT_SCHEDULE["consultations-nightly-slots"] = {
    "task": "consultations.tasks.slots_generate_all",
    "schedule": consultations_crontab(hour=1, minute=30),
}
CELERY_BEAT_SCHEDULE["consultations-nightly-anonymise"] = {
    "task": "consultations.tasks.bookings_anonymise",
    "schedule": consultations_crontab(hour=3, minute=10),
}
# entrepreneurs: Mondays 08:00, tell committees of policy windows closing within 90 days.
CELERY_BEAT_SCHEDULE["entrepreneurs-policy-window-notices"] = {
    "task": "entrepreneurs.notify_closing_policy_windows",
    "schedule": crontab(day_of_week=1, hour=8, minute=0),
}
