"""Settings of THB Data, read from the environment.

With nothing set, THB Data runs on SQLite with debug on and a generated development secret.
``DATABASE_URL=postgres://...`` points it at PostgreSQL. ``THB_ENV=production`` switches to the
deployed configuration, which refuses to start without a real secret key, a personal-code key and
allowed hosts. Every variable is documented in ``.env.example`` and the README.
"""

import secrets
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

from thb_data import languages as thb_languages
from thb_data.env import envbool, envint, envlist, envsecret, envstr

BASE_DIR = Path(__file__).resolve().parent.parent

THB_ENV = envstr("THB_ENV", "development").lower()
PRODUCTION = THB_ENV == "production"
if THB_ENV not in ("development", "production", "test"):
    raise ImproperlyConfigured("THB_ENV must be 'development', 'test' or 'production'.")


def _development_secret(name: str) -> str:
    """A random secret generated once per checkout and kept beside the SQLite database."""
    path = BASE_DIR / f".{name}"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _real_secret(name: str, minimum: int = 50) -> str:
    value = envsecret(name)
    if len(value) < minimum or value.startswith("django-insecure") or len(set(value)) < 5:
        raise ImproperlyConfigured(
            f"{name} must be set to a random value of at least {minimum} characters "
            "in production (or {name}_FILE to a file holding it)."
        )
    return value


if PRODUCTION:
    SECRET_KEY = _real_secret("SECRET_KEY")
    # Key of the HMAC that turns a personal code into the value stored (spec §5). Changing it
    # makes every stored code unmatchable: keep it with the database backups.
    PERSONAL_CODE_KEY = _real_secret("THB_PERSONAL_CODE_KEY", minimum=32)
    DEBUG = False
    ALLOWED_HOSTS = envlist("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names in production.")
else:
    SECRET_KEY = envsecret("SECRET_KEY") or _development_secret("dev-secret-key")
    PERSONAL_CODE_KEY = envsecret("THB_PERSONAL_CODE_KEY") or _development_secret(
        "dev-personal-code-key"
    )
    DEBUG = envbool("DEBUG", THB_ENV == "development")
    ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver,[::1]")

CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin with THB Data's scoped back-office site (thb_data/admin.py).
    "thb_data.apps.ThbAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "thb_data",
    "thb_data.accounts",
    "thb_data.audit",
    "indicators",
    "victims",
    "traffickers",
    "demo",  # the demo data generator (manage.py generate_demo_data)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the browser's (Accept-Language, or the switcher's cookie) before sign-in,
    # then the user's own preference or their territory's language (UserLanguageMiddleware).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "thb_data.accounts.middleware.UserLanguageMiddleware",
    "thb_data.accounts.middleware.SessionLifetimeMiddleware",
    # A record form's save that arrives after the session ended keeps what was typed
    # (thb_data/accounts/held.py).
    "thb_data.accounts.held.HeldValuesMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "thb_data.accounts.middleware.SecondFactorMiddleware",
    "thb_data.scoping.ScopeMiddleware",
    "thb_data.db.LongRequestMiddleware",
    "thb_data.audit.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-axes wants to be last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "thb_data.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "thb_data.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "thb_data.wsgi.application"

