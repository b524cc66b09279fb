"""The environment of every process a test starts: PATH and what the test passes, nothing
of the developer's own (a `LAWKEEPER_CONFIG`, `LAWKEEPER_DB` or token would leak in)."""

from __future__ import annotations

import os


def minimal_env(**extra: str) -> dict[str, str]:
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **extra}
