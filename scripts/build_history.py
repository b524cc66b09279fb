"""Build feeds/data/history.jsonl.gz, the bundled leaderboard history, from the real data
files in ../shared/data (see its README for provenance).

    .venv/bin/python scripts/build_history.py [DATA_DIR]

HELM Lite has no score JSON in the data; its bundled history is the HELM Lite MMLU
leaderboard as recorded by Epoch (rows of external_benchmark_mmlu whose source link is
crfm.stanford.edu/helm/lite), stored as the `mmlu` category of `helm-lite`. The raw rows
are filtered first and only then merged per model (the mmlu parser keeps a model's best
row, which for Yi-34B or Llama-2-70B is not HELM's).

A snapshot is dated by what it contains (LAWS.md, "Horizon and vacuity"): a model cannot
be released after the snapshot that lists it, so a file whose label is older than models
it lists was updated after its label. Each snapshot's date is max(its label, the latest
catalog release date with provenance `disclosed` among the models it lists, when that is
more than 7 days after the label); a moved snapshot says so in its `source`. Build the
catalog first (scripts/build_catalog.py).

Where a published table and the recomputed alltime.csv describe the same date, the
published one is loaded last, so it is the one `top --at` shows for that date.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import sys
from datetime import UTC, date, datetime, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from source_digest import record  # noqa: E402

from catalog import Catalog, Provenance, load_catalog  # noqa: E402
from catalog.builder.dates import KEY_DATE_SLACK  # noqa: E402
from catalog.catalog import DEFAULT_PATH as CATALOG_PATH  # noqa: E402
from feeds import livebench, mmlu  # noqa: E402
from feeds.history import DEFAULT_PATH, write_bundle  # noqa: E402
from feeds.importer import parse_file  # noqa: E402
from feeds.snapshot import Snapshot  # noqa: E402

FILES = (
    "lmarena/jasontrigg0-chatbot-arena-history/alltime.csv",  # first: the weakest record
    "lmarena/hf-space-leaderboard-tables/leaderboard_table_20230619.csv",
    "lmarena/hf-space-leaderboard-tables/leaderboard_table_20231206.csv",
    "lmarena/hf-space-leaderboard-tables/leaderboard_table_20240515.csv",
    "lmarena/hf-space-leaderboard-tables/leaderboard_table_20250511.csv",
    "lmarena/fboulnois-llm-leaderboard-csv/lmsys_2024-06-19.csv",
    "lmarena/fboulnois-llm-leaderboard-csv/lmsys_2025-07-18.csv",
    "lmarena/fboulnois-llm-leaderboard-csv/lmarena_text_2025-08-04.csv",
    "lmarena/arena-catalog/leaderboard-text_2025-12-11.json",
    "open-llm-leaderboard/dsdanielpark-report/20230714.csv",
    "open-llm-leaderboard/dsdanielpark-report/20231031.csv",
    "open-llm-leaderboard/fboulnois-llm-leaderboard-csv/huggingface_v2_2024-07-15.csv",
    "open-llm-leaderboard/fboulnois-llm-leaderboard-csv/huggingface_v2_2025-03-20.csv",
    "epoch/epoch_capabilities_index_2025-11-07.csv",
    "epoch/external_benchmark_mmlu_2025-11-17.csv",
    "livebench/table_2024_06_24.csv",
    "livebench/table_2024_11_25.csv",
    "livebench/table_2026_01_08.csv",
)
HELM_LITE_LINK = "crfm.stanford.edu/helm/lite"


def helm_lite_rows(raw: bytes) -> bytes:
    """Epoch's MMLU CSV with only its HELM Lite rows (source link on
    crfm.stanford.edu/helm/lite), header and quoting kept: filtered before the parser
    merges a model's rows, so HELM's own row is the one kept."""
    text = raw.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=reader.fieldnames, lineterminator="\n")
    writer.writeheader()
    writer.writerows(row for row in reader if HELM_LITE_LINK in (row.get("Source link") or ""))
    return out.getvalue().encode()


def helm_lite_mmlu(path: Path, fetched_at: datetime) -> list[Snapshot]:
    """HELM Lite's MMLU history from Epoch's MMLU CSV at `path`: its HELM Lite rows only,
    parsed by the mmlu parser and relabelled as the `mmlu` category of `helm-lite`."""
    return [
        dataclasses.replace(s, leaderboard="helm-lite", category="mmlu")
        for s in mmlu.parse(helm_lite_rows(path.read_bytes()), fetched_at, path.name)
    ]


def latest_disclosed(snapshot: Snapshot, catalog: Catalog) -> tuple[date, str] | None:
    """The latest disclosed release date among the models a snapshot lists, and whose."""
    found = None
    for e in snapshot.entries:
        info = catalog.describe(e.model_key, e.display_name, snapshot.leaderboard, e.meta)
        r = info.released
        if (
            r.known
            and r.provenance is Provenance.DISCLOSED
            and (found is None or r.value > found[0])
        ):
            found = (r.value, info.key)
    return found


def dated_by_contents(snapshot: Snapshot, catalog: Catalog) -> Snapshot:
    """The snapshot dated max(its label, the latest disclosed release it lists). A release
    up to KEY_DATE_SLACK after the label is the noise of time zones and announcement days
    (the Arena lists gemini-exp-1206 in its 2024-12-05 pickle), not a later update."""
    found = latest_disclosed(snapshot, catalog)
    if found is None or found[0] <= snapshot.snapshot_date + KEY_DATE_SLACK:
        return snapshot
    day, key = found
    note = (
        f" (labelled {snapshot.snapshot_date.isoformat()}; dated {day.isoformat()}: it "
        f"lists {key}, released {day.isoformat()}, so it was updated after its label)"
    )
    return dataclasses.replace(
        snapshot,
        snapshot_date=day,
        source=snapshot.source + note,
        fetched_at=datetime.combine(day, time(), UTC),
    )


def build(data: Path, catalog: Catalog | None = None) -> list[Snapshot]:
    """Every snapshot of FILES under `data` (and HELM Lite's, from the MMLU file), fetched at
    midnight UTC of its snapshot date, redated by its contents and sorted by date (stable:
    within a date, files keep their order). Uses the shipped catalog unless one is given;
    progress goes to stderr."""
    catalog = catalog or load_catalog(CATALOG_PATH)
    snapshots: list[Snapshot] = []
    for name in FILES:
        for s in parse_file(data / name, datetime.now(UTC)):
            snapshots.append(
                dataclasses.replace(s, fetched_at=datetime.combine(s.snapshot_date, time(), UTC))
            )
            if s.leaderboard == "mmlu":
                snapshots += [
                    dataclasses.replace(
                        h, fetched_at=datetime.combine(h.snapshot_date, time(), UTC)
                    )
                    for h in helm_lite_mmlu(data / name, datetime.now(UTC))
                ]
        print(f"read {name}", file=sys.stderr)
    dated = [dated_by_contents(s, catalog) for s in snapshots]
    for before, after in zip(snapshots, dated, strict=True):
        if after is not before:
            print(
                f"redated {before.leaderboard}/{before.category} {before.source}", file=sys.stderr
            )
    # Stable: within a date, files keep the order above.
    return sorted(dated, key=lambda s: s.snapshot_date)


def main(argv: list[str]) -> int:
    """Writes the bundle from the data folder (argv[0], else ../shared/data) and records its
    sources, and the catalog it read, in the digest. Exit status 2, with one line on stderr,
    without the data folder."""
    data = Path(argv[0]) if argv else ROOT.parent / "shared" / "data"
    if not data.is_dir():
        print(
            f"{Path(__file__).name}: needs the real data files in {data} (the shared data "
            "folder, ../shared/data by default): no such directory",
            file=sys.stderr,
        )
        return 2
    snapshots = build(data)
    version = write_bundle(snapshots, DEFAULT_PATH)
    record("history", data, list(FILES) + _companions(data), [DEFAULT_PATH], [CATALOG_PATH])
    size = DEFAULT_PATH.stat().st_size
    print(
        f"wrote {DEFAULT_PATH.relative_to(ROOT)}: {len(snapshots)} snapshots, "
        f"{size / 1e6:.2f} MB, version {version}"
    )
    return 0


def _companions(data: Path) -> list[str]:
    """The LiveBench categories files read together with their tables."""
    names = (
        f"livebench/{livebench.categories_name(n.removeprefix('livebench/'))}"
        for n in FILES
        if n.startswith("livebench/table_")
    )
    return [n for n in names if (data / n).exists()]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
