"""`translations export` and `translations import`: the site's texts to and from the files
translators work in (gettext PO, as Babel writes and reads it).

Export writes every text an edition lacks or has outdated: the Swedish text as `msgid`, a key
that stays the same when entries move as `msgctxt` (`promises/<id>/activities/<id>/title`, or
`ui/<key>` for the wording), the file and line it is written on as the reference, and the
English text, when there is one, for the translator's reference. An outdated translation goes
with it, marked fuzzy, for the translator to correct rather than redo.

Import writes each translated entry (not empty, not fuzzy) into promises.yaml or the edition's
wording file, through ruamel.yaml's round trip: comments, order, quoting and layout stay as the
editors wrote them. It records which Swedish text each translation was made from
(`data.translations`), so that `validate` can tell when one becomes outdated.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken
from ruamel.yaml.util import load_yaml_guess_indent

from .. import __version__
from ..data import languages
from ..data.handwritten import shown_path
from ..data.load import Mapping, Node, Scalar, Sequence, load_file
from ..data.problems import Problem
from ..data.translations import RECORD, digest, outdated_pages, read_record, record_path
from ..data.validate import Validated
from ..data.wording import DEFAULT_UI, load_ui, ui_path
from ..pages import routes

UI = "ui/"  # the msgctxt prefix of a wording text
PAGES = "pages/"  # of a hand-written page (content/pages/<code>/<name>.md), the whole page one text
_HEADER = """\
# {title}: the texts to translate into {name}.
# Translate each msgstr; leave msgid and msgctxt as they are. An entry marked fuzzy holds a
# translation of an earlier Swedish text: correct it, then remove the fuzzy mark.
# Written by `medborgarloften translations export`; read back by `translations import`."""
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_BLOCK = (FoldedScalarString, LiteralScalarString)
_WRAP = 88  # where a new folded translation is wrapped in the YAML (the texts' own width)


def export_catalog(result: Validated, data: Path, display: str, content: Path, code: str,
                   today: dt.date, codes: tuple[str, ...]) -> Catalog:
    """The PO catalog of every text edition `code` lacks or has outdated, in the file's order."""
    edition = languages.edition(code)
    assert result.document is not None  # export reads a valid file only
    catalog = Catalog(locale=edition.locale, project="medborgarloften", version=__version__,
                      creation_date=_noon(today), revision_date=_noon(today), fuzzy=False,
                      language_team=edition.name, last_translator="", msgid_bugs_address="",
                      header_comment=_HEADER.format(name=edition.name, title=result.document.site.title.base))
    root = load_file(data, display).root
    assert root is not None  # validated
    base = str(result.document.site.url or "").rstrip("/")
    for node, path, present in result.texts:
        if code in present:
            continue
        source, stale, english = _texts(node, code)
        key = stable_key(root, path)
        comments = [f"{languages.REFERENCE}: {english}"] if english and code != languages.REFERENCE else []
        page = page_of(key)
        if page is not None:  # the address on the published site (site.url), else below its root
            comments.append(f"page: {base}/{edition.prefix}{page}")
        catalog.add(source, stale or "", [(display, _line(node))], flags=("fuzzy",) if stale else (),
                    auto_comments=comments, context=key)
    for name, source, stale_page in _missing_pages(content, code):
        catalog.add(source, stale_page or "", [(f"{content.name}/pages/{languages.DEFAULT}/{name}", 1)],
                    flags=("fuzzy",) if stale_page else (), context=PAGES + name,
                    auto_comments=[f"page: {base}/{edition.prefix}{routes.published_address(name)}",
                                   "Markdown: keep the --- lines, the names before the colons under the first, "
                                   "and the # of headings"])
    for key, source, where, line in _missing_wording(content, code, codes):
        # {placeholders} kept: translators' tools and msgfmt --check compare them with the Swedish's
        flags = ("python-brace-format",) if "{" in source else ()
        catalog.add(source, "", [(where, line)], flags=flags, context=UI + key)
    return catalog


