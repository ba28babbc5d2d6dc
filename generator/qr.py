"""QR codes drawn at build time as inline SVG (segno): no third-party service ever sees an address."""

from __future__ import annotations

import functools
import html

import segno


@functools.lru_cache(maxsize=1024)
def qr_svg(url: str, label: str, css_class: str = "qr") -> str:
    """The address as a QR code: an <svg> with a white quiet zone of four modules, named for
    screen readers by `label` (the address is printed beside it as text too)."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=4, dark="#000", light="#fff", omitsize=True, svgclass=css_class,
                          lineclass=None)
    attributes = (f' role="img" aria-label="{html.escape(label, quote=True)}" '
                  f'data-qr="{html.escape(url, quote=True)}" shape-rendering="crispEdges"')
    return svg.replace("<svg ", "<svg" + attributes + " ", 1)
