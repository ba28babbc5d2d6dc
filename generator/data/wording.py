"""Reads the hand-edited parts of content/ that the generator needs: the interface wording per edition."""

from __future__ import annotations

import difflib
import string
from dataclasses import dataclass, field
from pathlib import Path

from . import languages
from .catalogue import Word
from .load import Mapping, Scalar, Sequence, load_file
from .problems import Problem, Severity

_OTHER = Word("something_else")
_GOT = {Mapping: Word("fields"), Sequence: Word("a_list"), Scalar: Word("a_text")}


# The package's own wording, for each edition whose file content/ui/ does not have (a site
# changes only the editions it wants to word otherwise).
DEFAULT_UI = Path(__file__).resolve().parent.parent / "pages" / "wording"


# Texts the package's wording once had that no page reads any more: a site's own wording file
# from that time still has them (latest_update went in 908d5d3, owner_promises and
# owner_activities in 351d197). A warning, so an older file keeps working; any other key the
# package does not know is most likely a slip, and an error.
RETIRED = frozenset({"latest_update", "owner_activities", "owner_promises"})


class WordingMissing(Exception):
    """The site needs a text that an edition's wording has not (loading reports every missing key
    first, so this is a safety net): the build names the file and the key."""

    def __init__(self, path: str, key: str) -> None:
        super().__init__(path, key)
        self.path, self.key = path, key

    def problem(self) -> Problem:
        return Problem(self.path, 1, 1, self.key, "missing_field", {"key": self.key})


class Wording(dict[str, str]):
    """One edition's wording, `key: text`; a text the site asks for and the file lacks raises
    WordingMissing (never a KeyError from deep inside a template)."""

    def __init__(self, texts: dict[str, str], path: str) -> None:
        super().__init__(texts)
        self.path = path

    def __missing__(self, key: str) -> str:
        raise WordingMissing(self.path, key)

    def __reduce__(self) -> tuple[type[Wording], tuple[dict[str, str], str]]:  # to the render fork and back
        return Wording, (dict(self), self.path)


def ui_path(content_dir: Path, code: str) -> Path:
    own, default = content_dir / "ui" / f"{code}.yaml", DEFAULT_UI / f"{code}.yaml"
    return default if not own.is_file() and default.is_file() else own


def load_ui(content_dir: Path, codes: tuple[str, ...] = languages.STANDARD,
            root: Path | None = None) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """`content/ui/<code>.yaml` for every edition, else the package's own: flat `key: text`, with
    the keys of the package's default wording.

    A site's own file kept from an older version of the project keeps working: a text it lacks
    is the package's for the same edition, with a warning naming the file and the key, and a
    text no page reads any more (RETIRED) is a warning. A missing key the package has no wording
    for (an edition only the site has), or a key no version of the package knew, is an error."""
    words: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    reference = DEFAULT_UI / f"{languages.DEFAULT}.yaml"
    package_words = _read(reference, str(reference))
    expected = package_words.keys or {}
    for code in (languages.DEFAULT, *(c for c in codes if c != languages.DEFAULT)):
        path = ui_path(content_dir, code)
        display = _display(path, root)
        if not path.is_file():
            problems.append(Problem(display, 1, 1, "", "ui_file_missing", {"code": code}, "ui_file_copy",
                                    {"default": ui_path(content_dir, languages.DEFAULT).name}))
            continue
        found = _read(path, display)
        if found.keys is None:
            problems += found.problems
            continue
        words[code] = Wording(found.texts, display)
        package = DEFAULT_UI / f"{code}.yaml"
        fallback = _read(package, str(package)).texts if path != package and package.is_file() else {}
        misspelt = _misspelt(found.keys, expected)
        found.problems += _fill_missing(words[code], found.keys, expected, fallback, display, set(misspelt.values()))
        found.problems += _unknown(found.keys, expected, display, ui_path(content_dir, languages.DEFAULT).name,
                                   misspelt)
        found.problems += _placeholders(found, package_words.texts, display)
        problems += sorted(found.problems, key=lambda p: p.sort_key)  # the whole file's first, then by line
    return words, problems


@dataclass
class _File:
    """A wording file as read: its texts, where each key is written (None: not `key: text` at
    all), and what was wrong with it."""

    texts: dict[str, str] = field(default_factory=dict)
    keys: dict[str, Scalar] | None = None
    problems: list[Problem] = field(default_factory=list)


