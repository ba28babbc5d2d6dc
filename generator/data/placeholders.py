"""What `init`'s skeleton (and `new`'s site repository) leave for the editors to replace, and
where a site still has it.

The skeleton must validate, so an editor can build it at once; but none of its stand-ins may be
published. Each is recognised here, whatever else the editors changed around it: the exact texts
the skeleton writes (`TEXTS`, `URLS`, `PAGE_TEXTS`), a value it marks with a trailing `# FYLL I`
comment (a claim only the editors can check, such as the accessibility statement's conformance),
a contact residents cannot reach, and the example teams of `.github/CODEOWNERS`. Each one found is
a warning at its line, so the skeleton builds for a preview; `validate --publish`, which
publishing runs, refuses them (and `--strict`, with every other warning). Example data
(`site.example_data: true`) is never checked: it is not published as anyone's promises.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import schema
from .handwritten import shown_path
from .problems import Problem, Severity

# The skeleton's texts for the editors to replace (tests/test_placeholders.py keeps them in step
# with generator/cli/init.py).
TEXTS = frozenset({
    "Beskriv i en mening vad löftet handlar om.",
    "Say in one sentence what the promise is about.",
    "Beskriv vad löftet ska åstadkomma.",
    "Say what the promise is to achieve.",
})
URLS = frozenset({"https://example.org/trygghetsenkat"})
# The sentence of the skeleton's about pages that asks the editors to write the page.
PAGE_TEXTS = ("Den här sidan skrivs av redaktionen", "The editors write this page")
# A value the skeleton marks for the editors to check: `conformance: full  # FYLL I: …`.
MARKER = re.compile(r"#\s*FYLL I\b")
# Teams of the examples' CODEOWNERS: the site template's stand-in and the example's own (Lerum's).
# The codes of the problems found here: the ones that stop publishing (`validate --publish`).
CODES = frozenset({"placeholder_text", "placeholder_url", "placeholder_marked", "contact_unreachable",
                   "placeholder_page", "placeholder_team"})
EXAMPLE_TEAMS = re.compile(r"@(?:ORGANISATION|lerum-kommun|polisen-lerum|medborgarloften)/[A-Za-z0-9_.-]+")


def find(document: schema.Document, marks: dict[str, tuple[int, int]], data: Path, file: str,
         content: Path) -> list[Problem]:
    """Every stand-in of the skeleton still in the data file, the about pages, and the CODEOWNERS
    of the repository the data file is in (paths in messages relative to the current folder)."""
    if document.site.example_data:
        return []
    found = _texts(document, marks, file)
    found += _marked(data, file, {problem.line for problem in found})
    found += _contacts(document, marks, file)
    found += _pages(content)
    found += _codeowners(data.parent)
    return found


def _warning(file: str, line: int, column: int, path: str, code: str, args: dict[str, object] | None = None,
             hint: str | None = None) -> Problem:
    return Problem(file, line, column, path, code, dict(args or {}), hint, severity=Severity.WARNING)


def _texts(document: schema.Document, marks: dict[str, tuple[int, int]], file: str) -> list[Problem]:
    found = []
    for index, promise in enumerate(document.promises):
        for name in ("focus", "goal", "follow_up", "background"):
            text = getattr(promise, name)
            for code, value in (text.items() if text is not None else ()):
                if value in TEXTS:
                    path = f"promises[{index}].{name}.{code}"
                    found.append(_warning(file, *marks.get(path, (1, 1)), path, "placeholder_text",
                                          {"value": value}, "placeholder_replace"))
    for index, survey in enumerate(document.surveys):
        if survey.url in URLS:
            path = f"surveys[{index}].url"
            found.append(_warning(file, *marks.get(path, (1, 1)), path, "placeholder_url", {"value": survey.url},
                                  "placeholder_survey"))
    return found


def _marked(data: Path, file: str, reported: set[int]) -> list[Problem]:
    """Lines that still carry the skeleton's `# FYLL I` (one message a line)."""
    lines = data.read_text(encoding="utf-8-sig", errors="replace").splitlines()
    return [_warning(file, number, match.start() + 1, "", "placeholder_marked", hint="placeholder_check")
            for number, line in enumerate(lines, 1) if number not in reported
            for match in [MARKER.search(line)] if match]


def _contacts(document: schema.Document, marks: dict[str, tuple[int, int]], file: str) -> list[Problem]:
    """A contact with no e-mail, phone or web address: residents cannot reach it."""
    return [_warning(file, *marks.get(f"contacts[{index}]", (1, 1)), f"contacts[{index}]", "contact_unreachable",
                     {"name": contact.name}, "contact_means")
            for index, contact in enumerate(document.contacts)
            if contact.email is None and contact.phone is None and contact.url is None]


def _pages(content: Path) -> list[Problem]:
    found = []
    pages = content / "pages"
    for page in sorted(pages.rglob("*.md")) if pages.is_dir() else ():
        try:
            lines = page.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # the build names a page it cannot read
        for number, line in enumerate(lines, 1):
            for text in PAGE_TEXTS:
                if (column := line.find(text)) >= 0:
                    found.append(_warning(shown_path(page), number, column + 1, "", "placeholder_page",
                                          {"value": text}, "placeholder_page_write"))
    return found


def _codeowners(root: Path) -> list[Problem]:
    """The example teams still in .github/CODEOWNERS, each at its line (a commented-out line too:
    it is the site template's stand-in, left to be filled in)."""
    path = root / ".github" / "CODEOWNERS"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    return [_warning(shown_path(path), number, match.start() + 1, "", "placeholder_team",
                     {"team": match.group()}, "placeholder_teams")
            for number, line in enumerate(lines, 1) for match in [EXAMPLE_TEAMS.search(line)] if match]
