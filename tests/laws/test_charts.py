import io
import re

import matplotlib.image
import pytest

from handlers.ledger import current_verdicts
from laws.chart_frames import ERROR, HEADER, REQUEST, chart_request, frame
from laws.chart_frames import PNG as PNG_FRAME
from laws.charts import build_chart, render_chart, serve
from laws.evidence import chart_verdicts, primary_scope
from laws.verdict import Status, Verdict
from storage import connect
from tests.laws.ledger_fixture import fill

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def verdicts(tmp_path):
    db = connect(tmp_path / "c.db")
    fill(db)
    return [r.verdict for r in current_verdicts(db, ("1", "2", "3a", "3b"))]


@pytest.mark.parametrize("law", ["1", "2", "3"])
def test_each_law_chart_is_a_png_of_the_expected_size(verdicts, law: str) -> None:
    png = render_chart(law, verdicts)
    assert png.startswith(PNG)
    assert 15_000 < len(png) < 400_000
    image = matplotlib.image.imread(io.BytesIO(png))
    assert image.shape[:2] == (500, 900)
    # Something was drawn: far more than one colour beyond the white background.
    assert len({tuple(px) for px in image[::5, ::5].reshape(-1, image.shape[2])}) > 20


def test_a_chart_without_data_still_opens() -> None:
    png = render_chart("2", [])
    assert png.startswith(PNG)
    assert matplotlib.image.imread(io.BytesIO(png)).shape[:2] == (500, 900)
    assert 5_000 < len(png) < 100_000


def _v(law, board, category, period, status, evidence=None):
    return Verdict(
        law=law,
        leaderboard=board,
        category=category,
        period=period,
        status=Status(status),
        evidence={"snapshot_date": "2025-06-10", **(evidence or {})},
    )


def test_the_chart_shows_arena_overall_when_it_has_verdicts(verdicts) -> None:
    # MMLU decides more months than the arena, yet LMArena text is the headline scope.
    busy = [_v("2", "mmlu", "overall", f"2024-{m:02d}", "BROKEN") for m in range(1, 13)]
    few = [
        _v("2", "arena", "overall", "2025-05", "HOLDS"),
        _v("2", "arena", "overall", "2025-06", "UNDETERMINED"),
    ]
    assert primary_scope(busy + few) == ("arena", "overall")
    title = build_chart("2", busy + few).axes[0].get_title()
    assert title == "Law 2 on LMArena text — data as of 2025-06-10"
    # Without the arena: the next headline scope, not the busiest category.
    coding = [_v("2", "arena", "coding", f"2024-{m:02d}", "HOLDS") for m in range(1, 13)]
    assert primary_scope(coding + busy) == ("mmlu", "overall")
    assert primary_scope(coding) == ("arena", "coding")


def test_the_chart_stops_at_the_data_horizon() -> None:
    months = [
        _v("2", "arena", "overall", f"2025-{m:02d}", "HOLDS", {"data_as_of": "2025-06-10"})
        for m in range(1, 12)
    ]
    fig = build_chart("2", months)
    fig.canvas.draw()  # lays out the tick labels
    strip = fig.axes[1]
    labels = [t.get_text() for t in strip.get_xticklabels()]
    assert labels[0] == "2025-01" and labels[-1] <= "2025-06"
    assert fig.axes[0].get_xlim() == (-0.5, 5.5)  # 2025-01 .. 2025-06: six months
    assert len(strip.patches) == 6  # one verdict cell per month, none after the horizon


def test_law_3_sizes_read_as_plain_numbers(verdicts) -> None:
    fig = build_chart("3", verdicts)
    fig.canvas.draw()  # lays out the tick labels
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels() if t.get_text()]
    assert labels and all(re.fullmatch(r"\d+(\.\d+)?[MBT]", text) for text in labels), labels
    assert "1T" in labels or "2T" in labels  # gpt-4 (1.8T) is on the axis
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["law holds", "law broken", "law tied", "law undetermined"]


def test_the_renderer_answers_each_request_frame_until_its_input_ends(verdicts) -> None:
    bad = frame(REQUEST, b'{"law": "2", "verdicts": [{"status": "MAYBE"}]}')
    unknown = chart_request("9", [])
    requests = io.BytesIO(chart_request("2", verdicts) + bad + unknown + chart_request("1", []))
    answers = io.BytesIO()
    serve(requests, answers)
    answers.seek(0)
    got = []
    while header := answers.read(HEADER.size):
        kind, size = HEADER.unpack(header)
        got.append((kind, answers.read(size)))
    assert [kind for kind, _ in got] == [PNG_FRAME, ERROR, ERROR, PNG_FRAME]
    assert got[0][1] == render_chart("2", verdicts)
    assert got[1][1].startswith(b"TypeError: ") or got[1][1].startswith(b"ValueError: ")
    assert got[2][1] == b"ValueError: no chart for law '9'"


@pytest.mark.parametrize("cut", [3, HEADER.size + 4])
def test_a_frame_cut_short_stops_the_renderer(cut: int) -> None:
    requests = io.BytesIO(chart_request("1", [])[:cut])
    with pytest.raises(SystemExit, match="chart renderer"):
        serve(requests, io.BytesIO())


@pytest.mark.parametrize("law", ["1", "2", "3"])
def test_the_chart_needs_only_the_verdicts_it_shows(verdicts, law: str) -> None:
    shown = chart_verdicts(law, verdicts)
    assert shown and len(shown) < len(verdicts)
    assert chart_verdicts(law, shown) == shown
    assert render_chart(law, shown) == render_chart(law, verdicts)
