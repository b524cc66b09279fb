"""`make soak`: the crash-safety run of tests/bot/test_crash_safety.py at length: a real bot
killed with SIGKILL at 100+ random moments (while starting, serving, and with an
announcement in flight) as a local feed's leader changes, then the counts: none lost, none
repeated, integrity ok. Stops by itself: no new cycle after --budget seconds, and at most
three times --cycles kills. Exit status 1 when anything was lost, repeated or damaged."""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

from tests.bot.crash_cycles import Harness


def main(argv: list[str] | None = None) -> int:
    """0 when the channel received each expected announcement exactly once, in order, and every
    delivery is done; 1 otherwise, or when the harness gave up (no progress, out of time, a
    failed integrity check), its reason's first line on stderr."""
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__)
    parser.add_argument("--cycles", type=int, default=100, help="kills at least (default 100)")
    parser.add_argument(
        "--budget",
        type=float,
        default=2400.0,
        help="seconds after which no new cycle starts (default 2400)",
    )
    parser.add_argument("--seed", type=int, default=20261130)
    args = parser.parse_args(argv)
    leaders = max(3, args.cycles // 3)  # the feed moves a step a cycle: ~2.5 per leader
    with tempfile.TemporaryDirectory(prefix="lawkeeper-soak-") as tmp:
        harness = Harness(Path(tmp), leaders, args.seed)
        try:
            outcome = asyncio.run(harness.run(args.cycles, 3 * args.cycles, args.budget))
        except AssertionError as exc:
            print(f"soak: FAILED: {str(exc).splitlines()[0]}", file=sys.stderr)
            return 1
    print(outcome.summary())
    ok = outcome.sent == outcome.expected and outcome.statuses == {"done": leaders}
    print("soak: ok" if ok else f"soak: FAILED: deliveries {outcome.statuses}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
