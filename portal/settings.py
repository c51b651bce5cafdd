"""One settings file. Defaults run a fresh checkout (SQLite, in-memory channel layer)
safely: DEBUG off, a secret key made on first run and kept in var/secret-key. Production
switches by environment: DATABASE_URL (PostgreSQL), REDIS_URL (Redis), PUBLIC_URL (the
https address people use), TRUSTED_PROXY (behind a TLS-terminating proxy) and the HSTS
choices. Every variable is in the README's table."""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from portal.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
    secret_key_from_file,
    weak_secret_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# Development (tracebacks, static files straight from static/, plain-http cookies) is an
# explicit choice: DEBUG=true.
DEBUG = env_bool("DEBUG", False)

# SECRET_KEY from the environment (every process of a deployment needs the same one), or
# made once and kept in SECRET_KEY_FILE (mode 0600; /var/ is not committed).
SECRET_KEY_FILE = Path(env_str("SECRET_KEY_FILE", str(BASE_DIR / "var" / "secret-key")))
SECRET_KEY = env_str("SECRET_KEY", "") or secret_key_from_file(SECRET_KEY_FILE)
if not DEBUG and (problem := weak_secret_key(SECRET_KEY)):
    raise ImproperlyConfigured(
        f"SECRET_KEY {problem}. Make one with: "
        "python3 -c 'import secrets; print(secrets.token_urlsafe(50))' "
        "and put it in the environment, or unset SECRET_KEY to use the one kept in "
        f"{SECRET_KEY_FILE} (made on first run)."
    )

# The address people use, e.g. https://brobyggare.kommun.se: absolute links (the ombud's
# invite link) are built from it, it is a trusted origin for CSRF, and its host is allowed.
PUBLIC_URL = env_str("PUBLIC_URL", "").rstrip("/")
_public = urlsplit(PUBLIC_URL) if PUBLIC_URL else None
if _public is not None and (_public.scheme not in ("https", "http") or not _public.hostname):
    raise ImproperlyConfigured(f"PUBLIC_URL must look like https://host, not {PUBLIC_URL!r}.")
PUBLIC_HTTPS = _public is not None and _public.scheme == "https"
# "testserver" is Django's test client (the socket tests' origin check reads this list
# before the test run would add it).
LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    [_public.hostname] if _public and _public.hostname else LOCAL_HOSTS,
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", []) + (
    [f"{_public.scheme}://{_public.netloc}"] if _public else []
)

INSTALLED_APPS = [
    "daphne",
    # Django's admin, for staff who sign in with two factors only (portal/admin_site.py).
    "portal.apps.BrobyggareAdminConfig",
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
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
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
    "portal.middleware.MalformedBodyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Idle timeout and absolute lifetime (portal/actions/sessions.py): after auth and
    # messages, so an expired session can leave a word for the sign-in page.
    "portal.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so it sees the answer of the view: a locked-out sign-in gets the calm page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

# Django's renderer, with the widgets written out in Python (portal/forms/renderer.py).
FORM_RENDERER = "portal.forms.renderer.FastWidgets"

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
                "portal.context_processors.session_timer",
            ],
            "builtins": ["portal.templatetags.plain"],
        },
    }
]

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    # DATABASE_POOL_SIZE connections at most per process: PostgreSQL's max_connections must
    # cover every daphne, worker and command at once.
    DATABASES = {
        "default": database_from_url(DATABASE_URL, pool_size=env_int("DATABASE_POOL_SIZE", 10))
    }
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
# How long a read from Redis may take before the connection counts as lost. It must be
# longer than the channel layer's own blocking wait (channels_redis BZPOPMIN, 5 s):
# redis-py 8 reads with a 5 s timeout by default, which fires before an empty 5 s wait
# returns, and the live socket waiting behind it is closed (1011). 15 s still finds a
# Redis that no longer answers.
REDIS_READ_TIMEOUT = 15
# Connections to Redis per process for the channel layer, and how long a command waits for
# one when all are busy (a reconnect storm): realtime.layers.RedisChannelLayer.
REDIS_MAX_CONNECTIONS = env_int("REDIS_MAX_CONNECTIONS", 100)
REDIS_POOL_TIMEOUT = 20
# The channel layer carries only numbers ({"contact": 7, "seq": 42}), and a socket that
# misses one catches up from the database within LIVE_CATCH_UP_SECONDS (realtime/watch.py),
# so these bound memory and waste, not correctness (docs/decisions.md, "No lost frames"):
# - capacity: events waiting for one socket before newer ones are dropped. Channels'
#   default, 100, is 2.5 s of a 40 messages/s burst for an ombud following 15 clients; a
#   socket works through a backlog in batches (one read per contact), so 1,000 (25 s of
#   such a burst, ~100 KB in memory) is never reached by a socket that is alive.
# - expiry: an event older than this is dropped unread. By then the catch-up has sent it
#   from the database, so a minute (channels' default) is plenty.
# - group expiry: how long a socket stays in a contact's group. A day, as daphne closes a
#   socket after a day (its websocket_timeout) and the page reconnects (live.js); past it
#   the catch-up still delivers, only later.
LIVE_CATCH_UP_SECONDS: float = env_int("LIVE_CATCH_UP_SECONDS", 5)
CHANNEL_LAYER_OPTIONS = {"capacity": 1000, "expiry": 60, "group_expiry": 86400}
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "realtime.layers.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": REDIS_READ_TIMEOUT,
                        "socket_connect_timeout": 5,
                    }
                ],
                **CHANNEL_LAYER_OPTIONS,
            },
        }
    }
