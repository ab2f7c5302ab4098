"""The one settings file of danchu, configured by environment variables.

Defaults run offline on one machine: SQLite in WAL mode, local file storage, SqliteHuey, console
e-mail/SMS backends. Set DATABASE_URL / REDIS_URL / ... to scale out (see README, "Cấu hình").
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import date
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


class SettingError(Exception):
    """A configuration value that danchu does not understand: start-up stops with this message."""


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    """1/true/yes/on or 0/false/no/off (any case); unset or empty → `default`; anything else stops start-up,
    so a typo ("ture") is not silently read as False."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise SettingError(f"{name}={value!r}: expected one of 1/true/yes/on or 0/false/no/off")


def envint(name: str, default: int, *, minimum: int | None = None) -> int:
    value = os.environ.get(name, "")
    if not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise SettingError(f"{name}={value!r}: expected a whole number") from None
    if minimum is not None and number < minimum:
        raise SettingError(f"{name}={value!r}: expected at least {minimum}")
    return number


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [v.strip() for v in value.split(",") if v.strip()]


def envjson(name: str, default):
    value = os.environ.get(name, "")
    if not value.strip():
        return default
    try:
        return json.loads(value)
    except ValueError as exc:
        raise SettingError(f"{name}: not valid JSON ({exc})") from None


def envmonthday(name: str, default: tuple[int, int]) -> tuple[int, int]:
    """A day of the year as MM-DD ("11-18" is 18 November)."""
    value = os.environ.get(name, "")
    if not value.strip():
        return default
    try:
        month, day = (int(x) for x in value.strip().split("-"))
        date(2024, month, day)  # a leap year: 02-29 is allowed
    except ValueError:
        raise SettingError(f"{name}={value!r}: expected a day as MM-DD, e.g. 11-18") from None
    return month, day


