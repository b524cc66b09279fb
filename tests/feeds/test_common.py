"""The shared CSV and number readers keep their contract (they were rewritten for speed:
bench/ingest.py)."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feeds.common import (
    CsvRecords,
    clean_meta,
    full_date,
    number,
    ranked,
    read_csv,
    read_csv_columns,
    score_ranks,
    text,
)
from feeds.errors import FeedError
from feeds.snapshot import Entry


def test_read_csv_strips_pads_short_rows_and_skips_blank_lines() -> None:
    raw = b" model , score\n a ,1.5 \n\nb\n"
    assert read_csv(raw, "t", ("model", "score")) == [
        {"model": "a", "score": "1.5"},
        {"model": "b", "score": ""},
    ]


def test_read_csv_refuses_extra_fields_and_missing_columns() -> None:
    with pytest.raises(FeedError, match="line 2 has more fields than the header"):
        read_csv(b"model,score\na,1,2\n", "t", ("model",))
    with pytest.raises(FeedError, match="missing column 'rating'"):
        read_csv(b"model,score\na,1\n", "t", ("rating",))
    with pytest.raises(FeedError, match="header but no rows"):
        read_csv(b"model,score\n", "t", ("model",))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.864", 0.864),
        (" 12 ", 12.0),
        ("69.38%", 69.38),
        ("1,227", 1227.0),
        (1227, 1227.0),
        ("-", None),
        ("", None),
        ("nan", None),
        ("NaN", None),
        ("None", None),
        (None, None),
        (True, None),
        ([1], None),
        ("n/a", None),
    ],
)
def test_number_reads_scores_as_leaderboards_write_them(value, expected) -> None:
    assert number(value) == expected


def test_read_csv_columns_reads_as_read_csv_does() -> None:
    """Short rows pad, blank lines skip, a BOM is dropped, a repeated column name reads its
    last copy present in the row, an absent optional column reads "" — the values read_csv
    gives."""
    raw = "\ufeff model ,score,x,score\n a ,1.5,q, 2 \n\nb,3\n".encode()
    assert read_csv_columns(text(raw, "t"), "t", ("model", "score"), ("x", "absent")) == [
        ("a", "2", "q", ""),
        ("b", "3", "", ""),
    ]
    dicts = read_csv(raw, "t", ("model", "score"))
    assert [(d["model"], d["score"], d["x"]) for d in dicts] == [("a", "2", "q"), ("b", "3", "")]
    assert read_csv_columns(text(raw, "t"), "t", ("model",)) == [("a",), ("b",)]


# Cells that exercise every path of CsvRecords: commas, quotes, newlines (a record spanning
# lines), carriage returns, empty and blank cells.
_CELLS = st.text(alphabet=st.sampled_from('ab ,"\n\r\x00é'), max_size=6)


@given(
    rows=st.lists(st.lists(_CELLS, max_size=5), max_size=8),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    terminator=st.sampled_from(["\n", "\r\n"]),
)
def test_csv_records_reads_what_csv_reader_reads(rows, quoting, terminator) -> None:
    out = io.StringIO()
    csv.writer(out, quoting=quoting, lineterminator=terminator).writerows(rows)
    written = out.getvalue()
    assert list(CsvRecords(written)) == [
        r for r in csv.reader(io.StringIO(written, newline="")) if r
    ]


@given(st.text(alphabet=st.sampled_from('a,"\n\r'), max_size=40))
def test_csv_records_reads_any_text_as_csv_reader_does(written) -> None:
    try:
        expected = [r for r in csv.reader(io.StringIO(written, newline="")) if r]
    except csv.Error:
        with pytest.raises(csv.Error):
            list(CsvRecords(written))
        return
    assert list(CsvRecords(written)) == expected


def test_csv_records_counts_lines_as_csv_reader_does() -> None:
    written = 'a,b\n"x\ny",1\n\nq,"",""\nlast,"2"\n'
    records, reader = CsvRecords(written), csv.reader(io.StringIO(written, newline=""))
    for record in records:
        expected = next(r for r in reader if r)
        assert (record, records.line_num) == (expected, reader.line_num)
    assert records.line_num == 6


def test_read_csv_columns_refuses_what_read_csv_refuses() -> None:
    with pytest.raises(FeedError, match="line 2 has more fields than the header"):
        read_csv_columns("model,score\na,1,2\n", "t", ("model",))
    with pytest.raises(FeedError, match="missing column 'rating'"):
        read_csv_columns("model,score\na,1\n", "t", ("rating",))
    with pytest.raises(FeedError, match="header but no rows"):
        read_csv_columns("model,score\n\n", "t", ("model",))


def test_score_ranks_keeps_the_best_row_per_key_and_shares_tied_ranks() -> None:
    keyed = [("b", 1.0), ("a", 2.0), ("b", 3.0), ("c", 2.0), ("d", 0.5), ("c", 2.0)]
    # b's best is row 2; c's first row of two equal ones stays; a and c tie at rank 2.
    keys, scores = zip(*keyed, strict=True)
    assert score_ranks(keys, scores) == [(2, 1), (1, 2), (3, 2), (4, 4)]
    assert score_ranks([], []) == []


@given(
    st.lists(
        st.tuples(st.sampled_from("abcde"), st.sampled_from([0.5, 1.0, 2.0, -1.0])), max_size=12
    )
)
def test_score_ranks_is_the_best_row_of_each_key_ranked_by_score(keyed) -> None:
    # The definition, written plainly: each key's best row (the first of equals), ordered
    # by score then key; a row's rank is 1 + the number of kept rows scoring higher.
    best: dict[str, tuple[float, int]] = {}
    for index, (key, score) in enumerate(keyed):
        if key not in best or score > best[key][0]:
            best[key] = (score, index)
    kept = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))
    expected = [
        (index, 1 + sum(other > score for _, (other, _) in kept)) for _, (score, index) in kept
    ]
    keys = [key for key, _ in keyed]
    assert score_ranks(keys, [score for _, score in keyed]) == expected


def test_ranked_assigns_ranks_by_score_or_keeps_the_sources() -> None:
    entries = [
        Entry("x", "X", 1.0, 7),
        Entry("y", "Y", 5.0, 9),
        Entry("x", "X2", 4.0, 3),
        Entry("z", "Z", 5.0, 1),
    ]
    assert [(e.model_key, e.display_name, e.rank) for e in ranked(entries)] == [
        ("y", "Y", 1),
        ("z", "Z", 1),
        ("x", "X2", 3),
    ]
    assert [(e.model_key, e.rank) for e in ranked(entries, keep_rank=True)] == [
        ("z", 1),
        ("x", 3),
        ("y", 9),
    ]


def test_clean_meta_and_full_date() -> None:
    assert clean_meta(a=" v ", b="-", c=" ", d=None, e="") == {"a": "v"}
    assert [full_date(v) for v in ("2024-06-12", " 2024-06-12T10:00", "2024-02-30", "x", None)] == [
        "2024-06-12",
        "2024-06-12",
        None,
        None,
        None,
    ]


def test_open_llm_v2_formatted_csv_keeps_the_best_duplicate_and_ties_short_rows() -> None:
    from datetime import UTC, datetime

    from feeds import open_llm_v2

    header = ",".join((*open_llm_v2.FORMATTED_COLUMNS, "metadata_upload_date"))
    raw = "\n".join(
        [
            header,
            "org/a,10,1,2,3,4,5,6,2024-06-01",
            "org/a,30,1,,3,4,5,6,x",
            "b,30,nan,2,3,4,5,6,2024-06-02",
            "c,5,1",
        ]
    ).encode()
    [snapshot] = open_llm_v2.parse(raw, datetime(2025, 1, 1, tzinfo=UTC), "u")
    assert [(e.model_key, e.score, e.rank) for e in snapshot.entries] == [
        ("b", 30.0, 1),
        ("org/a", 30.0, 1),
        ("c", 5.0, 3),
    ]
    b, a, c = snapshot.entries
    assert a.scores == {"ifeval": 1.0, "math": 3.0, "gpqa": 4.0, "musr": 5.0, "mmlu_pro": 6.0}
    assert a.meta == {"url": "https://huggingface.co/org/a"}
    assert b.scores["bbh"] == 2.0 and "ifeval" not in b.scores
    assert b.meta == {"uploaded": "2024-06-02"}  # a Hub upload date, not a release
    assert c.scores == {"ifeval": 1.0} and c.meta == {}
