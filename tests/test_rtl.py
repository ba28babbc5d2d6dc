"""Right to left, and each edition in its own words (issue 31): a Swedish text in the Arabic edition
keeps its own direction, names of mixed direction are isolated, the "(in Swedish only)" note does
not break inside itself; og:locale names a territory; the header's search button and the search
page say the same word."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, expect

from generator.checks import site as sitecheck
from generator.data import languages

EDITIONS = languages.editions(("sv", "lattlast", "en", "fi", "ar"))
ARABIC = languages.edition("ar")


@pytest.fixture(scope="module")
def site(built_sites: dict[str, Path]) -> Path:
    return built_sites["later"]


@pytest.fixture(scope="module")
def root(site: Path) -> Iterator[str]:
    with sitecheck.serve_site(site, sitecheck.base_path()) as address:
        yield address


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def arabic_pages(site: Path) -> list[Path]:
    return sorted((site / ARABIC.prefix).rglob("*.html"))


def test_the_swedish_about_page_in_the_arabic_edition_is_left_to_right(site: Path) -> None:
    """/ar/om/ has no Arabic text of its own: the Swedish one is marked Swedish and left to right,
    so "Hur tas ett löfte fram?" keeps its question mark at the end."""
    page = soup(site / ARABIC.prefix / "om" / "index.html")
    block = page.find("div", attrs={"lang": "sv"})
    assert block is not None and block.get("dir") == "ltr"
    assert "Hur tas ett löfte fram?" in block.get_text()


def test_table_of_contents_entries_read_in_their_own_direction(site: Path) -> None:
    """The table of contents of /ar/om/ lists Swedish headings: each entry takes its own direction,
    and a promise page's entries leave out the "(in Swedish only)" notes of their headings."""
    about = soup(site / ARABIC.prefix / "om" / "index.html")
    entries = about.select("nav.md-nav--secondary .md-nav__link .md-ellipsis")
    assert entries and all(e.get("dir") == "auto" for e in entries)
    assert "Hur tas ett löfte fram?" in [e.get_text(strip=True) for e in entries]
    promise = soup(site / ARABIC.prefix / "loften" / "lerum-2019-2020" / "index.html")
    titles = [e.get_text(strip=True) for e in promise.select("nav.md-nav--secondary .md-nav__link .md-ellipsis")]
    assert "Nattvandring" in titles and not [t for t in titles if "(" in t]


def test_every_swedish_text_in_the_arabic_edition_is_left_to_right(site: Path) -> None:
    pages = arabic_pages(site)
    assert len(pages) > 15
    for path in pages:
        body = soup(path).body
        assert body is not None
        for element in body.find_all(attrs={"lang": "sv"}):
            if element.name == "a" and element.get("hreflang"):
                continue  # the language switcher's links, which carry their own dir
            assert element.get("dir") == "ltr", (path.relative_to(site).as_posix(), str(element)[:200])


def test_names_in_the_arabic_edition_are_isolated(site: Path) -> None:
    """A contact's name with their organisation is one isolated run (<bdi>), as is a name the
    edition has in its own words."""
    contacts = soup(site / ARABIC.prefix / "kontakt" / "index.html")
    lines = [b.get_text() for b in contacts.select(".contact > p > bdi")]
    assert "Eva Strömblad, الشرطة السويدية" in lines and "Mikaela Andersson, بلدية Lerum" in lines
    promise = soup(site / ARABIC.prefix / "loften" / "lerum-2021-2022" / "index.html")
    assert promise.select(".contact > p > bdi > strong")


def test_a_contact_reads_name_then_organisation_on_the_arabic_page(browser: Browser, root: str) -> None:
    """On screen, "Eva Strömblad, الشرطة السويدية" (a Swedish name and an Arabic organisation) keeps
    its order: the name on the left of the organisation, not "الشرطة السويدية ,Eva Strömblad"."""
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    try:
        page.goto(root + ARABIC.prefix + "kontakt/")
        line = page.locator(".contact > p > bdi").first
        expect(line).to_have_text("Eva Strömblad, الشرطة السويدية")
        name, organisation = line.locator("strong").bounding_box(), line.locator("bdi").bounding_box()
        assert name is not None and organisation is not None
        assert name["x"] + name["width"] <= organisation["x"], (name, organisation)
    finally:
        page.context.close()


