"""render: escaping, links, and golden Markdown of the example in both languages."""

from __future__ import annotations

import datetime as dt
import functools
import html
import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import load_model, make_project
from generator.data import schema
from generator.pages.escape import md_escape
from generator.pages.helpers.addresses import source_link, tel_uri
from generator.pages.render import render_docs, write_tree
from tests.conftest import ROOT, SURVEY_OPEN, markdown_converter

GOLDEN = Path(__file__).parent / "golden"


def _day(value: dt.date) -> schema.PeriodDate:
    return schema.PeriodDate(value.year, value.month, value.day)


@pytest.fixture(scope="module")
def example_docs() -> dict[str, bytes]:
    model, ui, problems = load_model(make_project(), dt.date.fromisoformat(SURVEY_OPEN))
    assert model is not None, problems
    return render_docs(model, ui, ROOT / "content")


def test_md_escape_makes_markup_inert() -> None:
    assert md_escape("<script>alert(1)</script>") == "&lt;script&gt;alert\\(1\\)&lt;/script&gt;"
    assert md_escape("[x](javascript:alert(1))") == "\\[x\\]\\(javascript\\:alert\\(1\\)\\)"
    assert md_escape("**bold** _it_ `code` # h\n\n- item") == "\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\# h - item"
    assert md_escape("{{ 7*7 }} :material-x:") == "\\{\\{ 7\\*7 \\}\\} \\:material-x\\:"
    # -, + and a number's . begin a block only at the start of a line: escaped there, not inside one
    assert md_escape("- item") == "\\- item" and md_escape("+ item") == "\\+ item"
    assert md_escape("2019. Trygghet") == "2019\\. Trygghet"
    assert md_escape("Möte 2025-05-03, kl. 18.") == "Möte 2025-05-03, kl. 18."
    assert md_escape("a\n- b\n  3. c", collapse=False) == "a\n\\- b\n  3\\. c"


# Every character Markdown or our extensions give a meaning, at the start, inside and at the end of
# a text, with spaces and line breaks, so that lines may start with any of them.
_MARKUP = st.text(alphabet="ab1 -+.=#*_`[]()<>&!:|{}\\\"'~\n\t", min_size=1, max_size=24)
_CONVERTER = markdown_converter()


@settings(max_examples=300, deadline=None)
@given(_MARKUP, _MARKUP)
def test_escaped_text_is_shown_as_written_wherever_our_markdown_puts_it(first: str, second: str) -> None:
    """Where the Markdown the project writes (the example notice on hand-written pages, the
    summaries of `diff` and of a check) puts an escaped text: a paragraph of its own, after a list
    marker, after a bold label, in a heading, and two texts on consecutive lines; Python-Markdown
    with the extensions of mkdocs.yml shows exactly the text, no element."""
    a, b = " ".join(first.split()), " ".join(second.split())
    if not a or not b:
        return
    cases = [  # (Markdown, the element it becomes, what the template wrote before the text there, the text)
        (md_escape(first), "p", "", a),
        ("- " + md_escape(first), "li", "", a),
        ("- **X:** " + md_escape(first), "li", "<strong>X:</strong> ", a),
        ("### " + md_escape(first), "h3", "", a),
        (md_escape(first) + "\n" + md_escape(second), "p", "", a + "\n" + b),
    ]
    for source, tag, lead, expected in cases:
        out = _CONVERTER.reset().convert(source)
        match = re.fullmatch(rf"(?:<ul>\n)?<{tag}(?: id=\"[^\"]*\")?>{re.escape(lead)}(.*)</{tag}>(?:\n</ul>)?", out,
                             re.DOTALL)
        assert match, (source, out)
        assert "<" not in match.group(1), (source, out)
        assert html.unescape(match.group(1)) == expected, (source, out)


