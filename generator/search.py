"""Search: one Pagefind index per edition, made from the finished site after MkDocs.

Pagefind (the `pagefind[bin]` package ships its binary) splits each index into small fragments,
so a reader downloads nothing until they search, and then only the pieces their words need.

What is indexed, and how, is written into the pages by the templates, never parsed from text:
- a page's main content is marked `data-pagefind-body` (overrides/main.html); pages kept out of
  search (list pages, which repeat the promise pages) are not marked, nor are header, navigation
  and footer;
- each activity of a promise page is a block `data-search-record="<id>"`, ignored in its page's
  own record (`data-pagefind-ignore="all"`) and indexed here as a record of its own, whose
  address is the activity's anchor (`/loften/<promise>/#<id>`): a search for "nattvandring" finds
  the activity itself, with its status;
- filters (status, period, responsible organisation, place) and the status shown in a result come
  from `data-pagefind-filter` / `data-pagefind-meta` attributes (render.search_data).

Editions: each edition's folder (its prefix) is indexed on its own into `<prefix>pagefind/`, the
other editions' folders left out of the default edition's index, so Swedish, English and
easy-to-read Swedish (also lang="sv") never share an index. Each index is in its edition's
language (stemming, the wasm for that language).

The output is the same bytes for the same site: files are added in sorted order, and Pagefind's
file names are hashes of their contents.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.languages import Edition

OUTPUT = "pagefind"  # each edition's index: <prefix>pagefind/
BODY_MARK = "data-pagefind-body"
_RECORD_START = re.compile(r'<div class="activity"[^>]*? data-search-record="(?P<id>[^"]+)"[^>]*>')
_DIV = re.compile(r"<(/?)div\b", re.IGNORECASE)
_IGNORED = ' data-pagefind-ignore="all"'
# Pagefind writes ready-made interfaces beside its search library; the site has its own
# (overrides/assets/javascripts/search.js), so only the library and the index are published.
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


class SearchIndexFailed(Exception):
    """Pagefind could not index the site; the message says why."""


@dataclass(frozen=True)
class EditionIndex:
    edition: str  # the edition's code
    folder: str  # where the index is, relative to the site: "pagefind", "en/pagefind"
    pages: int  # pages indexed
    records: int  # pages plus activities
    bytes: int  # size of the index on disk


@dataclass(frozen=True)
class Record:
    url: str  # the address below the edition's root, e.g. /loften/lerum-2019-2020/#nattvandring
    html: str


def edition_files(site_dir: Path, edition: Edition, editions: Sequence[Edition]) -> list[Path]:
    """The edition's HTML files, sorted, without the folders of other editions inside it."""
    root = site_dir / edition.prefix
    others = [site_dir / e.prefix for e in editions
              if e.prefix and e.prefix != edition.prefix and (site_dir / e.prefix).is_relative_to(root)]
    skip = [*others, root / OUTPUT]
    return sorted(p for p in root.rglob("*.html") if not any(p.is_relative_to(s) for s in skip))


def page_url(path: Path, root: Path) -> str:
    rel = path.relative_to(root).as_posix()
    return "/" + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)


def _block_end(html: str, start: int) -> int:
    """The end of the <div> element opening at `start` (nested divs counted)."""
    depth = 0
    for match in _DIV.finditer(html, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            end = html.find(">", match.end())
            return end + 1
    raise SearchIndexFailed(f"an activity block is not closed (at character {start})")


def records(html: str, url: str, lang: str) -> Iterator[Record]:
    """The page's own record, then one record per activity block in it (a small document of its own)."""
    yield Record(url, html)
    for match in _RECORD_START.finditer(html):
        block = html[match.start(): _block_end(html, match.start())]
        opening = match.group(0)
        block = opening.replace(_IGNORED, f" {BODY_MARK}", 1) + block[len(opening):]
        document = f'<!DOCTYPE html><html lang="{lang}"><head><title></title></head><body>{block}</body></html>'
        yield Record(f"{url}#{match.group('id')}", document)


def index_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


async def _index_edition(site_dir: Path, edition: Edition, editions: Sequence[Edition]) -> EditionIndex:
    from pagefind.index import IndexConfig, PagefindIndex

    root = site_dir / edition.prefix
    output = root / OUTPUT
    shutil.rmtree(output, ignore_errors=True)
    # The index is written when the context closes, to output_path (absolute: else the cwd's pagefind/).
    config: IndexConfig = {"force_language": edition.lang, "keep_index_url": False, "output_path": str(output)}
    pages = count = 0
    async with PagefindIndex(config=config) as index:
        for path in edition_files(site_dir, edition, editions):
            html = path.read_text(encoding="utf-8")
            if BODY_MARK not in html:
                continue
            pages += 1
            for record in records(html, page_url(path, root), edition.lang):
                await index.add_html_file(content=record.html, url=record.url)
                count += 1
    for name in _UNUSED:
        (output / name).unlink(missing_ok=True)
    return EditionIndex(edition.code, output.relative_to(site_dir).as_posix(), pages, count, index_size(output))


async def _index_all(site_dir: Path, editions: Sequence[Edition]) -> list[EditionIndex]:
    return [await _index_edition(site_dir, edition, editions) for edition in editions]


def index_site(site_dir: Path, editions: Sequence[Edition]) -> list[EditionIndex]:
    """Index each edition of the built site into its own `<prefix>pagefind/`.

    Raises SearchIndexFailed when Pagefind is missing or fails; the caller keeps the old site.
    """
    try:
        return asyncio.run(_index_all(site_dir, editions))
    except SearchIndexFailed:
        raise
    except Exception as exc:  # the Pagefind service's errors have no common type
        raise SearchIndexFailed(f"{type(exc).__name__}: {exc}".strip()) from exc
