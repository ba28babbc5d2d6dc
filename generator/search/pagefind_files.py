"""Pagefind's own index files, read and written: an edition's index put together from the indexes
Pagefind made of its shards (`parse_shard`, `merge`). Pagefind does not promise to keep this format:
index.py uses it only with the Pagefind version it was written and tested for (MERGE_TESTED_WITH).
"""

from __future__ import annotations

import gzip
import hashlib
import itertools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import cbor2

from . import SearchIndexFailed

# Pagefind writes ready-made interfaces beside its search library; the site has its own
# (overrides/assets/javascripts/search.js), so only the library and the index are published.
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")



# Pagefind's files (version 1.5) are gzip-compressed CBOR after a "pagefind_dcd" signature:
# - pagefind.<hash>.pf_meta: [version, pages [[fragment hash, word count]], word chunks
#   [[from, to, hash]], filters [[name, hash]], sorts, meta fields [name]];
# - index/<hash>.pf_index: [[word, postings, variants [[spelling, postings]]]], words sorted, a
#   chunk ending once its postings' sizes reach 20,000; a posting is [page, locations, meta
#   locations], its page counted from the word's previous posting (the first from 0), a meta
#   location list naming its field as -(index in meta fields + 1) before that field's positions;
# - filter/<hash>.pf_filter: [name, [[value, pages]]];
# - fragment/<hash>.pf_fragment: a page's JSON (its text, address, meta, anchors), as Pagefind
#   wrote it (no page numbers in it, so it is kept as it is).
# Files are named "<language>_" and a short hash of their content (Pagefind's full_hash: SHA-1,
# each byte in hexadecimal without its leading zero), made longer where two would share a name.
# Sorts (data-pagefind-sort) are not used by the templates and are refused, as a Pagefind whose
# files differ from this description is (SearchIndexFailed).
_SIGNATURE = b"pagefind_dcd"
_CHUNK_SIZE = 20_000  # Pagefind's size of a word chunk, in postings' locations


def full_hash(data: bytes) -> str:
    """Pagefind's name for content: SHA-1, each byte in hexadecimal without its leading zero."""
    return "".join(format(byte, "x") for byte in hashlib.sha1(data).digest())


def _short_names(language: str, hashes: Sequence[str], taken: dict[str, str] | None = None,
                 step: int = 2) -> list[str]:
    """Pagefind's names: language, "_", the first 7 characters of the hash, made longer (by `step`:
    one for fragments, two for the other files) for a name already given to other content. Equal
    content gets the same name."""
    taken = {} if taken is None else taken
    names = []
    for digest in hashes:
        whole = f"{language}_{digest}"
        short = whole[: len(language) + 8]
        while short in taken and taken[short] != whole and len(short) < len(whole):
            short = whole[: len(short) + step]
        taken[short] = whole
        names.append(short)
    return names


def _decode(data: bytes, name: str) -> Any:
    raw = gzip.decompress(data)
    if not raw.startswith(_SIGNATURE):
        raise SearchIndexFailed(f"{name} is not a Pagefind file")
    return cbor2.loads(raw[len(_SIGNATURE):])


def _head(major: int, value: int) -> bytes:
    """A CBOR item's head: its major type and its number (a length, or an unsigned integer)."""
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError(value)


def _text(value: str) -> bytes:
    data = value.encode("utf-8")
    return _head(3, len(data)) + data


_POSTING = _head(4, 3)  # a posting: [page, locations, meta locations]


@dataclass(frozen=True)
class Postings:
    """A word's postings in one shard, kept as Pagefind encoded them, so that joining shards copies
    bytes: a posting's page is counted from the previous posting's, so only the first changes when
    the shard's pages are numbered on."""

    count: int
    first: int  # the first posting's page (within the shard)
    last: int  # the last posting's page (within the shard)
    first_rest: bytes  # the first posting's locations and meta locations, encoded
    rest: bytes  # the other postings, encoded one after another
    size: int  # what they add to a chunk's size (locations, meta locations and one, per posting)
    meta: bool  # whether any has meta locations (which name meta fields by number)

    @staticmethod
    def of(postings: list[list[Any]]) -> Postings:
        """From postings as Pagefind writes them (the first page counted from 0)."""
        first = cbor2.dumps(postings[0])
        rest = cbor2.dumps(postings)[len(_head(4, len(postings))) + len(first):]
        page = postings[0][0]
        return Postings(len(postings), page, sum(p[0] for p in postings), first[len(_POSTING) + len(_head(0, page)):],
                        rest, sum(len(p[1]) + len(p[2]) + 1 for p in postings), any(p[2] for p in postings))

    def decoded(self) -> list[list[Any]]:
        found = cbor2.loads(_head(4, self.count) + _POSTING + _head(0, self.first) + self.first_rest + self.rest)
        return list(found)

    def renumbered(self, fields: dict[int, int]) -> Postings:
        """With the meta fields numbered anew (a meta location list starts each field's positions
        with -(its number + 1))."""
        if not self.meta:
            return self
        return Postings.of([[page, locations, [fields.get(at, at) for at in meta]]
                            for page, locations, meta in self.decoded()])


