"""Search: one Pagefind index per edition, made from the finished site after MkDocs.

Pagefind (the `pagefind[bin]` package ships its binary) splits each index into small fragments,
so a reader downloads nothing until they search, and then only the pieces their words need.

What is indexed, and how, is written into the pages by the templates, never parsed from text:
- a page's main content is marked `data-pagefind-body` (overrides/main.html); pages kept out of
  search (list pages, which repeat the promise pages) are not marked, nor are header, navigation
  and footer;
- each activity of a promise page is a block `data-search-record="<id>"`, ignored in its page's
  own record (`data-pagefind-ignore="all"`) and indexed here as a record of its own, whose
  address is the activity's anchor (`/loften/<promise>/#<id>`): a search for "nattvandring" finds
  the activity itself, with its status;
- filters (status, period, responsible organisation, place) and the status shown in a result come
  from `data-pagefind-filter` / `data-pagefind-meta` attributes (render.search_data).

Editions: each edition's folder (its prefix) is indexed on its own into `<prefix>pagefind/`, the
other editions' folders left out of the default edition's index, so Swedish, English and
easy-to-read Swedish (the same lang as Swedish) never share an index. Each index is in its edition's
language (stemming, the wasm for that language).

Shards (below): Pagefind indexes an edition's pages in parts of about 32 pages, kept in
`.cache/search/`, and the edition's index is put together here from the parts, so a rebuild sends
Pagefind only the parts whose pages changed. Putting it together reads and writes Pagefind's own
index files, whose format Pagefind does not promise to keep: it is done only with the Pagefind
version it was written and tested for (MERGE_TESTED_WITH). With any other, each edition is indexed
whole by one Pagefind run (the plain way: the same search, slower rebuilds), and the build says so
once.

The output is the same bytes for the same site, however much came from the cache: records are
added one at a time in sorted order, every file but a page's fragment is written here with its
content sorted (filter values, a word's spellings) and named by a hash of it, as Pagefind names
its own. A failure raises SearchIndexFailed; the build then keeps the previous site.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import json
import multiprocessing
import os
import pickle
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..data.languages import Edition
from ..engine.mkdocs import place_link, prune, write_new
from . import SearchIndexFailed
from .pagefind_files import _UNUSED, IndexFile, ShardIndex, Static, merge, parse_shard

OUTPUT = "pagefind"  # each edition's index: <prefix>pagefind/
BODY_MARK = "data-pagefind-body"
_RECORD_START = re.compile(r'<div class="activity"[^>]*? data-search-record="(?P<id>[^"]+)"[^>]*>')
_DIV = re.compile(r"<(/?)div\b", re.IGNORECASE)
_IGNORED = ' data-pagefind-ignore="all"'


# The Pagefind whose index files `parse_shard` and `merge` read and write (tests/test_search.py
# compares a merged index with Pagefind's own of all records at once, byte for byte).
MERGE_TESTED_WITH = "1.5.2"


@functools.cache
def pagefind_version() -> str:
    """The version the Pagefind binary reports (`pagefind --version`: "pagefind 1.5.2")."""
    binary, _identity = _pagefind()
    try:
        answer = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise SearchIndexFailed(f"pagefind could not be started: {exc}") from exc
    return answer.stdout.strip().rpartition(" ")[2] or "?"


def merges_shards() -> bool:
    """Whether this Pagefind's index files are the ones the merge was written for."""
    return pagefind_version() == MERGE_TESTED_WITH


