"""Build catalog/data/catalog.json from the real sources in ../shared/data plus the curated
catalog/overrides.toml. Run: .venv/bin/python scripts/build_catalog.py [--data DIR]."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from source_digest import record  # noqa: E402

from catalog.builder import sources  # noqa: E402
from catalog.builder.merge import build_models  # noqa: E402
from catalog.builder.overrides import load_overrides  # noqa: E402
from catalog.builder.records import Record  # noqa: E402
from catalog.catalog import DEFAULT_PATH, FORMAT_VERSION  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "data"
OVERRIDES = ROOT / "catalog" / "overrides.toml"
LMARENA = "lmarena"

# (path under the data folder, reader); each reader gets the text and a source label.
Reader = Callable[[str], list[Record]]


def readers() -> list[tuple[str, Reader]]:
    """Every source file the catalog is built from (its path under the data folder) with the
    reader and source label for it, in the order read; the digest records these paths. A
    LiveBench table's listings are dated by the file's last commit."""
    tables = [
        (f"{LMARENA}/hf-space-leaderboard-tables/leaderboard_table_{d}.csv", d)
        for d in ("20230619", "20231206", "20240515", "20250511")
    ]
    flat = [
        (f"{LMARENA}/fboulnois-llm-leaderboard-csv/{n}.csv", d)
        for n, d in (
            ("lmsys_2024-06-19", "20240619"),
            ("lmsys_2025-07-18", "20250718"),
            ("lmarena_text_2025-08-04", "20250804"),
        )
    ]
    out: list[tuple[str, Reader]] = []
    for path, d in [*tables, *flat]:
        when = date.fromisoformat(f"{d[:4]}-{d[4:6]}-{d[6:]}")
        out.append(
            (path, lambda t, w=when, p=path: sources.arena_table(t, w, f"LMArena {Path(p).name}"))
        )
    out += [
        (
            f"{LMARENA}/jasontrigg0-chatbot-arena-history/alltime.csv",
            lambda t: sources.arena_table(t, date(2023, 5, 8), "LMArena alltime.csv"),
        ),
        (
            f"{LMARENA}/arena-catalog/leaderboard-text_2025-12-11.json",
            lambda t: sources.arena_catalog_leaderboard(
                t, date(2025, 12, 11), "LMArena arena-catalog 2025-12-11"
            ),
        ),
        (
            f"{LMARENA}/arena-catalog/scatterplot-data_2025-12-17.json",
            lambda t: sources.arena_scatterplot(t, "LMArena arena-catalog scatterplot 2025-12-17"),
        ),
        (
            "epoch/epoch_capabilities_index_2025-11-07.csv",
            lambda t: sources.epoch_eci(t, "Epoch ECI 2025-11-07"),
        ),
        (
            "epoch/external_benchmark_mmlu_2025-11-17.csv",
            lambda t: sources.epoch_mmlu(t, "Epoch MMLU 2025-11-17"),
        ),
        (
            "epoch/notable_ai_models_24_02_2025.csv",
            lambda t: sources.epoch_notable(t, "Epoch notable models 2025-02-24"),
        ),
        (
            "epoch/benchmarks_with_model_accessibility_2024-10-22.csv",
            lambda t: sources.open_model_trends(t, "Epoch open-model-trends 2024-10-22"),
        ),
        (
            "helm/model_metadata_2026-05-27.yaml",
            lambda t: sources.helm_metadata(t, "HELM model_metadata 2026-05-27"),
        ),
        (
            "openrouter/api_v1_models_2025-12-02.json",
            lambda t: sources.openrouter_models(t, "OpenRouter models 2025-12-02"),
        ),
    ]
    # A LiveBench release table gains models after its release date, so a model in it is
    # known to be listed only by the file's last commit (see the data README).
    for name, last_commit in (
        ("2024_06_24", date(2024, 9, 6)),
        ("2024_11_25", date(2025, 3, 31)),
        ("2026_01_08", date(2026, 7, 1)),
    ):
        when = last_commit
        out.append(
            (
                f"livebench/table_{name}.csv",
                lambda t, w=when, n=name: sources.livebench_table(t, w, f"LiveBench {n}"),
            )
        )
    return out


def build(data: Path, built: date) -> dict:
    """The catalog file's content: every source under `data` read and merged with the overrides
    into entries, with `built` as the build date written in it."""
    records: list[Record] = []
    for path, read in readers():
        records += read((data / path).read_text(encoding="utf-8"))
    overrides = load_overrides(OVERRIDES.read_text(encoding="utf-8"))
    return {
        "format": FORMAT_VERSION,
        "built": built.isoformat(),
        "models": build_models(records, overrides),
    }


def write(catalog: dict, path: Path) -> None:
    """Compact JSON, one model per line (readable diffs, small file)."""
    lines = [json.dumps(m, ensure_ascii=False, separators=(",", ":")) for m in catalog["models"]]
    head = json.dumps({k: v for k, v in catalog.items() if k != "models"})[:-1]
    path.write_text(head + ', "models": [\n' + ",\n".join(lines) + "\n]}\n", encoding="utf-8")


def missing_data(data: Path) -> int:
    """The one line on stderr and the exit status 2 that tests/test_scripts.py expects when the
    data folder is absent (build_history.py prints the same line)."""
    print(
        f"{Path(__file__).name}: needs the real data files in {data} (the shared data "
        "folder, ../shared/data by default): no such directory",
        file=sys.stderr,
    )
    return 2


def main() -> int:
    """Builds and writes the catalog and prints its model and conflict counts; the sources'
    digests are recorded only when the shipped file is written (not with --out elsewhere). Exit
    status 2 without the data folder."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_PATH)
    parser.add_argument(
        "--built",
        type=date.fromisoformat,
        default=date.today(),
        help="the build date written in the file (YYYY-MM-DD)",
    )
    args = parser.parse_args()
    if not args.data.is_dir():
        return missing_data(args.data)
    catalog = build(args.data, args.built)
    write(catalog, args.out)
    if args.out.resolve() == DEFAULT_PATH.resolve():
        record("catalog", args.data, [p for p, _ in readers()], [args.out], [OVERRIDES])
    conflicts = sum(1 for m in catalog["models"] if m.get("conflicts"))
    print(
        f"{args.out}: {len(catalog['models'])} models, {conflicts} with conflicts, "
        f"{args.out.stat().st_size // 1024} KiB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