else:
    CHANNEL_LAYERS = {
        "default": {
            # Channels' in-memory layer with its clean-up once a second (realtime/layers.py).
            "BACKEND": "realtime.layers.InMemoryChannelLayer",
            "CONFIG": CHANNEL_LAYER_OPTIONS,
        }
    }

# "pages": the rendered parts of the plan pages, per contact number (portal/pagecache.py).
# In each process's memory: a part is right in every process, because its key holds the
# contact's number read from the database; 1,000 parts of ~20 KB are ~20 MB a process.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_PARTS_KEPT", 1000)},
    },
}

AUTH_USER_MODEL = "portal.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# django-axes first: it refuses a locked-out account or address before any password is
# checked.
AUTHENTICATION_BACKENDS = [
    "portal.throttle.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Plain Swedish messages for Django's own validators (portal/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "portal.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "portal.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "portal.passwords.MaximumLengthValidator", "OPTIONS": {"max_length": 128}},
    {"NAME": "portal.passwords.CommonPasswordValidator"},
    {"NAME": "portal.passwords.NumericPasswordValidator"},
]

# Sign-in throttling (django-axes, database handler: every daphne process shares it).
# An account is locked after SIGNIN_ACCOUNT_FAILURE_LIMIT wrong passwords or codes, a
# source address after AXES_FAILURE_LIMIT, both for AXES_COOLOFF_TIME; portal/throttle.py.
SIGNIN_ACCOUNT_FAILURE_LIMIT = env_int("SIGNIN_ACCOUNT_FAILURE_LIMIT", 10)
AXES_FAILURE_LIMIT = env_int("SIGNIN_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("SIGNIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "portal.throttle.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "portal.throttle.lockout_response"
AXES_CLIENT_IP_CALLABLE = "portal.client_ip.client_ip"
# A success does not wipe the failures: it would also wipe the source address's count.
AXES_RESET_ON_SUCCESS = False
AXES_ENABLE_ADMIN = True
AXES_VERBOSE = False
# Failed tries are kept for the cool-off only (axes deletes older ones). Successful
# sign-ins are not kept by axes: a row per sign-in, forever, with the username and
# address, is personal data nobody erases (the session list is issue 10's other part).
AXES_DISABLE_ACCESS_LOG = True
# Never stored in an attempt's copy of the form: passwords, codes, tokens.
AXES_SENSITIVE_PARAMETERS = [
    "username",
    "ip_address",
    "password1",
    "password2",
    "code",
    "otp_token",
    "recovery_code",
    "credential",
    "csrfmiddlewaretoken",
]
# Behind a reverse proxy, the client's address comes from this header only when it is
# set (e.g. "X-Forwarded-For"), taking the entry CLIENT_IP_PROXY_COUNT from the right
# (the one our own nearest proxy added). Unset: REMOTE_ADDR, and the header is ignored.
CLIENT_IP_HEADER = env_str("CLIENT_IP_HEADER", "")
CLIENT_IP_PROXY_COUNT = env_int("CLIENT_IP_PROXY_COUNT", 1)

# Sign-in in two steps for staff (portal/signin.py): after the password, the session
# holds only a pending user id for this long, until the second factor succeeds.
SIGNIN_PENDING_SECONDS = env_int("SIGNIN_PENDING_SECONDS", 300)
SIGNIN_ENROLMENT_SECONDS = env_int("SIGNIN_ENROLMENT_SECONDS", 900)
# A change to the way in (adding or removing a passkey, new recovery codes, signing out
# other devices) needs a sign-in or "Bekräfta att det är du" this recent
# (portal/pages/confirm.py): someone who finds a phone signed in cannot make it theirs.
SIGNIN_CONFIRM_MINUTES = env_int("SIGNIN_CONFIRM_MINUTES", 10)
OTP_TOTP_ISSUER = "Brobyggare"
# django-axes already counts wrong codes with the passwords; django-otp's own growing
# delay would also refuse a right code typed a second after a wrong one.
OTP_TOTP_THROTTLE_FACTOR = 0
# Passkeys (WebAuthn). Unset: the relying party id and origin follow the request's host
# (development). In production set both, e.g. brobyggare.example.se and
# https://brobyggare.example.se.
WEBAUTHN_RP_ID = env_str("WEBAUTHN_RP_ID", "")
WEBAUTHN_ORIGIN = env_str("WEBAUTHN_ORIGIN", "")
WEBAUTHN_RP_NAME = "Brobyggare"

# The production profile: a real database (DATABASE_URL), or PRODUCTION=true. Not DEBUG
# off alone: `make run` serves the demo with DEBUG off. Demo accounts are refused there
# (portal/checks.py) unless ALLOW_DEMO_ACCOUNTS says this is a test of that profile.
PRODUCTION_PROFILE = bool(DATABASE_URL) or env_bool("PRODUCTION", False)
ALLOW_DEMO_ACCOUNTS = env_bool("ALLOW_DEMO_ACCOUNTS", False)

# Sessions live in the database: the live socket checks, before each frame, that its
# session row is still there (realtime/standing.py), and each signed-in device is a row
# that points at its session (portal.models.DeviceSession). Don't switch to cache sessions.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# How long a session lasts without activity, and at most (portal/actions/sessions.py).
# Staff (ombud, coordinators): 30 minutes idle, 12 hours in all. Clients: 8 hours idle,
# 30 days in all: a phone of their own, and signing in is a hurdle for many of them.
SESSION_IDLE_MINUTES_STAFF = env_int("SESSION_IDLE_MINUTES_STAFF", 30)
SESSION_IDLE_MINUTES_CLIENT = env_int("SESSION_IDLE_MINUTES_CLIENT", 8 * 60)
SESSION_MAX_HOURS_STAFF = env_int("SESSION_MAX_HOURS_STAFF", 12)
SESSION_MAX_HOURS_CLIENT = env_int("SESSION_MAX_HOURS_CLIENT", 30 * 24)
# The page warns this long before the idle timeout (static/js/session.js).
SESSION_WARN_SECONDS = env_int("SESSION_WARN_SECONDS", 120)
# Activity is written to the session (and the device's "last seen") at most this often.
SESSION_TOUCH_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Secure-only cookies with DEBUG off. Browsers count http://127.0.0.1 and localhost as
# secure, so `make run` still works there (README).
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# Nothing in the browser reads the CSRF cookie: htmx and our scripts take the token from
# the page (base.html's hx-headers, the forms' hidden field).
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
# Served over https: the session and CSRF cookies are named "__Host-…", which browsers
# accept only with Secure, Path=/ and no Domain, so no other host (a subdomain, a plain
# http page) can set or overwrite them. On by default when PUBLIC_URL is https; not over
# plain http (DEBUG, or `make run` on 127.0.0.1), where some browsers refuse them.
COOKIE_HOST_PREFIX = env_bool("COOKIE_HOST_PREFIX", not DEBUG and PUBLIC_HTTPS)
if COOKIE_HOST_PREFIX and DEBUG:
    raise ImproperlyConfigured("COOKIE_HOST_PREFIX needs Secure cookies: not with DEBUG=true.")
SESSION_COOKIE_NAME = "__Host-sessionid" if COOKIE_HOST_PREFIX else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if COOKIE_HOST_PREFIX else "csrftoken"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Behind a TLS-terminating proxy (TRUSTED_PROXY=true), its X-Forwarded-Proto says whether
# the request came in over https. Only set it when the proxy always sets (or overwrites)
# that header: otherwise anyone could claim https.
TRUSTED_PROXY = env_bool("TRUSTED_PROXY", False)
if TRUSTED_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# With a public https address: plain http is redirected (except the load balancer's health
# check), and browsers are told to use https only (HSTS) for HSTS_SECONDS.
SECURE_SSL_REDIRECT = env_bool("SSL_REDIRECT", not DEBUG and PUBLIC_HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", False)

# Swedish first: the source strings are Swedish, English comes from locale/en.
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Django's two finders, and the bundles (portal/bundles.py: bundle/app.css, bundle/app.js,
# bundle/live.js), written from static/ into STATIC_BUNDLE_DIR whenever they are looked for.
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "portal.bundles.BundleFinder",
]
STATIC_BUNDLE_DIR = Path(env_str("STATIC_BUNDLE_DIR", str(BASE_DIR / "var" / "bundle")))
# collectstatic's output; nginx serves it in the production profile (scripts/prod.py).
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Attachments live here, outside static/ and any public path; a view serves them to the
# two parties of the contact only.
PRIVATE_MEDIA_ROOT = env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private_media"))
# Uploads: a file is cut off as soon as it passes 10 MB (portal/uploads.py); files up to
# FILE_UPLOAD_MAX_MEMORY_SIZE stay in memory while received, bigger ones go to a temporary file.
FILE_UPLOAD_HANDLERS = [
    "portal.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MiB (Django's default, stated)
# Everything in a request except its files (form fields, a JSON body): 2.5 MiB.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 5
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
# Stored files and their folders: for the app's own user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # A full disk is said plainly and leaves no half-written file (portal/storage.py).
    "private": {
        "BACKEND": "portal.storage.PrivateFileStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    # Names with the content's hash (css/base.3f2a1b9c4d5e.css) from collectstatic's
    # manifest, so browsers and nginx may keep them for a year (portal/storage.py).
    # Public files, readable by the web server's own user (not FILE_UPLOAD_PERMISSIONS).
    "staticfiles": {
        "BACKEND": "portal.storage.HashedStaticFilesStorage",
        "OPTIONS": {"file_permissions_mode": 0o644, "directory_permissions_mode": 0o755},
    },
}
# Serve from STATIC_ROOT (collectstatic: `make run` and every release run it); straight
# from static/ in development, and where collectstatic has not run (a fresh checkout's tests).
WHITENOISE_USE_FINDERS = DEBUG or not STATIC_ROOT.is_dir()
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS

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
# Off unless asked for, and never with DEBUG off (checked below).
PUSH_ALLOW_LOCAL_HTTP = env_bool("PUSH_ALLOW_LOCAL_HTTP", False)
if PUSH_ALLOW_LOCAL_HTTP and not DEBUG:
    raise ImproperlyConfigured("PUSH_ALLOW_LOCAL_HTTP is for tests: it needs DEBUG=true.")

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
    # Sign-ins, failed tries, lockouts, second factors, sessions ended, account changes:
    # one JSON line each, with an account id and a daily keyed hash of the address at most
    # (portal/security_log.py). Through the root's handler.
    "loggers": {"brobyggare.security": {"level": env_str("SECURITY_LOG_LEVEL", "INFO")}},
}
