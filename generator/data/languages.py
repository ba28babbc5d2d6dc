"""The language registry: which editions a site has, and what each one is (lang, locale, path, direction).

An edition is what a reader picks in the language switcher: a language (`en`, `fi`, `ar`, …) or
easy-to-read Swedish (*lättläst*, its own path, `lang="sv"`). Swedish is the default edition, at
the site's root, and the one every text must have. This module is the only place in the generator
that names a language: everything else asks it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import babel

DEFAULT = "sv"  # the edition at /, the language every text must have
EASY_READ = "lattlast"  # easy-to-read Swedish (lättläst): Swedish, simpler, its own path
# The edition a translator is shown beside the Swedish, where a text has it (translations export).
REFERENCE = "en"
# The language editors' messages fall back to when their locale has no message file.
MESSAGES_FALLBACK = "en"
# What an edition code looks like (the registry decides which codes exist: see `is_known`).
CODE_PATTERN = rf"^(?:[a-z]{{2,3}}(?:-[A-Za-z0-9]{{2,8}})*|{EASY_READ})$"
# The editions of a site that does not declare its own (site.languages in promises.yaml).
STANDARD = (DEFAULT, "en")
# Babel locales for codes whose Babel default is not the one Swedish public bodies write for.
_LOCALES = {DEFAULT: "sv_SE", "en": "en_GB", EASY_READ: "sv_SE"}
# Search (its script, at query time; Pagefind stems the index): the prefixes a word of the
# language may carry attached (Arabic: the article, and, with, for…), longest first, which a query
# word is also searched without; and how many final letters a word of a language that inflects
# by endings may lose, so "turvallisuus" also finds "turvallisuutta".
_SEARCH_PREFIXES = {"ar": ("وبال", "وال", "بال", "كال", "فال", "لل", "ال", "و", "ف", "ب", "ك", "ل")}
_SEARCH_ENDINGS = {"fi": 3}
# Material's own wording where it has none for an edition's language.
_THEME_FALLBACK = "en"


@functools.cache
def _theme_languages() -> frozenset[str]:
    """The languages Material for MkDocs has interface wording for (its partials/languages/)."""
    import material  # type: ignore[import-untyped]

    folder = Path(material.__file__).parent / "templates" / "partials" / "languages"
    return frozenset(p.stem for p in folder.glob("*.html"))


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
        return base if base in _theme_languages() else _THEME_FALLBACK

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def search_prefixes(self) -> tuple[str, ...]:
        """Prefixes written attached to a word, which a search also tries without (longest first)."""
        return _SEARCH_PREFIXES.get(self.lang.split("-")[0], ())

    @property
    def search_endings(self) -> int:
        """How many final letters a searched word may lose to find its inflected forms."""
        return _SEARCH_ENDINGS.get(self.lang.split("-")[0], 0)

    @property
    def og_locale(self) -> str:
        """Its locale as Open Graph writes it, language_TERRITORY: the territory of its Babel locale
        (sv_SE, en_GB), else the one CLDR finds likeliest for its language (fi_FI, ar_EG)."""
        return _territorial(self.lang, self.locale)


class UnknownLanguage(ValueError):
    """A code that is neither lättläst nor a language Babel knows (and no locale was given for it)."""

    def __init__(self, code: str, suggestion: str | None = None) -> None:
        super().__init__(code)
        self.suggestion = suggestion  # the code meant, when the code is another name of a known one


@functools.cache
def _territorial(lang: str, locale: str) -> str:
    """language_TERRITORY for a lang="…" tag and the Babel locale its dates are written in."""
    language = lang.split("-")[0].lower()
    own, territory = babel.core.parse_locale(locale.replace("-", "_"))[:2]
    if own != language or territory is None:
        likely = babel.core.get_global("likely_subtags").get(language)
        territory = babel.core.parse_locale(likely)[1] if likely else None
    return f"{language}_{territory}" if territory else language


# Editions of languages Babel does not know, as the site being checked declares them (site.languages
# with name: and locale:): every later `edition(code)`, in any stage, finds them here (`declare`).
# A build's forks inherit them.
_DECLARED: dict[str, Edition] = {}


def _babel_locale(code: str) -> babel.Locale:
    return babel.Locale.parse(_LOCALES.get(code, code).replace("-", "_"))


@functools.cache
def edition(code: str, name: str | None = None, locale: str | None = None, direction: str | None = None) -> Edition:
    """The edition for a code: lättläst, or any language Babel knows (name and direction from its CLDR
    data). A language Babel does not know (Meänkieli, fit) needs the locale its dates and numbers are
    written in, and its own name."""
    if code == EASY_READ:
        return Edition(EASY_READ, DEFAULT, _LOCALES[EASY_READ], name or "Lättläst", "ltr", f"{EASY_READ}/",
                       easy_read=True)
    try:
        found = _babel_locale(code)
    except (ValueError, babel.UnknownLocaleError):
        found = None
    if found is not None and found.language != code.split("-")[0]:  # "fin", "swe": other names of fi, sv
        raise UnknownLanguage(code, found.language)
    formats = found
    if locale is not None:
        try:
            formats = _babel_locale(locale)
        except (ValueError, babel.UnknownLocaleError):
            raise UnknownLanguage(locale) from None
    if formats is None:
        if code in _DECLARED and name is None and direction is None:
            return _DECLARED[code]
        raise UnknownLanguage(code)
    own = found or formats
    own_name = name or (found.get_language_name(found) if found else None) or code
    reading = direction or ("rtl" if own.character_order == "right-to-left" else "ltr")
    return Edition(code, code, str(formats), own_name[:1].upper() + own_name[1:], reading,
                   "" if code == DEFAULT else f"{code}/")


def own_direction(code: str) -> str | None:
    """The direction a language is written in, from its CLDR data; None when Babel lacks it."""
    if code == EASY_READ:
        return "ltr"
    try:
        found = _babel_locale(code)
    except (ValueError, babel.UnknownLocaleError):
        return None
    return "rtl" if found.character_order == "right-to-left" else "ltr"


def declare(site_editions: tuple[Edition, ...]) -> None:
    """The site's editions of languages Babel does not know, for `edition(code)` to find by code
    alone (the pages ask for an edition by its code); those of a site checked before are forgotten."""
    _DECLARED.clear()
    edition.cache_clear()
    for known in site_editions:
        try:
            _babel_locale(known.code)
        except (ValueError, babel.UnknownLocaleError):
            _DECLARED[known.code] = known


def editions(codes: tuple[str, ...] = STANDARD) -> tuple[Edition, ...]:
    """The editions for a site's list of codes, the default first."""
    ordered = (DEFAULT, *(c for c in codes if c != DEFAULT))
    return tuple(edition(code) for code in ordered)


