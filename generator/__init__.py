"""Static site generator for medborgarlöften: promises.yaml → bilingual MkDocs site."""

from __future__ import annotations

__version__ = "0.1.0"
