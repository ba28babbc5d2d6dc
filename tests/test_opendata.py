"""Open data read back with independent readers (jsonschema, csv, feedparser, ics), agreeing with
promises.yaml; stable across rebuilds; the embed card inside an iframe on another origin."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import feedparser
import ics
import jsonschema
import pytest

from generator import sitecheck
from generator.build import load_model, make_project
from tests.conftest import ROOT, SURVEY_OPEN, run_cli

LATE = "2022-01-15"  # after every update and measurement of the example


@pytest.fixture(scope="module")
def site(built_sites: dict[str, Path]) -> Path:
    return built_sites["open"]


@pytest.fixture(scope="module")
def model():  # type: ignore[no-untyped-def]
    built, _, problems = load_model(make_project(), dt.date.fromisoformat(SURVEY_OPEN))
    assert built is not None, problems
    return built


def test_json_follows_its_published_schema_and_the_data(site: Path, model) -> None:  # type: ignore[no-untyped-def]
    data = json.loads((site / "data" / "promises.json").read_text(encoding="utf-8"))
    published = json.loads((site / "data" / "promises.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(published)
    assert list(jsonschema.Draft202012Validator(published).iter_errors(data)) == []
    assert data["build_date"] == SURVEY_OPEN
    assert data["licence"]["url"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert [p["id"] for p in data["promises"]] == [v.promise.id for v in model.promises]
    promise, view = data["promises"][0], model.promises[0]
    assert promise["id"] == view.promise.id and promise["state"] == view.state
    assert promise["period"] == {"start": "2019-06-01", "end": "2020-06"}
    assert [(a["id"], a["current_status"], a["last_update"], a["overdue"]) for a in promise["activities"]] == [
        (a.activity.id, a.status, a.last_update.date.isoformat() if a.last_update else None, a.overdue)
        for a in view.activities]
    assert [a["owners"] for a in promise["activities"]] == [list(a.activity.owners) for a in view.activities]
    assert data["surveys"][0]["state"] == "open"


def test_csv_files_are_rfc_4180_and_agree(site: Path, model) -> None:  # type: ignore[no-untyped-def]
    raw = (site / "data" / "activities.csv").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF line ends
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert [(r["activity_id"], r["current_status"], r["owners"]) for r in rows] == [
        (a.activity.id, a.status or "", ";".join(a.activity.owners)) for v in model.promises for a in v.activities]
    assert rows[1]["purpose_en"].startswith("Create safe surroundings by quickly repairing vandalism and removing "
                                            "graffiti, and")  # a comma inside a quoted field
    updates = list(csv.DictReader(io.StringIO((site / "data" / "updates.csv").read_text(encoding="utf-8"),
                                              newline="")))
    shown = sorted((u.date.isoformat() for v in model.promises for a in v.activities for u in a.updates), reverse=True)
    assert [u["date"] for u in updates] == shown


@pytest.mark.parametrize(("lang", "path"), [("sv", "feed.xml"), ("en", "en/feed.xml")])
def test_atom_feeds(site: Path, model, lang: str, path: str) -> None:  # type: ignore[no-untyped-def]
    feed = feedparser.parse((site / path).read_bytes())
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.language == lang
    assert len(feed.entries) == sum(len(a.updates) for v in model.promises for a in v.activities)
    ids = [e.id for e in feed.entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("tag:") for i in ids)
    newest = feed.entries[0]
    assert newest.updated.startswith("2019-11-01")
    assert newest.link.endswith("/loften/lerum-2019-2020/#medborgardialog")
    assert ("Källa" if lang == "sv" else "Source") in newest.summary


def test_every_page_links_its_feed(site: Path) -> None:
    for page in site.rglob("*.html"):
        if "embed" in page.parts or "affisch" in page.parts or page.name == "404.html":  # standalone pages
            continue
        html = page.read_text(encoding="utf-8")
        assert 'rel="alternate" type="application/atom+xml"' in html, page


def test_calendar(site: Path) -> None:
    calendar = ics.Calendar((site / "events.ics").read_text(encoding="utf-8"))
    events = sorted(calendar.events, key=lambda e: e.begin)
    assert [(e.begin.date().isoformat(), e.name) for e in events] == [
        ("2019-10-03", "BRÅ-möte: Medborgarlöfte Lerum 2019–2020"),
        ("2019-12-01", "Sista dag att svara: Medborgardialog Lerums kommun"),
        ("2019-12-05", "BRÅ-möte: Medborgarlöfte Lerum 2019–2020"),
        ("2020-02-13", "BRÅ-möte: Medborgarlöfte Lerum 2019–2020"),
        ("2020-05-14", "BRÅ-möte: Medborgarlöfte Lerum 2019–2020"),
        ("2021-10-31", "Sista dag att svara: Trygghetsenkät Lerum 2021"),
        ("2021-12-09", "BRÅ-möte: Medborgarlöfte Lerum 2021–2022"),
    ]
    assert all(e.uid.endswith("@medborgarloften.github.io") for e in events)
    english = ics.Calendar((site / "en" / "events.ics").read_text(encoding="utf-8"))
    assert "Last day to answer: Citizen dialogue, Lerum Municipality" in {e.name for e in english.events}


def test_rebuilding_later_without_a_data_change_keeps_feeds_and_calendar(tmp_path: Path) -> None:
    builds = []
    for today in (LATE, "2022-03-01"):  # both after the last update and measurement
        out = tmp_path / today
        assert run_cli("build", "--site", str(out), "--today", today).returncode == 0
        builds.append(out)
    for path in ("feed.xml", "en/feed.xml", "events.ics", "en/events.ics", "data/updates.csv",
                 "data/promises.schema.json"):
        assert (builds[0] / path).read_bytes() == (builds[1] / path).read_bytes(), path


def test_open_data_page_describes_every_file(site: Path) -> None:
    for prefix in ("", "en/"):
        html = (site / prefix / "oppna-data" / "index.html").read_text(encoding="utf-8")
        for name in ("promises.json", "promises.schema.json", "activities.csv", "updates.csv", "feed.xml",
                     "events.ics", "CC0"):
            assert name in html, (prefix, name)


def test_embed_card_works_in_an_iframe_on_another_origin(site: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    host = tmp_path / "host"
    with sitecheck.serve_site(site, sitecheck.base_path()) as root:
        card = root + "embed/lerum-2019-2020/"
        host.mkdir()
        (host / "index.html").write_text(
            '<!doctype html><html lang="sv"><head><title>Lerums kommun</title></head><body><main>'
            f'<h1>Trygghet</h1><iframe src="{card}" title="Medborgarlöfte" width="600" height="360"></iframe>'
            "</main></body></html>", encoding="utf-8")
        with sitecheck.serve_site(host, "/") as other, sync_playwright() as playwright:
            assert other.split(":")[2] != root.split(":")[2]  # another port: another origin
            browser = playwright.chromium.launch(executable_path=sitecheck.CHROMIUM, args=sitecheck.CHROMIUM_ARGS)
            try:
                page = browser.new_page()
                page.goto(other.replace("127.0.0.1", "localhost"), wait_until="networkidle")
                frame = next(f for f in page.frames if f.url.startswith(card))
                assert "Medborgarlöfte Lerum 2019–2020" in frame.inner_text("h1")
                assert "Genomförd: 1" in frame.inner_text(".statuses")
                frame.evaluate((ROOT / "node_modules" / "axe-core" / "axe.min.js").read_text(encoding="utf-8"))
                violations = frame.evaluate(
                    "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
                    ".then(r => r.violations.map(v => v.id))", sitecheck.AXE_TAGS)
                assert violations == []
            finally:
                browser.close()


def test_sitemap_pairs_every_page_with_its_twin(site: Path) -> None:
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = ET.parse(site / "sitemap.xml").getroot().findall("s:url", ns)
    base = sitecheck.base_path()
    assert len(urls) >= 14
    for url in urls:
        loc = url.findtext("s:loc", namespaces=ns) or ""
        assert loc.startswith("https://") and base in loc
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)}
        assert set(alternates) == {"sv", "en"}, loc
        assert loc in alternates.values()


def test_feed_and_calendar_do_not_grow_with_the_history(tmp_path: Path) -> None:
    """The feed has the 50 latest updates and the calendar the events from a year back on; the
    whole history stays in updates.csv and promises.json."""
    from bench.synthetic import generate
    from generator.opendata import CALENDAR_PAST_DAYS, FEED_ENTRIES, all_updates, atom_feed, calendar

    today = dt.date(2025, 6, 1)
    data = tmp_path / "promises.yaml"
    data.write_text(generate(4, seed=3, today=today), encoding="utf-8")
    built, ui, problems = load_model(make_project(data, ROOT / "content"), today)
    assert built is not None, problems
    updates = all_updates(built)
    assert len(updates) > FEED_ENTRIES
    feed = feedparser.parse(atom_feed(built, "sv", ui["sv"], "https://example.org/"))
    assert len(feed.entries) == FEED_ENTRIES
    assert feed.entries[0].updated.startswith(updates[0].update.date.isoformat())
    assert feed.entries[-1].updated.startswith(updates[FEED_ENTRIES - 1].update.date.isoformat())
    events = ics.Calendar(calendar(built, "sv", ui["sv"], "https://example.org/").decode()).events
    since = today - dt.timedelta(days=CALENDAR_PAST_DAYS)
    meetings = [m.date for p in built.promises for m in p.promise.meetings]
    closes = [s.survey.closes for s in built.surveys]
    expected = sorted(d for d in meetings + closes if d >= since)
    assert sorted(e.begin.date() for e in events) == expected and len(expected) < len(meetings + closes)
