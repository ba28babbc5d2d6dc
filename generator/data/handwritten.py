"""The hand-written pages a build reads, `content/pages/<code>/*.md`, checked as `validate` checks
the data: each must be UTF-8 text, and its front matter (between the `---` lines) YAML that can be
read. MkDocs would stop on the one with a traceback and quietly drop the other."""

from __future__ import annotations

import re
from pathlib import Path

from .catalogue import Word
from .load import Mapping, Sequence, load_text, read_text
from .problems import Problem

# `---` on the first line, the front matter, `---` on a line of its own (as MkDocs reads it).
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.DOTALL)


def check_pages(content: Path) -> list[Problem]:
    """Every problem of every hand-written page, in the order of the files' names."""
    pages = content / "pages"
    problems: list[Problem] = []
    for page in sorted(pages.glob("*/*.md")) if pages.is_dir() else ():
        display = shown_path(page)
        text, found = read_text(page, display)
        problems += [p for p in found if p.code != "file_empty"]  # an empty page is the editors' choice
        match = _FRONT_MATTER.match(text) if text is not None else None
        if match is None or not (match.group(1) or "").strip():
            continue
        loaded = load_text(match.group(1), display)
        problems += [_below_first_line(p) for p in loaded.problems]
        if loaded.root is not None and not isinstance(loaded.root, Mapping):
            got = Word("a_list" if isinstance(loaded.root, Sequence) else "a_text")
            problems.append(Problem(display, 2, 1, "", "expected_mapping", {"got": got}))
    return problems


def _below_first_line(problem: Problem) -> Problem:
    """A problem of the front matter, at its line in the page (the first line is `---`)."""
    return Problem(problem.file, problem.line + 1, problem.column, problem.path, problem.code, problem.args,
                   problem.hint, problem.hint_args, problem.severity)


def shown_path(path: Path) -> str:
    """A file of the site as messages name it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)