# The page a text is shown on, by the first part of its key: a promise's texts on the promise's
# page, a place's on the place's, an organisation's on its own; the site's on the start page.
_PAGES = {"promises": "promise", "places": "place", "organisations": "owner"}
_PAGES_OF_SECTIONS = {"site": "home", "accessibility": "accessibility"}


def page_of(key: str) -> str | None:
    """The address (below the edition's prefix) of the page that shows a text, where there is one
    main page for it: `promises/lerum-2021/goal` → `loften/lerum-2021/`."""
    section, _, rest = key.partition("/")
    if section in _PAGES and rest:
        return routes.address(_PAGES[section], rest.split("/")[0])
    if section in _PAGES_OF_SECTIONS:
        return routes.address(_PAGES_OF_SECTIONS[section])
    return None


def stable_key(root: Node, path: str) -> str:
    """The key of a text that stays the same when entries move: `promises[1].activities[0].title`
    is `promises/lerum-2021/activities/nattvandring/title`. An entry with no id is named by its
    place in the list (`updates/0`)."""
    parts: list[str] = []
    node: Node | None = root
    for match in _PATH_PART.finditer(path):
        name, index = match.groups()
        if name is not None:
            parts.append(name)
            node = node.items.get(name, (None, None))[1] if isinstance(node, Mapping) else None
            continue
        node = node.items[int(index)] if isinstance(node, Sequence) and int(index) < len(node.items) else None
        ident = node.items.get("id", (None, None))[1] if isinstance(node, Mapping) else None
        parts.append(ident.value.strip() if isinstance(ident, Scalar) and ident.value.strip() else index)
    return "/".join(parts)


def write_catalog(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=0, omit_header=False)
    return out.getvalue()


def _noon(day: dt.date) -> dt.datetime:
    """The build date as the file's date: the same data on the same day gives the same file."""
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)


def _line(node: Node) -> int:
    if isinstance(node, Mapping) and languages.DEFAULT in node.items:
        return node.items[languages.DEFAULT][1].line
    return node.line


def _texts(node: Node, code: str) -> tuple[str, str | None, str | None]:
    """A text's Swedish, its (outdated) translation in `code` if written, and its English."""
    if isinstance(node, Scalar):
        return node.value.strip(), None, None

    def value(lang: str) -> str | None:
        found = node.items.get(lang, (None, None))[1] if isinstance(node, Mapping) else None
        return found.value.strip() if isinstance(found, Scalar) else None

    return value(languages.DEFAULT) or "", value(code), value(languages.REFERENCE)


def _missing_pages(content: Path, code: str) -> list[tuple[str, str, str | None]]:
    """The hand-written pages (content/pages/) an edition lacks or has outdated: name, the Swedish
    page, and the outdated translation."""
    swedish, own = content / "pages" / languages.DEFAULT, content / "pages" / code
    stale = outdated_pages(content, read_record(content), code, languages.DEFAULT)
    return [(page.name, page.read_text(encoding="utf-8"),
             stale[page.name].read_text(encoding="utf-8") if page.name in stale else None)
            for page in sorted(swedish.glob("*.md")) if page.name in stale or not (own / page.name).is_file()]


def _missing_wording(content: Path, code: str, codes: tuple[str, ...]) -> list[tuple[str, str, str, int]]:
    """The wording texts an edition has neither in content/ui/ nor in the package (an edition only
    the site has): key, the site's Swedish (the package's where the site's file lacks it), and
    the file and line the Swedish is written on."""
    words, _ = load_ui(content, tuple(dict.fromkeys((*codes, code))))
    swedish = words.get(languages.DEFAULT, {})
    have = set(_keys(ui_path(content, code))) | set(_keys(DEFAULT_UI / f"{code}.yaml"))
    own, package = _keys(ui_path(content, languages.DEFAULT)), _keys(DEFAULT_UI / f"{languages.DEFAULT}.yaml")
    missing = []
    for key, line in package.items():  # the keys the package's wording has, in its order
        if key in have or key not in swedish:
            continue
        where = (f"{content.name}/ui/{languages.DEFAULT}.yaml", own[key]) if key in own and \
            ui_path(content, languages.DEFAULT).parent != DEFAULT_UI else (_package_display(), line)
        missing.append((key, swedish[key], *where))
    return missing


