"""gunicorn configuration (`gunicorn -c gusp/gunicorn.conf.py gusp.wsgi:application`).

The access log never carries secret URLs (the private calendar's token): its lines go through the same
redaction as Django's logs. Request sizes are capped here too (the reverse proxy caps bodies)."""

import os

from gunicorn.glogging import Logger

from gusp.core.redaction import redact

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
limit_request_line = 4094
limit_request_fields = 100
# The proxy in front is the only client: its X-Forwarded-* headers are trusted from any address it uses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


class RedactingLogger(Logger):
    """Every field of an access-log line (request line, path, query, referer…) is redacted."""

    def atoms(self, resp, req, environ, request_time):
        return {
            key: redact(value) if isinstance(value, str) else value
            for key, value in super().atoms(resp, req, environ, request_time).items()
        }


logger_class = RedactingLogger
