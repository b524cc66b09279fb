"""Detection of a real change of leader: intervals, confirmation, aliases, baseline, imports."""

from datetime import UTC, date, datetime, timedelta

from catalog import Catalog, ModelInfo
from feeds.snapshot import Entry, Snapshot
from handlers.detect import LeaderState, detect, replay, step

NO_CATALOG = Catalog([], {})


def snap(day: int, *rows: tuple, leaderboard: str = "arena") -> Snapshot:
    """rows: (model_key, score) or (model_key, score, ci_low, ci_high), best first."""
    entries = tuple(
        Entry(
            model_key=r[0],
            display_name=r[0].upper(),
            score=r[1],
            rank=i + 1,
            ci_low=r[2] if len(r) > 2 else None,
            ci_high=r[3] if len(r) > 2 else None,
        )
        for i, r in enumerate(rows)
    )
    when = date(2024, 1, 1) + timedelta(days=day)
    return Snapshot(
        leaderboard,
        "overall",
        when,
        datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=day),
        entries,
    )


def announced(
    sequence: list[Snapshot], catalog: Catalog = NO_CATALOG, confirm: int = 2
) -> list[tuple[int, str, str]]:
    """(index, new, old) of every change over the sequence, as live polls."""
    state: LeaderState | None = None
    out = []
    for i, s in enumerate(sequence):
        state, change = step(state, s, catalog, confirm)
        if change:
            out.append((i, change.new.model_key, change.old.model_key))
    return out


def test_first_snapshot_is_a_baseline() -> None:
    assert detect([], snap(0, ("a", 1300), ("b", 1200)), NO_CATALOG, 2) is None


def test_with_intervals_the_lower_bound_must_clear_the_old_leaders_score() -> None:
    base = snap(0, ("a", 1300, 1295, 1305), ("b", 1290, 1285, 1296))
    inside = snap(1, ("b", 1302, 1296, 1308), ("a", 1298, 1293, 1303))
    assert detect([base], inside, NO_CATALOG, 2) is None  # 1296 does not clear 1298
    clear = snap(2, ("b", 1310, 1304, 1316), ("a", 1298, 1293, 1303))
    change = detect([base, inside], clear, NO_CATALOG, 2)
    assert change is not None
    assert (change.new.model_key, change.old.model_key) == ("b", "a")
    assert change.old.score == 1298  # the old leader's score in the *same* snapshot
    assert change.old_listed
    assert "lower bound 1304 clears the previous leader's score 1298" in change.rule


def test_a_swap_inside_the_intervals_and_back_announces_nothing() -> None:
    sequence = [
        snap(0, ("a", 1300, 1295, 1305), ("b", 1296, 1291, 1301)),
        snap(1, ("b", 1301, 1296, 1306), ("a", 1299, 1294, 1304)),  # swap inside
        snap(2, ("b", 1302, 1297, 1307), ("a", 1300, 1295, 1305)),  # and again: still inside
        snap(3, ("a", 1301, 1296, 1306), ("b", 1300, 1295, 1305)),  # back
        snap(4, ("b", 1312, 1306, 1318), ("a", 1300, 1295, 1305)),  # a real change
        snap(5, ("a", 1310, 1305, 1315), ("b", 1309, 1304, 1314)),  # swap back inside
        snap(6, ("b", 1311, 1306, 1316), ("a", 1309, 1304, 1314)),  # b again: nothing
    ]
    assert announced(sequence) == [(4, "b", "a")]


def test_without_intervals_the_new_leader_must_hold_for_n_snapshots() -> None:
    sequence = [
        snap(0, ("a", 90), ("b", 80)),
        snap(1, ("b", 91), ("a", 90)),  # 1 of 2
        snap(2, ("a", 92), ("b", 91)),  # back: the streak breaks
        snap(3, ("b", 93), ("a", 92)),  # 1 of 2
        snap(4, ("b", 94), ("a", 92)),  # 2 of 2: announced here, once
        snap(5, ("b", 95), ("a", 92)),
    ]
    assert announced(sequence, confirm=2) == [(4, "b", "a")]
    assert announced(sequence, confirm=1) == [(1, "b", "a"), (2, "a", "b"), (3, "b", "a")]
    assert announced(sequence, confirm=3) == [(5, "b", "a")]


