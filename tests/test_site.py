"""The built site as residents receive it: both languages, every fact of the promise, survey by date."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.data import languages
from generator.data.validate import validate_file
from generator.data.wording import DEFAULT_UI
from generator.engine.resources import find_external_resources
from tests.conftest import ROOT, SURVEY_OPEN, example_on, run_cli

_EXAMPLE = validate_file(ROOT / "promises.yaml", ROOT / "content").document
assert _EXAMPLE is not None
EDITIONS = _EXAMPLE.site.editions  # the example's five: sv, en, lättläst, fi, ar

PROMISE = "loften/lerum-2019-2020/index.html"
SURVEY_URL = "https://enkat.example.org/medborgardialog-lerum"
ACTIVITIES = {
    "sv": [
        ("Trygghetsvandring vid varje stationsområde", "kommunen och polisen",
         "Inventering för att kunna göra trygghetsskapande och brottsförebyggande åtgärder", "Genomförd"),
        ("Aktivt arbete för utemiljön", "kommunen",
         "Skapa trygga miljöer genom att snabbt åtgärda skadegörelse och klotter samt hålla platserna rena och "
         "trivsamma.", "Löpande"),
        ("Nattvandring", "kommunen", "Fortsätta stödja nattvandrarna för att utöka antalet aktiva nattvandrare",
         "Löpande"),
        ("Ökad synlighet och närvaro", "polisen", "Trygghetsskapande", "Löpande"),
        ("Hålla medborgardialog med frågeställningar om otrygghet", "kommunen och polisen",
         "Utvärdering om lovade aktiviteter gett resultat", "Pågår"),
    ],
    "en": [
        ("Safety walk at each station area", "the municipality and the police",
         "Survey the areas so that measures can be taken to increase safety and prevent crime", "Done"),
        ("Active work on the outdoor environment", "the municipality",
         "Create safe surroundings by quickly repairing vandalism and removing graffiti, and keeping the places "
         "clean and pleasant.", "Ongoing"),
        ("Night walking", "the municipality",
         "Keep supporting the night walkers, to increase the number of active night walkers", "Ongoing"),
        ("More visibility and presence", "the police", "To make people feel safe", "Ongoing"),
        ("Hold a citizen dialogue with questions about feeling unsafe", "the municipality and the police",
         "Evaluate whether the promised activities have had results", "In progress"),
    ],
}
FACTS = {
    "sv": ["1 juni 2019 – juni 2020",
           "Öka tryggheten och ge invånarna och andra aktörer möjligheten att aktivt bidra till detta.",
           "Medborgarlöfte har ökat den upplevda tryggheten i Floda", "BRÅ (brottsförebyggande rådet)",
           "december 2018", "Lerum och Floda", "eva.stromblad@polisen.se", "010-56 57 421",
           "mikaela.andersson@lerum.se", "0302-521681", "Film: Medborgarlöfte Lerum", "Fotograf: Annika Lindqvist"],
    "en": ["1 June 2019 – June 2020",
           "Increase safety and give residents and other parties the opportunity to contribute actively to it.",
           "The citizen promise has made people feel safer in Floda", "crime prevention council (BRÅ)",
           "December 2018", "Lerum and Floda", "eva.stromblad@polisen.se", "010-56 57 421",
           "mikaela.andersson@lerum.se", "0302-521681", "Photographer: Annika Lindqvist"],
}
PREFIX = {"sv": "", "en": "en/"}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(page: BeautifulSoup) -> str:
    return " ".join(page.get_text(" ").split())


def test_start_pages_exist(built_sites: dict[str, Path]) -> None:
    site = built_sites["open"]
    assert soup(site / "index.html").html["lang"] == "sv"  # type: ignore[index]
    assert soup(site / "en" / "index.html").html["lang"] == "en"  # type: ignore[index]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_promise_page_names_every_activity_with_owner_purpose_and_status(built_sites: dict[str, Path],
                                                                         lang: str) -> None:
    page = soup(built_sites["open"] / PREFIX[lang] / PROMISE)
    text = text_of(page)
    for title, owners, purpose, status in ACTIVITIES[lang]:
        heading = next(h for h in page.find_all("h3") if " ".join(h.get_text(" ").split()) == title)
        section = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            section.append(" ".join(sibling.get_text(" ").split()))
        body = " ".join(section)
        assert owners in body, (title, body)
        assert purpose in body, (title, body)
        assert status in body, (title, body)
    for fact in FACTS[lang]:
        assert fact in text, fact


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_survey_link_only_while_open(built_sites: dict[str, Path], lang: str) -> None:
    for page in ("index.html", PROMISE):
        open_page = (built_sites["open"] / PREFIX[lang] / page).read_text(encoding="utf-8")
        last_day = (built_sites["deadline"] / PREFIX[lang] / page).read_text(encoding="utf-8")
        closed_page = (built_sites["closed"] / PREFIX[lang] / page).read_text(encoding="utf-8")
        for still_open in (open_page, last_day):  # the deadline day is the last day to answer
            assert f'href="{SURVEY_URL}"' in still_open
            assert ("Svara senast 1 december 2019." if lang == "sv" else "Answer by 1 December 2019.") in still_open
            assert 'data-closes="2019-12-01"' in still_open  # where the script counts the days
        assert SURVEY_URL not in closed_page
        assert ("stängde 1 december 2019" if lang == "sv" else "closed on 1 December 2019") in closed_page


def test_survey_upcoming_shows_dates_without_link(tmp_path: Path) -> None:
    run = run_cli("build", "--site", str(tmp_path / "site"), "--today", "2019-10-15")
    assert run.returncode == 0, str(run)
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert SURVEY_URL not in page
    assert "Enkäten öppnar 1 november 2019" in page


@pytest.mark.parametrize("page", ["index.html", PROMISE, "kontakt/index.html", "om/index.html",
                                  "tillganglighet/index.html", "loften/index.html"])
def test_language_switcher_goes_to_the_same_page(built_sites: dict[str, Path], page: str) -> None:
    """Every edition's page links the same page in every other edition (any number of editions)."""
    from generator.checks.site import edition_prefixes

    site = built_sites["open"]
    editions = {e.prefix: e for e in EDITIONS}
    assert len(editions) == 5
    assert edition_prefixes(site) == sorted(editions, key=lambda p: (p != "", p))
    for prefix in editions:
        path = site / prefix / page
        html = soup(path)
        links = {str(a["data-edition"]): a for a in html.find_all("a", attrs={"data-edition": True})}
        assert sorted(links) == sorted(e.code for p, e in editions.items() if p != prefix), path
        for other, edition in editions.items():
            if other == prefix:
                continue
            link = links[edition.code]
            assert link["hreflang"] == edition.lang and link.get_text(strip=True) == edition.name
            target = (path.parent / link["href"]).resolve()  # type: ignore[operator]
            assert target == (site / other / page).parent.resolve(), (path, link["href"])


