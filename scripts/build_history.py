"""Build feeds/data/history.jsonl.gz, the bundled leaderboard history, from the real data
files in ../shared/data (see its README for provenance).

    .venv/bin/python scripts/build_history.py [DATA_DIR]

HELM Lite has no score JSON in the data; its bundled history is the HELM Lite MMLU
leaderboard as recorded by Epoch (rows of external_benchmark_mmlu whose source link is
crfm.stanford.edu/helm/lite), stored as the `mmlu` category of `helm-lite`.

Where a published table and the recomputed alltime.csv describe the same date, the
published one is loaded last, so it is the one `top --at` shows for that date.
"""

from __future__ import annotations

import dataclasses
import sys
from datetime import UTC, datetime, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from feeds.common import ranked  # noqa: E402
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


def helm_lite_mmlu(mmlu: Snapshot) -> Snapshot:
    entries = [e for e in mmlu.entries if HELM_LITE_LINK in e.meta.get("url", "")]
    return dataclasses.replace(mmlu, leaderboard="helm-lite", category="mmlu",
                               entries=ranked(entries))


def build(data: Path) -> list[Snapshot]:
    snapshots: list[Snapshot] = []
    for name in FILES:
        for s in parse_file(data / name, datetime.now(UTC)):
            s = dataclasses.replace(
                s, fetched_at=datetime.combine(s.snapshot_date, time(), UTC))
            snapshots.append(s)
            if s.leaderboard == "mmlu":
                snapshots.append(helm_lite_mmlu(s))
        print(f"read {name}", file=sys.stderr)
    # Stable: within a date, files keep the order above.
    return sorted(snapshots, key=lambda s: s.snapshot_date)


def main(argv: list[str]) -> int:
    data = Path(argv[0]) if argv else ROOT.parent / "shared" / "data"
    snapshots = build(data)
    version = write_bundle(snapshots, DEFAULT_PATH)
    size = DEFAULT_PATH.stat().st_size
    print(f"wrote {DEFAULT_PATH.relative_to(ROOT)}: {len(snapshots)} snapshots, "
          f"{size / 1e6:.2f} MB, version {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
