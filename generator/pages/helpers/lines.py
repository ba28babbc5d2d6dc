"""The lines pages are made of: an update, an activity, a document, a result's source, an embed to
click, and the data search reads from a page."""

from __future__ import annotations

import functools
import html
from collections.abc import Iterable

from markupsafe import Markup

from ...data import schema
from ...model import FINISHED, ActivityView, Entry, MeetingView, PromiseView
from .. import opendata
from ..routes import published_address
from .addresses import _host
from .dates import format_clock
from .figures import FigureHelpers
from .text import _one_line, html_text


def _pagefind_pair(key: str, value: str) -> str:
    """One key:value for data-pagefind-filter/-meta (one pair per element: Pagefind takes everything
    after the first colon as the value), escaped for HTML."""
    return html.escape(f"{key}:{' '.join(value.split())}", quote=True)


def group_by_promise(entries: Iterable[Entry]) -> list[tuple[PromiseView, list[ActivityView]]]:
    """Consecutive activities of one promise under one heading, in the order given."""
    groups: list[tuple[PromiseView, list[ActivityView]]] = []
    for entry in entries:
        if groups and groups[-1][0] is entry.promise:
            groups[-1][1].append(entry.activity)
        else:
            groups.append((entry.promise, [entry.activity]))
    return groups


class LineHelpers(FigureHelpers):
    # lines that repeat many times on a page: built here, not in template macros (a national site
    # has tens of thousands of them, and a Jinja call costs more than the line's own work)
    def update_line(self, update: schema.Update, promise: schema.Promise | None = None,
                    activity: schema.Activity | None = None) -> Markup:
        """A dated update as a list item; with its activity and promise when listed apart from them."""
        parts = [f"<li><strong>{html_text(self.date(update.date))}</strong>"]
        if promise is not None and activity is not None:
            href = f"{self.route('promise', promise.id)}#{activity.id}"
            parts.append(f" · {self.link(self.t(activity.title), href)} ({self.t(promise.title)})")
        if update.status:
            parts.append(f" · {self.status(update.status)}")
        parts.append(f": {self.rich_inline(update.text)}")
        if update.reason:
            parts.append(f" {self.ui('reason_label')}: {self.rich_inline(update.reason)}")
        parts.append(f' <span class="source">({self.ui("source")}: {self.t(update.source)})</span></li>')
        return Markup("".join(parts))

    def meeting_line(self, view: MeetingView, with_promise: bool = False) -> Markup:
        """A meeting as a list item: its day and time, title, place, and (on the start page) its promise."""
        meeting = view.meeting
        when = html_text(self.date(meeting.date))
        if meeting.time is not None and meeting.end_time is not None:
            when += " " + self.ui("meeting_time_range", start=format_clock(meeting.time, self.locale),
                                  end=format_clock(meeting.end_time, self.locale))
        elif meeting.time is not None:
            when += " " + self.ui("meeting_time", time=format_clock(meeting.time, self.locale))
        line = f"<li><strong>{when}</strong>: {self.t(meeting.title)}"
        if meeting.place is not None:
            line += f", {self.t(meeting.place)}"
        if with_promise and view.promise is not None:
            line += f" · {self.link(self.t(view.promise.title), self.route('promise', view.promise.id))}"
        return Markup(line + "</li>")

    def activity_line(self, view: PromiseView, a: ActivityView) -> Markup:
        """An activity as a list item on a page of many: link, status, reason, last update, overdue."""
        href = f"{self.route('promise', view.promise.id)}#{a.activity.id}"
        line = [f"<li>{self.link(self.t(a.activity.title), href)}: {self.status(a.status)}"]
        if a.reason:
            line.append(f" ({self.ui('reason_label').lower()}: {self.rich_inline(a.reason)})")
        updated = self.updated(view, a)
        if updated:
            line.append(f" · {updated}")
        if a.overdue_kind:
            line.append(f"<br />\n  {self.overdue(a)}")
        return Markup("".join(line) + "</li>")

    def updated(self, view: PromiseView, a: ActivityView) -> Markup:
        """When the activity was last reported on, where that says something true: the date of its
        latest update; "no update yet" only for an activity still under way. Empty when there is no
        update and the status says it all: none reported ("no status reported"), or done or
        cancelled (a done activity never reads "no update yet")."""
        if a.last_update is not None:
            return self.ui("last_updated", date=self.date(a.last_update.date))
        if a.status is None or a.status in FINISHED:
            return Markup("")
        return self.ui("not_updated_ended" if view.state == "ended" else "not_updated")

    def done_of(self, view: PromiseView) -> Markup:
        """How many activities are done, "done: 2 of 5"; when no activity has a status at all, that
        none is reported (not "done: 0 of 5", which says none was done)."""
        if all(a.status is None for a in view.activities):
            return self.ui_count("done_of_unreported", len(view.activities))
        return self.ui("done_of", done=view.done_count, count=len(view.activities))

    def by_promise(self, entries: Iterable[Entry]) -> list[tuple[PromiseView, list[ActivityView]]]:
        return group_by_promise(entries)

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

    def search_example(self, texts: Iterable[schema.I18n]) -> Markup:
        """A word for the search box's example, from the texts the edition's pages show (so its
        index has it): of the texts the edition has in its own language (else of the default
        edition's, marked as such), each one's first word of five letters or more; of those, the
        one fewest of the texts have (a word that finds a few things, not every page), the earlier
        on a tie."""
        texts = tuple(texts)
        for own in (True, False):
            found = [(text.get(self.lang), _example_word(text.get(self.lang))) for text in texts
                     if own != text.is_fallback(self.lang)]
            words = [word for _, word in found if word]
            if words:
                written = [text.lower() for text, _ in found]
                word = min(words, key=lambda w: sum(w.lower() in text for text in written))
                marks = 'class="site-search__example"' + ("" if own else f" {self.fallback_attrs}")
                return Markup(f"<span {marks}>{html_text(word)}</span>")
        return Markup("")

    def search_page_data(self) -> Markup:
        """The search page's wording for its script (data attributes, in the page's language), and
        how its language's words are also searched (attached prefixes, endings)."""
        keys = ("search_results_none", "search_results_one", "search_results_many", "search_loading",
                "search_failed", "search_filter_all", "search_filter_status", "search_filter_period",
                "search_filter_organisation", "search_filter_place", "search_filter_municipality",
                "search_in_promise", "search_more", "status")
        words = " ".join(f'data-{k.replace("_", "-")}="{html.escape(self.words[k], quote=True)}"' for k in keys)
        address = published_address(self.page.partition("/")[2])
        root = "../" * address.count("/") or "./"  # the edition's root, from the page's published address
        forms = (f' data-search-prefixes="{html.escape(" ".join(self.edition.search_prefixes), quote=True)}"'
                 f' data-search-endings="{self.edition.search_endings}"')
        return Markup(f'data-search-root="{html.escape(root, quote=True)}" {words}{forms}')


def _example_word(text: str) -> str:
    """The first word of five letters or more in a text; lower case unless it is all capitals (an
    abbreviation)."""
    for raw in text.split():
        word = raw.strip(".,;:!?()[]\"'«»”“’–-—،؛؟")
        if len(word) >= 5 and all(c.isalpha() or c == "-" for c in word):
            return word if word.isupper() else word.lower()
    return ""
