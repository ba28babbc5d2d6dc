"""What changed between two versions of promises.yaml, told in the words of the site, for reviewers.

The validated documents are compared, not the YAML text: reordered keys, re-folded text and a
reordered list of entries with ids change nothing residents see, so they print nothing. The
walk follows the dataclasses of `schema` (fields and type hints), so a new field is compared
without code here; the kinds of entry reviewers care about have their own wording.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import types
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..data import catalogue, languages, schema
from ..model import build_activity
from ..pages.escape import md_escape
from ..pages.helpers.dates import site_date, site_number, site_period

LONG_TEXT = 80  # longer texts are shown once, as their new wording, not as old → new


@dataclass(frozen=True)
class Value:
    """A value from the data (a name, a date, a status): emphasised, and escaped in Markdown."""

    text: str


@dataclass(frozen=True)
class Plain:
    """Text from the data shown as it is (the promise a line concerns), escaped in Markdown."""

    text: str


Part = str | Value | Plain  # a str is our own wording
Line = tuple[Part, ...]

# What a line says about an entry of each kind (added, removed, changed), the names of fields, and
# the summary's own words: the catalogue's diff section (generator/data/messages/<lang>.yaml). A kind
# without words of its own is named by the list it is in (other_kind).


# What a line about a new (or removed) entry tells besides its name.
ADDED_DETAILS: dict[str, tuple[str, ...]] = {
    "Promise": ("period",), "Activity": ("owners", "status"), "Update": ("text", "status", "source"),
    "Survey": ("opens", "closes"), "Contact": ("organisation", "role", "email", "phone"),
    "Result": ("date", "source"), "Meeting": ("date", "place"), "Film": ("url",),
}
REMOVED_DETAILS: dict[str, tuple[str, ...]] = {"Update": ("text",)}
# Fields that are not shown as such: ids (a new id is a new entry), and an activity's initial
# status, whose visible effect (the current status) is compared instead.
SKIPPED = {("Activity", "status")}
TOP_LEVEL_ORDER = ("promises", "surveys", "contacts", "places", "organisations", "site", "accessibility")


def normalised_text(text: str) -> str:
    """Text as residents read it: spaces and line breaks within a paragraph do not matter."""
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()))


def _normalised(value: Any) -> Any:
    if isinstance(value, schema.I18n):
        return tuple(sorted((code, normalised_text(text)) for code, text in value.items()))
    if isinstance(value, str):
        return normalised_text(value)
    if isinstance(value, tuple):
        return tuple(_normalised(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return (type(value).__name__,
                tuple((f.name, _normalised(getattr(value, f.name))) for f in dataclasses.fields(value)))
    return value


def _unwrap(hint: Any) -> tuple[Any, list[Any]]:
    """The type under Optional and Annotated, and the annotations found on the way."""
    extras: list[Any] = []
    while True:
        origin = typing.get_origin(hint)
        if origin is typing.Annotated:
            hint, *more = typing.get_args(hint)
            extras += more
        elif origin in (typing.Union, types.UnionType):
            hint = next(a for a in typing.get_args(hint) if a is not type(None))
        else:
            return hint, extras


def _ref(extras: list[Any]) -> str | None:
    return next((e.collection for e in extras if isinstance(e, schema.RefTo)), None)


def _has_id(item: Any) -> bool:
    return any(f.name == "id" for f in dataclasses.fields(item))


@dataclass(frozen=True)
class _Step:
    item: Any  # the entry (the new version, or the old one when it was removed)
    list_name: str  # the field of the parent it is in
    single: bool = False  # the only one of its kind (site, accessibility): not named


@dataclass
class _Differ:
    old: schema.Document
    new: schema.Document
    lang: str
    ui: dict[str, str]
    today: dt.date
    lines: list[Line] = field(default_factory=list)

    def __post_init__(self) -> None:
        wording = catalogue.load(self.lang)["diff"]
        self.labels: dict[str, str] = wording["labels"]
        self.words: dict[str, str] = wording["words"]
        self.kinds: dict[str, list[str]] = wording["kinds"]
        self.other_kind: list[str] = wording["other_kind"]
        self.old_ids = _top_level_ids(self.old)
        self.new_ids = _top_level_ids(self.new)
        self.users = _promises_using(self.new, self.lang)
        for key, titles in _promises_using(self.old, self.lang).items():
            self.users.setdefault(key, titles)

    # --- walking the two documents -------------------------------------------------------

    def run(self) -> list[Line]:
        names = [f.name for f in dataclasses.fields(schema.Document)]
        order = sorted(names, key=lambda n: TOP_LEVEL_ORDER.index(n) if n in TOP_LEVEL_ORDER else len(names))
        self._compare_fields(self.old, self.new, (), (), only=order)
        return self.lines

    def _compare_fields(self, old: Any, new: Any, path: tuple[_Step, ...], prefix: tuple[str, ...],
                        only: Iterable[str] | None = None) -> None:
        """Each field of two versions of the same entry; `prefix` names a nested group (image: …)."""
        hints = typing.get_type_hints(type(new), include_extras=True)
        kind = type(new).__name__
        for name in only or [f.name for f in dataclasses.fields(new)]:
            if name == "id" or (kind, name) in SKIPPED:
                continue
            before, after, hint = getattr(old, name), getattr(new, name), hints[name]
            base, extras = _unwrap(hint)
            if typing.get_origin(base) is tuple:
                item_base, item_extras = _unwrap(typing.get_args(base)[0])
                if dataclasses.is_dataclass(item_base):
                    self._compare_lists(before, after, name, path)
                else:
                    self._compare_refs(before, after, _ref(item_extras), name, path, prefix)
            elif (before is not None and after is not None and dataclasses.is_dataclass(base)
                  and base not in (schema.I18n, schema.Period, schema.PeriodDate)):
                if getattr(base, "__name__", "") in self.kinds:
                    self._compare_fields(before, after, (*path, _Step(after, name, single=True)), ())
                else:
                    self._compare_fields(before, after, path, (*prefix, self._label(name)))
            elif _normalised(before) != _normalised(after):
                self._changed_value(path, (*prefix, self._label(name)), before, after, base, extras)
        if isinstance(new, schema.Activity):
            self._compare_status(old, new, path)

    def _compare_lists(self, old: tuple[Any, ...], new: tuple[Any, ...], list_name: str,
                       path: tuple[_Step, ...]) -> None:
        pairs, removed = _match(old, new)
        for before, after in pairs:
            if before is None:
                self._added((*path, _Step(after, list_name)))
            elif _normalised(before) != _normalised(after):
                self._compare_fields(before, after, (*path, _Step(after, list_name)), ())
        for item in removed:
            self._removed((*path, _Step(item, list_name)))

    def _compare_refs(self, old: tuple[str, ...], new: tuple[str, ...], collection: str | None, name: str,
                      path: tuple[_Step, ...], prefix: tuple[str, ...]) -> None:
        """A list of ids (owners, places, contacts): its order does not matter; an entry added to
        (or removed from) its top-level list at the same time already has a line of its own."""
        added, gone = set(new) - set(old), set(old) - set(new)
        if collection is not None:
            added -= self.new_ids.get(collection, set()) - self.old_ids.get(collection, set())
            gone -= self.old_ids.get(collection, set()) - self.new_ids.get(collection, set())
        if not added and not gone:
            return
        before = ", ".join(self._ref_name(collection, v, self.old) for v in old) if collection else ", ".join(old)
        after = ", ".join(self._ref_name(collection, v, self.new) for v in new) if collection else ", ".join(new)
        self._line(path, "changed", [*self._prefix((*prefix, self._label(name))), " ",
                                     *_arrow(before or None, after or None)])

    def _compare_status(self, old: schema.Activity, new: schema.Activity, path: tuple[_Step, ...]) -> None:
        """The status residents see: the newest update's, else the initial one."""
        promise = _promise_of(path)
        before = self._current_status(old, promise, self.old)
        after = self._current_status(new, promise, self.new)
        if before != after:
            self._line(path, "changed", [self.labels["status"], " ", *_arrow(before, after)])

    # --- lines -----------------------------------------------------------------------------

    def _added(self, path: tuple[_Step, ...]) -> None:
        self._line(path, "added", self._details(path, ADDED_DETAILS, self.new))

    def _removed(self, path: tuple[_Step, ...]) -> None:
        self._line(path, "removed", self._details(path, REMOVED_DETAILS, self.old))

    def _details(self, path: tuple[_Step, ...], which: dict[str, tuple[str, ...]],
                 document: schema.Document) -> list[Part]:
        item = path[-1].item
        hints = typing.get_type_hints(type(item), include_extras=True)
        parts: list[Part] = []
        for name in which.get(type(item).__name__, ()):
            value: str | None
            if isinstance(item, schema.Activity) and name == "status":
                value = self._current_status(item, _promise_of(path), document)
            else:
                base, extras = _unwrap(hints[name])
                value = self._text(getattr(item, name), base, extras, document)
            if value:
                parts += ["; " if parts else "", self._label(name), " ", Value(value)]
        return parts

    def _changed_value(self, path: tuple[_Step, ...], label: tuple[str, ...], before: Any, after: Any,
                       base: Any, extras: list[Any]) -> None:
        words: list[Part] = [self._prefix(label)]
        if isinstance(before, schema.I18n) and isinstance(after, schema.I18n):
            mine = normalised_text(before.get(self.lang)) != normalised_text(after.get(self.lang))
            if not mine:  # only another edition's text changed: name it, and show that text
                codes = sorted({c for c, _ in before.items()} | {c for c, _ in after.items()})
                other = next(c for c in codes if normalised_text(before.get(c)) != normalised_text(after.get(c)))
                language = languages.language_name(other, self.lang)
                words.append(f" ({self.words['other_lang'].format(language=language)})")
                before, after = before.get(other), after.get(other)
                base = str
        old_text = self._text(before, base, extras, self.old)
        new_text = self._text(after, base, extras, self.new)
        long = (any(isinstance(e, schema.Rich) for e in extras)
                or max(len(old_text or ""), len(new_text or "")) > LONG_TEXT)
        if long and new_text:  # the new wording in full; the old one is in the base
            words += [" → ", Value(new_text)]
        elif long and old_text:
            words += [" ", Value(_shorten(old_text)), " → –"]
        else:
            words += [" ", *_arrow(old_text, new_text)]
        self._line(path, "changed", words)

    def _line(self, path: tuple[_Step, ...], event: str, details: list[Part]) -> None:
        subject = path[-1]
        kind = type(subject.item).__name__
        phrases = self.kinds.get(kind) or [p.format(list=self._label(subject.list_name)) for p in self.other_kind]
        phrase = phrases[("added", "removed", "changed").index(event)]
        line: list[Part] = [phrase]
        name = None if subject.single else self._name(subject.item)
        if name is not None:
            line += [" ", name]
        line += self._context(path)
        if details:
            line += [": ", *details]
        self.lines.append(tuple(p for p in line if p != ""))

    def _context(self, path: tuple[_Step, ...]) -> list[Part]:
        """Which promise (and activity) a line is about: every line says so."""
        subject = path[-1].item
        promise = next((s.item for s in path[:-1] if isinstance(s.item, schema.Promise)), None)
        activity = next((s.item for s in path[:-1] if isinstance(s.item, schema.Activity)), None)
        if activity is not None and promise is not None:
            return [self.words["in_activity"], Value(activity.title.get(self.lang)),
                    " (", Plain(promise.title.get(self.lang)), ")"]
        if promise is not None:
            return [" (", Plain(promise.title.get(self.lang)), ")"]
        if len(path) == 1 and _has_id(subject):
            titles = self.users.get((path[0].list_name, subject.id))
            if titles:
                return [" (", Plain(", ".join(titles)), ")"]
        return []

    # --- values in words ---------------------------------------------------------------------

    def _label(self, name: str) -> str:
        return self.labels.get(name, name.replace("_", " "))

    @staticmethod
    def _prefix(label: tuple[str, ...]) -> str:
        return ": ".join(label)

    def _name(self, item: Any) -> Value | Plain | None:
        for name in ("title", "name"):
            value = getattr(item, name, None)
            if isinstance(value, schema.I18n):
                return Value(normalised_text(value.get(self.lang)))
            if isinstance(value, str):
                return Value(value)
        if isinstance(getattr(item, "date", None), dt.date | schema.PeriodDate):
            return Plain(self._date(item.date))
        # Otherwise its first text: an update's or a non-conformity's text, an image's file.
        for f in dataclasses.fields(item):
            value = getattr(item, f.name)
            if isinstance(value, schema.I18n):
                value = value.get(self.lang)
            if isinstance(value, str):
                return Value(_shorten(normalised_text(value)))
        return None

    def _text(self, value: Any, base: Any, extras: list[Any], document: schema.Document) -> str | None:
        if value is None:
            return None
        collection = _ref(extras)
        if collection is not None:
            return self._ref_name(collection, value, document)
        if isinstance(value, tuple):
            item_base, item_extras = (_unwrap(typing.get_args(base)[0]) if typing.get_origin(base) is tuple
                                      else (str, []))
            return ", ".join(t for v in value if (t := self._text(v, item_base, item_extras, document))) or None
        if isinstance(value, schema.I18n):
            return normalised_text(value.get(self.lang))
        if isinstance(value, schema.Period):
            text = site_period(value, languages.edition(self.lang).locale)
            extension = value.extension
            if extension is not None and extension.reason is None:  # never published
                text += " " + self.words["extended_unpublished"].format(original=self._date(extension.original_end))
            elif extension is not None and extension.reason is not None:  # told with its original end and reason
                text += " " + self.words["extended"].format(
                    original=self._date(extension.original_end),
                    reason=normalised_text(extension.reason.get(self.lang)))
            return text
        if isinstance(value, schema.PeriodDate | dt.date):
            return self._date(value)
        if isinstance(value, bool):
            return self.words["yes" if value else "no"]
        if isinstance(value, float):
            return site_number(value, languages.edition(self.lang).locale)
        if isinstance(value, schema.Coordinates):
            return f"{value.lat}, {value.lon}"
        if typing.get_origin(base) is typing.Literal and typing.get_args(base) == schema.STATUSES:
            return self._status(value)
        if dataclasses.is_dataclass(value):
            name = self._name(value)
            return name.text if name is not None else None
        return normalised_text(str(value))

    def _ref_name(self, collection: str, value: str, document: schema.Document) -> str:
        entry = next((e for e in getattr(document, collection, ()) if e.id == value), None)
        name = self._name(entry) if entry is not None else None
        return name.text if name is not None else value

    def _status(self, status: str | None) -> str:
        label = self.ui.get(f"status_{status or 'none'}", status or "")
        return label[:1].lower() + label[1:]

    def _current_status(self, activity: schema.Activity, promise: schema.Promise | None,
                        document: schema.Document) -> str:
        orgs = {o.id: o for o in document.organisations}
        places = {p.id: p for p in document.places}
        view = build_activity(activity, orgs, places, self.today, promise, document.site.overdue_days)
        return self._status(view.status)

    def _date(self, value: dt.date | schema.PeriodDate) -> str:
        return site_date(value, languages.edition(self.lang).locale)


