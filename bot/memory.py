"""Giving back the memory that the work at start has freed.

The ledger recompute at start briefly holds ~30 MiB (with the collector paused, see
`common.bulk`), then frees it; but CPython and glibc's malloc keep freed memory mapped, and
the later growth of a long-running bot (connections, replies) lands on top of it. A full
collection and glibc's `malloc_trim(0)` hand the free pages back to the OS, so the bot's
peak is the recompute's, not the recompute's plus everything after."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging

log = logging.getLogger(__name__)


def release_freed_memory() -> None:
    """Collect cyclic garbage, then return free heap pages to the OS (glibc only: elsewhere
    the collection alone)."""
    gc.collect()
    name = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(name), "malloc_trim", None) if name else None
    if trim is not None:
        trim(0)
