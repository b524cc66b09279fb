"""The Brier score: the mean squared distance between the stated confidence and what
happened, over the resolved claims that carried a confidence."""

from __future__ import annotations

import pytest

from predictions.scoring import brier


def test_brier_of_confident_and_hedged_forecasts() -> None:
    assert brier([(70, True)]) == pytest.approx(0.09)
    assert brier([(70, False)]) == pytest.approx(0.49)
    assert brier([(90, True), (20, False), (50, True)]) == pytest.approx((0.01 + 0.04 + 0.25) / 3)


def test_claims_without_a_confidence_are_left_out() -> None:
    assert brier([(None, True), (80, False), (None, False)]) == pytest.approx(0.64)


def test_no_confidence_no_score() -> None:
    assert brier([]) is None
    assert brier([(None, True)]) is None


def test_always_fifty_fifty_scores_a_quarter() -> None:
    assert brier([(50, True), (50, False), (50, False)]) == pytest.approx(0.25)
