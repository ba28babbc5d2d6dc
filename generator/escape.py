"""Escaping text from YAML for Markdown pages: shown literally, never read as markup."""

from __future__ import annotations

import re

# The characters Python-Markdown and our extensions (tables, def_list, attr_list …) give a meaning
# and accept a backslash before; plus HTML's own, which become entities.
_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|:&<>\"]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def md_escape(text: str, *, collapse: bool = True) -> str:
    """Text that Markdown and HTML show literally; with collapse, on one line."""
    if collapse:
        text = " ".join(text.split())
    return _SPECIAL.sub(lambda m: _ENTITIES.get(m.group(0), "\\" + m.group(0)), text)
