"""Reads the hand-edited parts of content/ that the generator needs: the UI wording per language."""

from __future__ import annotations

from pathlib import Path

from generator.load import Mapping, Scalar, load_file
from generator.problems import LANGS, Problem

# The wording the repository ships with: used when a content folder has no ui/ of its own.
DEFAULT_UI = Path(__file__).resolve().parent.parent / "content" / "ui"


def load_ui(content_dir: Path, root: Path | None = None) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """`content/ui/<lang>.yaml` for every language: flat `key: text`, the same keys in each.

    A content folder without ui/ gets the repository's own wording (content/ui/)."""
    ui_dir = content_dir / "ui" if (content_dir / "ui").is_dir() else DEFAULT_UI
    words: dict[str, dict[str, str]] = {}
    problems: list[Problem] = []
    nodes: dict[str, dict[str, Scalar]] = {}
    for lang in LANGS:
        path = ui_dir / f"{lang}.yaml"
        display = _display(path, root)
        loaded = load_file(path, display)
        problems += loaded.problems
        if loaded.root is None:
            continue
        if not isinstance(loaded.root, Mapping):
            problems.append(Problem(display, loaded.root.line, loaded.root.column, "", "expected_mapping",
                                    {"got": {"sv": "annat", "en": "something else"}}))
            continue
        words[lang] = {}
        nodes[lang] = {}
        for key, (key_node, value) in loaded.root.items.items():
            if not isinstance(value, Scalar) or not value.value.strip():
                problems.append(Problem(display, value.line, value.column, key, "expected_text",
                                        {"got": {"sv": "annat", "en": "something else"}}))
                continue
            words[lang][key] = value.value.strip()
            nodes[lang][key] = key_node
    if len(nodes) == len(LANGS):
        every = set().union(*nodes.values())
        for lang in LANGS:
            display = _display(ui_dir / f"{lang}.yaml", root)
            for key in sorted(every - set(nodes[lang])):
                problems.append(Problem(display, 1, 1, key, "missing_field", {"key": key}))
    return words, problems


def _display(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)