def test_every_page_has_its_editions_language_and_direction(built_sites: dict[str, Path]) -> None:
    site = built_sites["open"]
    editions = EDITIONS
    for edition in editions:
        others = [e.prefix for e in editions if e.prefix and e is not edition]
        pages = [p for p in (site / edition.prefix).rglob("*.html")
                 if p.name != "404.html" and not any(p.relative_to(site).as_posix().startswith(o) for o in others)]
        assert len(pages) >= 17
        for path in pages:
            tag = soup(path).html
            assert tag is not None and (tag["lang"], tag.get("dir")) == (edition.lang, edition.direction), path


def test_one_404_page_names_every_editions_start_page(built_sites: dict[str, Path]) -> None:
    site = built_sites["open"]
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("404.html")) == ["404.html"]
    page = soup(site / "404.html")
    links = {a["href"] for a in page.select("article a")}
    assert links == {f"/medborgarloften/{e.prefix}" for e in EDITIONS}
    assert "Sidan finns inte" in text_of(page) and "Page not found" in text_of(page)


def test_sitemap_lists_every_page_with_its_editions(built_sites: dict[str, Path]) -> None:
    import re

    site = built_sites["open"]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    base = "https://medborgarloften.github.io/medborgarloften/"
    pages = [p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("index.html")
             if "embed" not in p.parts and "affisch" not in p.parts]  # standalone pages
    assert sorted(re.findall(r"<loc>([^<]*)</loc>", sitemap)) == sorted(base + p for p in pages)
    entry = re.search(rf"<url>\s*<loc>{base}en/loften/</loc>(.*?)</url>", sitemap, re.DOTALL)
    assert entry is not None
    assert re.findall(r'hreflang="(\w+)" href="([^"]+)"', entry.group(1)) == [
        ("sv", base + "loften/"), ("en", base + "en/loften/"), ("fi", base + "fi/loften/"),
        ("ar", base + "ar/loften/")]  # lättläst is Swedish: listed, but not as an alternate of another language
    english = (site / "en" / "sitemap.xml").read_text(encoding="utf-8")
    assert all(url.startswith(base + "en/") for url in re.findall(r"<loc>([^<]*)</loc>", english))


