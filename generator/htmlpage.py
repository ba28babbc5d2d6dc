"""Pages the templates write as HTML: what MkDocs would otherwise have taken from Python-Markdown.

The pages there are thousands of (promises, the updates list) are written by their templates as
HTML, not Markdown (`*.html.j2`, see `render.Renderer`): at N = 290 Python-Markdown took about
half of an edition's MkDocs build, most of it on those pages. Their `docs/` file keeps its front
matter, says `body: html` there, and holds the page's body as it is published. The engine gives
such a page (never a hand-written one) to MkDocs as it is (`engine.build_edition`), with what
Python-Markdown's `toc` extension and MkDocs would have made from it:

- `heading_ids`: an id on every heading that has none, as `toc` makes them (its `slugify` of the
  heading's text, made unique against every id of the page);
- `toc_tokens`: the headings as `toc`'s tokens, nested, for the page's table of contents;
- `anchor_ids`: every id of the page, which links from other pages may point to.

The body is HTML the templates made from escaped text and sanitised HTML; these functions read
only the headings and ids they wrote.
"""

from __future__ import annotations

import html
import re
from typing import Any

from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique

MARK = "html"  # the front matter's `body:` of such a page
_HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.DOTALL)
_ID = re.compile(r'\sid="([^"]*)"')
_HIDDEN = re.compile(r"\shidden(?:[\s=]|$)")


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
    a hidden heading (the search page's results, until there are some) is not listed."""
    tokens: list[Any] = []  # toc's own token types are private
    for match in _HEADING.finditer(body):
        level, attributes, inner = match.groups()
        if _HIDDEN.search(attributes):
            continue
        found = _ID.search(attributes)
        name = strip_tags(inner.strip())
        tokens.append({"level": int(level), "id": html.unescape(found.group(1)) if found else "", "name": name,
                       "html": inner.strip(), "data-toc-label": ""})
    return nest_toc_tokens(tokens)


def anchor_ids(body: str) -> set[str]:
    return {html.unescape(match.group(1)) for match in _ID.finditer(body)}
