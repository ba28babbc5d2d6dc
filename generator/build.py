"""Runs the pipeline: validate → model → render docs/ → one MkDocs build per edition (in parallel,
cached; see engine) → assemble → swap site/ in place."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import datetime as dt
import functools
import gc
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path

from .data import languages, placeholders, schema
from .data.handwritten import check_pages
from .data.load import Mapping, Scalar, load_file
from .data.problems import Problem, Severity
from .data.validate import Validated, validate_file
from .data.wording import WordingMissing, load_ui, ui_path
from .engine import mkdocs as engine
from .model import SiteModel, build_model
from .pages import docscache, opendata
from .pages.render import hand_written_names, render_changed, write_tree
from .search import SearchIndexFailed
from .search.index import OUTPUT as SEARCH_FOLDER
from .search.index import EditionIndex, has_index, index_site, reindex_live_site

# What the package brings, the same for every site: the MkDocs settings no municipality changes
# and the theme's overrides. A site's own files come from its folder (the current one).
PACKAGE = Path(__file__).resolve().parent
SETTINGS = PACKAGE / "engine" / "mkdocs.yml"
THEME = PACKAGE / "engine" / "overrides"


@dataclass(frozen=True)
class Project:
    root: Path  # where docs/, .build/ and .cache/ are made (the current folder)
    data: Path
    content: Path
    display: str  # how the data file is named in messages

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def config(self) -> Path:
        return SETTINGS

    @property
    def overrides(self) -> Path:
        return THEME


class BuildFailed(Exception):
    """The build stopped; the message says why. site/ was not touched."""


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path, Path.cwd()) if path.is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        return str(path)


def make_project(data: Path | None = None, content: Path | None = None, root: Path | None = None) -> Project:
    """The site in `root` (default: the current folder): its promises.yaml and content/, unless
    given; content/ is looked for beside the data file first."""
    root = (root if root is not None else Path.cwd()).resolve()
    data = (data if data is not None else root / "promises.yaml").resolve()
    if content is None:
        beside = data.parent / "content"
        content = beside if beside.is_dir() else root / "content"
    return Project(root=root, data=data, content=content.resolve(), display=display_path(data))


def today_from(value: str | None, environ: dict[str, str] | None = None) -> dt.date:
    """--today, else SOURCE_DATE_EPOCH, else the calendar: the build date is an input."""
    env = os.environ if environ is None else environ
    if value:
        return dt.date.fromisoformat(value)
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


def example_day(project: Project, environ: dict[str, str] | None = None) -> dt.date | None:
    """The day example data depicts (site.example_as_of), used when no build date is given.

    None for real data, or when --today or SOURCE_DATE_EPOCH names the day: real data always
    uses the calendar."""
    env = os.environ if environ is None else environ
    if env.get("SOURCE_DATE_EPOCH") or not project.data.is_file():
        return None
    # Only two values of site: are needed: read them from the loaded tree, without validating it
    # all (validation, with its messages, follows with the day found here).
    root = load_file(project.data, project.display).root
    site = root.items.get("site", (None, None))[1] if isinstance(root, Mapping) else None
    if not isinstance(site, Mapping):
        return None
    example, as_of = (site.items.get(key, (None, None))[1] for key in ("example_data", "example_as_of"))
    if not (isinstance(example, Scalar) and example.value == "true" and isinstance(as_of, Scalar)):
        return None
    try:
        return dt.date.fromisoformat(as_of.value)
    except ValueError:
        return None  # validation reports it


def check_project(project: Project, today: dt.date) -> tuple[Validated, dict[str, dict[str, str]], list[Problem]]:
    """Everything a build reads, checked: the data file, every edition's wording, the hand-written
    pages, and (for real data) what the skeleton left to replace. The data file's problems first,
    by line; then each other file's."""
    validated = validate_file(project.data, project.content, today, project.display)
    codes = tuple(e.code for e in validated.document.site.editions) if validated.document else languages.STANDARD
    ui, ui_problems = load_ui(project.content, codes, Path.cwd())
    left: list[Problem] = []
    if validated.document is not None:
        languages.declare(validated.document.site.editions)
        left = placeholders.find(validated.document, validated.marks, project.data, project.display, project.content)
    in_data = sorted(validated.problems + [p for p in left if p.file == project.display], key=lambda p: p.sort_key)
    pages = check_pages(project.content)
    problems = in_data + ui_problems + pages + [p for p in left if p.file != project.display]
    if any(p.severity is Severity.ERROR for p in ui_problems + pages):
        validated.document = None
    return validated, ui, problems


