"""Checks a loaded node tree against `schema` and turns it into a `Document`, finding every problem.

Conversion is driven by the dataclasses' type hints, so a new field in `schema` is checked,
documented and converted without code here. Nothing stops at the first problem: each one is
recorded with its line and field path, and the caller gets all of them, sorted by line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
import types
import typing
import unicodedata
from collections.abc import Mapping as Mapping_
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import babel.lists

from . import languages, schema, urls
from .catalogue import Word
from .load import Mapping, Node, Scalar, Sequence, load_file, paused_gc
from .problems import LANGS, Problem, Severity
from .translations import Record, is_outdated, outdated_pages, read_record

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^\d{4}$")
_TIME = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_EMAIL = re.compile(rf"^[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]+@{_LABEL}(?:\.{_LABEL})+$")
# Swedish numbers as people write them: 010-56 57 421, 0302-521681, +46 10 565 74 21.
_PHONE = re.compile(r"^(?:\+\d{1,3}[ -]?)?\(?0?\d{1,4}\)?(?:[ -]?\d{1,4}){1,5}$")
_HTTPS = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d{1,5})?(?:[/?#][^\s<>\"]*)?$")
_BOOLS = {"true": True, "false": False}
_NULLS = ("", "~", "null")  # written without quotes: a field that is not given
_NAMES = {Mapping: Word("fields"), Sequence: Word("a_list"), Scalar: Word("a_text")}


@dataclass
class _Context:
    file: str
    content_dir: Path
    today: dt.date | None
    problems: list[Problem] = field(default_factory=list)
    ids: dict[tuple[str, str], dict[str, Scalar]] = field(default_factory=dict)
    refs: list[tuple[str, str, Scalar, str]] = field(default_factory=list)
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)
    # The site's editions (codes) and those whose texts should all be there (site.languages).
    codes: tuple[str, ...] = languages.STANDARD
    complete: tuple[str, ...] = languages.STANDARD[1:]
    # True when an entry of site.languages was refused: its message is the one that counts, and
    # the texts in a language the site then lacks are not reported once more each.
    refused_language: bool = False
    # The editions written left to right, whose texts cannot be in a right-to-left script.
    ltr: frozenset[str] = frozenset(languages.STANDARD)
    # Paths whose value had the wrong shape (fields for a list): references into such a list are
    # follow-ons of that one message, not reported again.
    misshapen: set[str] = field(default_factory=set)
    # Every text met: where it is and which editions it has (for the translation report).
    texts: list[tuple[Node, str, frozenset[str]]] = field(default_factory=list)
    # Which Swedish text each imported translation was made from (content/translations.yaml).
    record: Record = field(default_factory=dict)
    outdated: set[tuple[str, str]] = field(default_factory=set)  # (path, code): reported as outdated

    def add(self, node: Node | None, path: str, code: str, args: Mapping_[str, object] | None = None,
            hint: str | None = None, hint_args: Mapping_[str, object] | None = None,
            severity: Severity = Severity.ERROR) -> None:
        line, column = (node.line, node.column) if node is not None else self.marks.get(path, (1, 1))
        self.problems.append(Problem(self.file, line, column, path, code, dict(args or {}), hint,
                                     dict(hint_args or {}), severity))


class _Invalid(Exception):
    """Raised inside conversion when a value cannot be used; the problem is already recorded."""


# An update dated this many days before its promise starts is most likely a wrong year.
EARLY_UPDATE_DAYS = 365
# Ids become folder names and addresses (`site/en/ansvariga/<id>/sida-12/index.html`). 64
# characters keep that path under 100 characters, so a checkout anywhere up to 150 characters deep
# stays under Windows' 260-character path limit, and keep addresses short enough to read aloud
# or print on a poster. The characters (a–z, 0–9, single hyphens) are safe in every file system
# and URL; what remains are the names Windows reserves for devices, whatever the case.
MAX_ID_LENGTH = 64
_WINDOWS_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                            *(f"lpt{i}" for i in range(10))})
TRANSLATION_CODES = frozenset({"missing_translation", "missing_swedish", "translation_outdated"})


@dataclass(frozen=True)
class Coverage:
    """How many of the file's texts one edition has, and where the missing ones are."""

    code: str
    total: int
    missing: tuple[Problem, ...]
    outdated: int = 0  # texts whose translation is outdated (reported as such, not in `missing`)

    @property
    def present(self) -> int:
        return self.total - len(self.missing) - self.outdated


