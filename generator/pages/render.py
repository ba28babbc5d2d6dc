"""Renders the model into the pages of `docs/` per language (front matter, then HTML: see
`htmlpage.py`), and writes `docs/` changing only what changed.

Every value a template prints is escaped for HTML unless it is `Markup` made by a helper here:
forgetting a filter cannot let text from YAML become markup.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import os
import posixpath
import re
import string
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import babel.dates
import babel.lists
import babel.numbers
import jinja2
from markupsafe import Markup

from ..data import languages, schema
from ..data.languages import Edition
from ..model import ActivityView, Entry, PromiseView, SiteModel, SurveyView
from . import docscache, htmlpage, opendata, posters, share
from .escape import md_escape
from .outputs import Output, OutputContext
from .qr import qr_svg
from .rich import rich_block, rich_inline

DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"
STATUS_ICONS = {
    "planned": "material-calendar-clock",
    "in_progress": "material-progress-clock",
    "done": "material-check-circle",
    "ongoing": "material-autorenew",
    "delayed": "material-clock-alert",
    "cancelled": "material-close-circle",
    None: "material-help-circle-outline",
}
# The same colours as the status badges (extra.css); the bar always has the text beside it.
STATUS_COLOURS = {"planned": "#4b5563", "in_progress": "#0b4fb3", "done": "#1b6e2d", "ongoing": "#6b3fa0",
                  "delayed": "#8a4b00", "cancelled": "#a11d1d", None: "#9ca3af"}
TEMPLATES = Path(__file__).parent / "templates"
# Compiled templates, by each template's name and source (compiling them is 0.4 s of every build).
COMPILED = Path(".cache", "templates")  # in the project folder (the current one)
# Files made beside the pages, each by one module (see generator/outputs.py).
OUTPUTS: tuple[Output, ...] = (posters.files, share.files)


def _finalize(value: object) -> object:
    return "" if value is None else _Helpers.esc(value)


@functools.lru_cache(maxsize=4096)
def _format_list(parts: tuple[str, ...], locale: str) -> str:
    return babel.lists.format_list(list(parts), locale=locale)


def _one_line(text: str) -> str:
    """Text on one line (an attribute, a subject line)."""
    return " ".join(text.split())


def _host(url: str) -> str:
    return url.split("/", 3)[2]


def tel_uri(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone)
    return "+46" + digits[1:] if digits.startswith("0") else digits


@dataclass(frozen=True)
class Page:
    path: str  # relative to the language folder, e.g. loften/lerum-2019-2020.md
    template: str
    context: dict[str, Any]
    # The page reads the whole model (`site`): made on every build. Any other page reads only its
    # context and `SiteGlobals`, and a rebuild keeps it when those are unchanged (docscache.py).
    whole_site: bool = False


@dataclass(frozen=True)
class SiteDocument:
    site: schema.Site
    organisations: tuple[schema.Organisation, ...]


@dataclass(frozen=True)
class SiteGlobals:
    """What every page may read of the whole site besides its own context: the site's settings,
    the organisations and the build date. Templates of pages that are not `whole_site` get this
    as `site`, and the helpers always do, so a page that reads more fails the build (an undefined
    value) instead of being kept by a rebuild after what it shows has changed."""

    document: SiteDocument
    organisations: dict[str, schema.Organisation]
    today: dt.date

    @property
    def editions(self) -> tuple[Edition, ...]:
        return self.document.site.editions

    @classmethod
    def of(cls, model: SiteModel) -> SiteGlobals:
        return cls(SiteDocument(model.document.site, model.document.organisations), model.organisations, model.today)


@dataclass(frozen=True)
class Pager:
    """Where a page of a long list is: page `number` of `count`, with the paths of its neighbours."""

    number: int
    count: int
    previous: str | None
    next: str | None
    # A list paged by age (paginate_by_age) shows no "page X of Y", which every new entry would
    # change: an older page shows the days of its oldest and newest entry, the first page nothing.
    by_age: bool = False
    days: tuple[Any, Any] | None = None


# How many entries one page of a list holds. Long lists continue on <list>/sida-2/ and so on, so
# no page grows with the site (validation reserves ids of the form sida-N).
PAGE_SIZE = 25
PROMISES_PER_PAGE = 10  # an organisation's page lists promises, each with its activities

def published_address(path: str) -> str:
    """Where a page of docs/ is published, below its edition: loften/index.md → loften/,
    platser/floda.md → platser/floda/ (MkDocs' directory URLs)."""
    return path.removesuffix("index.md") if path.endswith("index.md") else path.removesuffix(".md") + "/"


def page_path(first: str, number: int) -> str:
    """loften/index.md, 2 → loften/sida-2.md; platser/floda.md, 2 → platser/floda/sida-2.md."""
    if number == 1:
        return first
    return f"{published_address(first)}sida-{number}.md"


def paginate(first: str, template: str, items: tuple[Any, ...], context: dict[str, Any],
             size: int = PAGE_SIZE) -> list[Page]:
    """The pages of one list: `items` holds this page's slice, `pager` where it is."""
    count = max(1, -(-len(items) // size))
    pages = []
    for number in range(1, count + 1):
        pager = Pager(number, count, page_path(first, number - 1) if number > 1 else None,
                      page_path(first, number + 1) if number < count else None)
        pages.append(Page(page_path(first, number), template,
                          {**context, "items": items[(number - 1) * size: number * size], "pager": pager}))
    return pages


def paginate_by_age(first: str, template: str, items: tuple[Any, ...], context: dict[str, Any],
                    day: Callable[[Any], Any], size: int = PAGE_SIZE) -> list[Page]:
    """The pages of a list that grows at its newest end (the updates), `items` newest first.

    Pages are cut from the oldest entry: page sida-1 holds the oldest `size`, sida-2 the next, and
    each keeps its address and content as entries are added. The first page holds the newest
    entries: those after the last whole page, with that page too (so it shows from `size` up to
    2 * size - 1). A new entry therefore changes the first page only, and every `size`th one adds
    a page beside it: a rebuild re-renders two or three pages, not the whole list. Pages are
    told apart by their days (`Pager.days`), not by a count that every new entry would change."""
    oldest_first = items[::-1]
    whole = len(items) // size
    older = max(0, whole - 1)  # pages of their own: every whole page but the newest
    count = 2 if older else 1  # "more than one page" is all a page shows: the same on every build

    def path(number: int) -> str:
        return first if number > older else f"{published_address(first)}sida-{number}.md"

    pages = [Page(first, template, {**context, "items": oldest_first[older * size:][::-1],
                                    "pager": Pager(older + 1, count, None, path(older) if older else None,
                                                   by_age=True)})]
    for number in range(older, 0, -1):
        chunk = oldest_first[(number - 1) * size: number * size]
        pager = Pager(number, count, path(number + 1), path(number - 1) if number > 1 else None,
                      by_age=True, days=(day(chunk[0]), day(chunk[-1])))
        pages.append(Page(path(number), template, {**context, "items": chunk[::-1], "pager": pager}))
    return pages


def group_by_promise(entries: Iterable[Entry]) -> list[tuple[PromiseView, list[ActivityView]]]:
    """Consecutive activities of one promise under one heading, in the order given."""
    groups: list[tuple[PromiseView, list[ActivityView]]] = []
    for entry in entries:
        if groups and groups[-1][0] is entry.promise:
            groups[-1][1].append(entry.activity)
        else:
            groups.append((entry.promise, [entry.activity]))
    return groups


class Renderer:
    """Holds the compiled templates; renders every page of a model in one language."""

    def __init__(self, ui: dict[str, dict[str, str]], site_url: str = "https://example.invalid/",
                 content_dir: Path | None = None) -> None:
        self.ui = ui
        self.site_url = site_url
        self.content_dir = content_dir  # where documents' files are measured
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,  # so macros return Markup; _finalize escapes text as the pages show it
            finalize=_finalize,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # one Renderer per build: never stat the template files again
            bytecode_cache=docscache.CompiledTemplates(COMPILED),
        )
        # Plain HTML pages (the embeddable cards) use ordinary HTML autoescaping.
        self.html_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                           undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                           auto_reload=False, bytecode_cache=docscache.CompiledTemplates(COMPILED))

    def render(self, model: SiteModel, edition: Edition, page: Page, notice: Notice | None = None,
               site: SiteGlobals | None = None) -> str:
        """The page's docs/ file (front matter, then the body as HTML, see htmlpage.py); with the
        example-data notice under its first heading."""
        site = site or SiteGlobals.of(model)
        helpers = _Helpers(site, self.ui[edition.code], edition, f"{edition.code}/{page.path}", self.site_url,
                           self.content_dir)
        context = {k: v.replace("{prefix}", edition.prefix) if isinstance(v, str) else v
                   for k, v in page.context.items()}
        text = self.env.get_template(page.template).render(site=model if page.whole_site else site,
                                                           lang=edition.code, edition=edition,
                                                           h=helpers, page_path=page.path, **context)
        match = _FRONT_MATTER.match(text)
        head, body = (text[: match.end()], text[match.end():]) if match else ("", text)
        if notice:
            end = body.find("</h1>")
            at = end + len("</h1>\n") if end >= 0 else 0
            body = body[:at] + notice.html + body[at:]
        return head + htmlpage.heading_ids(body)

    def render_embed(self, model: SiteModel, edition: Edition, view: PromiseView,
                     site: SiteGlobals | None = None) -> str:
        """The status card of one promise: a small page of its own, for iframes on other sites. It
        reads `view` and SiteGlobals only (kept by a rebuild when those are unchanged)."""
        lang = edition.code
        site = site or SiteGlobals.of(model)
        helpers = _Helpers(site, self.ui[lang], edition, f"{lang}/embed/{view.promise.id}/index.md")
        updates = [a.last_update.date for a in view.activities if a.last_update]
        latest = max(updates, key=lambda d: (d.first_day, d.day is not None)) if updates else None
        overdue = sum(1 for a in view.activities if a.overdue)
        up = "../../" + "../" * edition.prefix.count("/")
        twins = [(other, f"{up}{other.prefix}embed/{view.promise.id}/") for other in site.editions
                 if other.code != lang]
        return self.html_env.get_template("embed.html.j2").render(
            site=site, lang=lang, edition=edition, view=view, promise=view.promise, words=self.ui[lang],
            period=helpers.period(view.promise.period),
            owners=babel.lists.format_list([o.name.get(lang) for o in view.owners], locale=edition.locale),
            promise_href=f"../../loften/{view.promise.id}/", twins=twins,
            last_update=helpers.date(latest) if latest else None, overdue=overdue)


# Babel formats a date in about 0.1 ms; a national site prints the same few hundred dates many times.
@functools.lru_cache(maxsize=8192)
def format_date(day: dt.date, locale: str) -> str:
    return babel.dates.format_date(day, "long", locale=locale)


@functools.lru_cache(maxsize=1024)
def format_month(day: dt.date, locale: str) -> str:
    return babel.dates.format_skeleton("yMMMM", day, locale=locale)


def site_date(value: dt.date | schema.PeriodDate, locale: str) -> str:
    """A date as the site writes it: "1 december 2019", or "juni 2020" for a month."""
    if isinstance(value, schema.PeriodDate):
        if value.day is None:
            return format_month(value.first_day, locale)
        value = value.first_day
    return format_date(value, locale)


def site_period(period: schema.Period, locale: str) -> str:
    return f"{site_date(period.start, locale)} – {site_date(period.end, locale)}"


def site_number(value: float, locale: str) -> str:
    """A measured value at the precision it was given: 57,7703, 48,5, 41."""
    return babel.numbers.format_decimal(value, locale=locale, decimal_quantization=False)


class _Helpers:
    """The functions templates call; each returns HTML (Markup): the HTML Python-Markdown made of
    the Markdown pages these templates once wrote, so the pages are the same (htmlpage.py)."""

    def __init__(self, model: SiteGlobals, ui: dict[str, str], edition: Edition, page: str,
                 site_url: str = "https://example.invalid/", content_dir: Path | None = None) -> None:
        self.model = model
        self.site_url = site_url
        self.content_dir = content_dir
        self.words = ui
        self.edition = edition
        self.lang = edition.code
        self.locale = edition.locale
        self.page = page
        self.folder = posixpath.dirname(page.partition("/")[2])  # the page's folder below its edition's
        # Where a text falls back to the default language: marked with that language (screen readers
        # switch voice) and followed by a short note in the reader's language.
        # (in a right-to-left edition also with its direction, so its punctuation stays in place).
        default = languages.edition(languages.DEFAULT)
        self.fallback_attrs = f'lang="{html.escape(default.lang)}"' + (
            "" if default.direction == edition.direction else f' dir="{default.direction}"')
        self.fallback_note = f' <span class="fallback">{html.escape(ui["fallback_note"])}</span>'

    # text
    def t(self, text: schema.I18n | None) -> Markup:
        if text is None:
            return Markup("")
        escaped = html_text(text.get(self.lang))
        if text.is_fallback(self.lang):
            return Markup(f'<span {self.fallback_attrs}>{escaped}</span>{self._note(text)}')
        return Markup(escaped)

    def _note(self, text: schema.I18n) -> str:
        """The visible "(in Swedish only)" after a fallback text; a name gets none."""
        return "" if isinstance(text, schema.Name) else self.fallback_note

    def attr_text(self, text: schema.I18n) -> str:
        """A text for an HTML attribute or a raw HTML element: escaped for HTML, on one line, marked
        with its language when it falls back (the caller puts it inside an element)."""
        escaped = html.escape(_one_line(text.get(self.lang)))
        if text.is_fallback(self.lang):
            return f'<span {self.fallback_attrs}>{escaped}</span>{self._note(text)}'
        return escaped

    def plain(self, text: schema.I18n) -> str:
        """Unescaped text for places that escape on their own (front matter)."""
        return text.get(self.lang)

    def rich(self, text: schema.I18n | None) -> Markup:
        """Formatted text as a block: a sanitised raw HTML block, marked Swedish when it falls back."""
        if text is None:
            return Markup("")
        if text.is_fallback(self.lang):
            note = f'<p class="fallback">{html.escape(self.words["fallback_note"])}</p>\n'
            return Markup(note + rich_block(text.get(self.lang), self.fallback_attrs))
        return Markup(rich_block(text.get(self.lang)))

    def rich_inline(self, text: schema.I18n) -> Markup:
        """Formatted text inside a line (an update in a list): emphasis and links only."""
        inline = rich_inline(text.get(self.lang))
        if text.is_fallback(self.lang):
            return Markup(f'<span {self.fallback_attrs}>{inline}</span>{self.fallback_note}')
        return Markup(inline)

    def ui(self, key: str, **values: object) -> Markup:
        out = []
        for literal, name in _wording(self.words[key]):
            out.append(literal)
            if name is not None:
                out.append(self.esc(values[name]))
        return Markup("".join(out))

    def ui_plain(self, key: str, **values: object) -> str:
        return self.words[key].format(**values)

    def attr(self, key: str, **values: object) -> Markup:
        """UI wording for an HTML attribute."""
        return Markup(html.escape(self.words[key].format(**values), quote=True))

    @staticmethod
    def attr_value(value: str) -> Markup:
        """A value for an attribute, HTML-escaped as it is (not collapsed like a text)."""
        return Markup(html.escape(value, quote=True))

    @staticmethod
    def yaml(value: str) -> Markup:
        """A front-matter scalar, HTML-escaped: MkDocs themes print page.meta without escaping
        (in <title> and <meta name="description">). JSON strings are valid YAML."""
        return Markup(json.dumps(html.escape(" ".join(value.split())), ensure_ascii=False))

    # dates
    def date(self, value: Any) -> str:
        return site_date(value, self.locale)

    def period(self, period: schema.Period) -> str:
        return site_period(period, self.locale)

    def join(self, items: Iterable[object]) -> Markup:
        parts = tuple(str(self.esc(i)) for i in items)
        return Markup(_format_list(parts, self.locale)) if parts else Markup("")

    # links
    def href(self, target: str) -> Markup:
        """A link to a page or file of this edition: its docs/ path (below the edition's folder),
        relative to this page's file, as a Markdown link would name it; the engine makes it the
        published address and fails the build when no such page exists (htmlpage.resolve_links)."""
        return Markup(source_link(self.folder, target))

    def shared(self, target: str, text: str | None = None) -> Markup:
        """A raw <a> to a file outside the language folders (data/): MkDocs does not know those
        files in the English build, so the link is relative to the page's published address."""
        address = self.edition.prefix + published_address(self.page.partition("/")[2])
        href = posixpath.relpath(target, address.rstrip("/") or ".")
        return Markup(f'<a href="{html.escape(href)}">{html.escape(text or posixpath.basename(target))}</a>')

    def code(self, text: str) -> Markup:
        """Text shown as code, as it is."""
        return self._isolated(Markup(f"<code>{html.escape(text.replace('`', chr(39)), quote=False)}</code>"))

    def ltr(self, text: str) -> Markup:
        """A Latin fragment (an e-mail address, a phone number, an address, an id): escaped, and in a
        right-to-left edition kept left-to-right and isolated, so it does not scramble the line."""
        return self._isolated(self.esc(text))

    def _isolated(self, markup: Markup) -> Markup:
        return Markup(f'<span dir="ltr">{markup}</span>') if self.edition.rtl else markup

    def asset(self, target: str) -> Markup:
        """A link to a file from content/, copied into each edition's assets/ (named by its source, as href)."""
        return Markup(source_link(self.folder, f"assets/{target}"))

    @staticmethod
    def url(value: str) -> Markup:
        """An external address (validated as https:) for an href: spaces and angle brackets encoded."""
        return Markup(value.replace(">", "%3E").replace("<", "%3C").replace(" ", "%20"))

    @staticmethod
    def mailto(value: str) -> Markup:
        return Markup(f"mailto:{value}")

    @staticmethod
    def tel(value: str) -> Markup:
        return Markup(f"tel:{tel_uri(value)}")

    @staticmethod
    def promise_path(promise: schema.Promise) -> str:
        return f"loften/{promise.id}.md"

    # status
    def status(self, status: str | None) -> Markup:
        label = html_text(self.words[f"status_{status or 'none'}"])
        css = (status or "none").replace("_", "-")
        return Markup(f'<span class="status status--{css}">{icon_svg(STATUS_ICONS[status])} {label}</span>')

    def overdue(self, activity: ActivityView) -> Markup:
        """The overdue flag in words, with the icon of a warning; never by colour alone."""
        if activity.overdue_kind == "period_ended":
            # Nothing reported: the site cannot say the activity was not done, only that no one said.
            text = self.ui("overdue_period_ended" if activity.status else "overdue_period_ended_unreported")
        else:
            text = self.ui("overdue_no_update", date=self.date(activity.quiet_since))
        return Markup(f'<span class="overdue">{self.icon("material-alert-outline")} {text}</span>')

    def progress_bar(self, view: PromiseView) -> Markup:
        """Counts by status as a build-time SVG bar; its text alternative is the same summary."""
        total = sum(count for _, count in view.status_counts) or 1
        summary = _format_list(tuple(f"{self.words['status_' + (s or 'none')]} {n}" for s, n in view.status_counts),
                               self.locale)
        label = html.escape(self.words["progress_label"].format(count=total, summary=summary), quote=True)
        x, bars = 0.0, []
        for status, count in view.status_counts:
            width = 100 * count / total
            start = 100 - x - width if self.edition.rtl else x  # a right-to-left reader's bar fills from the right
            bars.append(f'<rect x="{start:.2f}" y="0" width="{width:.2f}" height="6" '
                        f'fill="{STATUS_COLOURS[status]}"/>')
            x += width
        return Markup(f'<svg class="progress" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" '
                      f'aria-label="{label}">{"".join(bars)}</svg>')

    # lines that repeat many times on a page: built here, not in template macros (a national site
    # has tens of thousands of them, and a Jinja call costs more than the line's own work)
    def update_line(self, update: schema.Update, promise: schema.Promise | None = None,
                    activity: schema.Activity | None = None) -> Markup:
        """A dated update as a list item; with its activity and promise when listed apart from them."""
        parts = [f"<li><strong>{html_text(self.date(update.date))}</strong>"]
        if promise is not None and activity is not None:
            href = f"{self.href(self.promise_path(promise))}#{activity.id}"
            parts.append(f" · {self.link(self.t(activity.title), href)} ({self.t(promise.title)})")
        if update.status:
            parts.append(f" · {self.status(update.status)}")
        parts.append(f": {self.rich_inline(update.text)}")
        if update.reason:
            parts.append(f" {self.ui('reason_label')}: {self.rich_inline(update.reason)}")
        parts.append(f' <span class="source">({self.ui("source")}: {self.t(update.source)})</span></li>')
        return Markup("".join(parts))

    def activity_line(self, view: PromiseView, a: ActivityView) -> Markup:
        """An activity as a list item on a page of many: link, status, reason, last update, overdue."""
        href = f"{self.href(self.promise_path(view.promise))}#{a.activity.id}"
        line = [f"<li>{self.link(self.t(a.activity.title), href)}: {self.status(a.status)}"]
        if a.reason:
            line.append(f" ({self.ui('reason_label').lower()}: {self.rich_inline(a.reason)})")
        line.append(" · " + (self.ui("last_updated", date=self.date(a.last_update.date)) if a.last_update
                             else self.ui("not_updated")))
        if a.overdue_kind:
            line.append(f"<br />\n  {self.overdue(a)}")
        return Markup("".join(line) + "</li>")

    # lists of many pages
    def _days(self, pager: Pager) -> str:
        """An older page of a list paged by age: its first and last day; its first page: ""."""
        if pager.days is None:
            return ""
        oldest, newest = (self.date(day) for day in pager.days)
        return oldest if oldest == newest else f"{oldest} – {newest}"

    def page_label(self, pager: Pager) -> Markup:
        """Where a page is in its list, for its pager: "Sida 2 av 5", or for a list paged by age
        its days (nothing on its first page)."""
        if pager.by_age:
            return Markup(html_text(self._days(pager), collapse=False))
        return self.ui("page_of", number=pager.number, count=pager.count)

    def page_suffix(self, pager: Pager) -> str:
        """" (sida 2 av 5)" to follow the title of a list's page, when the list has more than one."""
        if pager.count == 1:
            return ""
        if pager.by_age:
            return f" ({self._days(pager)})" if pager.days else ""
        return f" ({self.words['page_of'].format(number=pager.number, count=pager.count).lower()})"

    def paged(self, pager: Pager) -> Markup:
        """page_suffix for a heading: escaped, its leading space kept."""
        return Markup(html_text(self.page_suffix(pager), collapse=False))

    def by_promise(self, entries: Iterable[Entry]) -> list[tuple[PromiseView, list[ActivityView]]]:
        return group_by_promise(entries)

    @staticmethod
    def place_path(place: schema.Place) -> str:
        return f"platser/{place.id}.md"

    @staticmethod
    def owner_path(org: schema.Organisation) -> str:
        return f"ansvariga/{org.id}.md"

    # numbers, maps, charts
    def number(self, value: float) -> str:
        return site_number(value, self.locale)

    def map_link(self, place: schema.Place) -> Markup:
        """A link to the place on OpenStreetMap: nothing loads from the map until it is followed."""
        assert place.coordinates is not None
        lat, lon = f"{place.coordinates.lat:.5f}", f"{place.coordinates.lon:.5f}"
        return self.link(self.ui("map_link"), f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}")

    def indicator(self, indicator: schema.Indicator) -> Markup:
        """An indicator as a figure: caption with unit, a build-time SVG bar chart, the same figures
        in a table, the source, and a mark on invented values."""
        text = self.attr_text
        unit = text(indicator.unit)
        rows = "".join(f"<tr><td>{html.escape(self.date(m.date))}</td><td>{html.escape(self.number(m.value))}</td></tr>"
                       for m in indicator.values)
        example = f" · <strong>{html.escape(self.words['indicator_example'])}</strong>" if indicator.example else ""
        return Markup(
            f'<figure class="indicator">\n<figcaption><strong>{text(indicator.title)}</strong> ({unit})</figcaption>\n'
            f"{self.chart(indicator)}\n"
            f"<table>\n<thead><tr><th>{html.escape(self.words['indicator_date'])}</th>"
            f"<th>{html.escape(self.words['indicator_value']).replace('{unit}', unit)}</th></tr></thead>\n"
            f"<tbody>{rows}</tbody>\n</table>\n"
            f'<p class="source">{html.escape(self.words["source"])}: {text(indicator.source)}{example}</p>\n'
            "</figure>")

    def chart(self, indicator: schema.Indicator) -> str:
        """The values as a bar chart drawn at build time; its text alternative names every value."""
        values = indicator.values
        unit = indicator.unit.get(self.lang)
        summary = "; ".join(f"{self.date(m.date)}: {self.number(m.value)} {unit}" for m in values)
        label = html.escape(_one_line(f"{indicator.title.get(self.lang)}. {summary}"), quote=True)
        top = max([m.value for m in values] + [0.0])
        scale = top or 1.0
        width, height, base, bar_room = 320, 150, 120, 100
        slot = width / len(values)
        parts = [f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" class="chart__axis"/>']
        for index, m in enumerate(values):
            i = len(values) - 1 - index if self.edition.rtl else index  # time runs the reader's way
            bar = max(bar_room * max(m.value, 0.0) / scale, 1.0)
            x = i * slot + slot * 0.2
            middle = i * slot + slot / 2
            parts.append(f'<rect x="{x:.1f}" y="{base - bar:.1f}" width="{slot * 0.6:.1f}" height="{bar:.1f}" '
                         f'class="chart__bar"/>')
            parts.append(f'<text x="{middle:.1f}" y="{base - bar - 5:.1f}" text-anchor="middle">'
                         f"{html.escape(self.number(m.value))}</text>")
            month = babel.dates.format_skeleton("yMMM", m.date.first_day, locale=self.locale)
            parts.append(f'<text x="{middle:.1f}" y="{base + 18}" text-anchor="middle">{html.escape(month)}</text>')
        return (f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{label}">'
                f'{"".join(parts)}</svg>')

    def click_to_load(self, kind: str, title: schema.I18n, url: str, embed_url: str | None,
                      provider: str | None) -> Markup:
        """A link to the survey or film at its host and, when it can be embedded, a button that loads it
        into the page. Nothing is requested from the host until the resident presses the button
        (the button needs the site's script; without it, the link is all there is)."""
        name = html.escape(_one_line(title.get(self.lang)))
        lang = f" {self.fallback_attrs}" if title.is_fallback(self.lang) else ""
        shown = html.escape(_one_line(provider) if provider else _host(url))
        if self.edition.rtl:
            shown = f'<span dir="ltr">{shown}</span>'
        host = shown if provider else None
        words = {k: html.escape(self.words[f"{kind}_{k}"]) for k in ("open", "show")}
        open_text = words["open"].replace("{provider}", shown)
        out = [f'<div class="embed embed--{kind}"' + (
            f' data-embed-src="{html.escape(embed_url)}" data-embed-title="{name}"' if embed_url else "") + ">",
            f'<p><a href="{html.escape(url)}" rel="noopener"{lang}>{name}</a> · {open_text}</p>']
        if embed_url and host:
            notice = html.escape(self.words["embed_notice"]).replace("{provider}", host)
            show = words["show"].replace("{provider}", host)
            out.append(f'<p class="embed__notice">{notice}</p>')
            out.append(f'<p><button type="button" class="md-button embed__button" hidden>{show}</button></p>')
        out.append("</div>")
        return Markup("\n".join(out))

    def deadline(self, survey: schema.Survey) -> Markup:
        """Where the script writes "closes in 3 days" / "closed" on the resident's own date: the
        page states the deadline without it."""
        texts = {k: html.escape(self.words[f"deadline_{k}"], quote=True) for k in ("days", "tomorrow", "today")}
        closed = html.escape(self.words["survey_closed"].format(date=self.date(survey.closes)), quote=True)
        return Markup(f'<span class="deadline" data-closes="{survey.closes.isoformat()}" '
                      f'data-days="{texts["days"]}" data-tomorrow="{texts["tomorrow"]}" '
                      f'data-today="{texts["today"]}" data-closed="{closed}"></span>')

    def org_names(self, orgs: Iterable[schema.Organisation], short: bool = False) -> Markup:
        return self.join(self.t(o.short if short else o.name) for o in orgs)

    def org_links(self, orgs: Iterable[schema.Organisation], short: bool = False) -> Markup:
        """Organisation names, each a link to what the organisation has promised."""
        return self.join(self.link(self.t(o.short if short else o.name), self.href(self.owner_path(o))) for o in orgs)

    # who promises, who takes part
    def owners_sentence(self, owners: Iterable[schema.Organisation]) -> Markup:
        """The owners as a sentence names them: "polisen och kommunen"."""
        return self.join(self.t(o.short) for o in owners)

    def partners(self, partners: Iterable[schema.Organisation], groups: Iterable[schema.I18n],
                 and_others: bool) -> Markup:
        """Partners named in one line: organisations linked, groups as written, "med flera" last."""
        names = [self.link(self.t(o.name), self.href(self.owner_path(o))) for o in partners]
        names += [self.t(g) for g in groups]
        if and_others:
            return Markup(f"{self.join(names)} {self.ui('and_others')}") if names else self.ui("others_alone")
        return self.join(names)

    # targets, extensions, documents
    def target(self, a: ActivityView) -> Markup:
        """The target in words, and the progress towards it as "34 av 70" with a build-time bar: list items."""
        target = a.activity.target
        assert target is not None
        key = "target_at_least" if target.at_least else "target_exactly"
        text = self.ui(key, value=self.number(target.value), unit=self.t(target.unit))
        if target.by is not None:
            text = Markup(f"{text} {self.ui('target_by', date=self.date(target.by))}")
        line = f"<li><strong>{self.ui('target')}:</strong> {text}</li>"
        if a.progress is not None and a.progress_share is not None:
            reached = self.ui("progress_of", value=self.number(a.progress), target=self.number(target.value),
                              unit=self.t(target.unit))
            label = html.escape(self.words["progress_of"].format(
                value=self.number(a.progress), target=self.number(target.value), unit=target.unit.get(self.lang)),
                quote=True)
            width = f"{100 * a.progress_share:.1f}"
            bar = (f'<svg class="target-bar" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" '
                   f'aria-label="{label}"><rect x="0" y="0" width="100" height="6" fill="#e5e7eb"/>'
                   f'<rect x="0" y="0" width="{width}" height="6" fill="#1b6e2d"/></svg>')
            line += f"\n<li><strong>{self.ui('progress')}:</strong> {reached} {bar}</li>"
        return Markup(line)

    def extension(self, period: schema.Period) -> Markup:
        extension = period.extension
        assert extension is not None
        text = self.ui("extended", original=self.date(extension.original_end), end=self.date(period.end))
        if extension.decided is not None:
            text = Markup(f"{text} {self.ui('extended_decided', date=self.date(extension.decided))}")
        return Markup(f"{text} {self.ui('reason_label')}: {self.t(extension.reason)}")

    def document_line(self, document: schema.Attachment) -> Markup:
        """A document as a list item: linked title, kind, and format, size and language in brackets."""
        href = self.url(document.url) if document.url else self.asset(document.file or "")
        facts = []
        fmt = opendata.document_format(document)
        if fmt:
            facts.append(html_text(fmt))
        size = opendata.document_size(document, self.content_dir)
        if size is not None:
            facts.append(html_text(self.size(size)))
        if document.language:
            facts.append(html_text(self.language_name(document.language)))
        line = f"<li>{self.link(self.t(document.title), href)}"
        if facts:
            line += f" ({', '.join(facts)})"
        line += f" · {self.ui('document_' + document.kind)}"
        if document.date is not None:
            line += f", {html_text(self.date(document.date))}"
        return Markup(line + "</li>")

    def size(self, size: int) -> str:
        if size < 1000 * 1000:
            return f"{site_number(max(1, round(size / 1000)), self.locale)} kB"
        return f"{site_number(round(size / 1000 / 1000, 1), self.locale)} MB"

    def language_name(self, code: str) -> str:
        try:
            return babel.Locale.parse(code).get_display_name(self.locale) or code
        except (ValueError, babel.UnknownLocaleError):
            return code

    def result_source(self, result: schema.Result, view: PromiseView) -> Markup:
        """When, where from, by whom and in which document a result was reported; empty when none is known."""
        parts = []
        if result.date is not None:
            parts.append(html_text(self.date(result.date)))
        if result.source is not None:
            parts.append(f"{self.ui('source')}: {self.t(result.source)}")
        if result.made_by:
            orgs = [self.model.organisations[o] for o in result.made_by]
            parts.append(str(self.ui("result_by", names=self.join(self.t(o.name) for o in orgs))))
        if result.document is not None:
            document = next((d for d in view.documents if d.id == result.document), None)
            if document is not None:
                href = self.url(document.url) if document.url else self.asset(document.file or "")
                parts.append(f"{self.ui('document')}: {self.link(self.t(document.title), href)}")
        return Markup(" · ".join(parts))

    def place_links(self, places: Iterable[schema.Place]) -> Markup:
        return self.join(self.link(self.t(p.name), self.href(self.place_path(p))) for p in places)

    def host(self, url: str) -> Markup:
        return self.ltr(_host(url))

    # search: what the Pagefind index reads from a page (generator/search.py). Filters and the
    # status shown in a result are written here as data attributes, never parsed from the text.
    def search_data(self, view: PromiseView, a: ActivityView | None = None) -> Markup:
        """An empty, hidden element carrying a search record's filters (and, for an activity, its
        status as text): the promise's period (current or archived), responsible organisations
        and places; for an activity its own owners, places and status."""
        period = self.words["search_period_" + ("archived" if view.state == "ended" else "current")]
        owners = a.owners if a is not None else view.owners
        places = a.places if a is not None else view.places
        filters = [("period", period)]
        filters += [("organisation", self.plain(o.name)) for o in owners]
        filters += [("place", self.plain(p.name)) for p in places]
        if self._municipalities > 1:  # a site for a police region or the nation: which municipality
            filters += [("municipality", self.plain(o.name)) for o in view.owners if o.kind == "municipality"]
        meta = [("promise", self.plain(view.promise.title))]
        if a is not None:
            status = self.words[f"status_{a.status or 'none'}"]
            filters.insert(0, ("status", status))
            meta.insert(0, ("status", status))
        spans = [f'<span data-pagefind-filter="{_pagefind_pair(k, v)}"></span>' for k, v in filters]
        spans += [f'<span data-pagefind-meta="{_pagefind_pair(k, v)}"></span>' for k, v in meta]
        return Markup(f'<div class="search-data" hidden>{"".join(spans)}</div>')

    @functools.cached_property
    def _municipalities(self) -> int:
        return sum(1 for o in self.model.document.organisations if o.kind == "municipality")

    def search_page_data(self) -> Markup:
        """The search page's wording for its script (data attributes, in the page's language)."""
        keys = ("search_results_none", "search_results_one", "search_results_many", "search_loading",
                "search_failed", "search_filter_all", "search_filter_status", "search_filter_period",
                "search_filter_organisation", "search_filter_place", "search_filter_municipality",
                "search_in_promise", "search_more", "status")
        words = " ".join(f'data-{k.replace("_", "-")}="{html.escape(self.words[k], quote=True)}"' for k in keys)
        address = published_address(self.page.partition("/")[2])
        root = "../" * address.count("/") or "./"  # the edition's root, from the page's published address
        return Markup(f'data-search-root="{html.escape(root, quote=True)}" {words}')

    # off the screen: posters, printing, sharing
    def page_url(self, path: str) -> str:
        """The absolute address of a page of this edition (path of its docs/ file)."""
        return self.site_url + self.edition.prefix + published_address(path)

    def poster_link(self, view: SurveyView) -> Markup:
        """"Print a poster": the survey's poster, a page of its own (generator/posters.py)."""
        href = source_link(self.folder, posters.poster_path(view.survey.id))
        return self.link(self.ui("poster_link"), href, ' class="poster-link" data-pagefind-ignore')

    def share_links(self, title: str, path: str) -> Markup:
        """"Share": an e-mail link (works everywhere) and a copy button the site's script shows.
        Like the print-only parts, left out of the search index (data-pagefind-ignore)."""
        url = self.page_url(path)
        mail = "mailto:?" + urllib.parse.urlencode(
            {"subject": _one_line(title), "body": self.words["share_email_body"].format(url=url)},
            quote_via=urllib.parse.quote)
        return Markup(
            f'<p class="share" data-pagefind-ignore><strong>{html.escape(self.words["share_label"])}:</strong> '
            f'<a href="{html.escape(mail)}">{html.escape(self.words["share_email"])}</a> '
            f'<button type="button" class="md-button share__copy" data-url="{html.escape(url)}" '
            f'data-copied="{html.escape(self.words["share_copied"])}" hidden>{html.escape(self.words["share_copy"])}'
            '</button> <span class="share__status" role="status"></span></p>')

    def print_header(self) -> Markup:
        """Shown only on paper: the site, the page's address, the day of the data and of printing
        (the script writes the reader's date; without it, the build date stands)."""
        site = html.escape(self.model.document.site.title.get(self.lang))
        as_of = html.escape(self.words["print_as_of"].format(date=self.date(self.model.today)))
        printed = html.escape(self.words["print_printed"], quote=True)
        return Markup(f'<div class="print-only print-header" data-pagefind-ignore><p><strong>'
                      f'{html.escape(self.words["print_site"]).replace("{site}", site)}</strong> · '
                      f'{self._isolated(Markup(html.escape(self.page_url(self.page.partition("/")[2]))))}</p>'
                      f'<p>{as_of} <span class="print-date" data-text="{printed}"></span></p></div>')

    def page_qr(self) -> Markup:
        """A QR code back to this page, for the printed sheet."""
        url = self.page_url(self.page.partition("/")[2])
        address = self._isolated(Markup(html.escape(url.split("://", 1)[-1])))  # its "/" at its end in Arabic too
        svg = qr_svg(url, self.words["print_qr_label"].format(address=url.split("://", 1)[-1]), "qr print-qr__code")
        caption = html.escape(self.words["print_qr_caption"]).replace("{address}", address)
        return Markup(f'<div class="print-only print-qr" data-pagefind-ignore>{svg}<p>{caption}</p></div>')

    @staticmethod
    def esc(value: object) -> Markup:
        return value if isinstance(value, Markup) else Markup(html_text(str(value)))

    def link(self, text: object, href: str, attributes: str = "") -> Markup:
        """<a>: another site's address gets rel="noopener" (as mdext gives it on hand-written pages)."""
        rel = ' rel="noopener"' if href.startswith(("https://", "http://", "//")) else ""
        return Markup(f'<a{attributes} href="{html.escape(str(href), quote=True)}"{rel}>{self.esc(text)}</a>')

    @staticmethod
    def icon(name: str) -> Markup:
        return Markup(icon_svg(name))


def html_text(text: str, *, collapse: bool = True) -> str:
    """Text for an HTML page, as Python-Markdown shows `md_escape`d text: `&`, `<`, `>` and `"` as
    entities, everything else as written; with collapse, on one line."""
    if collapse:
        text = " ".join(text.split())
    return html.escape(text, quote=False).replace('"', "&quot;")


@functools.lru_cache(maxsize=64)
def icon_svg(name: str) -> str:
    """A Material icon as the theme's emoji extension writes `:name:` (an inline SVG), made by that
    extension with mkdocs.yml's options, once per icon."""
    converter = _icon_converter()
    converter.reset()
    made: str = converter.convert(f":{name}:")
    if not (made.startswith("<p>") and made.endswith("</p>")) or name in made:
        raise ValueError(f"no icon called {name}")
    return made[3:-4]


@functools.cache
def _icon_converter() -> Any:
    import markdown
    from material.extensions import emoji  # type: ignore[import-untyped]

    return markdown.Markdown(extensions=["pymdownx.emoji"], extension_configs={
        "pymdownx.emoji": {"emoji_index": emoji.twemoji, "emoji_generator": emoji.to_svg}})


@functools.lru_cache(maxsize=65536)
def source_link(folder: str, target: str) -> str:
    """`target` (a docs/ path below the edition) relative to a file in `folder`: loften/ →
    ../platser/y.md. Cached: pages of one kind share a folder and link to the same pages."""
    return posixpath.relpath(target, folder or ".")


@functools.lru_cache(maxsize=1024)
def _wording(text: str) -> tuple[tuple[str, str | None], ...]:
    """A UI text split into escaped literal parts and the names of its {placeholders}, once per text."""
    return tuple((html_text(literal, collapse=False), name)
                 for literal, name, _spec, _conv in string.Formatter().parse(text))


def _pagefind_pair(key: str, value: str) -> str:
    """One key:value for data-pagefind-filter/-meta (one pair per element: Pagefind takes everything
    after the first colon as the value), escaped for HTML."""
    return html.escape(f"{key}:{' '.join(value.split())}", quote=True)


# How many current promises the start page shows in full; the rest are a link away.
START_PAGE_PROMISES = 6


def pages_for(model: SiteModel, site_url: str) -> list[Page]:
    codes = tuple(e.code for e in model.editions)
    columns = {"activity_columns": ", ".join(opendata.activity_columns(codes)),
               "update_columns": ", ".join(opendata.update_columns(codes)), "feed_entries": opendata.FEED_ENTRIES,
               "calendar": opendata.has_calendar(model)}
    pages = [
        Page("index.md", "index.html.j2", {"limit": START_PAGE_PROMISES}, whole_site=True),
        Page("tillganglighet.md", "accessibility.html.j2", {"digg_url": DIGG_REPORT_URL}, whole_site=True),
        Page("oppna-data.md", "opendata.html.j2", {**columns, "embed_base": site_url + "{prefix}embed/"},
             whole_site=True),
        Page("sok.md", "search.html.j2", {}),
    ]
    pages += paginate("kontakt.md", "contacts.html.j2", model.contacts, {})
    pages += paginate("loften/index.md", "promises.html.j2", model.current_promises,
                      {"archived": len(model.ended_promises)})
    pages += paginate("arkiv/index.md", "archive.html.j2", model.ended_promises, {})
    pages += paginate_by_age("uppdateringar/index.md", "updates.html.j2", model.updates, {},
                             day=lambda u: u.update.date)
    pages += paginate("platser/index.md", "places.html.j2", model.places, {})
    pages += paginate("ansvariga/index.md", "owners.html.j2", model.owners, {})
    for place in model.places:
        pages += paginate(f"platser/{place.place.id}.md", "place.html.j2", place.entries, {"view": place})
    for owner in model.owners:
        pages += paginate(f"ansvariga/{owner.organisation.id}.md", "owner.html.j2", owner.groups, {"view": owner},
                          size=PROMISES_PER_PAGE)
    pages += [Page(f"loften/{p.promise.id}.md", "promise.html.j2", {"view": p}) for p in model.promises]
    return pages


@dataclass(frozen=True)
class Notice:
    """The notice on every page of example data, as Markdown and as the HTML it becomes."""

    markdown: str
    html: str


def example_notice(ui: dict[str, str], as_of: str | None = None) -> Notice:
    """The notice on every page of example data; with the day it depicts when the build used it."""
    text = ui["example_notice"] + (" " + ui["example_as_of"].format(date=as_of) if as_of is not None else "")
    title = ui["example_title"]
    return Notice(f'!!! warning "{md_escape(title)}"\n\n    {md_escape(text)}\n',
                  f'<div class="admonition warning">\n<p class="admonition-title">{html_text(title)}</p>\n'
                  f"<p>{html_text(text)}</p>\n</div>\n")


_HEADING = re.compile(r"^# .*$", re.MULTILINE)


def with_notice(markdown: str, notice: str) -> str:
    """Put the example-data notice right under the page's first heading."""
    match = _HEADING.search(markdown)
    if match is None:
        return notice + "\n" + markdown
    return markdown[: match.end()] + "\n\n" + notice + markdown[match.end():]


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def hand_written_names(content_dir: Path, editions: tuple[Edition, ...], edition: Edition) -> frozenset[str]:
    """The pages of an edition's `docs/` folder that are hand-written (`content/pages/`), not made
    by the templates: Markdown, the editors' own, which MkDocs converts (see `htmlpage.py`)."""
    return frozenset(p.name for code in {edition.code, editions[0].code}
                     for p in (content_dir / "pages" / code).glob("*.md"))


def hand_written_pages(content_dir: Path, editions: tuple[Edition, ...], edition: Edition, words: dict[str, str],
                       notice: str | None) -> dict[str, bytes]:
    """content/pages/<code>/*.md of one edition. A page the edition lacks is the default edition's,
    marked with its language and a note in the reader's language, so every page exists in every
    edition."""
    own = {p.name: p for p in (content_dir / "pages" / edition.code).glob("*.md")}
    files = {}
    for name in sorted(hand_written_names(content_dir, editions, edition)):
        text = (own.get(name) or content_dir / "pages" / editions[0].code / name).read_text(encoding="utf-8")
        if name in own:
            page = with_notice(text, notice) if notice else text
        else:
            match = _FRONT_MATTER.match(text)
            head, body = (text[: match.end()], text[match.end():]) if match else ("", text)
            note = f'<p class="fallback">{html.escape(words["fallback_note"])}</p>\n\n'
            page = (f"{head}\n{notice + chr(10) if notice else ''}{note}"
                    f'<div lang="{html.escape(editions[0].lang)}" markdown="1">\n{body}\n</div>\n')
        files[f"{edition.code}/{name}"] = page.encode()
    return files


# From this many pages on, half of the pages are rendered in a forked process at the same time
# (mkdocs uses one core; a 2-core machine has another). Small sites stay in one process.
PARALLEL_FROM_PAGES = 400


def render_docs(model: SiteModel, ui: dict[str, dict[str, str]], content_dir: Path,
                site_url: str | None = None, parallel: bool | None = None) -> dict[str, bytes]:
    """Every file of docs/, as bytes, keyed by path relative to docs/. The output is the same
    whether it is made in one process or in two side by side."""
    return render_changed(model, ui, content_dir, site_url, parallel=parallel).files


@dataclass
class Rendered:
    """The files of docs/ a build made (`files`), those the last build made from the same things
    and that stay as they are (`kept`), and every made file's key (docscache.py)."""

    files: dict[str, bytes]
    kept: set[str]
    keys: dict[str, str]

    def update(self, other: Rendered) -> None:
        self.files.update(other.files)
        self.kept |= other.kept
        self.keys.update(other.keys)


def render_changed(model: SiteModel, ui: dict[str, dict[str, str]], content_dir: Path,
                   site_url: str | None = None, before: docscache.Manifest | None = None,
                   parallel: bool | None = None, cache: Path | None = None) -> Rendered:
    """The files of docs/, made anew except those `before` records as made from the same key (a
    page's context, `SiteGlobals`, the wording, the code and the libraries: see docscache.py).
    `cache`: a folder for the promises' parts of the data files, kept between builds."""
    site_url = site_url or opendata.site_address(model.document)
    renderer = Renderer(ui, site_url, content_dir)
    pages = pages_for(model, site_url)
    for page in pages:  # compile every template before a fork, so it happens once
        renderer.env.get_template(page.template)
    renderer.html_env.get_template("embed.html.j2")
    renderer.html_env.get_template(posters.TEMPLATE)
    if parallel is None:
        parallel = len(pages) >= PARALLEL_FROM_PAGES
    site = SiteGlobals.of(model)
    documents = (d.file for p in model.document.promises for d in p.documents if d.file)
    keys = docscache.edition_keys(TEMPLATES, site, ui, (e.code for e in model.editions), site_url, content_dir,
                                  documents)
    context = _fork_context() if parallel else None
    job = _Job(renderer, model, site, ui, pages, content_dir, site_url, keys, before or docscache.Manifest(Path()),
               cache / "data" if cache is not None else None)
    if context is None:
        rendered = job.run(0, 1)
    else:
        global _FORKED_JOB
        _FORKED_JOB = job  # inherited by the fork, not pickled
        try:
            with context.Pool(1) as pool:
                other = pool.apply_async(_run_forked_job)
                rendered = job.run(0, 2)
                rendered.update(other.get())
        finally:
            _FORKED_JOB = None
    rendered.files = dict(sorted(rendered.files.items()))
    return rendered


def _fork_context() -> Any:
    """A process context that inherits the model by fork (no pickling of it), where there is one."""
    import multiprocessing

    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # no fork (Windows): one process it is
        return None


@dataclass(frozen=True)
class _Job:
    renderer: Renderer
    model: SiteModel
    site: SiteGlobals
    ui: dict[str, dict[str, str]]
    pages: list[Page]
    content_dir: Path
    site_url: str
    keys: dict[str, bytes]  # per edition code (docscache.edition_keys)
    before: docscache.Manifest
    promise_parts: Path | None  # where the data files' parts are kept (docscache.Fragments)

    def run(self, part: int, parts: int) -> Rendered:
        """Share `part` of `parts`: every parts-th page, embed, poster and share card in every
        edition, and a share of the other files (promises.json, the slowest, goes to the last
        share; the feeds and calendars of each language to a share of its own)."""
        model, ui, content_dir = self.model, self.ui, self.content_dir
        context = OutputContext(model, ui, self.site_url, self.renderer.html_env, part, parts, self.before, self.keys,
                                docscache.Fingerprints(model.promises))
        out = Rendered({}, context.kept, context.keys)
        files = out.files
        fingerprints = context.fingerprints
        pages = [(page, None if page.whole_site else fingerprints.of((page.path, page.template, page.context)))
                 for page in context.share(self.pages)]
        for index, edition in enumerate(model.editions):
            lang = edition.code
            as_of = (site_date(model.today, edition.locale)
                     if model.document.site.example_as_of == model.today else None)
            notice = example_notice(ui[lang], as_of) if model.document.site.example_data else None
            for page, fingerprint in pages:
                path = f"{lang}/{page.path}"
                if fingerprint is None or not context.unchanged(path, fingerprint):
                    files[path] = self.renderer.render(model, edition, page, notice, self.site).encode()
            if index % parts == part:  # each edition's feed and calendar in one share
                files.update(opendata.language_data_files(model, edition, ui[lang], self.site_url, context.unchanged))
            if part == 0:
                files.update(hand_written_pages(content_dir, model.editions, edition, ui[lang],
                                                notice.markdown if notice else None))
                files_used = {p.image.file for p in model.document.promises if p.image}
                files_used |= {d.file for p in model.document.promises for d in p.documents if d.file}
                for image in sorted(files_used):
                    files[f"{lang}/assets/{image}"] = (content_dir / image).read_bytes()
                files[f"{lang}/embed/embed.css"] = (TEMPLATES / "embed.css").read_bytes()
            for view in context.share(model.promises):
                path = f"{lang}/embed/{view.promise.id}/index.html"
                if not context.unchanged(path, view):
                    files[path] = self.renderer.render_embed(model, edition, view, self.site).encode()
        for output in OUTPUTS:
            files.update(output(context))
        data = ("data/promises.json",) if part == parts - 1 else ()
        if part == 0:
            data = ("data/activities.csv", "data/updates.csv", *data)
        stores = {name: docscache.Fragments(self.promise_parts / f"{name.replace('/', '-')}.pickle"
                                            if self.promise_parts is not None else None) for name in data}
        if part == 0:
            made = {name: self._parts(store, context) for name, store in stores.items()}
            files.update(opendata.shared_data_files(model, self.site_url, part == parts - 1, content_dir, made))
        elif data:
            files["data/promises.json"] = opendata.promises_json(model, self.site_url, content_dir,
                                                                 self._parts(stores["data/promises.json"], context))
        for store in stores.values():
            store.save()
        return out

    def _parts(self, store: docscache.Fragments, context: OutputContext) -> opendata.Parts:
        """A promise's part of a data file, kept from the last build when its view is the same (the
        site's address, editions and documents' sizes: in the key of data/, docscache.py)."""
        def part(view: PromiseView, make: Callable[[], object]) -> object:
            return store.get(docscache.file_key(self.keys[""], context.fingerprints.of(view)), make)

        return part


_FORKED_JOB: _Job | None = None


def _run_forked_job() -> Rendered:
    assert _FORKED_JOB is not None
    return _FORKED_JOB.run(1, 2)


def write_tree(root: Path, files: dict[str, bytes], kept: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Make `root` hold exactly `files` and the files `kept` as they are, writing only files whose
    bytes changed (no rebuild loops)."""
    changed: list[str] = []
    root.mkdir(parents=True, exist_ok=True)
    existing: set[str] = set()
    folders: set[str] = set()
    for folder, _dirs, names in os.walk(root):
        rel_folder = Path(folder).relative_to(root).as_posix()
        folders.add(rel_folder)
        existing.update(name if rel_folder == "." else f"{rel_folder}/{name}" for name in names)
    for rel, data in sorted(files.items()):
        target = root / rel
        if rel in existing and target.read_bytes() == data:
            continue
        parent = posixpath.dirname(rel) or "."
        if parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(parent)
        target.write_bytes(data)
        changed.append(rel)
    removed = sorted(existing - files.keys() - kept - {".gitignore"})
    for rel in removed:
        (root / rel).unlink()
        changed.append(rel)
    for rel_folder in sorted(folders, key=lambda f: f.count("/"), reverse=True) if removed else ():  # deepest first
        if rel_folder != "." and not os.listdir(root / rel_folder):
            os.rmdir(root / rel_folder)
    return changed
