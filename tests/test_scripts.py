"""The site's one script, in a real browser: survey deadlines counted on the reader's own date,
and click-to-load forms and films that request nothing from their host until asked. Without the
script, the page still states the deadline and links to the service."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect

from generator.checks import site as sitecheck

PROMISE = "loften/lerum-2019-2020/"
FILM_HOST = "https://film.example.org"
SURVEY_HOST = "https://enkat.example.org"


@pytest.fixture(scope="module")
def open_site(built_sites: dict[str, Path]) -> Iterator[str]:
    """The example built on 2019-11-20: the first survey is open until 1 December 2019."""
    with sitecheck.serve_site(built_sites["open"], sitecheck.base_path()) as root:
        yield root


@pytest.fixture(scope="module")
def later_site(built_sites: dict[str, Path]) -> Iterator[str]:
    """Built on 2021-10-20: the second survey, which can be shown in the page, is open."""
    with sitecheck.serve_site(built_sites["later"], sitecheck.base_path()) as root:
        yield root


def page_on(browser: Browser, day: str, lang: str = "sv", javascript: bool = True) -> Page:
    context = browser.new_context(locale="sv-SE" if lang == "sv" else "en-GB", java_script_enabled=javascript)
    page = context.new_page()
    page.clock.set_fixed_time(dt.datetime.fromisoformat(f"{day}T12:00:00"))
    return page


@pytest.mark.parametrize(("day", "lang", "says"), [
    ("2019-11-20", "sv", "Stänger om 11 dagar."),
    ("2019-11-28", "sv", "Stänger om 3 dagar."),
    ("2019-11-30", "sv", "Sista dagen är i morgon."),
    ("2019-12-01", "sv", "Sista dagen att svara är i dag."),  # the deadline day: still open
    ("2019-12-02", "sv", "Enkäten stängde 1 december 2019."),  # the day after: closed
    ("2019-11-28", "en", "Closes in 3 days."),
    ("2019-12-02", "en", "The survey closed on 1 December 2019."),
])
def test_deadline_is_counted_on_the_readers_date(browser: Browser, open_site: str, day: str, lang: str,
                                                 says: str) -> None:
    page = page_on(browser, day, lang)
    try:
        page.goto(open_site + ("en/" if lang == "en" else ""))
        survey = page.locator(".survey").first
        expect(survey.locator(".deadline")).to_have_text(says)  # the script writes it: waited for
        answer = survey.locator(".survey__answer")
        if day == "2019-12-02":  # a page built while the survey was open no longer asks for answers
            expect(answer).to_be_hidden()
            expect(survey.locator(".survey__deadline strong")).to_be_hidden()
        else:
            expect(answer).to_be_visible()
    finally:
        page.context.close()


def test_without_script_the_page_states_the_deadline(browser: Browser, open_site: str) -> None:
    page = page_on(browser, "2019-11-28", javascript=False)
    try:
        page.goto(open_site)
        survey = page.locator(".survey").first
        expect(survey).to_contain_text("Svara senast 1 december 2019.", use_inner_text=True)
        expect(survey.locator(".deadline")).to_have_text("")
        expect(survey.locator(".survey__answer a")).to_have_attribute("href", SURVEY_HOST + "/medborgardialog-lerum")
    finally:
        page.context.close()


def watch_hosts(page: Page, host: str) -> list[str]:
    """Record every request to `host` and answer it with a small page (no network here)."""
    asked: list[str] = []

    def fulfil(route: Route) -> None:
        asked.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<!doctype html><title>x</title><p>x</p>")

    page.route(host + "/**", fulfil)
    return asked


@pytest.mark.parametrize(("path", "host", "src"), [
    (PROMISE, FILM_HOST, FILM_HOST + "/embed/medborgarlofte-lerum"),
    ("", SURVEY_HOST, SURVEY_HOST + "/embed/trygghet-lerum-2021"),
])
def test_click_to_load_requests_nothing_until_asked(browser: Browser, later_site: str, path: str, host: str,
                                                    src: str) -> None:
    page = page_on(browser, "2021-10-20")
    try:
        asked = watch_hosts(page, host)
        page.goto(later_site + path, wait_until="networkidle")
        block = page.locator(".embed[data-embed-src]").first
        expect(block.locator(".embed__notice")).to_contain_text("Exempel")  # whose service, before loading
        expect(page.locator("iframe")).to_have_count(0)
        assert asked == []
        with page.expect_request(src):
            block.locator("button").click()
        frame = page.locator("iframe.embed__frame")
        expect(frame).to_have_attribute("src", src)
        expect(frame).to_have_attribute("title", re.compile(r"\S"))
        page.frame_locator("iframe.embed__frame").locator("p").wait_for()  # loaded: the page's policy allows it
        assert asked == [src]
    finally:
        page.context.close()


def test_without_script_an_embed_is_a_link_only(browser: Browser, later_site: str) -> None:
    page = page_on(browser, "2021-10-20", javascript=False)
    try:
        page.goto(later_site + PROMISE)
        block = page.locator(".embed").first
        expect(block.locator("button")).to_be_hidden()
        expect(block.locator("a")).to_have_attribute("href", FILM_HOST + "/medborgarlofte-lerum")
    finally:
        page.context.close()


def test_a_survey_closed_since_the_build_offers_no_form(browser: Browser, later_site: str) -> None:
    page = page_on(browser, "2021-11-01")
    try:
        asked = watch_hosts(page, SURVEY_HOST)
        page.goto(later_site, wait_until="networkidle")
        survey = page.locator(".survey").first
        expect(survey.locator(".deadline")).to_have_text("Enkäten stängde 31 oktober 2021.")
        expect(survey.locator(".embed")).to_be_hidden()
        assert asked == []
    finally:
        page.context.close()