@functools.cache
def _say_plain_once() -> None:
    print(f"search: Pagefind {pagefind_version()} is not {MERGE_TESTED_WITH}, the version whose index files "
          "the build puts together from cached parts; each edition is indexed whole instead (the same search, "
          "slower rebuilds)", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class EditionIndex:
    edition: str  # the edition's code
    folder: str  # where the index is, relative to the site: "pagefind", "en/pagefind"
    pages: int  # pages indexed
    records: int  # pages plus activities
    bytes: int  # size of the index on disk
    shards: int = 1  # the parts the index was put together from
    indexed: int = 1  # of them, those Pagefind indexed in this build (the others came from the cache)


@dataclass(frozen=True)
class Record:
    url: str  # the address below the edition's root, e.g. /loften/lerum-2019-2020/#nattvandring
    html: str


def edition_files(site_dir: Path, edition: Edition, editions: Sequence[Edition]) -> list[Path]:
    """The edition's HTML files, sorted, without the folders of other editions inside it."""
    return [Path(path) for path in _edition_paths(site_dir, edition, editions)]


def _edition_paths(site_dir: Path, edition: Edition, editions: Sequence[Edition]) -> list[str]:
    """edition_files as strings (a national edition has 3,000), sorted as paths are (by folder)."""
    root = os.path.normpath(site_dir / edition.prefix)
    skip = {os.path.normpath(site_dir / e.prefix) for e in editions if e.prefix and e.prefix != edition.prefix}
    skip |= {os.path.join(root, name) for name in (OUTPUT, _NEXT, _OLD)}
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [name for name in dirs if os.path.join(folder, name) not in skip]  # not walked
        found += [os.path.join(folder, name) for name in names if name.endswith(".html")]
    return sorted(found, key=lambda path: path.split(os.sep))


def page_url(path: Path, root: Path) -> str:
    rel = path.relative_to(root).as_posix()
    return "/" + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)


def _block_end(html: str, start: int) -> int:
    """The end of the <div> element opening at `start` (nested divs counted)."""
    depth = 0
    for match in _DIV.finditer(html, start):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            end = html.find(">", match.end())
            return end + 1
    raise SearchIndexFailed(f"an activity block is not closed (at character {start})")


def _document(lang: str, body: str) -> str:
    return f'<!DOCTYPE html><html lang="{lang}"><head><title></title></head><body>{body}</body></html>'


def records(html: str, url: str, lang: str) -> Iterator[Record]:
    """The page's own record, then one record per activity block in it (a small document of its own).

    Only what Pagefind reads is sent: the page's body element (`data-pagefind-body`), without the
    activity blocks it would ignore there (`data-pagefind-ignore="all"`), which are records of
    their own. The index is the same bytes as for the whole pages (test_search checks it), from
    about a third of the bytes to send and to parse (at N = 290, 44 → 16 MB an edition)."""
    blocks = [(match, _block_end(html, match.start())) for match in _RECORD_START.finditer(html)]
    mark = html.find(BODY_MARK)
    start = html.rfind("<", 0, mark) if mark >= 0 else -1
    if start < 0 or not html.startswith("<div", start):  # not a page the templates wrote: all of it
        yield Record(url, html)
    else:
        parts, at, body_end = [], start, _block_end(html, start)
        for match, end in blocks:
            if _IGNORED in match.group(0) and match.start() >= at and end <= body_end:
                parts.append(html[at: match.start()])
                at = end
        parts.append(html[at: body_end])
        yield Record(url, _document(lang, "".join(parts)))
    for match, end in blocks:
        opening = match.group(0)
        block = opening.replace(_IGNORED, f" {BODY_MARK}", 1) + html[match.end(): end]
        yield Record(f"{url}#{match.group('id')}", _document(lang, block))


# --- shards: an index made of parts, of which a rebuild redoes only the changed ---------------
# Pagefind has no incremental mode: it indexes every record each time (about 1 ms a record, and
# 2–3 s to build an edition's index at N = 290). So an edition's pages, in their sorted order, are
# cut into shards (a shard ends after a page whose address hashes to 0 modulo SHARD_PAGES: adding
# or removing a page changes its own shard only; and, so that no shard is much slower to index
# again than the others, once it holds SHARD_RECORDS records: a page added there moves the
# boundaries after it up to the next page that hashes to 0, no further), each shard is indexed
# by Pagefind as an index of its own and kept in `.cache/search/<code>/` under a hash of its
# records, and the edition's index is put together here from the shards (merge): what Pagefind
# would have written for all the records at once, in the same order (tests/test_search.py
# compares the two).
# A rebuild after one status change sends Pagefind the few shards whose pages changed.
#
SHARD_PAGES = 32
SHARD_RECORDS = 128  # N = 290: 1 to 406 records a shard without it (3 on average a page), 0.1 to 1.3 s to index