def _read(path: Path, display: str) -> _File:
    loaded = load_file(path, display)
    read = _File(problems=loaded.problems)
    if loaded.root is None:
        return read
    if not isinstance(loaded.root, Mapping):
        read.problems.append(Problem(display, loaded.root.line, loaded.root.column, "", "expected_mapping",
                                     {"got": _GOT.get(type(loaded.root), _OTHER)}))
        return read
    read.keys = {}
    for key, (key_node, value) in loaded.root.items.items():
        read.keys[key] = key_node  # a key with no text is reported here, not as missing too
        if not isinstance(value, Scalar):
            read.problems.append(Problem(display, value.line, value.column, key, "expected_text",
                                         {"got": _GOT.get(type(value), _OTHER)}))
            continue
        if not value.value.strip():
            read.problems.append(Problem(display, value.line, value.column, key, "empty_text"))
            continue
        read.texts[key] = value.value.strip()
    return read


def _misspelt(found: dict[str, Scalar], expected: dict[str, Scalar]) -> dict[str, str]:
    """Keys the package does not know that are a slip of one the file lacks (home_titel → home_title)."""
    missing = sorted(expected.keys() - found.keys())
    return {key: close[0] for key in sorted(found.keys() - expected.keys()) if key not in RETIRED
            for close in [difflib.get_close_matches(key, missing, n=1, cutoff=0.8)] if close}


def _fill_missing(words: dict[str, str], found: dict[str, Scalar], expected: dict[str, Scalar],
                  fallback: dict[str, str], display: str, misspelt: set[str]) -> list[Problem]:
    """The keys of the package's wording that the file has not: the package's text for the same
    edition, with a warning; without one (an edition only the site has), an error. A key written
    with a slip is named once, where it is written (`_unknown`)."""
    problems = []
    for key in sorted(expected.keys() - found.keys()):
        if key in misspelt:
            words[key] = fallback.get(key, "")
            continue
        if key in fallback:
            words[key] = fallback[key]
            problems.append(Problem(display, 1, 1, key, "ui_text_default", {"key": key}, "ui_text_add", {"key": key},
                                    severity=Severity.WARNING))
        else:
            problems.append(Problem(display, 1, 1, key, "missing_field", {"key": key}))
    return problems


def _unknown(found: dict[str, Scalar], expected: dict[str, Scalar], display: str, default: str,
             misspelt: dict[str, str]) -> list[Problem]:
    """Keys the package's wording has not: a retired text is a warning, anything else an error."""
    problems = []
    for key in sorted(found.keys() - expected.keys()):
        node = found[key]
        if key in misspelt:
            problems.append(Problem(display, node.line, node.column, key, "unknown_key", {"key": key},
                                    "did_you_mean", {"suggestion": misspelt[key]}))
        elif key in RETIRED:
            problems.append(Problem(display, node.line, node.column, key, "ui_text_retired", {"key": key},
                                    "remove_line", severity=Severity.WARNING))
        else:
            problems.append(Problem(display, node.line, node.column, key, "unknown_key", {"key": key},
                                    "ui_known_keys", {"default": default}))
    return problems


def _names(text: str) -> set[str] | None:
    """The {placeholders} of a text, or None when its braces do not pair up."""
    try:
        return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def _placeholders(found: _File, reference: dict[str, str], display: str) -> list[Problem]:
    """A text may use only the {placeholders} the package's text for the same key has: a translated
    one ({date} → {päivämäärä}) has no value to put in, and would stop the build."""
    problems = []
    for key, text in found.texts.items():
        if key not in reference or ("{" not in text and "}" not in text):
            continue
        node, names, allowed = found.keys[key] if found.keys else None, _names(text), _names(reference[key]) or set()
        line, column = (node.line, node.column) if node is not None else (1, 1)
        shown = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "-"
        if names is None:
            problems.append(Problem(display, line, column, key, "ui_braces", hint="ui_placeholders",
                                    hint_args={"names": shown}))
        elif unknown := sorted(names - allowed):
            problems.append(Problem(display, line, column, key, "ui_unknown_placeholder",
                                    {"name": ", ".join(f"{{{n}}}" for n in unknown)}, "ui_placeholders",
                                    {"names": shown}))
    return problems


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)