@dataclass
class Validated:
    document: schema.Document | None
    problems: list[Problem]
    marks: dict[str, tuple[int, int]]
    coverage: tuple[Coverage, ...] = ()
    # Every text: its node, its field path and the editions that have it (outdated ones not).
    texts: tuple[tuple[Node, str, frozenset[str]], ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def translations(self) -> list[Problem]:
        """Texts that the default language or a complete edition lacks (warnings and errors alike)."""
        return [p for p in self.problems if p.code in TRANSLATION_CODES]


def validate_file(path: Path, content_dir: Path, today: dt.date | None = None,
                  display: str | None = None) -> Validated:
    with paused_gc():  # the document is another big acyclic tree
        loaded = load_file(path, display)
        if loaded.root is None:
            return Validated(None, sorted(loaded.problems, key=lambda p: p.sort_key), {})
        result = validate_tree(loaded.root, loaded.file, content_dir, today)
    result.problems = sorted(loaded.problems + result.problems + _outdated_pages(content_dir, result),
                             key=lambda p: p.sort_key)
    if any(p.severity is Severity.ERROR for p in loaded.problems):
        result.document = None
    return result


def _outdated_pages(content_dir: Path, result: Validated) -> list[Problem]:
    """A warning for each hand-written page translated from an earlier version of the Swedish page
    (the site shows the Swedish page in its place, as for a missing one)."""
    record = read_record(content_dir)
    if not record or result.document is None:
        return []
    return [Problem(f"{content_dir.name}/pages/{code}/{name}", 1, 1, "", "translation_outdated",
                    {"language": _language_names([code])}, "export_translation", {"code": code}, Severity.WARNING)
            for code in (e.code for e in result.document.site.editions[1:])
            for name in outdated_pages(content_dir, record, code, languages.DEFAULT)]


def validate_tree(root: Node, file: str, content_dir: Path, today: dt.date | None = None) -> Validated:
    ctx = _Context(file, content_dir, today)
    languages.declare(())  # a language only this file declares is known by what it says, not by another site's
    ctx.codes, ctx.complete, ctx.refused_language = _declared_languages(root)
    ctx.record = read_record(content_dir)
    languages.declare(tuple(_edition_of(root, code) for code in ctx.codes))  # its name, in messages too
    # A language's own direction where CLDR has it (a contradicting direction: has its own message).
    ctx.ltr = frozenset(code for code in ctx.codes
                        if (languages.own_direction(code) or _edition_of(root, code).direction) == "ltr")
    try:
        document = _convert(root, _plan(schema.Document), "", ctx)
    except _Invalid:
        document = None
    _check_references(ctx)
    if document is not None:
        _check_document(document, ctx)
        _check_pages(document, ctx)
    ok = not any(p.severity is Severity.ERROR for p in ctx.problems)
    return Validated(document if ok else None, sorted(ctx.problems, key=lambda p: p.sort_key), ctx.marks,
                     _coverage(ctx), tuple(ctx.texts))


def _language_entries(root: Node) -> list[Node]:
    site = root.items.get("site", (None, None))[1] if isinstance(root, Mapping) else None
    given = site.items.get("languages", (None, None))[1] if isinstance(site, Mapping) else None
    return list(given.items) if isinstance(given, Sequence) else []


def _entry_text(item: Node, key: str) -> str | None:
    """One field of a site.languages entry, read leniently (`- fi` is `- {code: fi}`)."""
    node = item.items.get(key, (None, None))[1] if isinstance(item, Mapping) else item if key == "code" else None
    return node.value.strip() or None if isinstance(node, Scalar) else None


def _edition_of(root: Node, code: str) -> languages.Edition:
    """The edition of a declared code, with the locale and direction its entry gives (when valid)."""
    for item in _language_entries(root):
        if _entry_text(item, "code") == code:
            direction = _entry_text(item, "direction")
            try:
                return languages.edition(code, _entry_text(item, "name"), _entry_text(item, "locale"),
                                         direction if direction in ("ltr", "rtl") else None)
            except languages.UnknownLanguage:
                break
    return languages.edition(code if languages.is_known(code) else languages.DEFAULT)


def _declared_languages(root: Node) -> tuple[tuple[str, ...], tuple[str, ...], bool]:
    """The editions site.languages declares (read leniently: its own conversion reports its mistakes),
    those expected to be complete, and whether an entry was refused; the standard ones when it
    declares none."""
    given = _language_entries(root)
    if not given:
        return languages.STANDARD, languages.STANDARD[1:], False
    codes, complete, refused = [languages.DEFAULT], list[str](), False
    for item in given:
        code = _entry_text(item, "code")
        if code is None:
            refused = True
            continue
        if not languages.is_known(code, _entry_text(item, "locale")):
            refused = True
            continue  # reported where the entry is converted
        if code in codes and code in complete:  # declared twice: its own message, and no warnings for it
            complete.remove(code)
        elif code != languages.DEFAULT and code not in codes:
            codes.append(code)
            if _entry_text(item, "complete") in (None, "true"):  # "nej": its own message, no warnings
                complete.append(code)
    return tuple(codes), tuple(complete), refused


# --- conversion driven by type hints -------------------------------------------------------

def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


# How to convert a value: a kind and what it needs (the plan of the inner type, the class, the choices).
_Plan = tuple[str, Any]


@functools.cache
def _plan(hint: Any) -> _Plan:
    """The plan for a type hint, worked out once per hint; conversion then never looks at typing
    objects again (hashing one costs a Python call, and a national file has 250,000 values)."""
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        base, *extras = typing.get_args(hint)
        return "annotated", (_plan(base), tuple(extras))
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return "optional", _plan(inner)
    if origin is tuple:
        return "list", _plan(typing.get_args(hint)[0])
    if origin is typing.Literal:
        return "choice", typing.get_args(hint)
    for simple, how in ((schema.Name, "name"), (schema.I18n, "i18n"), (str, "text"), (bool, "bool"), (int, "int"),
                        (float, "float"), (dt.date, "date"), (schema.PeriodDate, "period_date")):
        if hint is simple:
            return how, None
    if dataclasses.is_dataclass(hint):
        return "dataclass", hint
    raise TypeError(f"no conversion for {hint!r}")  # a programming error in schema.py


@dataclass(frozen=True)
class _Fields:
    plans: dict[str, _Plan]
    names: list[str]  # in the schema's order, for messages
    required: tuple[str, ...]  # in the schema's order
    formerly: dict[str, str]  # the name a renamed field had before → its name now


@functools.cache
def _fields(cls: Any) -> _Fields:
    """A schema class's type hints and fields (get_type_hints evaluates every annotation: once is enough)."""
    fields = dataclasses.fields(cls)
    hints = typing.get_type_hints(cls, include_extras=True)
    return _Fields({f.name: _plan(hints[f.name]) for f in fields}, [f.name for f in fields],
                   tuple(f.name for f in fields if _required(f)),
                   {f.metadata["formerly"]: f.name for f in fields if "formerly" in f.metadata})


def _convert(node: Node, plan: _Plan, path: str, ctx: _Context) -> Any:
    ctx.marks.setdefault(path, (node.line, node.column))
    how, arg = plan
    if how == "i18n":
        return _convert_i18n(node, path, ctx)
    if how == "name":
        return schema.Name(_convert_i18n(node, path, ctx).items())
    if how == "text":
        return _text(node, path, ctx)
    if how == "annotated":
        return _convert_annotated(node, arg[0], arg[1], path, ctx)
    if how == "dataclass":
        return _convert_dataclass(node, arg, path, ctx)
    if how == "optional":
        return _convert(node, arg, path, ctx)
    if how == "list":
        return _convert_list(node, arg, path, ctx)
    if how == "choice":
        return _convert_choice(node, arg, path, ctx)
    if how == "bool":
        return _convert_bool(node, path, ctx)
    if how == "int":
        return _convert_int(node, path, ctx)
    if how == "float":
        return _convert_float(node, path, ctx)
    if how == "date":
        return _convert_date(node, path, ctx)
    return _convert_period_date(node, path, ctx)


def _got(node: Node) -> Word:
    return _NAMES[type(node)]


def _expect(node: Node, kind: type, path: str, ctx: _Context) -> None:
    if not isinstance(node, kind):
        code = {Mapping: "expected_mapping", Sequence: "expected_list", Scalar: "expected_text"}[kind]
        ctx.add(node, path, code, {"got": _got(node)})
        ctx.misshapen.add(path)
        raise _Invalid


def _text(node: Node, path: str, ctx: _Context) -> str:
    """Text as the editor typed it: `no`, `12:30`, `2020` or `010` stay exactly that text."""
    _expect(node, Scalar, path, ctx)
    assert isinstance(node, Scalar)
    value = node.value.strip()
    if not value:
        if node.plain:
            ctx.add(node, path, "empty_value", {"key": path.rsplit(".", 1)[-1]}, "fill_value")
        else:
            ctx.add(node, path, "empty_text")
        raise _Invalid
    return value


def _convert_dataclass(node: Node, cls: Any, path: str, ctx: _Context) -> Any:
    _expect(node, Mapping, path, ctx)
    assert isinstance(node, Mapping)
    schema_fields = _fields(cls)
    plans, required = schema_fields.plans, schema_fields.required
    values: dict[str, Any] = {}
    failed = unknown = False
    renamed: set[str] = set()  # fields given by the name they had before
    for key, (key_node, value_node) in node.items.items():
        if key not in plans:
            newer = schema_fields.formerly.get(key)
            if newer is None:
                _unknown_key(key, key_node, schema_fields.names, path, ctx)
                failed = unknown = True
                continue
            if not _read_renamed(key, newer, key_node, node, path, ctx):
                failed = True
                continue
            key = newer
            renamed.add(key)
        fpath = f"{path}.{key}" if path else key
        ctx.marks[fpath] = (value_node.line, value_node.column)
        if type(value_node) is Scalar and value_node.plain and value_node.value in _NULLS:
            # Written with no value (`status:`): never read as if the key were missing. A list
            # with nothing in it publishes the same as no list, so that is a warning; any other
            # empty field is an error (a half-finished edit would otherwise vanish unnoticed).
            if plans[key][0] == "list" and key not in required:
                ctx.add(value_node, fpath, "empty_list", {"key": key}, "fill_list", severity=Severity.WARNING)
            else:
                ctx.add(value_node, fpath, "empty_value", {"key": key},
                        "fill_required" if key in required else "fill_value")
                failed = True
            continue
        try:
            value = values[key] = _convert(value_node, plans[key], fpath, ctx)
        except _Invalid:
            failed = True
            continue
        if value == () and key in required:
            ctx.add(value_node, fpath, "list_empty")
            failed = True
    misspelled = {m for key in node.items if key not in plans and key not in schema_fields.formerly
                  for m in difflib.get_close_matches(key, schema_fields.names, n=1, cutoff=0.6)} if unknown else set()
    for name in required:
        if name not in node.items and name not in renamed:
            if name not in misspelled:  # "unknown field 'titel' — did you mean 'title'?" says it already
                ctx.add(node, _join(path, name), "missing_field", {"key": name})
            failed = True
    if failed:
        raise _Invalid
    return cls(**values)


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _read_renamed(old: str, new: str, key_node: Scalar, node: Mapping, path: str, ctx: _Context) -> bool:
    """A field written with the name it had in an earlier version: read as the new one (the same
    values reach the model), with a warning at the old name that names the new one. Both names at
    once is an error: which of the two values is meant cannot be known."""
    if new in node.items:
        ctx.add(key_node, _join(path, old), "renamed_twice", {"old": old, "new": new, "line": node.items[new][0].line},
                "keep_new_name", {"new": new})
        return False
    ctx.add(key_node, _join(path, old), "renamed_field", {"old": old, "new": new}, "use_new_name",
            {"old": old, "new": new}, severity=Severity.WARNING)
    return True


def _unknown_key(key: str, key_node: Scalar, known: list[str], path: str, ctx: _Context) -> None:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    if close:
        ctx.add(key_node, _join(path, key), "unknown_key", {"key": key}, "did_you_mean", {"suggestion": close[0]})
    else:
        ctx.add(key_node, _join(path, key), "unknown_key", {"key": key}, "known_keys", {"keys": ", ".join(known)})


def _convert_list(node: Node, item_plan: _Plan, path: str, ctx: _Context) -> tuple[Any, ...]:
    _expect(node, Sequence, path, ctx)
    assert isinstance(node, Sequence)
    items: list[Any] = []
    failed = False
    for index, child in enumerate(node.items):
        try:
            items.append(_convert(child, item_plan, f"{path}[{index}]", ctx))
        except _Invalid:
            failed = True
    if failed:
        raise _Invalid
    return tuple(items)


def _convert_i18n(node: Node, path: str, ctx: _Context) -> schema.I18n:
    if isinstance(node, Scalar):
        text = _text(node, path, ctx)
        return _i18n({languages.DEFAULT: text}, node, path, ctx)
    if not isinstance(node, Mapping):
        ctx.add(node, path, "expected_i18n")
        raise _Invalid
    fast = _complete_i18n(node, path, ctx)
    if fast is not None:
        return fast
    texts: dict[str, str] = {}
    failed = False
    for code, (key_node, value_node) in node.items.items():
        cpath = f"{path}.{code}"
        if code not in ctx.codes:
            if not ctx.refused_language:  # else site.languages' own message says it
                _unknown_language(code, key_node, cpath, ctx)
            failed = True
            continue
        ctx.marks[cpath] = (value_node.line, value_node.column)
        if type(value_node) is Scalar and value_node.plain and value_node.value in _NULLS:
            ctx.add(value_node, cpath, "empty_text")
            failed = True
            continue
        try:
            texts[code] = _text(value_node, cpath, ctx)
        except _Invalid:
            failed = True
    if languages.DEFAULT not in node.items:
        ctx.add(node, path, "missing_swedish", hint="add_swedish")
        raise _Invalid
    if failed:
        raise _Invalid
    return _i18n(texts, node, path, ctx)


def _i18n(texts: dict[str, str], node: Node, path: str, ctx: _Context) -> schema.I18n:
    """The text, after recording which editions it has and warning about complete editions it lacks."""
    if ctx.record:
        _drop_outdated(texts, node, path, ctx)
    ctx.texts.append((node, path, frozenset(texts)))
    for code, text in texts.items():
        if code in ctx.ltr and _right_to_left(text):
            child = node.items[code][1] if isinstance(node, Mapping) and code in node.items else node
            ctx.add(child, f"{path}.{code}" if isinstance(node, Mapping) else path, "wrong_script",
                    {"language": _language_names([code])}, "move_text")
    missing = [code for code in ctx.complete if code not in texts]
    if missing:
        ctx.add(node, path, "missing_translation", {"language": _language_names(missing)},
                hint="add_translation", hint_args={"codes": ", ".join(f"{c}:" for c in missing)},
                severity=Severity.WARNING)
    return schema.I18n(texts)


# The blocks of the scripts written right to left (Hebrew to N'Ko and beyond, their presentation
# forms, and the historic ones above U+10800): a first look that costs a Swedish text nothing.
_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\U00010800-\U00010fff\U0001e800-\U0001efff]")