def shards(pages: Sequence[tuple[str, list[Record]]], size: int, most: int = SHARD_RECORDS) -> list[list[Record]]:
    """The records of the pages (address, records), in order, cut after each page whose address
    hashes to 0 modulo `size` (about `size` pages a shard, with boundaries that do not move when a
    page elsewhere comes or goes), and after a page that brings the shard to `most` records."""
    found: list[list[Record]] = []
    current: list[Record] = []
    for url, page_records in pages:
        current.extend(page_records)
        if len(current) >= most or int.from_bytes(hashlib.sha256(url.encode("utf-8")).digest()[:4], "big") % size == 0:
            found.append(current)
            current = []
    if current or not found:
        found.append(current)
    return found


class _Service:
    """Pagefind's indexing service (`pagefind --service`): one per edition.

    The protocol is the one Pagefind's own Node and Python APIs use: base64-encoded JSON messages,
    each followed by a comma, one response per request. The Python API's client waits 0.1 s
    between reading two responses (over 15 minutes for a national site's 11,000 records), so the
    build speaks it directly. The records of an index are sent in one stream (`add_all`) while the
    answers are read: the service handles its messages one after another in the order they arrive
    (its source says so), so the order in which records reach the index, and so the index's bytes,
    is the same as one request at a time (the same bytes at N = 290 when this was written), at half
    the time; tests/test_search.py checks that every build gives the same bytes.
    """

    def __init__(self) -> None:
        binary, _identity = _pagefind()
        try:
            self.process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as exc:
            raise SearchIndexFailed(f"pagefind could not be started: {exc}") from exc
        self.next_id = 0
        self.pending = b""

    def _send(self, payload: dict[str, Any]) -> int:
        assert self.process.stdin is not None
        self.next_id += 1
        message = json.dumps({"message_id": self.next_id, "payload": payload}).encode("utf-8")
        try:
            self.process.stdin.write(base64.b64encode(message) + b",")
        except (BrokenPipeError, OSError) as exc:
            raise SearchIndexFailed(f"pagefind stopped (exit code {self.process.poll()})") from exc
        return self.next_id

    def _flush(self) -> None:
        assert self.process.stdin is not None
        try:
            self.process.stdin.flush()
        except (BrokenPipeError, OSError) as exc:
            raise SearchIndexFailed(f"pagefind stopped (exit code {self.process.poll()})") from exc

    def _answer(self) -> tuple[int | None, dict[str, Any]]:
        """The next response: its message id and payload (an error raises)."""
        assert self.process.stdout is not None
        while True:
            while b"," not in self.pending:
                chunk = os.read(self.process.stdout.fileno(), 1 << 16)
                if not chunk:
                    raise SearchIndexFailed(f"pagefind stopped (exit code {self.process.wait()})")
                self.pending += chunk
            raw, _, self.pending = self.pending.partition(b",")
            response = json.loads(base64.b64decode(raw))
            if response is None:
                continue
            answer: dict[str, Any] = response.get("payload") or {}
            if answer.get("type") == "Error":
                raise SearchIndexFailed(str(answer.get("message")))
            return response.get("message_id"), answer

    def ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        """One request, and its answer."""
        wanted = self._send(payload)
        self._flush()
        while True:
            message_id, answer = self._answer()
            if message_id == wanted:
                return answer

    def add_all(self, index_id: int, records: Iterator[Record]) -> int:
        """Send every record to the index, in order, while reading the answers; return how many."""
        first = self.next_id + 1  # the ids of the records' requests: first, first + 1, …
        sent: list[int] = []
        failed: list[BaseException] = []
        done = threading.Event()

        def send() -> None:
            try:
                for record in records:
                    sent.append(self._send({"type": "AddFile", "index_id": index_id, "url": record.url,
                                            "file_path": None, "file_contents": record.html}))
                self._flush()
            except BaseException as exc:  # raised again in the reading thread
                failed.append(exc)
                with contextlib.suppress(OSError):  # unblock the reader: the service sees its input end
                    if self.process.stdin is not None:
                        self.process.stdin.close()
            finally:
                done.set()

        writer = threading.Thread(target=send, name="pagefind-send", daemon=True)
        writer.start()
        answered = 0
        try:
            while not (done.is_set() and answered == len(sent)):
                if answered == len(sent):  # nothing to wait for yet: the sender is reading pages
                    done.wait(0.01)
                    continue
                message_id, _answer = self._answer()
                if message_id is not None and message_id >= first:
                    answered += 1
        except SearchIndexFailed:
            if not failed:
                raise
        finally:
            writer.join()
        if failed:  # the sender's failure (reading a page, writing to the service) is the cause
            if isinstance(failed[0], SearchIndexFailed):
                raise failed[0]
            raise SearchIndexFailed(f"{type(failed[0]).__name__}: {failed[0]}") from failed[0]
        return answered

    def close(self) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):  # the service may have stopped already
                    stream.close()
        self.process.terminate()
        self.process.wait()


