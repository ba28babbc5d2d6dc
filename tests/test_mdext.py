"""mdext: the pages the templates make convert to the same HTML with the inline patterns they
cannot contain left out (`generated: true`, what the build sets for them), on the example, the
published promises in tests/cases/valid/real-* and synthetic national data; hand-written pages
keep every pattern."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import pytest
from mkdocs.utils.meta import get_data

from bench.synthetic import generate
from generator import htmlpage, languages
from generator.build import load_model, make_project
from generator.engine import markdown_options
from generator.render import hand_written_names, render_docs
from tests.conftest import CASES, LATER, ROOT, SURVEY_OPEN, markdown_converters


def _docs(data: Path, today: dt.date) -> dict[str, bytes]:
    model, ui, problems = load_model(make_project(data), today)
    assert model is not None, problems
    return render_docs(model, ui, ROOT / "content")


@functools.cache
def _hand_written(code: str) -> frozenset[str]:
    return hand_written_names(ROOT / "content", (languages.edition(languages.DEFAULT),), languages.edition(code))


def _generated_pages(docs: dict[str, bytes]) -> dict[str, str]:
    """The Markdown pages the templates made (every edition's), by path; not those they wrote as
    HTML, which MkDocs gives to no converter (htmlpage.py)."""
    pages = {}
    for path, data in docs.items():
        code, _, rel = path.partition("/")
        if not rel.endswith(".md"):
            continue
        markdown, meta = get_data(data.decode("utf-8"))
        generated = markdown_options(rel, _hand_written(code))["generator.mdext"]["generated"]
        if generated and meta.get("body") != htmlpage.MARK:
            pages[path] = markdown
    return pages


def _same_html(pages: dict[str, str]) -> None:
    full, lean = markdown_converters()
    assert lean.inlinePatterns.get_index_for_name("link") >= 0
    assert "reference" in full.inlinePatterns and "reference" not in lean.inlinePatterns
    different = [path for path, text in sorted(pages.items())
                 if full.reset().convert(text) != lean.reset().convert(text)]
    assert not different, f"{len(different)} of {len(pages)} pages differ, e.g. {different[:5]}"


@pytest.mark.parametrize("today", [SURVEY_OPEN, LATER])
def test_the_examples_generated_pages_give_the_same_html_without_the_patterns_they_cannot_contain(today: str) -> None:
    pages = _generated_pages(_docs(ROOT / "promises.yaml", dt.date.fromisoformat(today)))
    assert any(path.startswith("fi/") for path in pages) and "sv/oppna-data.md" in pages  # code spans
    _same_html(pages)


@pytest.mark.parametrize("case", sorted(p.name for p in (CASES / "valid").glob("real-*")))
def test_published_promises_give_the_same_html_without_those_patterns(case: str) -> None:
    _same_html(_generated_pages(_docs(CASES / "valid" / case / "promises.yaml", dt.date(2026, 11, 30))))


def test_synthetic_national_data_gives_the_same_html_without_those_patterns(tmp_path: Path) -> None:
    data = tmp_path / "promises.yaml"
    data.write_text(generate(12, 1, dt.date(2025, 6, 1)), encoding="utf-8")
    pages = _generated_pages(_docs(data, dt.date(2025, 6, 1)))
    assert any(path.startswith("sv/platser/") for path in pages)
    assert any(path.startswith("en/ansvariga/") for path in pages)
    _same_html(pages)


def test_hand_written_pages_keep_every_pattern() -> None:
    """An editor's page may use a reference link or an autolink: it is converted with them."""
    default = languages.edition(languages.DEFAULT)
    hand_written = hand_written_names(ROOT / "content", (default,), languages.edition("en"))
    assert "om.md" in hand_written
    assert markdown_options("om.md", hand_written) == {"generator.mdext": {"generated": False}}
    assert markdown_options("loften/lerum-2019-2020.md", hand_written) == {"generator.mdext": {"generated": True}}
    full, lean = markdown_converters()
    text = "See [the police][police] or <https://polisen.se/>.\n\n[police]: https://polisen.se/\n"
    assert full.reset().convert(text).count("<a ") == 2
    assert lean.reset().convert(text).count("<a ") == 0  # what the option leaves out, shown
