import io

import matplotlib.image
import pytest

from laws.charts import render_chart
from storage import connect
from storage.ledger import current_verdicts
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
