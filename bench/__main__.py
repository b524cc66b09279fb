"""`python -m bench`: run every benchmark in its own process and print one table (Markdown,
as README's "Benchmarks" section shows it), then how many targets were met. Exit status 1
only when a benchmark fails to run (crashes, times out, prints no RESULT line); a missed
target is shown in the table, not an error."""

from __future__ import annotations

import json
import subprocess
import sys

from bench.common import RESULT_PREFIX, ROOT, Figure

BENCHMARKS = (
    "ingest",
    "ledger",
    "latency",
    "steady",
    "memory",
    "startup",
    "dbsize",
    "web",
    "capacity",
)
# Generous wall-clock bounds: a run this long is stuck, not slow. The capacity bench
# delivers 10,000 messages at a 50/s rate limit (over 200 s) before anything else.
TIMEOUT = 600.0
TIMEOUTS = {"capacity": 900.0}


def run(name: str) -> list[Figure] | str:
    """The figures a benchmark printed last, or why there are none."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", f"bench.{name}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=TIMEOUTS.get(name, TIMEOUT),
        )
    except subprocess.TimeoutExpired as exc:
        return f"failed: no result within {exc.timeout:g} s"
    lines = done.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(f"  {line}", file=sys.stderr)
    if done.returncode != 0 or not lines or not lines[-1].startswith(RESULT_PREFIX):
        return f"failed (exit {done.returncode}): {done.stderr.strip()[-300:]}"
    return [Figure(**f) for f in json.loads(lines[-1].removeprefix(RESULT_PREFIX))]


def row(f: Figure) -> str:
    """The figure's row of the Markdown table: value and baseline to 4 significant digits, the
    ratio to 2 decimals, '–' where there is no target, a missed target in bold."""
    met = {True: "met", False: "**missed**", None: "–"}[f.met]
    note = f" {f.note}" if f.note else ""
    return (
        f"| {f.benchmark} | {f.what}{note} | {f.value:.4g} {f.unit} | {f.baseline:.4g} "
        f"{f.unit} ({f.baseline_what}) | {f.ratio:.2f}x | {f.target or '–'} | {met} |"
    )


def main() -> int:
    """`make bench`: every benchmark of BENCHMARKS in turn, progress and their own output on
    stderr, then the table and 'targets: N of M met' on stdout. Exit status 1 only when one
    failed to run; a missed target is not a failure."""
    lines = [
        "| benchmark | figure | value | baseline (same run) | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    failed = False
    judged: list[bool] = []
    for name in BENCHMARKS:
        print(f"running bench.{name} …", file=sys.stderr, flush=True)
        figures = run(name)
        if isinstance(figures, str):
            failed = True
            lines.append(f"| {name} | {figures} | | | | | |")
        else:
            lines.extend(row(f) for f in figures)
            judged.extend(f.met for f in figures if f.met is not None)
    lines.append("")
    lines.append(f"targets: {sum(judged)} of {len(judged)} met")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
