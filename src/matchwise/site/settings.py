"""Django settings, all from the environment (see config.py and docs/settings.md)."""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from matchwise.site.config import read_config

CONFIG = read_config()
BASE_DIR = Path(__file__).resolve().parent
SECRET_KEY = CONFIG.secret_key
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"] if not CONFIG.hosted else ["*"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "axes",
    "csp",
    "matchwise.accounts",
    "matchwise.programs",
    "matchwise.network",
    "matchwise.scholarly",
    "matchwise.pick",
    "matchwise.roadmap",
    "matchwise.market",
]
MATCHWISE_HOSTED = CONFIG.hosted
MATCHWISE_LOOKUPS = CONFIG.lookups  # off unless asked: a look-up sends a DOI or PMID out
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "pick:list"
LOGOUT_REDIRECT_URL = "login"
# Password reset mail: printed to the console unless SMTP is configured (docs/settings.md).
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if CONFIG.smtp_host
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = CONFIG.smtp_host
DEFAULT_FROM_EMAIL = "MatchWise <no-reply@localhost>"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "matchwise.accounts.middleware.LocalUserMiddleware",
    "matchwise.pick.middleware.ApplicantProfileMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# Login rate limiting (django-axes): 5 failed attempts lock that username + address for an hour.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

ROOT_URLCONF = "matchwise.site.urls"
WSGI_APPLICATION = "matchwise.site.wsgi.application"
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
                "matchwise.network.context.network",
            ]
        },
    }
]

DATABASES = {"default": dj_database_url.parse(CONFIG.database_url, conn_max_age=60)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
# Hosted mode serves what `manage.py collectstatic` gathered; local mode needs no copy.
STATIC_ROOT = CONFIG.data_dir / "static" if CONFIG.hosted else None
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Local mode serves straight from the package's static folders (no collectstatic step).
WHITENOISE_USE_FINDERS = not CONFIG.hosted
WHITENOISE_AUTOREFRESH = False

# Content-Security-Policy (django-csp), in both modes: only our own scripts, styles and images,
# nothing inline, nothing from elsewhere (every asset is vendored in the package).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if CONFIG.hosted:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
