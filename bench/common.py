"""What every benchmark shares: temporary directories, timing, and the RESULT line."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

ROOT = Path(__file__).resolve().parent.parent
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
