"""Tremplin settings: one module, driven by environment variables.

Development defaults need no configuration (SQLite, console e-mail). Production is selected with
TREMPLIN_ENV=production, which refuses to start without a real SECRET_KEY and turns on every
transport-security setting; see docs/operations.md.
"""

import os
import sys
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENVIRONMENT = os.environ.get("TREMPLIN_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"
# Django's debug pages list settings and every URL, in English: DEBUG is an explicit opt-in for a developer's
# own machine (TREMPLIN_DEBUG=1, or DEBUG=1). The demo (`make run`) and every shared server run without it.
DEBUG = env_bool("TREMPLIN_DEBUG") or env_bool("DEBUG")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG cannot be on in production: error pages would show settings and data.")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set in production.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production-0123456789"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The site's base address: the one source of every absolute link sent away from the app (e-mails, SMS, the
# voucher's QR code). `make run` sets it from PORT; production must name its domain.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if not SITE_URL:
    if PRODUCTION:
        raise ImproperlyConfigured("SITE_URL must be set in production (https://your-domain): e-mails link to it.")
    SITE_URL = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "csp",
    "django_htmx",
    "template_partials",
    "phonenumber_field",
    "django_q",
    # Tremplin rooms, in dependency order (see ARCHITECTURE.md §4).
    "tremplin.core",
    "tremplin.accounts",
    "tremplin.network",
    "tremplin.people",
    "tremplin.notifications",
    "tremplin.referrals",
    "tremplin.workshops",
    "tremplin.inventory",
    "tremplin.assessments",
    "tremplin.activities",
    "tremplin.till",
    "tremplin.ops",
    "tremplin.public",
    "tremplin.stats",
    "tremplin.opendata",
    "tremplin.api",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id (and the user's id once known).
    "tremplin.ops.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Inside SessionMiddleware: renews the idle timeout before it decides to save (core/middleware.py).
    "tremplin.core.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After MessageMiddleware: it tells the user why they were logged out.
    "tremplin.core.middleware.AbsoluteSessionTimeoutMiddleware",
    # A session in diagnostic kiosk mode reaches only the kiosk pages and closes when idle (assessments/kiosk.py).
    "tremplin.assessments.kiosk.KioskMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "tremplin.accounts.middleware.RequireTwoFactorMiddleware",
    # Times in the zone of the user's sites (overseas staff see local times): network/timezones.py.
    "tremplin.network.timezones.SiteTimeZoneMiddleware",
]

# Optional fields say « (facultatif) » in every form (core/forms_rendering.py, RGAA 11.10).
FORM_RENDERER = "tremplin.core.forms_rendering.FormRenderer"
ROOT_URLCONF = "tremplin.urls"
WSGI_APPLICATION = "tremplin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tremplin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "tremplin.core.context_processors.navigation",
            ],
            "builtins": ["template_partials.templatetags.partials", "tremplin.core.templatetags.tremplin_ui"],
        },
    }
]
TESTING = "pytest" in sys.modules
if TESTING or env_bool("TREMPLIN_STRICT_TEMPLATES"):
    # Tests turn this on: an unknown template variable is a bug, not an empty string.
    TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "!!INVALID %s!!"