def _right_to_left(text: str) -> bool:
    """True when most of a text's letters are of a script written right to left (Arabic, Hebrew,
    Syriac, Thaana, N'Ko): a text that cannot be in a language written left to right."""
    if text.isascii() or not _RTL_LETTER.search(text):
        return False
    rtl = sum(1 for c in text if unicodedata.bidirectional(c) in ("R", "AL"))
    ltr = sum(1 for c in text if unicodedata.bidirectional(c) == "L")
    return rtl > ltr


def _language_names(codes: list[str]) -> dict[str, str]:
    """The languages' names in each message language (Swedish: engelska, English: English)."""
    return {lang: babel.lists.format_list([languages.language_name(c, lang) for c in codes], locale=lang)
            for lang in LANGS}


def _unknown_language(code: str, key_node: Scalar, path: str, ctx: _Context) -> None:
    if languages.is_known(code):
        ctx.add(key_node, path, "undeclared_language", {"code": code}, "declare_language", {"code": code})
        return
    close = difflib.get_close_matches(code, list(ctx.codes), n=1, cutoff=0.5)
    if close:
        ctx.add(key_node, path, "unknown_language", {"code": code}, "did_you_mean", {"suggestion": close[0]})
    else:
        ctx.add(key_node, path, "unknown_language", {"code": code}, "site_languages",
                {"codes": ", ".join(ctx.codes)})