def _joined(parts: list[tuple[int, Postings]]) -> tuple[int, bytes]:
    """Postings of several shards (each with the number of its first page) as one list: how many,
    and their encoding."""
    out, count, previous = [], 0, 0
    for offset, postings in parts:
        page = offset + postings.first
        out += [_POSTING, _head(0, page - previous), postings.first_rest, postings.rest]
        previous = offset + postings.last
        count += postings.count
    return count, b"".join(out)


@dataclass
class ShardIndex:
    """One shard's index as Pagefind made it, its pages numbered from 0 (what the cache keeps)."""

    fields: list[str] = field(default_factory=list)  # meta fields: meta locations name them by number
    pages: list[tuple[str, int, bytes]] = field(default_factory=list)  # (fragment's full hash, words, file)
    # word → its postings (None: it has only other spellings) and its other spellings' postings
    words: dict[str, tuple[Postings | None, dict[str, Postings]]] = field(default_factory=dict)
    filters: dict[str, dict[str, list[int]]] = field(default_factory=dict)


@dataclass
class Static:
    """What every index of an edition has alike: Pagefind's scripts and WebAssembly, and its entry."""

    files: dict[str, bytes]
    entry: dict[str, Any]  # pagefind-entry.json, its languages left out
    wasm: str  # the language of the WebAssembly ("sv"; "unknown" for a language Pagefind cannot stem)

    @property
    def searchable(self) -> bool:
        """With the WebAssembly that searches an index (an index with no pages has none)."""
        return f"wasm.{self.wasm}.pagefind" in self.files


@dataclass(frozen=True)
class IndexFile:
    """A file of the index: what its content is named by (a full hash), and the content, or what
    gzip compresses into it (compressed only when it is written: a cached build finds most files
    already made; level 6, at N = 290 a quarter of level 9's time for 1.5 % more bytes)."""

    digest: str
    data: bytes
    compress: bool = False

    def content(self) -> bytes:
        return gzip.compress(self.data, 6, mtime=0) if self.compress else self.data


def parse_shard(files: dict[str, bytes]) -> tuple[ShardIndex, Static]:
    """Pagefind's files for one shard (GetFiles) as a ShardIndex, and the files every index has."""
    try:
        entry = json.loads(files["pagefind-entry.json"])
        languages = entry.pop("languages")
        static = {name: data for name, data in files.items()
                  if "/" not in name and name.endswith((".js", ".pagefind")) and name not in _UNUSED}
        if not languages:  # no page had any words: no index, and no WebAssembly to search one
            static = {name: data for name, data in static.items() if name.endswith(".js")}
            return ShardIndex(), Static(static, entry, "unknown")
        if len(languages) != 1:
            raise SearchIndexFailed(f"one language expected in a shard, found {sorted(languages)}")
        language = next(iter(languages.values()))
        wasm = str(language["wasm"])
        static = {name: data for name, data in static.items() if not name.startswith("wasm.")
                  or name == f"wasm.{wasm}.pagefind"}
        meta_name = f"pagefind.{language['hash']}.pf_meta"
        meta = _decode(files[meta_name], meta_name)
        if not isinstance(meta, list) or len(meta) != 6:
            raise SearchIndexFailed(f"{meta_name}: unexpected layout (a new Pagefind version?)")
        _version, pages, chunks, filters, sorts, fields = meta
        if sorts:
            raise SearchIndexFailed("data-pagefind-sort is not supported")
        shard = ShardIndex(fields=list(fields))
        for digest, words in pages:
            fragment = files[f"fragment/{digest}.pf_fragment"]
            raw = gzip.decompress(fragment)
            shard.pages.append((full_hash(raw[len(_SIGNATURE):]), words, fragment))
        for _start, _end, digest in chunks:
            name = f"index/{digest}.pf_index"
            for word, postings, variants in _decode(files[name], name)[0]:
                shard.words[word] = (Postings.of(postings) if postings else None,
                                     {spelling: Postings.of(found) for spelling, found in variants})
        for name, digest in filters:
            path = f"filter/{digest}.pf_filter"
            _name, values = _decode(files[path], path)
            shard.filters[name] = {value: list(pages) for value, pages in values}
    except (KeyError, ValueError, TypeError, cbor2.CBORDecodeError, OSError, EOFError) as exc:
        raise SearchIndexFailed(f"unexpected Pagefind output ({type(exc).__name__}: {exc})") from exc
    return shard, Static(static, entry, wasm)


# a word's postings from each shard, with the number of the shard's first page, and its spellings'
Joined = tuple[list[tuple[int, Postings]], dict[str, list[tuple[int, Postings]]]]


