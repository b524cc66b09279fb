"""The layers the architecture promises, enforced: every import in the packages (at module
level, under `if TYPE_CHECKING:` and inside functions) goes down the layer order below, no
module or package imports itself round a cycle, and a function-local import is one of the
few listed with its reason. A last test runs the same checks over a small made-up tree with
a wrong-way import and cycles, and sees each one named, so these cannot pass vacuously.

How an import is counted (as import-linter counts it): `import a.b` and `from a.b import
name` depend on the module `a.b`; `from a import b`, where `a.b` is a module, depends on the
module `a.b` (it needs nothing that `a/__init__.py` defines), while `from a import name` of a
name defined in `a/__init__.py` depends on `a`. Imports of anything outside the project
(the standard library, third-party packages) are no edges; they matter here only when they
are function-local."""

from __future__ import annotations

import ast
import itertools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Layer by layer, what each package may import besides itself. A lower layer never imports
# a higher one; packages of one layer import each other only where listed. main.py,
# scripts/, bench/ and tests/ stand above them all and may import anything.
LAYERS: dict[str, frozenset[str]] = {
    "common": frozenset(),  # neutral helpers: the GC pause, hashes, ConfigError
    "catalog": frozenset({"common"}),
    "feeds": frozenset({"common", "catalog"}),
    "storage": frozenset({"common", "catalog", "feeds"}),
    "laws": frozenset({"common", "catalog", "feeds"}),  # pure: never storage
    "predictions": frozenset({"common", "catalog", "feeds", "laws"}),  # pure, like laws
    "handlers": frozenset({"common", "catalog", "feeds", "storage", "laws", "predictions"}),
    "web": frozenset({"common", "catalog", "feeds", "storage", "laws", "predictions", "handlers"}),
    "bot": frozenset(
        {"common", "catalog", "feeds", "storage", "laws", "predictions", "handlers", "web"}
    ),
}
# The only function-local imports, (importing module, imported module): each defers a
# heavy or optional library until it is needed, and none of them hides a cycle (the checks
# below count them like any other import).
LAZY_IMPORTS: dict[tuple[str, str], str] = {
    (
        "bot.feeds_cli",
        "feeds.fetcher",
    ): "aiohttp (~130 ms to import) is loaded only when a feed is fetched: polls and "
    "check-feeds; the console and the other commands start without it",
    (
        "bot.runtime",
        "web.server",
    ): "Jinja2, aiohttp-jinja2 and the pages are loaded only when [web] is enabled",
    (
        "web.feeds",
        "feedgen.feed",
    ): "feedgen (and lxml under it) is loaded only when an Atom feed is asked for",
    (
        "catalog.builder.sources",
        "yaml",
    ): "PyYAML is a dev extra: only scripts/build_catalog.py reads HELM's YAML with it",
}
# Folders that hold Python but are no layered package.
OUTSIDE = ("tests", "bench", "scripts")


@dataclass(frozen=True)
class Import:
    """One import statement's dependency: `source` imports `target` (a project module, or
    for an import outside the project the name imported), at `path:line`."""

    source: str
    target: str
    path: str
    line: int
    statement: str
    local: bool  # inside a function: run when it is called, not when the module loads

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.source} imports {self.target} ({self.statement})"


@dataclass(frozen=True)
class Graph:
    imports: tuple[Import, ...]  # project edges (target a project module)
    outside_local: tuple[Import, ...]  # function-local imports of anything else


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path, top: Iterable[str]) -> dict[str, Path]:
    """Every module and package under the top-level folders `top` (plus main.py), by
    dotted name; a folder without `__init__.py` (a namespace package) is one too."""
    found: dict[str, Path] = {}
    for name in top:
        folder = root / name
        for path in sorted(folder.rglob("*.py")) if folder.is_dir() else ():
            found[module_name(root, path)] = path
            for parent in path.relative_to(root).parents:
                if parent.parts:
                    found.setdefault(".".join(parent.parts), root / parent)
    if (root / "main.py").is_file():
        found["main"] = root / "main.py"
    return found