def edition_pages(site: Path, edition: languages.Edition) -> list[Path]:
    """The pages of one edition (not those of the editions in folders below it, nor embeds)."""
    others = [e.prefix for e in EDITIONS if e.prefix and e is not edition]
    return [p for p in (site / edition.prefix).rglob("index.html")
            if "embed" not in p.parts and "affisch" not in p.parts
            and not any(p.relative_to(site).as_posix().startswith(o) for o in others)]


def test_every_page_links_the_accessibility_statement(built_sites: dict[str, Path]) -> None:
    import yaml

    site = built_sites["open"]
    for edition in EDITIONS:
        name = yaml.safe_load((DEFAULT_UI / f"{edition.code}.yaml").read_text())["accessibility_title"]
        pages = edition_pages(site, edition)
        # start, promises, 2 promise pages, updates, places + 3, owners + 2, archive, about, contact,
        # accessibility, open data, search (the standalone status cards and posters have no footer; a
        # poster links the statement in its screen-only header)
        assert len(pages) == 18, edition.code  # and search
        for path in pages:
            footer = soup(path).find("footer")
            assert footer is not None
            link = footer.find("a", string=name)
            assert link is not None, path
            assert (path.parent / link["href"]).resolve() == (site / edition.prefix / "tillganglighet").resolve()


def test_accessibility_statement_has_what_digg_requires(built_sites: dict[str, Path]) -> None:
    text = text_of(soup(built_sites["open"] / "tillganglighet" / "index.html"))
    for fact in ("Lerums kommun och Polisen", "Medborgarlöften i Lerum", "helt förenlig", "självskattning",
                 "25 november 2026", "Innehåll som inte omfattas av lagen", "Mikaela Andersson",
                 "Anmäl bristande tillgänglighet till Digg"):
        assert fact in text, fact


def test_no_resource_from_another_host(built_sites: dict[str, Path]) -> None:
    for site in built_sites.values():
        assert find_external_resources(site) == []
        for css in site.rglob("*.css"):
            assert "fonts.googleapis" not in css.read_text(encoding="utf-8")


def test_external_resource_check_catches_planted_ones(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text('<img src="https://evil.example.org/x.png"><a href="https://ok.example.org">ok</a>')
    (tmp_path / "b.css").write_text("@font-face{src:url(https://fonts.gstatic.com/x.woff2)}")
    (tmp_path / "c.html").write_text('<link rel="stylesheet" href="//cdn.example.org/x.css">')
    assert [(e.file, e.url) for e in find_external_resources(tmp_path)] == [
        ("a.html", "https://evil.example.org/x.png"),
        ("b.css", "https://fonts.gstatic.com/x.woff2"),
        ("c.html", "//cdn.example.org/x.css"),
    ]


def test_build_is_reproducible(built_sites: dict[str, Path], tmp_path: Path) -> None:
    first, second = built_sites["open"], tmp_path / "again"  # the session's build of the day, and one more
    assert run_cli("build", "--site", str(second), "--today", SURVEY_OPEN).returncode == 0
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    different = [f for f in files if (first / f).read_bytes() != (second / f).read_bytes()]
    assert different == []


def test_each_edition_is_a_plain_mkdocs_project() -> None:
    """The generated projects (.build/mkdocs.<code>.yml) build with plain `mkdocs build --strict`:
    no plugin or hook of ours is needed, as Zensical-style tools would take them."""
    import subprocess
    import sys

    assert run_cli("build", "--site", str(ROOT / ".pytest_cache" / "site"), "--today", "2019-11-20").returncode == 0
    for code in ("sv", "en"):
        config = ROOT / ".build" / f"mkdocs.{code}.yml"
        assert "Lerum" not in (ROOT / "generator" / "engine" / "mkdocs.yml").read_text(encoding="utf-8")
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
                                 "--site-dir", str(ROOT / ".pytest_cache" / f"site-direct-{code}")], cwd=ROOT,
                                capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        assert result.returncode == 0, result.stderr
        assert "WARNING -" not in result.stderr


