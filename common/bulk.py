"""Building thousands of small objects at once (a parsed table, the rows that store it, the
ledger's histories) with the cyclic garbage collector paused."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def gc_paused(function: Callable[P, R]) -> Callable[P, R]:
    """`function`, run with the cyclic garbage collector paused.

    CPython starts a collection after every 700 container allocations (tuples, dicts,
    entries), whether or not they can form a cycle; each walks the young objects, and now
    and then every object. Parsing and storing the 4,500-row Open LLM table set off about
    60, a tenth of its time on average (bench/ingest.py); recomputing the ledger lost 7%
    of its time to them (bench/ledger.py). Reference counting still frees what is not
    kept, and a cycle made meanwhile waits for the collector's next run, which comes at
    the next allocation after the call. The switch is process-wide, hence only for calls
    this short; a call that finds it off (paused by another thread, or by the program)
    leaves it alone."""

    @functools.wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return function(*args, **kwargs)
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            gc.enable()

    return paused
