"""The site's address: site.url, else the address publishing gives (build --url, GitHub Pages'),
else the example's own for the example and the local preview address for real data; a build says
once which it used, and a site of real data never carries the example's address, not even in a QR
code (decisions/2026-12-06-site-address.md)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

from generator.build import address_notes, make_project
from generator.data.problems import format_text
from generator.data.validate import validate_file
from generator.pages.opendata import DEFAULT_SITE_URL, LOCAL_SITE_URL, site_address
from tests.conftest import CASES, ROOT, run_cli
from tests.test_offscreen import zbarimg

EXAMPLE_HOST = b"medborgarloften.github.io"
PAGES = "https://vadstena-kommun.github.io/medborgarloften"  # as actions/configure-pages gives it
# A survey, so that the site has posters too (Vadstena's published promise names none).
SURVEY = """
surveys:
  - id: trygghetsenkat-2018
    title: {sv: Trygghetsenkät Vadstena 2018, en: Safety survey Vadstena 2018}
    url: https://enkat.example.org/vadstena-2018
    opens: 2018-09-01
    closes: 2018-09-30
"""


def _vadstena(folder: Path, site_url: str | None = None) -> Path:
    """Real published data (tests/cases/valid/real-vadstena, which has no site.url) with a survey,
    and with `site_url` as its site.url when given."""
    folder.mkdir(parents=True)
    text = (CASES / "valid" / "real-vadstena" / "promises.yaml").read_text(encoding="utf-8") + SURVEY
    if site_url is not None:
        text = text.replace("site:\n", f"site:\n  url: {site_url}\n", 1)
    (folder / "promises.yaml").write_text(text, encoding="utf-8")
    return folder


def _contents(site: Path) -> dict[str, bytes]:
    """Every file of the site as bytes, the compressed ones (Pagefind's) uncompressed."""
    files = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        files[path.relative_to(site).as_posix()] = gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
    return files


def _qr_codes(site: Path, browser: Browser) -> dict[str, list[str]]:
    """Every QR code of every page, drawn by a browser as a printer gets it and read by zbarimg."""
    read: dict[str, list[str]] = {}
    page = browser.new_page(viewport={"width": 500, "height": 500})
    try:
        for path in sorted(site.rglob("*.html")):
            for svg in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select("svg.qr"):
                svg["width"], svg["height"] = "400", "400"
                page.set_content(f'<body style="margin:20px;background:#fff">{svg}</body>')
                read.setdefault(path.relative_to(site).as_posix(), []).extend(zbarimg(page.screenshot()))
    finally:
        page.close()
    return read


def test_real_data_without_an_address_never_carries_the_examples(tmp_path: Path, browser: Browser) -> None:
    case = _vadstena(tmp_path / "case")
    run = run_cli("build", "--site", "site", "--today", "2018-09-10", cwd=case)
    assert run.returncode == 0, str(run)
    said = [line for line in run.stderr.splitlines() if "site.url:" in line]
    assert said == ["promises.yaml:12:1: site.url: varning: ingen site.url och ingen --url: sidorna, flödena, "
                    "öppna data och QR-koderna görs för förhandsvisningens adress http://127.0.0.1:8000/ (serve), "
                    "inte för adressen där webbplatsen publiceras — skriv webbplatsens adress i site.url (t.ex. "
                    "https://organisation.github.io/medborgarloften/); när GitHub Pages publicerar ger "
                    "arbetsflödet adressen"], str(run)
    files = _contents(case / "site")
    # Pages, canonical and share tags, feeds, calendars, the sitemap, open data, printed headers.
    for name in ("index.html", "feed.xml", "events.ics", "sitemap.xml", "data/promises.json",
                 "data/activities.csv", "loften/vadstena-2018/index.html", "affisch/trygghetsenkat-2018/index.html"):
        assert b"127.0.0.1:8000" in files[name], name  # events.ics: in its events' UID
    assert [name for name, data in files.items() if EXAMPLE_HOST in data] == []
    codes = _qr_codes(case / "site", browser)
    posters = [name for name in codes if "affisch/" in name]
    # per edition: a poster, a printed promise page, and the printed start page's open survey
    assert len(posters) == 2 and len(codes) == 6 and {"index.html", "en/index.html"} <= set(codes), codes
    read = [address for found in codes.values() for address in found]
    assert len(read) == 6 and not any("medborgarloften.github.io" in address for address in read), codes
    assert codes["loften/vadstena-2018/index.html"] == [LOCAL_SITE_URL + "loften/vadstena-2018/"]


def test_publishing_gives_the_address_when_the_data_has_none(tmp_path: Path) -> None:
    case = _vadstena(tmp_path / "case")
    run = run_cli("build", "--site", "site", "--today", "2018-09-10", "--url", PAGES, cwd=case)
    assert run.returncode == 0, str(run)
    assert "site.url" not in run.stderr, str(run)  # nothing to say: the address is the published one
    page = BeautifulSoup((case / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("link", rel="canonical")["href"] == PAGES + "/"  # type: ignore[index]
    files = _contents(case / "site")
    assert [name for name, data in files.items() if EXAMPLE_HOST in data or b"127.0.0.1:8000" in data] == []


def test_a_site_url_that_differs_from_the_published_address_is_used_and_named_once(tmp_path: Path) -> None:
    """The editors' site.url wins (a municipality's own domain in front of Pages, say); the build
    says so once, at its line."""
    own = "https://medborgarloften.vadstena.se/"
    case = _vadstena(tmp_path / "case", own)
    run = run_cli("build", "--site", "site", "--today", "2018-09-10", "--url", PAGES, cwd=case)
    assert run.returncode == 0, str(run)
    assert [line for line in run.stderr.splitlines() if "site.url" in line] == [
        f"promises.yaml:13:8: site.url: varning: site.url är {own}, men webbplatsen publiceras på {PAGES}/: "
        "sidorna, flödena, öppna data och QR-koderna görs för site.url — stämmer inte site.url, ta bort raden: "
        "då används adressen där webbplatsen publiceras"], str(run)
    page = BeautifulSoup((case / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("link", rel="canonical")["href"] == own  # type: ignore[index]


@pytest.mark.parametrize(("site_url", "given", "example", "used", "note"), [
    (None, None, False, LOCAL_SITE_URL, "site_url_missing"),
    (None, None, True, DEFAULT_SITE_URL, "site_url_example"),
    (None, PAGES, False, PAGES + "/", None),
    (None, PAGES + "/", True, PAGES + "/", None),
    ("https://trygg.vadstena.se", None, False, "https://trygg.vadstena.se/", None),
    ("https://trygg.vadstena.se/", PAGES, False, "https://trygg.vadstena.se/", "site_url_differs"),
    (PAGES + "/", PAGES, False, PAGES + "/", None),
])
def test_which_address_is_used_and_what_is_said(tmp_path: Path, site_url: str | None, given: str | None,
                                                 example: bool, used: str, note: str | None) -> None:
    case = _vadstena(tmp_path / "case", site_url)
    data = case / "promises.yaml"
    if example:
        data.write_text(data.read_text(encoding="utf-8").replace("site:\n", "site:\n  example_data: true\n", 1),
                        encoding="utf-8")
    document = validate_file(data, case / "content").document
    assert document is not None
    assert site_address(document, given) == used
    assert [p.code for p in address_notes(make_project(data), given)] == ([note] if note else [])


def test_publishing_passes_github_pages_address_to_the_build() -> None:
    """The reusable workflow a site repository publishes with, and this repository's own, ask
    configure-pages for the address before building, and pass its base_url through env: (never
    into the script itself)."""
    for name, build in (("site-publish.yml", 'medborgarloften build --lang sv --format github --url "$SITE_URL"'),
                        ("deploy.yml", "make build")):
        text = (ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8")
        pages = text.index("      - id: pages\n        uses: actions/configure-pages@")
        step = text.index("      - name: Build\n")
        assert pages < step, name
        assert re.search(r"      - name: Build\n        env:\n          TZ: Europe/Stockholm\n"
                         r"          SITE_URL: \$\{\{ steps\.pages\.outputs\.base_url \}\}\n"
                         rf"        run: {re.escape(build)}\n", text), name
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert '$(if $(SITE_URL),--url "$(SITE_URL)",)' in makefile and "$(CMD) build $(BUILD_ARGS)" in makefile


def test_the_example_keeps_its_own_address() -> None:
    """The project's example (site.example_data: true) is the one site built for the example's
    address when nothing names another."""
    document = validate_file(ROOT / "promises.yaml", ROOT / "content").document
    assert document is not None and document.site.example_data
    assert site_address(document) == DEFAULT_SITE_URL
    notes = address_notes(make_project(ROOT / "promises.yaml"), None)
    assert [format_text(p, "sv") for p in notes] == [
        f"promises.yaml:{notes[0].line}:1: site.url: varning: ingen site.url och ingen --url: exempeldatan byggs "
        f"för exemplets egen adress {DEFAULT_SITE_URL}"]
