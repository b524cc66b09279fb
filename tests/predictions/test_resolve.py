"""Each template resolved YES and NO on the bundled real history, with its evidence.

Figures checked by hand against the bundled Arena snapshots (feeds/data/history.jsonl.gz,
LMArena text `overall`, ratings of the alltime.csv history: no intervals before 2025):
- 2024-04-19: Llama-3-70B-Instruct 1198.47; 2024-04-22: 1209.58 (its first ≥ 1200).
- 2024-04-09: Command R+ (04-2024, open weights, released 2024-04-04) 1194.29 vs GPT-4-0314
  1188.42, the best proprietary model released by 2023-10 (GPT-4-1106-preview came 2023-11).
- 2024-04-18: Llama-3-70B-Instruct (70B disclosed) 1190.18 vs GPT-4-0314 1188.56.
- 2024-05-27 (the last snapshot by 2024-06-01): Llama-3-70B-Instruct 1208.10, GPT-4-0314
  1185.94; the next snapshot is dated 2024-06-02.
- 2024-06-29 is the last snapshot of June 2024, 2024-07-06 the first after it; every #1 from
  2023-06 to 2024-06 is proprietary (GPT-4o-2024-05-13 on 2024-06-29).
- Open LLM v1 on 2023-10-31: #1 ValiantLabs/ShiningValiant 74.17 (open weights); that board
  has no snapshot after it.
"""

from __future__ import annotations

from datetime import date

import pytest

from predictions.resolve import holds_now, resolve
from tests.predictions.conftest import SETTINGS


def run(claim, histories, text: str, stated: str):
    c = claim(text, stated)
    return resolve(
        c,
        histories[(c.leaderboard, c.category)],
        stated=date.fromisoformat(stated),
        settings=SETTINGS,
    )


def test_leader_yes_proprietary_on_arena(claim, histories) -> None:
    r = run(
        claim,
        histories,
        "leader leaderboard=arena openness=proprietary by=2024-01-31",
        "2024-01-01",
    )
    assert (r.outcome, r.resolved_on) == ("YES", date(2024, 1, 9))
    assert r.evidence["top"]["openness"]["value"] == "proprietary"
    assert r.evidence["top"]["openness"]["source"]  # a catalog fact with its source
    assert r.evidence["snapshot_date"] == "2024-01-09"


def test_leader_yes_open_weights_on_open_llm_v1(claim, histories) -> None:
    r = run(
        claim,
        histories,
        "leader leaderboard=open-llm-v1 openness=open_weights by=2023-12-31",
        "2023-08-01",
    )
    assert (r.outcome, r.resolved_on) == ("YES", date(2023, 10, 31))
    assert r.evidence["top"]["name"] == "ValiantLabs/ShiningValiant"
    assert r.evidence["top"]["score"] == pytest.approx(74.17)


def test_leader_no_open_on_arena(claim, histories) -> None:
    r = run(claim, histories, "leader leaderboard=arena openness=open by=2024-06-30", "2023-06-01")
    assert (r.outcome, r.resolved_on) == ("NO", date(2024, 7, 6))
    assert r.evidence["snapshot_date"] == "2024-06-29"  # the standing at the deadline
    assert r.evidence["top"]["name"] == "GPT-4o-2024-05-13"
    assert r.evidence["covered_by"]["snapshot_date"] == "2024-07-06"
    assert "proprietary" in r.evidence["reason"]


def test_reaches_yes_on_the_first_snapshot_that_shows_it(claim, histories) -> None:
    text = "reaches leaderboard=arena model=llama-3-70b-instruct score=1200 by=2024-06-30"
    r = run(claim, histories, text, "2024-04-01")
    assert (r.outcome, r.resolved_on) == ("YES", date(2024, 4, 22))
    assert r.evidence["model"]["score"] == pytest.approx(1209.577, abs=1e-3)
    assert r.evidence["model"]["params_total"]["provenance"] == "disclosed"
    # The snapshot before (2024-04-19, 1198.47) did not: a deadline before 04-22 is NO.
    early = run(claim, histories, text.replace("2024-06-30", "2024-04-21"), "2024-04-01")
    assert (early.outcome, early.resolved_on) == ("NO", date(2024, 4, 22))
    assert early.evidence["model"]["score"] == pytest.approx(1198.471, abs=1e-3)


