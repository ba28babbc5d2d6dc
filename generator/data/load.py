"""Reads a YAML file into a tree of nodes that keep their line and column, refusing YAML's traps.

We never let PyYAML turn text into Python values: its implicit typing (YAML 1.1) makes `no`
false, `12:30` a number and `2019-02-30` a crash. Instead the C parser's event stream is
assembled here, iteratively, into `Scalar`/`Mapping`/`Sequence` nodes holding the raw text,
and the validator decides what each field means.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import languages
from .catalogue import Word
from .problems import Problem

MAX_BYTES = 20 * 1024 * 1024  # a national file is a few MB; 20 MiB leaves room and refuses accidents
MAX_DEPTH = 64
# Tags an editor may write explicitly; anything else (e.g. !!python/object) is refused.
_ALLOWED_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALAR, _MAPPING_START, _SEQUENCE_START = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MAPPING_END, _SEQUENCE_END = yaml.MappingEndEvent, yaml.SequenceEndEvent


@dataclass(slots=True)
class Scalar:
    value: str
    plain: bool  # written without quotes: only then may it be read as a date, number or boolean
    line: int
    column: int

    kind = "text"


@dataclass(slots=True)
class Mapping:
    line: int
    column: int
    items: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)

    kind = "fields"


@dataclass(slots=True)
class Sequence:
    line: int
    column: int
    items: list[Node] = field(default_factory=list)

    kind = "list"


Node = Scalar | Mapping | Sequence


@dataclass
class Loaded:
    """A loaded file: its root node (None when it could not be read) and what went wrong."""

    file: str
    root: Node | None
    problems: list[Problem]


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a big acyclic tree is built.

    Hundreds of thousands of new nodes would trigger a collection every few hundred
    allocations, each scanning the tree built so far; nothing here makes reference cycles, so
    reference counting frees everything anyway. (Measured: a third of the load time of an 8 MB file.)
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # What was made is long-lived or freed by reference counting: moved out of the
            # collector's generations (not traversed), else the next allocation would collect the
            # hundreds of thousands of young objects, and every later full collection scan them
            # (0.4 s after an 8 MB file). Nothing made here is in a cycle, so nothing is kept.
            gc.freeze()
            gc.enable()


def read_text(path: Path, display: str) -> tuple[str | None, list[Problem]]:
    """The file as text: UTF-8, a BOM and Windows line endings silently accepted."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:  # checked before reading, so a huge file costs no memory
            return None, [Problem(display, 1, 1, "", "file_too_large", {"size": size, "limit": MAX_BYTES})]
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem(display, 1, 1, "", "file_missing")]
    except IsADirectoryError:
        return None, [Problem(display, 1, 1, "", "file_missing")]
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        return None, [_not_utf8(data, bom, bom + exc.start, display)]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        return None, [Problem(display, 1, 1, "", "file_empty")]
    return text, []


