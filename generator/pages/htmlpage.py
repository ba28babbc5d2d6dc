"""Pages the templates write as HTML: what MkDocs would otherwise have taken from Python-Markdown.

Every page the templates make is HTML, not Markdown (`templates/*.html.j2`, see `render`): at
N = 290 Python-Markdown took about half of an edition's MkDocs build. A page's `docs/` file keeps
its front matter, says `body: html` there, and holds the page's body as it is published. The
engine gives such a page (never a hand-written one) to MkDocs as it is
(`engine.render_html_page`), with what Python-Markdown's `toc` extension and MkDocs would have
made from it:

- `heading_ids`: an id on every heading that has none, as `toc` makes them (its `slugify` of the
  heading's text, made unique against every id of the page);
- `toc_tokens`: the headings as `toc`'s tokens, nested, for the page's table of contents;
- `anchor_ids`: every id of the page, which links from other pages may point to;
- `resolve_links`: the links the templates write as a Markdown link would (`href`/`src` naming a
  file of `docs/` relative to the page's file: `../platser/floda.md#x`) made the published
  address, as MkDocs makes a Markdown link's, and a link to a page that does not exist is an
  error. So the `docs/` files name sources, not addresses, and another engine (Zensical resolves
  links in raw HTML against the source file) builds the same links from them.

The body is HTML the templates made from escaped text and sanitised HTML; these functions read
only the headings and ids they wrote.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique

MARK = "html"  # the front matter's `body:` of such a page
_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.DOTALL)
_ID = re.compile(r'\sid="([^"]*)"')
_HIDDEN = re.compile(r"\shidden(?:[\s=]|$)")
# The "(in Swedish only)" after a heading's fallback text: on the page, not in the table of contents,
# whose entry then reads in the text's own direction (partials/toc-item.html).
_FALLBACK_NOTE = re.compile(r'\s*<span class="fallback">.*?</span>', re.DOTALL)


def heading_ids(body: str) -> str:
    """The body with an id on every heading, as Python-Markdown's `toc` extension gives them."""
    used = {match.group(1) for heading in _HEADING.finditer(body) for match in _ID.finditer(heading.group(2))}
    counters: dict[str, int] = {}

    def with_id(match: re.Match[str]) -> str:
        level, attributes, inner = match.groups()
        if _ID.search(attributes):
            return match.group(0)
        anchor = unique(slugify(html.unescape(strip_tags(inner)), "-"), used, counters)
        return f'<h{level} id="{html.escape(anchor, quote=True)}"{attributes}>{inner}</h{level}>'

    return _HEADING.sub(with_id, body)


def toc_tokens(body: str) -> list[Any]:
    """The headings of the body (with their ids) as `toc`'s nested tokens (`mkdocs.structure.toc`);
    a hidden heading (the search page's results, until there are some) is not listed, nor is a
    fallback text's note."""
    tokens: list[Any] = []  # toc's own token types are private
    for match in _HEADING.finditer(body):
        level, attributes, inner = match.groups()
        if _HIDDEN.search(attributes):
            continue
        found = _ID.search(attributes)
        name = strip_tags(_FALLBACK_NOTE.sub("", inner).strip())
        tokens.append({"level": int(level), "id": html.unescape(found.group(1)) if found else "", "name": name,
                       "html": inner.strip(), "data-toc-label": ""})
    return nest_toc_tokens(tokens)


_LINK = re.compile(r'(\s(?:href|src)=")([^"#]*)((?:#[^"]*)?)"')
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def resolve_links(body: str, src_uri: str, address: Callable[[str], str | None]) -> tuple[str, list[str]]:
    """The body with every link to a file of docs/ made its published address, and the links to
    pages that do not exist. `address(path)` gives the address of the file at `path` (below the
    edition's docs/) relative to this page, or None. Other links (another site, an anchor of the
    page, the shared `data/` folder, written as published addresses) are left as they are."""
    folder = posixpath.dirname(src_uri)
    broken: list[str] = []

    def resolved(match: re.Match[str]) -> str:
        attribute, value, fragment = match.groups()
        target = html.unescape(value)
        if not target or target.startswith(("/", "\\")) or _SCHEME.match(target):
            return match.group(0)
        path = posixpath.normpath(posixpath.join(folder, target))
        found = address(path) if not path.startswith("../") else None
        if found is None:
            if target.endswith(".md"):
                broken.append(target + html.unescape(fragment))
            return match.group(0)
        return f'{attribute}{html.escape(found, quote=True)}{fragment}"'

    return _LINK.sub(resolved, body), broken


def anchor_ids(body: str) -> set[str]:
    return {html.unescape(match.group(1)) for match in _ID.finditer(body)}
