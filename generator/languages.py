"""The language registry: which editions a site has, and what each one is (lang, locale, path, direction).

An edition is what a reader picks in the language switcher: a language (`en`, `fi`, `ar`, …) or
easy-to-read Swedish (*lättläst*, its own path, `lang="sv"`). Swedish is the default edition, at
the site's root, and the one every text must have. This module is the only place in the generator
that names a language: everything else asks it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import babel

DEFAULT = "sv"  # the edition at /, the language every text must have
EASY_READ = "lattlast"  # easy-to-read Swedish (lättläst): Swedish, simpler, its own path
# The editions of a site that does not declare its own (site.languages in promises.yaml).
STANDARD = (DEFAULT, "en")
# Babel locales for codes whose Babel default is not the one Swedish public bodies write for.
_LOCALES = {DEFAULT: "sv_SE", "en": "en_GB", EASY_READ: "sv_SE"}
# Languages Material for MkDocs has interface wording for; any other gets English theme wording
# (the generator's own wording still comes from content/ui/<code>.yaml).
_THEME_LANGUAGES = frozenset(
    ["af", "ar", "az", "be", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "eo", "es", "et", "eu", "fa", "fi", "fr", "gl", "he", "hi", "hr", "hu", "hy", "id", "is", "it", "ja", "ka", "kn", "ko", "lb", "lt", "lv", "mk", "mn", "ms", "my", "nb", "nl", "nn", "pl", "pt", "ro", "ru", "sa", "sh", "si", "sk", "sl", "sq", "sr", "sv", "ta", "te", "th", "tl", "tr", "uk", "ur", "uz", "vi", "zh"])


@dataclass(frozen=True)
class Edition:
    """One edition of the site."""

    code: str  # the key of its texts in promises.yaml and the name of content/ui/<code>.yaml
    lang: str  # the BCP 47 tag for lang="…" (sv for lättläst)
    locale: str  # the Babel locale for dates and numbers
    name: str  # its name in its own language, as the switcher lists it
    direction: str  # "ltr" or "rtl"
    prefix: str  # its path below the site's root: "" for the default edition, else "<code>/"
    easy_read: bool = False

    @property
    def is_default(self) -> bool:
        return self.code == DEFAULT

    @property
    def theme_language(self) -> str:
        """The language Material's own wording (search, skip link) is shown in."""
        base = self.lang.split("-")[0]
        return base if base in _THEME_LANGUAGES else "en"

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"


class UnknownLanguage(ValueError):
    """A code that is neither lättläst nor a language Babel knows."""


@functools.cache
def edition(code: str, name: str | None = None) -> Edition:
    """The edition for a code: lättläst, or any language Babel knows (name and direction from its CLDR data)."""
    if code == EASY_READ:
        return Edition(EASY_READ, DEFAULT, _LOCALES[EASY_READ], name or "Lättläst", "ltr", f"{EASY_READ}/",
                       easy_read=True)
    try:
        locale = babel.Locale.parse(_LOCALES.get(code, code).replace("-", "_"))
    except (ValueError, babel.UnknownLocaleError):
        raise UnknownLanguage(code) from None
    own_name = name or locale.get_language_name(locale) or code
    direction = "rtl" if locale.character_order == "right-to-left" else "ltr"
    return Edition(code, code, str(locale), own_name[:1].upper() + own_name[1:], direction,
                   "" if code == DEFAULT else f"{code}/")


def editions(codes: tuple[str, ...] = STANDARD) -> tuple[Edition, ...]:
    """The editions for a site's list of codes, the default first."""
    ordered = (DEFAULT, *(c for c in codes if c != DEFAULT))
    return tuple(edition(code) for code in ordered)


def is_known(code: str) -> bool:
    try:
        edition(code)
    except UnknownLanguage:
        return False
    return True