def _keys(path: Path) -> dict[str, int]:
    """A wording file's keys and the lines their texts are on (none when there is no such file)."""
    root = load_file(path, path.name).root if path.is_file() else None
    return {key: value.line for key, (_k, value) in root.items.items()} if isinstance(root, Mapping) else {}


def _package_display() -> str:
    """The package's Swedish wording, as a path below the package: generator/pages/wording/sv.yaml."""
    return (DEFAULT_UI / f"{languages.DEFAULT}.yaml").relative_to(DEFAULT_UI.parent.parent.parent).as_posix()


# --- import ---------------------------------------------------------------------------------

@dataclass
class Imported:
    """What an import did: the translations written, the entries left out (no text, fuzzy), the
    files changed, and the entries that could not be used (a problem each, at the PO file's line)."""

    code: str
    written: int = 0
    skipped: int = 0
    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def edition_of(catalog: Catalog, codes: tuple[str, ...]) -> str | None:
    """The site's edition a PO file is for, from its Language header: fi → fi; sv_SE, the language
    of lättläst, → the site's one Swedish edition besides the default."""
    if catalog.locale is None:
        return None
    language = catalog.locale.language
    found = [c for c in codes if c != languages.DEFAULT
             and languages.edition(c).locale.split("_")[0].split("-")[0] == language]
    return found[0] if len(found) == 1 else None


def import_catalog(po: Path, po_display: str, data: Path, content: Path, codes: tuple[str, ...],
                   code: str | None = None) -> Imported:
    """Write the PO file's translations into promises.yaml, the wording file and the record."""
    try:
        with po.open("rb") as stream:
            catalog = read_po(stream, abort_invalid=True)
    except (PoFileError, UnicodeDecodeError, ValueError) as exc:
        return Imported(code or "", problems=[Problem(po_display, getattr(exc, "lineno", 1) or 1, 1, "",
                                                      "po_unreadable", {"detail": str(exc).splitlines()[0]})])
    code = code or edition_of(catalog, codes)
    done = Imported(code or "")
    if code is None or code not in codes or code == languages.DEFAULT:
        done.problems.append(Problem(po_display, 1, 1, "", "po_no_edition",
                                     {"codes": ", ".join(c for c in codes if c != languages.DEFAULT)}))
        return done
    try:
        data_file, ui_file = _RoundTrip(data), _RoundTrip(content / "ui" / f"{code}.yaml", create=True)
    except _Unreadable as exc:  # nothing is written: the file's own message, at its line
        done.problems.append(exc.problem)
        return done
    record = read_record(content)
    made = record.setdefault(code, {})
    for message in catalog:
        if not message.id or not message.context:
            continue
        translation = str(message.string).strip() if message.string else ""
        if not translation or message.fuzzy:
            done.skipped += 1
            continue
        context = message.context
        if context.startswith(PAGES):
            problem = _put_page(content, context[len(PAGES):], str(message.id), str(message.string), code)
        elif context.startswith(UI):
            problem = ui_file.set_ui(context[len(UI):], translation)
        else:
            problem = _put(data_file, context, str(message.id), translation, code, codes)
        if problem is not None:
            done.problems.append(Problem(po_display, message.lineno or 1, 1, context, problem, {"key": context}))
            continue
        done.written += 1
        if context.startswith(PAGES):
            done.files.append((content / "pages" / code / context[len(PAGES):]).as_posix())
        if not context.startswith(UI):  # the wording's translations are not tracked
            made[digest(translation)] = made.get(digest(translation), frozenset()) | {digest(str(message.id))}
    for changed in (data_file, ui_file):
        if changed.changed:
            changed.write()
            done.files.append(changed.path.as_posix())
    if done.written:
        write_record(content, record)
        done.files.append((content / RECORD).as_posix())
    return done


