"""Checks on the built site as residents receive it: nothing may load from another host."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

# Attributes through which a page makes the browser fetch something (links a resident clicks are fine).
_FETCHING = {
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
    ("iframe", "src"), ("frame", "src"), ("embed", "src"), ("object", "data"), ("video", "src"),
    ("video", "poster"), ("audio", "src"), ("track", "src"), ("input", "src"), ("image", "href"),
    ("use", "href"), ("image", "xlink:href"), ("use", "xlink:href"),
}
# <link rel=…> values that make the browser fetch or connect.
_FETCHING_RELS = {"stylesheet", "preload", "prefetch", "modulepreload", "icon", "apple-touch-icon",
                  "manifest", "preconnect", "dns-prefetch", "prerender", "shortcut"}
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3""", re.IGNORECASE)


@dataclass(frozen=True)
class ExternalResource:
    file: str
    url: str

    def __str__(self) -> str:
        return f"{self.file}: loads {self.url} from another host"


def is_external(url: str) -> bool:
    url = url.strip()
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    return parts.scheme.lower() in {"http", "https", "ftp", "ws", "wss"} and bool(parts.netloc)


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name, value in values.items():
            if (tag, name) in _FETCHING:
                candidates = [c.strip().split(" ")[0] for c in value.split(",")] if "srcset" in name else [value]
                self.urls += candidates
            if name == "style":
                self.urls += css_urls(value)
        if tag == "link" and _FETCHING_RELS & set(values.get("rel", "").lower().split()):
            self.urls.append(values.get("href", ""))
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.urls.append(values.get("content", "").partition("url=")[2])
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.urls += css_urls(data)


def css_urls(css: str) -> list[str]:
    return [m.group(2) or m.group(4) for m in _CSS_URL.finditer(css)]


def find_external_resources(site_dir: Path) -> list[ExternalResource]:
    found: list[ExternalResource] = []
    for path in sorted(site_dir.rglob("*")):
        if path.suffix not in {".html", ".css", ".svg"} or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".css":
            urls = css_urls(text)
        else:
            scanner = _Scanner()
            scanner.feed(text)
            urls = scanner.urls
        rel = path.relative_to(site_dir).as_posix()
        found += [ExternalResource(rel, u) for u in urls if is_external(u)]
    return found


# What could make a page fetch from another host: a start tag of an element that fetches, or any
# tag with a style attribute, whose attributes hold "//" (no host without it) or a character
# reference or backslash (which could spell one); or a <style> element with url() or @import.
_FETCHING_TAGS = frozenset(tag for tag, _ in _FETCHING) | {"link", "meta"}
_TAG = re.compile(r"""<([a-zA-Z][^\s/>]*)((?:[^>"']+|"[^"]*"|'[^']*')*)>""")
_TAG_START = re.compile(r"<[a-zA-Z]")
_STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
_SPELLS_A_HOST = re.compile(r"//|&|\\")
_STYLE_BLOCK_URL = re.compile(r"url\s*\(|@import|&|\\", re.IGNORECASE)


def may_fetch_from_another_host(html: str) -> bool:
    """False when no tag of the page could fetch from another host, by a scan of its tags that is
    much faster than parsing the page (a link to another site is not a fetch). True means: parse
    it. Tags the scan sees inside comments or scripts only make it say True more often."""
    tags = 0
    for match in _TAG.finditer(html):
        tags += 1
        name, attributes = match.group(1).lower(), match.group(2)
        if name == "style":
            end = html.lower().find("</style", match.end())
            if _STYLE_BLOCK_URL.search(html, match.end(), end if end >= 0 else len(html)):
                return True
        if name == "link" and not any(rel in attributes.lower() for rel in _FETCHING_RELS):
            name = ""  # a canonical or alternate address: not fetched (unless styled, below)
        elif name == "meta" and "http-equiv" not in attributes.lower():
            name = ""  # a share tag's address: not fetched
        if (name in _FETCHING_TAGS or _STYLE_ATTRIBUTE.search(attributes)) and _SPELLS_A_HOST.search(attributes):
            return True
    # A tag the scan could not read (an unclosed quote) or read as part of another: parse the page.
    return tags != len(_TAG_START.findall(html))


def external_urls_in_html(html: str) -> list[str]:
    """The addresses on other hosts that one page makes the browser fetch."""
    if not may_fetch_from_another_host(html):
        return []
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return [u for u in scanner.urls if is_external(u)]


def external_urls(text: str, suffix: str) -> list[str]:
    """The same for a file by its kind: .html and .svg are parsed, .css searched for url() and @import."""
    if suffix == ".css":
        return [u for u in css_urls(text) if is_external(u)]
    return external_urls_in_html(text)
