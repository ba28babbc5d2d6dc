"""What a rebuild of `docs/` can keep: each file the templates make is named by a key, a digest of
everything it is made from, and a file the last build made from the same key is not made again.

- `Fingerprints` digests the model's objects: the SHA-256 of an object's pickle. Objects that many
  pages show (a promise's view, an organisation's, a place's) are digested once and stand in
  their parents' pickles by their digest, so the 2,700 pages of a national edition cost about one
  pickle of the model. The model holds only frozen dataclasses, tuples, dicts in YAML order,
  texts, numbers and dates, never sets (whose order changes from process to process), so the same
  values give the same pickle in every process; and equal pickles are equal values, so a key can
  only keep a file made from the same values.
- `edition_keys` digests what every page of an edition reads besides its own context: the
  generator's code and templates, the versions of the libraries that render, the wording files,
  the site's settings, organisations and build date (`site.SiteGlobals`), the site's address
  and the sizes of the documents in `content/`. Any change there makes every page again.
- `Manifest` is the record of the last build (`.cache/docs.pickle`): per file of `docs/`, its key
  and the size, modification time and inode it was written with. A file counts as made only when
  all of these still hold, so a file changed or removed by hand is made again. A build forgets
  the record before it writes `docs/` and records again after, so a build stopped half-way
  leaves no record that could keep a file it did not finish.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import jinja2

from .. import model as views
from ..data import schema

GENERATOR = Path(__file__).resolve().parent.parent  # the package
# The libraries whose output is in the files of docs/ (requirements.in), with Python's version.
LIBRARIES = ("jinja2", "markupsafe", "babel", "markdown", "pymdown-extensions", "mkdocs-material", "nh3",
             "feedgen", "icalendar", "zxing-cpp", "pillow", "pyyaml")
# Digested once and named by their digest inside the objects that hold them.
SHARED = (views.PromiseView, views.ActivityView, views.OwnerView, views.PlaceView, schema.Promise, schema.Activity)


def _shared(digest: bytes) -> None:
    """Stands, in a pickle that is only digested, for a shared object already digested."""


class _Pickler(pickle.Pickler):
    """A pickle in which each shared object but `top` stands as its digest. Only the shared types
    reach Python code (a dispatch table, looked up in C; a reducer_override would be called for
    every object, 200,000 calls at N = 290)."""

    def __init__(self, buffer: io.BytesIO, fingerprints: Fingerprints, top: object) -> None:
        super().__init__(buffer, protocol=5)
        self.fast = True  # no memo: the bytes are those of the values, not of how they are shared
        self.fingerprints = fingerprints
        self.top = top
        self.dispatch_table = dict.fromkeys(SHARED, self._reduce)

    def _reduce(self, obj: Any) -> Any:
        if obj is self.top:
            return obj.__reduce_ex__(5)
        return _shared, (self.fingerprints.of(obj),)


_SHARED_TYPES = frozenset(SHARED)


class Fingerprints:
    """Digests of the model's values, each shared object digested once (while the model lives).

    A promise's view holds no other promise's: it is pickled whole, by the pickle module's C code
    (a fifth of the time of a pickle that names what it shares). Its promise and activities are
    then named by the view's digest and their place in it, wherever else they are shown."""

    def __init__(self, promises: Iterable[views.PromiseView] = ()) -> None:
        self._known: dict[int, tuple[object, bytes]] = {}  # id → (the object, kept alive; its digest)
        self.within: dict[int, tuple[object, views.PromiseView, bytes]] = {}  # id → (object, view, where)
        for view in promises:
            self.within[id(view.promise)] = (view.promise, view, b"promise")
            for index, activity in enumerate(view.activities):
                self.within[id(activity)] = (activity, view, b"activities %d" % index)
                self.within[id(activity.activity)] = (activity.activity, view, b"activities %d activity" % index)

    def of(self, value: object) -> bytes:
        known = self._known.get(id(value))
        if known is not None:
            return known[1]
        within = self.within.get(id(value))
        if within is not None and within[0] is value:
            digest = hashlib.sha256(self.of(within[1]) + within[2]).digest()
        elif type(value) is views.PromiseView:
            digest = hashlib.sha256(pickle.dumps(value, protocol=5)).digest()
        else:
            buffer = io.BytesIO()
            _Pickler(buffer, self, value).dump(value)
            digest = hashlib.sha256(buffer.getbuffer()).digest()
        if within is not None or type(value) in _SHARED_TYPES:
            self._known[id(value)] = (value, digest)
        return digest


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's cache of compiled templates in `folder`, by each template's name, file and source
    (the generator's and the theme's: compiling them is 0.2 s of rendering and a third of a cached
    MkDocs build); a checkout it cannot write to still builds."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)
        except OSError:
            pass


