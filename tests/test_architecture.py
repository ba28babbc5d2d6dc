"""ARCHITECTURE.md stays a map: short, and naming only paths and modules that exist. The decisions
behind it are dated records in decisions/, each listed in decisions/README.md."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

MAP = ROOT / "ARCHITECTURE.md"
DECISIONS = ROOT / "decisions"
# Where a module the map names may live.
MODULE_HOMES = ("generator", "bench", "tests")

# A path into the repository: generator/pages/render.py, tests/test_layers.py, .github/workflows/…;
# <code> and <lang> stand for any name.
_PATH = re.compile(r"(?<![\w./-])((?:generator|tests|bench|\.github)/[\w./<>*-]*)")
# A module in backticks: `render.py`, `pages/render.py`, `helpers/text.py`.
_MODULE = re.compile(r"`((?:[\w-]+/)*[\w-]+\.py)`")
_RECORD_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")


def paths_in(text: str) -> list[str]:
    return sorted({m.rstrip(".,:;") for m in _PATH.findall(text)})


def path_exists(path: str, root: Path = ROOT) -> bool:
    """The path exists in the repository; a <placeholder> matches any one name."""
    pattern = re.sub(r"<[^>/]+>", "*", path.rstrip("/"))
    return any(root.glob(pattern)) if "*" in pattern else (root / pattern).exists()


def modules_in(text: str) -> list[str]:
    return sorted(set(_MODULE.findall(text)))


def module_exists(module: str, root: Path = ROOT) -> bool:
    """`render.py` or `pages/render.py`: a file of that name (with those folders) under a home."""
    if (root / module).is_file():
        return True
    return any(p.as_posix().endswith("/" + module)
               for home in MODULE_HOMES for p in (root / home).rglob(Path(module).name)
               if "node_modules" not in p.parts)


def records() -> list[Path]:
    return sorted(p for p in DECISIONS.glob("*.md") if p.name != "README.md")


def test_the_map_is_short() -> None:
    size = len(MAP.read_bytes())
    assert 8_000 <= size <= 15_000, f"ARCHITECTURE.md is {size} bytes: keep it a map of 8–15 kB"


def test_every_path_in_the_map_exists() -> None:
    found = paths_in(MAP.read_text(encoding="utf-8"))
    assert len(found) >= 10
    missing = [p for p in found if not path_exists(p)]
    assert not missing, f"ARCHITECTURE.md names paths that do not exist: {missing}"


def test_every_module_in_the_map_exists() -> None:
    found = modules_in(MAP.read_text(encoding="utf-8"))
    assert len(found) >= 20
    missing = [m for m in found if not module_exists(m)]
    assert not missing, f"ARCHITECTURE.md names modules that do not exist: {missing}"


def test_the_checks_find_what_does_not_exist() -> None:
    text = "`pages/render.py`, `routes.py` and generator/pages/wording/<code>.yaml; `pages/nothing.py`, " \
           "`search/render.py`, generator/nothing/ and tests/test_nothing.py."
    assert [m for m in modules_in(text) if not module_exists(m)] == ["pages/nothing.py", "search/render.py"]
    assert [p for p in paths_in(text) if not path_exists(p)] == ["generator/nothing/", "tests/test_nothing.py"]


def test_every_decision_is_dated_and_listed() -> None:
    index = (DECISIONS / "README.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([^)#]+\.md)\)", index))
    assert len(records()) >= 10
    for record in records():
        match = _RECORD_NAME.match(record.name)
        assert match, f"{record.name}: name a record YYYY-MM-DD-short-name.md"
        dt.date.fromisoformat(match.group(1))
        assert f"Date: {match.group(1)}" in record.read_text(encoding="utf-8"), f"{record.name}: its Date line"
        assert record.name in linked, f"{record.name} is not listed in decisions/README.md"
    dangling = [name for name in linked if not (DECISIONS / name).is_file()]
    assert not dangling, f"decisions/README.md links what does not exist: {dangling}"


@pytest.mark.parametrize("name", ["README.md", "ARCHITECTURE.md"])
def test_the_map_and_the_readme_link_the_decisions(name: str) -> None:
    assert "decisions/README.md" in (ROOT / name).read_text(encoding="utf-8")