def test_the_arabic_status_cards_name_the_owners_each_isolated(site: Path) -> None:
    """The embeddable card's "period · owners" line: each name isolated, so "بلدية Lerum و ..." keeps
    its parts together (a Swedish name would also be marked: "Lerums · Polisen و kommun" was read)."""
    card = soup(site / ARABIC.prefix / "embed" / "lerum-2021-2022" / "index.html")
    line = card.select_one("p.period")
    assert line is not None
    assert [b.get_text() for b in line.find_all("bdi")] == ["بلدية Lerum", "الشرطة السويدية"]


def test_the_arabic_example_unit_is_arabic(site: Path) -> None:
    page = soup(site / ARABIC.prefix / "loften" / "lerum-2019-2020" / "index.html")
    header = page.select_one("figure.indicator th:nth-of-type(2)")
    assert header is not None and "procent" not in header.get_text() and "بالمئة" in header.get_text()


def test_the_fallback_note_does_not_break_inside_itself(browser: Browser, root: str) -> None:
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    try:
        page.goto(root + ARABIC.prefix + "loften/lerum-2021-2022/")
        note = page.locator("span.fallback").first
        expect(note).to_have_text("(باللغة السويدية فقط)")
        expect(note).to_have_css("display", "inline-block")  # moves to the next line whole
        box = note.bounding_box()
        assert box is not None and box["height"] < 40, box  # one line
    finally:
        page.context.close()


def test_search_filter_values_keep_their_own_direction(browser: Browser, root: str) -> None:
    """The filter values that are names (a Swedish organisation on the Arabic page) are shown in
    their own direction: dir="auto" on each option."""
    page = browser.new_context().new_page()
    try:
        page.goto(root + ARABIC.prefix + "sok/", wait_until="networkidle")
        page.fill("#site-search-query", "المواطنين")
        page.press("#site-search-query", "Enter")
        options = page.locator("#site-search-filter-organisation option")
        expect(options.nth(1)).to_have_attribute("dir", "auto")
        police = page.locator("#site-search-filter-organisation option").filter(has_text="Lerum")
        expect(police).to_have_attribute("dir", "auto")
    finally:
        page.context.close()


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: e.code)
def test_og_locale_is_language_and_territory_in_every_edition(site: Path, edition: languages.Edition) -> None:
    head = soup(site / edition.prefix / "index.html").head
    assert head is not None
    tag = head.find("meta", property="og:locale")
    assert tag is not None and tag["content"] == edition.og_locale
    expected = {"sv": "sv_SE", "lattlast": "sv_SE", "en": "en_GB", "fi": "fi_FI", "ar": "ar_EG"}
    assert tag["content"] == expected[edition.code]


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: e.code)
def test_the_search_button_and_the_search_page_say_the_same_word(site: Path, edition: languages.Edition) -> None:
    search = soup(site / edition.prefix / "sok" / "index.html")
    heading = search.find("h1")
    assert heading is not None
    for path in (site / edition.prefix / "index.html", site / edition.prefix / "sok" / "index.html"):
        button = soup(path).select_one("a.md-header__search-link")
        assert button is not None
        assert button["aria-label"] == button["title"] == heading.get_text(strip=True), path


def test_a_long_fallback_note_stays_on_a_phones_screen(browser: Browser, root: str) -> None:
    """Easy Swedish's note "(finns inte på lättläst svenska)" after a heading that fills the line
    goes to the next line, and the page stays as wide as the screen (it ran 4 px off it)."""
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    try:
        page.goto(root + "lattlast/loften/lerum-2021-2022/")
        note = page.locator("span.fallback").first
        expect(note).to_have_text("(finns inte på lättläst svenska)")
        page.evaluate("""() => { const h = document.querySelector('article h1');
            h.innerHTML = 'Medborgarlöfte Strängnäs 2019 ' + document.querySelector('span.fallback').outerHTML; }""")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 390
    finally:
        page.context.close()
