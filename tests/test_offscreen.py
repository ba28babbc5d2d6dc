"""Off the screen: QR codes that decode to exactly their address, a poster that prints on one sheet,
a promise that prints without splitting an activity, share tags a link preview can read, and
share images of 1200 x 630 that are the same in every build."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from html import escape
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image
from playwright.sync_api import Browser, expect
from pypdf import PdfReader

from generator.build import load_model, make_project
from generator.checks import site as sitecheck
from generator.data.validate import validate_file
from generator.pages import posters, share
from generator.pages.opendata import DEFAULT_SITE_URL
from generator.pages.qr import qr_svg
from tests.conftest import LATER, ROOT, run_cli

SITE_URL = DEFAULT_SITE_URL  # the example gives no site.url
_EXAMPLE = validate_file(ROOT / "promises.yaml", ROOT / "content").document
assert _EXAMPLE is not None
EDITIONS = _EXAMPLE.site.editions
POSTERS = ["affisch/medborgardialog-2019/index.html", "en/affisch/medborgardialog-2019/index.html",
           "affisch/trygghetsenkat-2021/index.html", "en/affisch/trygghetsenkat-2021/index.html",
           "ar/affisch/trygghetsenkat-2021/index.html",  # right to left
           "fi/affisch/medborgardialog-2019/index.html",  # a title of one long word
           "lattlast/affisch/medborgardialog-2019/index.html",  # a long text
           "lattlast/affisch/trygghetsenkat-2021/index.html"]  # a title of three lines
PROMISES = ["loften/lerum-2019-2020/index.html", "en/loften/lerum-2021-2022/index.html"]


@pytest.fixture(scope="module")
def site(built_sites: dict[str, Path]) -> Path:
    return built_sites["later"]  # the second survey open, the first closed: both have posters


@pytest.fixture(scope="module")
def root(site: Path) -> Iterator[str]:
    with sitecheck.serve_site(site, sitecheck.base_path()) as address:
        yield address


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def survey_urls() -> dict[str, str]:
    model, _, _ = load_model(make_project(), dt.date.fromisoformat(LATER))
    assert model is not None
    return {s.survey.id: s.survey.url for s in model.surveys}


# --- 1. every QR code decodes to its address ------------------------------------------------

def zbarimg(png: bytes) -> list[str]:
    tool = shutil.which("zbarimg")
    assert tool, "zbarimg is missing: `make test` installs it (Debian package zbar-tools)"
    result = subprocess.run([tool, "--raw", "-q", "-Sdisable", "-Sqrcode.enable", "-"], input=png,
                            capture_output=True)
    return result.stdout.decode("utf-8").splitlines()


def test_every_qr_code_in_the_site_decodes_to_exactly_its_address(site: Path, browser: Browser) -> None:
    surveys = survey_urls()
    found = printed_surveys = 0
    page = browser.new_page(viewport={"width": 500, "height": 500})
    try:
        for path in sorted(site.rglob("*.html")):
            html = soup(path)
            for svg in html.select("svg.qr"):
                rel = path.relative_to(site).as_posix()
                poster = re.match(r"(?:[a-z]+/)?affisch/([^/]+)/index\.html$", rel)
                canonical = html.find("link", rel="canonical")
                expected = surveys[poster.group(1)] if poster else canonical["href"]  # type: ignore[index]
                if svg.find_parent(class_="print-qr--survey") is not None:  # an open survey on the printed page
                    expected = str(svg["data-qr"])
                    assert expected in surveys.values(), rel
                    printed_surveys += 1
                # Drawn by a browser, as a printer would get it, then read by a QR reader.
                svg["width"], svg["height"] = "400", "400"
                page.set_content(f'<body style="margin:20px;background:#fff">{svg}</body>')
                assert zbarimg(page.screenshot()) == [expected], rel
                found += 1
    finally:
        page.close()
    # a poster per survey and edition, a sheet per promise and edition, and the open survey's
    # address on the printed promise page and start page of each edition
    assert found - printed_surveys == len(EDITIONS) * (2 + 2) and printed_surveys == len(EDITIONS) * 2


@pytest.mark.parametrize(("address", "held"), [
    ("https://x.se/", None),  # the smallest symbol
    ("https://www.polisen.se/om-polisen/polisens-arbete/medborgarloften/" + "a" * 120, None),  # version 7 and up
    # Not ASCII: held as the same address in ASCII, which every reader reads alike.
    ("https://medborgarlöften.se/loften/upplands-vasby-2024-2025/",
     "https://xn--medborgarlften-4pb.se/loften/upplands-vasby-2024-2025/"),
    ("https://enkat.example.org/s?id=trygghet-2026&lang=sv&källa=affisch#början",
     "https://enkat.example.org/s?id=trygghet-2026&lang=sv&k%C3%A4lla=affisch#b%C3%B6rjan"),
    ("https://enkat.example.org/s?k%C3%A4lla=affisch&ö=1", "https://enkat.example.org/s?k%C3%A4lla=affisch&%C3%B6=1"),
])
def test_a_qr_code_of_any_address_decodes_to_it(address: str, held: str | None, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 600, "height": 600})
    try:
        svg = qr_svg(address, "QR").replace("<svg ", '<svg width="500" height="500" ', 1)
        page.set_content(f'<body style="margin:20px;background:#fff">{svg}</body>')
        assert zbarimg(page.screenshot()) == [held or address]
        assert f'data-qr="{escape(held or address)}"' in svg
    finally:
        page.close()


def test_the_poster_and_the_survey_block_link_each_other(site: Path) -> None:
    start = soup(site / "index.html")
    link = start.find("a", class_="poster-link")
    assert link is not None and link.get_text() == "Skriv ut affisch"
    assert (site / link["href"] / "index.html").resolve() == (site / POSTERS[2]).resolve()  # type: ignore[operator]
    poster = soup(site / POSTERS[3])
    assert poster.html["lang"] == "en" and poster.html["dir"] == "ltr"  # type: ignore[index]
    text = " ".join(poster.get_text().split())
    for fact in ("Safety survey Lerum 2021", "A survey from Lerum Municipality and Swedish Police Authority",
                 "Answer by", "enkat.example.org/trygghet-lerum-2021", "medborgarloften.github.io/medborgarloften/en"):
        assert fact in text, fact


# --- 2. printed with headless Chromium --------------------------------------------------------

def pdf_pages(browser: Browser, url: str, paper: str) -> list[str]:
    page = browser.new_page()
    try:
        page.goto(url, wait_until="networkidle")
        data = page.pdf(format=paper, print_background=True)
    finally:
        page.close()
    return [p.extract_text() for p in PdfReader(io.BytesIO(data)).pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_a_right_to_left_printed_page_keeps_its_addresses_left_to_right(site: Path) -> None:
    """On an Arabic sheet the page's address (in the header and under the QR code) is isolated
    left to right: otherwise its last "/" is drawn at its start."""
    page = soup(site / "ar/loften/lerum-2019-2020/index.html")
    address = "medborgarloften.github.io/medborgarloften/ar/loften/lerum-2019-2020/"
    header, caption = page.select_one(".print-header"), page.select_one(".print-qr p")
    assert header is not None and caption is not None
    assert [s.get_text() for s in header.select('span[dir="ltr"]')] == ["https://" + address]
    assert [s.get_text() for s in caption.select('span[dir="ltr"]')] == [address]
    swedish = soup(site / "loften/lerum-2019-2020/index.html").select_one(".print-qr p")
    assert swedish is not None and not swedish.select("span[dir]")  # left to right already


@pytest.mark.parametrize("paper", ["A4", "A3"])
@pytest.mark.parametrize("rel", POSTERS)
def test_a_poster_prints_on_one_sheet(browser: Browser, root: str, rel: str, paper: str) -> None:
    pages = pdf_pages(browser, root + sitecheck.page_url(rel), paper)
    assert len(pages) == 1
    # nothing is cut off at the bottom of the sheet: the last line, the site's address, is there
    assert squeeze("medborgarloften.github.io/medborgarloften") in squeeze(pages[0])


@pytest.mark.parametrize("rel", PROMISES)
def test_a_printed_promise_never_splits_an_activity(browser: Browser, root: str, rel: str) -> None:
    page = browser.new_page()
    try:
        page.goto(root + sitecheck.page_url(rel), wait_until="networkidle")
        page.emulate_media(media="print")
        activities = page.locator("div.activity").all_inner_texts()
        data = page.pdf(format="A4", print_background=True)
    finally:
        page.close()
    pages = [squeeze(p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]
    assert len(pages) > 1 and len(activities) == 5
    for activity in activities:
        lines = [squeeze(line) for line in activity.splitlines() if line.strip()]
        first, last = lines[0], lines[-1]
        on = [i for i, text in enumerate(pages) if first in text and last[-30:] in text]
        assert len(on) == 1, (first, last, on)
    header = "Utskrift från" if not rel.startswith("en/") else "Printed from"
    assert squeeze(header) in pages[0]
    everything = "".join(pages)
    for screen_only in ("Kopiera länk", "Copy link", "Skicka med e-post", "Send by e-mail", "Skriv ut affisch",
                        "Print a poster", "Hoppa till innehåll", "Skip to content"):
        assert squeeze(screen_only) not in everything, screen_only


def test_a_printed_promise_page_gives_its_open_surveys_address_and_qr_code(browser: Browser, root: str,
                                                                          site: Path) -> None:
    """The answer button is left out on paper; the sheet says where to answer, written out and as
    a QR code, in the edition's words."""
    rel = "fi/loften/lerum-2021-2022/index.html"
    url = survey_urls()["trygghetsenkat-2021"]
    block = soup(site / rel).select_one(".print-qr--survey")
    assert block is not None and block.svg is not None and block.svg["data-qr"] == url
    assert block.p is not None and block.p.get_text(" ", strip=True) == \
        "Skannaa koodi puhelimen kameralla tai kirjoita osoite: enkat.example.org/trygghet-lerum-2021"
    page = browser.new_page()
    try:
        page.goto(root + sitecheck.page_url(rel), wait_until="networkidle")
        expect(page.locator(".print-qr--survey")).to_be_hidden()  # on the screen, the button
        page.emulate_media(media="print")
        expect(page.locator(".print-qr--survey svg")).to_be_visible()
        data = page.pdf(format="A4", print_background=True)
    finally:
        page.close()
    text = "".join(squeeze(p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages)
    assert squeeze("enkat.example.org/trygghet-lerum-2021") in text


@pytest.mark.parametrize(("title", "sizes"), [
    ("Medborgardialog i Lerums kommun", ""),
    ("Kansalaisvuoropuhelu, Lerumin kunta", "poster--title-70"),  # "Kansalaisvuoropuhelu," is 12.9 em wide
    ("Kansalaisvuoropuhelukyselylomakkeistonsa", "poster--title-42"),
])
def test_a_posters_title_is_sized_for_its_widest_word(title: str, sizes: str) -> None:
    assert posters.poster_classes(title, "") == sizes


@pytest.mark.parametrize(("words", "sizes"), [(60, ""), (100, "poster--long"), (140, "poster--longer")])
def test_a_posters_long_text_is_set_smaller(words: int, sizes: str) -> None:
    """The why, the deadline and the QR code are set smaller as far as the text needs to fit the sheet."""
    assert posters.poster_classes("Enkät", "Ordet " * words, "En enkät från Lerums kommun",
                                  "Svara senast 31 oktober 2021.") == sizes


def test_a_posters_height_is_estimated_as_the_browser_lays_it_out() -> None:
    """The English poster of the example, whose text fits A4 only a little smaller, as measured in
    Chromium (the poster's children, margins and gaps: 129.9 % of the sheet's width)."""
    why = ("If you live or work in Lerum Municipality, you can influence how the police and the municipality "
           "work together to prevent crime and make people feel safe. Your answers become part of the shared "
           "picture of the situation that future citizen promises are based on. The survey takes only a few "
           "minutes.")
    height = posters._height("Citizen dialogue, Lerum Municipality", 9.2 * 0.87, [why],
                             "A survey from Lerum Municipality and Swedish Police Authority",
                             "The survey closed on 1 December 2019.", posters.BODIES[1])
    assert abs(height - 129.9) < 1.5


# --- 3. share tags and images -----------------------------------------------------------------

def test_every_page_has_share_tags_with_absolute_addresses(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    own_images = set()
    for path in pages:
        rel = path.relative_to(site).as_posix()
        head = soup(path).head
        assert head is not None, rel
        tags = {m.get("property") or m.get("name"): m["content"] for m in head.find_all("meta")
                if str(m.get("property") or m.get("name") or "").startswith(("og:", "twitter:"))}
        for key in ("og:title", "og:description", "og:url", "og:image", "og:image:alt", "og:locale",
                    "og:site_name", "twitter:card"):
            assert tags.get(key), (rel, key)
        assert tags["og:url"] == SITE_URL + rel.removesuffix("index.html")
        edition = next((e for e in EDITIONS if e.prefix and rel.startswith(e.prefix)), EDITIONS[0])
        assert tags["og:locale"] == edition.og_locale
        assert re.fullmatch(r"[a-z]{2,3}_[A-Z]{2}", tags["og:locale"]), (rel, tags["og:locale"])
        alternates = [m["content"] for m in head.find_all("meta", property="og:locale:alternate")]
        assert alternates == list(dict.fromkeys(e.og_locale for e in EDITIONS if e.og_locale != edition.og_locale))
        assert tags["twitter:card"] == "summary_large_image"
        image = str(tags["og:image"])
        assert image.startswith(SITE_URL)
        file = site / image.removeprefix(SITE_URL)
        with Image.open(file) as picture:
            assert (picture.format, picture.size) == ("PNG", (1200, 630)), rel
        if not image.endswith("/start.png"):
            own_images.add(rel)
    own = ("affisch/medborgardialog-2019/index.html", "affisch/trygghetsenkat-2021/index.html",
           "loften/lerum-2019-2020/index.html", "loften/lerum-2021-2022/index.html")
    assert own_images == {f"{e.prefix}{page}" for e in EDITIONS for page in own}


def test_share_images_are_identical_in_a_second_build(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "site"
    assert run_cli("build", "--site", str(again), "--today", LATER).returncode == 0
    images = sorted(p.relative_to(site).as_posix() for p in site.rglob(f"{share.FOLDER}/*.png"))
    assert len(images) == len(EDITIONS) * (1 + 2 + 2)  # start, two promises, two surveys; in every edition
    assert images == sorted(p.relative_to(again).as_posix() for p in again.rglob(f"{share.FOLDER}/*.png"))
    assert [i for i in images if (site / i).read_bytes() != (again / i).read_bytes()] == []


def test_share_link_mails_the_address_and_offers_a_copy(site: Path) -> None:
    share_block = soup(site / "en" / "loften" / "lerum-2021-2022" / "index.html").find("p", class_="share")
    assert share_block is not None
    mail = share_block.find("a")["href"]  # type: ignore[index]
    assert mail.startswith("mailto:?subject=Citizen%20promise%20Lerum%202021%E2%80%932022&body=")
    assert "https%3A%2F%2Fmedborgarloften.github.io%2Fmedborgarloften%2Fen%2Floften%2Flerum-2021-2022%2F" in mail
    button = share_block.find("button")
    assert button["data-url"] == SITE_URL + "en/loften/lerum-2021-2022/" and button.has_attr("hidden")  # type: ignore[index]


# --- a right-to-left edition ------------------------------------------------------------------

def test_a_right_to_left_card_is_set_from_the_right() -> None:
    card = share.Card("assets/share/start.png", "ar", "وعود المواطنين في ليروم", ("اسأل الشرطة والبلدية",),
                      "وعود المواطنين", "medborgarloften.github.io/medborgarloften/ar")
    with Image.open(io.BytesIO(share.draw(card))) as picture:
        assert picture.size == (1200, 630)
        title = picture.convert("L").crop((0, 130, 1200, 220)).point(lambda v: 255 if v < 100 else 0)
        left, _, right, _ = title.getbbox() or (0, 0, 0, 0)
    assert right > 1200 - share.MARGIN - 12 and left > share.MARGIN + 100  # flush right, ragged left


def test_a_right_to_left_poster_says_so() -> None:
    from generator.pages.outputs import OutputContext
    from generator.pages.render import Renderer

    model, ui, _ = load_model(make_project(), dt.date.fromisoformat(LATER))
    assert model is not None
    words = {**ui["en"], "language_name": "العربية", "poster_asks": "استبيان من {who}"}
    context = OutputContext(model, {**ui, "ar": words}, SITE_URL, Renderer(ui).html_env)
    page = BeautifulSoup(posters.render_poster(context, "ar", model.surveys[1]), "html.parser")
    assert page.html["lang"] == "ar" and page.html["dir"] == "rtl"  # type: ignore[index]
    assert page.find(class_="poster__address").span["dir"] == "ltr"  # type: ignore[union-attr,index]


def test_copy_link_copies_the_address_and_says_so(browser: Browser, root: str) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(root + "loften/lerum-2021-2022/", wait_until="networkidle")
        button = page.locator(".share__copy")
        expect(button).to_be_visible()  # the script shows it; without the script only the e-mail link is there
        button.click()
        # The script writes the status once the clipboard has the address: waited for, never read once.
        expect(page.locator(".share__status")).to_have_text("Länken är kopierad.")
        assert page.evaluate("navigator.clipboard.readText()") == SITE_URL + "loften/lerum-2021-2022/"
        # the printed sheet says when it was printed (the script writes the reader's date)
        expect(page.locator(".print-date")).to_have_text(re.compile(r"^Utskrivet \d{1,2} \w+ \d{4}\.$"))
    finally:
        context.close()