def _complete_i18n(node: Mapping, path: str, ctx: _Context) -> schema.I18n | None:
    """The common case, a text in every edition the site expects complete and nothing else amiss,
    without the general conversion (a national file has tens of thousands); anything else returns
    None and takes the long way."""
    items = node.items
    if languages.DEFAULT not in items:
        return None
    texts: dict[str, str] = {}
    for code, (_key, value) in items.items():
        if type(value) is not Scalar or code not in ctx.codes or (value.plain and value.value in _NULLS):
            return None
        text = value.value.strip()
        if not text or (not text.isascii() and code in ctx.ltr and _right_to_left(text)):
            return None  # the long way reports it
        texts[code] = text
    for code in ctx.complete:
        if code not in texts:
            return None
    for code, (_key, value) in items.items():
        ctx.marks[f"{path}.{code}"] = (value.line, value.column)
    if ctx.record:
        _drop_outdated(texts, node, path, ctx)
    ctx.texts.append((node, path, frozenset(texts)))
    return schema.I18n(texts)


def _drop_outdated(texts: dict[str, str], node: Node, path: str, ctx: _Context) -> None:
    """Warn about each translation made from an earlier Swedish text, at its line, and leave it out:
    the site shows the current Swedish text, marked as Swedish, as for a missing translation."""
    source = texts[languages.DEFAULT]
    for code in [c for c in texts if c != languages.DEFAULT]:
        if is_outdated(ctx.record, code, texts[code], source):
            del texts[code]
            ctx.outdated.add((path, code))
            where = node.items[code][1] if isinstance(node, Mapping) else node
            ctx.add(where, f"{path}.{code}", "translation_outdated", {"language": _language_names([code])},
                    hint="export_translation", hint_args={"code": code}, severity=Severity.WARNING)


def _coverage(ctx: _Context) -> tuple[Coverage, ...]:
    """Per edition besides the default: how many texts it has, and a note for each missing one."""
    report = []
    for code in ctx.codes[1:]:
        missing = tuple(Problem(ctx.file, node.line, node.column, path, "translation_absent",
                                {"language": _language_names([code])}, severity=Severity.WARNING)
                        for node, path, codes in ctx.texts
                        if code not in codes and (path, code) not in ctx.outdated)  # said once, as outdated
        report.append(Coverage(code, len(ctx.texts), missing, sum(1 for _path, c in ctx.outdated if c == code)))
    return tuple(report)


def _convert_bool(node: Node, path: str, ctx: _Context) -> bool:
    value = _text(node, path, ctx)
    assert isinstance(node, Scalar)
    if node.plain and value in _BOOLS:
        return _BOOLS[value]
    ctx.add(node, path, "expected_bool", {"value": value})
    raise _Invalid


def _convert_int(node: Node, path: str, ctx: _Context) -> int:
    value = _text(node, path, ctx)
    if not re.fullmatch(r"[0-9]{1,6}", value):
        ctx.add(node, path, "expected_number", {"value": value})
        raise _Invalid
    return int(value)


def _convert_float(node: Node, path: str, ctx: _Context) -> float:
    value = _text(node, path, ctx)
    if re.fullmatch(r"-?[0-9]{1,9}(?:\.[0-9]{1,9})?", value):
        return float(value)
    if re.fullmatch(r"-?[0-9]{1,9},[0-9]{1,9}", value):  # a Swedish decimal comma
        ctx.add(node, path, "expected_decimal", {"value": value}, "decimal_point",
                {"suggestion": value.replace(",", ".")})
    elif number := re.match(r"-?[0-9]+(?:[.,][0-9]+)?", value):
        ctx.add(node, path, "expected_decimal", {"value": value}, "number_only",
                {"suggestion": number.group().replace(",", ".")})
    else:
        ctx.add(node, path, "expected_decimal", {"value": value})
    raise _Invalid


def _parse_date(value: str, node: Scalar, path: str, ctx: _Context) -> dt.date:
    match = _DATE.match(value)
    if not match:
        ctx.add(node, path, "bad_date", {"value": value}, "date_format")
        raise _Invalid
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        ctx.add(node, path, "impossible_date", {"value": value}, "date_format")
        raise _Invalid from None


def _convert_date(node: Node, path: str, ctx: _Context) -> dt.date:
    value = _text(node, path, ctx)
    assert isinstance(node, Scalar)
    return _parse_date(value, node, path, ctx)


def _convert_period_date(node: Node, path: str, ctx: _Context) -> schema.PeriodDate:
    value = _text(node, path, ctx)
    assert isinstance(node, Scalar)
    if _YEAR.match(value):  # known only to the year: "2023"
        if not 1 <= int(value) < dt.MAXYEAR:  # a year whose days cannot be counted ("0000")
            ctx.add(node, path, "impossible_date", {"value": value}, "date_format")
            raise _Invalid
        return schema.PeriodDate(int(value))
    month = _MONTH.match(value)
    if month:
        year, mon = (int(g) for g in month.groups())
        if not 1 <= mon <= 12 or not 1 <= year < dt.MAXYEAR:
            ctx.add(node, path, "impossible_date", {"value": value}, "date_format")
            raise _Invalid
        return schema.PeriodDate(year, mon)
    if not _DATE.match(value):
        ctx.add(node, path, "bad_month_or_date", {"value": value}, "date_format")
        raise _Invalid
    day = _parse_date(value, node, path, ctx)
    return schema.PeriodDate(day.year, day.month, day.day)


def _fold(word: str) -> str:
    """'Pågår ' → 'pagar': how a word is compared with the status synonyms, whatever the keyboard."""
    plain = unicodedata.normalize("NFKD", word.strip().lower())
    return "".join(c for c in plain if not unicodedata.combining(c)).replace(" ", "_").replace("-", "_")


_SYNONYMS = {_fold(word): status for word, status in schema.STATUS_SYNONYMS.items()}


def _convert_choice(node: Node, allowed: tuple[str, ...], path: str, ctx: _Context) -> str:
    value = _text(node, path, ctx)
    if value in allowed:
        return value
    is_status = allowed == schema.STATUSES
    synonym = _SYNONYMS.get(_fold(value)) if is_status else None
    close = [synonym] if synonym else difflib.get_close_matches(value.lower(), allowed, n=1, cutoff=0.5)
    code = "bad_status" if is_status else "bad_choice"
    args = {"value": value, "allowed": ", ".join(allowed)}
    if close:
        ctx.add(node, path, code, args, "did_you_mean", {"suggestion": close[0]})
    else:
        ctx.add(node, path, code, args)
    raise _Invalid


_FORMATS: dict[str, tuple[re.Pattern[str], str, str | None]] = {
    "email": (_EMAIL, "bad_email", None),
    "phone": (_PHONE, "bad_phone", "phone_format"),
    "https": (_HTTPS, "bad_url", "url_https"),
    "time": (_TIME, "bad_time", "time_format"),
}


