"""The shared CSV and number readers keep their contract (they were rewritten for speed:
bench/ingest.py)."""

import pytest

from feeds.common import number, read_csv
from feeds.errors import FeedError


def test_read_csv_strips_pads_short_rows_and_skips_blank_lines() -> None:
    raw = b" model , score\n a ,1.5 \n\nb\n"
    assert read_csv(raw, "t", ("model", "score")) == [{"model": "a", "score": "1.5"},
                                                      {"model": "b", "score": ""}]


def test_read_csv_refuses_extra_fields_and_missing_columns() -> None:
    with pytest.raises(FeedError, match="line 2 has more fields than the header"):
        read_csv(b"model,score\na,1,2\n", "t", ("model",))
    with pytest.raises(FeedError, match="missing column 'rating'"):
        read_csv(b"model,score\na,1\n", "t", ("rating",))
    with pytest.raises(FeedError, match="header but no rows"):
        read_csv(b"model,score\n", "t", ("model",))


@pytest.mark.parametrize(("value", "expected"), [
    ("0.864", 0.864), (" 12 ", 12.0), ("69.38%", 69.38), ("1,227", 1227.0), (1227, 1227.0),
    ("-", None), ("", None), ("nan", None), ("NaN", None), ("None", None), (None, None),
    (True, None), ([1], None), ("n/a", None),
])
def test_number_reads_scores_as_leaderboards_write_them(value, expected) -> None:
    assert number(value) == expected
