"""Which leaderboard names are one model: the groups that become catalog entries.

Rules, in order: a board's display name joins its key when it names one key only (or only
renamed keys: the same display name on keys never listed at the same time); the same name
on different boards is one model (except undated '-latest' pointers, which move); the
override file's `same` groups. Nothing else joins: dated variants stay distinct."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import pairwise

from catalog.builder.records import BOARDS, Record, match_key
from catalog.catalog import normalise

Node = tuple[str, str]  # (board, match key)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Node, Node] = {}

    def add(self, n: Node) -> None:
        self.parent.setdefault(n, n)

    def find(self, n: Node) -> Node:
        self.add(n)
        while self.parent[n] != n:
            self.parent[n] = self.parent[self.parent[n]]
            n = self.parent[n]
        return n

    def union(self, a: Node, b: Node) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def node_of(record: Record) -> Node:
    """Where a listing starts in the grouping: (its board, the match key of its name), a run
    setting's row under the model it is a setting of (`variant_of`)."""
    return (record.board or "", match_key(record.variant_of or record.name))


def scoped_node(name: str) -> Node | None:
    """'arena:gpt-4-turbo' → ('arena', 'gpt-4-turbo'); an unscoped name → None."""
    board, sep, rest = name.partition(":")
    return (board, match_key(rest)) if sep and board in BOARDS else None


def _disjoint(spans: list[list]) -> bool:
    """Whether listing periods never overlap (a renamed key, not two models)."""
    if any(s[0] is None for s in spans):
        return False
    ordered = sorted(spans)
    return all(a[1] < b[0] for a, b in pairwise(ordered))


def group_names(
    records: Iterable[Record], same: Iterable[Iterable[str]] = ()
) -> list[list[Record]]:
    """The board records, grouped into models."""
    listings = [r for r in records if r.board]
    uf = _UnionFind()
    for r in listings:
        uf.add(node_of(r))
    # display name → key on one board
    by_display: dict[Node, dict[Node, list]] = defaultdict(dict)
    for r in listings:
        if r.display:
            span = by_display[(r.board, match_key(r.display))].setdefault(node_of(r), [None, None])
            if r.listed:
                span[0] = min(filter(None, (span[0], r.listed)))
                span[1] = max(filter(None, (span[1], r.last_listed or r.listed)))
    name_nodes = set(uf.parent)
    for display, keys in by_display.items():
        if len(keys) == 1 or _disjoint(list(keys.values())):
            for key in keys:
                uf.union(display, key)
    # the same name on different boards
    by_name: dict[str, list[Node]] = defaultdict(list)
    for node in sorted(name_nodes):
        by_name[node[1]].append(node)
    for name, nodes in by_name.items():
        if "latest" not in name:
            for other in nodes[1:]:
                uf.union(nodes[0], other)
    for names in same:
        nodes = [n for n in map(scoped_node, names) if n and n in uf.parent]
        for other in nodes[1:]:
            uf.union(nodes[0], other)
    groups: dict[Node, list[Record]] = defaultdict(list)
    for r in listings:
        groups[uf.find(node_of(r))].append(r)
    return [groups[k] for k in sorted(groups)]


def names_of(group: Iterable[Record]) -> set[str]:
    """Every name the group's listings use (ids and run settings, not display names)."""
    out: set[str] = set()
    for r in group:
        out.add(r.name)
        if r.variant_of:
            out.add(r.variant_of)
    return out


def scoped_aliases(group: Iterable[Record]) -> set[str]:
    """Every id and display name the group's listings use, scoped to the listing's board
    ('arena:gpt-4o-2024-05-13'): a display name resolves on its own board without becoming a
    global alias."""
    out: set[str] = set()
    for r in group:
        for name in (r.name, r.display):
            if name:
                out.add(f"{r.board}:{normalise(name)}")
    return out