def _put_page(content: Path, name: str, source: str, translation: str, code: str) -> str | None:
    """Write a translated hand-written page; the catalogue key of the reason it cannot be, else None."""
    swedish = content / "pages" / languages.DEFAULT / name
    if "/" in name or not name.endswith(".md") or not swedish.is_file():
        return "po_text_gone"
    if digest(swedish.read_text(encoding="utf-8")) != digest(source):
        return "po_source_changed"
    page = content / "pages" / code / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(translation.rstrip("\n") + "\n", encoding="utf-8")
    return None


def _put(target: _RoundTrip, context: str, source: str, translation: str, code: str,
         codes: tuple[str, ...]) -> str | None:
    """Write one translation of promises.yaml; the catalogue key of the reason it cannot be, else None."""
    parent, key = target.find(context)
    if parent is None:
        return "po_text_gone"
    current = parent[key]
    swedish = current.get(languages.DEFAULT) if isinstance(current, CommentedMap) else current
    if not isinstance(swedish, str) or digest(swedish) != digest(source):
        return "po_source_changed"
    if not isinstance(current, CommentedMap):  # a plain text: Swedish alone, now with a translation
        current = CommentedMap([(languages.DEFAULT, swedish)])
        if isinstance(parent, CommentedMap) and key in parent.ca.items:  # its comment goes with the text
            current.ca.items[languages.DEFAULT] = parent.ca.items.pop(key)
        parent[key] = current
    _insert(current, code, _styled(translation, swedish), codes)
    target.changed = True
    return None


def _insert(texts: CommentedMap, code: str, value: Any, codes: tuple[str, ...]) -> None:
    """The translation in its edition's place among the others, in site.languages' order."""
    if code in texts:
        texts[code] = value
        return
    order = {c: i for i, c in enumerate((languages.DEFAULT, *codes))}
    position = sum(1 for c in texts if order.get(c, len(order)) < order.get(code, len(order)))
    last = list(texts)[-1] if position == len(texts) else None
    texts.insert(position, code, value)
    if last is not None:
        _move_trailing(texts, last, code)


def _move_trailing(texts: CommentedMap, before: str, new: str) -> None:
    """What followed the last text of a mapping (blank lines, a comment on the next entry) follows
    the translation appended after it; an end-of-line comment stays on its line."""
    entry = texts.ca.items.get(before)
    if not entry or len(entry) < 3 or entry[2] is None:
        return
    value = entry[2].value
    if isinstance(texts[before], _BLOCK):  # a block scalar's own line end is not in the comment
        keep, rest = "", value
    else:
        first, _, rest = value.partition("\n")
        keep = first + "\n" if first.strip() else ""
    if not rest:
        return
    if keep:
        entry[2].value = keep
    else:
        del texts.ca.items[before]
    lead = "" if isinstance(texts[new], _BLOCK) else "\n"
    texts.ca.items[new] = [None, None, CommentToken(lead + rest, CommentMark(0), None), None]


def _styled(translation: str, swedish: Any) -> Any:
    """A new translation written as its Swedish is: a paragraph written folded (`>-`) stays a
    folded paragraph, wrapped; text over several lines a literal block."""
    if "\n" in translation:
        return LiteralScalarString(translation)
    if isinstance(swedish, _BLOCK) and len(translation) > _WRAP:
        folded = FoldedScalarString(translation)
        folded.fold_pos = _fold_positions(translation)
        return folded
    return translation


