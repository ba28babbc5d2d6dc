"""make check-site: the example passes every check in a real browser, and each check catches a
planted defect (contrast, missing alt, broken link, external font)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.checks import site as sitecheck
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def example_site(built_sites: dict[str, Path]) -> Path:
    return built_sites["later"]  # as make check-site: a survey open, an archive, a click-to-load form


@pytest.fixture(scope="module")
def example_report(example_site: Path) -> sitecheck.Report:
    return sitecheck.run_all(example_site, ROOT / "screenshots")


def test_the_example_passes_every_check(example_report: sitecheck.Report) -> None:
    assert example_report.failures == []


def test_one_line_per_page_and_check(example_report: sitecheck.Report, example_site: Path) -> None:
    pages = [sitecheck.page_url(p) for p in sitecheck.html_pages(example_site)]
    checks = {(check, page) for _, check, page, _ in example_report.lines}
    for page in pages:
        for check in ("links", "external", "vnu"):
            assert (check, page) in checks
    plan = sitecheck.widths(example_site, [p for p in sitecheck.html_pages(example_site) if p != "404.html"])
    for rel, widths in plan.items():
        for width in widths:
            for check in ("axe", "requests", "console", "weight", "width"):
                assert (check, f"{sitecheck.page_url(rel) or '/'} @{width}") in checks
    for edition in ("", "en/", "lattlast/", "fi/", "ar/"):  # every edition at a phone's and a desktop's width
        for width in sitecheck.WIDTHS:
            assert ("keyboard", f"{edition or '/'} @{width}") in checks
    printed = [sitecheck.page_url(p) for p in sitecheck.html_pages(example_site) if sitecheck.is_printed(p)]
    assert len(printed) == 5 * (2 + 2)  # two posters and two promise pages in each edition
    assert {page for check, page in checks if check == "pdf"} == set(printed)
    # each search page is checked a second time with the search open, for its own example
    for edition in ("", "en/", "lattlast/", "fi/", "ar/"):
        for width in sitecheck.WIDTHS:
            opened = {check for check, page in checks if page.startswith(f"{edition}sok/?q=")
                      and page.endswith(f" @{width}")}
            assert opened == {"search", "axe", "requests", "console", "weight", "width"}, (edition, width)
    assert {page for check, page in checks if check == "lighthouse"} == {"/", "loften/lerum-2019-2020/"}
    assert example_report.summary() == f"check-site: {len(example_report.lines)} checks, 0 failed"


def test_every_page_is_seen_on_a_phone_and_every_kind_of_page_on_a_desktop(example_site: Path) -> None:
    pages = [p for p in sitecheck.html_pages(example_site) if p != "404.html"]
    plan = sitecheck.widths(example_site, pages)
    phone, desktop = sitecheck.WIDTHS
    assert all(phone in widths for widths in plan.values())
    assert all(desktop in plan[rel] for rel in pages if rel.split("/")[0] not in ("en", "lattlast", "fi", "ar"))
    for prefix in ("en/", "lattlast/", "fi/", "ar/"):  # the right-to-left edition among them
        assert [rel for rel in pages if rel.startswith(prefix) and desktop in plan[rel]] == \
            [f"{prefix}index.html", f"{prefix}loften/lerum-2019-2020/index.html", f"{prefix}sok/index.html"]


def test_screenshots_of_every_page_at_its_widths(example_report: sitecheck.Report) -> None:
    shots = {p.name for p in (ROOT / "screenshots").glob("*.png")}
    for name in ("start", "en", "ar", "loften_lerum-2019-2020", "ar_loften_lerum-2019-2020", "tillganglighet"):
        for width in sitecheck.WIDTHS:
            assert f"{name}-{width}.png" in shots
    assert "en_tillganglighet-390.png" in shots and "ar_tillganglighet-390.png" in shots


def planted(example_site: Path, tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(example_site, site)
    return site


def failing(report: sitecheck.Report, check: str) -> list[str]:
    return [f"{page}: {detail}" for ok, c, page, detail in report.lines if c == check and not ok]


def test_catches_a_contrast_failure(example_site: Path, tmp_path: Path) -> None:
    site = planted(example_site, tmp_path)
    css = site / "assets" / "stylesheets" / "extra.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.md-typeset p { color: #c8c8c8; }\n", encoding="utf-8")
    report = sitecheck.Report()
    sitecheck.check_in_browser(site, report, None, only=["om/index.html"])
    assert any("color-contrast" in line for line in failing(report, "axe")), report.lines


def test_catches_a_missing_alt(example_site: Path, tmp_path: Path) -> None:
    site = planted(example_site, tmp_path)
    page = site / "loften" / "lerum-2019-2020" / "index.html"
    html = page.read_text(encoding="utf-8")
    start = html.index("<img alt=")
    end = html.index('"', html.index('"', start) + 1) + 1
    page.write_text(html[:start] + "<img" + html[end:], encoding="utf-8")
    report = sitecheck.Report()
    sitecheck.check_in_browser(site, report, None, only=["loften/lerum-2019-2020/index.html"])
    assert any("image-alt" in line for line in failing(report, "axe")), report.lines
    # (The Nu checker allows an <img> without alt inside a <figure> with a caption; axe does not.)


def test_catches_a_broken_internal_link_and_anchor(example_site: Path, tmp_path: Path) -> None:
    site = planted(example_site, tmp_path)
    page = site / "om" / "index.html"
    html = page.read_text(encoding="utf-8")
    planted_links = '<a href="../nowhere/">x</a><a href="../kontakt/#nothing">y</a>'
    page.write_text(html.replace("</article>", planted_links + "</article>"), encoding="utf-8")
    report = sitecheck.Report()
    sitecheck.check_links(site, report)
    assert failing(report, "links") == ["om/: broken: ../kontakt/#nothing, ../nowhere/"]


def test_catches_an_external_font(example_site: Path, tmp_path: Path) -> None:
    site = planted(example_site, tmp_path)
    css = site / "assets" / "stylesheets" / "extra.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n@font-face { font-family: Spy; src: "
                   "url(https://fonts.gstatic.com/s/spy.woff2); }\nbody { font-family: Spy, sans-serif; }\n",
                   encoding="utf-8")
    report = sitecheck.Report()
    sitecheck.check_external(site, report)
    assert failing(report, "external") == ["assets/stylesheets/extra.css: loads https://fonts.gstatic.com/s/spy.woff2"]
    sitecheck.check_in_browser(site, report, None, only=["index.html"])
    browser = failing(report, "requests") + failing(report, "console")
    assert any("fonts.gstatic.com" in line for line in browser), report.lines


def test_publishing_subset_needs_no_browser(example_site: Path) -> None:
    """check-site --no-browser (the deploy workflow's): links, language twins and other hosts only."""
    report = sitecheck.run_all(example_site, None, lighthouse=False, browser=False)
    assert report.failures == []
    assert {check for _, check, _, _ in report.lines} == {"links", "twin", "external"}
    pages = sitecheck.html_pages(example_site)
    assert sum(1 for _, check, _, _ in report.lines if check == "twin") == len(pages) - 1  # all but 404.html


def test_twins_are_checked_for_every_edition(example_site: Path, tmp_path: Path) -> None:
    """A page whose language link is gone fails, whichever edition it is in."""
    site = tmp_path / "site"
    shutil.copytree(example_site, site)
    page = site / "en" / "kontakt" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace('data-edition="sv"', 'data-edition="sv" hidden')
                    .replace('hreflang="sv"', ""), encoding="utf-8")
    report = sitecheck.Report()
    sitecheck.check_twins(site, report)
    assert [(check, page) for ok, check, page, _ in report.lines if not ok] == [("twin", "en/kontakt/")]


