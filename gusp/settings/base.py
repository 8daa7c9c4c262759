"""Base settings, configured from the environment (12-factor).

With nothing configured the platform runs on embedded defaults: SQLite and Celery on kombu's
filesystem transport (no server needed). `DATABASE_URL` and `REDIS_URL` switch to PostgreSQL and Redis.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("GUSP_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "gusp.core.apps.PlatformAdminConfig",  # django.contrib.admin behind the second factor
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "guardian",
    "simple_history",
    "csp",
    "axes",
    "gusp.core",
    "gusp.syntheses",
    "charter",
    "actions",
    "diagnostics",
    "governance",
    "funding",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "gusp.core.middleware.BodySizeLimitMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "charter.middleware.OrganisationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "gusp.core.middleware.PrivateCacheMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gusp.urls"
WSGI_APPLICATION = "gusp.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'gusp.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "charter.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # login throttling: refuses before checking the password
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
GUARDIAN_RAISE_403 = False
# Request bodies (uploads): refused above these sizes before being read (see BodySizeLimitMiddleware).
GUSP_MAX_BODY_BYTES = int(os.environ.get("GUSP_MAX_BODY_BYTES", str(60 * 1024 * 1024)))
GUSP_MAX_ANONYMOUS_BODY_BYTES = int(os.environ.get("GUSP_MAX_ANONYMOUS_BODY_BYTES", str(12 * 1024 * 1024)))

# Login throttling (django-axes): 5 failures for one account from one address lock that account for that
# address for 30 minutes; the same account from another address is not locked, so a third party cannot
# lock a real user out. Behind a reverse proxy, the client's address is read from X-Forwarded-For, trusting
# exactly GUSP_TRUSTED_PROXIES proxies (the README's deployment section shows the matching nginx setup).
AXES_FAILURE_LIMIT = int(os.environ.get("GUSP_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
GUSP_TRUSTED_PROXIES = int(os.environ.get("GUSP_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "gusp.core.network.client_ip"
AXES_USERNAME_CALLABLE = "gusp.core.network.login_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True  # only failures are kept; who changed what is audited by django-simple-history
ANONYMOUS_USER_NAME = None  # guardian: anonymous visitors get no object permission at all

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gusp"}}

# Celery: Redis when configured, otherwise kombu's filesystem transport so that a real worker
# processes jobs exactly as in production, without any server.
CELERY_QUEUE_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {}
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_QUEUE_DIR / "queue"),
        "data_folder_out": str(CELERY_QUEUE_DIR / "queue"),
        "control_folder": str(CELERY_QUEUE_DIR / "control"),
    }
    CELERY_RESULT_BACKEND = f"file://{CELERY_QUEUE_DIR / 'results'}"
    for sub in ("queue", "control", "results"):
        (CELERY_QUEUE_DIR / sub).mkdir(parents=True, exist_ok=True)
# A worker killed while running a job leaves its message unacknowledged: Redis hands it out again after
# the visibility timeout, longer than any job may run (GUSP_JOB_TIME_LIMIT). The durable jobs don't wait
# for it: the sweeper (every GUSP_JOB_SWEEP_SECONDS) puts a job back in the queue once its heartbeat is
# older than GUSP_JOB_LEASE_SECONDS, so a job resumes within about a minute and a half of a worker being
# back; the late duplicate message finds the job done and does nothing.
GUSP_JOB_LEASE_SECONDS = int(os.environ.get("GUSP_JOB_LEASE_SECONDS", "60"))
GUSP_JOB_SWEEP_SECONDS = int(os.environ.get("GUSP_JOB_SWEEP_SECONDS", "30"))
GUSP_JOB_TIME_LIMIT = 600
GUSP_JOB_QUEUE = os.environ.get("GUSP_JOB_QUEUE", "celery")
# Modules with job handlers besides the apps' `tasks` (the tests' own handlers, for a test worker).
GUSP_EXTRA_JOB_MODULES = env_list("GUSP_EXTRA_JOB_MODULES")
CELERY_BROKER_TRANSPORT_OPTIONS |= {"visibility_timeout": GUSP_JOB_TIME_LIMIT + 60}
if REDIS_URL:
    # A broker that cannot be reached must not hold a web request: fail fast, the sweeper retries.
    CELERY_BROKER_TRANSPORT_OPTIONS |= {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_CONNECTION_MAX_RETRIES = 0
CELERY_TASK_PUBLISH_RETRY = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Paris"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    # Hand over the durable jobs still pending (broker down) or stale (worker killed).
    "gusp-sweep-jobs": {"task": "gusp.sweep_jobs", "schedule": float(GUSP_JOB_SWEEP_SECONDS)},
    # Reporters' e-mail addresses are deleted once their report is closed (and after 12 months at most).
    "diagnostics-purge-reporter-emails": {
        "task": "diagnostics.purge_reporter_emails",
        "schedule": crontab(hour=3, minute=30),
    },
    # Remind the coordinators when a committee is about to miss the rhythm the charter sets.
    "governance-rhythm-reminders": {
        "task": "governance.remind_rhythm",
        "schedule": crontab(hour=7, minute=0),
    },
    # Make the syntheses of every theme and territory a set number of days before each steering committee.
    "syntheses-prepare-steering": {
        "task": "syntheses.prepare_steering",
        "schedule": crontab(hour=6, minute=30),
    },
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even before collectstatic
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "gusp@example.org")

# Maps (diagnostics): the tile URL is a setting; the pages stay usable as lists when tiles cannot load.
GUSP_MAP_TILE_URL = os.environ.get("GUSP_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
GUSP_MAP_TILE_ATTRIBUTION = os.environ.get("GUSP_MAP_TILE_ATTRIBUTION", "© les contributeurs d'OpenStreetMap")
GUSP_MAP_TILE_ORIGIN = "/".join(GUSP_MAP_TILE_URL.split("/")[:3])
# Inhabitants' reports and the Open311 API: rate limits (django-ratelimit, on the default cache) and the
# minimum time a person takes to fill the report form (faster is a robot).
GUSP_REPORT_RATE = os.environ.get("GUSP_REPORT_RATE", "5/10m")
GUSP_REPORT_MIN_SECONDS = 3
GUSP_OPEN311_RATE = os.environ.get("GUSP_OPEN311_RATE", "120/m")
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "gusp.core.network.client_ip"

# Security headers that hold in every environment (production adds HTTPS-only ones).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Map tiles come from the tile server of GUSP_MAP_TILE_URL (OpenStreetMap's by default).
        "img-src": ["'self'", "data:", GUSP_MAP_TILE_ORIGIN],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "gusp.core.redaction.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

# Who may follow a background job besides the person who asked for it (see gusp.core.views.can_follow).
GUSP_JOB_FOLLOWERS = "charter.perms.can_follow_job"

# What the applications above show on the pages of the applications below ({% slot name … %}), so that
# a lower app's templates never load an upper app: name -> functions `f(context, *args) -> safe HTML`.
GUSP_TEMPLATE_SLOTS = {
    "charter_links": [
        "diagnostics.slots.charter_links",
        "diagnostics.surveys.slots.charter_links",
        "funding.slots.charter_links",
        "funding.tfpb.slots.charter_links",
        "gusp.syntheses.slots.charter_links",
    ],
    "sheet_badges": ["funding.slots.sheet_badges"],
    "sheet_links": ["funding.slots.sheet_links"],
    "meeting_documents": ["gusp.syntheses.slots.meeting_documents"],
}
# The TFPB report reads the findings routed to a landlord through this function (funding does not import
# diagnostics).
GUSP_TFPB_FINDINGS = "diagnostics.programmes.landlord_findings"

# What `load_demo` and `generate_scale` run, in this order: each app contributes its part through the
# functions listed here (the order is the dependency order of the apps: charter first).
# A data loader is `load(data_dir, *, password)`: it reads its files of a charter data folder
# (charter/data/README.md). The first scale generator is `generate(*, factor, seed) -> charters`, each
# following one `generate(charters, rng)`.
GUSP_DATA_LOADERS = [
    "charter.demo.load",
    "actions.demo.load",
    "diagnostics.demo.load",
    "diagnostics.surveys.demo.load",
    "governance.demo.load",
    "funding.demo.load",
    "funding.tfpb.demo.load",
]
GUSP_SCALE_GENERATORS = [
    "charter.scale.generate",
    "actions.scale.generate",
    "diagnostics.scale.generate",
    "governance.scale.generate",
    "funding.scale.generate",
]

# --- Files, backups and database health (issue 8 "Nothing lost") -----------------------------------------
# Uploaded files and generated PDFs go to S3-compatible object storage when GUSP_S3_BUCKET is set (MinIO in
# docker-compose.yml, or a provider's), otherwise to MEDIA_ROOT. Never public: objects are written private,
# and the platform serves them itself after a permission check, reading them through the storage API. The
# credentials follow boto3's usual chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, or
# an instance role), never the settings.
GUSP_S3_BUCKET = os.environ.get("GUSP_S3_BUCKET", "")
if GUSP_S3_BUCKET:
    _s3_endpoint = os.environ.get("GUSP_S3_ENDPOINT_URL") or None
    # MinIO and most self-hosted servers want https://host/bucket/key, not a bucket subdomain.
    _s3_addressing = os.environ.get("GUSP_S3_ADDRESSING_STYLE") or ("path" if _s3_endpoint else None)
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": GUSP_S3_BUCKET,
            "endpoint_url": _s3_endpoint,
            "region_name": os.environ.get("GUSP_S3_REGION") or None,
            "location": os.environ.get("GUSP_S3_PREFIX", ""),
            "addressing_style": _s3_addressing,
            "signature_version": "s3v4",
            "default_acl": "private",
            "querystring_auth": True,  # a URL asked of the storage (the admin's file links) is signed…
            "querystring_expire": 300,  # … and short-lived; pages link to the checked views instead
            "file_overwrite": False,  # as on the filesystem: a name taken gets a new name, never a replaced file
        },
    }
# `manage.py backup` writes its archives (database and uploaded files together) here; `restore` reads them.
GUSP_BACKUP_DIR = Path(os.environ.get("GUSP_BACKUP_DIR", VAR_DIR / "backups"))
# A persistent connection is checked before a request reuses it: after PostgreSQL restarts, the next
# request reconnects instead of failing on a dead socket.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# --- end of issue 8 block ------------------------------------------------------------------------------------

# --- Issue 13 §1: accounts run from the platform (invitations, password reset, sessions, second factor) -----
# Second factor (django-otp, TOTP): optional for every account, required for platform operators. The
# middleware says whether the session passed it (`request.user.is_verified()`), right after authentication.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
OTP_TOTP_ISSUER = os.environ.get("GUSP_OTP_ISSUER", "Plateforme GUSP")
# The Django admin asks staff accounts for the second factor (off only for local development).
GUSP_ADMIN_REQUIRES_OTP = os.environ.get("GUSP_ADMIN_REQUIRES_OTP", "1") == "1"
GUSP_OTP_SETUP_URL = "charter:otp_setup"  # where a staff account sets the second factor up
# The platform's address, for the links of e-mails sent in the background (invitations, password resets).
GUSP_SITE_URL = os.environ.get("GUSP_SITE_URL", "http://127.0.0.1:8000")
# How many days before a steering committee meeting its syntheses are made and sent to the members.
GUSP_SYNTHESES_DAYS_BEFORE_STEERING = int(os.environ.get("GUSP_SYNTHESES_DAYS_BEFORE_STEERING", "7"))
# An invitation link sets a password once and expires after this many seconds (7 days); a password reset
# link after PASSWORD_RESET_TIMEOUT (1 day).
GUSP_INVITATION_TIMEOUT = int(os.environ.get("GUSP_INVITATION_TIMEOUT", str(7 * 24 * 3600)))
PASSWORD_RESET_TIMEOUT = int(os.environ.get("GUSP_PASSWORD_RESET_TIMEOUT", str(24 * 3600)))
# What a new charter copies from another one besides its themes (charter.services_accounts.copy_structure).
GUSP_STRUCTURE_COPIERS = ["actions.structure.copy_structure", "governance.structure.copy_structure"]
# --- end of issue 13 §1 block ---------------------------------------------------------------------------------
