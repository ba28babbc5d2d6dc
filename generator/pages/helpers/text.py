"""Text and its fallbacks: a text in the reader's language, or the default edition's marked as
such; the site's wording with its placeholders; escaping."""

from __future__ import annotations

import functools
import html
import json
import string
from collections.abc import Iterable

import babel.dates
import babel.lists
import babel.numbers
from markupsafe import Markup

from ...data import languages, schema
from ..rich import rich_block, rich_inline
from .context import FALLBACK_CLASS, HelperContext


def html_text(text: str, *, collapse: bool = True) -> str:
    """Text for an HTML page, as Python-Markdown shows `md_escape`d text: `&`, `<`, `>` and `"` as
    entities, everything else as written; with collapse, on one line."""
    if collapse:
        text = " ".join(text.split())
    return html.escape(text, quote=False).replace('"', "&quot;")

@functools.lru_cache(maxsize=1024)
def _wording(text: str) -> tuple[tuple[str, str | None], ...]:
    """A UI text split into escaped literal parts and the names of its {placeholders}, once per text."""
    return tuple((html_text(literal, collapse=False), name)
                 for literal, name, _spec, _conv in string.Formatter().parse(text))


@functools.lru_cache(maxsize=4096)
def _format_list(parts: tuple[str, ...], locale: str) -> str:
    return babel.lists.format_list(list(parts), locale=locale)


# The most organisations the start page's introduction names; a site of more (a police region's,
# the nation's) says "several organisations".
INTRO_NAMES = 4


def counted(words: dict[str, str], key: str, count: int, locale: str) -> str:
    """The wording's key for `count` things: `key_one` when the language's plural rule calls the
    number "one" (Babel's CLDR rules) and the wording has that form, else `key`."""
    one = f"{key}_one"
    return one if one in words and babel.Locale.parse(locale).plural_form(count) == "one" else key


def _one_line(text: str) -> str:
    """Text on one line (an attribute, a subject line)."""
    return " ".join(text.split())