def _convert_annotated(node: Node, base: _Plan, extras: tuple[Any, ...], path: str, ctx: _Context) -> Any:
    for extra in extras:
        if isinstance(extra, schema.Shorthand) and isinstance(node, Scalar):
            # `- en` means `- {code: en}`: the text is the value of the named field.
            key = Scalar(extra.field, True, node.line, node.column)
            node = Mapping(node.line, node.column, {extra.field: (key, node)})
    value = _convert(node, base, path, ctx)
    if isinstance(value, schema.Language):
        _check_language(value, node, path, ctx)
        return value
    if isinstance(value, schema.I18n):
        if any(isinstance(extra, schema.Rich) for extra in extras):
            _check_rich_links(value, node, path, ctx)
        return value
    assert isinstance(node, Scalar)
    for extra in extras:
        if isinstance(extra, schema.IdOf):
            _record_id(value, node, path, ctx)
        elif isinstance(extra, schema.RefTo):
            ctx.refs.append((extra.collection, value, node, path))
        elif isinstance(extra, schema.Format) and extra.name == "content_file":
            _check_content_file(value, node, path, ctx)
        elif isinstance(extra, schema.Format):
            pattern, code, hint = _FORMATS[extra.name]
            if extra.name == "phone" and node.plain and value.isdigit() and not value.startswith("0"):
                # YAML would read 0302521681 written without quotes as a number; say so.
                ctx.add(node, path, code, {"value": value}, "phone_format")
                raise _Invalid
            if not pattern.match(value) and not (extra.name == "https" and _international_https(value)):
                ctx.add(node, path, code, {"value": value}, _url_hint(value) if extra.name == "https" else hint)
                raise _Invalid
    return value


def _url_hint(value: str) -> str:
    """What is wrong with an address that is not a valid https address, in the editor's terms."""
    if not value.lower().startswith("https://"):
        return "url_https"
    if any(c.isspace() for c in value):
        return "url_space"
    return "url_host"


def _international_https(value: str) -> bool:
    """An https address whose host has letters beyond ASCII (https://enkät.example.se/): valid when
    the host in Punycode is."""
    if value.isascii() or not value.startswith("https://"):
        return False
    rest = value[len("https://"):]
    host = re.split(r"[/?#:]", rest, maxsplit=1)[0]
    tail = rest[len(host):]
    if not urls.idna_host(host):
        return False
    return bool(_HTTPS.match(f"https://{host.encode('idna').decode('ascii')}{tail}"))


# Links an editor can write in formatted text: [text](url), <url>, or raw href/src attributes.
_LINK_TARGETS = re.compile(r"\]\(\s*<?([^)\s>]+)|<([a-z][a-z0-9+.-]*:[^>\s]*)>|(?:href|src)\s*=\s*[\"']?([^\"'\s>]+)",
                           re.IGNORECASE)
_SAFE_LINK = re.compile(r"^(?:https://|mailto:|tel:|/(?!/)|\.\.?/|#|[^:/?#]+(?:[/?#]|$))", re.IGNORECASE)


def _check_rich_links(value: schema.I18n, node: Node, path: str, ctx: _Context) -> None:
    """Formatted text may link only to https:, mailto:, tel: and pages of this site."""
    for lang, text in value.items():
        if "](" not in text and "<" not in text and "=" not in text:
            continue  # none of the three link forms can match
        for match in _LINK_TARGETS.finditer(text):
            target = next(g for g in match.groups() if g)
            if not _SAFE_LINK.match(target):
                child = node.items[lang][1] if isinstance(node, Mapping) and lang in node.items else node
                ctx.add(child, f"{path}.{lang}" if isinstance(node, Mapping) else path, "bad_link",
                        {"value": target}, "link_schemes")


def _check_language(entry: schema.Language, node: Node, path: str, ctx: _Context) -> None:
    """A declared edition must be lättläst or a language Babel knows, and be declared once."""
    code_node = node.items["code"][1] if isinstance(node, Mapping) and "code" in node.items else node
    seen = ctx.ids.setdefault(("language", ""), {})
    if entry.code in seen:
        ctx.add(code_node, f"{path}.code", "duplicate_language",
                {"code": entry.code, "first_line": seen[entry.code].line})
        raise _Invalid
    if isinstance(code_node, Scalar):
        seen[entry.code] = code_node
    try:
        languages.edition(entry.code, entry.name, entry.locale, entry.direction)
    except languages.UnknownLanguage as exc:
        if entry.locale is not None and str(exc) == entry.locale:
            locale_node = node.items["locale"][1] if isinstance(node, Mapping) and "locale" in node.items else node
            ctx.add(locale_node, f"{path}.locale", "unknown_locale", {"code": entry.locale}, "language_codes")
            raise _Invalid from None
        # "fin" is another name of fi; "fit" looks like a code the generator has no data for (ask for
        # its locale); anything else ("EN", "finska") may be a slip of a known code.
        named = languages.code_for_name(entry.code)  # "finska", "Finnish"
        close = [exc.suggestion] if exc.suggestion else [named] if named else [] \
            if re.fullmatch(languages.CODE_PATTERN, entry.code) \
            else difflib.get_close_matches(entry.code.lower(), languages.suggestions(), n=1, cutoff=0.6)
        if close:
            ctx.add(code_node, f"{path}.code", "unknown_language", {"code": entry.code}, "did_you_mean",
                    {"suggestion": close[0]})
        else:
            ctx.add(code_node, f"{path}.code", "unknown_language", {"code": entry.code}, "give_locale")
        raise _Invalid from None
    natural = languages.own_direction(entry.code)  # None for a language only the site knows
    if entry.direction is not None and natural is not None and entry.direction != natural:
        direction_node = node.items["direction"][1] if isinstance(node, Mapping) else node
        ctx.add(direction_node, f"{path}.direction", "wrong_direction",
                {"language": _language_names([entry.code]), "natural": Word(natural), "given": entry.direction},
                "remove_line")
        raise _Invalid


def _record_id(value: str, node: Scalar, path: str, ctx: _Context) -> None:
    list_path = path.rsplit("[", 1)[0] if "[" in path else path
    seen = ctx.ids.setdefault(("list", list_path), {})
    if value in seen:
        ctx.add(node, path, "duplicate_id", {"value": value, "first_line": seen[value].line})
        raise _Invalid
    seen[value] = node  # even a malformed id: references to it should not fail as well
    if not _ID.match(value):
        ctx.add(node, path, "bad_id", {"value": value}, "id_format")
        raise _Invalid
    if len(value) > MAX_ID_LENGTH:
        ctx.add(node, path, "long_id", {"value": value, "length": len(value), "limit": MAX_ID_LENGTH},
                "shorter_id", {"suggestion": _shorter(value)})
        raise _Invalid
    if value in _WINDOWS_NAMES:
        ctx.add(node, path, "windows_id", {"value": value}, "other_id", {"suggestion": f"{value}-1"})
        raise _Invalid


