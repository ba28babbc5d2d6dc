"""Reads the hand-edited parts of content/ that the generator needs: the interface wording per edition."""

from __future__ import annotations

from pathlib import Path

from . import languages
from .catalogue import Word
from .load import Mapping, Scalar, load_file
from .problems import Problem

_OTHER = Word("something_else")


# The package's own wording, for each edition whose file content/ui/ does not have (a site
# changes only the editions it wants to word otherwise).
DEFAULT_UI = Path(__file__).resolve().parent / "wording"


class WordingMissing(Exception):
    """The site needs a text that an edition's wording file does not have (a file kept from an
    older version of the project, or a line removed): the build names the file and the key."""

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
    """`content/ui/<code>.yaml` for every edition: flat `key: text`, the same keys as the default
    edition's file (a missing key, or one the default file does not have, is an error)."""
    words: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    nodes: dict[str, dict[str, Scalar]] = {}
    for code in (languages.DEFAULT, *(c for c in codes if c != languages.DEFAULT)):
        path = ui_path(content_dir, code)
        display = _display(path, root)
        if not path.is_file():
            problems.append(Problem(display, 1, 1, "", "ui_file_missing", {"code": code}, "ui_file_copy",
                                    {"default": ui_path(content_dir, languages.DEFAULT).name}))
            continue
        loaded = load_file(path, display)
        problems += loaded.problems
        if loaded.root is None:
            continue
        if not isinstance(loaded.root, Mapping):
            problems.append(Problem(display, loaded.root.line, loaded.root.column, "", "expected_mapping",
                                    {"got": _OTHER}))
            continue
        words[code] = Wording({}, display)
        nodes[code] = {}
        for key, (key_node, value) in loaded.root.items.items():
            if not isinstance(value, Scalar) or not value.value.strip():
                problems.append(Problem(display, value.line, value.column, key, "expected_text", {"got": _OTHER}))
                continue
            words[code][key] = value.value.strip()
            nodes[code][key] = key_node
    expected = nodes.get(languages.DEFAULT)
    if expected is not None:
        for code, found in nodes.items():
            display = _display(ui_path(content_dir, code), root)
            for key in sorted(expected.keys() - found.keys()):
                problems.append(Problem(display, 1, 1, key, "missing_field", {"key": key}))
            for key in sorted(found.keys() - expected.keys()):
                node = found[key]
                problems.append(Problem(display, node.line, node.column, key, "unknown_key", {"key": key},
                                        "ui_known_keys", {"default": ui_path(content_dir, languages.DEFAULT).name}))
    return words, problems


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)
