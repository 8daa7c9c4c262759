"""Test settings: the same stack as base, fast password hashing, a file SQLite database so that
a live server, a browser and a Celery worker process can share it."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR

SECRET_KEY = "test-only-insecure-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = VAR_DIR / "test-media"
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-gusp.sqlite3")}
# Live-server threads must not keep connections to the test database (a server process started by a test
# may ask for persistent connections, as in production).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("GUSP_TEST_CONN_MAX_AGE", "0"))
# The admin's second factor is tested on its own (tests/accounts/test_admin_otp.py); other tests and the
# benchmark's admin reference log in without it.
GUSP_ADMIN_REQUIRES_OTP = False
