"""Outputs beside the Markdown pages: each is one function from the model to files of docs/.

A new output (a poster, a share image, a search index) is a module with a `files(context)`
function added to `render.OUTPUTS`, not another branch in the render job. Large sites are rendered
by two processes side by side: each runs every output on its share of the items
(`context.share(items)`), so no process is left with all of one output's work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import babel.dates
import jinja2
from markupsafe import Markup

from generator import languages, schema
from generator.model import SiteModel

T = TypeVar("T")


@dataclass(frozen=True)
class OutputContext:
    model: SiteModel
    ui: dict[str, dict[str, str]]  # wording per edition code, from content/ui/
    site_url: str  # ends with "/"
    html: jinja2.Environment  # the plain HTML templates (autoescaped)
    part: int = 0  # which share of the work this process does, of `parts`
    parts: int = 1

    def share(self, items: Sequence[T]) -> Sequence[T]:
        """This process's share of `items`: every parts-th, from the part-th."""
        return items[self.part::self.parts]


Output = Callable[[OutputContext], dict[str, bytes]]


def edition_url(site_url: str, lang: str) -> str:
    return site_url + languages.edition(lang).prefix


def without_scheme(url: str) -> str:
    """An address as a person types it: "enkat.example.org/dialog" (no https://, no trailing /)."""
    return url.split("://", 1)[-1].rstrip("/")


def long_date(day: dt.date, lang: str) -> str:
    return babel.dates.format_date(day, "long", locale=languages.edition(lang).locale)


def period_text(period: schema.Period, lang: str) -> str:
    """A period as the site writes it: "1 juni 2019 - juni 2020" (with an en dash)."""
    def one(value: schema.PeriodDate) -> str:
        if value.day is None:
            return babel.dates.format_skeleton("yMMMM", value.first_day, locale=languages.edition(lang).locale)
        return long_date(value.first_day, lang)

    return f"{one(period.start)} – {one(period.end)}"


def text(value: schema.I18n, lang: str) -> Markup:
    """A text for an HTML template, marked as Swedish where the edition has no translation (and kept
    left to right in a right-to-left edition)."""
    if value.is_fallback(lang):
        default = languages.edition(languages.DEFAULT)
        direction = default.direction if languages.edition(lang).rtl else None
        return (Markup('<span lang="{}" dir="{}">{}</span>').format(default.lang, direction, value.get(lang))
                if direction else Markup('<span lang="{}">{}</span>').format(default.lang, value.get(lang)))
    return Markup("{}").format(value.get(lang))
