"""Settings: every value that differs between deployments comes from the environment.

APP_ENV selects the posture: ``production`` (the default, so a forgotten variable fails safe),
``development`` (``make run``) or ``test`` (``make test``). Production refuses to start with DEBUG
on, or without a real SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

APP_ENV = env.str("APP_ENV", default="production")
if APP_ENV not in {"production", "development", "test"}:
    raise ImproperlyConfigured(f"APP_ENV must be production, development or test, not {APP_ENV!r}")
PRODUCTION = APP_ENV == "production"
# Parallel test processes (pytest-xdist) share one broker, one cache and one media folder: each
# keeps to its own queue, keys and files, so a worker one starts never serves another's database.
TEST_PROCESS = env.str("PYTEST_XDIST_WORKER", default="") if APP_ENV == "test" else ""

DEV_SECRET_KEY = "insecure-development-key-never-use-in-production"


def env_secret(name: str, **kwargs):
    """Read NAME, or the file named by NAME_FILE (Docker secrets)."""
    path = env.str(f"{name}_FILE", default="")
    if path:
        return Path(path).read_text().strip()
    return env.str(name, **kwargs)


DEBUG = env.bool("DEBUG", default=APP_ENV == "development")
SECRET_KEY = env_secret("SECRET_KEY", default="" if PRODUCTION else DEV_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off when APP_ENV=production.")
    if not SECRET_KEY or SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 40:
        raise ImproperlyConfigured(
            "Set SECRET_KEY (or SECRET_KEY_FILE) to a random value of 40+ characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set ALLOWED_HOSTS when APP_ENV=production.")

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "csp",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "mozilla_django_oidc",
    "core",
    "missions",
    "notifications",
    "mandates",
    "strategies",
    "reviews",
    "briefs",
    "workbooks",
    "council",
    "renewals",
    "benchmarks",
    "evidence",
    "transition",
    "search",
    "portfolio",
    "ops",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Times in the default zone until a mission's page shows its own (core.times).
    "core.times.ZoneMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every query of a classified record reads as the request's user (missions.need_to_know).
    "missions.need_to_know.ReaderMiddleware",
    # The banner with the highest level on a mission page, written in once it is rendered.
    "missions.marking.MarkingMiddleware",
    # request.user.is_verified(): whether this session passed a second factor.
    "django_otp.middleware.OTPMiddleware",
    # An upload over MANDATE_UPLOAD_MAX_MB is refused (413) before its body is read; before
    # the next, which reads a page's form.
    "mandates.uploads.UploadLimitMiddleware",
    # A NUL in the address (404), query, headers or a page's form (400) never reaches the
    # database. Those above read nothing from it yet (session and user are lazy).
    "core.hostile_input.HostileInputMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before any page: the second-factor code, or enrolment for those who must have one.
    "accounts.second_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Lets an organisational session's logout form redirect to the provider (form-action).
    "accounts.oidc.ProviderLogoutMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records who made each change and from which URL in the history tables.
    "core.history.HistoryContextMiddleware",
    # Says what will follow when background work could not be queued (the action still stands).
    "core.middleware.DeferredWorkMiddleware",
    # Last, as django-axes asks: turns a login refused for too many failures into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Who made a change is recorded for the requests that may change something. A read (GET) does
# not open a history context, which would prefix every one of its queries with two set_config
# calls.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

ROOT_URLCONF = "strategy_app.urls"
FORM_RENDERER = "core.form_rendering.FastRenderer"

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
                "missions.context_processors.mission_switcher",
                "notifications.services.header_badge",
                "accounts.context_processors.sign_in",
            ],
        },
    },
]

WSGI_APPLICATION = "strategy_app.wsgi.application"

# Required in production. Elsewhere, without one, the embedded server starts (plain `pytest`,
# `python manage.py ...` with APP_ENV=development); `make run`, `make test` and `make manage`
# export it for the same server.
if not env.str("DATABASE_URL", default=""):
    if PRODUCTION:
        raise ImproperlyConfigured("Set the DATABASE_URL environment variable.")
    from strategy_app.embedded_db import embedded_database_url

    os.environ["DATABASE_URL"] = embedded_database_url(VAR_DIR)
DATABASES = {"default": env.db_url("DATABASE_URL")}
# A unix socket given as ?host=/path (the embedded server's form) becomes HOST.
if not DATABASES["default"].get("HOST") and "host" in DATABASES["default"].get("OPTIONS", {}):
    DATABASES["default"]["HOST"] = DATABASES["default"]["OPTIONS"].pop("host")
# Connections are kept between requests in production (each thread holds one): opening one
# costs PostgreSQL a new backend and its catalogue caches, which under load was a third of the
# time (bench/load.py: p95 1.0 s with a connection per request, 0.5 s kept). Checked before
# reuse, so a restarted database costs one failed ping, never an error page.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600 if PRODUCTION else 0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# DATABASE_URL names a pooler in transaction mode (DATABASE_POOLER=pgbouncer, as the compose
# stack's web and worker do): a server session lasts one transaction, so Django's server-side
# cursors (QuerySet.iterator() outside a transaction) could not be read to the end; rows are
# fetched at once instead. Migrations go straight to PostgreSQL (README, Scaling out).
DATABASE_POOLER = env.str("DATABASE_POOLER", default="")
if DATABASE_POOLER not in {"", "pgbouncer"}:
    raise ImproperlyConfigured(
        f"DATABASE_POOLER must be pgbouncer or empty, not {DATABASE_POOLER!r}"
    )
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = DATABASE_POOLER == "pgbouncer"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that hangs must not hang requests (throttles read the cache on each call).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    if TEST_PROCESS:
        CACHES["default"]["KEY_PREFIX"] = TEST_PROCESS
    # Read from Redis, kept in the database (core.sessions): a query less on every page.
    SESSION_ENGINE = "core.sessions"
elif PRODUCTION:
    # Sessions, sign-in lockouts and throttles must be one for every worker and replica: a
    # cache in each process's memory would let a locked-out guesser in through the next one.
    raise ImproperlyConfigured("Set REDIS_URL: production shares its cache through Redis.")
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2id at OWASP's minimum (accounts/hashers.py): a tenth of PBKDF2's CPU per sign-in.
# PBKDF2 stays so older hashes still verify; each is rehashed with Argon2id at sign-in.
PASSWORD_HASHERS = [
    "accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portfolio:home"
LOGOUT_REDIRECT_URL = "login"

# --- Login lockout (django-axes): the login form, the admin login and anything else that calls
# authenticate(). Attempts are kept in the database, so a Redis outage does not lift them.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Organisational sign-in: answers only the OpenID Connect callback (accounts/oidc.py).
    "accounts.oidc.OrganisationOIDCBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_LOCKOUT_MINUTES = env.int("LOGIN_LOCKOUT_MINUTES", default=15)
AXES_COOLOFF_TIME = "core.lockout.cool_off"  # LOGIN_LOCKOUT_MINUTES, read at each request
# Either counter locks: one username from anywhere, or one address trying any usernames.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# Not reset by a success: one valid account would otherwise clear its address's count and let
# the guessing go on. A failure during the lockout starts the cool-off again.
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_LOCKOUT_CALLABLE = "core.lockout.lockout_response"
# Behind the TLS proxy the client is the address PROXY_COUNT hops from the right of
# X-Forwarded-For (what the proxies themselves appended); the same rule as the API throttles.
PROXY_COUNT = env.int("PROXY_COUNT", default=1 if PRODUCTION else 0)
AXES_CLIENT_IP_CALLABLE = "core.lockout.client_ip"
# Organisational sign-ins (the OpenID Connect callback) are neither counted nor locked out.
AXES_WHITELIST_CALLABLE = "accounts.oidc.axes_ignores_provider_sign_ins"

# --- Organisational sign-in (OpenID Connect, mozilla-django-oidc): on when OIDC_CLIENT_ID and
# either OIDC_ISSUER (endpoints discovered from its /.well-known/openid-configuration) or the
# endpoints themselves are set. The provider's email signs in the EXISTING user with that email
# (case-insensitive); nobody is created. See accounts/oidc.py.
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="your organisation")
OIDC_OP_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_OP_AUTHORIZATION_ENDPOINT = env.str("OIDC_AUTHORIZATION_ENDPOINT", default="")
OIDC_OP_TOKEN_ENDPOINT = env.str("OIDC_TOKEN_ENDPOINT", default="")
OIDC_OP_USER_ENDPOINT = env.str("OIDC_USERINFO_ENDPOINT", default="")
OIDC_OP_JWKS_ENDPOINT = env.str("OIDC_JWKS_ENDPOINT", default="")
OIDC_OP_END_SESSION_ENDPOINT = env.str("OIDC_END_SESSION_ENDPOINT", default="")
OIDC_RP_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env_secret("OIDC_CLIENT_SECRET", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = "openid email"
OIDC_USE_PKCE = True
OIDC_CREATE_USER = False
OIDC_STORE_ID_TOKEN = True  # the id_token_hint for the provider's end_session endpoint
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:oidc_callback"
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
# True when the provider itself asks for a second factor: its sign-ins then count as verified
# and no TOTP code is asked after them. Password sign-ins are unaffected.
OIDC_PROVIDER_ENFORCES_MFA = env.bool("OIDC_PROVIDER_ENFORCES_MFA", default=False)
# Off in production when everyone signs in through the organisation: the password form goes
# and POSTs to it (and to the admin login) are refused.
LOCAL_LOGIN_ENABLED = env.bool("LOCAL_LOGIN_ENABLED", default=True)
if not LOCAL_LOGIN_ENABLED and not (
    OIDC_RP_CLIENT_ID and (OIDC_OP_ISSUER or OIDC_OP_AUTHORIZATION_ENDPOINT)
):
    raise ImproperlyConfigured(
        "LOCAL_LOGIN_ENABLED=false needs OpenID Connect (OIDC_CLIENT_ID and OIDC_ISSUER)."
    )

# --- Second factor (django-otp TOTP + recovery codes, accounts/second_factor.py): who must set
# one up (heads of mission, chiefs of staff, staff); anyone who has one is asked for it.
REQUIRE_SECOND_FACTOR = env.bool("REQUIRE_SECOND_FACTOR", default=PRODUCTION)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Strategy workbench")

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One way to write dates and times per language (strategy_app/formats/<language>).
FORMAT_MODULE_PATH = "strategy_app.formats"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_URL = "/media/"
_MEDIA_DEFAULT = (
    VAR_DIR / "media" if APP_ENV != "test" else VAR_DIR / "test-media" / (TEST_PROCESS or "main")
)
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(_MEDIA_DEFAULT)))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# --- Evidence documents (issue 17): files attached to assessments, readings, positions,
# decisions and exit conditions. On the filesystem under MEDIA_ROOT/evidence by default; on
# S3-compatible object storage with EVIDENCE_STORAGE=s3. Never served by URL: every download
# streams through the app's policy, so the bucket stays private and no signed URL is made.
EVIDENCE_STORAGE = env.str("EVIDENCE_STORAGE", default="filesystem")
if EVIDENCE_STORAGE == "s3":
    STORAGES["evidence"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("EVIDENCE_S3_BUCKET"),
            "endpoint_url": env.str("EVIDENCE_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("EVIDENCE_S3_REGION", default="") or None,
            "access_key": env_secret("EVIDENCE_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env_secret("EVIDENCE_S3_SECRET_ACCESS_KEY", default="") or None,
            "default_acl": "private",
            "querystring_auth": False,
            "file_overwrite": False,
            "location": env.str("EVIDENCE_S3_PREFIX", default="evidence"),
        },
    }
else:
    STORAGES["evidence"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT / "evidence"), "base_url": None},
    }
# The largest evidence file accepted, and the scan hook: a command run with the file on stdin
# before it is stored (non-zero exit: refused), e.g. "clamdscan --no-summary -".
EVIDENCE_MAX_MB = env.int("EVIDENCE_MAX_MB", default=25)
EVIDENCE_SCAN_COMMAND = env.str("EVIDENCE_SCAN_COMMAND", default="")
EVIDENCE_SCAN_SECONDS = env.int("EVIDENCE_SCAN_SECONDS", default=120)

EMAIL_CONFIG = env.email_url(
    "EMAIL_URL", default="consolemail://" if not PRODUCTION else "smtp://localhost:25"
)
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="strategy-workbench@localhost")
# Where people reach the app: the links in emails and calendar entries start with it.
# `make run` sets it to the port it serves; production must say it.
SITE_URL = env.str("SITE_URL", default="" if PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if PRODUCTION and not SITE_URL:
    raise ImproperlyConfigured(
        "Set SITE_URL to the address people use (e.g. https://strategy.example.org): "
        "links in emails and calendars start with it."
    )
# The outbox retries a failed email after this many seconds, doubling each time (at most an
# hour), and gives up after EMAIL_MAX_ATTEMPTS attempts (the admin can try again).
EMAIL_RETRY_SECONDS = env.int("EMAIL_RETRY_SECONDS", default=30)
EMAIL_MAX_ATTEMPTS = env.int("EMAIL_MAX_ATTEMPTS", default=10)

SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# HTTPS in production, behind the TLS-terminating proxy (SECURE_PROXY_SSL_HEADER above).
# The preload token only makes the domain eligible; joining the list is a separate submission.
SECURE_HSTS_SECONDS = env.int("HSTS_SECONDS", default=31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("HSTS_INCLUDE_SUBDOMAINS", default=PRODUCTION)
SECURE_HSTS_PRELOAD = env.bool("HSTS_PRELOAD", default=PRODUCTION)
SECURE_SSL_REDIRECT = env.bool("SSL_REDIRECT", default=PRODUCTION)
# The compose healthcheck calls http://localhost:8000/healthz directly, not through the proxy.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Content-Security-Policy (django-csp): our own files only, and an inline <script> or <style>
# only with the request's nonce (templates write nonce="{{ request.csp_nonce }}"). No style
# attributes, no on* handlers, no eval: htmx's hx-on is not used (see base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Celery: Redis in production and CI, a server-less filesystem broker under `make run`.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
BROKER_DIR = VAR_DIR / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed", "control"):
        (BROKER_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "processed_folder": str(BROKER_DIR / "processed"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
if TEST_PROCESS:
    CELERY_TASK_DEFAULT_QUEUE = f"celery-{TEST_PROCESS}"
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
HEARTBEAT_INTERVAL = env.int("HEARTBEAT_INTERVAL", default=30)
HEARTBEAT_MAX_AGE = env.int("HEARTBEAT_MAX_AGE", default=180)
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "ops.tasks.heartbeat", "schedule": HEARTBEAT_INTERVAL},
    # Idempotent: planning again creates nothing. Workers plan as they start and a sign-off
    # plans at once; every 5 minutes so a mission added in the admin has its reviews soon.
    "plan-reviews": {"task": "reviews.tasks.plan_reviews", "schedule": 300},
    # Hourly, so each mission's new day is seen within the hour of its midnight. One beat only
    # (Procfile and docker-compose run exactly one); the claim rows make a second run harmless.
    "send-review-reminders": {"task": "reviews.tasks.send_review_reminders", "schedule": 3600},
    "send-weekly-digests": {
        "task": "reviews.tasks.send_weekly_digests",
        "schedule": crontab(minute=0, hour=6, day_of_week="mon"),
    },
}

# --- Review cycle (issue 6): when reviews open and fall due, when a mission is "on autopilot".
REVIEW_OPENS_BEFORE_END_DAYS = env.int("REVIEW_OPENS_BEFORE_END_DAYS", default=14)
REVIEW_DUE_AFTER_END_DAYS = env.int("REVIEW_DUE_AFTER_END_DAYS", default=14)
AUTOPILOT_QUIET_REVIEWS = env.int("AUTOPILOT_QUIET_REVIEWS", default=2)
AUTOPILOT_VERSION_MONTHS = env.int("AUTOPILOT_VERSION_MONTHS", default=12)

# --- PDF briefs (issue 7): when a render is presumed dead. (Each brief's marking is the
# highest level it prints, named by its mission: missions.classification.)
BRIEF_STALE_MINUTES = env.int("BRIEF_STALE_MINUTES", default=15)
# A brief left "rendering" by a worker that died is marked failed (and retryable) by this sweep,
# which also queues again the briefs whose message was lost (the broker was down).
CELERY_BEAT_SCHEDULE["sweep-stale-briefs"] = {
    "task": "briefs.tasks.brief_sweep_stale",
    "schedule": 60,
}
# Emails whose message was lost, or whose retry is due, are published again.
CELERY_BEAT_SCHEDULE["sweep-outbox"] = {"task": "core.tasks.outbox_sweep", "schedule": 60}

# --- Mandate import (issue 12): uploads refused before they are read; a PDF is read by the
# worker in a child process that stops at these page, time and memory caps.
MANDATE_UPLOAD_MAX_MB = env.int("MANDATE_UPLOAD_MAX_MB", default=20)
MANDATE_PDF_MAX_PAGES = env.int("MANDATE_PDF_MAX_PAGES", default=500)
MANDATE_PDF_SECONDS = env.int("MANDATE_PDF_SECONDS", default=60)
MANDATE_PDF_MEMORY_MB = env.int("MANDATE_PDF_MEMORY_MB", default=768)
# Import jobs (and any file left with them) are deleted this many hours after they started.
MANDATE_IMPORT_KEEP_HOURS = env.int("MANDATE_IMPORT_KEEP_HOURS", default=24)
CELERY_BEAT_SCHEDULE["sweep-mandate-imports"] = {
    "task": "mandates.tasks.import_job_sweep",
    "schedule": 300,
}
# Uploads above 2.5 MB go to a temporary file, not memory; other fields (the preview carries
# the resolution's text twice) may take 4 MB in all.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 4 * 1024 * 1024

# --- Audit log (issue 12): sign-ins, lockouts, downloads, API tokens; kept this many days, the
# older events deleted nightly in batches.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=365)
CELERY_BEAT_SCHEDULE["purge-audit-events"] = {
    "task": "core.tasks.audit_purge",
    "schedule": crontab(minute=30, hour=3),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous caller gets 401 with WWW-Authenticate, not 403.
        # Personal tokens, stored hashed, expiring, revocable (core.api_tokens).
        "core.api_tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # drf-spectacular's, plus every error answer by operation (400 to 429, core.api_schema).
    "DEFAULT_SCHEMA_CLASS": "core.api_schema.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # REST framework's own, refusing NUL, deep JSON and out-of-range pages with a 400.
    "DEFAULT_PARSER_CLASSES": [
        "core.api_input.JSONParser",
        "core.api_input.FormParser",
        "core.api_input.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "core.api_input.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "strategy_app.api_errors.exception_handler",
    # Per user (per address when anonymous), reads and writes counted apart: 429 + Retry-After.
    "DEFAULT_THROTTLE_CLASSES": ["core.throttles.ReadWriteRateThrottle"],
    "NUM_PROXIES": PROXY_COUNT,
}
# "<requests>/<second|minute|hour|day>", read at each request by core.throttles.
API_READ_RATE = env.str("API_READ_RATE", default="600/minute")
API_WRITE_RATE = env.str("API_WRITE_RATE", default="120/minute")
# The longest life a personal API token may be given (its owner picks 30, 90, 365 days or a date).
API_TOKEN_MAX_DAYS = env.int("API_TOKEN_MAX_DAYS", default=365)
SPECTACULAR_SETTINGS = {
    "TITLE": "Mission political strategy workbench API",
    "DESCRIPTION": "Read and write a peace operation's political strategy. Scoped to the "
    "missions in which the caller holds a role.\n\n"
    "A record of a mission where the caller holds no role answers exactly as one that does "
    "not exist: a read is 404; a filter naming a record by id (such as `?parent=`, "
    "`?review=`), code or acronym finds nothing (200, empty), whether the id is another "
    "mission's or no record's; a write naming such a record in its body is 404 with the same "
    "message under the field (an id that is not a whole number is 400).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The app's own icon on the docs page, as on every other page.
    "SWAGGER_UI_FAVICON_HREF": STATIC_URL + "img/favicon.svg",
    # Request bodies get their own components, which say what a write refuses (minLength).
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    # No badge image from the public validator: the page's policy allows only our own images.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind" or a "status" with their own choices: name each set.
    "ENUM_NAME_OVERRIDES": {
        "LevelEnum": "missions.models.Level",
        "MissionKindEnum": "missions.models.MissionKind",
        "MissionStatusEnum": "missions.models.MissionStatus",
        "StakeholderKindEnum": "missions.models.StakeholderKind",
        # Risk severity and stakeholder influence share the same three values.
        "HighMediumLowEnum": "missions.models.StakeholderInfluence",
        "ObjectiveStatusEnum": "strategies.models.ObjectiveStatus",
        "ExitConditionKindEnum": "strategies.models.ExitConditionKind",
        "ExitConditionStatusEnum": "strategies.models.ExitConditionStatus",
        "DecisionKindEnum": "reviews.models.DecisionKind",
        "ReviewStatusEnum": "reviews.models.ReviewStatus",
        # Every level (a record's, a review's conclusions') is one scale.
        "ClassificationEnum": "missions.classification.Classification",
    },
}


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
