"""Search (Pagefind, generator/search.py): one index per edition, activities as results of their own,
filters from the templates' data attributes, nothing downloaded before a search, the whole flow
with the keyboard; and a build whose index step fails leaves the previous site in place."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from generator.checks import site as sitecheck
from generator.data import languages
from generator.engine.postprocess import policy_for
from generator.search.index import Record, edition_files, index_site, page_url, records
from tests.conftest import LATER, ROOT, run_cli


@pytest.fixture(scope="module")
def site(built_sites: dict[str, Path]) -> Path:
    return built_sites["later"]


@pytest.fixture(scope="module")
def root(site: Path) -> Iterator[str]:
    with sitecheck.serve_site(site, sitecheck.base_path()) as address:
        yield address


def new_page(browser: Browser, javascript: bool = True) -> tuple[Page, list[str]]:
    page = browser.new_context(locale="sv-SE", java_script_enabled=javascript).new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    return page, asked


def search(page: Page, words: str) -> list[dict[str, str]]:
    page.fill("#site-search-query", words)
    page.press("#site-search-query", "Enter")
    # The count (a live region) ends with the words in quotes once the results are there. (No
    # wait_for_function: its text would be eval'd in the page, which the page's policy refuses.)
    expect(page.locator(".site-search__count")).to_contain_text(re.compile("[\u201d\u201c]"))
    return results(page)


def changed(page: Page, before: str) -> None:
    """Wait until the count has changed from `before` and has its final words: it says "Söker …"
    while the search runs, with the old results gone and the new ones not yet there."""
    expect(page.locator(".site-search__count")).not_to_have_text(before)
    expect(page.locator(".site-search__count")).to_contain_text(re.compile("[\u201d\u201c]"))


def results(page: Page) -> list[dict[str, str]]:
    items = page.locator(".site-search__result")
    return [{"title": items.nth(i).locator("h3").inner_text(),
             "href": str(items.nth(i).locator("a").get_attribute("href")),
             "text": items.nth(i).inner_text()} for i in range(items.count())]


# --- the index, without a browser ------------------------------------------------------------

def test_each_edition_has_its_own_index(site: Path) -> None:
    for prefix, lang in (("", "sv"), ("en/", "en")):
        entry = json.loads((site / prefix / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert list(entry["languages"]) == [lang]
        assert not (site / prefix / "pagefind" / "pagefind-ui.js").exists()  # the site has its own interface
    assert not (site / "search").exists()  # no lunr index any more


def test_the_default_editions_files_leave_out_the_other_editions(tmp_path: Path) -> None:
    for rel in ("index.html", "loften/x/index.html", "en/index.html", "lattlast/index.html", "pagefind/x.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("<html></html>", encoding="utf-8")
    editions = languages.editions(("sv", "en", languages.EASY_READ))
    files = {e.code: [p.relative_to(tmp_path).as_posix() for p in edition_files(tmp_path, e, editions)]
             for e in editions}
    assert files == {"sv": ["index.html", "loften/x/index.html"], "en": ["en/index.html"],
                     languages.EASY_READ: ["lattlast/index.html"]}
    assert page_url(tmp_path / "loften/x/index.html", tmp_path) == "/loften/x/"
    # the same, whatever way the site's folder is written
    roundabout = tmp_path / "loften" / ".." / "."
    assert [p.resolve() for p in edition_files(roundabout, editions[0], editions)] == \
        [tmp_path / "index.html", tmp_path / "loften/x/index.html"]


def test_every_activity_result_opens_its_activity(site: Path) -> None:
    """An activity's result links to its heading's id (ids with hyphens too: the record's id was
    once written with Markdown's backslashes, which a raw HTML attribute keeps)."""
    anchors = []
    for page in sorted(site.glob("loften/*/index.html")):
        html = page.read_text(encoding="utf-8")
        for record in records(html, f"/loften/{page.parent.name}/", "sv"):
            if "#" in record.url:
                anchor = record.url.split("#", 1)[1]
                assert f' id="{anchor}"' in html, record.url
                anchors.append(anchor)
    assert "belysning-centrum" in anchors and "nattvandring" in anchors


def test_an_activity_is_a_record_of_its_own_with_its_status_and_filters(site: Path) -> None:
    html = (site / "loften/lerum-2019-2020/index.html").read_text(encoding="utf-8")
    found = list(records(html, "/loften/lerum-2019-2020/", "sv"))
    assert found[0].url == "/loften/lerum-2019-2020/" and "data-pagefind-body" in found[0].html
    assert 'data-search-record="nattvandring"' not in found[0].html  # in a record of its own
    assert "md-header" not in found[0].html  # only the body is sent
    walk = next(r for r in found if r.url.endswith("#nattvandring"))
    assert walk.html.count("data-pagefind-body") == 1 and "data-pagefind-ignore" not in walk.html
    assert 'data-pagefind-meta="status:Löpande"' in walk.html
    assert 'data-pagefind-filter="status:Löpande"' in walk.html
    assert 'data-pagefind-filter="period:Avslutat löfte (arkivet)"' in walk.html


def test_sending_only_the_body_gives_the_index_whole_pages_give(site: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """records() sends a page's body without the activity blocks Pagefind ignores there: the
    index must be the one the whole pages give."""
    from generator.search import index as search

    def whole_pages(html: str, url: str, lang: str) -> Iterator[Record]:
        found = list(records(html, url, lang))
        return iter([Record(url, html), *found[1:]])

    page = (site / "loften/lerum-2019-2020/index.html").read_text(encoding="utf-8")
    sent = [len(r.html) for r in records(page, "/", "sv")], [len(r.html) for r in whole_pages(page, "/", "sv")]
    assert sent[0][1:] == sent[1][1:] and sent[0][0] < sent[1][0] / 2
    indexes = {}
    for name in ("body", "whole"):
        copy = tmp_path / name
        shutil.copytree(site, copy)
        if name == "whole":
            monkeypatch.setattr(search, "records", whole_pages)
        index_site(copy, languages.editions(("sv", "en")))
        indexes[name] = {p.relative_to(copy).as_posix(): p.read_bytes() for p in copy.rglob("pagefind/**/*")
                         if p.is_file()}
    assert indexes["body"] == indexes["whole"] and len(indexes["body"]) > 20


def test_the_index_is_the_same_bytes_every_time(site: Path, tmp_path: Path) -> None:
    """Pagefind writes filter values in hash-map order; search.merge writes them sorted."""
    copies = []
    for name in ("a", "b", "c"):
        copy = tmp_path / name
        shutil.copytree(site, copy)
        index_site(copy, languages.editions(("sv", "en")))
        copies.append({p.relative_to(copy).as_posix(): p.read_bytes() for p in copy.rglob("*") if p.is_file()})
    assert copies[0] == copies[1] == copies[2]
    assert any(path.startswith("pagefind/filter/") for path in copies[0])


# --- shards: the index put together from parts, a rebuild redoing the changed ones ------------
EXAMPLE = ("sv", "en", "lattlast", "fi", "ar")  # the example's editions (site.languages)


def _pagefind_alone(records: list[Record], lang: str) -> dict[str, bytes]:
    """Pagefind's own files for all the records as one index (no shards)."""
    import base64

    from generator.search import index as search

    service = search._Service()
    try:
        index_id = service.ask({"type": "NewIndex", "config": {"force_language": lang, "keep_index_url": False}})
        service.add_all(index_id["index_id"], iter(records))
        answer = service.ask({"type": "GetFiles", "index_id": index_id["index_id"]})["files"]
    finally:
        service.close()
    return {str(f["path"]): base64.b64decode(f["content"]) for f in answer}


def _meaning(files: dict[str, bytes]) -> dict[str, object]:
    """What an index says, whatever its files are named: the pages' fragments (by name: both name
    them by content), every word with its postings, the chunks' ranges, the filters with their
    values, the meta fields. Pagefind lists a word's spellings in the order it met them (a hash
    map's within one page); merge sorts them, so they are compared sorted."""
    import gzip

    import cbor2

    def decode(data: bytes) -> object:
        return cbor2.loads(gzip.decompress(data)[len(b"pagefind_dcd"):])

    entry = json.loads(files["pagefind-entry.json"])
    [(language, about)] = entry.pop("languages").items()
    meta = decode(files[f"pagefind.{about.pop('hash')}.pf_meta"])
    assert isinstance(meta, list)
    words = []
    for _start, _end, name in meta[2]:
        chunk = decode(files[f"index/{name}.pf_index"])
        assert isinstance(chunk, list)
        words += [[word, postings, sorted(variants)] for word, postings, variants in chunk[0]]
    filters = {}
    for name, file in meta[3]:
        decoded = decode(files[f"filter/{file}.pf_filter"])
        assert isinstance(decoded, list)
        filters[name] = sorted((value, pages) for value, pages in decoded[1])
    fragments = {name: gzip.decompress(data) for name, data in files.items() if name.startswith("fragment/")}
    wasm = {name: data for name, data in files.items() if name == f"wasm.{about['wasm']}.pagefind"}
    return {"entry": entry, "language": language, "about": about, "version": meta[0], "pages": meta[1],
            "chunks": [chunk[:2] for chunk in meta[2]], "words": words, "filters": filters, "sorts": meta[4],
            "fields": meta[5], "fragments": fragments, "wasm": wasm}


def _assert_merge_is_pagefind(site: Path, editions: tuple[languages.Edition, ...],
                              which: tuple[languages.Edition, ...]) -> None:
    from generator.search import index as search

    for edition in which:
        pages = search._edition_pages(site, edition, editions)
        alone = _meaning(_pagefind_alone([record for _url, found in pages for record in found], edition.lang))
        merged = {}
        for size in (10**9, 2, 1):
            groups = search.shards(pages, size)
            parts = search._index_shards(groups, edition.lang)
            static = next(its_static for part, its_static in parts if part.pages)
            files = search.merge([part for part, _static in parts], static, edition.lang)
            merged[size] = {name: file.content() for name, file in files.items()}
            assert _meaning(merged[size]) == alone, (edition.code, size)
            if size == 1:
                assert len(groups) == len(pages) >= 10
        assert merged[1] == merged[2] == merged[10**9]
        assert len(alone["words"]) > 300 and alone["fields"] and alone["filters"]  # type: ignore[arg-type]


def test_an_index_put_together_from_shards_is_the_one_pagefind_makes_of_all_records(site: Path) -> None:
    """search.merge: the pages numbered on from shard to shard, the words' postings joined (their
    pages counted from the previous one), the meta fields renumbered, the chunks cut and named as
    Pagefind does. One shard, a shard per page, and shards of two pages give the same files."""
    from generator.search import index as search

    editions = languages.editions(EXAMPLE)
    _assert_merge_is_pagefind(site, editions, (editions[0], editions[-1]))  # Swedish; Arabic, right to left
    # pages without some meta field (an image) make shards whose meta fields are numbered otherwise
    pages = search._edition_pages(site, editions[0], editions)
    fields = [search._index_shards([found], "sv")[0][0].fields for _url, found in pages]
    assert len({tuple(f) for f in fields}) > 1


def test_shards_of_a_real_municipalitys_index_give_pagefinds_index(tmp_path: Path) -> None:
    """The same with Strängnäs' published promises (tests/cases/valid/real-strangnas: source in
    the file), Swedish and English."""
    site = tmp_path / "site"
    data = ROOT / "tests" / "cases" / "valid" / "real-strangnas" / "promises.yaml"
    run = run_cli("build", "--data", str(data), "--site", str(site), "--today", "2026-11-30", "--no-cache")
    assert run.returncode == 0, str(run)
    editions = languages.editions(("sv", "en"))
    _assert_merge_is_pagefind(site, editions, editions)


def _index_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and "pagefind/" in p.relative_to(site).as_posix()}


def test_a_rebuild_indexes_only_the_shards_whose_pages_changed(site: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """With a cache, Pagefind is sent only the shards whose records changed, and the index is the
    bytes a build without a cache makes; a cache file that cannot be read is indexed again."""
    from generator.search import index as search

    monkeypatch.setattr(search, "SHARD_PAGES", 2)
    editions, cache = languages.editions(EXAMPLE), tmp_path / "cache"
    copy, clean = tmp_path / "site", tmp_path / "clean"
    shutil.copytree(site, copy)

    def index(expected: list[int]) -> dict[str, bytes]:
        made = index_site(copy, editions, cache)
        assert [i.indexed for i in made] == expected, [(i.edition, i.indexed, i.shards) for i in made]
        assert all(i.shards >= 3 for i in made), [i.shards for i in made]
        shutil.rmtree(clean, ignore_errors=True)
        shutil.copytree(copy, clean)
        index_site(clean, editions)  # no cache: every shard indexed
        assert _index_files(copy) == _index_files(clean)
        return _index_files(copy)

    made = index_site(copy, editions, cache)  # an empty cache: every shard indexed
    assert all(i.indexed == i.shards for i in made)
    first = index([0, 0, 0, 0, 0])  # nothing changed: nothing sent to Pagefind
    page = copy / "loften" / "lerum-2019-2020" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Nattvandring", "Kvällsvandring"), encoding="utf-8")
    assert index([1, 0, 0, 0, 0]) != first  # the Swedish shard with that page
    shard = sorted((cache / "en").glob("*.shard"))[0]
    shard.write_bytes(b"not a shard")
    index([0, 1, 0, 0, 0])
    assert sorted(p.suffix for p in (cache / "sv").iterdir()).count(".static") == 1


def test_only_the_search_page_may_compile_webassembly(site: Path) -> None:
    for rel, allowed in (("sok/index.html", True), ("en/sok/index.html", True), ("index.html", False),
                         ("loften/lerum-2021-2022/index.html", False)):
        html = (site / rel).read_text(encoding="utf-8")
        policy = policy_for(html)
        assert ("'wasm-unsafe-eval'" in policy) is allowed, rel
        assert "'unsafe-eval'" not in policy and "connect-src 'self'" in policy


def test_a_failed_index_step_leaves_the_previous_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous", encoding="utf-8")
    run = run_cli("build", "--site", str(site), "--today", LATER, env={"PAGEFIND_BINARY_PATH": "/bin/false"})
    assert run.returncode == 1, str(run)
    assert "search index" in run.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder left behind


def test_serve_shows_the_pages_first_and_indexes_them_after(tmp_path: Path) -> None:
    """build_site(later=True), as serve runs it: the new pages are put in place with the index in
    use, and report.later makes the new index and removes the replaced site."""
    import datetime as dt

    from generator.build import BuildReport, build_site, make_project

    data = tmp_path / "promises.yaml"
    data.write_text((ROOT / "promises.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    project, site, today = make_project(data, ROOT / "content"), tmp_path / "site", dt.date.fromisoformat(LATER)
    first = BuildReport([], 0, {})
    assert build_site(project, site, today, report=first, later=True) == []
    assert first.search and first.later is not None  # nothing to keep: indexed in the build
    entry = site / "pagefind" / "pagefind-entry.json"
    before = entry.read_text(encoding="utf-8")
    first.later()
    data.write_text(data.read_text(encoding="utf-8").replace("Nattvandring", "Kvällsvandring"), encoding="utf-8")
    report = BuildReport([], 0, {})
    assert build_site(project, site, today, report=report, later=True) == []
    assert report.search == [] and report.later is not None
    assert "Kvällsvandring" in (site / "loften/lerum-2019-2020/index.html").read_text(encoding="utf-8")
    assert entry.read_text(encoding="utf-8") == before  # the index in use, for now
    assert [p.name.startswith(".site-old-") for p in tmp_path.iterdir() if p.name.startswith(".")] == [True]
    indexes = report.later()
    assert [i.edition for i in indexes] == ["sv", "en", "lattlast", "fi", "ar"]
    assert entry.read_text(encoding="utf-8") != before
    # the replaced site kept as the next build's starting point (build._spare), nothing else left
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site-spare", "promises.yaml", "site"]
    assert sorted(p.name for p in site.iterdir() if "pagefind" in p.name) == ["pagefind"]


# --- in the browser --------------------------------------------------------------------------

def test_nothing_of_the_search_is_downloaded_on_page_load(browser: Browser, root: str) -> None:
    page, asked = new_page(browser)
    try:
        for path in ("", "loften/lerum-2021-2022/", "en/", "sok/"):
            page.goto(root + path, wait_until="networkidle")
        assert [u for u in asked if "pagefind" in u or "sitemap" in u or "search_index" in u] == []
        assert [u for u in asked if "search." in u] == [root + "assets/stylesheets/search.css",
                                                        root + "assets/javascripts/search.js"]
    finally:
        page.context.close()


def test_swedish_search_finds_the_activity_with_its_status(browser: Browser, root: str) -> None:
    page, asked = new_page(browser)
    try:
        page.goto(root + "sok/", wait_until="networkidle")
        found = search(page, "nattvandring")
        walk = [r for r in found if r["href"].endswith("/loften/lerum-2019-2020/#nattvandring")]
        assert walk and walk[0]["title"] == "Nattvandring"
        assert "Status: Löpande" in walk[0]["text"] and "Medborgarlöfte Lerum 2019–2020" in walk[0]["text"]
        assert all("/en/" not in r["href"] for r in found)
        expect(page.locator("mark").first).to_have_text(re.compile(r"^nattvandr", re.IGNORECASE))
        assert any(u.endswith("/pagefind/pagefind.js") and "/en/" not in u for u in asked)
        page.click("a[href$='#nattvandring']")
        page.wait_for_url("**/loften/lerum-2019-2020/#nattvandring")
    finally:
        page.context.close()


def test_english_search_finds_english_pages_only(browser: Browser, root: str) -> None:
    page, asked = new_page(browser)
    try:
        page.goto(root + "en/sok/", wait_until="networkidle")
        found = search(page, "night walk")
        assert found, "no result"
        assert any(r["href"].endswith("/en/loften/lerum-2019-2020/#nattvandring") and r["title"] == "Night walking"
                   for r in found)
        assert all("/en/" in r["href"] for r in found)
        assert "Status: Ongoing" in next(r for r in found if r["href"].endswith("#nattvandring"))["text"]
        assert [u for u in asked if "pagefind" in u and "/en/pagefind/" not in u] == []
        expect(page.locator(".site-search__count")).to_have_text(re.compile(r"for “night walk”\.$"))
    finally:
        page.context.close()


def test_a_status_filter_narrows_the_results(browser: Browser, root: str) -> None:
    page, _ = new_page(browser)
    try:
        page.goto(root + "sok/", wait_until="networkidle")
        everything = search(page, "trygghet")
        assert len(everything) > 1
        before = page.locator(".site-search__count").inner_text()
        page.select_option("#site-search-filter-status", "Genomförd")
        changed(page, before)
        done = results(page)
        assert 0 < len(done) < len(everything)
        assert all("Status: Genomförd" in r["text"] for r in done)
    finally:
        page.context.close()


def test_the_whole_search_works_with_the_keyboard(browser: Browser, root: str) -> None:
    page, _ = new_page(browser)
    try:
        page.goto(root, wait_until="networkidle")
        for _ in range(30):  # from the top of the start page to the header's search button
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('md-header__search-link')"):
                break
        else:
            pytest.fail("the search button is not reached with Tab")
        page.keyboard.press("Enter")
        page.wait_for_url("**/sok/#site-search-query")
        expect(page.locator("#site-search-query")).to_be_focused()
        page.keyboard.type("nattvandring")
        page.keyboard.press("Enter")
        page.wait_for_selector(".site-search__result")
        expect(page.locator(".site-search__count")).to_contain_text("träff")  # set after the results
        page.keyboard.press("Tab")  # the search button
        page.keyboard.press("Tab")  # the first filter: status
        expect(page.locator("#site-search-filter-status")).to_be_focused()
        count = page.locator(".site-search__count").inner_text()
        page.keyboard.press("ArrowDown")  # the first status after "Alla"
        changed(page, count)
        while page.evaluate("document.activeElement.tagName") != "A":
            page.keyboard.press("Tab")
        if page.locator(".site-search__result").count():  # a link of the results is the next stop
            expect(page.locator(".site-search__result a:focus")).to_have_count(1)
        page.locator("#site-search-filter-status").focus()
        page.keyboard.press("Home")  # back to "Alla"
        page.wait_for_selector(".site-search__result a[href$='#nattvandring']")
        page.locator(".site-search__result a[href$='#nattvandring']").focus()
        page.keyboard.press("Enter")
        page.wait_for_url("**/loften/lerum-2019-2020/#nattvandring")
    finally:
        page.context.close()


def test_without_javascript_search_is_a_link_to_a_page_that_says_so(browser: Browser, root: str) -> None:
    page, _ = new_page(browser, javascript=False)
    try:
        page.goto(root + "loften/", wait_until="networkidle")
        page.click(".md-header__search-link")
        page.wait_for_url("**/sok/#site-search-query")
        expect(page.locator(".site-search__nojs")).to_contain_text("Sökningen behöver JavaScript", use_inner_text=True)
        expect(page.locator(".site-search__form")).to_be_hidden()
        expect(page.locator("a[href$='loften/']").first).to_be_attached()  # the lists instead
    finally:
        page.context.close()


# --- each edition's words (issue 31) ---------------------------------------------------------

EDITIONS = languages.editions(("sv", "lattlast", "en", "fi", "ar"))


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: e.code)
def test_each_editions_example_word_finds_something(browser: Browser, root: str, edition: languages.Edition) -> None:
    """The search box's example is a word of the edition's own pages (its own language where it has
    one), and searching it finds at least one result; the first query stays under the bench's
    300 kB."""
    page, _ = new_page(browser)
    sizes: list[int] = []
    try:
        page.goto(root + edition.prefix + "sok/", wait_until="networkidle")
        example = page.locator(".site-search__hint .site-search__example")
        expect(example).to_have_count(1)
        word = example.inner_text()
        assert word and example.get_attribute("lang") is None, f"{edition.code}: {word} is not in its own language"
        page.on("response", lambda r: sizes.append(len(r.body())) if "/pagefind/" in r.url else None)
        found = search(page, word)
        assert found, f"{edition.code}: its example {word!r} finds nothing"
        expect(page.locator(".site-search__result mark").first).to_be_visible()
        page.wait_for_load_state("networkidle")
        assert 0 < sum(sizes) <= 300_000, (edition.code, sum(sizes))
    finally:
        page.context.close()


def test_arabic_finds_a_word_written_with_an_attached_prefix(browser: Browser, root: str) -> None:
    """الأمان (the safety) finds the pages that say بالأمان (with safety): the query is also searched
    without its attached prefix."""
    page, _ = new_page(browser)
    try:
        page.goto(root + "ar/sok/", wait_until="networkidle")
        found = search(page, "الأمان")
        assert found, "nothing found for الأمان"
        assert all("/ar/" in r["href"] for r in found)
        expect(page.locator(".site-search__result mark").filter(has_text="بالأمان").first).to_be_visible()
    finally:
        page.context.close()


def test_finnish_finds_inflected_forms(browser: Browser, root: str) -> None:
    """turvallisuus (safety) finds turvallisuutta and turvallisuuden, the forms the pages use."""
    page, _ = new_page(browser)
    try:
        page.goto(root + "fi/sok/", wait_until="networkidle")
        found = search(page, "turvallisuus")
        assert found, "nothing found for turvallisuus"
        marks = page.locator(".site-search__result mark")
        expect(marks.filter(has_text="turvallisuu").first).to_be_visible()
        assert any(m.startswith(("turvallisuutta", "turvallisuuden")) for m in marks.all_inner_texts())
    finally:
        page.context.close()
