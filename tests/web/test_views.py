"""The pages' values, built without a server: the month grid, law 2's lag series, the
chart's text alternative, a law's status in one sentence, a verdict's evidence laid out."""

from __future__ import annotations

from datetime import date

from handlers.ledger import LedgerRow, VerdictEntry
from laws import LAWS, Status, Verdict
from web import views


def v(
    period: str,
    status: Status,
    law: str = "2",
    board: str = "arena",
    category: str = "overall",
    **evidence,
) -> Verdict:
    return Verdict(
        law=law,
        leaderboard=board,
        category=category,
        period=period,
        status=status,
        evidence={"data_as_of": "2024-05-20", **evidence},
        definition="the rule",
    )


def model(name: str, score: float, **facts) -> dict:
    return {
        "name": name,
        "key": name,
        "catalog_key": name,
        "score": score,
        "ci_low": None,
        "ci_high": None,
        "rank": 1,
        "openness": facts.get("openness"),
        "params_total": facts.get("params_total"),
        "params_active": None,
        "released": facts.get("released"),
    }


def test_the_month_grid_has_a_row_per_year_and_the_status_in_words() -> None:
    months = [
        v("2023-11", Status.HOLDS),
        v("2024-01", Status.BROKEN),
        v("2024-02", Status.HOLDS, estimated=True, law="3a"),
    ]
    grid = views.month_grid("2", months)
    assert [row.year for row in grid] == ["2023", "2024"]
    assert all(len(row.cells) == 12 for row in grid)
    nov, dec = grid[0].cells[10], grid[0].cells[11]
    assert (nov.code, nov.status, nov.label, nov.href) == (
        "H",
        "holds",
        "HOLDS",
        "/law/2/arena/overall/2023-11",
    )
    assert (dec.period, dec.status, dec.code) == ("2023-12", "none", "")  # a gap
    assert grid[0].cells[0].period == ""  # before the first month
    feb = grid[1].cells[1]
    assert (feb.code, feb.label, feb.href) == (
        "H*",
        "HOLDS (estimated)",
        "/law/3a/arena/overall/2024-02",
    )
    assert views.month_grid("2", []) == ()


def test_a_grid_cell_links_to_a_category_with_reserved_characters() -> None:
    [row] = views.month_grid("2", [v("2024-03", Status.TIED, category="a/b ?#%")])
    assert row.cells[2].href == "/law/2/arena/a%2Fb%20%3F%23%25/2024-03"
    assert views.anchor("scope", "2", "arena", "a/b <c>") == "scope-2-arena-a_b__c_"


def test_law_2s_lag_series_has_the_months_where_both_sides_were_found() -> None:
    both = {"open": model("o", 2), "proprietary": model("p", 1)}
    series = views.lag_series(
        [
            v("2024-01", Status.UNDETERMINED, reason="no open model"),
            v("2024-02", Status.HOLDS, observed_lag_months=3, **both),
            v("2024-03", Status.BROKEN, observed_lag_months=None, **both),
        ]
    )
    assert [(p.period, p.lag, p.label) for p in series] == [
        ("2024-02", 3, "HOLDS"),
        ("2024-03", None, "BROKEN"),
    ]


def test_the_charts_text_says_what_the_chart_shows() -> None:
    verdicts = [
        v("2024-01", Status.HOLDS),
        v("2024-02", Status.BROKEN),
        v("2024-03", Status.UNDETERMINED, reason="no data"),
        # Months past the data's horizon are not drawn, nor told.
        v("2024-09", Status.HOLDS),
        v("2024-02", Status.HOLDS, board="mmlu"),
    ]
    chart = views.chart_view("2", verdicts)
    assert chart.src == "/charts/law-2.png"
    assert chart.alt == "Chart of law 2 on LMArena text, month by month; described below."
    assert chart.caption.startswith(
        "Law 2 on LMArena text, 2024-01 to 2024-03 (data as of 2024-05-20)."
    )
    assert "Monthly verdicts: 1 holds, 1 broken, 1 undetermined of 3 months." in chart.caption
    assert "Latest decided month: LMArena text, 2024-02: BROKEN" in chart.caption
    assert views.chart_view("2", [v("2024-01", Status.UNDETERMINED)]) is None


def rows(*verdicts: Verdict) -> list[LedgerRow]:
    return [LedgerRow(x, "2024-06-01T00:00:00+00:00", "test") for x in verdicts]