def _fold_positions(text: str) -> list[int]:
    positions, at = [], 0
    lines = textwrap.wrap(text, _WRAP, break_long_words=False, break_on_hyphens=False)
    for line in lines[:-1]:
        at = text.index(line, at) + len(line)
        positions.append(at)
    return positions


class _Unreadable(Exception):
    """A file the import would change cannot be read: `problem` says where and why."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.code)
        self.problem = problem


class _RoundTrip:
    """A YAML file read for changing in place: comments, order, quotes and indentation kept."""

    def __init__(self, path: Path, create: bool = False) -> None:
        self.path, self.changed = path, False
        self.yaml = YAML()
        self.yaml.preserve_quotes = True
        self.yaml.width = 4096  # never rewrap a line the editors wrote
        raw = path.read_bytes() if path.is_file() else b""
        # Written back as it came: with its byte order mark and Windows line ends, if it had them.
        self.bom, self.crlf = raw.startswith(codecs.BOM_UTF8), b"\r\n" in raw
        shown = shown_path(path)
        try:
            text = raw.decode("utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError as exc:
            raise _Unreadable(Problem(shown, raw[:exc.start].count(b"\n") + 1, 1, "", "not_utf8",
                                      {"offset": exc.start})) from exc
        self.yaml.indent(mapping=2, sequence=4, offset=2)  # the project's own layout, for a new file
        self.data = CommentedMap() if create else None
        if text.strip():
            try:
                self.data = self.yaml.load(text)
            except YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
                detail = str(getattr(exc, "problem", None) or exc)
                raise _Unreadable(Problem(shown, line, column, "", "yaml_syntax", {"detail": detail})) from exc
            _, indent, offset = load_yaml_guess_indent(text)
            if indent is not None and offset is not None:  # a file with a list: its own indentation
                self.yaml.indent(mapping=max(indent - offset, 2) if offset else indent, sequence=indent,
                                 offset=offset)

    def find(self, context: str) -> tuple[Any, Any]:
        """The container of the text a key names, and its key or index there; (None, None) when
        the text is no longer in the file."""
        parent: Any = None
        key: Any = None
        node: Any = self.data
        for part in context.split("/"):
            parent = node
            if isinstance(node, CommentedMap) and part in node:
                key = part
            elif isinstance(node, CommentedSeq):
                key = next((i for i, item in enumerate(node) if isinstance(item, CommentedMap)
                            and str(item.get("id", "")).strip() == part), None)
                if key is None and part.isdigit() and int(part) < len(node):
                    key = int(part)
                if key is None:
                    return None, None
            else:
                return None, None
            node = node[key]
        return (parent, key) if isinstance(node, (str, CommentedMap)) else (None, None)

    def set_ui(self, key: str, translation: str) -> str | None:
        if not isinstance(self.data, CommentedMap):
            return "po_text_gone"
        self.data[key] = translation
        self.changed = True
        return None

    def write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        text = out.getvalue().replace("\n", "\r\n") if self.crlf else out.getvalue()
        self.path.write_bytes((codecs.BOM_UTF8 if self.bom else b"") + text.encode("utf-8"))


_RECORD_HEAD = """\
# Written by `medborgarloften translations import`; not for editing by hand. For each edition: a
# short digest of each imported translation, and of the Swedish text(s) it was made from. When a
# Swedish text changes, `validate` finds its translation outdated, and the site shows the Swedish
# until the translation is updated (REDAKTORSGUIDE.md, "Översättningar").
"""


def write_record(content: Path, record: dict[str, dict[str, frozenset[str]]]) -> None:
    """The record, sorted: the same translations give the same file."""
    lines = [_RECORD_HEAD.rstrip("\n")]
    for code in sorted(record):
        if not record[code]:
            continue
        lines.append(f"{code}:")
        lines += [f"  {made}: [{', '.join(sorted(sources))}]" for made, sources in sorted(record[code].items())]
    path = record_path(content)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

