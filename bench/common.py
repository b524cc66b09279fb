"""What every benchmark shares: temporary directories, timing, and the RESULT line."""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parent.parent
# The folder of the real leaderboard files (the layout of the archives the bundled history
# was built from, README "Bundled history"); the benches that need a real-size payload read
# it from there and fall back, saying so, to the test fixture.
DATA_VARIABLE = "LAWKEEPER_DATA"
RESULT_PREFIX = "RESULT "


@dataclass(frozen=True)
class Figure:
    """One row of the table: a measurement, its baseline from the same run, the ratio, and
    the target (None when the issue sets none)."""

    benchmark: str
    what: str
    value: float
    baseline: float
    baseline_what: str
    unit: str
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float:
        """value / baseline; NaN for a zero baseline, so a figure with nothing to compare
        against is still reported rather than ending the run."""
        return self.value / self.baseline if self.baseline else float("nan")


def report(figures: list[Figure]) -> None:
    """Print the figures for people, then (last) the RESULT line `python -m bench` reads."""
    for f in figures:
        print(
            f"{f.benchmark}: {f.what} = {f.value:.4g} {f.unit} "
            f"(baseline {f.baseline_what} = {f.baseline:.4g} {f.unit}; "
            f"ratio {f.ratio:.2f}){' ' + f.note if f.note else ''}"
        )
    print(RESULT_PREFIX + json.dumps([asdict(f) for f in figures]))


def best_of(repeats: int, run: Callable[[], object]) -> float:
    """The fastest of `repeats` wall-clock runs, in seconds (the least disturbed one)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def interleaved(
    subject: Callable[[], object], baseline: Callable[[], object], runs: int = 11
) -> tuple[float, float]:
    """Median wall-clock seconds of `subject` and of `baseline`, run alternately `runs`
    times each (so a busy moment of a shared machine falls on both alike)."""
    if runs < 11:
        raise ValueError("an honest comparison takes at least 11 interleaved runs")
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for side, run in enumerate((subject, baseline)):
            start = time.perf_counter()
            run()
            times[side].append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def percentile(samples: list[float], p: float) -> float:
    """The p-th percentile (0-100) by the inclusive method."""
    return statistics.quantiles(samples, n=100, method="inclusive")[round(p) - 1]


@contextmanager
def scratch() -> Iterator[Path]:
    """A temporary directory, removed afterwards."""
    with TemporaryDirectory(prefix="lawkeeper-bench-") as tmp:
        yield Path(tmp)


def real_file(relative: str, fixture: Path, bench: str) -> tuple[Path, str]:
    """The real leaderboard file at `relative` in the folder $LAWKEEPER_DATA names, or the
    test `fixture` when it is not there, with a note (printed too) saying the figures are
    not the real payload's ("" for the real file)."""
    folder = os.environ.get(DATA_VARIABLE, "")
    real = Path(folder) / relative if folder else None
    if real is not None and real.is_file():
        return real, ""
    where = f"{real} is absent" if real else f"${DATA_VARIABLE} is not set"
    note = f"({where}: used the {fixture.name} test fixture, not the real file)"
    print(f"{bench}: WARNING: {note[1:-1]}")
    return fixture, note