def test_no_markdown_escape_is_left_visible(built_sites: dict[str, Path]) -> None:
    """Escaped text inside raw HTML would show its backslashes: every page is checked for them."""
    import re

    for site in built_sites.values():
        for path in site.rglob("*.html"):
            page = soup(path)
            for script in page.find_all("script"):
                script.decompose()
            leftover = re.findall(r".{0,20}\\[^\w\s].{0,20}", text_of(page))
            assert leftover == [], (path, leftover)


def test_fallback_text_is_marked_swedish_on_english_pages(tmp_path: Path) -> None:
    text = (ROOT / "promises.yaml").read_text(encoding="utf-8")
    text = text.replace("          en: Night walking\n", "", 1)
    focus = "      en: The citizen promise focuses on making the station areas in Lerum and Floda feel safer.\n"
    text = text.replace(focus, "", 1)
    data = tmp_path / "promises.yaml"
    data.write_text(text, encoding="utf-8")
    run = run_cli("build", "--data", str(data), "--content", str(ROOT / "content"), "--site", str(tmp_path / "site"),
                  "--today", "2019-11-20")
    assert run.returncode == 0, str(run)
    page = soup(tmp_path / "site" / "en" / PROMISE)
    assert page.html["lang"] == "en"  # type: ignore[index]
    heading = next(h for h in page.find_all("h3") if "Nattvandring" in h.get_text())
    assert heading.find("span", attrs={"lang": "sv"}) is not None
    assert heading.find("span", class_="fallback").get_text() == "(in Swedish only)"  # type: ignore[union-attr]
    focus = page.find(string=lambda s: s and "Medborgarlöftet har särskilt fokus" in s)
    assert focus is not None and focus.find_parent(attrs={"lang": "sv"}) is not None


@pytest.mark.parametrize(("today", "lang", "words"), [
    ("2019-11-20", "sv", "Ingen uppdatering sedan löftets start (1 juni 2019)."),
    ("2019-11-20", "en", "No update since the promise began (1 June 2019)."),
    ("2020-09-01", "sv", "Perioden är slut men aktiviteten har inte rapporterats som genomförd."),
])
def test_overdue_activities_are_flagged_in_words(built_sites: dict[str, Path], tmp_path: Path, today: str, lang: str,
                                                words: str) -> None:
    page = soup(example_on(today, built_sites, tmp_path / "site") / PREFIX[lang] / PROMISE)
    heading = page.find("h3", id="utemiljon")
    section = []
    for sibling in heading.find_next_siblings():
        if sibling.name == "h3":
            break
        section.append(" ".join(sibling.get_text(" ").split()))
    assert words in " ".join(section)


def test_a_long_list_continues_on_pages_that_link_each_other(tmp_path: Path) -> None:
    import datetime as dt

    example = (ROOT / "promises.yaml").read_text(encoding="utf-8")
    at = example.index("updates:\n", example.index("- id: foraldravandring")) + len("updates:\n")
    extra = "".join(
        f"          - date: {dt.date(2021, 4, 1) + dt.timedelta(days=i)}\n"
        f"            text: {{sv: Föräldravandring nummer {i}., en: Parents' walk number {i}.}}\n"
        f"            source: {{sv: Fältassistenternas logg, en: The outreach workers' log}}\n" for i in range(60))
    data = tmp_path / "promises.yaml"
    data.write_text(example[:at] + extra + example[at:], encoding="utf-8")
    site = tmp_path / "site"
    run = run_cli("build", "--data", str(data), "--content", str(ROOT / "content"), "--site", str(site),
                  "--today", "2021-10-20")
    assert run.returncode == 0, str(run)  # mkdocs --strict: every pager link resolves
    for prefix in ("", "en/"):
        # The updates are paged by age: older pages are cut from the oldest (sida-1), the newest
        # first page holds what is left with the last whole page (routes.paginate_by_age).
        updates = site / prefix / "uppdateringar"
        pages = [updates / "index.html", updates / "sida-1" / "index.html"]
        assert all(p.is_file() for p in pages) and not (updates / "sida-2").exists()
        for page in pages:
            pager = soup(page).find("nav", class_="pager")
            assert pager is not None, page
            for link in pager.find_all("a"):
                assert (page.parent / link["href"] / "index.html").resolve().is_file(), (page, link["href"])
        # 73 updates: the oldest 25 on sida-1, the newest 48 first; newest first across the pages
        counts = [len(soup(p).select("article li")) for p in pages]
        assert counts == [48, 25]
        assert "(" in soup(pages[1]).find("h1").get_text() and " – " in soup(pages[1]).find("h1").get_text()


