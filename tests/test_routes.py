"""One table of routes (pages/routes.py) knows every page's address: templates, outputs, the theme
and the site checks ask it by name, and no other code spells a page's path."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from generator.pages import posters, routes
from tests.conftest import ROOT

PACKAGE = ROOT / "generator"
# A page's path or address as the route table writes it: loften/…, kontakt.md, sok/ …
_SPELT = re.compile(r"^(\.\./)*(" + "|".join(sorted({re.escape(p.split("/")[0].removesuffix(".md"))
                                                  for p in routes.ROUTES.values() if p != "index.md"})) + r")(/|\.md)")


def _code_strings(path: Path) -> list[tuple[int, str]]:
    """The string constants of a module's code, without its docstrings and comments."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_module_but_the_route_table_spells_a_pages_path() -> None:
    found = [f"{path.relative_to(ROOT)}:{line}: {text!r}"
             for path in sorted(PACKAGE.rglob("*.py")) if "node_modules" not in path.parts
             and path != PACKAGE / "pages" / "routes.py"
             for line, text in _code_strings(path) if _SPELT.match(text)]
    assert found == []


def test_templates_and_the_theme_ask_for_pages_by_name() -> None:
    found = []
    for path in [*sorted((PACKAGE / "pages" / "templates").glob("*.j2")),
                 *sorted((PACKAGE / "engine" / "overrides").rglob("*.html"))]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for literal in re.findall(r"""["']([^"'{}\s]+)["']""", line):
                if _SPELT.match(literal) and "{#" not in line:
                    found.append(f"{path.relative_to(ROOT)}:{number}: {literal}")
    assert found == []


def test_the_check_finds_a_spelt_path() -> None:
    assert _SPELT.match("loften/index.md") and _SPELT.match("../../tillganglighet/") and _SPELT.match("sok.md")
    assert not _SPELT.match("feed.xml") and not _SPELT.match("data/promises.json")


def test_every_page_of_the_example_has_a_route(built_sites: dict[str, Path]) -> None:
    """Every page of every edition is a route's address, or a further page (sida-N) of one."""
    site = built_sites["later"]
    patterns = [re.compile("^" + re.escape(routes.address(name, "ID" if "{id}" in p else None))
                           .replace("ID", "[a-z0-9-]+") + r"(sida-\d+/)?$") for name, p in routes.ROUTES.items()]
    prefixes = ("en/", "lattlast/", "fi/", "ar/")
    pages = [p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("index.html")]
    pages = [p.removeprefix(next((x for x in prefixes if p.startswith(x)), "")) for p in pages]
    # besides the pages, two outputs are HTML of their own, addressed by their modules: the
    # embeddable cards (embed/<promise>/) and the survey posters (posters.poster_path)
    outputs = ("embed/", posters.poster_path("x").split("/")[0] + "/")
    strays = sorted({p for p in pages if not p.startswith(outputs) and not any(r.match(p) for r in patterns)})
    assert strays == []
    assert len(pages) > 100


@pytest.mark.parametrize(("name", "id", "expected"), [("promise", "lerum-2019", "loften/lerum-2019/"),
                                                      ("home", None, ""), ("contacts", None, "kontakt/")])
def test_addresses(name: str, id: str | None, expected: str) -> None:
    assert routes.address(name, id) == expected
    with pytest.raises(ValueError, match="id"):
        routes.path(name, None if id else "x")
