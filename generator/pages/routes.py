"""The routes: every page's address, by name, in every edition (an edition's pages are at the same
paths below its prefix). Templates ask for a page by name (`h.route("promises")`), outputs and
open data by `address`, and the list of pages the build renders (`render.pages_for`) by `path`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Each page by name: its file below the edition's docs/ folder; {id} is a promise's, place's or
# organisation's id. MkDocs publishes a file at its directory address (published_address).
ROUTES = {
    "home": "index.md",
    "promises": "loften/index.md",
    "promise": "loften/{id}.md",
    "archive": "arkiv/index.md",
    "updates": "uppdateringar/index.md",
    "places": "platser/index.md",
    "place": "platser/{id}.md",
    "owners": "ansvariga/index.md",
    "owner": "ansvariga/{id}.md",
    "contacts": "kontakt.md",
    "about": "om.md",  # hand-written (content/pages/), listed in the navigation
    "accessibility": "tillganglighet.md",
    "opendata": "oppna-data.md",
    "search": "sok.md",
}


def path(name: str, id: str | None = None) -> str:
    """The page's file below its edition's docs/: path("promise", "lerum-2019") → loften/lerum-2019.md."""
    pattern = ROUTES[name]
    if ("{id}" in pattern) != (id is not None):
        raise ValueError(f"the route {name} {'needs' if id is None else 'takes no'} an id")
    return pattern.replace("{id}", id) if id is not None else pattern


def address(name: str, id: str | None = None) -> str:
    """Where the page is published below its edition: address("promise", "x") → loften/x/."""
    return published_address(path(name, id))


@dataclass(frozen=True)
class Page:
    path: str  # relative to the language folder, e.g. loften/lerum-2019-2020.md
    template: str
    context: dict[str, Any]
    # The page reads the whole model (`site`): made on every build. Any other page reads only its
    # context and `SiteGlobals`, and a rebuild keeps it when those are unchanged (docscache.py).
    whole_site: bool = False


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