class _Store:
    """An edition's cached shards (`.cache/search/<code>/`): each shard's index under a hash of
    this module's code, Pagefind (its binary), the edition's language and the shard's records;
    the files every index has; and the index's files (`files/`). A file that cannot be read is a
    shard to index again, never an error."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def _read(self, name: str) -> Any:
        if self.folder is None:
            return None
        try:
            with open(self.folder / name, "rb") as file:
                return pickle.load(file)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
            return None

    def _write(self, name: str, value: Any) -> None:
        if self.folder is None:
            return
        temporary = self.folder / f".{name}.{os.getpid()}.{threading.get_ident()}"
        with open(temporary, "wb") as file:
            pickle.dump(value, file, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(self.folder / name)

    def shard(self, key: str) -> ShardIndex | None:
        found = self._read(f"{key}.shard")
        return found if isinstance(found, ShardIndex) else None

    def keep_shard(self, key: str, shard: ShardIndex) -> None:
        self._write(f"{key}.shard", shard)

    def static(self, key: str) -> Static | None:
        found = self._read(f"{key}.static")
        return found if isinstance(found, Static) else None

    def keep_static(self, key: str, static: Static) -> None:
        self._write(f"{key}.static", static)

    def pages(self) -> Read | None:
        """The pages the last build read (_edition_pages); None without a cache."""
        if self.folder is None:
            return None
        found = self._read("pages.pickle")
        return found if isinstance(found, dict) else {}

    def keep_pages(self, read: Read | None) -> None:
        if read is not None:
            self._write("pages.pickle", read)

    def forget_others(self, keys: set[str]) -> None:
        """Remove the shards of earlier builds that this one did not use (the cache keeps one site's)."""
        if self.folder is None:
            return
        for path in self.folder.iterdir():
            if path.suffix in (".shard", ".static") and path.stem not in keys:
                path.unlink(missing_ok=True)

    def write(self, files: dict[str, IndexFile], output: Path) -> int:
        """Put the index's files in `output`; return their bytes. With a cache, each file is made
        in the cache's `files/` (only if the file there has other content: most of a rebuild's are
        the last build's) and linked into `output`, which costs the file system far less than
        writing it (at N = 290, 4,400 files an edition, most of them a page's fragment)."""
        kept = str(self.folder / "files") if self.folder is not None else None
        known = self._read("files.list") if kept is not None else None
        known = known if isinstance(known, dict) else {}  # name → (digest, size) of the files in kept
        made: set[str] = set()  # the folders made so far (a handful, for thousands of files)
        total = 0
        out = str(output)
        placed = set()
        for name, file in files.items():
            target = os.path.join(out, name)
            folders = [os.path.dirname(target)] if kept is None else [os.path.dirname(target),
                                                                     os.path.dirname(os.path.join(kept, name))]
            for folder in folders:
                if folder not in made:
                    os.makedirs(folder, exist_ok=True)
                    made.add(folder)
            if kept is None:  # output is a new folder
                with open(target, "wb") as handle:
                    total += handle.write(file.content())
                continue
            source = os.path.join(kept, name)
            if known.get(name, ("", 0))[0] != file.digest or not os.path.isfile(source):
                content = file.content()
                write_new(Path(source), content)  # never written over: the site may link to it
                known[name] = (file.digest, len(content))
            place_link(source, target)
            placed.add(target)
            total += known[name][1]
        if kept is not None:
            for name in [name for name in known if name not in files]:  # the last build's, no longer used
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(os.path.join(kept, name))
                del known[name]
            self._write("files.list", known)
            # output may hold an earlier index (the spare site's): what this one has not goes
            prune(output, placed, set())
        return total


@functools.cache
def _pagefind() -> tuple[Path, str]:
    """Pagefind's binary, and what identifies it in the cache's keys (its path, size and time)."""
    from pagefind.service import get_executable

    binary = get_executable()
    if binary is None:
        raise SearchIndexFailed("the pagefind binary is missing (pip install 'pagefind[bin]')")
    try:
        stat = Path(binary).stat()
    except OSError as exc:
        raise SearchIndexFailed(f"pagefind could not be started: {exc}") from exc
    return Path(binary), f"{binary}:{stat.st_size}:{stat.st_mtime_ns}"


@functools.cache
def _code() -> bytes:
    """This module's source: a cached shard is what this code made of Pagefind's files."""
    return Path(__file__).read_bytes()


def _key(*parts: str | Sequence[Record]) -> str:
    digest = hashlib.sha256(_code())
    for part in parts:
        for text in ([part] if isinstance(part, str) else (t for r in part for t in (r.url, r.html))):
            data = text.encode("utf-8")
            digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()[:32]


Read = dict[str, tuple[tuple[int, int, int], list[Record] | None]]


def _edition_pages(site_dir: Path, edition: Edition, editions: Sequence[Edition],
                   read: Read | None = None) -> list[tuple[str, list[Record]]]:
    """The edition's searchable pages, in order: (address, the page's records).

    `read`: what the last build read, by address: the file's identity (inode, size and modification
    time) and its records (None: not searchable). A file with the same identity is not read again:
    the site's pages are links to the engine's files, and a page the engine makes again is a new
    file, written at a later time (not its change time: linking the file into a site changes it).
    Updated to this build's pages."""
    root = os.path.normpath(site_dir / edition.prefix)
    pages = []
    seen = set()
    for path in _edition_paths(site_dir, edition, editions):
        rel = path[len(root) + 1:].replace(os.sep, "/")
        url = "/" + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)
        if read is None:
            found = _page_records(path, url, edition.lang)
        else:
            seen.add(url)
            stat = os.stat(path)
            identity = (stat.st_ino, stat.st_size, stat.st_mtime_ns)
            known = read.get(url)
            if isinstance(known, tuple) and known[0] == identity:
                found = known[1]
            else:
                found = _page_records(path, url, edition.lang)
                read[url] = (identity, found)
        if found is not None:
            pages.append((url, found))
    if read is not None:
        for url in read.keys() - seen:
            del read[url]
    return pages