# Databases: SQLite by default, PostgreSQL through DATABASE_URL (psycopg2). An optional read
# replica (DATABASE_REPLICA_URL) serves lists and statistics.
DATABASE_URL = envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )
}
# PostgreSQL session settings of the application's connections: JIT compilation costs more than
# it saves on the short queries of list pages; a random page read costs little more than a
# sequential one on SSD storage or cached data (the default, 4, assumes spinning disks and makes
# the planner scan a territory's records where an index reaches a year's).
#
# Timeouts (milliseconds; 0 turns one off). Requests get a statement timeout, a lock timeout and
# an idle-in-transaction timeout, so that a long lock or a runaway query frees the worker with a
# clear error page instead of freezing every worker; statistics and import pages get a longer,
# explicit statement allowance (thb_data.db.LongRequestMiddleware). Management commands
# (THB_PROCESS=command, set by manage.py for every command but runserver) keep no statement or
# lock timeout: a migration or a bulk load may rightly run for minutes.
THB_PROCESS = envstr("THB_PROCESS", "request")
DATABASE_STATEMENT_TIMEOUT_MS = envint("DATABASE_STATEMENT_TIMEOUT_MS", 30_000)
DATABASE_LOCK_TIMEOUT_MS = envint("DATABASE_LOCK_TIMEOUT_MS", 5_000)
DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS = envint("DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS", 60_000)
DATABASE_LONG_STATEMENT_TIMEOUT_MS = envint("DATABASE_LONG_STATEMENT_TIMEOUT_MS", 300_000)
DATABASE_CONNECT_TIMEOUT = envint("DATABASE_CONNECT_TIMEOUT", 5)
HEALTH_DB_TIMEOUT_MS = envint("HEALTH_DB_TIMEOUT_MS", 2_000)
if THB_PROCESS == "command":
    _statement_ms, _lock_ms = 0, 0
else:
    _statement_ms, _lock_ms = DATABASE_STATEMENT_TIMEOUT_MS, DATABASE_LOCK_TIMEOUT_MS
POSTGRESQL_OPTIONS = {
    "options": (
        "-c jit=off -c random_page_cost=1.1"
        f" -c statement_timeout={_statement_ms} -c lock_timeout={_lock_ms}"
        f" -c idle_in_transaction_session_timeout={DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS}"
    ),
    "connect_timeout": DATABASE_CONNECT_TIMEOUT,
}
# URL prefixes whose requests may run statements up to DATABASE_LONG_STATEMENT_TIMEOUT_MS: the
# statistics pages and downloads, the spreadsheet imports (preview and confirm) and the
# record-level exports.
THB_LONG_REQUEST_PATHS = (
    "/statistics/",
    "/victims/import/",
    "/traffickers/import/",
    "/victims/export.",
    "/traffickers/export.",
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = dict(POSTGRESQL_OPTIONS)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The statistics' covering indexes (INCLUDE columns) are a PostgreSQL optimisation; SQLite
    # builds them on their key columns, which is all the small embedded installations need.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
if envstr("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        envstr("DATABASE_REPLICA_URL"), conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60)
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["replica"]["OPTIONS"] = dict(POSTGRESQL_OPTIONS)
    DATABASE_ROUTERS = ["thb_data.routers.ReplicaRouter"]

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Caches: per-process memory unless CACHE_URL names a shared cache (redis://host:6379/0 or
# rediss://...), which several application servers need: Django's RedisCache (redis-py). With it,
# what the servers must share lives there: the sign-in throttling counters of django-axes (below)
# and the back office's import-export previews (IMPORT_EXPORT_TMP_STORAGE_CLASS).
CACHE_URL = envstr("CACHE_URL")
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "thb"),
            "TIMEOUT": 300,
        }
    }

# Authentication.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Throttling of failed sign-ins (django-axes): by username and address together, with a
# cool-off. Counted where every application server sees the same counters: in the shared cache
# (Redis) when CACHE_URL is set, in the database otherwise (never in per-process memory).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
if CACHE_URL:
    AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
    AXES_CACHE = "default"
else:
    AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_IPWARE_PROXY_COUNT = envint("AXES_PROXY_COUNT", 0) or None