def _shorter(value: str) -> str:
    """The id cut at a hyphen within the limit (or at the limit)."""
    cut = value[:MAX_ID_LENGTH]
    return cut.rsplit("-", 1)[0] if "-" in cut and len(value) > MAX_ID_LENGTH else cut.rstrip("-")


# A file from content/ is copied into the site under its own name: one that every file system and
# address can carry (no spaces, no characters that need escaping in a URL).
_FILE_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$")


def _check_content_file(value: str, node: Scalar, path: str, ctx: _Context) -> None:
    pure = PurePosixPath(value)
    if pure.is_absolute() or ".." in pure.parts or "\\" in value:
        ctx.add(node, path, "bad_path", {"value": value}, "path_inside")
        raise _Invalid
    if not all(_FILE_NAME.match(part) and part.split(".", 1)[0].lower() not in _WINDOWS_NAMES
               for part in pure.parts):
        ctx.add(node, path, "bad_file_name", {"value": value}, "file_name")
        raise _Invalid
    root = ctx.content_dir.resolve()
    target = (ctx.content_dir / pure).resolve()
    if not target.is_relative_to(root):
        ctx.add(node, path, "bad_path", {"value": value}, "path_inside")
        raise _Invalid
    if not target.is_file():
        ctx.add(node, path, "missing_file", {"value": value}, "path_inside")
        raise _Invalid


def _check_references(ctx: _Context) -> None:
    for collection, value, node, path in ctx.refs:
        if collection in ctx.misshapen:
            continue  # the list itself is told to be a list
        defined = ctx.ids.get(("list", collection), {})
        if value not in defined:
            close = difflib.get_close_matches(value, list(defined), n=1, cutoff=0.6)
            args = {"value": value, "collection": collection}
            if close:
                ctx.add(node, path, "unknown_ref", args, "did_you_mean", {"suggestion": close[0]})
            elif defined:
                ctx.add(node, path, "unknown_ref", args, "defined_ids", {"ids": ", ".join(defined)})
            else:
                ctx.add(node, path, "unknown_ref", args, "none_defined", {"collection": collection})


# --- rules that concern more than one field ------------------------------------------------

def _check_document(document: schema.Document, ctx: _Context) -> None:
    for index, promise in enumerate(document.promises):
        base = f"promises[{index}]"
        if promise.period.end.last_day < promise.period.start.first_day:
            ctx.add(None, f"{base}.period.end", "period_order",
                    {"start": str(promise.period.start), "end": str(promise.period.end)})
        # A promise that has not started yet is not expected to report anything.
        started = ctx.today is None or ctx.today >= promise.period.start.first_day
        _check_promise_parts(promise, base, ctx)
        for a_index, activity in enumerate(promise.activities):
            a_path = f"{base}.activities[{a_index}]"
            if activity.status in schema.NEEDS_REASON and activity.status_reason is None:
                ctx.add(None, f"{a_path}.status", "reason_missing", {"status": activity.status}, "add_reason",
                        {"field": "status_reason"})
            _check_target(activity, promise, a_path, ctx)
            if not activity.updates and started:
                ctx.add(None, a_path, "no_updates", hint="add_update", severity=Severity.WARNING)
            for u_index, update in enumerate(activity.updates):
                u_path = f"{a_path}.updates[{u_index}]"
                if update.status in schema.NEEDS_REASON and update.reason is None:
                    ctx.add(None, f"{u_path}.status", "reason_missing", {"status": update.status},
                            "add_reason", {"field": "reason"})
                _check_date_near(update.date, promise, f"{u_path}.date", "update", ctx)
                if ctx.today is not None and update.date.first_day > ctx.today:
                    ctx.add(None, f"{u_path}.date", "future_update",
                            {"date": str(update.date), "today": ctx.today.isoformat()},
                            severity=Severity.WARNING)
                if update.progress is not None and activity.target is None and not activity.targets:
                    ctx.add(None, f"{u_path}.progress", "progress_without_target", hint="add_target")
                elif update.progress is not None and update.progress < 0:
                    ctx.add(None, f"{u_path}.progress", "negative_progress", {"value": _number(update.progress)})
                if update.progress_more_than and update.progress is None:
                    ctx.add(None, f"{u_path}.progress_more_than", "more_than_without_progress", hint="add_progress")
            _check_invisible_status(activity, a_path, ctx)
        for r_index, result in enumerate(promise.results):
            r_path = f"{base}.results[{r_index}]"
            if result.date is not None:
                _check_date_near(result.date, promise, f"{r_path}.date", "result", ctx)
                _check_not_future(result.date.first_day, f"{r_path}.date", "future_hidden", ctx,
                                  shown=str(result.date))
            for i_index, indicator in enumerate(result.indicators):
                percent = indicator.unit.base.strip().lower() in _PERCENT
                measured: dict[schema.PeriodDate, int] = {}
                for v_index, value in enumerate(indicator.values):
                    v_path = f"{r_path}.indicators[{i_index}].values[{v_index}]"
                    if value.date in measured:
                        ctx.add(None, f"{v_path}.date", "duplicate_measurement",
                                {"date": str(value.date), "line": measured[value.date]}, "one_measurement")
                    measured.setdefault(value.date, ctx.marks.get(v_path, (1, 1))[0])
                    if percent and not 0 <= value.value <= 100:
                        ctx.add(None, f"{v_path}.value", "bad_percent", {"value": _number(value.value)},
                                "decimal_point_percent")
                    _check_not_future(value.date.first_day, f"{v_path}.date", "future_hidden", ctx,
                                      shown=str(value.date))
        seen_meetings: dict[tuple[dt.date, str], int] = {}
        for m_index, meeting in enumerate(promise.meetings):
            m_path = f"{base}.meetings[{m_index}]"
            _check_date_near(meeting.date, promise, f"{m_path}.date", "meeting", ctx)
            _check_meeting_times(meeting, m_path, ctx)
            # Two meetings on one day are two calendar events; with the same title too, it is
            # most likely one meeting written twice.
            key = (meeting.date, meeting.title.base)
            if key in seen_meetings:
                ctx.add(None, m_path, "duplicate_meeting",
                        {"date": meeting.date.isoformat(), "first_line": seen_meetings[key]},
                        hint="one_meeting", severity=Severity.WARNING)
            else:
                seen_meetings[key] = ctx.marks.get(m_path, (1, 1))[0]
    for m_index, meeting in enumerate(document.meetings):
        _check_meeting_times(meeting, f"meetings[{m_index}]", ctx)
    for index, survey in enumerate(document.surveys):
        if survey.opens is not None and survey.closes < survey.opens:
            ctx.add(None, f"surveys[{index}].closes", "survey_order",
                    {"opens": survey.opens.isoformat(), "closes": survey.closes.isoformat()})
    if document.site.overdue_days < 1:
        ctx.add(None, "site.overdue_days", "overdue_days_zero", {"value": document.site.overdue_days},
                "overdue_days_default")
    accessibility = document.accessibility
    if accessibility.updated < accessibility.assessed and (ctx.today is None or accessibility.assessed <= ctx.today):
        ctx.add(None, "accessibility.updated", "statement_before_assessment",
                {"updated": accessibility.updated.isoformat(), "assessed": accessibility.assessed.isoformat()})
    _check_qr_length(document.site.url, urls.QR_CAPACITY - urls.PATH_ROOM, "site.url", "shorter_site_url", ctx)
    for index, survey in enumerate(document.surveys):
        _check_qr_length(survey.url, urls.QR_CAPACITY, f"surveys[{index}].url", "shorter_url", ctx)
    # The statement cannot have been reviewed or updated after the day the site is built. (Example
    # data is built as of the day it depicts, while its statement is about the site as it is now.)
    if not document.site.example_data:
        for name in ("assessed", "updated"):
            _check_not_future(getattr(document.accessibility, name), f"accessibility.{name}", "future_date", ctx)