def code_identity(templates: Path) -> bytes:
    """The generator's code, the templates it renders with (render.TEMPLATES) and the libraries'
    versions: what turns data into files. Read on every build (a few milliseconds): serve runs
    many builds in one process while someone edits a template."""
    digest = hashlib.sha256(_libraries().encode())
    for folder in (GENERATOR, templates):
        for path in _files(folder):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def _files(folder: Path) -> list[Path]:
    """The folder's files, sorted, without compiled code and the site checks' npm tools (a
    checkout's generator/tools/node_modules: thousands of files that make no page)."""
    found = []
    for parent, dirs, names in os.walk(folder):
        dirs[:] = [name for name in dirs if name not in ("__pycache__", "node_modules")]
        found += [Path(parent, name) for name in names]
    return sorted(found)


@functools.cache
def _libraries() -> str:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=?")
    return ",".join(found) + f",python={sys.version}"


def edition_keys(templates: Path, site: object, ui: dict[str, dict[str, str]], codes: Iterable[str],
                 site_url: str, content_dir: Path | None, documents: Iterable[str]) -> dict[str, bytes]:
    """Per edition code: the digest of what all its pages read besides their own context; under ""
    what the files of data/ (both editions') read.
    `site` is what every page may read of the whole site (site.SiteGlobals); `documents` the
    files of content/ whose sizes pages show."""
    digest = hashlib.sha256(code_identity(templates))
    digest.update(Fingerprints().of(site))
    digest.update(json.dumps(ui, sort_keys=True, ensure_ascii=False).encode())
    digest.update(f"{site_url}\0{content_dir}\0".encode())
    for name in sorted(set(documents)):
        try:
            size = (content_dir / name).stat().st_size if content_dir is not None else -1
        except OSError:
            size = -1
        digest.update(f"{name}\0{size}\0".encode())
    base = digest.digest()
    return {"": base} | {code: hashlib.sha256(base + code.encode()).digest() for code in codes}


def file_key(edition: bytes, *parts: bytes) -> str:
    return hashlib.sha256(edition + b"".join(parts)).hexdigest()


@dataclass(frozen=True)
class Made:
    """A file of docs/ as the last build wrote it."""

    key: str
    size: int
    mtime_ns: int
    inode: int


class Manifest:
    """What the last build made in `root` (docs/), and from what."""

    def __init__(self, root: Path, made: dict[str, Made] | None = None) -> None:
        self.made = made or {}
        self._root = str(root) + os.sep

    @classmethod
    def load(cls, record: Path, root: Path) -> Manifest:
        """The record of the last build; an empty one when there is none or it cannot be read."""
        saved = _read(record)
        if not (isinstance(saved, tuple) and len(saved) == 2 and saved[0] == str(root) and isinstance(saved[1], dict)
                and all(isinstance(made, Made) for made in saved[1].values())):
            return cls(root)
        return cls(root, saved[1])

    def fresh(self, rel: str, key: str) -> bool:
        """The file `rel` of docs/ was made from `key` and is still as it was written."""
        made = self.made.get(rel)
        if made is None or made.key != key:
            return False
        try:
            found = os.stat(self._root + rel)
        except OSError:
            return False
        return (found.st_size, found.st_mtime_ns, found.st_ino) == (made.size, made.mtime_ns, made.inode)


def forget(record: Path) -> None:
    record.unlink(missing_ok=True)


def record(record: Path, root: Path, keys: dict[str, str]) -> None:
    """Record the keys of the files now in `root` (after they are written)."""
    made = {}
    prefix = str(root) + os.sep
    for rel, key in keys.items():
        try:
            found = os.stat(prefix + rel)
        except OSError:
            continue
        made[rel] = Made(key, found.st_size, found.st_mtime_ns, found.st_ino)
    _write(record, (str(root), made))


def _read(path: Path) -> object:
    """What a file of the cache holds; None when there is none or it cannot be read."""
    try:
        return pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError, ImportError):
        return None


def _write(path: Path, value: object) -> None:
    """Write a file of the cache through a new file, so a reader never sees half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(pickle.dumps(value, protocol=5))
    os.replace(temporary, path)


class Fragments:
    """Values made from keyed inputs, kept between builds in one file (`path`): a promise's part of
    a data file. A build keeps only the values it used; an unreadable file is as none."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.known: dict[str, object] = {}
        self.used: dict[str, object] = {}
        if path is not None:
            known = _read(path)
            self.known = known if isinstance(known, dict) else {}

    def get(self, key: str, make: Callable[[], object]) -> object:
        value = self.known[key] if key in self.known else make()
        self.used[key] = value
        return value

    def save(self) -> None:
        if self.path is None:
            return
        with contextlib.suppress(OSError):  # a read-only checkout still builds, without the cache
            _write(self.path, self.used)
