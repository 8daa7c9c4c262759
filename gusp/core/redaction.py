"""Secrets never reach the logs: the private calendar's address is a secret token (it is the only thing
protecting a user's calendar), so it is redacted from every log line that would carry it (access logs,
"Not Found" warnings)."""

import logging
import re

SECRET_PATHS = re.compile(r"(/agenda/)[A-Za-z0-9_\-]{8,}(\.ics)")


def redact(text: str) -> str:
    return SECRET_PATHS.sub(r"\1[secret]\2", text)


class RedactSecretsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if record.args:
            if isinstance(record.args, dict):
                record.args = {k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()}
            else:
                record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True