def position(text: str, index: int) -> tuple[int, int]:
    """Line and column (1-based, counted in characters) of the character at `index` in `text`."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _not_utf8(data: bytes, bom: int, offset: int, display: str) -> Problem:
    """Where the first byte that is not UTF-8 stands, as an editor counts: lines as the loader
    splits them (LF, CRLF or CR), columns in characters, a byte order mark not counted."""
    before = data[bom:offset].decode("utf-8")  # valid: decoding stopped at `offset`
    before = before.replace("\r\n", "\n").replace("\r", "\n")
    line, column = position(before + "?", len(before))
    args: dict[str, object] = {"offset": offset}
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode"
        return Problem(display, 1, 1, "", "utf16", {}, "save_utf8")
    return Problem(display, line, column, "", "not_utf8", args, "save_utf8")


def load_file(path: Path, display: str | None = None) -> Loaded:
    display = display if display is not None else path.name
    text, problems = read_text(path, display)
    if text is None:
        return Loaded(display, None, problems)
    return load_text(text, display)


def load_text(text: str, display: str) -> Loaded:
    problems: list[Problem] = []
    try:
        with paused_gc():
            root = _compose(text, display, problems)
    except yaml.MarkedYAMLError as exc:
        problems.append(_syntax_problem(exc, text, display))
        root = None
    except yaml.reader.ReaderError as exc:  # a control character YAML does not allow
        # libyaml counts the position in bytes of the UTF-8 text it was given, not in characters.
        index = len(text.encode("utf-8")[: exc.position].decode("utf-8", errors="replace"))
        line, column = position(text, index)
        problems.append(Problem(display, line, column, "", "yaml_control_character",
                                {"code": f"U+{exc.character:04X}" if isinstance(exc.character, int)
                                 else repr(exc.character)}, "remove_character"))
        root = None
    return Loaded(display, root if not any(p.code.startswith("yaml_") for p in problems) else None, problems)


# libyaml's wording → our message (at the problem's or the context's mark) and hint.
_SYNTAX: list[tuple[str, str, str, str | None]] = [
    # (text in libyaml's message, our code, which mark, hint)
    ("scanning a quoted scalar", "yaml_unclosed_quote", "context", "close_quote"),
    ("mapping values are not allowed", "yaml_colon", "problem", "quote_text"),
    ("cannot start any token", "yaml_bad_start", "problem", "quote_text"),
    ("could not find expected ':'", "yaml_missing_colon", "context", "field_colon"),
    ("expected ',' or ']'", "yaml_unclosed_list", "context", "close_list"),
    ("expected ',' or '}'", "yaml_unclosed_mapping", "context", "close_mapping"),
    ("did not find expected key", "yaml_indent", "problem", None),
    ("expected '-' indicator", "yaml_indent", "problem", None),
    ("expected node content", "yaml_missing_value", "problem", "quote_text"),
]


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, display: str) -> Problem:
    detail = " ".join(part for part in (exc.context, exc.problem) if part)
    mark = exc.problem_mark or exc.context_mark
    if "nesting depth" in detail:  # libyaml's own limit, met while scanning ahead
        return _at(display, mark, "yaml_too_deep", {"limit": MAX_DEPTH})
    if "tab" in detail or _tab_at(text, mark):
        return _at(display, mark, "yaml_tab", hint="yaml_tab")
    opened = _swallowing_quote(text, mark)
    if opened is not None:
        return Problem(display, opened[0] + 1, opened[1] + 1, "", "yaml_unclosed_quote", {}, "close_quote")
    if "mapping values are not allowed" in detail and _key_on_continuation(text, mark):
        # `status: x` indented deeper than the field above: YAML reads it as more of that field's
        # text and stops at the colon. Quoting would not help; the indentation is the mistake.
        return _indent_problem(text, display, mark, None)
    for needle, code, which, hint in _SYNTAX:
        if needle in detail:
            chosen = exc.context_mark if which == "context" and exc.context_mark else mark
            if code == "yaml_indent":
                block = exc.context_mark if exc.context and "block mapping" in exc.context else None
                return _indent_problem(text, display, mark, block)
            char = _char_at(text, chosen)
            return _at(display, chosen, code, {"char": char}, hint)
    return _at(display, mark, "yaml_syntax", {"detail": detail})


_KEY_START = re.compile(r"^( *)((?:- +)*)([A-Za-z_][A-Za-z0-9_-]*):(?: |$)")
_QUOTE_OPENS = re.compile(r"""^( *)(?:- +)*[A-Za-z_][A-Za-z0-9_-]*: +(["'])""")


def _swallowing_quote(text: str, mark: yaml.Mark | None) -> tuple[int, int] | None:
    """Where a quote opens that is not closed on its line and runs on over the next field (`key:`
    at the same indentation or less): a quote someone forgot to close, which YAML reads as one text
    until the next quote mark, failing only there. (0-based line and column of the quote mark.)"""
    if mark is None:
        return None
    lines = text.split("\n")
    for number in range(min(mark.line - 1, len(lines) - 1), max(mark.line - 200, -1), -1):
        match = _QUOTE_OPENS.match(lines[number])
        if match is None:
            continue
        quote, rest = match.group(2), lines[number][match.end():]
        closed = rest.replace("\\\\", "").replace('\\"', "").count(quote) % 2 == 1 if quote == '"' \
            else rest.replace("''", "").count(quote) % 2 == 1
        if closed:
            return None  # the nearest quote above is closed: the mistake is another
        indent = len(match.group(1))
        swallowed = any((key := _KEY_START.match(line)) and len(key.group(1)) <= indent
                        for line in lines[number + 1:mark.line + 1])
        return (number, match.end() - 1) if swallowed else None
    return None



def _key_on_continuation(text: str, mark: yaml.Mark | None) -> bool:
    """The colon YAML stumbled on ends a known field name that starts its line (not a colon in text)."""
    line = _line_of(text, mark)
    if line is None or mark is None:
        return False
    match = _KEY_START.match(line)
    return bool(match and match.end(3) == mark.column
                and (match.group(3) in _field_names() or languages.is_known(match.group(3))))


@functools.cache
def _field_names() -> frozenset[str]:
    from . import schema  # the field names, to tell a field from a word followed by a colon

    names: set[str] = set()  # (the keys of a text, edition codes, are asked of the registry)
    for value in vars(schema).values():
        if dataclasses.is_dataclass(value) and isinstance(value, type):
            names.update(f.name for f in dataclasses.fields(value))
    return frozenset(names)


def _levels(lines: list[str], before: int) -> list[tuple[int, bool]]:
    """The columns (0-based) where the collections still open at line `before` start their
    entries, each with whether it is a list (`- `) level: the siblings a line there can have."""
    levels: list[tuple[int, bool]] = []
    limit = 1 << 30
    for raw in reversed(lines[:before]):
        stripped = raw.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(raw) - len(stripped)
        if indent >= limit:
            continue
        match = _KEY_START.match(raw)
        found: list[tuple[int, bool]] = []
        column = indent
        dashes = re.match(r"(?:- +)*", stripped)
        for dash in re.finditer(r"- +", dashes.group() if dashes else ""):
            found.append((column, True))
            column += len(dash.group())
        if match:
            found.append((column, False))
        levels.extend(sorted(found, reverse=True))
        limit = indent
        if indent == 0:
            break
    return levels


def _indent_problem(text: str, display: str, mark: yaml.Mark | None, block: yaml.Mark | None) -> Problem:
    """An indentation mistake, told with the column the line should start at, from its siblings:
    the fields of the block mapping libyaml was reading, else the nearest level still open above."""
    lines = text.split("\n")
    if mark is None or mark.line >= len(lines):
        return _at(display, mark, "yaml_structure")
    line = lines[mark.line]
    indent = len(line) - len(line.lstrip(" "))
    is_item = line.lstrip(" ").startswith("- ") or line.strip() == "-"
    if block is not None and not is_item:
        expected = block.column
    else:
        candidates = [col for col, item in _levels(lines, mark.line) if item == is_item]
        expected = min(candidates, key=lambda col: (abs(col - indent), -col)) if candidates else indent
    if expected == indent:
        return Problem(display, mark.line + 1, indent + 1, "", "yaml_structure")
    diff = expected - indent
    return Problem(display, mark.line + 1, indent + 1, "", "yaml_indent_item" if is_item else "yaml_indent",
                   {"indent": indent, "column": expected + 1}, "add_spaces" if diff > 0 else "remove_spaces",
                   {"count": abs(diff), "spaces": Word("space" if abs(diff) == 1 else "spaces")})


def _at(display: str, mark: yaml.Mark | None, code: str, args: dict[str, object] | None = None,
        hint: str | None = None) -> Problem:
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(display, line, column, "", code, args or {}, hint)


def _char_at(text: str, mark: yaml.Mark | None) -> str:
    line = _line_of(text, mark)
    return "" if line is None or mark is None else line[mark.column: mark.column + 1]


def _tab_at(text: str, mark: yaml.Mark | None) -> bool:
    line = _line_of(text, mark)
    return line is not None and "\t" in line[: len(line) - len(line.lstrip())]


def _line_of(text: str, mark: yaml.Mark | None) -> str | None:
    """The line of `text` that `mark` points into, or None when there is none."""
    if mark is None:
        return None
    lines = text.split("\n")
    return lines[mark.line] if mark.line < len(lines) else None


def _path(segments: list[str | int]) -> str:
    """The field path of an open collection from how each level was reached: key or index."""
    path = ""
    for segment in segments:
        if isinstance(segment, int):
            path += f"[{segment}]"
        elif path:
            path += f".{segment}"
        else:
            path = segment
    return path


def _compose(text: str, display: str, problems: list[Problem]) -> Node | None:
    """Build the node tree from parser events with an explicit stack (no recursion).

    This loop runs once per event (a national file has hundreds of thousands), so it dispatches
    on the exact event class and builds a field path only when a message needs one.
    """
    root: Node | None = None
    stack: list[Mapping | Sequence] = []
    segments: list[str | int] = []  # how each open collection below the root was reached
    pending_key: list[Scalar | None] = []
    documents = 0

    events: Iterator[Any] = yaml.parse(text, Loader=_Loader)
    for event in events:
        kind = type(event)
        if kind is _SCALAR or kind is _MAPPING_START or kind is _SEQUENCE_START:
            mark = event.start_mark
            line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            if event.anchor is not None:
                problems.append(Problem(display, line, column, "", "yaml_alias"))
                return None
            tag = event.tag
            if tag not in _ALLOWED_TAGS:
                shown = tag.replace("tag:yaml.org,2002:", "!!") if tag else tag
                problems.append(Problem(display, line, column, "", "yaml_tag", {"tag": shown}))
                return None
            node: Node
            if kind is _SCALAR:
                node = Scalar(event.value, event.style in (None, "") and tag is None, line, column)
            elif kind is _MAPPING_START:
                node = Mapping(line, column)
            else:
                node = Sequence(line, column)
            # Attach the node to its parent: the root, an item, a key, or the value of a key.
            segment: str | int = ""
            if stack:
                parent = stack[-1]
                if type(parent) is Sequence:
                    segment = len(parent.items)
                    parent.items.append(node)
                else:
                    assert isinstance(parent, Mapping)
                    key = pending_key[-1]
                    if key is None:
                        if not isinstance(node, Scalar):
                            problems.append(Problem(display, line, column, "", "yaml_complex_key"))
                            return None
                        pending_key[-1] = node
                        continue
                    pending_key[-1] = None
                    if key.value in parent.items:
                        first = parent.items[key.value][0]
                        above = _path(segments[1:])
                        problems.append(Problem(display, key.line, key.column,
                                                f"{above}.{key.value}" if above else key.value, "duplicate_key",
                                                {"key": key.value, "first_line": first.line}))
                    else:
                        parent.items[key.value] = (key, node)
                    segment = next(reversed(parent.items), "")  # the key the value was stored under
            else:
                root = node
            if not isinstance(node, Scalar):
                if len(stack) >= MAX_DEPTH:
                    problems.append(Problem(display, line, column, "", "yaml_too_deep", {"limit": MAX_DEPTH}))
                    return None
                segments.append(segment)
                stack.append(node)
                pending_key.append(None)
        elif kind is _MAPPING_END or kind is _SEQUENCE_END:
            stack.pop()
            segments.pop()
            pending_key.pop()
        elif kind is yaml.AliasEvent:
            mark = event.start_mark
            line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            problems.append(Problem(display, line, column, "", "yaml_alias"))
            return None
        elif kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
                problems.append(Problem(display, line, column, "", "yaml_multiple_documents"))
                return None
    return root