def test_a_leader_missing_from_the_new_snapshot_needs_confirmation() -> None:
    base = snap(0, ("a", 1300, 1295, 1305), ("b", 1290, 1285, 1295))
    gone = snap(1, ("b", 1291, 1286, 1296), ("c", 1200, 1195, 1205))
    assert detect([base], gone, NO_CATALOG, 2) is None
    change = detect([base, gone], snap(2, ("b", 1292, 1287, 1297)), NO_CATALOG, 2)
    assert change is not None and not change.old_listed
    assert change.old.score == 1300  # its last listing, flagged as not comparable
    assert "2 consecutive snapshots" in change.rule


def test_a_rename_of_the_same_model_is_not_a_change() -> None:
    catalog = Catalog(
        [ModelInfo(key="gpt-4-turbo-2024-04-09", name="GPT-4 Turbo", family="GPT-4")],
        {
            "gpt-4-turbo": "gpt-4-turbo-2024-04-09",
            "arena:gpt-4-1106-preview": "gpt-4-turbo-2024-04-09",
        },
    )
    sequence = [
        snap(0, ("gpt-4-1106-preview", 1250), ("claude", 1240)),
        snap(1, ("gpt-4-turbo", 1251), ("claude", 1240)),
        snap(2, ("gpt-4-turbo", 1252), ("claude", 1240)),
    ]
    assert announced(sequence, catalog, confirm=1) == []
    # Without the catalog the renamed key looks like a new model.
    assert announced(sequence, NO_CATALOG, confirm=1) == [(1, "gpt-4-turbo", "gpt-4-1106-preview")]


def test_the_old_leader_under_a_renamed_key_is_compared_in_the_same_snapshot() -> None:
    catalog = Catalog(
        [ModelInfo(key="gpt-4-turbo-2024-04-09", name="GPT-4 Turbo", family="GPT-4")],
        {
            "gpt-4-turbo": "gpt-4-turbo-2024-04-09",
            "arena:gpt-4-1106-preview": "gpt-4-turbo-2024-04-09",
        },
    )
    base = snap(0, ("gpt-4-1106-preview", 1250, 1245, 1255), ("claude", 1240, 1235, 1245))
    inside = snap(1, ("claude", 1256, 1249, 1262), ("gpt-4-turbo", 1251, 1246, 1256))
    # The old leader is listed (renamed): claude's lower bound 1249 does not clear 1251.
    assert detect([base], inside, catalog, 2) is None
    clear = snap(2, ("claude", 1262, 1256, 1268), ("gpt-4-turbo", 1251, 1246, 1256))
    change = detect([base, inside], clear, catalog, 2)
    assert change is not None and change.old_listed
    assert (change.old.model_key, change.old.score) == ("gpt-4-turbo", 1251)


def test_imported_history_never_announces_but_moves_the_leader() -> None:
    history = [snap(0, ("a", 90)), snap(1, ("b", 95)), snap(2, ("b", 96))]
    assert detect(history[:2], history[2], NO_CATALOG, 2, imported=True) is None
    assert detect(history[:2], history[2], NO_CATALOG, 2) is not None
    state = replay(history, NO_CATALOG, 2)
    assert state is not None and state.identity == "b"
    # The first live snapshot after the import compares with b, not with a.
    assert detect(history, snap(3, ("b", 97), ("a", 90)), NO_CATALOG, 2) is None


def test_an_empty_snapshot_changes_nothing() -> None:
    base = snap(0, ("a", 90))
    state, change = step(replay([base], NO_CATALOG, 2), snap(1), NO_CATALOG, 2)
    assert change is None and state is not None and state.identity == "a"
