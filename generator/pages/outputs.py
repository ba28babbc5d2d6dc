"""Outputs beside the Markdown pages: each is one function from the model to files of docs/.

A new output (a poster, a share image, a search index) is a module with a `files(context)`
function added to `render.OUTPUTS`, not another branch in the render job. Large sites are rendered
by two processes side by side: each runs every output on its share of the items
(`context.share(items)`), so no process is left with all of one output's work.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import babel.dates
import jinja2
from markupsafe import Markup

from ..data import languages, schema
from ..model import SiteModel
from . import docscache

T = TypeVar("T")


@dataclass(frozen=True)
class OutputContext:
    model: SiteModel
    ui: dict[str, dict[str, str]]  # wording per edition code, from content/ui/
    site_url: str  # ends with "/"
    html: jinja2.Environment  # the plain HTML templates (autoescaped)
    part: int = 0  # which share of the work this process does, of `parts`
    parts: int = 1
    # What the last build made (docscache.py), what every file of an edition reads (its key, per
    # edition code), and the keys of the files this process makes and of those it keeps.
    before: docscache.Manifest | None = None
    editions: dict[str, bytes] = field(default_factory=dict)
    fingerprints: docscache.Fingerprints = field(default_factory=docscache.Fingerprints)
    keys: dict[str, str] = field(default_factory=dict)
    kept: set[str] = field(default_factory=set)

    def share(self, items: Sequence[T]) -> Sequence[T]:
        """This process's share of `items`: every parts-th, from the part-th."""
        return items[self.part::self.parts]

    def unchanged(self, path: str, inputs: object, lang: str | None = None) -> bool:
        """Whether the file `path` (below docs/) is made from the same `inputs` as the last build made
        it, and is still as that build wrote it: then it is kept, and its maker need not run.
        `lang`: the edition whose key (docscache.edition_keys) is among its inputs, when not the
        path's first folder; a file of data/ reads only its `inputs`."""
        if not self.editions:  # made outside a build (no keys): always made
            return False
        edition = lang if lang is not None else path.partition("/")[0]
        key = docscache.file_key(self.editions.get(edition) or self.editions[""], self.fingerprints.of(inputs))
        self.keys[path] = key
        if self.before is not None and self.before.fresh(path, key):
            self.kept.add(path)
            return True
        return False


Output = Callable[[OutputContext], dict[str, bytes]]


def edition_url(site_url: str, lang: str) -> str:
    return site_url + languages.edition(lang).prefix


def without_scheme(url: str) -> str:
    """An address as a person types it: "enkat.example.org/dialog" (no https://, no trailing /)."""
    return url.split("://", 1)[-1].rstrip("/")


@functools.lru_cache(maxsize=4096)
def long_date(day: dt.date, lang: str) -> str:
    return babel.dates.format_date(day, "long", locale=languages.edition(lang).locale)


def text(value: schema.I18n, lang: str) -> Markup:
    """A text for an HTML template, marked as Swedish where the edition has no translation (and kept
    left to right in a right-to-left edition)."""
    if value.is_fallback(lang):
        default = languages.edition(languages.DEFAULT)
        direction = default.direction if languages.edition(lang).rtl else None
        return (Markup('<span lang="{}" dir="{}">{}</span>').format(default.lang, direction, value.get(lang))
                if direction else Markup('<span lang="{}">{}</span>').format(default.lang, value.get(lang)))
    return Markup("{}").format(value.get(lang))
