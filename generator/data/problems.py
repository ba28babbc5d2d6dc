"""The one Problem type, its message catalogue in Swedish and English, and the reporters."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from . import catalogue, languages

# The languages editors' messages can be in: one file each in generator/data/messages/.
LANGS = catalogue.LANGS


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"



def summary(key: str, lang: str, **args: object) -> str:
    """What a command says when all went well (the catalogue's summaries)."""
    return catalogue.text(lang, "summaries", key).format(**_localise(args, lang))




@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, at one place, in one field."""

    file: str
    line: int  # 1-based; the whole file's problems are given line 1
    column: int  # 1-based
    path: str  # field path, e.g. promises[0].activities[2].status
    code: str  # a key of the catalogue's problems (generator/data/messages/<lang>.yaml)
    args: dict[str, object] = field(default_factory=dict)
    hint: str | None = None  # a key of the catalogue's hints
    hint_args: dict[str, object] = field(default_factory=dict)
    severity: Severity = Severity.ERROR

    def message(self, lang: str) -> str:
        return catalogue.text(lang, "problems", self.code).format(**_localise(self.args, lang))

    def hint_text(self, lang: str) -> str | None:
        if self.hint is None:
            return None
        return catalogue.text(lang, "hints", self.hint).format(**_localise(self.hint_args, lang))

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.path)


def _localise(args: dict[str, object], lang: str) -> dict[str, object]:
    """Arguments may be words of the catalogue (Word) or texts per message language (a dict, e.g.
    a language's name as Babel writes it in each)."""
    return {k: (v.get(lang) if isinstance(v, catalogue.Word) else v[lang] if isinstance(v, dict) else v)
            for k, v in args.items()}


def default_lang() -> str:
    """The language of editors' messages when --lang names none: Swedish, whatever the locale
    (LANG is C.UTF-8 on CI runners, English on many laptops), as the editors, the guides and the
    messages the guides quote are."""
    return languages.DEFAULT


def format_text(problem: Problem, lang: str) -> str:
    """`file:line:col: path: message — hint`, one line, as compilers and linters print."""
    where = f"{problem.file}:{problem.line}:{problem.column}"
    label = "" if problem.severity is Severity.ERROR else f"{catalogue.text(lang, 'words', 'warning')}: "
    text = f"{where}: {problem.path}: {label}{problem.message(lang)}" if problem.path else (
        f"{where}: {label}{problem.message(lang)}"
    )
    hint = problem.hint_text(lang)
    return f"{text} — {hint}" if hint else text


def _escape_github(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(problem: Problem, lang: str) -> str:
    """A GitHub Actions workflow command, so the problem shows on the changed line of a PR."""
    kind = "error" if problem.severity is Severity.ERROR else "warning"
    props = f"file={_escape_github(problem.file, property_value=True)},line={problem.line},col={problem.column}"
    body = problem.message(lang)
    hint = problem.hint_text(lang)
    if hint:
        body = f"{body} — {hint}"
    if problem.path:
        body = f"{problem.path}: {body}"
    return f"::{kind} {props}::{_escape_github(body)}"


REPORTERS = {"text": format_text, "github": format_github}
