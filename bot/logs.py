"""Logging to stderr, with every secret redacted wherever it would appear."""

from __future__ import annotations

import logging
import sys


class RedactSecrets(logging.Filter):
    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if len(s) >= 4]

    def filter(self, record: logging.LogRecord) -> bool:
        """Never drops a record (always True): it rewrites it in place, the message formatted
        once and its traceback pre-formatted, each with every secret replaced by [redacted], so
        no handler formats the raw values again. Secrets shorter than 4 characters are not
        looked for."""
        if self._secrets:
            message = record.getMessage()
            for secret in self._secrets:
                message = message.replace(secret, "[redacted]")
            record.msg, record.args = message, None
            if record.exc_info:
                text = logging.Formatter().formatException(record.exc_info)
                for secret in self._secrets:
                    text = text.replace(secret, "[redacted]")
                record.exc_text, record.exc_info = text, None
        return True


def setup_logging(level: str, secrets: list[str]) -> None:
    """Called once by `main`: the root logger's only handler becomes one on stderr whose filter
    redacts `secrets` from every record that reaches it, at `level` (any case). apscheduler, the
    Discord gateway and aiohttp's access log stay at WARNING at least."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for noisy in ("apscheduler", "discord.gateway", "aiohttp.access"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