def test_links_and_phone_numbers() -> None:
    assert source_link("loften", "kontakt.md") == "../kontakt.md"  # as a Markdown link names a file
    assert source_link("loften", "assets/images/a.svg") == "../assets/images/a.svg"
    assert source_link("", "loften/x.md") == "loften/x.md" and source_link("uppdateringar", "index.md") == "../index.md"
    assert tel_uri("010-56 57 421") == "+46105657421"
    assert tel_uri("0302-521681") == "+46302521681"


def test_every_page_exists_in_every_edition(example_docs: dict[str, bytes]) -> None:
    pages = {p for p in example_docs if p.endswith(".md")}
    by_edition = {code: {p.removeprefix(f"{code}/") for p in pages if p.startswith(f"{code}/")}
                  for code in ("sv", "en", "lattlast", "fi", "ar")}
    assert {p.split("/")[0] for p in pages} == by_edition.keys()
    for found in by_edition.values():
        assert found == {"index.md", "loften/index.md", "loften/lerum-2019-2020.md", "loften/lerum-2021-2022.md",
                         "arkiv/index.md", "uppdateringar/index.md", "platser/index.md", "platser/lerum-station.md",
                         "platser/floda-station.md", "platser/lerum-centrum.md", "ansvariga/index.md",
                         "ansvariga/kommunen.md", "ansvariga/polisen.md", "kontakt.md", "tillganglighet.md",
                         "om.md", "oppna-data.md", "sok.md"}


NOTICES = (b'!!! warning "', b'<div class="admonition warning">')  # a hand-written page's, a generated page's


def test_example_notice_follows_the_setting(example_docs: dict[str, bytes]) -> None:
    for path, data in example_docs.items():
        if path.endswith(".md"):
            assert any(notice in data for notice in NOTICES), path
    model, ui, _ = load_model(make_project(), dt.date.fromisoformat(SURVEY_OPEN))
    assert model is not None
    from dataclasses import replace

    quiet = replace(model, document=replace(model.document, site=replace(model.document.site, example_data=False)))
    quiet_docs = render_docs(quiet, ui, ROOT / "content")
    assert not any(notice in d for p, d in quiet_docs.items() if p.endswith(".md") for notice in NOTICES)


def golden_cases() -> list[str]:
    return sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md"))


def test_golden_files_cover_every_generated_page(example_docs: dict[str, bytes]) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        write_tree(GOLDEN, {p: d for p, d in example_docs.items() if p.endswith(".md")})
    assert golden_cases() == sorted(p for p in example_docs if p.endswith(".md"))


@pytest.mark.parametrize("path", golden_cases())
def test_rendered_markdown_matches_golden(path: str, example_docs: dict[str, bytes]) -> None:
    expected = (GOLDEN / path).read_text(encoding="utf-8")
    assert example_docs[path].decode("utf-8") == expected, f"run UPDATE_GOLDEN=1 make test to accept changes to {path}"


def test_write_tree_writes_only_changes_and_removes_stale_files(tmp_path: Path) -> None:
    assert write_tree(tmp_path, {"a.md": b"1", "d/b.md": b"2"}) == ["a.md", "d/b.md"]
    assert write_tree(tmp_path, {"a.md": b"1", "d/b.md": b"2"}) == []  # nothing to do: no rebuild loop
    assert write_tree(tmp_path, {"a.md": b"3"}) == ["a.md", "d/b.md"]
    assert not (tmp_path / "d").exists()  # an emptied folder goes too
    write_tree(tmp_path, {"a.md": b"3", "x/y/z.md": b"4"})
    assert write_tree(tmp_path, {"a.md": b"3"}) == ["x/y/z.md"] and not (tmp_path / "x").exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.md"]


