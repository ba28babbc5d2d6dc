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

from generator import schema
from generator.load import Mapping, Node, Scalar, Sequence, load_file, paused_gc
from generator.problems import Problem, Severity

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_EMAIL = re.compile(rf"^[A-Za-z0-9.!#$%&'*+/=?^_`{{|}}~-]+@{_LABEL}(?:\.{_LABEL})+$")
# Swedish numbers as people write them: 010-56 57 421, 0302-521681, +46 10 565 74 21.
_PHONE = re.compile(r"^(?:\+\d{1,3}[ -]?)?\(?0?\d{1,4}\)?(?:[ -]?\d{1,4}){1,5}$")
_HTTPS = re.compile(r"^https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d{1,5})?(?:[/?#][^\s<>\"]*)?$")
_BOOLS = {"true": True, "false": False}
_NULLS = ("", "~", "null")  # written without quotes: a field that is not given
_NAMES = {"sv": {Mapping: "fält", Sequence: "en lista", Scalar: "en text"},
          "en": {Mapping: "fields", Sequence: "a list", Scalar: "a text"}}


@dataclass
class _Context:
    file: str
    content_dir: Path
    today: dt.date | None
    problems: list[Problem] = field(default_factory=list)
    ids: dict[tuple[str, str], dict[str, Scalar]] = field(default_factory=dict)
    refs: list[tuple[str, str, Scalar, str]] = field(default_factory=list)
    marks: dict[str, tuple[int, int]] = field(default_factory=dict)

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
TRANSLATION_CODES = frozenset({"missing_translation", "missing_swedish"})


@dataclass
class Validated:
    document: schema.Document | None
    problems: list[Problem]
    marks: dict[str, tuple[int, int]]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity is Severity.WARNING]

    @property
    def translations(self) -> list[Problem]:
        """Texts that exist in one language only: the translation report."""
        return [p for p in self.problems if p.code in TRANSLATION_CODES]


def validate_file(path: Path, content_dir: Path, today: dt.date | None = None,
                  display: str | None = None) -> Validated:
    with paused_gc():  # the document is another big acyclic tree
        loaded = load_file(path, display)
        if loaded.root is None:
            return Validated(None, sorted(loaded.problems, key=lambda p: p.sort_key), {})
        result = validate_tree(loaded.root, loaded.file, content_dir, today)
    result.problems = sorted(loaded.problems + result.problems, key=lambda p: p.sort_key)
    if any(p.severity is Severity.ERROR for p in loaded.problems):
        result.document = None
    return result


def validate_tree(root: Node, file: str, content_dir: Path, today: dt.date | None = None) -> Validated:
    ctx = _Context(file, content_dir, today)
    try:
        document = _convert(root, _plan(schema.Document), "", ctx)
    except _Invalid:
        document = None
    _check_references(ctx)
    if document is not None:
        _check_document(document, ctx)
        _check_pages(document, ctx)
    ok = not any(p.severity is Severity.ERROR for p in ctx.problems)
    return Validated(document if ok else None, sorted(ctx.problems, key=lambda p: p.sort_key), ctx.marks)


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
    for simple, how in ((schema.I18n, "i18n"), (str, "text"), (bool, "bool"), (int, "int"), (float, "float"),
                        (dt.date, "date"), (schema.PeriodDate, "period_date")):
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


@functools.cache
def _fields(cls: Any) -> _Fields:
    """A schema class's type hints and fields (get_type_hints evaluates every annotation: once is enough)."""
    fields = dataclasses.fields(cls)
    hints = typing.get_type_hints(cls, include_extras=True)
    return _Fields({f.name: _plan(hints[f.name]) for f in fields}, [f.name for f in fields],
                   tuple(f.name for f in fields if _required(f)))


def _convert(node: Node, plan: _Plan, path: str, ctx: _Context) -> Any:
    ctx.marks.setdefault(path, (node.line, node.column))
    how, arg = plan
    if how == "i18n":
        return _convert_i18n(node, path, ctx)
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


def _got(node: Node) -> dict[str, str]:
    return {lang: names[type(node)] for lang, names in _NAMES.items()}


def _expect(node: Node, kind: type, path: str, ctx: _Context) -> None:
    if not isinstance(node, kind):
        code = {Mapping: "expected_mapping", Sequence: "expected_list", Scalar: "expected_text"}[kind]
        ctx.add(node, path, code, {"got": _got(node)})
        raise _Invalid