def _resolve(name: str, modules: Mapping[str, Path]) -> str | None:
    """The project module that importing `name` depends on, or None (outside)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _local_imports(tree: ast.AST) -> set[int]:
    """The ids of import nodes inside a function body."""
    local: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            local |= {id(n) for n in ast.walk(node) if isinstance(n, ast.Import | ast.ImportFrom)}
    return local


def import_graph(root: Path, packages: Iterable[str], others: Iterable[str] = ()) -> Graph:
    """Every import in the modules of `packages` (found under `root`); `others` are
    further top-level folders whose modules may be imported (and must not be)."""
    packages = list(packages)
    modules = project_modules(root, [*packages, *others])
    edges: list[Import] = []
    outside: list[Import] = []
    for source, path in modules.items():
        if path.suffix != ".py" or source.split(".")[0] not in packages:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        local = _local_imports(tree)
        package = source if path.name == "__init__.py" else source.rpartition(".")[0]
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                wanted = [(a.name, f"import {a.name}") for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parent, *([base] if base else [])])
                statement = f"from {'.' * node.level}{node.module or ''} import "
                wanted = [
                    (
                        f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base,
                        statement + a.name,
                    )
                    for a in node.names
                ]
            else:
                continue
            for name, statement in wanted:
                target = _resolve(name, modules)
                found = Import(
                    source,
                    target or name,
                    str(path.relative_to(root)),
                    node.lineno,
                    statement,
                    id(node) in local,
                )
                if target is None:
                    if found.local:
                        outside.append(found)
                elif target != source:
                    edges.append(found)
    return Graph(tuple(edges), tuple(outside))


def wrong_way(graph: Graph, layers: Mapping[str, frozenset[str]]) -> list[str]:
    """Each import from one top-level package into another that its layer does not allow."""
    problems = []
    for i in graph.imports:
        mine, theirs = i.source.split(".")[0], i.target.split(".")[0]
        if mine != theirs and theirs not in layers[mine]:
            allowed = ", ".join(sorted(layers[mine])) or "no other package"
            problems.append(f"{i}: {mine} may import {allowed}")
    return sorted(problems)


def _cycles(edges: Mapping[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one node (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def _round_trip(edges: Mapping[str, set[str]], members: list[str]) -> list[str]:
    """One cycle through the first member, as the nodes passed (shortest first)."""
    start, inside = members[0], set(members)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(edges.get(v, set()) & inside):
            if w == start:
                return [*paths[v], start]
            if w not in paths:
                paths[w] = [*paths[v], w]
                queue.append(w)
    raise AssertionError("a strongly connected component without a cycle")


def cycles(graph: Graph) -> list[str]:
    """Each cycle between modules, and between packages at every depth (top-level packages,
    then the subpackages and modules of one package), with the imports that close it; a
    cycle is told once, at the lowest depth it shows."""
    problems = []
    told: set[frozenset[str]] = set()
    depth = max((len(i.source.split(".")) for i in graph.imports), default=0)
    for level in range(depth + 1):

        def node(module: str, level: int = level) -> str:
            return ".".join(module.split(".")[:level]) if level else module

        where: dict[tuple[str, str], Import] = {}
        for i in graph.imports:
            a, b = node(i.source), node(i.target)
            if a != b:
                where.setdefault((a, b), i)
        edges: dict[str, set[str]] = {}
        for a, b in where:
            edges.setdefault(a, set()).add(b)
        kind = "module" if not level else f"package (depth {level})"
        for members in _cycles(edges):
            if frozenset(members) in told:
                continue
            told.add(frozenset(members))
            trip = _round_trip(edges, members)
            closing = "; ".join(str(where[pair]) for pair in itertools.pairwise(trip))
            problems.append(f"{kind} cycle {' -> '.join(trip)}: {closing}")
    return problems


def unlisted_lazy_imports(graph: Graph, listed: Mapping[tuple[str, str], str]) -> list[str]:
    """Each function-local import not in `listed`, and each listed one no longer there."""
    local = [i for i in (*graph.imports, *graph.outside_local) if i.local]
    seen = {(i.source, i.target) for i in local}
    problems = sorted(
        f"{i}: a function-local import (import it at module level, or list "
        f"it in LAZY_IMPORTS with the reason)"
        for i in local
        if (i.source, i.target) not in listed
    )
    problems += [
        f"LAZY_IMPORTS lists {source} -> {target}, which is not imported lazily any more"
        for source, target in listed
        if (source, target) not in seen
    ]
    return problems


# --- The project ---------------------------------------------------------------------------


def _graph() -> Graph:
    return import_graph(ROOT, LAYERS, OUTSIDE)


def test_every_package_has_a_layer() -> None:
    """A new top-level package gets a place in LAYERS before it can be installed."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    installed = {
        p.rstrip("*") for p in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    }
    assert installed == set(LAYERS)
    assert all((ROOT / name).is_dir() for name in LAYERS)


def test_imports_go_down_the_layers() -> None:
    assert wrong_way(_graph(), LAYERS) == []