class TextHelpers(HelperContext):
    # text
    def t(self, text: schema.I18n | None) -> Markup:
        if text is None:
            return Markup("")
        escaped = html_text(text.get(self.lang))
        if text.is_fallback(self.lang):
            return Markup(f'<span {self.fallback_attrs}>{escaped}</span>{self._note(text)}')
        if self.edition.rtl and isinstance(text, schema.Name):
            # a name is often of mixed direction ("بلدية Lerum"): isolated, it stays one unit
            return Markup(f"<bdi>{escaped}</bdi>")
        return Markup(escaped)

    def _note(self, text: schema.I18n) -> str:
        """The visible "(in Swedish only)" after a fallback text; a name gets none."""
        return "" if isinstance(text, schema.Name) else self.fallback_note

    def attr_text(self, text: schema.I18n) -> str:
        """A text for an HTML attribute or a raw HTML element: escaped for HTML, on one line, marked
        with its language when it falls back (the caller puts it inside an element)."""
        escaped = html.escape(_one_line(text.get(self.lang)))
        if text.is_fallback(self.lang):
            return f'<span {self.fallback_attrs}>{escaped}</span>{self._note(text)}'
        return escaped

    def plain(self, text: schema.I18n) -> str:
        """Unescaped text for places that escape on their own (front matter)."""
        return text.get(self.lang)

    def rich(self, text: schema.I18n | None) -> Markup:
        """Formatted text as a block: a sanitised raw HTML block, marked Swedish when it falls back."""
        if text is None:
            return Markup("")
        if text.is_fallback(self.lang):
            note = f'<p class="{FALLBACK_CLASS}">{html.escape(self.words["fallback_note"])}</p>\n'
            return Markup(note + rich_block(text.get(self.lang), self.fallback_attrs))
        return Markup(rich_block(text.get(self.lang)))

    def rich_inline(self, text: schema.I18n) -> Markup:
        """Formatted text inside a line (an update in a list): emphasis and links only."""
        inline = rich_inline(text.get(self.lang))
        if text.is_fallback(self.lang):
            return Markup(f'<span {self.fallback_attrs}>{inline}</span>{self.fallback_note}')
        return Markup(inline)

    def ui(self, key: str, **values: object) -> Markup:
        out = []
        for literal, name in _wording(self.words[key]):
            out.append(literal)
            if name is not None:
                out.append(self.esc(values[name]))
        return Markup("".join(out))

    def ui_count(self, key: str, count: int, **values: object) -> Markup:
        """A text about a number of things: `key_one` for one where the edition words it so ("1
        aktivitet"), else `key` ("5 aktiviteter")."""
        return self.ui(counted(self.words, key, count, self.locale), count=count, **values)

    def ui_plain(self, key: str, **values: object) -> str:
        return self.words[key].format(**values)

    def attr(self, key: str, **values: object) -> Markup:
        """UI wording for an HTML attribute."""
        return Markup(html.escape(self.words[key].format(**values), quote=True))

    @staticmethod
    def attr_value(value: str) -> Markup:
        """A value for an attribute, HTML-escaped as it is (not collapsed like a text)."""
        return Markup(html.escape(value, quote=True))

    @staticmethod
    def yaml(value: str) -> Markup:
        """A front-matter scalar, HTML-escaped: MkDocs themes print page.meta without escaping
        (in <title> and <meta name="description">). JSON strings are valid YAML."""
        return Markup(json.dumps(html.escape(" ".join(value.split())), ensure_ascii=False))

    def join(self, items: Iterable[object]) -> Markup:
        parts = tuple(str(self.esc(i)) for i in items)
        return Markup(_format_list(parts, self.locale)) if parts else Markup("")

    def code(self, text: str) -> Markup:
        """Text shown as code, as it is."""
        return self._isolated(Markup(f"<code>{html.escape(text.replace('`', chr(39)), quote=False)}</code>"))

    def ltr(self, text: str) -> Markup:
        """A Latin fragment (an e-mail address, a phone number, an address, an id): escaped, and in a
        right-to-left edition kept left-to-right and isolated, so it does not scramble the line."""
        return self._isolated(self.esc(text))

    def name(self, text: str) -> Markup:
        """A person's name as written: in a right-to-left edition isolated (<bdi>, its direction its
        own), so the punctuation after it stays after it."""
        return self.isolate(self.esc(text))

    def isolate(self, markup: Markup) -> Markup:
        """A run that takes its own direction in a right-to-left edition (<bdi>): a person's name with
        their role and organisation reads "Eva Strömblad, Polisen", not "Polisen ,Eva Strömblad"."""
        return Markup(f"<bdi>{markup}</bdi>") if self.edition.rtl else markup

    def _isolated(self, markup: Markup) -> Markup:
        return Markup(f'<span dir="ltr">{markup}</span>') if self.edition.rtl else markup

    @staticmethod
    def esc(value: object) -> Markup:
        return value if isinstance(value, Markup) else Markup(html_text(str(value)))

    def language_name(self, code: str) -> str:
        try:
            return babel.Locale.parse(code).get_display_name(self.locale) or code
        except (ValueError, babel.UnknownLocaleError):
            return code

    def org_names(self, orgs: Iterable[schema.Organisation], short: bool = False) -> Markup:
        return self.join(self.t(o.short if short else o.name) for o in orgs)

    # who promises, who takes part
    def owners_sentence(self, owners: Iterable[schema.Organisation]) -> Markup:
        """The owners as a sentence names them: "polisen och kommunen", joined with the edition's
        "och"; by their full names when two of them share a short one (two municipalities), or
        when the edition's language has no short name of its own (a name reads in any language;
        "kommunen" does not, except in easy Swedish)."""
        owners = tuple(owners)
        shorts = [o.short.get(self.lang) for o in owners]
        short = len(set(shorts)) == len(shorts) and self.own_shorts(owners)
        return self.join(self.t(o.short if short else o.name) for o in owners)

    def own_shorts(self, orgs: Iterable[schema.Organisation]) -> bool:
        """Whether the edition may name these organisations by their short names ("kommunen"):
        in Swedish, or when each has one in the edition's language (a short name is a word of its
        language, not a name: "kommunen ja polisen" mixes Swedish into Finnish)."""
        return self._in_swedish or not any(o.short.is_fallback(self.lang) for o in orgs)

    def by_owners(self, key: str, owners: Iterable[schema.Organisation], **values: object) -> Markup:
        """A text naming who promises ({owners}): `key`, or `key_one` when one organisation does (a
        language whose verb agrees with its subject words the two differently); `key_named` when a
        name has no text in the edition's language, which stands apart from the sentence's grammar
        there ("Tavoite (Polisen)", not "Tämän Polisen haluaa saavuttaa")."""
        owners = tuple(owners)
        if self._untranslated(owners):
            return self.ui(f"{key}_named", owners=self.owners_sentence(owners), **values)
        return self.ui(key + ("_one" if len(owners) == 1 else ""), owners=self.owners_sentence(owners), **values)

    def _untranslated(self, owners: Iterable[schema.Organisation]) -> bool:
        """Whether one of the names is shown in Swedish in an edition of another language."""
        return not self._in_swedish and any(o.name.is_fallback(self.lang) for o in owners)

    @property
    def _in_swedish(self) -> bool:
        """The edition is written in the default edition's language (Swedish: easy Swedish too)."""
        return self.edition.lang == languages.edition(languages.DEFAULT).lang

    def intro(self, promisers: tuple[schema.Organisation, ...], with_others: str) -> Markup:
        """The start page's introduction, naming the organisations that make the site's promises
        (a few by name; many as "several organisations") and, when they do, the others with them."""
        if not promisers or len(promisers) > INTRO_NAMES:
            owners = self.ui("intro_many")
        else:
            owners = self.owners_sentence(promisers)
        if with_others != "never":
            owners = self.ui(f"intro_{with_others}_with_others", owners=owners)
        if promisers and len(promisers) <= INTRO_NAMES and self._untranslated(promisers):
            # a label's last words: without the comma that closes the clause inside a sentence
            # ("Polisen, joskus yhdessä muiden kanssa," + ".")
            return self.ui("intro_named", owners=Markup(str(owners).rstrip().rstrip(",،")))
        return self.ui("intro_one" if len(promisers) == 1 else "intro", owners=owners)
