"""`python -m bench`: run every benchmark in its own process and print one table (Markdown,
as README's "Benchmarks" section shows it). Exit status 1 when a benchmark fails to run;
a missed target is shown in the table, not an error."""

from __future__ import annotations

import json
import subprocess
import sys

from bench.common import RESULT_PREFIX, ROOT, Figure

BENCHMARKS = ("ingest", "ledger", "latency", "steady", "memory", "dbsize")


def run(name: str) -> list[Figure] | str:
    """The figures a benchmark printed last, or why there are none."""
    done = subprocess.run([sys.executable, "-m", f"bench.{name}"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    lines = done.stdout.strip().splitlines()
    for line in lines[:-1]:
        print(f"  {line}", file=sys.stderr)
    if done.returncode != 0 or not lines or not lines[-1].startswith(RESULT_PREFIX):
        return f"failed (exit {done.returncode}): {done.stderr.strip()[-300:]}"
    return [Figure(**f) for f in json.loads(lines[-1].removeprefix(RESULT_PREFIX))]


def row(f: Figure) -> str:
    met = {True: "yes", False: "**no**", None: "–"}[f.met]
    note = f" {f.note}" if f.note else ""
    return (f"| {f.benchmark} | {f.what}{note} | {f.value:.4g} {f.unit} | {f.baseline:.4g} "
            f"{f.unit} ({f.baseline_what}) | {f.ratio:.2f}x | {f.target or '–'} | {met} |")


def main() -> int:
    lines = ["| benchmark | figure | value | baseline (same run) | ratio | target | met |",
             "|---|---|---|---|---|---|---|"]
    failed = False
    for name in BENCHMARKS:
        print(f"running bench.{name} …", file=sys.stderr, flush=True)
        figures = run(name)
        if isinstance(figures, str):
            failed = True
            lines.append(f"| {name} | {figures} | | | | | |")
        else:
            lines.extend(row(f) for f in figures)
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
