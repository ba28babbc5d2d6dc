"""What every template helper knows: the site, the edition, the page and the wording."""

from __future__ import annotations

import html
import posixpath
from pathlib import Path

from ...data import languages
from ...data.languages import Edition
from ..site import SiteGlobals

# The class of the note that marks a text shown in the default language for want of the edition's
# own ("(in Swedish only)"): a page with one is not wholly in its edition's language.
FALLBACK_CLASS = "fallback"


class HelperContext:
    """The page a helper works for. The helpers are mixins of it (text, dates, addresses, figures,
    lines): `Helpers` in this package's __init__ puts them together."""

    def __init__(self, model: SiteGlobals, ui: dict[str, str], edition: Edition, page: str,
                 site_url: str = "https://example.invalid/", content_dir: Path | None = None) -> None:
        self.model = model
        self.site_url = site_url
        self.content_dir = content_dir
        self.words = ui
        self.edition = edition
        self.lang = edition.code
        self.locale = edition.locale
        self.page = page
        self.folder = posixpath.dirname(page.partition("/")[2])  # the page's folder below its edition's
        # Where a text falls back to the default language: marked with that language (screen readers
        # switch voice) and followed by a short note in the reader's language.
        # (in a right-to-left edition also with its direction, so its punctuation stays in place).
        default = languages.edition(languages.DEFAULT)
        self.fallback_attrs = f'lang="{html.escape(default.lang)}"' + (
            "" if default.direction == edition.direction else f' dir="{default.direction}"')
        self.fallback_note = f' <span class="{FALLBACK_CLASS}">{html.escape(ui["fallback_note"])}</span>'