# Database: SQLite by default (zero set-up), PostgreSQL in production (DATABASE_URL).
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead of failing mid-way.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRESQL = DATABASES["default"]["ENGINE"].endswith("postgresql")

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Several app servers: sessions read from the shared cache, written through to the database (a Redis
    # restart logs nobody out). Login throttling (allauth) counts in the same cache, so across servers too.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Same Argon2 format with a low work factor: tests log in often (tremplin/accounts/hashers.py).
    PASSWORD_HASHERS = ["tremplin.accounts.hashers.TestArgon2PasswordHasher", *PASSWORD_HASHERS[1:]]
# NIST SP 800-63B: length and a common-password check; no composition rules, no rotation.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail login only, no public sign-up (accounts come from invitations).
ACCOUNT_ADAPTER = "tremplin.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PREVENT_ENUMERATION = True
# Accounts come from invitations: no "you have no account, sign up" e-mail to unknown addresses.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# One address per account, set from the invitation; users cannot add another one themselves.
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Tremplin] "
# Login throttling: failures per IP and per account, password reset per IP and per address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "reset_password": "10/m/ip,3/5m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
# Rate limits count per client IP: behind the reverse proxy (production), trust its X-Forwarded-For.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TREMPLIN_TRUSTED_PROXY_COUNT", "1" if PRODUCTION else "0"))
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tremplin"
MFA_RECOVERY_CODE_COUNT = 10
# Roles that must use two-factor authentication. The demo (make run) may relax it; production never.
TREMPLIN_MFA_REQUIRED_ROLES = env_list("TREMPLIN_MFA_REQUIRED_ROLES", "network_admin,site_manager")
TREMPLIN_MFA_ENFORCED = env_bool("TREMPLIN_MFA_ENFORCED", default=True)
if PRODUCTION and not TREMPLIN_MFA_ENFORCED:
    raise ImproperlyConfigured("Two-factor authentication cannot be relaxed in production.")
TREMPLIN_DEMO = env_bool("TREMPLIN_DEMO")
if PRODUCTION and TREMPLIN_DEMO:
    raise ImproperlyConfigured("Demo mode cannot run in production.")

INVITATION_VALID_DAYS = int(os.environ.get("TREMPLIN_INVITATION_VALID_DAYS", "7"))

# Business delays and periods (each overridable from the environment).
TREMPLIN_ELIGIBILITY_VALID_DAYS = int(os.environ.get("TREMPLIN_ELIGIBILITY_VALID_DAYS", "183"))
TREMPLIN_REFERRAL_EXPIRY_DAYS = int(os.environ.get("TREMPLIN_REFERRAL_EXPIRY_DAYS", "30"))
TREMPLIN_REFERRAL_WAITING_WARNING_DAYS = int(os.environ.get("TREMPLIN_REFERRAL_WAITING_WARNING_DAYS", "10"))
TREMPLIN_WARRANTY_MONTHS = int(os.environ.get("TREMPLIN_WARRANTY_MONTHS", "6"))
# Languages the network provides the information notice in, besides French and FALC (people.InformationNotice:
# the national team writes and publishes the versions; each consent keeps the version the person was given).
TREMPLIN_NOTICE_LANGUAGES = [("en", "English"), ("ar", "العربية"), ("uk", "Українська")]

# Key for encrypting sensitive fields at rest (recharge codes): a Fernet key (32 url-safe base64 bytes).
TREMPLIN_FIELD_KEY = os.environ.get("TREMPLIN_FIELD_KEY", "")
if not TREMPLIN_FIELD_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("TREMPLIN_FIELD_KEY must be set in production.")
    # Development and tests only: a fixed, public key. Never protects real data.
    TREMPLIN_FIELD_KEY = "ZGV2ZWxvcG1lbnQtb25seS1rZXktbm90LXNlY3JldCE="

# Cash journal (till): HMAC keys sealing tickets, closures and technical events, "id:secret,id:secret";
# the first seals new entries, the others still verify older ones (key rotation, docs/caisse-conformite.md).
TREMPLIN_JOURNAL_KEYS = os.environ.get("TREMPLIN_JOURNAL_KEYS", "")
if not TREMPLIN_JOURNAL_KEYS:
    if PRODUCTION:
        raise ImproperlyConfigured("TREMPLIN_JOURNAL_KEYS must be set in production.")
    # Development and tests only: a fixed, public key. Never seals a real journal.
    TREMPLIN_JOURNAL_KEYS = "dev1:development-only-journal-key-not-secret"