def test_a_laws_status_in_one_sentence() -> None:
    one = views.law_view(LAWS["2"], rows(v("2024-01", Status.HOLDS)), {}, [], _settings()).law
    assert (one.status, one.sentence) == (
        "HOLDS",
        "Law 2 holds in the latest decided month of the one leaderboard category "
        "that has decided one (LMArena text).",
    )
    several = views.law_view(
        LAWS["2"],
        rows(
            v("2024-01", Status.HOLDS),
            v("2024-01", Status.BROKEN, board="mmlu"),
            v("2024-01", Status.TIED, board="livebench"),
        ),
        {},
        [],
        _settings(),
    ).law
    assert several.status == "BROKEN"
    assert several.sentence == (
        "In its latest decided month, law 2 holds on 1, is broken "
        "on 1 and is tied on 1 of the 3 leaderboard categories that "
        "have decided one."
    )
    none = views.law_view(LAWS["1"], [], {}, [], _settings()).law
    assert (none.status, none.chart) == ("NO DATA", None)


def test_a_verdicts_evidence_names_each_models_role_and_facts() -> None:
    fact = {"value": 70 * 10**9, "provenance": "estimated", "source": "size in its name"}
    verdict = v(
        "2024-05",
        Status.HOLDS,
        law="3b",
        before="2023-05",
        best=model(
            "big",
            90,
            params_total=fact,
            released={
                "value": "2024-04-18",
                "provenance": "first_listed",
                "source": "first listed on arena",
            },
        ),
        best_before=model("old", 80),
        open_proxy={"best": model("open-one", 70), "best_before": None},
        reason="size estimated",
        untested_benchmarks=["a", "b"],
    )
    entries = [
        VerdictEntry(
            1,
            LedgerRow(
                v("2024-05", Status.UNDETERMINED, law="3b"), "2024-05-01T00:00:00+00:00", "first"
            ),
            False,
            "2024-06-01T00:00:00+00:00",
        ),
        VerdictEntry(
            2,
            LedgerRow(
                verdict, "2024-06-01T00:00:00+00:00", "new snapshot of arena", "UNDETERMINED"
            ),
            True,
            None,
        ),
    ]
    page = views.verdict_view(LAWS["3"], "arena", "overall", "2024-05", entries)
    assert page.month == "May 2024" and page.scope == "LMArena text"
    [part] = page.parts
    assert part.current and part.status == "HOLDS"
    assert [(m.role, m.name, m.params_total, m.released) for m in part.models] == [
        ("best model by 2024-05", "big", "70B", "first listed 2024-04-18"),
        ("best model by 2023-05", "old", "unknown", "unknown"),
        ("best open model by 2024-05 (proxy)", "open-one", "unknown", "unknown"),
    ]
    assert [(f.model, f.fact, f.value, f.provenance, f.source) for f in part.facts] == [
        ("big", "total parameters", "70B", "estimated", "size in its name"),
        ("big", "release date", "2024-04-18", "first listed", "first listed on arena"),
    ]
    details = dict(part.details)
    assert details["Reason"] == "size estimated"
    assert details["Benchmarks that tested nothing (the same best on both sides)"] == "a, b"
    assert [(h.status, h.previous, h.superseded_at) for h in part.history] == [
        ("UNDETERMINED", "", "2024-06-01T00:00:00+00:00"),
        ("HOLDS", "UNDETERMINED", ""),
    ]


def test_law_1s_deltas_mark_the_fall_that_decided_it() -> None:
    delta = {
        "benchmark": "MMLU",
        "delta": -2.5,
        "new_model": "b",
        "new_score": 80.0,
        "new_released": "2024-05-01",
        "old_model": "a",
        "old_score": 82.5,
        "old_released": "2023-04-01",
    }
    verdict = v(
        "2024-05",
        Status.BROKEN,
        law="1",
        b0=[model("a", 1)],
        b1=[model("b", 2)],
        window_start="2023-05",
        deltas=[delta],
        worst=delta,
    )
    [part] = views.verdict_view(
        LAWS["1"],
        "arena",
        "overall",
        "2024-05",
        [VerdictEntry(1, LedgerRow(verdict, "t", "r"), True, None)],
    ).parts
    assert [m.role for m in part.models] == ["best by 2023-05 (B0)", "best by 2024-05 (B1)"]
    assert [(d.benchmark, d.delta, d.worst) for d in part.deltas] == [("MMLU", "-2.50", True)]


def test_evidence_links_are_made_of_web_addresses_only() -> None:
    assert views.evidence_links("https://a.org/x, javascript:alert(1)\nhttp://b.org") == (
        ("https://a.org/x", "https://a.org/x"),
        ("javascript:alert(1)", ""),
        ("http://b.org", "http://b.org"),
    )


def test_data_ages_name_the_oldest_category_where_it_lags() -> None:
    ages = views.data_ages(
        {
            ("arena", "overall"): "2025-12-11",
            ("arena", "mt-bench"): "2025-05-11",
            ("mmlu", "overall"): "2025-11-17",
        },
        date(2025, 12, 21),
    )
    assert [
        (a.leaderboard, a.newest, a.days_old, a.oldest_category, a.categories) for a in ages
    ] == [("arena", "2025-12-11", 10, "mt-bench", 2), ("mmlu", "2025-11-17", 34, "", 1)]


def _settings():
    from laws.settings import LawsConfig

    return LawsConfig()