def merge(parts: Sequence[ShardIndex], static: Static, language: str) -> dict[str, IndexFile]:
    """The edition's index files (path in the index → file) from its shards, in order: the pages
    numbered on from shard to shard, each word's postings joined, the meta fields renumbered."""
    fields = sorted({name for part in parts for name in part.fields})
    number = {name: index for index, name in enumerate(fields)}
    pages: list[tuple[str, int, bytes]] = []
    words: dict[str, Joined] = {}
    filters: dict[str, dict[str, list[int]]] = {}
    for part in parts:
        offset = len(pages)
        pages += part.pages
        renumber = {-(index + 1): -(number[name] + 1) for index, name in enumerate(part.fields)}
        same = all(key == value for key, value in renumber.items())
        for word, (postings, variants) in part.words.items():
            found = words.get(word)
            if found is None:
                found = words[word] = ([], {})
            if postings is not None:
                found[0].append((offset, postings if same else postings.renumbered(renumber)))
            for spelling, more in variants.items():
                found[1].setdefault(spelling, []).append((offset, more if same else more.renumbered(renumber)))
        for name, values in part.filters.items():
            merged = filters.setdefault(name, {})
            for value, numbers in values.items():
                merged.setdefault(value, []).extend(n + offset for n in numbers)
    out: dict[str, IndexFile] = {name: IndexFile(full_hash(data), data) for name, data in static.files.items()}
    if not pages:
        entry = _entry(static, {})
        out["pagefind-entry.json"] = IndexFile(full_hash(entry), entry)
        return out
    fragment_names = _short_names(language, [digest for digest, _words, _file in pages], step=1)
    for name, (digest, _words, data) in zip(fragment_names, pages, strict=True):
        out[f"fragment/{name}.pf_fragment"] = IndexFile(digest, data)
    chunks: list[list[str]] = []
    taken: dict[str, str] = {}
    for first, last, data in _chunks(sorted(words.items())):
        digest = full_hash(data)
        [name] = _short_names(language, [digest], taken)
        out[f"index/{name}.pf_index"] = IndexFile(digest, _SIGNATURE + data, compress=True)
        chunks.append([first, last, name])
    for before, after in itertools.pairwise(chunks):  # each chunk's range: its words' shortest prefixes
        end, after[0] = _prefixes(before[1], after[0])
        if end >= before[0]:  # as Pagefind: never a range that ends before it starts
            before[1] = end
    filter_names = []
    for name in sorted(filters):
        data = cbor2.dumps([name, [[value, numbers] for value, numbers in sorted(filters[name].items())]])
        digest = full_hash(data)
        [short] = _short_names(language, [digest], taken)
        out[f"filter/{short}.pf_filter"] = IndexFile(digest, _SIGNATURE + data, compress=True)
        filter_names.append([name, short])
    listed = [[name, count] for name, (_digest, count, _file) in zip(fragment_names, pages, strict=True)]
    data = cbor2.dumps([static.entry["version"], listed, chunks, filter_names, [], fields])
    digest = full_hash(data)
    meta_hash = f"{language}_{digest[: len(language) + 8]}"
    out[f"pagefind.{meta_hash}.pf_meta"] = IndexFile(digest, _SIGNATURE + data, compress=True)
    entry = _entry(static, {language: {"hash": meta_hash, "wasm": static.wasm, "page_count": len(pages)}})
    out["pagefind-entry.json"] = IndexFile(full_hash(entry), entry)
    return out


def _chunks(words: list[tuple[str, Joined]]) -> Iterator[tuple[str, str, bytes]]:
    """The words in chunks, as Pagefind cuts them (a chunk ends once its postings' sizes reach
    _CHUNK_SIZE): each chunk's first and last word and its encoding."""
    chunk: list[bytes] = []
    size, first = 0, ""
    for word, (postings, variants) in words:
        if not chunk:
            first = word
        size += sum(p.size for _offset, p in postings)
        count, encoded = _joined(postings)
        spellings = []
        for spelling in sorted(variants):
            many, more = _joined(variants[spelling])
            spellings.append(_head(4, 2) + _text(spelling) + _head(4, many) + more)
        chunk.append(_head(4, 3) + _text(word) + _head(4, count) + encoded + _head(4, len(spellings))
                     + b"".join(spellings))
        if size >= _CHUNK_SIZE:
            yield first, word, _head(4, 1) + _head(4, len(chunk)) + b"".join(chunk)
            chunk, size = [], 0
    if chunk:
        yield first, words[-1][0], _head(4, 1) + _head(4, len(chunk)) + b"".join(chunk)


def _prefixes(last: str, first: str) -> tuple[str, str]:
    """The end of one chunk's range and the start of the next: their words' common prefix and one
    character more."""
    common = 0
    for a, b in zip(first, last, strict=False):
        if a != b:
            break
        common += 1
    return last[: common + 1], first[: common + 1]


def _entry(static: Static, languages: dict[str, Any]) -> bytes:
    entry = {"version": static.entry.get("version"), "languages": languages,
             **{key: value for key, value in static.entry.items() if key != "version"}}
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