def _promise_of(path: tuple[_Step, ...]) -> schema.Promise | None:
    return next((s.item for s in path if isinstance(s.item, schema.Promise)), None)


def _arrow(before: str | None, after: str | None) -> list[Part]:
    return [Value(before) if before else "–", " → ", Value(after) if after else "–"]


def _shorten(text: str, limit: int = LONG_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _match(old: tuple[Any, ...], new: tuple[Any, ...]) -> tuple[list[tuple[Any, Any]], list[Any]]:
    """Pairs (old or None, new) in the new order, and the old entries that have no pair.

    Entries with an id pair by id. Others pair with an equal entry first (so moving them is no
    change), then by their key (an update's date, else the title), in order."""
    if any(_has_id(items[0]) for items in (old, new) if items):
        by_id = {item.id: item for item in old}
        pairs = [(by_id.get(item.id), item) for item in new]
        kept = {item.id for item in new}
        return pairs, [item for item in old if item.id not in kept]
    left = list(old)
    found: dict[int, Any] = {}
    for index, item in enumerate(new):
        twin = next((o for o in left if _normalised(o) == _normalised(item)), None)
        if twin is not None:
            left.remove(twin)
            found[index] = twin
    for index, item in enumerate(new):
        if index not in found:
            twin = next((o for o in left if _key(o) is not None and _key(o) == _key(item)), None)
            if twin is not None:
                left.remove(twin)
                found[index] = twin
    return [(found.get(index), item) for index, item in enumerate(new)], left


def _key(item: Any) -> Any:
    if isinstance(item, schema.Update | schema.Measurement):
        return item.date
    for name in ("title", "name"):
        value = getattr(item, name, None)
        if value is not None:
            return _normalised(value)
    return None


def _top_level_ids(document: schema.Document) -> dict[str, set[str]]:
    return {f.name: {item.id for item in getattr(document, f.name)}
            for f in dataclasses.fields(document)
            if isinstance(getattr(document, f.name), tuple) and getattr(document, f.name)
            and _has_id(getattr(document, f.name)[0])}


def _references(value: Any, hint: Any = None) -> Iterator[tuple[str, str]]:
    """Every (collection, id) an entry refers to, found through the type hints."""
    base, extras = _unwrap(hint) if hint is not None else (type(value), [])
    collection = _ref(extras)
    if collection is not None and isinstance(value, str):
        yield collection, value
    elif isinstance(value, tuple) and typing.get_origin(base) is tuple:
        for item in value:
            yield from _references(item, typing.get_args(base)[0])
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        hints = typing.get_type_hints(type(value), include_extras=True)
        for f in dataclasses.fields(value):
            yield from _references(getattr(value, f.name), hints[f.name])


def _promises_using(document: schema.Document, lang: str) -> dict[tuple[str, str], list[str]]:
    """(collection, id) → the titles of the promises that refer to it."""
    users: dict[tuple[str, str], list[str]] = {}
    for promise in document.promises:
        title = normalised_text(promise.title.get(lang))
        for key in _references(promise):
            if title not in users.setdefault(key, []):
                users[key].append(title)
    return users


def describe_changes(old: schema.Document, new: schema.Document, lang: str, ui: dict[str, str],
                     today: dt.date) -> list[Line]:
    """One line per change a resident would see, in the order of the new file."""
    return _Differ(old, new, lang, ui, today).run()


def format_line(line: Line, fmt: str) -> str:
    out = []
    for part in line:
        if isinstance(part, Value):
            out.append(f"*{md_escape(part.text)}*" if fmt == "markdown" else f"*{part.text}*")
        elif isinstance(part, Plain):
            out.append(md_escape(part.text) if fmt == "markdown" else part.text)
        else:  # our own wording: no Markdown in it
            out.append(part)
    return "".join(out)


def format_changes(lines: list[Line], lang: str, fmt: str) -> str:
    words = catalogue.load(lang)["diff"]["words"]
    if fmt == "markdown":
        body = "\n".join(f"- {format_line(line, fmt)}" for line in lines) or words["nothing"]
        return f"### {words['heading']}\n\n{body}\n"
    return "".join(f"{format_line(line, fmt)}\n" for line in lines) or f"{words['nothing']}\n"

