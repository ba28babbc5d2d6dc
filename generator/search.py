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

The output is the same bytes for the same site: records are added one at a time in sorted order,
Pagefind's file names are hashes of their contents, and what it writes in hash-map order is
sorted afterwards (make_deterministic). A failure raises SearchIndexFailed; the build then keeps
the previous site.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.languages import Edition

OUTPUT = "pagefind"  # each edition's index: <prefix>pagefind/
BODY_MARK = "data-pagefind-body"
_RECORD_START = re.compile(r'<div class="activity"[^>]*? data-search-record="(?P<id>[^"]+)"[^>]*>')
_DIV = re.compile(r"<(/?)div\b", re.IGNORECASE)
_IGNORED = ' data-pagefind-ignore="all"'
# Pagefind writes ready-made interfaces beside its search library; the site has its own
# (overrides/assets/javascripts/search.js), so only the library and the index are published.
_UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
           "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")


# Pagefind builds an index from its records in the GetFiles request, with about four times the
# memory it held for the records (at N = 290 an edition: 95 MB of records, then 370 MB, kept
# until the service ends): the editions add their records side by side but build one at a time,
# each service ended as soon as its files are in hand, so the build's peak holds one such index,
# not one per edition (the whole build's peak at N = 290: 988 → 742 MB).
_BUILDING = threading.Lock()


class SearchIndexFailed(Exception):
    """Pagefind could not index the site; the message says why."""


@dataclass(frozen=True)
class EditionIndex:
    edition: str  # the edition's code
    folder: str  # where the index is, relative to the site: "pagefind", "en/pagefind"
    pages: int  # pages indexed
    records: int  # pages plus activities
    bytes: int  # size of the index on disk


@dataclass(frozen=True)
class Record:
    url: str  # the address below the edition's root, e.g. /loften/lerum-2019-2020/#nattvandring
    html: str


def edition_files(site_dir: Path, edition: Edition, editions: Sequence[Edition]) -> list[Path]:
    """The edition's HTML files, sorted, without the folders of other editions inside it."""
    root = site_dir / edition.prefix
    skip = {os.path.normpath(site_dir / e.prefix) for e in editions if e.prefix and e.prefix != edition.prefix}
    skip |= {os.path.normpath(root / name) for name in (OUTPUT, _NEXT, _OLD)}
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [name for name in dirs if os.path.normpath(os.path.join(folder, name)) not in skip]  # not walked
        found += [Path(folder, name) for name in names if name.endswith(".html")]
    return sorted(found)


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


# --- the same bytes on every build -------------------------------------------------------------
# Pagefind writes each filter's values, and the list of filters in its metadata, in the order of a
# hash map, which changes from run to run. Those files are rewritten here with the values and
# filters sorted, renamed by a hash of their content (same length as Pagefind's), and the names
# in the metadata and in pagefind-entry.json replaced. The files are gzip-compressed CBOR after a
# "pagefind_dcd" signature; only the CBOR kinds Pagefind writes there are read (numbers, texts,
# lists).
_SIGNATURE = b"pagefind_dcd"
Cbor = int | str | list["Cbor"]


def _cbor_read(data: bytes, at: int) -> tuple[Cbor, int]:
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        value = info
    elif 24 <= info <= 27:
        size = 1 << (info - 24)
        value, at = int.from_bytes(data[at: at + size], "big"), at + size
    else:
        raise SearchIndexFailed(f"unexpected CBOR item {data[at - 1]:#x} in a Pagefind file")
    if major == 0:
        return value, at
    if major == 3:
        return data[at: at + value].decode("utf-8"), at + value
    if major == 4:
        items = []
        for _ in range(value):
            item, at = _cbor_read(data, at)
            items.append(item)
        return items, at
    raise SearchIndexFailed(f"unexpected CBOR kind {major} in a Pagefind file")


def _cbor_head(major: int, value: int) -> bytes:
    if value < 24:
        return bytes([major << 5 | value])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | info]) + value.to_bytes(size, "big")
    raise ValueError(value)


def _cbor_write(value: Cbor) -> bytes:
    if isinstance(value, int):
        return _cbor_head(0, value)
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _cbor_head(3, len(data)) + data
    return _cbor_head(4, len(value)) + b"".join(_cbor_write(v) for v in value)


def _load(path: Path) -> Cbor:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise SearchIndexFailed(f"{path.name} is not a Pagefind file")
    value, end = _cbor_read(data, len(_SIGNATURE))
    if end != len(data) or _cbor_write(value) != data[len(_SIGNATURE):]:
        raise SearchIndexFailed(f"{path.name}: unexpected layout (a new Pagefind version?)")
    return value


def _save(folder: Path, old: Path, value: Cbor) -> str:
    """Write `value` beside `old` under a name made from its content; return the new hash."""
    data = _SIGNATURE + _cbor_write(value)
    language, _, digest = old.name.split(".")[-2].rpartition("_") if old.name.startswith("pagefind.") \
        else old.stem.rpartition("_")
    name = f"{language}_{hashlib.sha256(data).hexdigest()[:len(digest)]}"
    target = folder / (f"pagefind.{name}.pf_meta" if old.suffix == ".pf_meta" else f"{name}{old.suffix}")
    old.unlink()
    target.write_bytes(gzip.compress(data, 9, mtime=0))
    return name