# Each closure's hash is also appended here (outside the database), so deleting the tail of the journal
# together with its closures is still detected by verify_cash_journal.
TREMPLIN_JOURNAL_ANCHOR_FILE = os.environ.get(
    "TREMPLIN_JOURNAL_ANCHOR_FILE", str(BASE_DIR / "var" / "journal-anchor.log")
)
TREMPLIN_JOURNAL_ARCHIVE_DIR = os.environ.get("TREMPLIN_JOURNAL_ARCHIVE_DIR", str(BASE_DIR / "var" / "archives"))
# Where `manage.py backup` writes (one folder per backup: dump, manifest, anchor copy); docs/operations.md.
TREMPLIN_BACKUP_DIR = os.environ.get("TREMPLIN_BACKUP_DIR", str(BASE_DIR / "var" / "backups"))
if TESTING:
    # Test databases come and go: their anchors must never mix with the demo's (the verifier would
    # rightly report a closure missing from the database). One file per test process, outside the project.
    _test_var = Path(tempfile.gettempdir()) / f"tremplin-tests-{os.getpid()}"
    TREMPLIN_JOURNAL_ANCHOR_FILE = str(_test_var / "journal-anchor.log")
    TREMPLIN_JOURNAL_ARCHIVE_DIR = str(_test_var / "archives")
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # A file, not Django's default in-memory test database: with an in-memory one, the live server of the
        # browser tests hands the test's single connection to every request thread, so two requests (or a
        # request and the test) share one transaction state — not what production does, and a source of
        # failures seen only under load. One file per test process (xdist workers differ by pid).
        _test_var.mkdir(parents=True, exist_ok=True)
        DATABASES["default"]["TEST"] = {"NAME": str(_test_var / "test-db.sqlite3")}

# SMS: console in development, in-memory in tests, a real provider (Brevo) in production.
TREMPLIN_SMS_BACKEND = os.environ.get("TREMPLIN_SMS_BACKEND", "tremplin.notifications.sms.console.ConsoleBackend")
if TESTING:
    TREMPLIN_SMS_BACKEND = "tremplin.notifications.sms.locmem.LocmemBackend"
TREMPLIN_SMS_SENDER = os.environ.get("TREMPLIN_SMS_SENDER", "Tremplin")
BREVO_API_KEY = os.environ.get("BREVO_API_KEY", "")