def _page_records(path: str, url: str, lang: str) -> list[Record] | None:
    with open(path, encoding="utf-8") as file:
        html = file.read()
    return list(records(html, url, lang)) if BODY_MARK in html else None


def _index_shards(groups: Sequence[Sequence[Record]], lang: str) -> list[tuple[ShardIndex, Static]]:
    """Each group of records indexed by Pagefind as an index of its own, one after another in one
    service (each index dropped once its files are in hand, so the service holds one shard's)."""
    found = []
    service = _Service()
    try:
        config = {"force_language": lang, "keep_index_url": False}
        for group in groups:
            index_id = service.ask({"type": "NewIndex", "config": config})["index_id"]
            service.add_all(index_id, iter(group))
            # The files come back in the answer: Pagefind's own WriteFiles answers before its writes
            # are on disk (an empty pagefind-entry.json was seen when it was stopped).
            answer = service.ask({"type": "GetFiles", "index_id": index_id})["files"]
            service.ask({"type": "DeleteIndex", "index_id": index_id})
            found.append(parse_shard({_inside(str(file["path"])): base64.b64decode(file["content"])
                                      for file in answer}))
    except (ValueError, KeyError, TypeError) as exc:  # an answer that is not Pagefind's protocol
        raise SearchIndexFailed(f"{type(exc).__name__}: {exc}") from exc
    finally:
        service.close()
    return found