def test_the_lines_come_in_the_visits_order_whatever_finishes_first() -> None:
    """Three browsers take the visits from one queue; the later visits finish first here, and the
    lines still come in the visits' order."""
    import threading
    import time

    visits = [sitecheck.Visit("page", f"p{i}/index.html", 390) for i in range(9)]
    taken: list[str] = []
    lock = threading.Lock()

    class Slow:
        def __init__(self, playwright: object) -> None:
            pass

        def check(self, visit: sitecheck.Visit) -> list[sitecheck.Line]:
            with lock:
                taken.append(visit.rel)
            time.sleep(0.05 * (9 - int(visit.rel[1])))  # the first visits take longest
            return [(True, "axe", visit.label, "")]

        def close(self) -> None:
            pass

    lines = [line for part in sitecheck._in_browsers(visits, 3, Slow) for line in part]
    assert [page for _, _, page, _ in lines] == [visit.label for visit in visits]
    assert sorted(taken) == sorted(visit.rel for visit in visits)  # each visit checked once


def test_a_visit_that_cannot_be_finished_fails_on_its_own_line(example_site: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    page = "loften/lerum-2019-2020/index.html"

    def broken(*args: object) -> None:
        raise RuntimeError("the printer is on fire")

    monkeypatch.setattr(sitecheck, "_visit_printed", broken)
    report = sitecheck.Report()
    sitecheck.check_in_browser(example_site, report, None, only=[page])
    assert failing(report, "axe-print") == ["loften/lerum-2019-2020/: RuntimeError: the printer is on fire"]
    assert [check for ok, check, _, _ in report.lines if ok] == ["requests", "console", "weight", "axe", "width"] * 2


@pytest.mark.parametrize(("performances", "runs", "passed", "detail"), [
    ([99], 1, True, "performance=99 accessibility=100 best-practices=100 seo=100 (1 run)"),
    ([80, 97, 96], 3, True, "performance=96 accessibility=100 best-practices=100 seo=100 (median of 3 runs)"),
    ([80, 97, 90], 3, False, "performance=90 accessibility=100 best-practices=100 seo=100 (median of 3 runs)"),
])
def test_lighthouse_runs_once_and_twice_more_when_the_first_run_is_below_a_minimum(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, performances: list[int], runs: int, passed: bool,
        detail: str) -> None:
    import json
    import subprocess

    cli = tmp_path / "node_modules" / "lighthouse" / "cli" / "index.js"
    cli.parent.mkdir(parents=True)
    cli.touch()
    (tmp_path / "site").mkdir()
    monkeypatch.setattr(sitecheck, "node_modules", lambda: tmp_path / "node_modules")
    monkeypatch.setattr(sitecheck, "CHROMIUM", shutil.which("true") or "/bin/true")
    scores = iter(performances)
    calls: list[list[str]] = []

    def lighthouse(args: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        calls.append(args)
        categories = {"performance": next(scores), "accessibility": 100, "best-practices": 100, "seo": 100}
        run = {"categories": {k: {"score": v / 100} for k, v in categories.items()}, "audits": {}}
        return subprocess.CompletedProcess(args, 0, json.dumps(run), "")

    monkeypatch.setattr(sitecheck.subprocess, "run", lighthouse)
    report = sitecheck.Report(echo=False)
    sitecheck.check_lighthouse(tmp_path / "site", report, ["index.html"], base="/")
    assert len(calls) == runs
    assert report.lines == [(passed, "lighthouse", "/", detail)]


def test_catches_a_poster_that_takes_a_second_sheet(example_site: Path, tmp_path: Path) -> None:
    """A poster whose text does not fit one sheet: a second page on A4 and A3; one whose style
    sheet cuts it at the sheet's foot instead is caught too, and a title wider than a phone."""
    site = planted(example_site, tmp_path)
    long, cut = "fi/affisch/medborgardialog-2019/index.html", "lattlast/affisch/trygghetsenkat-2021/index.html"
    for rel in (long, cut):
        page = site / rel
        html = page.read_text(encoding="utf-8")
        page.write_text(html.replace('<div class="poster__why">', '<div class="poster__why"><p>'
                                     + "Lisää tekstiä kyselystä. " * 60 + "</p>", 1), encoding="utf-8")
    css = site / "lattlast" / "affisch" / "poster.css"
    css.write_text(css.read_text(encoding="utf-8").replace("min-height: 100vh;", "height: 100vh; overflow: hidden;"),
                   encoding="utf-8")
    screen = site / "fi" / "affisch" / "poster.css"  # and a title that does not wrap runs off a phone's screen
    screen.write_text(screen.read_text(encoding="utf-8") + "\n@media screen { h1 { white-space: nowrap; } }\n",
                      encoding="utf-8")
    report = sitecheck.Report()
    sitecheck.check_in_browser(site, report, None, only=[long, cut])
    assert [line.split(":")[0] for line in failing(report, "width")] == ["fi/affisch/medborgardialog-2019/ @390"]
    assert failing(report, "pdf") == [
        "fi/affisch/medborgardialog-2019/: 2 pages on A4; 2 pages on A3 (A4: 2 pages, A3: 2 pages, title in the text)",
        "lattlast/affisch/trygghetsenkat-2021/: text cut off at the foot of the sheet "
        "(A4: 1 page, A3: 1 page, title in the text)"]


def test_catches_a_focus_stop_out_of_view_and_menus_the_keyboard_cannot_close(example_site: Path,
                                                                              tmp_path: Path) -> None:
    """Without the site's script the closed drawer's links take focus off the screen at a phone's
    width (stops 5-19 on the start page) and the language menu stays open on Escape; a link
    placed off the screen is caught at every width."""
    site = planted(example_site, tmp_path)
    for script in site.rglob("assets/javascripts/site.js"):
        script.write_text("", encoding="utf-8")
    page = site / "en" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace('<div class="md-container"', '<a class="planted" href="./">x</a>'
                                 '<div class="md-container"', 1), encoding="utf-8")
    css = site / "en" / "assets" / "stylesheets" / "extra.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n.planted { position: absolute; left: -9999px; }\n",
                   encoding="utf-8")
    report = sitecheck.Report()
    sitecheck.check_in_browser(site, report, None, only=["index.html", "en/index.html"])
    lines = dict(line.split(": ", 1) for line in failing(report, "keyboard"))
    assert sorted(lines) == ["/ @1280", "/ @390", "en/ @1280", "en/ @390"]
    # the closed drawer's links, from the fifth stop on (as many as the menu has entries)
    assert re.match(r"focus out of view at 1\d stops: 5 \(a ", lines["/ @390"]), lines["/ @390"]
    assert "focus out of view" not in lines["/ @1280"]  # the drawer is the sidebar, in view
    assert "focus out of view at 1 stop: " in lines["en/ @1280"] and "(a \u201cx\u201d)" in lines["en/ @1280"]
    for detail in lines.values():
        assert "the language menu does not close with Escape, focus on its button" in detail
        assert "the language menu does not close with a click outside it" in detail
    assert "the navigation's menu button cannot be reached with the keyboard" in lines["/ @390"]


@pytest.mark.parametrize(("title", "text", "found"), [
    ("Kansalaisvuoropuhelu, Lerumin kunta", "Kysely\nKansalais-\nvuoropuhelu, Lerumin\nkunta\n", True),
    ("Kansalaisvuoropuhelu, Lerumin kunta", "Kansalaisvuoropuhelu\n", False),
    # pdftotext: a lam-alef's letters the other way round, direction marks, a number before its words
    ("استبيان الشعور بالأمان 2021", "\u202bاستبيان الشعور باألمان \u202a2021\u202c\u202c", True),
    ("وعد المواطنين في Lerum للفترة 2021–2022", "\u202bوعد المواطنين في \u202aLerum\u202c للفترة 2022–2021", True),
    ("استبيان الشعور بالأمان", "استبيان الشعور بالأمن", False),
])
def test_a_title_is_found_in_a_pdfs_text(title: str, text: str, found: bool) -> None:
    assert sitecheck.title_in(title, text) is found
