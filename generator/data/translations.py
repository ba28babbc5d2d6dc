"""Which translations are outdated: the record `content/translations.yaml` that `translations import`
writes, for the texts of promises.yaml and for the hand-written pages (`content/pages/<code>/`).

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
from pathlib import Path
from typing import Any

import yaml

RECORD = "translations.yaml"
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
    """The record, read leniently with YAML's base loader (every value the text written; the file
    is the generator's own, not an editor's): a missing or unreadable file, or an entry of another
    shape, is no record, and every translation counts as current, as before the record existed."""
    path = record_path(content_dir)
    if not path.is_file():
        return {}
    try:
        root: Any = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return {}
    if not isinstance(root, dict):
        return {}
    return {code: {made: frozenset(sources if isinstance(sources, list) else [sources])
                   for made, sources in entries.items() if isinstance(sources, (list, str))}
            for code, entries in root.items() if isinstance(entries, dict)}


def is_outdated(record: Record, code: str, translation: str, source: str) -> bool:
    """Whether `translation` (in edition `code`) was made from another Swedish text than `source`."""
    sources = record.get(code, {}).get(digest(translation))
    return sources is not None and digest(source) not in sources


def outdated_pages(content_dir: Path, record: Record, code: str, default: str) -> dict[str, Path]:
    """The hand-written pages of edition `code` translated from an earlier version of the default
    edition's page: name → the translated file."""
    own = content_dir / "pages" / code
    if code not in record or not own.is_dir():
        return {}
    found = {}
    for page in sorted(own.glob("*.md")):
        source = content_dir / "pages" / default / page.name
        try:
            outdated = source.is_file() and is_outdated(record, code, page.read_text(encoding="utf-8"),
                                                        source.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):  # a page that cannot be read has its own message (check_pages)
            continue
        if outdated:
            found[page.name] = page
    return found
