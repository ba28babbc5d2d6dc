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

from ...data import schema
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
        """The owners as a sentence names them: "polisen och kommunen"."""
        return self.join(self.t(o.short) for o in owners)