def test_long_lists_continue_on_numbered_pages() -> None:
    from dataclasses import replace

    from generator.pages.routes import PAGE_SIZE, page_path, paginate

    assert page_path("loften/index.md", 1) == "loften/index.md"
    assert page_path("loften/index.md", 2) == "loften/sida-2.md"
    assert page_path("platser/torget.md", 3) == "platser/torget/sida-3.md"
    pages = paginate("uppdateringar/index.md", "updates.html.j2", tuple(range(2 * PAGE_SIZE + 1)), {})
    assert [(p.path, len(p.context["items"]), p.context["pager"].previous, p.context["pager"].next)
            for p in pages] == [
        ("uppdateringar/index.md", PAGE_SIZE, None, "uppdateringar/sida-2.md"),
        ("uppdateringar/sida-2.md", PAGE_SIZE, "uppdateringar/index.md", "uppdateringar/sida-3.md"),
        ("uppdateringar/sida-3.md", 1, "uppdateringar/sida-2.md", None)]
    assert [len(p.context["items"]) for p in paginate("x/index.md", "t", (), {})] == [0]  # an empty list: one page

    model, ui, _ = load_model(make_project(), dt.date(2021, 10, 20))
    assert model is not None
    promise = model.document.promises[1]
    walks = promise.activities[0]
    many = replace(walks, updates=walks.updates + tuple(
        replace(walks.updates[0], date=_day(dt.date(2021, 5, 1) + dt.timedelta(days=i))) for i in range(2 * PAGE_SIZE)))
    document = replace(model.document, promises=(model.document.promises[0], replace(
        promise, activities=(many, *promise.activities[1:]))))
    from generator.model import build_model

    docs = render_docs(build_model(document, dt.date(2021, 10, 20)), ui, ROOT / "content")
    # The updates are paged by age (see the next test): the newest on the first page, with no number.
    first = docs["sv/uppdateringar/index.md"].decode()
    assert '<h1 id="alla-uppdateringar">Alla uppdateringar</h1>\n' in first
    assert '\n<p><a href="sida-1.md">Nästa sida</a></p>\n' in first and "Sida " not in first
    older = docs["sv/uppdateringar/sida-1.md"].decode()
    days = "17 september 2019 – 15 maj 2021"  # its oldest and its newest update's day
    assert f'title: "Alla uppdateringar ({days})"' in older and f">Alla uppdateringar ({days})</h1>" in older
    assert f'\n<p>{days} · <a href="index.md">Föregående sida</a></p>\n' in older and "Nästa sida" not in older
    assert "sv/uppdateringar/sida-2.md" not in docs
    # The place of the walks: its own list continues beside its page, and links back.
    assert '<a href="lerum-centrum/sida-2.md">Nästa sida</a>' in docs["sv/platser/lerum-centrum.md"].decode() or \
        "sv/platser/lerum-centrum/sida-2.md" not in docs  # one activity per update: the place list stays short
    owner = docs["en/ansvariga/kommunen.md"].decode()
    assert "Page 1 of" not in owner  # activities, not updates, are listed there


def test_a_list_paged_by_age_changes_only_its_first_page_when_an_entry_is_added() -> None:
    from generator.pages.routes import PAGE_SIZE, paginate_by_age

    def pages(count: int) -> dict[str, tuple[tuple[int, ...], object]]:
        newest_first = tuple(range(count - 1, -1, -1))  # an entry's number is its age: 0 the oldest
        return {p.path: (p.context["items"], p.context["pager"])
                for p in paginate_by_age("u/index.md", "t", newest_first, {}, day=lambda n: n)}

    before = pages(3 * PAGE_SIZE + 3)
    assert {path: (items[0], items[-1], pager.previous, pager.next, pager.days)
            for path, (items, pager) in before.items()} == {
        "u/index.md": (77, 2 * PAGE_SIZE, None, "u/sida-2.md", None),  # the newest, with the last whole page
        "u/sida-2.md": (2 * PAGE_SIZE - 1, PAGE_SIZE, "u/index.md", "u/sida-1.md", (PAGE_SIZE, 2 * PAGE_SIZE - 1)),
        "u/sida-1.md": (PAGE_SIZE - 1, 0, "u/sida-2.md", None, (0, PAGE_SIZE - 1))}
    after = pages(3 * PAGE_SIZE + 4)
    assert [path for path in after if after[path] != before[path]] == ["u/index.md"]
    grown = pages(4 * PAGE_SIZE)  # a whole page more: it gets its own address, beside the first
    assert [path for path in grown if grown[path] != before.get(path)] == ["u/index.md", "u/sida-3.md", "u/sida-2.md"]
    assert grown["u/sida-2.md"][0] == before["u/sida-2.md"][0]  # the same entries; only its link to newer moved
    assert grown["u/sida-2.md"][1].previous == "u/sida-3.md"
    assert [len(items) for items, _ in pages(PAGE_SIZE * 2 - 1).values()] == [2 * PAGE_SIZE - 1]  # one page
    assert [len(items) for items, _ in pages(0).values()] == [0]


