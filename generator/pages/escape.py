"""Escaping text from YAML for the Markdown the project writes (the example notice on
hand-written pages, the summaries of `diff` and of a check): shown literally, never read as
markup. The pages the templates make are HTML and escape with `helpers.text.html_text`.

A character gets a backslash where Python-Markdown or one of our extensions could read it as
markup. Most can do that anywhere in a line (emphasis, code, links, images, attribute lists,
emoji and definition colons, table bars, headings' closing hashes). `-`, `+`, a number's `.` and
a line of `=` begin a block (a list item, a rule, a heading's underline) only at the start of a
line, which a text may be (a paragraph of its own, a list item's first words, a line of a text
that keeps its line breaks): they are escaped there, and left as they are inside a line. Every
escape is a piece Python-Markdown's inline patterns work on ("2025-05-03." has three fewer).
`tests/test_render.py` puts random texts where such Markdown puts them and checks each is shown
as written.
"""

from __future__ import annotations

import re

# Characters with a meaning anywhere in a line, which Python-Markdown accepts a backslash before;
# plus HTML's own, which become entities.
_SPECIAL = re.compile(r"[\\`*_{}\[\]()#|:!&<>\"]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
# What begins a block at the start of a line (after its indentation): a list marker or rule
# (`-`, `+`), an ordered list's number (`1.`), or a line of `=` that would underline the line
# before as a heading (`=` takes no backslash: its entity).
_LINE_START = re.compile(r"^([ \t]*)(?:([-+])|(\d+)\.|=(?==*[ \t]*$))", re.MULTILINE)


def _line_start(match: re.Match[str]) -> str:
    indent, marker, number = match.groups()
    if marker:
        return f"{indent}\\{marker}"
    return f"{indent}{number}\\." if number else f"{indent}&#61;"


def md_escape(text: str, *, collapse: bool = True) -> str:
    """Text that Markdown and HTML show literally; with collapse, on one line."""
    if collapse:
        text = " ".join(text.split())
    text = _SPECIAL.sub(lambda m: _ENTITIES.get(m.group(0), "\\" + m.group(0)), text)
    return _LINE_START.sub(_line_start, text)
