"""One settings file. Defaults run a fresh checkout (SQLite, in-memory channel layer);
production switches by environment: DATABASE_URL (PostgreSQL) and REDIS_URL (Redis)."""

from pathlib import Path

from portal.env import database_from_url, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
if not DEBUG and SECRET_KEY.startswith("dev-only"):
    raise RuntimeError("Set SECRET_KEY when DEBUG is off.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "channels",
    "pwa",
    "django_tasks",
    "django_tasks_db",
    "portal",
    "ombud_ui",
    "client_ui",
    "coordinator_ui",
    "realtime",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages on a cheap data plan: HTML compresses about 5x. Django pads the gzip header
    # with random bytes against BREACH, and CSRF tokens in forms are masked per request.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

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
                "portal.context_processors.unread",
                "portal.context_processors.rendered_at",
            ],
            "builtins": ["portal.templatetags.plain"],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # Browser tests run a live server in threads: give SQLite a file and patience.
            "TEST": {"NAME": env_str("SQLITE_TEST_PATH", "") or None},
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

AUTH_USER_MODEL = "portal.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Swedish first: the source strings are Swedish, English comes from locale/en.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Attachments live here, outside static/ and any public path; a view serves them to the
# two parties of the contact only.
PRIVATE_MEDIA_ROOT = env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from static/ in development and tests; production runs collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# After a contact ends, the client can fetch their copy for this many days; then the
# contact is erased (manage.py erase_ended_contacts).
COPY_WINDOW_DAYS = env_int("COPY_WINDOW_DAYS", 30)

# Background jobs (reading a photographed letter): django-tasks with its database
# backend, so a job waits in the database until `manage.py db_worker` runs it, across
# restarts. The job row holds only the letter's id; never its text.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Tesseract's language data for letters (Debian: tesseract-ocr-swe).
LETTER_OCR_LANGUAGE = env_str("LETTER_OCR_LANGUAGE", "swe")

# Invites: how long the one-time link and code stay valid.
INVITE_VALID_HOURS = env_int("INVITE_VALID_HOURS", 72)

# Web Push (portal/push.py). The VAPID private key is made on first use if the file is
# missing; keep it (and back it up): a new key invalidates every phone's subscription.
VAPID_PRIVATE_KEY_FILE = Path(
    env_str("VAPID_PRIVATE_KEY_FILE", str(BASE_DIR / "var" / "vapid-private.pem"))
)
VAPID_SUBJECT = env_str("VAPID_SUBJECT", "mailto:brobyggare@example.se")
# Send inline at commit instead of in the background pool (tests).
PUSH_SYNC = env_bool("PUSH_SYNC", False)
# Accept http:// push endpoints on 127.0.0.1/localhost (a local push service in tests).
PUSH_ALLOW_LOCAL_HTTP = env_bool("PUSH_ALLOW_LOCAL_HTTP", DEBUG)

# django-pwa: /manifest.json and /serviceworker.js (pwa.urls). The manifest is rendered
# by templates/manifest.json, which replaces django-pwa's own: that one has no "id" and
# no "categories" and adds a non-standard "status_bar". Ours takes "short_name" from
# PWA_APP_NAME and "id" from PWA_APP_START_URL (django-pwa passes its PWA_* only).
# The icons come from scripts/make_icons.py. The service worker is registered from
# static/js/app.js.
PWA_APP_NAME = "Brobyggare"
PWA_APP_DESCRIPTION = "Din plan, dina meddelanden och träffar med ditt personliga ombud."
PWA_APP_THEME_COLOR = "#1f5f5b"
PWA_APP_BACKGROUND_COLOR = "#fbfaf7"
PWA_APP_DISPLAY = "standalone"
PWA_APP_ORIENTATION = "any"
PWA_APP_SCOPE = "/"
PWA_APP_START_URL = "/"
PWA_APP_LANG = "sv-SE"
PWA_APP_DIR = "ltr"
PWA_APP_ICONS = [
    {"src": f"{STATIC_URL}icons/{name}", "sizes": sizes, "type": "image/png", "purpose": purpose}
    for name, sizes, purpose in [
        ("icon-192.png", "192x192", "any"),
        ("icon-512.png", "512x512", "any"),
        ("maskable-512.png", "512x512", "maskable"),
    ]
]
PWA_SERVICE_WORKER_PATH = BASE_DIR / "static" / "js" / "serviceworker.js"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
