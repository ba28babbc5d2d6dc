"""Static site generator for medborgarlöften: a municipality's promises.yaml → a multilingual site.

Installed, the package is imported as `medborgarloften`; in a checkout of the generator, its
folder is `generator/` (`python -m generator`). The code imports itself relatively, so both work."""

from __future__ import annotations

__version__ = "0.2.0"
