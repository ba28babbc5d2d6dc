"""QR codes drawn at build time as inline SVG: no third-party service ever sees an address.

The symbol is made by zxing-cpp (its encoder is Zint's, in C++: error correction M, the smallest
version that holds the address, and the best of the eight masks by the standard's penalty rules).
Choosing the mask took segno, in pure Python, about 9 ms a code, and a national site prints about
1,450: 17 s of a first build's CPU at N = 290. zxing-cpp takes about 0.3 ms, so nothing is cached
on disk. The SVG is written here from the symbol's modules, one path of horizontal runs.

A code holds the address in ASCII (`ascii_address`): a name with å, ä or ö in Punycode, other
characters percent-encoded. A QR code's bytes carry no encoding of their own and readers guess
(zbarimg read "ö" as Latin-1 bytes wrongly); an ASCII address reads the same in every reader and
opens the same page.
"""

from __future__ import annotations

import functools
import html
import re

import zxingcpp

from ..data.urls import ascii_address

BORDER = 4  # the quiet zone, in modules, that the standard asks for
_DARK_RUNS = re.compile(rb"\x00+")  # in the symbol's image, 0 is a dark module


@functools.lru_cache(maxsize=4096)
def qr_svg(url: str, label: str, css_class: str = "qr") -> str:
    """The address as a QR code: an <svg> with a white quiet zone of four modules, named for
    screen readers by `label` (the address is printed beside it as text too); `data-qr` is what
    it holds."""
    url = ascii_address(url)
    size = len(rows := modules(url)) + 2 * BORDER
    return (f'<svg role="img" aria-label="{html.escape(label, quote=True)}" '
            f'data-qr="{html.escape(url, quote=True)}" shape-rendering="crispEdges" viewBox="0 0 {size} {size}" '
            f'class="{html.escape(css_class, quote=True)}"><path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>'
            f'<path stroke="#000" d="{_path(rows)}"/></svg>')


def modules(url: str) -> list[bytes]:
    """The symbol's rows, one byte a module (0 dark, 255 light), without the quiet zone."""
    symbol = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    # The image has the buffer protocol (a byte a module); zxing-cpp's type stubs don't say so.
    image = memoryview(symbol.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]
    height, width = image.shape or (0, 0)
    data = image.tobytes()
    return [data[row * width:(row + 1) * width] for row in range(height)]


def _path(rows: list[bytes]) -> str:
    """Each run of dark modules as a stroke one module high through the middle of its row, every
    move relative to where the last run ended."""
    parts: list[str] = []
    x, y = 0, 0
    for row_number, row in enumerate(rows):
        for run in _DARK_RUNS.finditer(row):
            start, length = run.start() + BORDER, run.end() - run.start()
            parts.append(f"M{start} {row_number + BORDER}.5h{length}" if not parts
                         else f"m{start - x} {row_number - y}h{length}")
            x, y = start + length, row_number
    return "".join(parts)
