"""The shape of the code, checked: layers, cycles, module size, the one clock, single-sourced law.

These read the source files (no import, no database) and fail with the list of places to fix.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2]  # danchu/
MAX_LINES = 600
DOMAIN_APPS = {"accounts", "units", "disclosure", "inforequests", "evoting", "decisions", "consultations",
               "conventions", "elections", "feedback", "cases", "steering"}


def _is_source(path: Path) -> bool:
    parts = path.relative_to(PACKAGE).parts
    return "tests" not in parts and "migrations" not in parts


@cache
def sources() -> dict[str, tuple[Path, ast.Module]]:
    """{module name: (path, tree)} of every non-test, non-migration module of the package."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if not _is_source(path):
            continue
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        out[name] = (path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return out


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    is_package = sources()[module][0].name == "__init__.py"
    base = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(module: str, *, top_level_only: bool = False) -> list[tuple[str, list[str], int]]:
    """(imported module, names, line) for every import of `module` inside the package."""
    tree = sources()[module][1]
    nodes = tree.body if top_level_only else ast.walk(tree)
    out = []
    for node in nodes:
        if isinstance(node, ast.Import):
            out += [(a.name, [], node.lineno) for a in node.names if a.name.startswith("danchu")]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, node)
            if target.startswith("danchu"):
                names = [a.name for a in node.names]
                # "from danchu.core import audit" imports the module danchu.core.audit
                subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in sources()]
                out += [(s, [], node.lineno) for s in subs] or [(target, names, node.lineno)]
    return out


def app_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def test_core_imports_no_domain_app():
    bad = [f"{m}:{line} imports {target}" for m in sources() if app_of(m) == "core"
           for target, _n, line in imports(m) if app_of(target) in DOMAIN_APPS]
    assert not bad, "core must not import a domain app:\n" + "\n".join(bad)


def test_no_api_or_command_imports_a_views_module():
    bad = []
    for m in sources():
        leaf = m.split(".")[-1]
        if leaf.startswith("api") or ".management.commands." in m:
            bad += [f"{m}:{line} imports {t}" for t, _n, line in imports(m)
                    if t.split(".")[-1].startswith("views")]
    assert not bad, "\n".join(bad)


def test_no_private_name_is_imported_from_another_module():
    bad = [f"{m}:{line} imports {t}.{n}" for m in sources() for t, names, line in imports(m)
           for n in names if n.startswith("_") and not n.startswith("__")]
    assert not bad, "use a public name (or move the helper into core):\n" + "\n".join(bad)


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in list(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle_between_apps():
    graph: dict[str, set[str]] = defaultdict(set)
    for m in sources():
        for t, _n, _line in imports(m):
            a, b = app_of(m), app_of(t)
            if a and b and a != b and t in sources():
                graph[a].add(b)
    assert not _cycles(graph), f"apps import each other: {_cycles(graph)}"


def test_no_import_cycle_between_modules():
    graph: dict[str, set[str]] = defaultdict(set)
    for m in sources():
        for t, _n, _line in imports(m, top_level_only=True):
            if t in sources() and t != m and not m.startswith(t + "."):
                graph[m].add(t)
    assert not _cycles(graph), f"modules import each other at load time: {_cycles(graph)}"


def test_no_module_is_over_600_lines():
    big = [f"{p.relative_to(PACKAGE)}: {n}" for p, _t in sources().values()
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES]
    assert not big, f"split these modules (house style: about {MAX_LINES} lines):\n" + "\n".join(big)


CLOCK = re.compile(r"\bdate\.today\(|\bdatetime\.(?:now|today|utcnow)\(|\btimezone\.localdate\(|\blocaltime\(\)")


def test_the_date_is_read_through_core_clock_outside_core():
    bad = [f"{p.relative_to(PACKAGE)}:{i}: {line.strip()}" for m, (p, _t) in sources().items() if app_of(m) != "core"
           for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if CLOCK.search(line)]
    assert not bad, "use danchu.core.clock (today(), now(), local_date()):\n" + "\n".join(bad)