def test_reaches_no_with_the_score_at_the_deadline(claim, histories) -> None:
    r = run(
        claim,
        histories,
        "reaches leaderboard=arena model=LLAMA-3-70B-INSTRUCT score=1250 by=2024-12-31",
        "2024-04-01",
    )
    assert r.outcome == "NO"
    assert r.resolved_on is not None and r.resolved_on > date(2024, 12, 31)
    assert r.evidence["model"]["score"] < 1250
    assert r.evidence["snapshot_date"] <= "2024-12-31"


def test_reaches_any_open(claim, histories) -> None:
    r = run(
        claim,
        histories,
        "reaches leaderboard=arena model=any-open score=1200 by=2024-12-31",
        "2024-04-01",
    )
    assert r.outcome == "YES"
    assert r.evidence["model"]["openness"]["value"] in ("osi", "open_weights")
    assert r.evidence["model"]["score"] >= 1200


def test_lag_yes_open_catches_gpt4(claim, histories) -> None:
    r = run(claim, histories, "lag leaderboard=arena months=21 by=2024-12-31", "2023-12-19")
    assert (r.outcome, r.resolved_on) == ("YES", date(2024, 4, 9))
    e = r.evidence
    assert e["open"]["name"] == "Command R+ (04-2024)"
    assert e["open"]["score"] == pytest.approx(1194.290, abs=1e-3)
    assert e["proprietary_matched"]["name"] == "GPT-4-0314"
    assert e["proprietary_matched"]["score"] == pytest.approx(1188.420, abs=1e-3)
    assert e["observed_lag_months"] == 6  # by 2023-10 GPT-4-0314 is the best proprietary


def test_lag_uses_law2s_own_observed_lag(claim, histories) -> None:
    """The lag in the evidence is what law 2's verdict of that month reports."""
    from dataclasses import replace

    from laws.law2 import evaluate

    r = run(claim, histories, "lag leaderboard=arena months=3 by=2024-06-30", "2023-06-01")
    assert (r.outcome, r.resolved_on) == ("NO", date(2024, 7, 6))
    history = histories[("arena", "overall")]
    verdict = evaluate(history, replace(SETTINGS, snapshot_mode="as_known_then"), "2024-06")
    assert verdict.evidence["snapshot_date"] == r.evidence["snapshot_date"] == "2024-06-29"
    assert r.evidence["observed_lag_months"] == verdict.lag_months == 8
    assert r.evidence["proprietary_claimed"]["name"] == "GPT-4-1106-preview"


def test_smaller_beats_yes(claim, histories) -> None:
    r = run(
        claim,
        histories,
        "smaller-beats leaderboard=arena params=70B model=gpt-4-0314 by=2024-12-31",
        "2023-06-01",
    )
    assert (r.outcome, r.resolved_on) == ("YES", date(2024, 4, 18))
    e = r.evidence
    assert e["smaller"]["name"] == "Llama-3-70B-Instruct"
    assert e["smaller"]["params_total"] == {
        "value": 70_000_000_000,
        "provenance": "disclosed",
        "source": e["smaller"]["params_total"]["source"],
    }
    assert e["smaller"]["params_total"]["source"]
    assert e["smaller"]["score"] == pytest.approx(1190.182, abs=1e-3)
    assert e["beaten"]["score"] == pytest.approx(1188.560, abs=1e-3)


def test_smaller_beats_no_and_unknown_sizes_never_count(claim, histories) -> None:
    r = run(
        claim,
        histories,
        "smaller-beats leaderboard=arena params=10B model=gpt-4-0314 by=2024-06-30",
        "2024-01-01",
    )
    assert (r.outcome, r.resolved_on) == ("NO", date(2024, 7, 6))
    e = r.evidence
    # Proprietary models above GPT-4-0314 have no known size: listed, never counted.
    assert "Claude 3 Opus" in e["above_but_size_unknown"]
    assert "have no known size and do not count" in e["reason"]
    assert "Llama-3-70B-Instruct" in e["above_but_larger"]


