"""QR codes drawn at build time as inline SVG (segno): no third-party service ever sees an address.

Choosing the best of the eight masks is most of segno's time (about 8 ms a code; a national site
prints about 1,200 codes), so each drawing is kept in `.cache/qr/` by a hash of its address and
of segno's version: a rebuild draws only new addresses.
"""

from __future__ import annotations

import functools
import hashlib
import html
import os
from importlib.metadata import version
from pathlib import Path

import segno

CACHE = Path(__file__).resolve().parent.parent / ".cache" / "qr"
_OPTIONS = "error=m,micro=False,scale=1,border=4,dark=#000,light=#fff"


@functools.lru_cache(maxsize=1024)
def qr_svg(url: str, label: str, css_class: str = "qr") -> str:
    """The address as a QR code: an <svg> with a white quiet zone of four modules, named for
    screen readers by `label` (the address is printed beside it as text too)."""
    attributes = (f' role="img" aria-label="{html.escape(label, quote=True)}" '
                  f'data-qr="{html.escape(url, quote=True)}" shape-rendering="crispEdges"')
    svg = _drawing(url).replace("<svg ", "<svg" + attributes + " ", 1)
    end = svg.index(">")  # the class last, as segno writes it
    return f'{svg[:end]} class="{html.escape(css_class, quote=True)}"{svg[end:]}'


@functools.cache
def _segno_version() -> str:
    return version("segno")  # reads the package's metadata: about 1 ms, once per build


def _drawing(url: str) -> str:
    key = hashlib.sha256(f"{url}\0{_OPTIONS}\0{_segno_version()}".encode()).hexdigest()
    path = CACHE / key[:2] / f"{key}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        pass
    code = segno.make(url, error="m", micro=False)
    svg: str = code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True, svgclass=None,
                               lineclass=None)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(svg, encoding="utf-8")
        temporary.replace(path)
    except OSError:  # a read-only checkout still builds, without the cache
        pass
    return svg