def _text(node: Node, path: str, ctx: _Context) -> str:
    """Text as the editor typed it: `no`, `12:30`, `2020` or `010` stay exactly that text."""
    _expect(node, Scalar, path, ctx)
    assert isinstance(node, Scalar)
    value = node.value.strip()
    if not value:
        if node.plain:
            ctx.add(node, path, "missing_field", {"key": path.rsplit(".", 1)[-1]})
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
    for key, (key_node, value_node) in node.items.items():
        if key not in plans:
            _unknown_key(key, key_node, schema_fields.names, path, ctx)
            failed = unknown = True
            continue
        fpath = f"{path}.{key}" if path else key
        ctx.marks[fpath] = (value_node.line, value_node.column)
        if type(value_node) is Scalar and value_node.plain and value_node.value in _NULLS:
            if key in required:
                ctx.add(value_node, fpath, "missing_field", {"key": key})
                failed = True
            continue  # an empty optional field means "not given"
        try:
            value = values[key] = _convert(value_node, plans[key], fpath, ctx)
        except _Invalid:
            failed = True
            continue
        if value == () and key in required:
            ctx.add(value_node, fpath, "list_empty")
            failed = True
    misspelled = {m for key in node.items if key not in plans
                  for m in difflib.get_close_matches(key, schema_fields.names, n=1, cutoff=0.6)} if unknown else set()
    for name in required:
        if name not in node.items:
            if name not in misspelled:  # "unknown field 'titel' — did you mean 'title'?" says it already
                ctx.add(node, _join(path, name), "missing_field", {"key": name})
            failed = True
    if failed:
        raise _Invalid
    return cls(**values)


def _required(f: dataclasses.Field[Any]) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


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
        ctx.add(node, path, "missing_translation", hint="add_translation", severity=Severity.WARNING)
        return schema.I18n(sv=text)
    if not isinstance(node, Mapping):
        ctx.add(node, path, "expected_i18n")
        raise _Invalid
    return _complete_i18n(node, path, ctx) or _convert_dataclass_i18n(node, path, ctx)


def _complete_i18n(node: Mapping, path: str, ctx: _Context) -> schema.I18n | None:
    """The common case, {sv: text, en: text} with both filled in, without the general conversion
    (a national file has tens of thousands); anything else returns None and takes the long way."""
    if len(node.items) != 2 or "sv" not in node.items or "en" not in node.items:
        return None
    sv, en = node.items["sv"][1], node.items["en"][1]
    if type(sv) is not Scalar or type(en) is not Scalar:
        return None
    sv_text, en_text = sv.value.strip(), en.value.strip()
    if not sv_text or not en_text or (sv.plain and sv.value in _NULLS) or (en.plain and en.value in _NULLS):
        return None
    ctx.marks[f"{path}.sv"] = (sv.line, sv.column)
    ctx.marks[f"{path}.en"] = (en.line, en.column)
    return schema.I18n(sv_text, en_text)


def _convert_dataclass_i18n(node: Mapping, path: str, ctx: _Context) -> schema.I18n:
    if "sv" not in node.items and "en" in node.items:
        ctx.add(node, path, "missing_swedish", hint="add_swedish")
        raise _Invalid
    value = _convert_dataclass(node, schema.I18n, path, ctx)
    if value.en is None:
        ctx.add(node, path, "missing_translation", hint="add_translation", severity=Severity.WARNING)
    return typing.cast(schema.I18n, value)


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
    month = _MONTH.match(value)
    if month:
        year, mon = (int(g) for g in month.groups())
        if not 1 <= mon <= 12:
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
}


def _convert_annotated(node: Node, base: _Plan, extras: tuple[Any, ...], path: str, ctx: _Context) -> Any:
    value = _convert(node, base, path, ctx)
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
            if not pattern.match(value):
                ctx.add(node, path, code, {"value": value}, hint)
                raise _Invalid
    return value


# Links an editor can write in formatted text: [text](url), <url>, or raw href/src attributes.
_LINK_TARGETS = re.compile(r"\]\(\s*<?([^)\s>]+)|<([a-z][a-z0-9+.-]*:[^>\s]*)>|(?:href|src)\s*=\s*[\"']?([^\"'\s>]+)",
                           re.IGNORECASE)
_SAFE_LINK = re.compile(r"^(?:https://|mailto:|tel:|/(?!/)|\.\.?/|#|[^:/?#]+(?:[/?#]|$))", re.IGNORECASE)


