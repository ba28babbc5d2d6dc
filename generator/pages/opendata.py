"""Open data files: the data set as JSON (with its schema) and CSV, Atom feeds and a calendar.

Every file depends only on the data and the build date, never on the clock: feed and calendar
ids are made from the promise, activity and date they describe, and their timestamps are the
dates in the data, so a rebuild without a data change gives the same bytes.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import io
import json
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from typing import Any

import icalendar
from feedgen.feed import FeedGenerator

from .. import __version__
from ..data import languages, schema
from ..data.schema_json import build_json_schema
from ..model import ActivityView, PromiseView, SiteModel, UpdateView
from . import routes

# The address of the project's own example site: the example data (site.example_data) is built
# for it when nothing else names an address. Real data never is (decisions/2026-12-06-site-address.md).
DEFAULT_SITE_URL = "https://medborgarloften.github.io/medborgarloften/"
# The address a build of real data uses when neither promises.yaml (site.url) nor the publishing
# workflow (`build --url`, GitHub Pages' address) names one: `serve`'s local preview.
LOCAL_SITE_URL = "http://127.0.0.1:8000/"


def site_address(document: schema.Document, given: str | None = None) -> str:
    """The address every page, feed, data file and QR code is made for, always ending in "/":
    site.url (the editors' explicit choice), else `given` (the address the publishing workflow
    passes, GitHub Pages'), else the example's own for example data and the local preview
    address for real data."""
    fallback = DEFAULT_SITE_URL if document.site.example_data else LOCAL_SITE_URL
    url = str(document.site.url or given or fallback)
    return url if url.endswith("/") else url + "/"


# Who made the site, in promises.json and in every page's <meta name="generator">.
GENERATOR = f"medborgarloften {__version__}"
DATA_FILES = ("data/promises.json", "data/promises.schema.json", "data/activities.csv", "data/updates.csv")


def lang_prefix(lang: str) -> str:
    return languages.edition(lang).prefix


def page_url(site_url: str, lang: str, path: str) -> str:
    return f"{site_url}{lang_prefix(lang)}{path}"


def promise_url(site_url: str, lang: str, promise: schema.Promise) -> str:
    return page_url(site_url, lang, routes.address("promise", promise.id))


# --- JSON ----------------------------------------------------------------------------------

@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _plain(value: Any) -> Any:
    if isinstance(value, schema.I18n):
        return dict(value.items())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if isinstance(value, schema.PeriodDate):
            return str(value)
        # A field that is not given is left out, as in promises.yaml (the schema has no nulls there).
        return {name: _plain(item) for name in _field_names(type(value))
                if (item := getattr(value, name)) is not None}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _activity_json(view: ActivityView) -> dict[str, Any]:
    data: dict[str, Any] = _plain(view.activity)
    data["updates"] = [_plain(u) for u in view.updates]  # newest first, as shown
    data["current_status"] = view.status
    data["last_update"] = str(view.last_update.date) if view.last_update else None
    data["overdue"] = view.overdue
    data["progress"] = view.progress
    return data


def document_format(document: schema.Attachment) -> str | None:
    """The format as written, else the file's (or address's) extension in capitals, e.g. PDF."""
    if document.format:
        return document.format
    name = (document.file or document.url or "").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].upper() if "." in name else None


def document_size(document: schema.Attachment, content_dir: Path | None) -> int | None:
    """The size as written, else measured for a file in content/."""
    if document.size is not None or document.file is None or content_dir is None:
        return document.size
    path = content_dir / document.file
    return path.stat().st_size if path.is_file() else None


def _document_json(document: schema.Attachment, content_dir: Path | None) -> dict[str, Any]:
    data: dict[str, Any] = _plain(document)
    for key, value in (("format", document_format(document)), ("size", document_size(document, content_dir))):
        if value is not None:  # as in promises.yaml: a value that is not known is left out
            data[key] = value
    return data


def _promise_json(view: PromiseView, site_url: str, editions: tuple[languages.Edition, ...],
                  content_dir: Path | None = None) -> dict[str, Any]:
    data: dict[str, Any] = _plain(view.promise)
    data["activities"] = [_activity_json(a) for a in view.activities]
    data["documents"] = [_document_json(d, content_dir) for d in view.documents]
    data["results"] = [_plain(r) for r in view.results]  # as known on the build date, like updates
    data["state"] = view.state
    data["url"] = {e.code: page_url(site_url, e.code, routes.address("promise", view.promise.id)) for e in editions}
    return data


def schema_url(site_url: str) -> str:
    """Where promises.json's schema is published: its `$id`, and the `$schema` the data names."""
    return f"{site_url}data/promises.schema.json"


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def promises_json(model: SiteModel, site_url: str, content_dir: Path | None = None,
                  parts: Parts | None = None) -> bytes:
    """Everything the site shows, as one JSON document, each promise's part made by `parts` when
    given (compact JSON is the same text whether it is written whole or in parts)."""
    document = model.document

    def make(view: PromiseView) -> str:
        return _compact(_promise_json(view, site_url, model.editions, content_dir))

    promises = _each(model, make, parts)
    data = {
        "$schema": schema_url(site_url),
        "build_date": model.today.isoformat(),
        "generator": GENERATOR,
        "licence": _plain(document.site.data_licence),
        "site": _plain(document.site),
        "organisations": _plain(document.organisations),
        "places": _plain(document.places),
        "contacts": _plain(document.contacts),
        "surveys": [{**_plain(s.survey), "state": s.state} for s in model.surveys],
        "promises": None,  # written from `promises`
        "accessibility": _plain(document.accessibility),
    }
    # Compact: a national file is tens of megabytes, and indentation would add a third.
    members = (f"{_compact(key)}:{'[' + ','.join(promises) + ']' if key == 'promises' else _compact(value)}"
               for key, value in data.items())
    return ("{" + ",".join(members) + "}\n").encode("utf-8")


