"""Which translations are outdated: the record `content/translations.yaml` that `translations import`
writes, and the stable key of each text (for the files translators work in).

A translation is *outdated* when the Swedish text it was made from has changed since. The record
says, per edition, which Swedish text each imported translation was made from: a short digest
of the translation → the digests of the Swedish texts it translates. A text is outdated when its
translation is in the record and the current Swedish text is not among its sources. Keyed by the
translation's own words, not by where it stands, the record survives reordering, new entries and
renamed ids; a translation changed by hand drops out of it and counts as made from the current
Swedish (decisions/2026-12-06-outdated-translations.md). Editors never write the record.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .load import Mapping, Node, Scalar, Sequence, load_file

RECORD = "translations.yaml"
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
DIGEST_LENGTH = 12  # hex digits: a collision among a site's few thousand texts is out of reach

# Per edition: the digest of a translation → the digests of the Swedish texts it was made from.
Record = dict[str, dict[str, frozenset[str]]]


def digest(text: str) -> str:
    """A short digest of a text, its whitespace normalised: rewrapping a folded paragraph in the
    YAML does not change what the text says, so it outdates nothing."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def record_path(content_dir: Path) -> Path:
    return content_dir / RECORD


def read_record(content_dir: Path) -> Record:
    """The record, read leniently: a missing or unreadable file, or an entry of another shape, is
    no record (every translation then counts as current, as before the record existed)."""
    path = record_path(content_dir)
    if not path.is_file():
        return {}
    root = load_file(path, path.name).root
    record: Record = {}
    if not isinstance(root, Mapping):
        return record
    for code, (_key, entries) in root.items.items():
        if not isinstance(entries, Mapping):
            continue
        record[code] = {
            translation: frozenset(s.value for s in sources.items if isinstance(s, Scalar))
            if isinstance(sources, Sequence) else frozenset({sources.value})
            for translation, (_k, sources) in entries.items.items() if isinstance(sources, (Sequence, Scalar))}
    return record


def is_outdated(record: Record, code: str, translation: str, source: str) -> bool:
    """Whether `translation` (in edition `code`) was made from another Swedish text than `source`."""
    sources = record.get(code, {}).get(digest(translation))
    return sources is not None and digest(source) not in sources


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