def make_deterministic(output: Path) -> None:
    """Sort what Pagefind wrote in hash-map order (see above), so one site gives one index."""
    renamed: dict[str, str] = {}
    for path in sorted((output / "filter").glob("*.pf_filter")):
        value = _load(path)
        values = value[1] if isinstance(value, list) and len(value) > 1 else None
        if not isinstance(value, list) or not isinstance(values, list):
            raise SearchIndexFailed(f"{path.name}: unexpected layout (a new Pagefind version?)")
        values.sort(key=lambda entry: str(entry[0]) if isinstance(entry, list) else str(entry))  # by the text
        renamed[path.stem] = _save(path.parent, path, value)
    entry_path = output / "pagefind-entry.json"
    entry = json.loads(entry_path.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        meta_path = output / f"pagefind.{language['hash']}.pf_meta"
        meta = _load(meta_path)
        table = meta[3] if isinstance(meta, list) and len(meta) > 3 else None
        if not isinstance(meta, list) or not isinstance(table, list):
            raise SearchIndexFailed(f"{meta_path.name}: unexpected layout (a new Pagefind version?)")
        filters: list[Cbor] = [[f[0], renamed.get(str(f[1]), f[1])] for f in table if isinstance(f, list)]
        meta[3] = sorted(filters, key=lambda f: str(f[0]) if isinstance(f, list) else str(f))
        language["hash"] = _save(output, meta_path, meta)
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def index_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


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
        from pagefind.service import get_executable

        binary = get_executable()
        if binary is None:
            raise SearchIndexFailed("the pagefind binary is missing (pip install 'pagefind[bin]')")
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


@dataclass
class _Count:
    pages: int = 0


def _edition_records(site_dir: Path, edition: Edition, editions: Sequence[Edition], count: _Count) -> Iterator[Record]:
    root = site_dir / edition.prefix
    for path in edition_files(site_dir, edition, editions):
        html = path.read_text(encoding="utf-8")
        if BODY_MARK not in html:
            continue
        count.pages += 1
        yield from records(html, page_url(path, root), edition.lang)


def _index_edition(site_dir: Path, edition: Edition, editions: Sequence[Edition],
                   folder: str = OUTPUT) -> EditionIndex:
    root = site_dir / edition.prefix
    output = root / folder
    shutil.rmtree(output, ignore_errors=True)
    service = _Service()
    try:
        config = {"force_language": edition.lang, "keep_index_url": False}
        index_id = service.ask({"type": "NewIndex", "config": config})["index_id"]
        pages = _Count()
        count = service.add_all(index_id, _edition_records(site_dir, edition, editions, pages))
        # The files come back in the answer and are written here: Pagefind's own WriteFiles answers
        # before its writes are on disk (an empty pagefind-entry.json was seen when it was stopped).
        with _BUILDING:  # built, and the service ended, before the next edition's is built
            files = service.ask({"type": "GetFiles", "index_id": index_id})["files"]
            service.close()
        made: set[str] = set()  # the folders inside the index made so far
        for file in files:
            name = str(file["path"])
            if name in _UNUSED:
                continue
            if name.startswith("/") or ".." in name.split("/") or "\\" in name:
                raise SearchIndexFailed(f"pagefind named a file outside its folder: {name}")
            inside = os.path.dirname(name)
            if inside not in made:  # about 4,400 files in a handful of folders
                (output / inside).mkdir(parents=True, exist_ok=True)
                made.add(inside)
            (output / name).write_bytes(base64.b64decode(file["content"]))
    except (ValueError, KeyError, TypeError) as exc:  # an answer that is not Pagefind's protocol
        raise SearchIndexFailed(f"{type(exc).__name__}: {exc}") from exc
    finally:
        service.close()
    # Each index has one language (forced): the search code for any other is never loaded.
    entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
    wanted = {f"wasm.{language['wasm']}.pagefind" for language in entry["languages"].values()}
    for wasm in output.glob("wasm.*.pagefind"):
        if wasm.name not in wanted:
            wasm.unlink()
    make_deterministic(output)
    return EditionIndex(edition.code, (root / OUTPUT).relative_to(site_dir).as_posix(), pages.pages, count,
                        index_size(output))


def has_index(site_dir: Path, editions: Sequence[Edition]) -> bool:
    return all((site_dir / edition.prefix / OUTPUT / "pagefind-entry.json").is_file() for edition in editions)


def index_site(site_dir: Path, editions: Sequence[Edition]) -> list[EditionIndex]:
    """Index each edition of the built site into its own `<prefix>pagefind/`, the editions side by
    side (one Pagefind service each, on the machine's cores).

    Threads, not processes: with only the pages' bodies sent, the Python side is small and a
    process per edition was no faster (10.4 against 10.3 s at N = 290), while each would hold
    another 150 MB, at the build's peak (see _BUILDING).

    Raises SearchIndexFailed when Pagefind is missing or fails; the caller keeps the old site.
    """
    return _index_editions(site_dir, editions, OUTPUT)


def _index_editions(site_dir: Path, editions: Sequence[Edition], folder: str) -> list[EditionIndex]:
    workers = max(1, min(len(editions), len(os.sched_getaffinity(0))))
    with ThreadPoolExecutor(workers) as pool:
        futures = [pool.submit(_index_edition, site_dir, edition, editions, folder) for edition in editions]
        return [future.result() for future in futures]


_NEXT, _OLD = ".pagefind-next", ".pagefind-old"  # a live site's new index, and the one it replaces


def reindex_live_site(site_dir: Path, editions: Sequence[Edition]) -> list[EditionIndex]:
    """Index a site that is being served: each edition's new index is written beside the one in
    use and renamed into its place when every edition's is ready (serve, after its reload).

    Raises SearchIndexFailed, leaving the indexes in use as they were."""
    try:
        indexes = _index_editions(site_dir, editions, _NEXT)
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