# What easy-to-read Swedish is called in the languages editors' messages come in.
_EASY_READ_NAMES = {DEFAULT: "lättläst svenska", "en": "easy-to-read Swedish"}


def language_name(code: str, in_language: str) -> str:
    """An edition's name in another language, for messages: ("en", "sv") → "engelska"."""
    if code == EASY_READ:
        return _EASY_READ_NAMES.get(in_language, _EASY_READ_NAMES["en"])
    if code in _DECLARED:  # a language Babel lacks: the name the site gives it
        return _DECLARED[code].name
    try:
        return babel.Locale.parse(code).get_language_name(babel.Locale.parse(in_language)) or code
    except (ValueError, babel.UnknownLocaleError):
        return code


@functools.cache
def suggestions() -> list[str]:
    """Codes to suggest for a mistyped one: lättläst and the two- and three-letter languages Babel knows."""
    from babel.localedata import locale_identifiers

    return [EASY_READ, *sorted({i for i in locale_identifiers() if "_" not in i and len(i) <= 3})]


def code_for_name(name: str) -> str | None:
    """The code of a language written as a word, in Swedish or English ("svenska", "Finnish" → sv, fi)."""
    wanted = name.strip().lower()
    if wanted in ("lättläst", "lättläst svenska", "lattlast", "easy-to-read swedish"):
        return EASY_READ
    for in_language in (DEFAULT, "en"):
        for code, word in babel.Locale.parse(in_language).languages.items():
            if str(word).lower() == wanted and "_" not in code:
                return str(code)
    return None


def is_known(code: str, locale: str | None = None) -> bool:
    try:
        edition(code, locale=locale)
    except UnknownLanguage:
        return False
    return True
