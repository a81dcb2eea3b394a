"""Settings for every environment, read from environment variables (documented in .env.example).

Production differs only by its environment: DEBUG off requires SECRET_KEY and ALLOWED_HOSTS.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from veiligeplek.conf.env import (
    ConfigurationError,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    load_dotenv,
)

PACKAGE_DIR = Path(__file__).resolve().parents[2]  # src/veiligeplek
BASE_DIR = Path(env_str("VEILIGEPLEK_HOME", str(PACKAGE_DIR.parents[1])))  # the checkout
load_dotenv(BASE_DIR / ".env")  # local settings written by `make run`; never committed
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigurationError("SECRET_KEY is required when DEBUG is off (see .env.example)")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "veiligeplek.conf.staticfiles.VeiligePlekStaticFilesConfig",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "ninja",
    "django_tasks_db",
    "veiligeplek.accounts",
    "veiligeplek.registry",
    "veiligeplek.cases",
    "veiligeplek.audit",
    "veiligeplek.monitor",
    "veiligeplek.api",
    "veiligeplek.infosheet",
]

# Order matters (docs/adr/0004-authentication.md): the header middleware sits outside WhiteNoise
# so that static files get CSP too but keep their cache headers; the session clock and the MFA
# gate come after authentication and messages; axes comes last, as its documentation requires.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "veiligeplek.accounts.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "veiligeplek.accounts.middleware.ControlCharacterMiddleware",  # 422 for U+0000 and the like
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "veiligeplek.accounts.middleware.SessionTimeoutMiddleware",
    "veiligeplek.accounts.middleware.MfaRequiredMiddleware",
    "veiligeplek.audit.middleware.AuditUnavailableMiddleware",  # 503 when the audit log fails
    "veiligeplek.audit.middleware.DeniedAccessMiddleware",  # refused case requests are logged
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "veiligeplek.conf.urls"
WSGI_APPLICATION = "veiligeplek.conf.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "veiligeplek.accounts.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", "sqlite:///var/veiligeplek.sqlite3"), base_dir=BASE_DIR
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The covering index of the place groups' update times (registry.PlaceGroup, for matching) has a
# non-key column, which only PostgreSQL supports; on SQLite (development, demo) it is a plain
# index on the key, harmless.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# Passwords per OWASP ASVS 4.0.3 V2.1 and NIST SP 800-63B 5.1.1: at least 12 characters of any
# kind, no composition rules; refused when on the list of common (breached) passwords, like the
# username or the user's name, or built on the name of this service.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "veiligeplek.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "veiligeplek.accounts.passwords.ContextWordValidator"},
]
# Axes first: it refuses a locked-out username + address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [PACKAGE_DIR / "static"]
NODE_MODULES = BASE_DIR / "node_modules"
if (NODE_MODULES / "@utrecht").is_dir():
    STATICFILES_DIRS += [
        ("vendor/utrecht", NODE_MODULES / "@utrecht" / "component-library-css" / "dist"),
        (
            "vendor/voorbeeld",
            NODE_MODULES / "@nl-design-system-unstable" / "voorbeeld-design-tokens" / "dist",
        ),
    ]
WHITENOISE_USE_FINDERS = DEBUG
# Source maps are fetched by a developer's tools only: served as they are, not compressed.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

_MAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _MAIL_BACKEND,
        "OPTIONS": {"host": env_str("EMAIL_HOST", "localhost"), "port": env_int("EMAIL_PORT", 25)}
        if _MAIL_BACKEND.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Veilige Plek <noreply@veiligeplek.invalid>")

# --- Authentication, sessions and headers (docs/adr/0004-authentication.md) ---------------------
# Lockout (django-axes): per username + client address, the LOGIN_FAILURE_LIMIT-th failed attempt
# and every attempt after it answer HTTP 429 until the cool-off has passed; attempts made during a
# lockout do not extend it, so the real user is never locked out for longer than the cool-off.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 6, minimum=2)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "veiligeplek.accounts.views.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Beyond axes (accounts/throttle.py): failures from one address across all usernames within the
# cool-off before that address gets 429, and logins with the right password per account and
# address per hour before the code step is reached no more.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 30, minimum=2)
LOGIN_PASSWORD_SUCCESS_LIMIT = env_int("LOGIN_PASSWORD_SUCCESS_LIMIT", 10, minimum=1)

# Second factor (django-otp): TOTP in an authenticator app, static recovery codes as fallback.
OTP_TOTP_ISSUER = "Veilige Plek"
# No throttle on the device: it would let anyone with the password lock the real user's code
# step. Wrong codes are throttled per login attempt instead (accounts/throttle.py).
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

# Sessions end after SESSION_IDLE_SECONDS without a request and SESSION_ABSOLUTE_SECONDS after
# login, whatever happens (accounts.middleware.SessionTimeoutMiddleware); the cookie itself
# lives only as long as the browser.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 15 * 60, minimum=60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 3600, minimum=60)
if SESSION_IDLE_SECONDS > SESSION_ABSOLUTE_SECONDS:
    raise ConfigurationError("SESSION_IDLE_SECONDS may not exceed SESSION_ABSOLUTE_SECONDS")
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# HTTPS: secure cookies (with the __Host- prefix: this host only, path /), a redirect to https
# and HSTS. `make run` serves plain http on 127.0.0.1 and sets SECURE_COOKIES=false.
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_NAME = "__Host-vp_session" if SESSION_COOKIE_SECURE else "vp_session"
CSRF_COOKIE_NAME = "__Host-vp_csrf" if SESSION_COOKIE_SECURE else "vp_csrf"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # htmx sends the token from the page (hx-headers), not the cookie
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SESSION_COOKIE_SECURE)
SECURE_REDIRECT_EXEMPT = [r"^api/v1/health$"]  # load balancers probe over plain http
_PROXY_SSL_HEADER = env_str("SECURE_PROXY_SSL_HEADER")  # e.g. HTTP_X_FORWARDED_PROTO=https
if _PROXY_SSL_HEADER:
    _header, _sep, _value = _PROXY_SSL_HEADER.partition("=")
    if not _sep or not _header.startswith("HTTP_") or not _value:
        raise ConfigurationError("SECURE_PROXY_SSL_HEADER: expected HTTP_HEADER_NAME=value")
    SECURE_PROXY_SSL_HEADER = (_header, _value)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content Security Policy, Django's own middleware (django.middleware.csp). No inline script or
# style anywhere: htmx is loaded from /static and its inline indicator style is switched off
# (base.html), so no nonce is needed; the inline SVG map and QR codes are markup, not script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Shows a banner that all people and cases are fictitious (set by `make run` for the demo).
DEMO_MODE = env_bool("DEMO_MODE", False)

# Availability older than this is shown as stale everywhere it appears (issue: foundation, 6).
AVAILABILITY_STALE_AFTER = dt.timedelta(hours=env_int("AVAILABILITY_STALE_HOURS", 24, minimum=1))
# Published figures for roles without access to the cases behind them: counts from 1 to this
# value minus one are shown as "<N" (docs/adr/0010-disclosure-control.md).
DISCLOSURE_THRESHOLD = env_int("DISCLOSURE_THRESHOLD", 10, minimum=2)
# The published figures are stored per version of the data; while the worker computes the
# figures of newer data, readers get the stored ones for at most this many seconds after they
# were computed (0: always wait for the newest; docs/adr/0019-stored-statistics.md).
STATISTICS_MAX_AGE_SECONDS = env_int("STATISTICS_MAX_AGE_SECONDS", 300, minimum=0)

# Referral workflow (issue: referral workflow, items 1 and 4).
SIGNAL_ESCALATION_MINUTES = env_int("SIGNAL_ESCALATION_MINUTES", 15, minimum=1)
HOLD_MINUTES = env_int("HOLD_MINUTES", 120, minimum=5)
# A signal's Idempotency-Key (API header, the form's hidden token) answers a retry with the
# first answer for at least this long (`veiligeplek idempotency-purge`; the IETF draft: 24 h).
IDEMPOTENCY_KEY_HOURS = env_int("IDEMPOTENCY_KEY_HOURS", 48, minimum=24)
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# CoMensha's public 24/7 line on the victim's information sheet (infosheet/). The default is a
# fictitious demo number, and the sheet says so; production sets the real public line.
DEMO_COMENSHA_PHONE = "0800-000 00 00"
COMENSHA_PHONE = env_str("COMENSHA_PHONE", DEMO_COMENSHA_PHONE)
if not re.fullmatch(r"\+?[0-9][0-9 ()-]{4,22}", COMENSHA_PHONE):
    raise ConfigurationError("COMENSHA_PHONE: expected a phone number such as 0800-000 00 00")
# Break-the-glass access to a case outside one's scope lasts this long (issue: security, 7).
BREAK_GLASS_MINUTES = env_int("BREAK_GLASS_MINUTES", 60, minimum=5)
# Retention (issue: security, 6): closed cases are anonymised this long after closure; the
# identity details and free texts sooner.
RETENTION_CASE_DAYS = env_int("RETENTION_CASE_DAYS", 5 * 365, minimum=30)
RETENTION_IDENTITY_DAYS = env_int("RETENTION_IDENTITY_DAYS", 365, minimum=1)

# Audit log (docs/adr/0005-audit-log.md): events are chained with HMAC-SHA256 under a key that
# lives outside the database (AUDIT_HMAC_KEY or AUDIT_HMAC_KEY_FILE), so that whoever can write
# the table cannot recompute the chain. Older keys stay listed for verification after a rotation.
AUDIT_HMAC_KEY = env_str("AUDIT_HMAC_KEY")
if not AUDIT_HMAC_KEY:
    if not DEBUG:
        raise ConfigurationError("AUDIT_HMAC_KEY is required when DEBUG is off (see .env.example)")
    AUDIT_HMAC_KEY = "insecure-development-audit-key-only-used-with-DEBUG-on"  # noqa: S105
AUDIT_HMAC_PREVIOUS_KEYS = env_list("AUDIT_HMAC_PREVIOUS_KEYS", [])
# Checkpoints of the chain head (sequence, hash, time) outside the database: to the log and,
# one JSON line each, appended to this file; one every AUDIT_CHECKPOINT_EVERY events and at each
# deadline sweep. `veiligeplek audit-verify --checkpoints FILE` compares the chain with them.
AUDIT_CHECKPOINT_FILE = Path(
    env_str("AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.jsonl"))
)
AUDIT_CHECKPOINT_EVERY = env_int("AUDIT_CHECKPOINT_EVERY", 100, minimum=1)
# PostgreSQL: the role the application connects as (owning nothing). When set, `migrate` (run
# as the owner role) grants it exactly what it needs; see docs/operations.md.
DATABASE_APP_ROLE = env_str("DATABASE_APP_ROLE")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Failed logins and lockouts (WARNING) are kept; axes' INFO lines add nothing.
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