# Where the embedded database, uploaded files, the job queue and the generated secret key live.
DATA_DIR = Path(env("DANCHU_DATA_DIR", str(Path.cwd() / "var"))).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated on first run and kept in DATA_DIR."""
    given = env("SECRET_KEY")
    if given:
        return given
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env("DANCHU_SITE_NAME", "danchu — Dân chủ ở cơ sở")
# The public address of the site, for links in e-mails and SMS sent outside a request (no trailing slash).
DANCHU_SITE_URL = env("DANCHU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The province/city the installation serves (official code); the public home page is this unit's.
DANCHU_HOME_PROVINCE = env("DANCHU_HOME_PROVINCE", "92")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "huey.contrib.djhuey",
    "danchu.core",
    "danchu.accounts",
    "danchu.units",
    "danchu.disclosure",
    "danchu.inforequests",
    "danchu.evoting",
    "danchu.decisions",
    "danchu.consultations",
    "danchu.conventions",
    "danchu.elections",
    "danchu.feedback",
    "danchu.cases",
    "danchu.steering",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "danchu.core.middleware.SecurityHeadersMiddleware",
    "danchu.core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "danchu.core.middleware.NormalizeInputMiddleware",
    "danchu.core.middleware.BadInputMiddleware",
    "danchu.accounts.middleware.RequireTwoFactorMiddleware",
    "danchu.units.middleware.ActiveUnitMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "danchu.urls"
WSGI_APPLICATION = "danchu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "danchu.core.context_processors.site",
                "danchu.units.context_processors.active_unit",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------------
# SQLite (WAL, busy timeout, IMMEDIATE transactions so that web and worker never dead-lock on the
# write lock) by default; PostgreSQL through DATABASE_URL with persistent connections.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=envint("CONN_MAX_AGE", 60),
                                                  conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("DANCHU_SQLITE_PATH", str(DATA_DIR / "danchu.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000; "
                    "PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    INSTALLED_APPS.append("django.contrib.postgres")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and background jobs ---------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": env("HUEY_NAME", "danchu"),
        "url": REDIS_URL,
        "immediate": envbool("HUEY_IMMEDIATE", False),
        "utc": False,  # crontab() in Asia/Ho_Chi_Minh, not UTC (setup notes §10.12)
        "consumer": {"workers": envint("HUEY_WORKERS", 2), "worker_type": "thread", "max_delay": 2.0},
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "danchu",
        }
    }
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "danchu",
        "filename": env("HUEY_SQLITE_PATH", str(DATA_DIR / "huey.sqlite3")),
        "immediate": envbool("HUEY_IMMEDIATE", False),
        "utc": False,
        "consumer": {"workers": envint("HUEY_WORKERS", 2), "worker_type": "thread", "max_delay": 2.0},
    }

# --- Accounts --------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "danchu.accounts.backends.PhoneOrUsernameBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if envbool("DANCHU_FAST_PASSWORD_HASHER", False):  # tests only: Argon2 is deliberately slow
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "danchu.accounts.backends.lockout_key"  # one count per account, whatever the spelling
AXES_CLIENT_IP_CALLABLE = "danchu.core.ratelimit.client_ip"  # the same client address as every other limit
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_ENABLED = envbool("AXES_ENABLED", True)
# Registrations (each sends an SMS code) allowed per client address per hour.
DANCHU_REGISTER_PER_HOUR = envint("DANCHU_REGISTER_PER_HOUR", 10)
# Staff roles must pass TOTP two-factor authentication (django-otp).
DANCHU_REQUIRE_2FA = envbool("DANCHU_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "danchu"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
BEHIND_PROXY = envbool("BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# The reverse proxies whose X-Forwarded-For is believed (addresses or networks); the client is the last address
# of the chain that is not one of them (core.ratelimit.client_ip). BEHIND_PROXY=1 alone trusts the local nginx.
DANCHU_TRUSTED_PROXIES = envlist("DANCHU_TRUSTED_PROXIES", ["127.0.0.1", "::1"] if BEHIND_PROXY else [])
# The largest request the application reads (all files of a form together); beyond it: 413 before reading.
DANCHU_MAX_REQUEST_BYTES = envint("DANCHU_MAX_REQUEST_BYTES", 40 * 1024 * 1024, minimum=1024 * 1024)
# Strict-Transport-Security, sent on HTTPS responses only: 0 (off) until the site is known to be HTTPS for good.
SECURE_HSTS_SECONDS = envint("DANCHU_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("DANCHU_HSTS_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("DANCHU_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = envbool("DANCHU_SSL_REDIRECT", False)
SECURE_REFERRER_POLICY = "same-origin"
# No inline script and nothing from another site (core.middleware.SecurityHeadersMiddleware); styles may be
# inline (style attributes in the templates); images may be data:/blob: (photo previews before upload).
DANCHU_CSP = env("DANCHU_CSP", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                 "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; media-src 'self' blob:; "
                 "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; "
                 "frame-ancestors 'none'")
DANCHU_PERMISSIONS_POLICY = env("DANCHU_PERMISSIONS_POLICY", "camera=(self), geolocation=(self), microphone=(), "
                                "payment=(), usb=()")

# --- Notifications (pluggable backends; console by default) ----------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "danchu@localhost")
DANCHU_SMS_BACKEND = env("DANCHU_SMS_BACKEND", "danchu.core.notify.backends.ConsoleSMSBackend")
DANCHU_ZALO_BACKEND = env("DANCHU_ZALO_BACKEND", "danchu.core.notify.backends.ConsoleZaloBackend")
DANCHU_SMS_HTTP_URL = env("DANCHU_SMS_HTTP_URL")  # for the HTTP SMS gateway backend
DANCHU_SMS_HTTP_TOKEN = env("DANCHU_SMS_HTTP_TOKEN")
DANCHU_SMS_HTTP_TIMEOUT = envint("DANCHU_SMS_HTTP_TIMEOUT", 10, minimum=1)  # seconds
# SMS text: fold Vietnamese to ASCII (cheaper GSM segments, old handsets) and cut long texts at N segments.
DANCHU_SMS_ASCII = envbool("DANCHU_SMS_ASCII", False)
DANCHU_SMS_MAX_SEGMENTS = envint("DANCHU_SMS_MAX_SEGMENTS", 3, minimum=1)

# --- Files -----------------------------------------------------------------------------------------
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(DATA_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
DANCHU_MAX_UPLOAD_BYTES = envint("DANCHU_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = DANCHU_MAX_UPLOAD_BYTES + 1024 * 1024
# Images (core/images.py): the largest picture decoded (a JPEG may have 4× more: it is decoded at a reduced
# scale), and how many images one process decodes at once.
DANCHU_MAX_IMAGE_PIXELS = envint("DANCHU_MAX_IMAGE_PIXELS", 25_000_000, minimum=1_000_000)
DANCHU_IMAGE_WORKERS = envint("DANCHU_IMAGE_WORKERS", 2, minimum=1)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
                    if envbool("DANCHU_COMPRESS_STATIC", False)
                    else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if env("AWS_STORAGE_BUCKET_NAME"):  # S3-compatible object storage (pip install danchu[s3])
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env("AWS_S3_REGION_NAME") or None,
            "default_acl": None,
            "querystring_auth": True,
        },
    }
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Internationalisation --------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
# locale/: the English catalogue of danchu; locale_vi/: Vietnamese for DRF and Django messages left in English
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vi"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- API -------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "danchu.accounts.api_auth.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "danchu.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "danchu.core.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "danchu.core.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer",
                                 "rest_framework.renderers.BrowsableAPIRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser",
                               "rest_framework.parsers.FormParser",
                               "rest_framework.parsers.MultiPartParser"],
    "DEFAULT_THROTTLE_CLASSES": ["danchu.core.api.AnonThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env("API_ANON_RATE", "120/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "danchu API",
    "DESCRIPTION": "API của nền tảng thực hiện dân chủ ở cơ sở (danchu).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "VillageKindEnum": "danchu.units.domain.VILLAGE_KIND_CHOICES",
        "OrganisationKindEnum": "danchu.units.domain.OrganisationKind",
        "ReceptionSessionKindEnum": "danchu.cases.domain.SessionKind",
        "RoleEnum": "danchu.units.domain.Role",
    },
}

# --- Rules and policies of danchu ------------------------------------------------------------------
# Every DANCHU_* setting is declared here with its default (and in the README's table); code reads
# settings.DANCHU_X, never getattr(settings, "DANCHU_X", default).

# Keys kept apart from the data (core/keys.py): the audit chain key and the checkpoint signing key live here.
# Production: a directory outside DANCHU_DATA_DIR, backed up separately from the database and the media.
DANCHU_KEY_DIR = Path(env("DANCHU_KEY_DIR", str(DATA_DIR / "keys"))).resolve()
# Audit chain keys as base64, comma-separated, newest first (instead of DANCHU_KEY_DIR/audit-chain.keys).
DANCHU_AUDIT_KEYS = envlist("DANCHU_AUDIT_KEYS", [])
# Signed checkpoints of the audit chain are also appended here (outside the database).
DANCHU_AUDIT_CHECKPOINTS = Path(env("DANCHU_AUDIT_CHECKPOINTS", str(DATA_DIR / "audit-checkpoints.jsonl")))

# Deadline reminders: the policy of each app, in the order the daily sweep runs them (core/reminders.py).
DANCHU_REMINDER_POLICIES: list[str] = [
    "danchu.inforequests.reminders.POLICY",
    "danchu.feedback.reminders.POLICY",
    "danchu.cases.reminders.POLICY",
    "danchu.steering.reminders.POLICY",
]
# Keys sealing denouncers' identities (Fernet, comma-separated, newest first; cases/identity.py).
DANCHU_IDENTITY_KEYS = envlist("DANCHU_IDENTITY_KEYS", [])
# Calendar days after an answer during which the resident may reopen a feedback (not set by law).
DANCHU_FEEDBACK_REOPEN_DAYS = envint("DANCHU_FEEDBACK_REOPEN_DAYS", 10, minimum=1)
# Open311 service discovery: contact and key service texts (empty: a Vietnamese default).
DANCHU_OPEN311_CONTACT = env("DANCHU_OPEN311_CONTACT")
DANCHU_OPEN311_KEY_SERVICE = env("DANCHU_OPEN311_KEY_SERVICE")
# The yearly review of village conventions (NĐ 61/2023 Art.20): the day it is due, MM-DD (18/11, the
# national great unity day, by default).
DANCHU_CONVENTION_REVIEW_DAY = envmonthday("DANCHU_CONVENTION_REVIEW_DAY", (11, 18))
# QĐ 25/2021 access-to-law standard: points per indicator ({"TC1.CT1": 5, ...}, adding up to 100) and the
# platform evidence shown per indicator ([[["TC3.CT1"], ["cases.mediations_received"]], ...]); unset: the
# defaults of steering (UNVERIFIED even split; see legal_rules §7).
DANCHU_QD25_INDICATOR_MAX = envjson("DANCHU_QD25_INDICATOR_MAX", None)
DANCHU_QD25_EVIDENCE = envjson("DANCHU_QD25_EVIDENCE", None)

# --- Logging ---------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"},
                "huey": {"level": "INFO", "propagate": False},  # the consumer adds its own handler
                # WeasyPrint logs every layout step of every PDF at INFO ("Step 5 - Creating layout")
                "weasyprint.progress": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
