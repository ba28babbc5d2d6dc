"""Formatted text from YAML: a small Markdown subset, rendered once here and sanitised with nh3.

The result is HTML that goes into the pages as it is (the templates write HTML, see
`htmlpage.py`): block text as a `<div class="rich">`, inline text rebuilt from the sanitised tree
with its tags' attributes quoted and escaped, so nothing an editor writes can become a script, a
link to another scheme or template syntax on the way.
"""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser

import markdown
import nh3

URL_SCHEMES = {"https", "mailto", "tel"}
BLOCK_TAGS = {"p", "em", "strong", "ul", "ol", "li", "a", "br", "code"}
INLINE_TAGS = {"em", "strong", "a", "br", "code"}
_md = markdown.Markdown(extensions=[], output_format="html")
# Prose that nothing reads as markup: one line starting with a letter, of letters, digits, single
# spaces and ordinary punctuation. Markdown makes it one paragraph of the same text, so it skips
# the Markdown and sanitiser round trip: most texts are like this, and a national site has tens
# of thousands (tests/test_rich.py checks both ways give the same output).
_PROSE = re.compile(r"[^\W\d_](?:[^\W_]| (?! )|[,.;:?%()'\"/–—-])*(?<! )")


def _sanitise(text: str, tags: set[str]) -> str:
    _md.reset()
    rendered = _md.convert(text)
    return nh3.clean(rendered, tags=tags, attributes={"a": {"href"}}, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer", strip_comments=True)


def is_prose(text: str) -> bool:
    return _PROSE.fullmatch(text) is not None


@functools.lru_cache(maxsize=16384)
def rich_block(text: str, attributes: str | None = None) -> str:
    """A raw HTML block (blank lines around it in the Markdown page); `attributes` (a lang attribute) for a
    text in another language than the page's."""
    body = f"<p>{html.escape(text, quote=False)}</p>" if is_prose(text) else markdown_block(text)
    attribute = f" {attributes}" if attributes else ""
    return f'<div class="rich"{attribute}>\n{body}\n</div>'


def markdown_block(text: str) -> str:
    return _Rebuilder().run(_sanitise(text, BLOCK_TAGS))


@functools.lru_cache(maxsize=16384)
def rich_inline(text: str) -> str:
    """Inline HTML: emphasis and links only, paragraphs and lists flattened."""
    return html.escape(text, quote=False) if is_prose(text) else markdown_inline(text)


def markdown_inline(text: str) -> str:
    flat = re.sub(r"\s*\n\s*", " ", text)
    return _Rebuilder().run(_sanitise(flat, INLINE_TAGS)).strip()


class _Rebuilder(HTMLParser):
    """Writes nh3's output back out tag by tag: attributes quoted and escaped, no blank lines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []

    def run(self, sanitised: str) -> str:
        self.feed(sanitised)
        self.close()
        return re.sub(r"\n\s*\n", "\n", "".join(self.out)).strip()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        rendered = "".join(f' {name}="{html.escape(value or "", quote=True)}"' for name, value in attrs)
        self.out.append(f"<{tag}{rendered}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag != "br":
            self.out.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.out.append(html.escape(data, quote=False))