def _check_qr_length(url: str | None, limit: int, path: str, hint: str, ctx: _Context) -> None:
    """An address printed as a QR code must fit in one (in the ASCII form the code carries)."""
    length = len(urls.ascii_address(url)) if url is not None else 0
    if length > limit:
        ctx.add(None, path, "url_too_long_for_qr", {"length": length, "limit": limit}, hint)


_WHAT = {"update": Word("update_dated"), "result": Word("result_dated"), "meeting": Word("meeting_dated")}


def _check_date_near(day: dt.date | schema.PeriodDate, promise: schema.Promise, path: str, what: str,
                     ctx: _Context) -> None:
    """A date (or month) more than a year before its promise starts, or after it ends, is most
    likely a wrong year: a warning naming both dates."""
    start, end = promise.period.start, promise.period.end
    first, last = (day.first_day, day.last_day) if isinstance(day, schema.PeriodDate) else (day, day)
    shown = str(day) if isinstance(day, schema.PeriodDate) else day.isoformat()
    if (start.first_day - last).days > EARLY_UPDATE_DAYS:
        ctx.add(None, path, "early_update" if what == "update" else "early_date",
                {"date": shown, "start": str(start), "what": _WHAT[what]},
                hint="check_year", severity=Severity.WARNING)
    elif (first - end.last_day).days > EARLY_UPDATE_DAYS and (ctx.today is None or first <= ctx.today):
        ctx.add(None, path, "late_date", {"date": shown, "end": str(end), "what": _WHAT[what]},
                hint="check_year", severity=Severity.WARNING)


def _check_not_future(day: dt.date, path: str, code: str, ctx: _Context, shown: str | None = None) -> None:
    if ctx.today is not None and day > ctx.today:
        ctx.add(None, path, code, {"date": shown or day.isoformat(), "today": ctx.today.isoformat()},
                severity=Severity.WARNING)


# The units an indicator's values are percentages in.
_PERCENT = frozenset({"procent", "%", "percent", "per cent", "procentenheter"})


def _number(value: float) -> str:
    """A number as the editor wrote it: 70, not 70.0."""
    return f"{value:g}"


def _check_target(activity: schema.Activity, promise: schema.Promise, path: str, ctx: _Context) -> None:
    """The targets (target, or several under targets; not both): each with a number, or a
    direction from a starting point; a number not below 0 (0 only for a target to decrease), on the
    side of its starting point that the direction says; reached within (or after) the promise's
    period, never before it starts."""
    if activity.target is not None and activity.targets:
        ctx.add(None, f"{path}.targets", "two_targets", hint="use_targets")
    given = [(f"{path}.target", activity.target)] if activity.target is not None else []
    given += [(f"{path}.targets[{i}]", t) for i, t in enumerate(activity.targets)]
    for t_path, target in given:
        if target.value is None and target.direction is None:
            ctx.add(None, t_path, "target_needs_value", hint="add_value_or_direction")
        elif target.value is not None and (target.value < 0 or (target.value == 0 and target.direction != "decrease")):
            ctx.add(None, f"{t_path}.value", "target_not_positive", {"value": _number(target.value)})
        elif target.value is not None and target.direction is not None and target.baseline is not None and (
                (target.value >= target.baseline) if target.direction == "decrease" else
                (target.value <= target.baseline)):
            ctx.add(None, f"{t_path}.value", "target_direction",
                    {"direction": Word(f"target_{target.direction}_verb"), "baseline": _number(target.baseline),
                     "value": _number(target.value)}, hint=f"check_direction_{target.direction}")
        if target.by is not None and target.by.last_day < promise.period.start.first_day:
            ctx.add(None, f"{t_path}.by", "target_before_start",
                    {"by": str(target.by), "start": str(promise.period.start)}, "check_year")
        elif target.by is not None and (target.by.first_day - promise.period.end.last_day).days > EARLY_UPDATE_DAYS:
            ctx.add(None, f"{t_path}.by", "target_late", {"by": str(target.by), "end": str(promise.period.end)},
                    "check_year", severity=Severity.WARNING)


def _check_invisible_status(activity: schema.Activity, path: str, ctx: _Context) -> None:
    """Edits residents would not see: said with the way to make them visible.

    The newest dated update with a status decides what the site shows (`model.build_activity`).
    So the activity's own `status:` shows only until such an update exists; and of two updates
    with a status on one day, only the later one in the file counts.
    """
    known = [(u_index, u) for u_index, u in enumerate(activity.updates)
             if u.status is not None and (ctx.today is None or u.date.first_day <= ctx.today)]
    if not known:
        if activity.status_reason is not None and activity.status not in schema.NEEDS_REASON:
            ctx.add(None, f"{path}.status_reason", "reason_unused", {"status": activity.status or "-"},
                    "reason_needs_status", severity=Severity.WARNING)
        return
    ordered = sorted(known, key=lambda item: item[1].date.first_day)  # stable: on one day, file order
    w_index, winner = ordered[-1]
    first = ordered[0][1]
    w_line = ctx.marks.get(f"{path}.updates[{w_index}]", (1, 1))[0]
    if activity.status is not None and activity.status not in ("planned", first.status):
        # `planned` is where every activity begins, and a status the first update repeats is
        # confirmed by it: both tell one story with the updates. Any other status here is hidden
        # by the updates, and is most likely an edit meant to change what residents see.
        ctx.add(None, f"{path}.status", "status_overridden",
                {"status": activity.status, "date": str(winner.date), "line": w_line,
                 "shown": winner.status}, "add_dated_update",
                {"status": activity.status},
                severity=Severity.WARNING)
    elif activity.status_reason is not None and activity.status in schema.NEEDS_REASON:
        ctx.add(None, f"{path}.status_reason", "reason_overridden",
                {"date": str(winner.date), "line": w_line, "shown": winner.status}, "add_dated_update",
                {"status": activity.status},
                severity=Severity.WARNING)
    elif activity.status_reason is not None:
        ctx.add(None, f"{path}.status_reason", "reason_unused", {"status": activity.status or "-"},
                "reason_needs_status", severity=Severity.WARNING)
    same_day = [(i, u) for i, u in known if u.date == winner.date and u.status != winner.status]
    for index, update in same_day:
        ctx.add(None, f"{path}.updates[{index}].status", "status_same_day",
                {"date": str(update.date), "line": w_line, "shown": winner.status}, "one_status_a_day",
                severity=Severity.WARNING)


