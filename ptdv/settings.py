"""PTĐV settings. Everything that differs between machines comes from the environment (see README)."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PTDV_VAR_DIR", BASE_DIR / "var"))
# var/ holds the SQLite database, the generated key and uploads waiting to be imported: personal data, so created
# readable by the server's account only (0700; the files in it 0600).
VAR_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in var/secret_key."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(64))
    return path.read_text().strip()


DEBUG = env_bool("PTDV_DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "ptdv.core",
    "ptdv.audit",
    "ptdv.units",
    "ptdv.accounts",
    "ptdv.people",
    "ptdv.membership",
    "ptdv.followup",
    "ptdv.training",
    "ptdv.calendar",
    "ptdv.admission",
    "ptdv.quotas",
    "ptdv.exchange",
    "ptdv.reports",
    "ptdv.documents",
    "ninja",
    "ptdv.api",
    "ptdv.reminders",
    "ptdv.restructuring",
    "ptdv.demo",  # the top floor: `ptdv demo`, wiring every app's demo loader
    # After ptdv.exchange, whose `db_worker` (django-tasks-db's, plus the imports' reaper) replaces this one's.
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "ptdv.core.params.RequestGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "ptdv.core.middleware.BusyDatabaseMiddleware",
]

ROOT_URLCONF = "ptdv.urls"
WSGI_APPLICATION = "ptdv.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "ptdv" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ptdv.core.context_processors.navigation",
            ],
            "builtins": ["ptdv.core.templatetags.ptdv"],
        },
    }
]

# Database: SQLite under var/ by default; PostgreSQL for real use (DATABASE_URL=postgres://…).
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'ptdv.sqlite3'}",
        conn_max_age=int(os.environ.get("PTDV_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Created private (0600) before SQLite opens it: SQLite gives its -wal and -shm files the same mode.
    _sqlite_file = Path(DATABASES["default"]["NAME"])
    if DATABASES["default"]["NAME"] != ":memory:" and not _sqlite_file.exists():
        _sqlite_file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(_sqlite_file, os.O_CREAT | os.O_WRONLY, 0o600))
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "ptdv.accounts.backends.RoleModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = int(os.environ.get("PTDV_SESSION_SECONDS", str(8 * 3600)))

# Failed logins are throttled (django-axes): after AXES_FAILURE_LIMIT failures for one username from one
# address, that pair is locked out for AXES_COOLOFF_TIME.
AXES_FAILURE_LIMIT = int(os.environ.get("PTDV_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("PTDV_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False

# Language and formats: Vietnamese first, English second; dd/mm/yyyy, 3.044, 75,7%.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "ptdv" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["ptdv.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"  # `ptdv collectstatic` fills it for production
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Security. Debug is off unless PTDV_DEBUG=1. PTDV_HTTPS=1 when served over HTTPS (directly or behind a proxy
# that sets X-Forwarded-Proto): secure cookies, redirect to HTTPS and HSTS.
HTTPS = env_bool("PTDV_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Personal data is never logged: only errors, without request bodies.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["console"], "level": os.environ.get("PTDV_LOG_LEVEL", "WARNING")},
        # a refusal (403, 404) is the answer the user sees, not a fault: only server errors reach the log, with
        # their traceback
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "axes": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}

# Email (reminders, later): SMTP when PTDV_SMTP_HOST is set, else printed to the console.
if os.environ.get("PTDV_SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["PTDV_SMTP_HOST"],
                "port": int(os.environ.get("PTDV_SMTP_PORT", "587")),
                "username": os.environ.get("PTDV_SMTP_USER", ""),
                "password": os.environ.get("PTDV_SMTP_PASSWORD", ""),
                "use_tls": env_bool("PTDV_SMTP_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("PTDV_FROM_EMAIL", "ptdv@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The numbers of the pool rules (procedure.md); some are UNCONFIRMED, so they are settings.
PTDV_MIN_AGE_YEARS = int(os.environ.get("PTDV_MIN_AGE_YEARS", "18"))
PTDV_MAX_AGE_YEARS = int(os.environ.get("PTDV_MAX_AGE_YEARS", "60"))
PTDV_CERTIFICATE_VALID_MONTHS = int(os.environ.get("PTDV_CERTIFICATE_VALID_MONTHS", "60"))
PTDV_CERTIFICATE_WARNING_MONTHS = int(os.environ.get("PTDV_CERTIFICATE_WARNING_MONTHS", "6"))

# Demo accounts' shared password (ptdv demo); printed by `make run`.
PTDV_DEMO_PASSWORD = os.environ.get("PTDV_DEMO_PASSWORD", "ptdv-demo-2026")
CSRF_FAILURE_VIEW = "ptdv.core.views.csrf_failure"
# Youth-age applicants (Youth Union introduction route): up to this age (UNCONFIRMED).
PTDV_YOUTH_MAX_AGE_YEARS = int(os.environ.get("PTDV_YOUTH_MAX_AGE_YEARS", "30"))
# UNCONFIRMED rules of procedure.md, as settings: papers older than this must be redone before the cell's vote;
# the working days the competent committee has to decide (60 under 29-QĐ/TW; 294-QĐ/TW unconfirmed).
PTDV_DOSSIER_FRESH_MONTHS = int(os.environ.get("PTDV_DOSSIER_FRESH_MONTHS", "12"))
PTDV_DECISION_WORKING_DAYS = int(os.environ.get("PTDV_DECISION_WORKING_DAYS", "60"))
# roll.md: a party card's number has 12 digits (UNCONFIRMED: the 2025 guidance). A card issued, reissued, exchanged
# or handed over is refused otherwise; 0 accepts any number. The members import keeps older cards as they are.
PTDV_CARD_NUMBER_DIGITS = int(os.environ.get("PTDV_CARD_NUMBER_DIGITS", "12"))

# Reminders (reminders app): an item overdue by more than PTDV_ESCALATION_WORKING_DAYS also goes to the queue of
# the unit above; dates to watch (end of probation, papers, certificates) enter the queue PTDV_REMINDER_HORIZON_DAYS
# working days before; stalled work: dossiers without a move for PTDV_STALLED_DOSSIER_DAYS days, candidates in the
# pool for PTDV_STALLED_POOL_MONTHS months without a course. The daily digest runs at PTDV_REMINDER_HOUR (local
# time); weekly digests go out on PTDV_REMINDER_WEEKDAY (0 = Monday).
PTDV_ESCALATION_WORKING_DAYS = int(os.environ.get("PTDV_ESCALATION_WORKING_DAYS", "10"))
PTDV_REMINDER_HORIZON_DAYS = int(os.environ.get("PTDV_REMINDER_HORIZON_DAYS", "20"))
PTDV_STALLED_DOSSIER_DAYS = int(os.environ.get("PTDV_STALLED_DOSSIER_DAYS", "90"))
PTDV_STALLED_POOL_MONTHS = int(os.environ.get("PTDV_STALLED_POOL_MONTHS", "12"))
PTDV_REMINDER_HOUR = int(os.environ.get("PTDV_REMINDER_HOUR", "6"))
PTDV_REMINDER_WEEKDAY = int(os.environ.get("PTDV_REMINDER_WEEKDAY", "0"))
# The address of the site, for the links in reminder emails.
PTDV_SITE_URL = os.environ.get("PTDV_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Spreadsheet imports (exchange.md): the largest file and the most rows accepted. Uploads above
# FILE_UPLOAD_MAX_MEMORY_SIZE are streamed to a temporary file, never held in memory.
PTDV_IMPORT_MAX_BYTES = int(os.environ.get("PTDV_IMPORT_MAX_BYTES", str(30 * 1000 * 1000)))
PTDV_IMPORT_MAX_ROWS = int(os.environ.get("PTDV_IMPORT_MAX_ROWS", "200000"))
# Files above this many rows are checked and imported by a background task (django.tasks) with a progress bar.
PTDV_IMPORT_BACKGROUND_ROWS = int(os.environ.get("PTDV_IMPORT_BACKGROUND_ROWS", "2000"))
PTDV_IMPORT_DIR = Path(os.environ.get("PTDV_IMPORT_DIR", VAR_DIR / "imports"))
# A check or an import that shows no sign of life (its progress, written every 2,000 rows) for this many minutes is
# taken for dead (its worker was killed or restarted): it ends "not imported" and its file is deleted.
PTDV_IMPORT_STALE_MINUTES = int(os.environ.get("PTDV_IMPORT_STALE_MINUTES", "10"))
# Uploaded files of previews nobody imported are deleted after this many hours (they hold personal data).
PTDV_IMPORT_KEEP_HOURS = int(os.environ.get("PTDV_IMPORT_KEEP_HOURS", "6"))
# Files Django itself stores, private like everything under var/.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Background tasks (django.tasks): stored in the database by django-tasks-db and run by `ptdv db_worker`
# (`make run` starts one). PTDV_TASKS_BACKEND=django.tasks.backends.immediate.ImmediateBackend runs them at once,
# in the request (the tests do).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("PTDV_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# The admissions report's forecast: the share of dossiers at a stage that reach the decision, used for a stage until
# the unit has finished enough dossiers from it to use its own history.
PTDV_FORECAST_DEFAULT_CONVERSION = float(os.environ.get("PTDV_FORECAST_DEFAULT_CONVERSION", "0.8"))
# Word templates of the official forms (documents app): a <code>.docx in this folder (e.g. "9-KNĐ.docx") replaces
# the shipped template at once, without restarting. Documents are dated at PTDV_DOCUMENT_PLACE when set, else at
# the place named by the province-level unit ("Đảng bộ tỉnh Bình Sơn" → "Bình Sơn").
PTDV_DOCUMENT_TEMPLATES_DIR = Path(os.environ.get("PTDV_DOCUMENT_TEMPLATES_DIR", VAR_DIR / "templates"))
PTDV_DOCUMENT_PLACE = os.environ.get("PTDV_DOCUMENT_PLACE", "")


# The cache: the API's rate limit, the navigation's counts. Per process by default (one worker, `make run`); with
# several gunicorn workers, a cache they share, so that one limit holds across them (README, "Configuration"):
# PTDV_CACHE_URL=db:// (Django's database cache, table ptdv_cache, created by `ptdv migrate`) or redis://host:6379/0
# (Django's Redis backend; needs the redis package). Failed logins are counted in the database (django-axes) anyway.
def cache_settings(url: str) -> dict:
    scheme, _sep, rest = url.partition("://")
    if not url or scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest or "ptdv"}
    if scheme == "db":
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": rest.strip("/") or "ptdv_cache"}
    if scheme in {"redis", "rediss", "unix"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"PTDV_CACHE_URL: unknown scheme {scheme!r}; use locmem://, db:// or redis://…")


CACHES = {"default": {**cache_settings(os.environ.get("PTDV_CACHE_URL", "")), "KEY_PREFIX": "ptdv"}}

# The HTTP API (/api/v1/): requests allowed per token (per account for the pages' own calls), "count/period" with
# period s, min, h or d; over it the API answers 429 with Retry-After.
PTDV_API_RATE_LIMIT = os.environ.get("PTDV_API_RATE_LIMIT", "600/min")

# Follow-up of new members (followup app; roll.md and statistics.md mark these UNCONFIRMED): a new member of an
# agency, enterprise or school is introduced to their residence cell within PTDV_RESIDENCE_INTRODUCTION_WORKING_DAYS
# working days of the ceremony; members admitted less than PTDV_RATING_MIN_MONTHS months before the end of a rated
# period are reviewed, not rated; the number rated excellent above PTDV_RATING_EXCELLENT_CAP_PERCENT % of those
# rated good in a grassroots organisation is warned about (0: no cap); the screening list shows members rated "not
# completed" PTDV_SCREENING_NOT_COMPLETED_YEARS years running (1: once).
PTDV_RESIDENCE_INTRODUCTION_WORKING_DAYS = int(os.environ.get("PTDV_RESIDENCE_INTRODUCTION_WORKING_DAYS", "30"))
PTDV_RATING_MIN_MONTHS = int(os.environ.get("PTDV_RATING_MIN_MONTHS", "6"))
PTDV_RATING_EXCELLENT_CAP_PERCENT = float(os.environ.get("PTDV_RATING_EXCELLENT_CAP_PERCENT", "20"))
PTDV_SCREENING_NOT_COMPLETED_YEARS = int(os.environ.get("PTDV_SCREENING_NOT_COMPLETED_YEARS", "2"))
