"""htmlpage: the pages the templates write as HTML get from MkDocs what their Markdown form got
(heading ids, table of contents, anchors), and only those pages skip Python-Markdown."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import BuildError
from mkdocs.utils.meta import get_data

from generator.build import load_model, make_project
from generator.data.wording import DEFAULT_UI
from generator.engine.mkdocs import render_html_page
from generator.pages import htmlpage
from generator.pages.escape import md_escape
from generator.pages.helpers.text import html_text
from generator.pages.render import hand_written_names, render_docs
from tests.conftest import CASES, LATER, ROOT, SURVEY_OPEN, markdown_converter, run_cli

_CONVERTER = markdown_converter()
# Heading texts: letters that slugify folds or drops, digits, markup characters, repeats.
_TEXT = st.text(alphabet="aåÄé1 -_&<>\"'#*.:", min_size=1, max_size=12).filter(lambda t: t.strip())
_HEADINGS = st.lists(st.tuples(st.integers(1, 4), _TEXT, st.sampled_from([None, "x", "a", "a_1", "resultat"])),
                     min_size=1, max_size=8)


def _flat(tokens: list[Any]) -> list[tuple[int, str, str, int]]:
    """(level, id, name, number of children) of every token, depth first."""
    out = []
    for token in tokens:
        out.append((token["level"], token["id"], token["name"], len(token["children"])))
        out += _flat(token["children"])
    return out


@settings(max_examples=300, deadline=None)
@given(_HEADINGS)
def test_heading_ids_and_table_of_contents_are_those_python_markdown_makes(headings: list[Any]) -> None:
    """The same headings written as Markdown (as the templates once did) and as HTML: the same ids
    (slugs made unique against every id of the page, explicit ids kept) and the same toc tokens."""
    markdown = "\n\n".join("#" * level + " " + md_escape(text) + (f" {{ #{anchor} }}" if anchor else "")
                           for level, text, anchor in headings)
    body = "\n".join(f"<h{level}" + (f' id="{anchor}"' if anchor else "") + f">{html_text(text)}</h{level}>"
                     for level, text, anchor in headings)
    converted = _CONVERTER.reset().convert(markdown)
    written = htmlpage.heading_ids(body)
    assert re.findall(r' id="([^"]*)"', written) == re.findall(r' id="([^"]*)"', converted), (markdown, converted)
    assert _flat(htmlpage.toc_tokens(written)) == _flat(_CONVERTER.toc_tokens)
    assert htmlpage.anchor_ids(written) == set(re.findall(r' id="([^"]*)"', converted))


def test_a_hidden_heading_is_not_in_the_table_of_contents() -> None:
    body = htmlpage.heading_ids('<h1>Sök</h1>\n<h2 class="r" id="results" hidden>Sökresultat</h2>\n<h2>Bläddra</h2>')
    assert body.startswith('<h1 id="sok">Sök</h1>')
    assert [(t["id"], [c["id"] for c in t["children"]]) for t in htmlpage.toc_tokens(body)] == [("sok", ["bladdra"])]
    assert htmlpage.anchor_ids(body) == {"sok", "results", "bladdra"}


def test_every_page_the_templates_make_is_html_and_no_hand_written_page_is() -> None:
    for data, today in ((ROOT / "promises.yaml", SURVEY_OPEN), (ROOT / "promises.yaml", LATER),
                        (CASES / "valid" / "real-strangnas" / "promises.yaml", "2026-11-30")):
        model, ui, problems = load_model(make_project(data), dt.date.fromisoformat(today))
        assert model is not None, problems
        docs = render_docs(model, ui, ROOT / "content")
        for edition in model.editions:
            hand_written = hand_written_names(ROOT / "content", model.editions, edition)
            pages = {path.partition("/")[2]: get_data(data.decode())[1] for path, data in docs.items()
                     if path.startswith(f"{edition.code}/") and path.endswith(".md")}
            assert hand_written and hand_written <= pages.keys()
            assert {name for name, meta in pages.items() if meta.get("body") != htmlpage.MARK} == hand_written


def test_a_hand_written_page_is_markdown_whatever_its_front_matter_says(tmp_path: Path) -> None:
    """`body: html` is the templates' mark; on an editor's page it changes nothing: Markdown there
    stays Markdown (never HTML given to the site as it is)."""
    shutil.copy(CASES / "valid" / "minimal" / "promises.yaml", tmp_path / "promises.yaml")
    shutil.copytree(DEFAULT_UI, tmp_path / "content" / "ui")
    about = tmp_path / "content" / "pages" / "sv" / "om.md"
    about.parent.mkdir(parents=True, exist_ok=True)
    about.write_text("---\ntitle: Om\nbody: html\n---\n\n# Om sidan\n\nDet här är **fetstil**.\n", encoding="utf-8")
    run = run_cli("build", "--data", str(tmp_path / "promises.yaml"), "--site", str(tmp_path / "site"),
                  "--today", "2025-06-01")
    assert run.returncode == 0, str(run)
    article = BeautifulSoup((tmp_path / "site" / "om" / "index.html").read_text(encoding="utf-8"),
                            "html.parser").find("article")
    assert article is not None and article.find("strong").get_text() == "fetstil"
    assert "**" not in article.get_text()


def test_a_promise_pages_table_of_contents_lists_its_sections_and_activities(built_sites: dict[str, Path]) -> None:
    page = BeautifulSoup((built_sites["open"] / "loften" / "lerum-2019-2020" / "index.html").read_text(
        encoding="utf-8"), "html.parser")
    toc = page.find("nav", class_="md-nav--secondary")
    assert toc is not None
    links = [a["href"] for a in toc.find_all("a")]
    assert links[:4] == ["#bakgrund", "#det-har-vill-kommunen-och-polisen-astadkomma", "#aktiviteter",
                         "#trygghetsvandring"]
    assert "#kontakt" in links
    for anchor in links:  # each entry leads to a heading of the page
        assert page.find(id=anchor[1:]) is not None, anchor


def test_links_name_source_files_and_become_the_addresses_mkdocs_gives_them() -> None:
    pages = {"platser/floda.md": "../../platser/floda/", "index.md": "../../", "assets/a.png": "../../assets/a.png",
             "affisch/enkat/index.html": "../../affisch/enkat/"}
    body = ('<a href="../platser/floda.md#torget">Floda</a> <a href="../index.md">Start</a> '
            '<img src="../assets/a.png" /> <a href="../affisch/enkat/index.html">Affisch</a> '
            '<a href="https://polisen.se/?a=1&amp;b=2">P</a> <a href="#mal">Mål</a> <a href="../../data/x.json">x</a> '
            '<a href="mailto:a@b.se">a</a> <a href="../saknas.md#y">?</a> <a href="../../utanfor.md">?</a>')
    resolved, broken = htmlpage.resolve_links(body, "loften/x.md", pages.get)
    assert resolved == ('<a href="../../platser/floda/#torget">Floda</a> <a href="../../">Start</a> '
                        '<img src="../../assets/a.png" /> <a href="../../affisch/enkat/">Affisch</a> '
                        '<a href="https://polisen.se/?a=1&amp;b=2">P</a> <a href="#mal">Mål</a> '
                        '<a href="../../data/x.json">x</a> <a href="mailto:a@b.se">a</a> '
                        '<a href="../saknas.md#y">?</a> <a href="../../utanfor.md">?</a>')
    assert broken == ["../saknas.md#y", "../../utanfor.md"]


def test_a_link_to_a_page_that_does_not_exist_fails_the_build() -> None:
    source = SimpleNamespace(src_uri="loften/x.md", url_relative_to=lambda other: "../../loften/x/")
    files = SimpleNamespace(get_file_from_path=lambda path: source if path == "loften/x.md" else None)
    page = SimpleNamespace(markdown='<h1 id="x">X</h1>\n<p><a href="x.md#mal">här</a></p>', file=source)
    render_html_page(page, None, files)
    assert page.content == '<h1 id="x">X</h1>\n<p><a href="../../loften/x/#mal">här</a></p>'
    assert [(item.title, item.id) for item in page.toc] == [("X", "x")] and page.present_anchor_ids == {"x"}
    page.markdown = '<p><a href="y.md">där</a></p>'
    with pytest.raises(BuildError, match=re.escape("loften/x.md links to pages that do not exist: y.md")):
        render_html_page(page, None, files)