# Sessions: idle timeout (renewed by activity, the session written at most once a minute when nothing else
# changes: core/middleware.py, SessionRefreshMiddleware) and absolute timeout (from login).
SESSION_COOKIE_AGE = int(os.environ.get("TREMPLIN_SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Diagnostic kiosk: closes (and logs the session out) after this many seconds without a page.
TREMPLIN_KIOSK_IDLE_SECONDS = int(os.environ.get("TREMPLIN_KIOSK_IDLE_SECONDS", str(5 * 60)))
SESSION_ABSOLUTE_SECONDS = int(os.environ.get("TREMPLIN_SESSION_ABSOLUTE_SECONDS", str(10 * 3600)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "FR"
PHONENUMBER_DEFAULT_FORMAT = "E164"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "tremplin" / "static"]
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

# Static files are served by WhiteNoise, DEBUG or not. Outside production they are read from the app folders
# (no collectstatic needed for `make run`); production serves the collected, hashed copies from STATIC_ROOT.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tremplin <ne-pas-repondre@tremplin.example>")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")

# Public pages (tremplin/public): the map's tile server, and the "Être rappelé·e" form's limits.
# The map shows only when a tile URL is set ("https://tile.example.org/{z}/{x}/{y}.png"); without it the
# public home is a list. Its origin (and only it) is allowed for images by the Content-Security-Policy below.
TREMPLIN_MAP_TILES_URL = os.environ.get("TREMPLIN_MAP_TILES_URL", "").strip()
TREMPLIN_MAP_TILES_ATTRIBUTION = os.environ.get("TREMPLIN_MAP_TILES_ATTRIBUTION", "© OpenStreetMap").strip()
TREMPLIN_CALLBACK_RETENTION_DAYS = int(os.environ.get("TREMPLIN_CALLBACK_RETENTION_DAYS", "90"))
TREMPLIN_CALLBACK_MIN_SECONDS = int(os.environ.get("TREMPLIN_CALLBACK_MIN_SECONDS", "3"))
# Per hour from one address: high enough for a shared Wi-Fi (library, CCAS); per day for one number: strict.
TREMPLIN_CALLBACK_LIMIT_PER_IP = int(os.environ.get("TREMPLIN_CALLBACK_LIMIT_PER_IP", "30"))  # per hour
TREMPLIN_CALLBACK_LIMIT_PER_PHONE = int(os.environ.get("TREMPLIN_CALLBACK_LIMIT_PER_PHONE", "3"))  # per day


def tiles_origin(url):
    """ "https://tile.example.org" for a tile URL template; "{s}" subdomains become a "*" wildcard; "" if none."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "subdomain-placeholder"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        if url:
            raise ImproperlyConfigured(
                "TREMPLIN_MAP_TILES_URL must be an http(s) URL, like https://tile.example.org/{z}/{x}/{y}.png"
            )
        return ""
    return f"{parts.scheme}://{parts.netloc.replace('subdomain-placeholder', '*')}"


TREMPLIN_MAP_TILES_ORIGIN = tiles_origin(TREMPLIN_MAP_TILES_URL)

# Content-Security-Policy: no inline script or style, nothing from another origin (but the map tiles' origin).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([TREMPLIN_MAP_TILES_ORIGIN] if TREMPLIN_MAP_TILES_ORIGIN else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

# Open data and API (tremplin/opendata, tremplin/api; docs/opendata.md, docs/api.md).
TREMPLIN_OPENDATA_SOURCE = os.environ.get("TREMPLIN_OPENDATA_SOURCE", "tremplin")
# Requests per token (or per address without a token) and period: "120/m", "5000/h"…
TREMPLIN_API_RATE_TOKEN = os.environ.get("TREMPLIN_API_RATE_TOKEN", "120/m")
TREMPLIN_API_RATE_ANONYMOUS = os.environ.get("TREMPLIN_API_RATE_ANONYMOUS", "60/m")

# Logs never carry personal data: only ids, actions and error classes. One JSON object per line (python-json-logger)
# with the request id and the user's id (tremplin/ops/logs.py); TREMPLIN_LOG_FORMAT=plain for a developer's terminal.
TREMPLIN_LOG_FORMAT = os.environ.get("TREMPLIN_LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "tremplin.ops.logs.RequestContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s user=%(user_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s %(user_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain" if TREMPLIN_LOG_FORMAT == "plain" else "json",
            "filters": ["request"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# Background and scheduled work: django-q2, its broker in the database (no extra server), one `qcluster`
# process that is both the worker and the scheduler (README, "Decisions"; jobs listed in tremplin/ops/registry.py).
Q_CLUSTER = {
    "name": "tremplin",
    "orm": "default",
    # SQLite takes one writer at a time: one worker is plenty for a demo; PostgreSQL gets more.
    "workers": int(os.environ.get("TREMPLIN_JOB_WORKERS", "4" if IS_POSTGRESQL else "1")),
    "timeout": 20 * 60,
    "retry": 30 * 60,
    "max_attempts": 1,
    # Successful tasks are not stored (their arguments may hold an e-mail); runs are in ops.JobRun.
    "save_limit": -1,
    "catch_up": False,
    "poll": 1,
    "label": "Tâches",
    # Tests run each task at once, in the test's process (e-mails land in mail.outbox as before).
    "sync": TESTING,
}

# Personal-data lifecycle (CNIL référentiel "accompagnement social et médico-social", docs/operations.md):
# a person without contact for this long is anonymised by the retention job; site managers see them beforehand.
TREMPLIN_RETENTION_MONTHS = int(os.environ.get("TREMPLIN_RETENTION_MONTHS", "24"))
TREMPLIN_RETENTION_NOTICE_DAYS = int(os.environ.get("TREMPLIN_RETENTION_NOTICE_DAYS", "30"))
# Access-log entries older than this become monthly counts; message texts are erased after this.
TREMPLIN_ACCESS_LOG_MONTHS = int(os.environ.get("TREMPLIN_ACCESS_LOG_MONTHS", "12"))
TREMPLIN_MESSAGE_BODY_MONTHS = int(os.environ.get("TREMPLIN_MESSAGE_BODY_MONTHS", "3"))

# Optional error reporting: off unless SENTRY_DSN is set; personal data is scrubbed (tremplin/ops/sentry.py).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN and not TESTING:
    from tremplin.ops.sentry import init_sentry

    init_sentry(SENTRY_DSN, environment=ENVIRONMENT)