def output_schema(site_url: str) -> bytes:
    """The schema of promises.json: the input's schema plus the derived values."""
    out = build_json_schema(schema_id=schema_url(site_url))
    defs = out["$defs"]
    date = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    uri = {"type": "string", "format": "uri", "pattern": "^https://"}
    status = {"enum": [*schema.STATUSES, None]}
    defs["Activity"]["properties"].update({
        "current_status": {"description": "The status of the latest update (or the initial one).", **status},
        "last_update": {"description": "Date of the latest update.", "anyOf": [date, {"type": "null"}]},
        "overdue": {"description": "Not done and the period has ended, or no update for too long.",
                    "type": "boolean"},
        "progress": {"description": "Progress towards the target: the latest update that reports it.",
                     "type": ["number", "null"]},
    })
    defs["Activity"]["properties"]["last_update"]["description"] = "Date (or month) of the latest update."
    defs["Activity"]["properties"]["last_update"]["anyOf"] = [
        date, {"type": "string", "pattern": r"^\d{4}-\d{2}$"}, {"type": "null"}]
    defs["Activity"]["required"] = [*defs["Activity"]["required"], "current_status", "last_update", "overdue",
                                    "progress"]
    defs["Promise"]["properties"].update({
        "state": {"enum": ["upcoming", "current", "ended"]},
        "url": {"description": "The promise's page in every edition, by edition code.", "type": "object",
                "additionalProperties": uri},
    })
    defs["Promise"]["required"] = [*defs["Promise"]["required"], "state", "url"]
    defs["Survey"]["properties"]["state"] = {"enum": ["upcoming", "open", "closed"]}
    out["properties"].update({"$schema": {"description": "The address of this schema.", **uri},
                              "build_date": date,
                              "generator": {"description": "The program and version that built the site.",
                                            "type": "string", "pattern": "^medborgarloften [0-9]"},
                              "licence": {"$ref": "#/$defs/Licence"}})
    out["required"] = [*out["required"], "build_date", "generator", "licence"]
    out["title"] = "promises.json: medborgarlöften, with derived values"
    return (json.dumps(out, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# --- CSV (RFC 4180: comma, double quotes, CRLF) ---------------------------------------------

# A cell a spreadsheet would run as a formula (OWASP, "CSV Injection"): the text starts with one
# of these. Such a cell gets a single quote in front, so it is shown as the text it is.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A UTF-8 byte order mark first: without it Excel reads the file as Windows-1252 and shows
# "trÃ¤d" for "träd". Other CSV readers skip it (Python: encoding="utf-8-sig").
BOM = "\ufeff"


def csv_cell(value: Any) -> Any:
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    return _csv_file(header, "".join(_csv_lines(rows)))


def _csv_lines(rows: list[list[Any]]) -> list[str]:
    """Each row as a line of CSV (a line may hold line breaks inside a quoted cell)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    lines, start = [], 0
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
        lines.append(buffer.getvalue()[start:])
        start = buffer.tell()
    return lines


def _csv_file(header: list[str], body: str) -> bytes:
    buffer = io.StringIO()
    buffer.write(BOM)
    csv.writer(buffer, lineterminator="\r\n").writerow(header)
    buffer.write(body)
    return buffer.getvalue().encode("utf-8")


# A promise's part of a file, made by `make` unless already known: `parts(view, make)` (a rebuild
# keeps the parts of unchanged promises; see render._Job).
Parts = Callable[[PromiseView, Callable[[], Any]], Any]


def _each(model: SiteModel, make: Callable[[PromiseView], Any], parts: Parts | None) -> list[Any]:
    return [make(view) if parts is None else parts(view, functools.partial(make, view)) for view in model.promises]


def _per_edition(name: str, codes: tuple[str, ...]) -> list[str]:
    return [f"{name}_{code}" for code in codes]


def activity_columns(codes: tuple[str, ...]) -> list[str]:
    """One column per edition for each text and address: title_sv, title_en, …"""
    return ["promise_id", "activity_id", *_per_edition("title", codes), *_per_edition("purpose", codes), "owners",
            "places", "current_status", "last_update", "overdue", "updates", *_per_edition("url", codes),
            "theme", "partners", "target_value", *_per_edition("target_unit", codes), "target_by", "progress"]


def update_columns(codes: tuple[str, ...]) -> list[str]:
    return ["promise_id", "activity_id", "date", "status", *_per_edition("text", codes),
            *_per_edition("source", codes), "progress"]


def _own(text: schema.I18n | None, codes: tuple[str, ...]) -> list[str]:
    """A text in each edition as written (empty where it has none: the CSV carries no fallbacks)."""
    texts = dict(text.items()) if text is not None else {}
    return [texts.get(code, "") for code in codes]


def _number(value: float | None) -> str:
    return "" if value is None else (f"{value:g}")


def activities_csv(model: SiteModel, site_url: str, parts: Parts | None = None) -> bytes:
    codes = tuple(e.code for e in model.editions)

    def make(p: PromiseView) -> str:
        rows = []
        for a in p.activities:
            target = a.targets[0] if a.targets else None  # progress counts towards the first
            rows.append([
                p.promise.id, a.activity.id, *_own(a.activity.title, codes), *_own(a.activity.purpose, codes),
                ";".join(a.activity.owners), ";".join(a.activity.places), a.status or "",
                str(a.last_update.date) if a.last_update else "", "true" if a.overdue else "false",
                len(a.updates),
                *(page_url(site_url, code, routes.address("promise", p.promise.id)) + f"#{a.activity.id}"
                  for code in codes),
                a.activity.theme or "", ";".join(a.activity.partners),
                _number(target.value if target else None), *_own(target.unit if target else None, codes),
                str(target.by) if target and target.by else "", _number(a.progress),
            ])
        return "".join(_csv_lines(rows))

    return _csv_file(activity_columns(codes), "".join(_each(model, make, parts)))


def updates_csv(model: SiteModel, parts: Parts | None = None) -> bytes:
    """Every update, newest first: each promise's lines with their days, in all_updates' order
    (sorted is stable, so the lines come out as all_updates has them)."""
    codes = tuple(e.code for e in model.editions)

    def make(p: PromiseView) -> list[tuple[int, str]]:
        shown = [(a.activity, u) for a in p.activities for u in reversed(a.updates)]
        lines = _csv_lines([[p.promise.id, activity.id, str(u.date), u.status or "", *_own(u.text, codes),
                             *_own(u.source, codes), _number(u.progress)] for activity, u in shown])
        return [(u.date.first_day.toordinal(), line) for (_activity, u), line in zip(shown, lines, strict=True)]

    dated = [line for lines in _each(model, make, parts) for line in lines]
    dated.sort(key=lambda line: line[0], reverse=True)
    return _csv_file(update_columns(codes), "".join(line for _day, line in dated))


def all_updates(model: SiteModel) -> list[UpdateView]:
    """Every update shown on the site, newest first (ties: promise, activity, file order)."""
    updates = [UpdateView(p.promise, a.activity, u) for p in model.promises for a in p.activities
               for u in reversed(a.updates)]
    return sorted(updates, key=lambda u: u.update.date.first_day, reverse=True)


# --- Atom ----------------------------------------------------------------------------------

def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def update_id(site_url: str, update: UpdateView, index: int) -> str:
    """A tag: URI (RFC 4151) that names the update itself, the same in every build."""
    host = site_url.split("://", 1)[-1].split("/", 1)[0]
    first = min((update.promise.period.start.first_day, update.update.date.first_day))
    return (f"tag:{host},{first.isoformat()}:{update.promise.id}/{update.activity.id}/"
            f"{update.update.date}/{index}")


# A feed carries the latest updates, as feeds do; the whole history is in updates.csv and
# promises.json. So the feed's size does not grow with the site.
FEED_ENTRIES = 50
# The calendar carries events from a year before the build date on: what a subscriber needs,
# and a size that does not grow with the site's history.
CALENDAR_PAST_DAYS = 365


def atom_feed(model: SiteModel, lang: str, words: dict[str, str], site_url: str) -> bytes:
    feed = FeedGenerator()
    title = model.document.site.title.get(lang)
    home = page_url(site_url, lang, "")
    feed.id(home)
    feed.title(f"{title}: {words['latest_updates']}")
    feed.language(languages.edition(lang).lang)
    feed.author({"name": model.document.site.publisher.get(lang)})
    feed.link(href=home, rel="alternate")
    feed.link(href=page_url(site_url, lang, "feed.xml"), rel="self", type="application/atom+xml")
    feed.generator("medborgarloften", version=__version__)
    updates = all_updates(model)[:FEED_ENTRIES]
    feed.updated(_midnight(updates[0].update.date.first_day) if updates else _midnight(model.today))
    seen: dict[tuple[str, str, schema.PeriodDate], int] = {}
    for u in reversed(updates):  # feedgen prepends: add oldest first so the newest ends up on top
        key = (u.promise.id, u.activity.id, u.update.date)
        seen[key] = seen.get(key, -1) + 1
        entry = feed.add_entry()
        entry.id(update_id(site_url, u, seen[key]))
        entry.title(f"{u.activity.title.get(lang)}: {words['status_' + (u.update.status or 'none')]}"
                    if u.update.status else u.activity.title.get(lang))
        entry.link(href=promise_url(site_url, lang, u.promise) + f"#{u.activity.id}")
        # A month-only update is dated to the month's first day: Atom needs a full timestamp.
        entry.updated(_midnight(u.update.date.first_day))
        entry.published(_midnight(u.update.date.first_day))
        entry.summary(f"{u.update.text.get(lang)} ({words['source']}: {u.update.source.get(lang)})")
    return bytes(feed.atom_str(pretty=True))


# --- iCalendar -----------------------------------------------------------------------------

# day, UID, title, address, description, and for a meeting with a time of day its start and end
# (HH:MM; the end may be empty) in Swedish time.
_Event = tuple[dt.date, str, str, str, str, str, str]
CALENDAR_ZONE = "Europe/Stockholm"
# Sweden's time as a rule (EU summer time since 1996), not as computed transitions: a small,
# lasting definition that does not change with the machine's time-zone data.
_STOCKHOLM = "\r\n".join([
    "BEGIN:VTIMEZONE", f"TZID:{CALENDAR_ZONE}",
    "BEGIN:DAYLIGHT", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST", "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", "END:DAYLIGHT",
    "BEGIN:STANDARD", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET", "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU", "END:STANDARD", "END:VTIMEZONE", ""])


def _meeting_event(m: schema.Meeting, uid: str, title: str, url: str, lang: str) -> _Event:
    return (m.date, uid, title, url, m.place.get(lang) if m.place else "", m.time or "", m.end_time or "")


def calendar_events(model: SiteModel, lang: str, words: dict[str, str], site_url: str) -> list[_Event]:
    """The calendar's events: survey deadlines and meetings from a year before the build date on."""
    host = site_url.split("://", 1)[-1].split("/", 1)[0]
    events: list[_Event] = []
    for survey in model.surveys:
        s = survey.survey
        title = words["calendar_survey_closes"].format(title=s.title.get(lang))
        events.append((s.closes, f"survey-{s.id}-closes@{host}", title, s.url, s.description.get(lang)
                       if s.description else "", "", ""))
    for p in model.promises:
        seen: dict[dt.date, int] = {}
        for m in p.promise.meetings:
            # Two meetings of one promise on one day are two events: the second gets -2, and so on
            # (the first keeps the UID it always had, so subscribers do not see it twice).
            seen[m.date] = seen.get(m.date, 0) + 1
            suffix = f"-{seen[m.date]}" if seen[m.date] > 1 else ""
            title = f"{m.title.get(lang)}: {p.promise.title.get(lang)}"
            events.append(_meeting_event(m, f"meeting-{p.promise.id}-{m.date.isoformat()}{suffix}@{host}", title,
                                         promise_url(site_url, lang, p.promise), lang))
    seen_site: dict[dt.date, int] = {}
    for m in model.document.meetings:  # meetings of the whole site: the start page tells them
        seen_site[m.date] = seen_site.get(m.date, 0) + 1
        suffix = f"-{seen_site[m.date]}" if seen_site[m.date] > 1 else ""
        events.append(_meeting_event(m, f"meeting-site-{m.date.isoformat()}{suffix}@{host}", m.title.get(lang),
                                     page_url(site_url, lang, ""), lang))
    since = model.today - dt.timedelta(days=CALENDAR_PAST_DAYS)
    return sorted(e for e in events if e[0] >= since)


def has_calendar(model: SiteModel) -> bool:
    """Whether the site publishes a calendar: RFC 5545 wants at least one component in a
    VCALENDAR, and the only honest one is an event, so with no events there is no file (and no link)."""
    since = model.today - dt.timedelta(days=CALENDAR_PAST_DAYS)
    return any(s.survey.closes >= since for s in model.surveys) or any(
        m.date >= since for p in model.promises for m in p.promise.meetings) or any(
        m.date >= since for m in model.document.meetings)


def calendar(model: SiteModel, lang: str, words: dict[str, str], site_url: str,
             events: list[_Event] | None = None) -> bytes:
    """The edition's calendar (`events`: calendar_events, when already made)."""
    events = calendar_events(model, lang, words, site_url) if events is None else events
    if not events:
        raise ValueError("a calendar without events is not valid iCalendar: check has_calendar() first")
    cal = icalendar.Calendar()
    cal.add("prodid", "-//medborgarloften//events//" + lang.upper())
    cal.add("version", "2.0")
    cal.add("x-wr-calname", model.document.site.title.get(lang))
    if any(start for *_event, start, _end in events):  # the VTIMEZONE that TZID=Europe/Stockholm names
        cal.add_component(icalendar.Timezone.from_ical(_STOCKHOLM))
    for day, uid, title, url, description, start, end in events:
        event = icalendar.Event()
        event.add("uid", uid)
        # When this copy of the event was made: the build date (an input, so rebuilding on the
        # same day gives the same bytes), never the clock and never the event's own day.
        event.add("dtstamp", _midnight(model.today))
        if start:  # a meeting with a time of day: a timed event in Swedish time (an end only when given)
            zone = zoneinfo.ZoneInfo(CALENDAR_ZONE)
            event.add("dtstart", dt.datetime.combine(day, dt.time.fromisoformat(start), zone))
            if end:
                event.add("dtend", dt.datetime.combine(day, dt.time.fromisoformat(end), zone))
        else:
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
        event.add("summary", title)
        event.add("url", url)
        if description:
            event.add("description", description)
        cal.add_component(event)
    return bytes(cal.to_ical())


def shared_data_files(model: SiteModel, site_url: str, json_file: bool = True, content_dir: Path | None = None,
                      parts: dict[str, Parts] | None = None) -> dict[str, bytes]:
    """The data files published once for both languages (data/); promises.json unless told not to
    (a build in two processes makes it in the other one), with the sizes of documents in `content_dir`.
    `parts`: per file, what gives a promise's part of it (see Parts)."""
    parts = parts or {}
    files = {
        "data/promises.schema.json": output_schema(site_url),
        "data/activities.csv": activities_csv(model, site_url, parts.get("data/activities.csv")),
        "data/updates.csv": updates_csv(model, parts.get("data/updates.csv")),
    }
    if json_file:
        files["data/promises.json"] = promises_json(model, site_url, content_dir, parts.get("data/promises.json"))
    return files


def language_data_files(model: SiteModel, edition: languages.Edition, words: dict[str, str],
                        site_url: str, unchanged: Callable[[str, object], bool] | None = None) -> dict[str, bytes]:
    """The feed and the calendar of one edition (no calendar when there is no event in it).
    `unchanged(path, inputs)` tells a file the last build made from the same inputs, kept as it is
    (the calendar: its events; the site's title and the date are the same for every page)."""
    files = {f"{edition.code}/feed.xml": atom_feed(model, edition.code, words, site_url)}
    if has_calendar(model):
        events = calendar_events(model, edition.code, words, site_url)
        path = f"{edition.code}/events.ics"
        if unchanged is None or not unchanged(path, events):
            files[path] = calendar(model, edition.code, words, site_url, events)
    return files


def open_data_files(model: SiteModel, ui: dict[str, dict[str, str]], site_url: str) -> dict[str, bytes]:
    """Every open-data file, keyed by its path in docs/ (data/ is shared, feeds per language)."""
    files = shared_data_files(model, site_url)
    for edition in model.editions:
        files.update(language_data_files(model, edition, ui[edition.code], site_url))
    return files
