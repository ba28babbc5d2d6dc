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

from generator.build import load_model, make_project
from generator.checks import site as sitecheck
from generator.pages.opendata import DEFAULT_SITE_URL
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
        (a.activity.id, a.status, str(a.last_update.date) if a.last_update else None, a.overdue)
        for a in view.activities]
    assert [a["owners"] for a in promise["activities"]] == [list(a.activity.owners) for a in view.activities]
    assert data["surveys"][0]["state"] == "open"


def test_csv_files_are_rfc_4180_and_agree(site: Path, model) -> None:  # type: ignore[no-untyped-def]
    raw = (site / "data" / "activities.csv").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n")  # CRLF line ends
    assert raw.startswith(b"\xef\xbb\xbfpromise_id,")  # a UTF-8 byte order mark, for Excel
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert [(r["activity_id"], r["current_status"], r["owners"]) for r in rows] == [
        (a.activity.id, a.status or "", ";".join(a.activity.owners)) for v in model.promises for a in v.activities]
    assert rows[1]["purpose_en"].startswith("Create safe surroundings by quickly repairing vandalism and removing "
                                            "graffiti, and")  # a comma inside a quoted field
    updates = list(csv.DictReader(io.StringIO((site / "data" / "updates.csv").read_text(encoding="utf-8-sig"),
                                              newline="")))
    shown = sorted((str(u.date) for v in model.promises for a in v.activities for u in a.updates), reverse=True)
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
        # rel=" alternate": a feed reader's token list, but not Material's link[rel=alternate] (see main.html)
        assert 'rel=" alternate" type="application/atom+xml"' in html, page


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
    for path in ("feed.xml", "en/feed.xml", "data/updates.csv", "data/promises.schema.json"):
        assert (builds[0] / path).read_bytes() == (builds[1] / path).read_bytes(), path
    for path in ("events.ics", "en/events.ics"):  # only DTSTAMP, the build date, differs
        before, after = ((b / path).read_text(encoding="utf-8") for b in builds)
        assert before.replace("DTSTAMP:20220115T000000Z", "DTSTAMP:20220301T000000Z") == after, path


def test_open_data_page_describes_every_file(site: Path) -> None:
    for prefix in ("", "en/"):
        html = (site / prefix / "oppna-data" / "index.html").read_text(encoding="utf-8")
        for name in ("promises.json", "promises.schema.json", "activities.csv", "updates.csv", "feed.xml",
                     "events.ics", "CC0"):
            assert name in html, (prefix, name)