def _inside(name: str) -> str:
    """A file name Pagefind gave, refused when it points outside the index's folder."""
    if name.startswith("/") or ".." in name.split("/") or "\\" in name:
        raise SearchIndexFailed(f"pagefind named a file outside its folder: {name}")
    return name


def _index_plain(site_dir: Path, edition: Edition, editions: Sequence[Edition], folder: str) -> EditionIndex:
    """The edition's index as Pagefind writes it from all its records at once: no cache, and no
    reading of Pagefind's own files (any version of Pagefind)."""
    root = site_dir / edition.prefix
    output = root / folder
    pages = _edition_pages(site_dir, edition, editions)
    service = _Service()
    try:
        config = {"force_language": edition.lang, "keep_index_url": False}
        index_id = service.ask({"type": "NewIndex", "config": config})["index_id"]
        service.add_all(index_id, (record for _url, page_records in pages for record in page_records))
        answer = service.ask({"type": "GetFiles", "index_id": index_id})["files"]
        files = {_inside(str(file["path"])): base64.b64decode(file["content"]) for file in answer}
    except (ValueError, KeyError, TypeError) as exc:  # an answer that is not Pagefind's protocol
        raise SearchIndexFailed(f"{type(exc).__name__}: {exc}") from exc
    finally:
        service.close()
    shutil.rmtree(output, ignore_errors=True)
    size = 0
    for name, data in sorted(files.items()):
        if name in _UNUSED:
            continue
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        size += len(data)
    return EditionIndex(edition.code, (root / OUTPUT).relative_to(site_dir).as_posix(), len(pages),
                        sum(len(page_records) for _url, page_records in pages), size)