def _check_rich_links(value: schema.I18n, node: Node, path: str, ctx: _Context) -> None:
    """Formatted text may link only to https:, mailto:, tel: and pages of this site."""
    for lang in ("sv", "en"):
        text = getattr(value, lang)
        if text is None or ("](" not in text and "<" not in text and "=" not in text):
            continue  # none of the three link forms can match
        for match in _LINK_TARGETS.finditer(text):
            target = next(g for g in match.groups() if g)
            if not _SAFE_LINK.match(target):
                child = node.items[lang][1] if isinstance(node, Mapping) and lang in node.items else node
                ctx.add(child, f"{path}.{lang}" if isinstance(node, Mapping) else path, "bad_link",
                        {"value": target}, "link_schemes")


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


def _check_content_file(value: str, node: Scalar, path: str, ctx: _Context) -> None:
    pure = PurePosixPath(value)
    if pure.is_absolute() or ".." in pure.parts or "\\" in value:
        ctx.add(node, path, "bad_path", {"value": value}, "path_inside")
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
        _check_promise_parts(promise, base, ctx)
        for a_index, activity in enumerate(promise.activities):
            a_path = f"{base}.activities[{a_index}]"
            if activity.status in schema.NEEDS_REASON and activity.status_reason is None:
                ctx.add(None, f"{a_path}.status", "reason_missing", {"status": activity.status}, "add_reason",
                        {"field": "status_reason"})
            if not activity.updates:
                ctx.add(None, a_path, "no_updates", hint="add_update", severity=Severity.WARNING)
            for u_index, update in enumerate(activity.updates):
                u_path = f"{a_path}.updates[{u_index}]"
                if update.status in schema.NEEDS_REASON and update.reason is None:
                    ctx.add(None, f"{u_path}.status", "reason_missing", {"status": update.status},
                            "add_reason", {"field": "reason"})
                # A wrong year is the usual slip: an update long before its promise began is one.
                start = promise.period.start.first_day
                if (start - update.date.last_day).days > EARLY_UPDATE_DAYS:
                    ctx.add(None, f"{u_path}.date", "early_update",
                            {"date": str(update.date), "start": str(promise.period.start)},
                            hint="check_year", severity=Severity.WARNING)
                if ctx.today is not None and update.date.first_day > ctx.today:
                    ctx.add(None, f"{u_path}.date", "future_update",
                            {"date": str(update.date), "today": ctx.today.isoformat()},
                            severity=Severity.WARNING)
                if update.progress is not None and activity.target is None:
                    ctx.add(None, f"{u_path}.progress", "progress_without_target", hint="add_target")
    for index, survey in enumerate(document.surveys):
        if survey.opens is not None and survey.closes < survey.opens:
            ctx.add(None, f"surveys[{index}].closes", "survey_order",
                    {"opens": survey.opens.isoformat(), "closes": survey.closes.isoformat()})


def _check_promise_parts(promise: schema.Promise, base: str, ctx: _Context) -> None:
    """Themes, documents and an extension: references and orders inside one promise."""
    extension = promise.period.extension
    if extension is not None and extension.original_end.last_day >= promise.period.end.last_day:
        ctx.add(None, f"{base}.period.extension.original_end", "extension_order",
                {"original": str(extension.original_end), "end": str(promise.period.end)})
    themes = [t.id for t in promise.themes]
    for a_index, activity in enumerate(promise.activities):
        if activity.theme is not None and activity.theme not in themes:
            ctx.add(None, f"{base}.activities[{a_index}].theme", "unknown_theme", {"value": activity.theme},
                    "defined_ids" if themes else "add_themes", {"ids": ", ".join(themes)} if themes else None)
    documents = [d.id for d in promise.documents]
    for d_index, document in enumerate(promise.documents):
        if (document.file is None) == (document.url is None):
            ctx.add(None, f"{base}.documents[{d_index}]", "file_or_url")
    for r_index, result in enumerate(promise.results):
        if result.document is not None and result.document not in documents:
            ctx.add(None, f"{base}.results[{r_index}].document", "unknown_document", {"value": result.document},
                    "defined_ids" if documents else "add_documents",
                    {"ids": ", ".join(documents)} if documents else None)


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
    embeds: list[tuple[str, schema.Survey | schema.Film]] = [
        (f"surveys[{i}]", s) for i, s in enumerate(document.surveys)]
    embeds += [(f"promises[{i}].films[{j}]", f) for i, p in enumerate(document.promises) for j, f in enumerate(p.films)]
    for path, entry in embeds:
        if entry.embed_url is not None and entry.provider is None:
            ctx.add(None, f"{path}.embed_url", "embed_needs_provider", hint="add_provider")