def load_model(project: Project, today: dt.date) -> tuple[SiteModel | None, dict[str, dict[str, str]], list[Problem]]:
    validated, ui, problems = check_project(project, today)
    if validated.document is None:
        return None, ui, problems
    coverage = {c.code: (c.present, c.total) for c in validated.coverage}
    return build_model(validated.document, today, coverage), ui, problems


def source_date_epoch(today: dt.date) -> int:
    return int(dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC).timestamp())


def site_editions(document: schema.Document) -> tuple[languages.Edition, ...]:
    """The site's editions (site.languages), the default first."""
    return document.site.editions


def identity(document: schema.Document, editions: tuple[languages.Edition, ...],
             ui: dict[str, dict[str, str]], url: str | None = None) -> engine.Identity:
    """The site's name, description and address, from the data: short_title, else title; the
    description is the start page's (content/ui); the address is opendata.site_address's, with
    `url` the one the publishing workflow gives (build --url)."""
    site = document.site
    name = site.short_title or site.title
    return engine.Identity(names={e.code: name.get(e.code) for e in editions},
                           descriptions={e.code: ui[e.code]["home_description"] for e in editions},
                           url=opendata.site_address(document, url))


def address_notes(project: Project, url: str | None) -> list[Problem]:
    """What a build says once about the site's address, as warnings at site.url's line (or the
    site: block's): that the data's site.url differs from the address publishing gives (`url`;
    site.url is used), or that neither names one and which address the pages were made for. Not
    problems of the data: they never stop a build, --strict or not. Read from the loaded tree,
    like example_day; an unreadable file gets its messages from validation."""
    if not project.data.is_file():
        return []
    root = load_file(project.data, project.display).root
    key, site = root.items.get("site", (None, None)) if isinstance(root, Mapping) else (None, None)
    if key is None or not isinstance(site, Mapping):
        return []
    written, example = (site.items.get(key, (None, None))[1] for key in ("url", "example_data"))
    if isinstance(written, Scalar) and written.value:
        if url is None or written.value.rstrip("/") == url.rstrip("/"):
            return []
        return [Problem(project.display, written.line, written.column, "site.url", "site_url_differs",
                        {"url": written.value, "given": url}, "site_url_differs", severity=Severity.WARNING)]
    if url is not None:
        return []
    if isinstance(example, Scalar) and example.value == "true":
        return [Problem(project.display, key.line, key.column, "site.url", "site_url_example",
                        {"url": opendata.DEFAULT_SITE_URL}, severity=Severity.WARNING)]
    return [Problem(project.display, key.line, key.column, "site.url", "site_url_missing",
                    {"url": opendata.LOCAL_SITE_URL}, "site_url_missing", severity=Severity.WARNING)]


@dataclass
class BuildReport:
    """What a build did, per edition (for serve's log and the bench)."""

    editions: list[engine.EditionResult]
    docs_changed: int
    stages: dict[str, float]
    search: list[EditionIndex] = field(default_factory=list)  # each edition's Pagefind index
    docs_kept: frozenset[str] = frozenset()  # files of docs/ kept from the last build, not made again (docscache.py)
    # With later=True: what is left to do once the new site is in place (serve runs it in a thread):
    # index it (unless it was indexed in the build) and remove the site it replaced. None: nothing.
    later: Callable[[], list[EditionIndex]] | None = None