def test_there_is_no_import_cycle() -> None:
    assert cycles(_graph()) == []


def test_function_local_imports_are_only_the_listed_lazy_ones() -> None:
    assert unlisted_lazy_imports(_graph(), LAZY_IMPORTS) == []


def test_nothing_below_bot_imports_bot() -> None:
    graph = _graph()
    assert [
        str(i)
        for i in graph.imports
        if i.target.split(".")[0] == "bot" and i.source.split(".")[0] != "bot"
    ] == []
    assert any(i.target.split(".")[0] == "bot" for i in graph.imports)  # bot is walked


# --- The checks themselves, on a made-up tree -----------------------------------------------


def _tree(root: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


SYNTHETIC_LAYERS = {
    "low": frozenset(),
    "high": frozenset({"low"}),
    "left": frozenset({"right"}),
    "right": frozenset({"left"}),
}


def test_the_checks_name_each_wrong_way_import_and_cycle(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "low/__init__.py": "",
            "low/base.py": "import json\n\nVALUE = 1\n",
            # wrong way: the lower layer imports the higher one (hidden in a function)
            "low/sneaky.py": "def f():\n    from high.top import TOP\n    return TOP\n",
            "high/__init__.py": "from high.top import TOP\nfrom high import d\n",
            "high/top.py": "from low.base import VALUE\n\nTOP = VALUE\n",
            # a module cycle closed by a function-local import
            "high/a.py": "from high import b\n",
            "high/b.py": "def g():\n    from high.a import X\n    return X\n",
            # a cycle through a package's __init__: `from high import TOP` needs __init__
            "high/c.py": "from high import TOP\n",
            "high/d.py": "import high.c\n",
            # allowed both ways, yet a package cycle (no module cycle): left <-> right
            "left/__init__.py": "",
            "left/one.py": "from right.two import Y\n",
            "left/three.py": "Z = 3\n",
            "right/__init__.py": "",
            "right/two.py": "Y = 2\n",
            "right/four.py": "from left.three import Z\n",
        },
    )
    graph = import_graph(root, SYNTHETIC_LAYERS)

    assert wrong_way(graph, SYNTHETIC_LAYERS) == [
        "low/sneaky.py:2: low.sneaky imports high.top (from high.top import TOP): "
        "low may import no other package"
    ]
    found = cycles(graph)
    assert (
        "module cycle high.a -> high.b -> high.a: high/a.py:1: high.a imports high.b "
        "(from high import b); high/b.py:2: high.b imports high.a "
        "(from high.a import X)"
    ) in found
    assert (
        "module cycle high -> high.d -> high.c -> high: high/__init__.py:2: high imports "
        "high.d (from high import d); high/d.py:1: high.d imports high.c "
        "(import high.c); high/c.py:1: high.c imports high (from high import TOP)"
    ) in found
    assert (
        "package (depth 1) cycle left -> right -> left: left/one.py:1: left.one imports "
        "right.two (from right.two import Y); right/four.py:1: right.four imports "
        "left.three (from left.three import Z)"
    ) in found
    assert not any(f.startswith("module cycle left") for f in found)
    assert unlisted_lazy_imports(graph, {}) == [
        "high/b.py:2: high.b imports high.a (from high.a import X): a function-local import "
        "(import it at module level, or list it in LAZY_IMPORTS with the reason)",
        "low/sneaky.py:2: low.sneaky imports high.top (from high.top import TOP): a "
        "function-local import (import it at module level, or list it in LAZY_IMPORTS with "
        "the reason)",
    ]
    assert unlisted_lazy_imports(graph, {("low.base", "json"): "stale"})[-1] == (
        "LAZY_IMPORTS lists low.base -> json, which is not imported lazily any more"
    )


def test_the_checks_pass_a_tree_that_keeps_the_rules(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "low/__init__.py": "from low.base import VALUE\n",
            "low/base.py": "VALUE = 1\n",
            "high/__init__.py": "",
            "high/top.py": "from low import VALUE\nfrom low import base\n\n"
            "def f():\n    import json\n    return json, VALUE, base\n",
        },
    )
    graph = import_graph(root, SYNTHETIC_LAYERS)
    assert {(i.source, i.target) for i in graph.imports} == {
        ("low", "low.base"),
        ("high.top", "low"),
        ("high.top", "low.base"),
    }
    assert wrong_way(graph, SYNTHETIC_LAYERS) == []
    assert cycles(graph) == []
    assert unlisted_lazy_imports(graph, {("high.top", "json"): "a reason"}) == []