def _index_edition(site_dir: Path, edition: Edition, editions: Sequence[Edition], folder: str = OUTPUT,
                   cache: Path | None = None) -> EditionIndex:
    if not merges_shards():
        return _index_plain(site_dir, edition, editions, folder)
    root = site_dir / edition.prefix
    output = root / folder
    if cache is None or folder != OUTPUT:  # else the spare site's index is brought up to date (_Store.write)
        shutil.rmtree(output, ignore_errors=True)
    store = _Store(cache / edition.code if cache is not None else None)
    read = store.pages()
    pages = _edition_pages(site_dir, edition, editions, read)
    groups = shards(pages, SHARD_PAGES)
    _binary, pagefind = _pagefind()
    keys = [_key(pagefind, edition.lang, group) for group in groups]
    static_key = _key(pagefind, edition.lang, "static")
    parts: list[ShardIndex | None] = [store.shard(key) for key in keys]
    static = store.static(static_key)
    todo = [i for i, part in enumerate(parts) if part is None]
    for i, (part, its_static) in zip(todo, _index_shards([groups[i] for i in todo], edition.lang), strict=True):
        parts[i] = part
        store.keep_shard(keys[i], part)
        if part.pages or static is None:
            static = its_static
    if static is None or (not static.searchable and any(part.pages for part in parts if part is not None)):
        # no scripts cached, or only an empty shard's (no WebAssembly): they come with an index
        first = next((i for i, part in enumerate(parts) if part is not None and part.pages), 0)
        [(_part, static)] = _index_shards([groups[first]], edition.lang)
    store.keep_static(static_key, static)
    store.forget_others({*keys, static_key})
    store.keep_pages(read)
    files = merge([part for part in parts if part is not None], static, edition.lang)
    size = store.write(files, output)
    return EditionIndex(edition.code, (root / OUTPUT).relative_to(site_dir).as_posix(), len(pages),
                        sum(len(group) for group in groups), size, len(groups), len(todo))


def has_index(site_dir: Path, editions: Sequence[Edition]) -> bool:
    return all((site_dir / edition.prefix / OUTPUT / "pagefind-entry.json").is_file() for edition in editions)


def index_site(site_dir: Path, editions: Sequence[Edition], cache: Path | None = None) -> list[EditionIndex]:
    """Index each edition of the built site into its own `<prefix>pagefind/`, the editions side by
    side (a process and a Pagefind service each, on the machine's cores). With `cache`
    (`.cache/search`), only the shards whose records changed since the last build are sent to
    Pagefind.

    Processes, not threads: the shards are put together in Python (at N = 290, both editions'
    indexes after one changed page each: 3.5 s in threads, 1.9 s in processes; from nothing,
    17.0 and 14.8 s). Threads where forking is unsafe (other threads running: serve).

    Raises SearchIndexFailed when Pagefind is missing or fails; the caller keeps the old site.
    """
    return _index_editions(site_dir, editions, OUTPUT, cache)


def _index_editions(site_dir: Path, editions: Sequence[Edition], folder: str,
                    cache: Path | None) -> list[EditionIndex]:
    if not merges_shards():  # asked here, before the editions' processes: said once
        _say_plain_once()
    workers = max(1, min(len(editions), len(os.sched_getaffinity(0))))
    if workers == 1:
        return [_index_edition(site_dir, edition, editions, folder, cache) for edition in editions]
    # A forked process inherits the imported modules; where other threads run (serve's reindex in
    # the background), forking is unsafe, and threads do it.
    forking = threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()
    executor: Executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) \
        if forking else ThreadPoolExecutor(workers)
    with executor as pool:
        futures = [pool.submit(_index_edition, site_dir, edition, editions, folder, cache) for edition in editions]
        return [future.result() for future in futures]


_NEXT, _OLD = ".pagefind-next", ".pagefind-old"  # a live site's new index, and the one it replaces


def reindex_live_site(site_dir: Path, editions: Sequence[Edition], cache: Path | None = None) -> list[EditionIndex]:
    """Index a site that is being served: each edition's new index is written beside the one in
    use and renamed into its place when every edition's is ready (serve, after its reload).

    Raises SearchIndexFailed, leaving the indexes in use as they were."""
    try:
        indexes = _index_editions(site_dir, editions, _NEXT, cache)
    except SearchIndexFailed:
        for edition in editions:
            shutil.rmtree(site_dir / edition.prefix / _NEXT, ignore_errors=True)
        raise
    for edition in editions:
        root = site_dir / edition.prefix
        old = root / _OLD
        shutil.rmtree(old, ignore_errors=True)
        if (root / OUTPUT).exists():
            (root / OUTPUT).rename(old)
        (root / _NEXT).rename(root / OUTPUT)
        shutil.rmtree(old, ignore_errors=True)
    return indexes
