"""The package's layout is the pipeline's: each stage a sub-package, and imports run only from a
stage to an earlier one, never in a circle. The import graph is read from the code, imports
inside functions included."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "generator"
# The stages in the order data flows (ARCHITECTURE.md): a module may import its own stage's
# modules and earlier stages', never a later stage's. The package itself holds only the version.
STAGES = ("__init__", "data", "model", "pages", "engine", "search", "build", "checks", "cli", "__main__")


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package).with_suffix("").parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path, package: Path = PACKAGE) -> Iterator[tuple[str, int]]:
    """The package's own modules `path` imports (relative imports resolved), with their lines."""
    name = module_name(path, package)
    here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    if name == "__init__":
        here = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = here[: len(here) - (node.level - 1)] if node.level > 1 else here
            target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            if node.module:
                yield _existing(target, [alias.name for alias in node.names], package), node.lineno
            else:  # from . import a, b: modules, or names of the package itself (__version__)
                for alias in node.names:
                    yield _existing(".".join(base), [alias.name], package), node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == package.name:
            yield _existing(node.module.partition(".")[2], [a.name for a in node.names], package), node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == package.name:
                    yield _existing(alias.name.partition(".")[2], [], package), node.lineno


def _existing(target: str, names: list[str], package: Path) -> str:
    """The module a `from target import names` reaches: a sub-module when the name is one."""
    folder = package.joinpath(*target.split(".")) if target else package
    for name in names:
        if (folder / f"{name}.py").is_file() or (folder / name / "__init__.py").is_file():
            return f"{target}.{name}" if target else name
    return target or "__init__"


def stage(module: str) -> int:
    return STAGES.index(module.split(".")[0])


def graph(package: Path = PACKAGE) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for path in sorted(package.rglob("*.py")):
        if "node_modules" in path.parts:
            continue
        edges = found.setdefault(module_name(path, package), {})
        for target, line in imports(path, package):
            if target != module_name(path, package):
                edges.setdefault(target, line)
    return found


def cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """Every circle of imports, each once (Tarjan's strongly connected components)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def backward(edges: dict[str, dict[str, int]]) -> list[str]:
    return [f"{source} (line {line}) imports {target}: {STAGES[stage(target)]} comes after {STAGES[stage(source)]}"
            for source, targets in sorted(edges.items()) for target, line in sorted(targets.items())
            if stage(target) > stage(source)]


def test_every_module_belongs_to_a_stage() -> None:
    assert sorted({module.split(".")[0] for module in graph()} - set(STAGES)) == []


def test_no_import_goes_in_a_circle() -> None:
    assert cycles(graph()) == []


def test_no_stage_imports_a_later_one() -> None:
    assert backward(graph()) == []


def test_the_graph_sees_imports_inside_functions_and_relative_ones() -> None:
    edges = graph()
    assert "checks.site" in edges["cli.main"]  # imported inside a function: only check-site needs it
    assert "data.load" in edges["data.validate"]


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A copy of the package with a circle made on purpose: load imports validate inside a
    function (validate imports load), and the data stage imports the pages."""
    import shutil

    copy = tmp_path / "generator"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("node_modules", "__pycache__"))
    load = copy / "data" / "load.py"
    load.write_text(load.read_text(encoding="utf-8") + "\n\ndef _later() -> None:\n    from . import validate\n"
                    "    from ..pages import render\n", encoding="utf-8")
    return copy


def test_a_circle_made_on_purpose_is_found(broken: Path) -> None:
    edges = graph(broken)
    assert ["data.load", "data.validate"] in cycles(edges)
    assert any(line.startswith("data.load (line") and "imports pages.render" in line for line in backward(edges))