def test_embed_card_works_in_an_iframe_on_another_origin(site: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

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
                card_frame = page.frame_locator(f'iframe[src="{card}"]')
                expect(card_frame.locator("h1")).to_contain_text("Medborgarlöfte Lerum 2019–2020", use_inner_text=True)
                expect(card_frame.locator(".statuses")).to_contain_text("Genomförd: 1", use_inner_text=True)
                frame = next(f for f in page.frames if f.url.startswith(card))
                frame.evaluate((sitecheck.node_modules() / "axe-core" / "axe.min.js").read_text(encoding="utf-8"))
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
        if "/lattlast/" in loc:  # easy-to-read Swedish shares sv: no hreflang can name it
            assert alternates == {}, loc
            continue
        assert set(alternates) == {"sv", "en", "fi", "ar"}, loc
        assert loc in alternates.values()


def test_feed_and_calendar_do_not_grow_with_the_history(tmp_path: Path) -> None:
    """The feed has the 50 latest updates and the calendar the events from a year back on; the
    whole history stays in updates.csv and promises.json."""
    from bench.synthetic import generate
    from generator.pages.opendata import CALENDAR_PAST_DAYS, FEED_ENTRIES, all_updates, atom_feed, calendar

    today = dt.date(2025, 6, 1)
    data = tmp_path / "promises.yaml"
    data.write_text(generate(4, seed=3, today=today), encoding="utf-8")
    built, ui, problems = load_model(make_project(data, ROOT / "content"), today)
    assert built is not None, problems
    updates = all_updates(built)
    assert len(updates) > FEED_ENTRIES
    feed = feedparser.parse(atom_feed(built, "sv", ui["sv"], "https://example.org/"))
    assert len(feed.entries) == FEED_ENTRIES
    assert feed.entries[0].updated.startswith(updates[0].update.date.first_day.isoformat())
    assert feed.entries[-1].updated.startswith(updates[FEED_ENTRIES - 1].update.date.first_day.isoformat())
    events = ics.Calendar(calendar(built, "sv", ui["sv"], "https://example.org/").decode()).events
    since = today - dt.timedelta(days=CALENDAR_PAST_DAYS)
    meetings = [m.date for p in built.promises for m in p.promise.meetings]
    closes = [s.survey.closes for s in built.surveys]
    expected = sorted(d for d in meetings + closes if d >= since)
    assert sorted(e.begin.date() for e in events) == expected and len(expected) < len(meetings + closes)


# --- the published files meet their standards (issue 15) ------------------------------------

MINIMAL = (ROOT / "tests" / "cases" / "valid" / "minimal" / "promises.yaml").read_text(encoding="utf-8")


def _model(tmp_path: Path, text: str, today: str = "2024-05-01"):  # type: ignore[no-untyped-def]
    data = tmp_path / "promises.yaml"
    data.write_text(text, encoding="utf-8")
    built, ui, problems = load_model(make_project(data, ROOT / "content"), dt.date.fromisoformat(today))
    assert built is not None, problems
    return built, ui


def test_the_json_names_its_schema_and_check_jsonschema_checks_dates_as_dates(site: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    data = json.loads((site / "data" / "promises.json").read_text(encoding="utf-8"))
    published = json.loads((site / "data" / "promises.schema.json").read_text(encoding="utf-8"))
    assert data["$schema"] == published["$id"] == DEFAULT_SITE_URL + "data/promises.schema.json"
    assert published["properties"]["build_date"]["format"] == "date"
    assert published["$defs"]["Survey"]["properties"]["url"]["format"] == "uri"
    tool = Path(sys.executable).with_name("check-jsonschema")

    def check(document: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(tool), "--schemafile", str(site / "data" / "promises.schema.json"),
                               str(document)], capture_output=True, text=True)

    valid = check(site / "data" / "promises.json")
    assert valid.returncode == 0, valid.stdout + valid.stderr
    update = data["promises"][0]["activities"][0]["updates"][0]
    for impossible in ("2021-02-30", "2021-13-01"):  # each matches the pattern: only the format catches it
        update["date"] = impossible
        copy = tmp_path / "promises.json"
        copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        invalid = check(copy)
        assert invalid.returncode == 1, invalid.stdout
        assert impossible in invalid.stdout and "date" in invalid.stdout
    update["date"] = "2019-10-01"
    data["surveys"][0]["url"] = "https://enkät example.org/"  # matches ^https:// but is no URI
    copy.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    invalid = check(copy)
    assert invalid.returncode == 1 and "is not a 'uri'" in invalid.stdout, invalid.stdout


def test_csv_cells_that_would_run_as_formulas_are_neutralised_and_json_keeps_the_text(tmp_path: Path) -> None:
    from generator.pages.opendata import activities_csv, promises_json, updates_csv

    dangerous = ["=HYPERLINK(\"https://evil.example\",\"x\")", "+46 10 565 74 21", "-2+3", "@SUM(A1)",
                 "\tTabb", "\rRetur"]
    text = MINIMAL.replace("text: {sv: Nya lampor beställda., en: New lamps ordered.}",
                           "text: {sv: " + json.dumps(dangerous[0]) + ", en: " + json.dumps(dangerous[1]) + "}")
    text = text.replace("source: {sv: BRÅ-möte 2024-02-01, en: BRÅ meeting 2024-02-01}",
                        "source: {sv: " + json.dumps(dangerous[2]) + ", en: " + json.dumps(dangerous[3]) + "}")
    text = text.replace("title: {sv: Bättre belysning, en: Better lighting}",
                        "title: {sv: " + json.dumps(dangerous[4] + " belysning") + ", en: "
                        + json.dumps(dangerous[5] + " lighting") + "}")
    built, _ = _model(tmp_path, text)
    updates = list(csv.DictReader(io.StringIO(updates_csv(built).decode("utf-8-sig"), newline="")))
    assert [updates[0][k] for k in ("text_sv", "text_en", "source_sv", "source_en")] == [
        "'" + d for d in dangerous[:4]]
    activities = list(csv.DictReader(io.StringIO(activities_csv(built, "https://x.org/").decode("utf-8-sig"),
                                                  newline="")))
    # The validator trims texts, so a tab or carriage return cannot lead a cell from promises.yaml;
    # the CSV writer neutralises them anyway.
    assert (activities[0]["title_sv"], activities[0]["title_en"]) == ("Tabb belysning", "Retur lighting")
    from generator.pages.opendata import csv_cell

    assert [csv_cell(d) for d in dangerous] == ["'" + d for d in dangerous]
    assert [csv_cell(v) for v in ("Trygghet", "2024-02-01", 3, "a=b", " =x")] == ["Trygghet", "2024-02-01", 3,
                                                                                   "a=b", " =x"]
    assert activities[0]["promise_id"] == "exempelby-2024" and activities[0]["last_update"] == "2024-02-01"
    data = json.loads(promises_json(built, "https://x.org/"))
    update = data["promises"][0]["activities"][0]["updates"][0]
    assert (update["text"], update["source"]) == ({"sv": dangerous[0], "en": dangerous[1]},
                                                  {"sv": dangerous[2], "en": dangerous[3]})


MEETINGS = "    meetings:\n" + "".join(
    f"      - {{date: {d}, title: {{sv: {t}, en: {t}}}}}\n" for d, t in
    (("2024-03-05", "BRÅ-möte"), ("2024-03-05", "Medborgardialog"), ("2024-04-10", "BRÅ-möte")))


def test_calendar_uids_are_unique_for_two_meetings_on_one_day_and_dtstamp_is_the_build_date(tmp_path: Path) -> None:
    import icalendar

    from generator.pages.opendata import calendar

    built, ui = _model(tmp_path, MINIMAL.replace("    activities:\n", MEETINGS + "    activities:\n", 1))
    raw = calendar(built, "sv", ui["sv"], "https://x.org/").decode("utf-8")
    events = ics.Calendar(raw).events  # an independent reader
    assert len(events) == 4  # three meetings and the survey's deadline
    uids = [e.uid for e in events]
    assert len(set(uids)) == len(uids)
    assert {"meeting-exempelby-2024-2024-03-05@x.org", "meeting-exempelby-2024-2024-03-05-2@x.org"} <= set(uids)
    parsed = icalendar.Calendar.from_ical(raw)
    stamps = {str(c.get("dtstamp").to_ical(), "ascii") for c in parsed.walk("VEVENT")}
    assert stamps == {"20240501T000000Z"}  # the build date, not each event's own date


def test_no_calendar_without_events(tmp_path: Path) -> None:
    from generator.pages.opendata import has_calendar, language_data_files
    from generator.pages.render import pages_for

    text = MINIMAL.replace("    surveys: [enkat]\n", "")
    text = text[:text.index("surveys:\n")] + text[text.index("promises:\n"):]
    built, ui = _model(tmp_path, text)
    assert not has_calendar(built)
    assert set(language_data_files(built, built.editions[0], ui["sv"], "https://x.org/")) == {"sv/feed.xml"}
    page = next(p for p in pages_for(built, "https://x.org/") if p.path == "oppna-data.md")
    assert page.context["calendar"] is False


def test_the_atom_self_link_carries_its_type(site: Path) -> None:
    for path in ("feed.xml", "en/feed.xml"):
        feed = feedparser.parse((site / path).read_bytes())
        (self_link,) = [link for link in feed.feed.links if link.rel == "self"]
        assert self_link.type == "application/atom+xml"
        assert self_link.href.endswith(path)


@pytest.mark.parametrize("case", ["real-strangnas", "real-vingaker", "real-vadstena", "real-lulea", "real-laxa"])
def test_open_data_carries_the_shapes_of_real_promises(case: str) -> None:
    """Targets, progress, themes, partners, documents, extensions and month-only dates, in every file."""
    from generator.pages.render import render_docs

    data_file = ROOT / "tests" / "cases" / "valid" / case / "promises.yaml"
    built, ui, problems = load_model(make_project(data_file), dt.date(2026, 11, 30))
    assert built is not None, problems
    files = render_docs(built, ui, ROOT / "content", site_url="https://example.org/medborgarloften/")
    data = json.loads(files["data/promises.json"])
    schema = json.loads(files["data/promises.schema.json"])
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []
    activities = list(csv.DictReader(io.StringIO(files["data/activities.csv"].decode("utf-8-sig"))))
    updates = list(csv.DictReader(io.StringIO(files["data/updates.csv"].decode("utf-8-sig"))))
    feed = feedparser.parse(files["sv/feed.xml"])
    if case == "real-strangnas":
        row = next(r for r in activities if r["activity_id"] == "grannsamverkan")
        assert (row["target_value"], row["target_unit_sv"], row["target_by"], row["progress"]) == (
            "8", "nya områden med grannsamverkan", "2019-12", "20")
        assert {r["theme"] for r in activities} == {"", "trygghet", "trafik"}
        promise = data["promises"][0]
        assert promise["documents"][0]["format"] == "HTML" and promise["documents"][0]["made_by"] == ["kommunen"]
        result = promise["results"][0]
        assert result["made_by"] == ["kommunen"] and result["document"] == "uppfoljning-2019"
        assert next(a for a in promise["activities"] if a["id"] == "grannsamverkan")["progress"] == 20
        second = data["promises"][1]
        council = next(a for a in second["activities"] if a["id"] == "trafiksakerhetsradet")
        assert council["and_others"] is True and council["partner_groups"][2]["sv"] == "taxi- och bussbolag"
        assert next(p for p in data["places"] if p["id"] == "hela-kommunen")["area"] is True
    elif case == "real-vingaker":
        assert {r["date"] for r in updates} == {"2017-06"}  # known to the month only
        assert data["promises"][0]["results"][0]["date"] == "2017-06"
        assert data["promises"][0]["activities"][0]["last_update"] == "2017-06"
        assert all(e.updated.startswith("2017-06-01") for e in feed.entries)  # Atom needs a day: the first
    elif case == "real-lulea":
        targets = {r["activity_id"]: (r["target_value"], r["target_by"], r["progress"])
                   for r in activities if r["target_value"]}
        assert targets == {"gangtunnlar": ("4", "", ""), "utbildningar-alkoholservering": ("2", "", "2"),
                           "samordnad-tillsyn": ("8", "2018-12-31", ""), "trygghetsvandring": ("1", "", "")}
        assert {(r["activity_id"], r["status"]) for r in updates if r["status"]} == {("ensamkommande", "done")}
        assert next(r for r in activities if r["activity_id"] == "ensamkommande")["current_status"] == "done"
        # A day where the follow-up gives one, the month where only the month is known.
        assert {r["date"] for r in updates} == {"2018-08", "2018-09-07", "2019-03"}
    elif case == "real-laxa":
        assert updates == [] and len(activities) == 6 and not any(r["target_value"] for r in activities)
        assert data["promises"][0]["period"] == {"start": "2018-07-01", "end": "2020-06-30"}
    else:
        extension = data["promises"][0]["period"]["extension"]
        assert extension["original_end"] == "2018-12" and data["promises"][0]["period"]["end"] == "2019-12"