def test_no_list_item_runs_into_the_one_before(example_docs: dict[str, bytes]) -> None:
    """Jinja's trim_blocks eats the newline after a block tag that ends a line: two items then
    share one line ("…)- [next]"), which Markdown shows as one item."""
    for path, data in example_docs.items():
        if path.endswith(".md"):
            glued = [line for line in data.decode().splitlines() if re.search(r"[^\s]- \[", line)]
            assert glued == [], path


# Golden Markdown of real published promises (tests/cases/valid/real-*), both languages: every
# shape of real promises renders on a promise page (targets with progress, themes, areas,
# extensions, month-only dates, documents, results made by one party, a contact function).
REAL_GOLDEN = Path(__file__).parent / "golden-real"
REAL_PAGES = {
    "real-strangnas": ("loften/strangnas-2019.md", "loften/strangnas-2022-2023.md", "platser/hela-kommunen.md",
                       "tillganglighet.md"),
    "real-vingaker": ("loften/vingaker-2017.md",),
    "real-vadstena": ("loften/vadstena-2018.md",),
}


@functools.cache
def real_docs(case: str) -> dict[str, bytes]:
    data = ROOT / "tests" / "cases" / "valid" / case / "promises.yaml"
    model, ui, problems = load_model(make_project(data), dt.date(2026, 11, 30))
    assert model is not None, problems
    return render_docs(model, ui, ROOT / "content")


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(("case", "page"), [(c, p) for c, pages in REAL_PAGES.items() for p in pages])
def test_real_case_matches_golden(case: str, page: str, lang: str) -> None:
    path = f"{lang}/{page}"
    golden = REAL_GOLDEN / case / path
    docs = real_docs(case)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(docs[path])
    assert docs[path].decode("utf-8") == golden.read_text(encoding="utf-8"), path


def test_a_site_of_several_municipalities_can_be_searched_by_municipality(tmp_path: Path) -> None:
    """The municipality filter comes from the organisations' kind, and only where there are several."""
    from bench.synthetic import generate

    today = dt.date(2025, 6, 1)
    data = tmp_path / "promises.yaml"
    data.write_text(generate(3, 1, today), encoding="utf-8")
    model, ui, problems = load_model(make_project(data, ROOT / "content"), today)
    assert model is not None, problems
    docs = render_docs(model, ui, ROOT / "content")
    municipalities = {o.name.get("sv") for o in model.document.organisations if o.kind == "municipality"}
    assert len(municipalities) == 3
    promise = model.promises[0]
    page = docs[f"sv/loften/{promise.promise.id}.md"].decode()
    found = set(re.findall(r'data-pagefind-filter="municipality:([^"]+)"', page))
    assert found and found <= municipalities
    single, ui, _ = load_model(make_project(), dt.date.fromisoformat(SURVEY_OPEN))
    assert single is not None
    assert "municipality:" not in render_docs(single, ui, ROOT / "content")["sv/loften/lerum-2019-2020.md"].decode()