class _Stages(dict[str, float]):
    """How long each step of a build took, in seconds (for serve's log and the bench)."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = time.perf_counter()

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self[name] = round(now - self.clock, 3)
        self.clock = now


def build_site(project: Project, site_dir: Path, today: dt.date, strict: bool = False,
               csp: bool = True, cache: bool = True, report: BuildReport | None = None,
               pool: Executor | None = None, later: bool = False, url: str | None = None) -> list[Problem]:
    """Build into a temporary folder and replace site_dir only if everything passed.

    The steps: load and validate the data into the model (`load_model`), write the pages of
    docs/ and each edition's configuration (`_write_docs`), build the editions with the engine
    and assemble them in a folder beside the site (`_build_editions`), index them for search
    (`_index`), and put the new site in the old one's place (`_swap`).

    Returns the problems found in the data; raises BuildFailed when mkdocs or a check fails.
    With `cache`, each edition renders only what changed since its last build (see engine).
    With `later` (serve), what the new pages do not need is left to `report.later`, to run once
    they are in place: the search index (a site that has one keeps it until then; at N = 290 the
    index is about half of a rebuild) and removing the replaced site. `url` is the address the
    publishing workflow gives (build --url): used when the data names none (site.url).
    """
    stages = _Stages()
    model, ui, problems = load_model(project, today)
    stages.done("load_validate_model_s")
    if model is None or blocks_build(problems, strict):
        return problems
    editions = site_editions(model.document)
    try:
        who = identity(model.document, editions, ui, url)
        docs = _write_docs(project, model, ui, who, cache, stages)
        del model  # the editions' workers are forked: they need no model
        gc.collect()
        _return_freed_memory()
        stages.done("write_docs_s")
        jobs = edition_jobs(project, editions, who, ui, today, csp, cache)
    except WordingMissing as missing:  # a wording file without a text the pages need
        return [*problems, missing.problem()]
    stages.done("configs_s")
    site_dir = site_dir.resolve()
    staging = _staging(site_dir)
    try:
        results = _build_editions(project, staging, jobs, who, pool, stages)
        index_later = later and has_index(site_dir, editions)
        search_cache = project.root / ".cache" / "search" if cache else None  # the index's shards
        indexes = _index(staging, site_dir, editions, search_cache, index_later)
        stages.done("search_s")
        replaced = _swap(staging, site_dir, remove=not later)
        stages.done("swap_s")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if report is not None:
        report.editions, report.docs_changed, report.stages, report.search = results, docs.changed, stages, indexes
        report.docs_kept = docs.kept
        report.later = functools.partial(_finish_later, site_dir, editions if index_later else (), replaced,
                                         search_cache) if later else None
    return problems


@dataclass(frozen=True)
class _Docs:
    changed: int  # files of docs/ written by this build
    kept: frozenset[str]  # files of docs/ kept from the last build (docscache.py)


def _write_docs(project: Project, model: SiteModel, ui: dict[str, dict[str, str]], who: engine.Identity,
                cache: bool, stages: _Stages) -> _Docs:
    """Render what changed into docs/ (with the cache's record of what made each file)."""
    record = project.root / ".cache" / "docs.pickle"  # what made each file of docs/ (docscache.py)
    before = docscache.Manifest.load(record, project.docs) if cache else None
    rendered = render_changed(model, ui, project.content, who.url, before,
                              cache=project.root / ".cache" if cache else None)
    stages.done("render_s")
    docscache.forget(record)
    changed = write_tree(project.docs, rendered.files, rendered.kept)
    docscache.record(record, project.docs, rendered.keys)
    return _Docs(len(changed), frozenset(rendered.kept))


def _staging(site_dir: Path) -> Path:
    """A new folder beside the site for the next one, started from the spare (the site the last
    build replaced: most of its files are this build's too)."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    spare = _spare(site_dir)
    if spare.is_dir():
        spare.replace(staging)
    staging.chmod(0o755)
    return staging


def _build_editions(project: Project, staging: Path, jobs: list[engine.EditionJob], who: engine.Identity,
                    pool: Executor | None, stages: _Stages) -> list[engine.EditionResult]:
    """Every edition built by the engine, then assembled side by side in `staging`."""
    try:
        results = engine.build_editions(jobs, pool=pool)
    except engine.EditionFailed as exc:
        raise BuildFailed(str(exc)) from None
    stages.done("mkdocs_s")
    placed = engine.assemble(staging, project.docs, jobs, results, who.url)
    searches = {str(staging / job.edition.prefix / SEARCH_FOLDER) for job in jobs}  # kept by search
    engine.prune(staging, placed, searches)  # what the spare has that this site has not
    stages.done("assemble_s")
    return results


def _index(staging: Path, site_dir: Path, editions: tuple[languages.Edition, ...], search_cache: Path | None,
           index_later: bool) -> list[EditionIndex]:
    """Each edition's search index; with `index_later`, the index in use, until report.later
    replaces it."""
    try:
        if not index_later:
            return index_site(staging, editions, search_cache)  # one per edition, in <prefix>pagefind/
        for folder in (Path(edition.prefix) / SEARCH_FOLDER for edition in editions):
            linked: set[str] = set()
            engine.link_tree(site_dir / folder, staging / folder, placed=linked)
            engine.prune(staging / folder, linked, set())
        return []
    except SearchIndexFailed as exc:
        raise BuildFailed(f"the search index could not be built: {exc}") from exc


def edition_jobs(project: Project, editions: tuple[languages.Edition, ...], who: engine.Identity,
                 ui: dict[str, dict[str, str]], today: dt.date, csp: bool, cache: bool) -> list[engine.EditionJob]:
    """Write .build/mkdocs.<code>.yml for every edition and say how each is built."""
    build_dir = project.root / ".build"
    build_dir.mkdir(exist_ok=True)
    overrides = project.overrides
    jobs = []
    for edition in editions:
        docs = project.docs / edition.code
        text = engine.edition_config(project.config, edition, editions, who, docs, overrides, ui)
        config = build_dir / f"mkdocs.{edition.code}.yml"
        if not config.is_file() or config.read_text(encoding="utf-8") != text:
            config.write_text(text, encoding="utf-8")
        epoch = source_date_epoch(today)
        digest = engine.global_hash(text, project.config, overrides, ui_path(project.content, edition.code),
                                    docs, epoch, csp)
        jobs.append(engine.EditionJob(edition, config, docs, project.root / ".cache" / edition.code, digest, csp,
                                      epoch, cache, hand_written_names(project.content, editions, edition)))
    return jobs


def _return_freed_memory() -> None:
    """Give the memory of the rendered files back to the system before the workers are forked
    (glibc keeps freed memory for the process otherwise, and every worker would start with it)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


def blocks_build(problems: list[Problem], strict: bool, publish: bool = False) -> bool:
    """Errors stop a build; with --strict, so do warnings (e.g. a missing translation); with
    --publish, the stand-ins of the skeleton that are left (`placeholders.CODES`)."""
    return any(p.severity is Severity.ERROR or strict or (publish and p.code in placeholders.CODES)
               for p in problems)


def _spare(site_dir: Path) -> Path:
    """Where the site a build replaced is kept, as the next build's starting point: that build
    changes only the files that differ (links to the same files stay), instead of linking every
    file into an empty folder and removing the whole replaced site (at N = 290, 16,800 files:
    1.6 to 4.5 s here)."""
    return site_dir.parent / f".{site_dir.name}-spare"


def _keep_spare(old: Path, target: Path) -> None:
    spare = _spare(target)
    if spare.exists():
        shutil.rmtree(spare, ignore_errors=True)
    old.rename(spare)


def _swap(new: Path, target: Path, remove: bool = True) -> Path | None:
    """Put `new` in the place of `target`; the replaced site is kept as the next build's spare, or
    (remove=False) left beside it under a name of its own, which is returned."""
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent)) if target.exists() else None
    if old is not None:
        target.replace(old)  # an empty folder: replaced
    new.rename(target)
    if not remove:
        return old
    if old is not None:
        _keep_spare(old, target)
    for stale in target.parent.glob(f".{target.name}-old-*"):  # any a stopped build left
        shutil.rmtree(stale, ignore_errors=True)
    return None


def _finish_later(site_dir: Path, editions: tuple[languages.Edition, ...], replaced: Path | None,
                  search_cache: Path | None) -> list[EditionIndex]:
    try:
        return reindex_live_site(site_dir, editions, search_cache) if editions else []
    finally:
        if replaced is not None:
            _keep_spare(replaced, site_dir)