def _check_meeting_times(meeting: schema.Meeting, path: str, ctx: _Context) -> None:
    """An end needs a start, after it (HH:MM compares as text)."""
    if meeting.end_time is None:
        return
    if meeting.time is None:
        ctx.add(None, f"{path}.end_time", "end_without_time", hint="add_time")
    elif meeting.end_time <= meeting.time:
        ctx.add(None, f"{path}.end_time", "meeting_time_order", {"start": meeting.time, "end": meeting.end_time})


def _check_promise_parts(promise: schema.Promise, base: str, ctx: _Context) -> None:
    """Themes, documents, signers and an extension: references and orders inside one promise."""
    extension = promise.period.extension
    if extension is not None and extension.original_end.last_day < promise.period.start.first_day:
        ctx.add(None, f"{base}.period.extension.original_end", "extension_before_start",
                {"original": str(extension.original_end), "start": str(promise.period.start)}, "check_year")
    elif extension is not None and extension.original_end.last_day >= promise.period.end.last_day:
        ctx.add(None, f"{base}.period.extension.original_end", "extension_order",
                {"original": str(extension.original_end), "end": str(promise.period.end)})
    if extension is not None and extension.reason is None and not extension.reason_unpublished:
        ctx.add(None, f"{base}.period.extension", "extension_reason_missing", hint="add_extension_reason")
    elif extension is not None and extension.reason is not None and extension.reason_unpublished:
        ctx.add(None, f"{base}.period.extension.reason_unpublished", "extension_reason_both",
                hint="one_extension_reason")
    for s_index, signer in enumerate(promise.signed.signers if promise.signed else ()):
        if signer.name is None and signer.role is None:
            ctx.add(None, f"{base}.signed.signers[{s_index}]", "signer_empty", hint="add_signer")
    if extension is not None and extension.decided is not None \
            and extension.decided.last_day < promise.period.start.first_day:
        ctx.add(None, f"{base}.period.extension.decided", "extension_decided_before_start",
                {"decided": str(extension.decided), "start": str(promise.period.start)}, "check_year")
    themes = [t.id for t in promise.themes]
    for a_index, activity in enumerate(promise.activities):
        if activity.theme is not None and activity.theme not in themes:
            ctx.add(None, f"{base}.activities[{a_index}].theme", "unknown_theme", {"value": activity.theme},
                    "defined_ids" if themes else "add_themes", {"ids": ", ".join(themes)} if themes else None)
    documents = [d.id for d in promise.documents]
    for d_index, document in enumerate(promise.documents):
        if (document.file is None) == (document.url is None):
            ctx.add(None, f"{base}.documents[{d_index}]", "file_or_url")
        if document.language is not None and document.language not in ctx.codes \
                and not languages.is_known(document.language):
            _bad_document_language(document.language, f"{base}.documents[{d_index}].language", ctx)
        if document.size == 0:
            ctx.add(None, f"{base}.documents[{d_index}].size", "empty_document", hint="remove_size")
    for r_index, result in enumerate(promise.results):
        if result.document is not None and result.document not in documents:
            ctx.add(None, f"{base}.results[{r_index}].document", "unknown_document", {"value": result.document},
                    "defined_ids" if documents else "add_documents",
                    {"ids": ", ".join(documents)} if documents else None)


def _bad_document_language(value: str, path: str, ctx: _Context) -> None:
    """A document's language is a code (sv, en, fi): one written as a word ("svenska", "Finnish")
    is told the code it names."""
    code = value.lower() if languages.is_known(value.lower()) else languages.code_for_name(value)
    if code is not None:
        ctx.add(None, path, "unknown_language", {"code": value}, "did_you_mean", {"suggestion": code})
    else:
        ctx.add(None, path, "unknown_language", {"code": value}, "language_codes")


# Sweden's latitudes and longitudes (WGS 84), with a margin: a place whose lat: is a Swedish
# longitude and lon: a Swedish latitude has them swapped.
_IN_SWEDEN_LAT = (55.0, 69.5)
_IN_SWEDEN_LON = (10.5, 24.5)


# Continuation pages of long lists live at <list>/sida-2/ …, beside the pages named by ids.
_RESERVED_ID = re.compile(r"^sida-[0-9]+$")
_NOUNS = {"promises": "lofte", "places": "plats", "organisations": "organisation"}


def _check_pages(document: schema.Document, ctx: _Context) -> None:
    """Rules for what gets a page or loads something: ids that name pages, maps, embeds."""
    for collection in ("promises", "places", "organisations"):
        for index, entry in enumerate(getattr(document, collection)):
            if _RESERVED_ID.match(entry.id):
                ctx.add(None, f"{collection}[{index}].id", "reserved_id", {"value": entry.id}, "other_id",
                        {"suggestion": entry.id.replace("sida", _NOUNS[collection], 1)})
            elif entry.id == "index":  # <list>/<id>.md would be the list's own page
                ctx.add(None, f"{collection}[{index}].id", "index_id", {"value": entry.id}, "other_id",
                        {"suggestion": _NOUNS[collection]})
    for index, place in enumerate(document.places):
        if place.coordinates is None:
            continue
        if place.area:
            ctx.add(None, f"places[{index}].coordinates", "area_coordinates", hint="area_no_map")
        for axis, limit in (("lat", 90), ("lon", 180)):
            value = getattr(place.coordinates, axis)
            if not -limit <= value <= limit:
                ctx.add(None, f"places[{index}].coordinates.{axis}", "bad_coordinate",
                        {"value": value, "limit": limit}, "coordinates_format")
        lat, lon = place.coordinates.lat, place.coordinates.lon
        if _IN_SWEDEN_LON[0] <= lat <= _IN_SWEDEN_LON[1] and _IN_SWEDEN_LAT[0] <= lon <= _IN_SWEDEN_LAT[1]:
            # The two numbers of a Swedish place, written the other way round: the map shows the sea.
            ctx.add(None, f"places[{index}].coordinates", "coordinates_swapped",
                    {"lat": _number(lat), "lon": _number(lon)}, "swap_coordinates",
                    {"lat": _number(lon), "lon": _number(lat)}, severity=Severity.WARNING)
    embeds: list[tuple[str, schema.Survey | schema.Film]] = [
        (f"surveys[{i}]", s) for i, s in enumerate(document.surveys)]
    embeds += [(f"promises[{i}].films[{j}]", f) for i, p in enumerate(document.promises) for j, f in enumerate(p.films)]
    for path, entry in embeds:
        if entry.embed_url is not None and entry.provider is None:
            ctx.add(None, f"{path}.embed_url", "embed_needs_provider", hint="add_provider")
