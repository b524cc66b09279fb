"""Every parser on real excerpts (tests/fixtures/<source>/), plus broken inputs."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from feeds import arena, epoch_eci, helm_lite, livebench, mmlu, open_llm_v1, open_llm_v2
from feeds.common import number
from feeds.errors import FeedError
from feeds.snapshot import Snapshot
from tests.conftest import FIXTURES

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def read(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def one(snapshots: list[Snapshot], category: str = "overall") -> Snapshot:
    found = [s for s in snapshots if s.category == category]
    assert len(found) == 1
    return found[0]


def test_arena_table_2023_06_19_era_has_elo_win_rate_mt_bench_and_mmlu() -> None:
    snaps = arena.parse(
        read("arena/leaderboard_table_20230619.csv"), NOW, "leaderboard_table_20230619.csv"
    )
    overall = one(snaps)
    assert overall.snapshot_date == date(2023, 6, 19)
    gpt4 = overall.leader
    assert (gpt4.model_key, gpt4.display_name, gpt4.score, gpt4.rank) == (
        "gpt-4",
        "GPT-4",
        1227.0,
        1,
    )
    assert gpt4.scores == {"mt-bench": 8.99, "mmlu": 0.864, "mt-bench-win-rate": 69.38}
    assert gpt4.meta == {"license": "Proprietary", "url": "https://openai.com/research/gpt-4"}
    assert [e.model_key for e in overall.entries[:3]] == ["gpt-4", "claude-v1", "claude-instant-v1"]
    mt = one(snaps, "mt-bench")
    assert mt.leader.score == 8.99 and len(mt.entries) == 20


def test_arena_table_2023_12_06_era_skips_unrated_rows_in_overall() -> None:
    raw = read("arena/leaderboard_table_20231206.csv")
    snaps = arena.parse(raw, NOW, "x/leaderboard_table_20231206.csv")
    overall = one(snaps)
    unrated = raw.decode().count(",-,")
    assert unrated > 0
    assert len(overall.entries) < 30
    assert overall.leader.model_key == "gpt-4-turbo" and overall.leader.score == 1217
    assert "wizardlm-30b" not in {e.model_key for e in overall.entries}
    assert "wizardlm-30b" in {e.model_key for e in one(snaps, "mt-bench").entries}


def test_arena_table_2024_era_has_no_elo_so_only_mt_bench() -> None:
    snaps = arena.parse(
        read("arena/leaderboard_table_20240515.csv"), NOW, "leaderboard_table_20240515.csv"
    )
    assert [s.category for s in snaps] == ["mt-bench"]
    wizard = next(e for e in snaps[0].entries if e.model_key == "wizardlm-30b")
    assert wizard.score == 7.01 and wizard.scores == {"mmlu": 0.587}
    assert wizard.meta["organization"] == "Microsoft"
    assert wizard.meta["license"] == "Non-commercial"


def test_arena_alltime_gives_one_snapshot_per_date() -> None:
    snaps = arena.parse(read("arena/alltime.csv"), NOW, "alltime.csv")
    assert [(s.snapshot_date, len(s.entries)) for s in snaps] == [
        (date(2023, 5, 8), 13),
        (date(2023, 5, 22), 17),
    ]
    koala = next(e for e in snaps[0].entries if e.model_key == "koala-13b")
    assert koala.score == pytest.approx(1022.3520972128268)
    assert koala.meta == {"license": "Non-commercial", "organization": "UC Berkeley"}


@pytest.mark.parametrize(
    ("name", "leader", "score", "low", "high", "votes"),
    [
        ("arena/lmsys_2024-06-19.csv", "gpt-4o-2024-05-13", 1287.0, 1284.0, 1290.0, 42046),
        ("arena/lmarena_text_2025-08-04.csv", "gemini-2.5-pro", 1470.0, 1465.0, 1475.0, 26019),
    ],
)
def test_arena_flattened_exports_in_both_eras(name, leader, score, low, high, votes) -> None:
    snap = one(arena.parse(read(name), NOW, name))
    assert snap.snapshot_date == date.fromisoformat(name[-14:-4])
    first = snap.leader
    assert (first.model_key, first.score, first.ci_low, first.ci_high, first.votes) == (
        leader,
        score,
        low,
        high,
        votes,
    )
    assert first.meta["organization"] in {"OpenAI", "Google"}
    assert first.meta["license"] == "Proprietary"


def test_arena_catalog_one_snapshot_per_category_full_is_overall() -> None:
    snaps = arena.parse(
        read("arena/leaderboard-text_2025-12-11.json"),
        NOW,
        "https://example/leaderboard-text_2025-12-11.json",
    )
    assert sorted(s.category for s in snaps) == ["coding", "math", "overall"]
    overall = one(snaps)
    assert overall.snapshot_date == date(2025, 12, 11)
    assert overall.leader.model_key == "gemini-3-pro"
    assert overall.leader.ci_low < overall.leader.score < overall.leader.ci_high


def test_arena_catalog_live_url_without_date_uses_fetch_day() -> None:
    snaps = arena.parse(read("arena/leaderboard-text_2025-12-11.json"), NOW, arena.CATALOG_URL)
    assert {s.snapshot_date for s in snaps} == {NOW.date()}


def test_arena_datasets_server_rows() -> None:
    snap = one(arena.parse(read("arena/datasets_server_rows.json"), NOW, arena.DATASET_URL))
    assert snap.snapshot_date == date(2025, 8, 4)
    assert snap.leader.model_key == "gemini-2.5-pro"
    assert (snap.leader.score, snap.leader.votes, snap.leader.rank) == (1470.0, 26019, 1)
    assert snap.leader.meta == {"license": "Proprietary", "organization": "Google"}


def test_arena_renamed_columns_name_what_is_missing() -> None:
    flat = read("arena/lmsys_2024-06-19.csv").replace(b"arena_elo", b"elo", 1)
    with pytest.raises(FeedError, match="missing column 'arena_score'"):
        arena.parse(flat, NOW, "lmsys.csv")
    rows = read("arena/datasets_server_rows.json").replace(b'"rating":', b'"score":')
    with pytest.raises(FeedError, match="missing field 'rating'"):
        arena.parse(rows, NOW, arena.DATASET_URL)
    alltime = read("arena/alltime.csv").replace(b"rating", b"elo", 1)
    with pytest.raises(FeedError, match="missing column 'rating'"):
        arena.parse(alltime, NOW, "alltime.csv")
    with pytest.raises(FeedError, match="unrecognised columns"):
        arena.parse(b"name,points\nx,1\n", NOW, "other.csv")


@pytest.mark.parametrize(
    "raw",
    [b"", b"<!DOCTYPE html><html><body>502</body></html>", b'{"full": {"gpt-4": {"rating": 12'],
)
def test_empty_html_and_truncated_payloads_are_feed_errors(raw: bytes) -> None:
    with pytest.raises(FeedError, match=r"empty|HTML|not valid JSON"):
        arena.parse(raw, NOW, arena.CATALOG_URL)


def test_open_llm_v1_never_reads_the_parameters_column() -> None:
    snap = one(open_llm_v1.parse(read("open-llm-v1/20230714.csv"), NOW, "20230714.csv"))
    assert snap.snapshot_date == date(2023, 7, 14)
    falcon = snap.leader
    assert (falcon.model_key, falcon.score) == ("tiiuae/falcon-40b-instruct", 63.4)
    assert falcon.scores == {"arc": 61.6, "hellaswag": 84.3, "mmlu": 55.4, "truthfulqa": 52.5}
    assert all("params_b" not in e.meta for e in snap.entries)
    assert len(snap.entries) == 30


def test_open_llm_v2_gradio_csv() -> None:
    snap = one(
        open_llm_v2.parse(
            read("open-llm-v2/huggingface_v2_2024-07-15.csv"), NOW, "huggingface_v2_2024-07-15.csv"
        )
    )
    qwen = snap.leader
    assert (qwen.model_key, qwen.score) == ("Qwen/Qwen2-72B-Instruct", 42.49)
    assert qwen.scores == {
        "ifeval": 79.89,
        "bbh": 57.48,
        "math": 35.12,
        "gpqa": 16.33,
        "musr": 17.17,
        "mmlu_pro": 48.92,
    }
    assert qwen.meta == {
        "license": "other",
        "params_b": "72",
        "uploaded": "2024-05-28",
        "submitted": "2024-06-26",
        "url": "https://huggingface.co/Qwen/Qwen2-72B-Instruct",
    }


def test_open_llm_v2_formatted_csv_and_its_json_form_agree() -> None:
    raw = read("open-llm-v2/huggingface_v2_2025-03-20.csv")
    snap = one(open_llm_v2.parse(raw, NOW, "huggingface_v2_2025-03-20.csv"))
    matter = next(e for e in snap.entries if e.model_key == "0-hero/Matter-0.2-7B-DPO")
    assert matter.score == pytest.approx(8.90636130175029)
    assert matter.meta["params_b"] == "7.242" and matter.meta["license"] == "apache-2.0"
    assert matter.scores["ifeval"] == pytest.approx(33.0279214705869)
    # The live endpoint's nested JSON, built from the same rows, typed as JSON types them
    # (a size as a number, an unknown as null): its meta reads as the CSV's.
    nested = [_nest(row) for row in csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))]
    for model in nested:
        model["metadata"]["params_billions"] = float(model["metadata"]["params_billions"])
    nested[0]["metadata"] |= {"hub_license": None, "upload_date": None}
    live = one(open_llm_v2.parse(json.dumps(nested).encode(), NOW, open_llm_v2.URLS[0]))
    expected = {e.model_key: e.meta for e in snap.entries}
    first = nested[0]["model"]["name"]
    expected[first] = {k: v for k, v in expected[first].items() if k not in {"license", "uploaded"}}
    assert [(e.model_key, e.score, e.meta) for e in live.entries] == [
        (e.model_key, pytest.approx(e.score), expected[e.model_key]) for e in snap.entries
    ]


_ODD_CELLS = (
    "",
    "-",
    "nan",
    "NaN",
    "None",
    "null",
    "inf",
    "-Infinity",
    "12.5%",
    " 7.25 ",
    "1,000",
    "1_000",
    "0x10",
    "1e400",
    "n/a",
)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.one_of(st.sampled_from(_ODD_CELLS), st.floats().map(repr)), min_size=6, max_size=6)
)
def test_open_llm_v2_formatted_scores_are_what_number_reads_in_each_cell(cells: list[str]) -> None:
    """Most rows take a fast path (six plain numbers at once); odd cells must read the same
    as `number` reads each: NaN and the unreadable are no score."""
    raw = read("open-llm-v2/huggingface_v2_2025-03-20.csv")
    row = next(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    for benchmark, cell in zip(open_llm_v2.FORMATTED_BENCHMARKS, cells, strict=True):
        row[f"evaluations_{benchmark}_normalized_score"] = cell
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    (entry,) = one(open_llm_v2.parse(out.getvalue().encode(), NOW, "t.csv")).entries
    assert entry.scores == {
        b: found
        for b, cell in zip(open_llm_v2.FORMATTED_BENCHMARKS, cells, strict=True)
        if (found := number(cell)) is not None
    }
    assert list(entry.scores) == [b for b in open_llm_v2.FORMATTED_BENCHMARKS if b in entry.scores]


def test_open_llm_v2_formatted_cells_read_the_same_with_blanks_around_them() -> None:
    raw = read("open-llm-v2/huggingface_v2_2025-03-20.csv")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows({k: f" {v}\t" for k, v in row.items()} for row in rows)
    padded = one(open_llm_v2.parse(out.getvalue().encode(), NOW, "t.csv"))
    assert padded.entries == one(open_llm_v2.parse(raw, NOW, "t.csv")).entries


def test_open_llm_v2_json_true_or_false_is_no_score() -> None:
    raw = read("open-llm-v2/huggingface_v2_2025-03-20.csv")
    model = _nest(next(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")))))
    model["evaluations"]["bbh"]["normalized_score"] = True
    model["evaluations"]["gpqa"]["normalized_score"] = False
    model["metadata"]["hub_license"] = True
    (entry,) = one(
        open_llm_v2.parse(json.dumps([model]).encode(), NOW, open_llm_v2.URLS[0])
    ).entries
    assert set(entry.scores) == {"ifeval", "math", "musr", "mmlu_pro"}
    assert "license" not in entry.meta


def _nest(row: dict[str, str]) -> dict:
    """A 2025 CSV row back in the nested shape of api/leaderboard/formatted."""
    item: dict = {}
    for column, value in row.items():
        head, _, tail = column.partition("_")
        if head == "evaluations":
            field = next(f for f in ("normalized_score", "value", "name") if tail.endswith("_" + f))
            bench = tail.removesuffix("_" + field)
            item.setdefault(head, {}).setdefault(bench, {})[field] = value
        elif head in {"model", "metadata", "features"}:
            item.setdefault(head, {})[tail] = value
        else:
            item[column] = value
    return item


def test_epoch_eci_ranks_scored_rows_with_meta_and_reads_the_zip() -> None:
    raw = read("epoch-eci/epoch_capabilities_index_2025-11-07.csv")
    snap = one(epoch_eci.parse(raw, NOW, "epoch_capabilities_index_2025-11-07.csv"))
    assert "gpt-oss-120b_high" not in {e.model_key for e in snap.entries}  # no ECI score
    nano = next(e for e in snap.entries if e.model_key == "gpt-5-nano-2025-08-07_high")
    assert nano.score == pytest.approx(138.80903825583073)
    assert nano.display_name == "GPT-5 nano (high)"
    assert nano.meta == {
        "license": "API access",
        "organization": "OpenAI",
        "released": "2025-08-07",
    }
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("benchmark_data/epoch_capabilities_index.csv", raw)
        z.writestr(
            "benchmark_data/external_benchmark_mmlu.csv",
            read("mmlu/external_benchmark_mmlu_2025-11-17.csv"),
        )
    zipped = archive.getvalue()
    assert one(epoch_eci.parse(zipped, NOW, epoch_eci.BENCHMARK_ZIP)).entries == snap.entries
    assert one(mmlu.parse(zipped, NOW, mmlu.URLS[0])).leader.score == 87.3
    with pytest.raises(FeedError, match="not a valid ZIP"):
        epoch_eci.parse(zipped[: len(zipped) // 2], NOW, epoch_eci.BENCHMARK_ZIP)


def test_mmlu_percent_scores() -> None:
    snap = one(
        mmlu.parse(
            read("mmlu/external_benchmark_mmlu_2025-11-17.csv"),
            NOW,
            "external_benchmark_mmlu_2025-11-17.csv",
        )
    )
    nova = next(e for e in snap.entries if e.model_key == "amazon.nova-lite-v1:0")
    assert (nova.display_name, nova.score) == ("Amazon Nova Lite", 77.0)
    assert "crfm.stanford.edu/helm/lite" in nova.meta["url"]
    renamed = read("mmlu/external_benchmark_mmlu_2025-11-17.csv").replace(b",EM,", b",Acc,")
    with pytest.raises(FeedError, match="missing column 'EM'"):
        mmlu.parse(renamed, NOW, "x.csv")


def test_livebench_global_is_mean_of_category_means() -> None:
    table = read("livebench/table_2024_06_24.csv")
    snap = one(
        livebench.parse_release(
            table, read("livebench/categories_2024_06_24.json"), NOW, "table_2024_06_24.csv"
        )
    )
    sonnet = next(e for e in snap.entries if e.model_key == "claude-3-5-sonnet-20240620")
    # From the CSV row: Reasoning = mean(web_of_lies_v2 80, zebra_puzzle 48) = 64, etc.
    assert sonnet.scores["Reasoning"] == 64.0
    assert sonnet.scores["Coding"] == pytest.approx((58.0 + 68.421) / 2, abs=1e-4)
    assert sonnet.score == pytest.approx(sum(sonnet.scores.values()) / 6, abs=1e-4)
    assert snap.leader.model_key == "claude-3-5-sonnet-20240620"
    # The table alone (live) gives the same with the built-in categories.
    assert one(livebench.parse(table, NOW, "table_2024_06_24.csv")).entries == snap.entries
    newer = one(
        livebench.parse_release(
            read("livebench/table_2026_01_08.csv"),
            read("livebench/categories_2026_01_08.json"),
            NOW,
            "table_2026_01_08.csv",
        )
    )
    assert "Agentic Coding" in newer.leader.scores


def test_livebench_unknown_task_and_missing_task_are_named() -> None:
    table = read("livebench/table_2024_06_24.csv").replace(b"zebra_puzzle", b"zebra2", 1)
    with pytest.raises(FeedError, match="task column 'zebra2'"):
        livebench.parse(table, NOW, "t.csv")
    with pytest.raises(FeedError, match="missing column 'zebra_puzzle'"):
        livebench.parse_release(table, read("livebench/categories_2024_06_24.json"), NOW, "t")


def test_helm_lite_constructed_fixture() -> None:
    raw = read("helm-lite/core_scenarios.json")
    assert b"CONSTRUCTED fixture" in raw
    snap = one(helm_lite.parse(raw, NOW, helm_lite.URLS[0]))
    assert snap.snapshot_date == NOW.date()
    assert snap.leader.model_key == "openai/gpt-4o-2024-05-13"
    assert snap.leader.scores["MMLU - EM"] == 0.842
    assert "amazon/nova-micro-v1:0" not in {e.model_key for e in snap.entries}  # no win rate
    with pytest.raises(FeedError, match="missing column 'Mean win rate'"):
        helm_lite.parse(raw.replace(b'"Mean win rate"', b'"Win rate"'), NOW, "x")


def test_fixture_files_are_small_real_excerpts() -> None:
    for path in Path(FIXTURES).rglob("*.csv"):
        assert path.stat().st_size < 60_000, path
