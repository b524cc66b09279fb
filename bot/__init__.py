"""The runtime: wiring from config, the scheduler's jobs, and the platform adapters.

sqlite-utils imports numpy whenever it is installed (to map numpy column types, which the
bot never stores), and numpy is installed for the chart renderer's sake: 12 MiB and ~60 ms
of every bot process. So the bot's first import of sqlite_utils happens here, with numpy
hidden; numpy stays importable afterwards (the tests draw charts in-process)."""

import sys

if "sqlite_utils" not in sys.modules and "numpy" not in sys.modules:
    sys.modules["numpy"] = None  # type: ignore[assignment]  # `import numpy` fails
    try:
        import sqlite_utils  # noqa: F401
    finally:
        del sys.modules["numpy"]
