"""Local development: `make run`. Debug on, an insecure key that never leaves this machine."""

import os

from .base import *  # noqa: F403

DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "dev-only-insecure-key-not-for-production"  # noqa: S105
# The demo's `admin` account opens the Django admin with its password alone in local development.
GUSP_ADMIN_REQUIRES_OTP = os.environ.get("GUSP_ADMIN_REQUIRES_OTP", "0") == "1"