def test_a_model_listed_twice_is_judged_by_its_best_listing() -> None:
    """Two listings of one catalog model (a renamed key, an alias): the better one stands
    for it, so its other listing is never a smaller model beating it. (Constructed: no
    sized model is listed twice in the bundled history.)"""
    from catalog import Catalog
    from predictions.claims import Claim
    from tests.laws.builders import entry as listing
    from tests.laws.builders import history, model, snapshot

    llama = model("llama-x-70b", released="2024-01-10", total=70_000_000_000)
    catalog = Catalog([llama], {"llama-x-70b-0125": "llama-x-70b"})
    h = history(
        snapshot("2024-02-01", listing("llama-x-70b-0125", 1210.0), listing("llama-x-70b", 1200.0)),
        catalog=catalog,
    )
    c = Claim(
        template="smaller-beats",
        leaderboard="arena",
        deadline=date(2024, 3, 1),
        model="llama-x-70b",
        params=70_000_000_000,
    )
    r = resolve(c, h, stated=date(2024, 1, 15), settings=SETTINGS)
    assert r.outcome == "OPEN"  # not YES; and no data after the deadline
    assert r.evidence["beaten"]["score"] == 1210.0
    assert r.evidence.get("smaller") is None


def test_above_yes_on_the_standing_of_the_day(claim, histories) -> None:
    r = run(
        claim,
        histories,
        "above leaderboard=arena model=llama-3-70b-instruct other=gpt-4-0314 on=2024-06-01",
        "2024-01-01",
    )
    assert (r.outcome, r.resolved_on) == ("YES", date(2024, 5, 27))
    assert r.evidence["model"]["score"] == pytest.approx(1208.099, abs=1e-3)
    assert r.evidence["other"]["score"] == pytest.approx(1185.939, abs=1e-3)
    assert r.evidence["comparison"] == "HOLDS"


def test_above_no(claim, histories) -> None:
    r = run(
        claim,
        histories,
        "above leaderboard=arena model=gpt-4-0314 other=llama-3-70b-instruct on=2024-06-01",
        "2024-01-01",
    )
    assert (r.outcome, r.resolved_on) == ("NO", date(2024, 6, 2))
    assert r.evidence["snapshot_date"] == "2024-05-27"
    assert r.evidence["comparison"] == "BROKEN"


def test_above_a_model_not_yet_listed_is_no(claim, histories) -> None:
    """Llama 3 was first listed in April 2024: on 2024-03-01 it ranks above nothing."""
    r = run(
        claim,
        histories,
        "above leaderboard=arena model=llama-3-70b-instruct other=gpt-4-0314 on=2024-03-01",
        "2024-01-01",
    )
    assert r.outcome == "NO"
    assert r.evidence["model"] is None
    assert "is not listed" in r.evidence["reason"]


def test_above_a_model_not_listed_to_compare_with_stays_open(claim, histories) -> None:
    """Nothing to rank above is no evidence either way: GPT-4o (2024-11-20) is in the
    catalog but in no Arena snapshot of 2025 (the standing on 2025-12-01 is the one of
    2025-08-04), so the claim stays OPEN with the reason, not NO."""
    r = run(
        claim,
        histories,
        "above leaderboard=arena model=gpt-4-0314 other=gpt-4o-2024-11-20 on=2025-12-01",
        "2025-07-01",
    )
    assert (r.outcome, r.resolved_on) == ("OPEN", None)
    assert r.evidence["other"] is None and r.evidence["model"]["name"] == "GPT-4-0314"
    assert r.evidence["reason"].endswith("is not listed in the snapshot of 2025-08-04")


def test_open_past_the_horizon(claim, histories) -> None:
    history = histories[("arena", "overall")]
    r = run(claim, histories, "leader leaderboard=arena openness=open by=2027-06-30", "2025-06-01")
    assert (r.outcome, r.resolved_on) == ("OPEN", None)
    assert r.evidence["data_as_of"] == history.horizon.isoformat() == "2025-12-11"
    assert r.evidence["reason"].startswith("no data since 2025-12-11")


def test_open_when_the_board_stopped_before_the_deadline(claim, histories) -> None:
    """Open LLM v1 was retired on 2023-10-31: a 2023-12-31 deadline is never reached."""
    r = run(
        claim, histories, "leader leaderboard=open-llm-v1 openness=osi by=2023-12-31", "2023-08-01"
    )
    assert (r.outcome, r.resolved_on) == ("OPEN", None)
    assert "no data since 2023-10-31" in r.evidence["reason"]