# Sessions: stored in the database (shared by every application server), ending after
# 30 minutes of inactivity and 12 hours after sign-in.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_HOURS", 12) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# What a record form's save that arrives after the session ended held, encrypted, until its
# owner signs in again (thb_data/accounts/held.py): a few minutes. A save whose CSRF token is no
# longer the browser's goes the same way for the form's owner, else to templates/403_csrf.html.
THB_HELD_VALUES_MINUTES = envint("THB_HELD_VALUES_MINUTES", 10)
# The transmission page posts one CONF_STATUS field per cell of every table (about 2,100 on the
# demo data, more for a territory with many citizenships): Django's default of 1,000 fields
# refused its downloads. The request size limit (DATA_UPLOAD_MAX_MEMORY_SIZE, 2.5 MB) still holds.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000
CSRF_FAILURE_VIEW = "thb_data.accounts.held.csrf_failure"
# A draft being edited is saved in the background at most this often (autosave.js).
THB_AUTOSAVE_SECONDS = envint("THB_AUTOSAVE_SECONDS", 60)

# Second factor (TOTP) for the roles that can export record-level data.
OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "THB Data")
THB_REQUIRE_SECOND_FACTOR = envbool("THB_REQUIRE_SECOND_FACTOR", True)
# The back office never shows a device's TOTP secret or QR code again after enrolment.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "en"
# The territories' languages and English (thb_data/languages.py). Montenegrin (cnr) is not one of
# Django's locales: its language information is added here, its messages are in locale/cnr.
LANGUAGES = list(thb_languages.LANGUAGES)
LANG_INFO.update(thb_languages.EXTRA_LANG_INFO)
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "thb_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = envstr("TIME_ZONE", "Europe/Belgrade")
USE_I18N = True
# Dates are entered and shown as ISO 8601 dates in every language; numbers follow the language
# (thb_data/formats: Django's decimal marks and thousands separators, and Montenegrin's). The
# thousands separator is not on for every number printed: years (2024), record numbers, seconds
# in data-* attributes and the back office's year columns would get one too. Counts and amounts
# on pages use the |number filter (thb_data/templatetags/numbers.py), which groups the digits.
FORMAT_MODULE_PATH = ["thb_data.formats"]
USE_THOUSAND_SEPARATOR = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Outside production the application serves static files straight from the apps' folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# The selects rendered without templates (indicators.widgets) keep the class names of Django's.
CRISPY_CLASS_CONVERTERS = {
    "fastselect": "select",
    "fastselectmultiple": "selectmultiple",
    "orderedselectmultiple": "selectmultiple",
}

# Content Security Policy (django-csp 4): nothing inline, nothing remote.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    if envbool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Import/export (django-import-export and the project's own importer).
IMPORT_EXPORT_SKIP_ADMIN_LOG = True
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"
THB_IMPORT_MAX_BYTES = envint("THB_IMPORT_MAX_MB", 10) * 1024 * 1024
THB_IMPORT_MAX_ROWS = envint("THB_IMPORT_MAX_ROWS", 50000)
# What an upload may unpack to (a small XLSX can hold a huge sheet): checked while reading.
THB_IMPORT_MAX_UNPACKED_BYTES = envint("THB_IMPORT_MAX_UNPACKED_MB", 100) * 1024 * 1024
THB_IMPORT_MAX_COLUMNS = envint("THB_IMPORT_MAX_COLUMNS", 250)
THB_IMPORT_MAX_CELLS = envint("THB_IMPORT_MAX_CELLS", 5_000_000)

# Statistics: small-cell protection thresholds.
THB_SUPPRESSION_THRESHOLD_OFFICIAL = envint("THB_SUPPRESSION_THRESHOLD_OFFICIAL", 5)
THB_SUPPRESSION_THRESHOLD_PUBLIC = envint("THB_SUPPRESSION_THRESHOLD_PUBLIC", 10)
# Folders of the questionnaire mappings added to the shipped ones (comma-separated paths):
# a new questionnaire is a JSON file there (indicators/statistics/questionnaire.py).
THB_QUESTIONNAIRE_DIRS = envlist("THB_QUESTIONNAIRE_DIRS")

# Demo mode: the demo accounts share this TOTP secret so a new user can try the second factor.
# It is never used in production (the demo loader refuses to run there).
THB_DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # Request bodies can hold the elements of a personal code: never log them.
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}
