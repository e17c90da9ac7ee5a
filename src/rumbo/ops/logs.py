"""Keep secrets out of the server's logs.

The access log prints each request's path with its query string, and some links carry a secret
there (the portal's one-time sign-in link, ``?token=…``). The filter below rewrites those values
before any handler sees the record.
"""

from __future__ import annotations

import logging
import re

SECRET_PARAMETERS = re.compile(
    r"(?i)([?&](?:token|secret|password|api_key|key|signature)=)[^&#\s]*"
)
REDACTED = r"\1***"


def redact(text: str) -> str:
    return SECRET_PARAMETERS.sub(REDACTED, text)


class RedactSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def install_log_redaction(*logger_names: str) -> None:
    """Redact secrets in the records of these loggers (uvicorn's access log by default)."""
    for name in logger_names or ("uvicorn.access",):
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSecrets) for f in logger.filters):
            logger.addFilter(RedactSecrets())