def test_only_snapshots_after_the_stated_day_count(claim, histories) -> None:
    """Stated the day after 2024-04-22, Llama's 1209.58 of that day no longer counts; the
    next snapshot (2024-04-26, 1207.50) does."""
    r = run(
        claim,
        histories,
        "reaches leaderboard=arena model=llama-3-70b-instruct score=1200 by=2024-06-30",
        "2024-04-22",
    )
    assert (r.outcome, r.resolved_on) == ("YES", date(2024, 4, 26))


def test_holds_now_refuses_what_is_already_true(claim, histories) -> None:
    history = histories[("arena", "overall")]
    true_now = claim("leader leaderboard=arena openness=proprietary by=2026-06-30", "2026-01-01")
    r = holds_now(true_now, history, today=date(2026, 1, 1), settings=SETTINGS)
    assert (r.outcome, r.resolved_on) == ("YES", date(2025, 12, 11))
    not_yet = claim("leader leaderboard=arena openness=open by=2026-06-30", "2026-01-01")
    r = holds_now(not_yet, history, today=date(2026, 1, 1), settings=SETTINGS)
    assert (r.outcome, r.resolved_on) == ("OPEN", None)
    assert r.evidence["top"]["name"] == "gemini-3-pro"


def test_evidence_is_json_and_cites_the_snapshot(claim, histories) -> None:
    import json

    r = run(
        claim,
        histories,
        "smaller-beats leaderboard=arena params=70B model=gpt-4-0314 by=2024-12-31",
        "2023-06-01",
    )
    again = json.loads(json.dumps(r.to_json()))
    assert again["outcome"] == "YES" and again["resolved_on"] == "2024-04-18"
    e = again["evidence"]
    assert {
        "claim",
        "stated",
        "deadline",
        "data_as_of",
        "snapshot_date",
        "snapshot_source",
        "reason",
    } <= set(e)
    assert e["snapshot_source"]


def test_a_claim_resolved_on_another_scope_is_refused(claim, histories) -> None:
    c = claim("leader leaderboard=arena openness=open by=2024-06-30", "2024-01-01")
    with pytest.raises(ValueError, match="arena/overall"):
        resolve(
            c, histories[("open-llm-v1", "overall")], stated=date(2024, 1, 1), settings=SETTINGS
        )


def test_a_number_one_of_unknown_openness_keeps_the_claim_open() -> None:
    """Constructed: no #1 in the bundled history has unknown openness. A snapshot whose #1
    might be of the claimed openness cannot decide NO, even after the deadline."""
    from catalog import Catalog, Fact, ModelInfo, Provenance
    from predictions.claims import Claim
    from tests.laws.builders import entry as listing
    from tests.laws.builders import history, model, snapshot

    mystery = ModelInfo(
        key="mystery",
        name="Mystery",
        family="mystery",
        released=Fact(date(2024, 1, 5), Provenance.DISCLOSED, "announcement"),
    )
    closed = model("closed-1", released="2023-06-01")
    catalog = Catalog([mystery, closed], {})
    h = history(
        snapshot("2024-02-01", listing("mystery", 1300.0, licence=""), listing("closed-1", 1250.0)),
        snapshot("2024-04-01", listing("closed-1", 1260.0)),
        catalog=catalog,
    )
    c = Claim(template="leader", leaderboard="arena", deadline=date(2024, 3, 1), openness="open")
    r = resolve(c, h, stated=date(2024, 1, 15), settings=SETTINGS)
    assert (r.outcome, r.resolved_on) == ("OPEN", None)
    assert "cannot be judged" in r.evidence["reason"]
    assert "the #1, mystery, has no known openness" in r.evidence["reason"]
    # Stated after that snapshot, nothing in the claim's window is in doubt: NO.
    later = Claim(
        template="leader", leaderboard="arena", deadline=date(2024, 3, 1), openness="open"
    )
    r = resolve(later, h, stated=date(2024, 2, 1), settings=SETTINGS)
    assert r.outcome == "NO"
