"""Which pages differ between two built sites: the pages a reviewer of a pull request should open.

Only pages (`*.html`) are compared; the search index, sitemap, feeds and assets follow from the
same data. Two builds of the same data on the same `--today` are byte-identical (see `build`),
so the only noise ignored is whitespace, which changes nothing a reader sees.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from ..data import catalogue

_SPACE = re.compile(rb"\s+")


def page_address(relative: PurePosixPath) -> str:
    """`loften/x/index.html` → `/loften/x/`, `404.html` → `/404.html`: the address on the site."""
    if relative.name == "index.html":
        parent = relative.parent.as_posix()
        return "/" if parent == "." else f"/{parent}/"
    return f"/{relative.as_posix()}"


def _pages(site: Path) -> dict[str, Path]:
    return {page_address(PurePosixPath(p.relative_to(site).as_posix())): p for p in site.rglob("*.html")}


def _content(page: Path) -> bytes:
    return _SPACE.sub(b" ", page.read_bytes()).strip()


def changed_pages(old_site: Path, new_site: Path) -> list[str]:
    """Addresses of the pages added, removed or changed, sorted."""
    old, new = _pages(old_site), _pages(new_site)
    changed = {address for address in old.keys() ^ new.keys()}
    changed |= {address for address in old.keys() & new.keys() if _content(old[address]) != _content(new[address])}
    return sorted(changed)


def format_pages(pages: list[str], lang: str, fmt: str, base_url: str | None = None) -> str:
    if fmt != "markdown":
        return "".join(f"{page}\n" for page in pages)
    if not pages:
        return f"### {catalogue.text(lang, 'changed', 'heading')}\n\n{catalogue.text(lang, 'changed', 'none')}\n"
    # Addresses come from file names the generator chose from validated ids: no backquotes in them.
    if base_url:
        root = base_url.rstrip("/").replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")
        items = [f"- [`{page}`](<{root}{page}>)" for page in pages]
    else:
        items = [f"- `{page}`" for page in pages]
    return f"### {catalogue.text(lang, 'changed', 'heading')}\n\n" + "\n".join(items) + "\n"
