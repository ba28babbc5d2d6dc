"""What the generator says to editors, per language: `generator/data/messages/<lang>.yaml`.

Validation messages and hints, the summaries commands end with, the words of the change summary
(`diff`) and of the changed-pages list. One file per language, the same keys in each (checked
here); a new file makes `--lang <code>` possible for every command. The residents' wording is
elsewhere: `content/ui/<code>.yaml`, per edition.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import languages

FOLDER = Path(__file__).parent / "messages"


def available() -> tuple[str, ...]:
    """The languages with a message file, the default language first."""
    found = sorted(p.stem for p in FOLDER.glob("*.yaml"))
    return tuple(sorted(found, key=lambda code: code != languages.DEFAULT))


LANGS = available()


@functools.cache
def load(lang: str) -> dict[str, Any]:
    """One language's file, read with YAML's base loader: every value stays the text written (YAML
    1.1 would read a key `no:` as false). Not with the project's own loader, which reports its
    problems through this catalogue."""
    data = yaml.load((FOLDER / f"{lang}.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    assert isinstance(data, dict), f"{lang}.yaml"
    return data


def text(lang: str, section: str, key: str) -> str:
    return str(load(lang)[section][key])


def missing_keys(lang: str) -> list[str]:
    """Keys of the default language's file that `lang`'s file lacks, or has in addition, as paths."""
    return sorted(_paths(load(languages.DEFAULT)) ^ _paths(load(lang)))


def _paths(data: Any, prefix: str = "") -> set[str]:
    if isinstance(data, dict):
        return {p for key, value in data.items() for p in _paths(value, f"{prefix}{key}.")}
    return {prefix.rstrip(".")}


@dataclass(frozen=True)
class Word:
    """A word of the catalogue's `words` section, as an argument of a message: it is put into the
    message in the message's language."""

    key: str

    def get(self, lang: str) -> str:
        return text(lang, "words", self.key)