def article_text(path: Path) -> str:
    article = soup(path).find("article")
    assert article is not None, path
    return text_of(article)


def test_views_on_a_later_day_archive_places_owners_updates(built_sites: dict[str, Path]) -> None:
    """2021-10-20: the first promise has ended, the second is current with overdue and reasoned work."""
    site = built_sites["later"]
    start = article_text(site / "index.html")
    assert "Medborgarlöfte Lerum 2021–2022" in start and "Aktiviteter som inte följts upp i tid: 2" in start
    assert "Avslutade medborgarlöften (1) finns i arkivet" in start
    archive = article_text(site / "arkiv" / "index.html")
    assert "Medborgarlöfte Lerum 2019–2020 : 1 juni 2019 – juni 2020" in archive
    assert "inte rapporterade som genomförda när perioden slutade: 3" in archive
    assert "Medborgarlöfte Lerum 2021–2022" not in archive
    # every promise keeps its address, ended or not
    assert (site / "loften" / "lerum-2019-2020" / "index.html").is_file()
    centre = article_text(site / "platser" / "lerum-centrum" / "index.html")
    assert "Bättre belysning i gångstråken i centrum : Försenad (orsak: Arbetet kan börja först när" in centre
    assert "Ingen uppdatering sedan 15 juni 2021." in centre
    floda = soup(site / "platser" / "floda-station" / "index.html")
    map_link = floda.find("a", href=lambda h: h and h.startswith("https://www.openstreetmap.org/"))
    assert map_link is not None and "mlat=57.80870&mlon=12.36080" in map_link["href"]
    assert soup(site / "platser" / "lerum-centrum" / "index.html").find(
        "a", href=lambda h: h and "openstreetmap" in h) is None  # no coordinates, no map link
    police = article_text(site / "en" / "ansvariga" / "polisen" / "index.html")
    assert "What Swedish Police Authority promised" in police
    assert "Police mobile office at Floda station : Cancelled (reason: The infection control rules" in police
    assert "Parents' walks" not in police  # the municipality's activity
    updates = article_text(site / "uppdateringar" / "index.html")
    dates = [d for d in ("1 oktober 2021", "10 september 2021", "15 juni 2021", "1 november 2019") if d in updates]
    assert dates == ["1 oktober 2021", "10 september 2021", "15 juni 2021", "1 november 2019"]
    assert updates.index("1 oktober 2021") < updates.index("10 september 2021") < updates.index("1 november 2019")


@pytest.mark.parametrize("code", ["lattlast", "fi", "ar"])
def test_untranslated_text_is_swedish_marked_and_noted_in_each_edition(built_sites: dict[str, Path],
                                                                       code: str) -> None:
    """The example translates only the start page, the surveys and each promise's summary: the rest
    is shown in Swedish, marked lang="sv" (and dir="ltr" in a right-to-left edition), with a note."""
    import yaml

    edition = next(e for e in EDITIONS if e.code == code)
    note = yaml.safe_load((DEFAULT_UI / f"{code}.yaml").read_text(encoding="utf-8"))["fallback_note"]
    page = soup(built_sites["open"] / edition.prefix / PROMISE)
    assert page.html is not None and (page.html["lang"], page.html["dir"]) == (edition.lang, edition.direction)
    heading = page.find("h3", id="nattvandring")
    assert heading is not None
    swedish = heading.find("span", attrs={"lang": "sv"})
    assert swedish is not None and swedish.get_text() == "Nattvandring"
    assert swedish.get("dir") == ("ltr" if edition.rtl else None)
    assert heading.find("span", class_="fallback").get_text() == note  # type: ignore[union-attr]
    background = page.find("div", class_="rich", attrs={"lang": "sv"})  # a block of formatted text
    assert background is not None and background.find_previous_sibling("p", class_="fallback") is not None
    # the translated summary is in the edition's language, unmarked
    assert page.h1 is not None and page.h1.find(attrs={"lang": True}) is None
