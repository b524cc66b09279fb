"""The response cache holds one state of the data, within a byte budget; the encodings a
client accepts are chosen by their q-values."""

from __future__ import annotations

from datetime import date

from web.app import CACHE_BYTES, Cached, SiteState, chosen_encoding


def cached(size: int) -> Cached:
    return Cached(200, "text/html", b"x" * size, ())


def test_a_new_state_of_the_data_empties_the_cache() -> None:
    state = SiteState(None, lambda: date(2026, 1, 1))
    first = state.seen("v1")
    state.keep("/law/2", cached(10))
    assert state.response("/law/2") == cached(10)
    assert state.seen("v1") == first  # the same state: the same Last-Modified
    state.seen("v2")
    assert state.response("/law/2") is None


def test_the_cache_keeps_within_its_byte_budget_least_recently_used_first() -> None:
    state = SiteState(None, lambda: date(2026, 1, 1))
    state.seen("v1")
    quarter = CACHE_BYTES // 4
    for name in ("a", "b", "c", "d"):
        state.keep(name, cached(quarter))
    assert state.response("a") is not None  # now the most recently used
    state.keep("e", cached(quarter))  # over budget: the least recently used goes
    assert state.response("b") is None
    assert all(state.response(n) is not None for n in ("a", "c", "d", "e"))
    state.keep("huge", cached(quarter + 1))  # too big to keep at all
    assert state.response("huge") is None and state.response("a") is not None


def test_compressed_forms_are_made_once_and_counted() -> None:
    state = SiteState(None, lambda: date(2026, 1, 1))
    state.seen("v1")
    body = b"<p>the same words</p>" * 100
    packed = state.compressed("/", "gzip", body)
    assert state.compressed("/", "gzip", b"not looked at again") is packed
    assert state.compressed("/", "deflate", body) != packed


def test_the_encoding_follows_the_clients_q_values() -> None:
    assert chosen_encoding("br;q=1.0, gzip;q=0.8, *;q=0.1") == "gzip"
    assert chosen_encoding("deflate, gzip;q=0") == "deflate"
    assert chosen_encoding("*") == "gzip"
    assert chosen_encoding("gzip;q=bad, identity") == ""
    assert chosen_encoding("") == ""
