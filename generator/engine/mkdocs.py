"""The MkDocs side of a build: one plain single-language MkDocs project per edition, built in
parallel, each rebuilding only what changed since its last build, then assembled into one site.

- `edition_config` writes `.build/mkdocs.<code>.yml`: `INHERIT:` of the repository's `mkdocs.yml`
  (theme and everything no municipality changes) plus the site's identity from the data (name,
  address, description) and from the registry (theme language, direction), and `extra.alternate`,
  the editions the language switcher and the 404 page list.
- `build_edition` runs MkDocs in this process (a worker of the pool) with a small plugin added in
  code (never in `mkdocs.yml`): each page is finished as it is written (external-resource check,
  `lang`/`dir`, CSP), and on a cached build only the pages whose Markdown changed are rendered.
- The cache (`.cache/<code>/`) holds the edition's finished output and `state.json`: a hash of
  everything global (theme, overrides, generated config, wording file, navigation titles, engine
  and tool versions, build date, CSP on/off) and a hash of every source file of the edition. The
  same global hash means a cached build; anything else (or a page removed) a full one. A build
  deletes the state first and writes it only after success, so a failed build is never reused.
- `assemble` puts the editions side by side (hard links, so nothing is copied twice), the shared
  `data/` once, one 404 page at the root, and writes the sitemap with `xhtml:link` alternates.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import json
import logging
import multiprocessing
import os
import shutil
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import yaml
from markupsafe import Markup

from ..data.languages import Edition
from ..pages import docscache, htmlpage, routes, share
from ..pages.helpers.context import FALLBACK_CLASS
from ..pages.opendata import GENERATOR
from . import mdext, postprocess
from . import resources as checks

ENGINE_VERSION = "1"  # bump when the cache layout or what a cached build does changes
# A text on the page is shown in the default language, noted (pages.helpers.context).
FALLBACK_MARK = f'class="{FALLBACK_CLASS}"'
SITEMAP_FILES = ("sitemap.xml", "sitemap.xml.gz")  # the theme's own; the project writes its own
_SOURCES = tuple(Path(__file__).parent.parent / name  # what finishes each page
                 for name in ("engine/mkdocs.py", "engine/postprocess.py", "engine/resources.py", "engine/mdext.py",
                              "pages/htmlpage.py"))


class EditionFailed(Exception):
    """MkDocs or a check failed for an edition; the message says why."""


@dataclass(frozen=True)
class Identity:
    """What the data says about the site, per edition code."""

    names: dict[str, str]  # site_name per edition
    descriptions: dict[str, str]
    url: str  # the site's public address, ending in "/"


@dataclass(frozen=True)
class EditionJob:
    edition: Edition
    config: Path  # the generated mkdocs.<code>.yml
    docs: Path  # docs/<code>
    cache: Path  # .cache/<code>
    global_hash: str
    csp: bool
    epoch: int  # SOURCE_DATE_EPOCH of the build date
    incremental: bool  # False: always a full build
    hand_written: frozenset[str] = frozenset()  # pages of docs/<code>/ from content/pages/, not the templates

    @property
    def out(self) -> Path:
        return self.cache / "site"

    @property
    def state(self) -> Path:
        return self.cache / "state.json"


@dataclass
class EditionResult:
    code: str
    pages: list[str] = field(default_factory=list)  # URLs of the Markdown pages, "" for the start page
    rendered: list[str] = field(default_factory=list)  # pages rendered by this build
    written: int = 0  # files written (pages, templates, copied files)
    removed: list[str] = field(default_factory=list)
    cached: bool = False  # a cached (incremental) build, else a full one
    wall_s: float = 0.0
    cpu_s: float = 0.0
    finish_s: float = 0.0  # of which: checks, lang/dir and CSP of the written pages
    rss_mb: float = 0.0


# --- configuration -----------------------------------------------------------------------------

def _html(text: str) -> str:
    """Text for the theme, which prints configuration values unescaped (see ARCHITECTURE.md,
    "Untrusted text"); `build_edition` marks them as escaped so `| e` does not escape them twice."""
    return html.escape(text, quote=True)


def alternates(editions: Sequence[Edition], url: str, ui: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    path = "/" + url.split("://", 1)[-1].partition("/")[2]
    return [{"code": e.code, "name": _html(e.name), "lang": e.lang, "dir": e.direction, "prefix": e.prefix,
             "link": _html(path + e.prefix), "easy_read": e.easy_read, "og_locale": e.og_locale,
             "not_found": {k: _html(ui[e.code][f"not_found_{k}"]) for k in ("title", "text", "home")}}
            for e in editions]


def edition_config(root_config: Path, edition: Edition, editions: Sequence[Edition], identity: Identity,
                   docs: Path, overrides: Path, ui: dict[str, dict[str, str]]) -> str:
    """The text of .build/mkdocs.<code>.yml: the repository's mkdocs.yml and this edition's identity."""
    words = ui[edition.code]
    config = {
        "INHERIT": str(root_config),
        "site_name": _html(identity.names[edition.code]),
        "site_url": identity.url + edition.prefix,
        "site_description": _html(identity.descriptions[edition.code]),
        "docs_dir": str(docs),
        "theme": {"custom_dir": str(overrides), "language": edition.theme_language,
                  "direction": edition.direction},
        "extra": {
            "edition": {"code": edition.code, "lang": edition.lang, "dir": edition.direction,
                        "up": "../" * edition.prefix.count("/"), "easy_read": edition.easy_read,
                        "default": edition.is_default},
            "words": {key: _html(words[name]) for key, name in
                      (("statement", "accessibility_title"), ("contact", "contact"), ("feed", "updates_title"),
                       ("languages", "language_menu"), ("easy_read", "easy_read_label"),
                       ("easy_read_intro", "easy_read_intro"), ("search", "search_title"))},
            "alternate": alternates(editions, identity.url, ui),
            "made_by": GENERATOR,  # <meta name="generator"> (extra.generator is the theme's footer credit)
            # the pages the theme links to, from the route table
            "routes": {name: routes.address(name) for name in ("accessibility", "contacts", "search")},
        },
    }
    # A hand-written page the site does not have (content/pages/, e.g. the about page) is left
    # out of the navigation, not a reference MkDocs' strict mode refuses.
    nav = _nav(root_config)
    present = [entry for entry in nav if (docs / _nav_file(entry)).is_file()]
    if present != nav:
        config["nav"] = present
    header = ("# Generated by `medborgarloften build` from mkdocs.yml, promises.yaml (site:) and the\n"
              "# language registry. Never edit: it is written again on every build.\n")
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True, width=1000)


def _nav(root_config: Path) -> list[Any]:
    """The navigation of the package's mkdocs.yml (read without MkDocs' own tags)."""
    return yaml.load(root_config.read_text(encoding="utf-8"), Loader=_IgnoreTags).get("nav") or []


def _nav_file(entry: Any) -> str:
    """A navigation entry's file: `om.md`, or the value of `{title: om.md}`."""
    return str(entry if isinstance(entry, str) else next(iter(entry.values())))


def _tool_versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in ("mkdocs", "mkdocs-material", "pymdown-extensions", "markdown", "jinja2"):
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=?")
    return ",".join(found) + f",python={sys.version_info[:3]}"


def _tree_hash(digest: Any, folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")


def nav_titles(config_text: str, docs: Path, root_config: Path) -> list[str]:
    """The titles of the pages in the navigation: every page shows them, so they are global."""
    from mkdocs.utils import get_markdown_title
    from mkdocs.utils.meta import get_data

    nav = _nav(root_config)
    titles = []
    for entry in nav:
        name = _nav_file(entry)
        path = docs / name
        if not path.is_file():
            titles.append(f"{name}: missing")
            continue
        markdown, meta = get_data(path.read_text(encoding="utf-8"))
        titles.append(f"{name}: {meta.get('title') or get_markdown_title(markdown)}")
    return titles


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs' own tags (!!python/name …)."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def global_hash(config_text: str, root_config: Path, overrides: Path, ui_file: Path, docs: Path,
                epoch: int, csp: bool) -> str:
    """Everything that can change every page of an edition at once."""
    digest = hashlib.sha256()
    for part in (ENGINE_VERSION, _tool_versions(), config_text, root_config.read_text(encoding="utf-8"),
                 str(epoch), str(csp), *nav_titles(config_text, docs, root_config)):
        digest.update(part.encode() + b"\0")
    digest.update(ui_file.read_bytes() if ui_file.is_file() else b"")
    _tree_hash(digest, overrides)
    for source in _SOURCES:
        digest.update(source.read_bytes())
    return digest.hexdigest()


# --- one edition, in a worker process -----------------------------------------------------------

def _constant(value: bool) -> Callable[[], bool]:
    return lambda: value


def _file_hash(path: str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha1").hexdigest()


class _DirtyWarning(logging.Filter):
    """MkDocs warns about every --dirty build (which would fail --strict); ours are checked."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build is being performed" not in record.getMessage()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"{record.levelname}: {record.getMessage()}")


def _replace(path: Path, data: bytes) -> None:
    """Write through a new file (a new inode): the published site may hold a hard link to the old one."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def render_html_page(page: Any, config: Any, files: Any) -> None:
    """`Page.render` for a page the templates wrote as HTML (htmlpage.py): its body is the content,
    its links to other files of docs/ made their addresses (a link to a page that does not exist
    fails the build, as a broken Markdown link does under `strict`), and what Python-Markdown
    would have told MkDocs is read from its headings and ids."""
    from mkdocs.exceptions import BuildError
    from mkdocs.structure.toc import get_toc

    def address(path: str) -> str | None:
        target = files.get_file_from_path(path)
        return None if target is None else target.url_relative_to(page.file)

    content, broken = htmlpage.resolve_links(page.markdown, page.file.src_uri, address)
    if broken:
        raise BuildError(f"{page.file.src_uri} links to pages that do not exist: {', '.join(broken)}")
    page.content = content
    page.toc = get_toc(htmlpage.toc_tokens(content))
    page.present_anchor_ids = htmlpage.anchor_ids(content)
    page.links_to_anchors = {}


def build_edition(job: EditionJob) -> EditionResult:
    """Build one edition into job.out: only the changed pages when the cache is valid, else all.

    The steps: what changed since the last build (`_changes`), the output folder made ready for
    them (`_prepare_output`), MkDocs run with the plugin that renders only those pages and
    finishes each page as it is written (`_EditionBuild`), and the cache's record of this build
    written once all of it passed (`_record`)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    changes = _changes(job)
    _prepare_output(job, changes.cached)
    run = _EditionBuild(job, changes)
    with _quiet_mkdocs(job.epoch) as collect:
        run.build(collect)
    _record(job, changes.sources)
    run.result.wall_s = round(time.perf_counter() - started, 3)
    run.result.cpu_s = round(time.process_time() - cpu_started, 3)
    import resource

    run.result.rss_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return run.result


@dataclass(frozen=True)
class _Changes:
    sources: dict[str, str]  # every file of the edition's docs/, by path: its hash
    previous: dict[str, str]  # the same of the last build, when its global hash is this one's
    cached: bool  # whether this build renders only what changed


def _changes(job: EditionJob) -> _Changes:
    """The edition's sources now and at the last build. The last build's record is removed first:
    a build that fails half-way is never reused."""
    state: dict[str, Any] = {}
    if job.incremental and job.state.is_file() and job.out.is_dir():
        try:
            state = json.loads(job.state.read_text(encoding="utf-8"))
        except ValueError:
            state = {}
    job.state.unlink(missing_ok=True)
    sources = {}
    for folder, _dirs, names in os.walk(job.docs):
        rel = os.path.relpath(folder, job.docs)
        for name in names:
            uri = name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")
            sources[uri] = _file_hash(os.path.join(folder, name))
    previous: dict[str, str] = state.get("sources", {}) if state.get("global") == job.global_hash else {}
    cached = bool(previous) and not (previous.keys() - sources.keys())  # a removed page: build all
    return _Changes(sources, previous, cached)


def _prepare_output(job: EditionJob, cached: bool) -> None:
    if not cached:
        shutil.rmtree(job.out, ignore_errors=True)
    job.out.mkdir(parents=True, exist_ok=True)


def _record(job: EditionJob, sources: dict[str, str]) -> None:
    """What the next build compares with: written only after this one passed."""
    job.state.write_text(json.dumps({"global": job.global_hash, "sources": sources}, sort_keys=True),
                         encoding="utf-8")


@contextlib.contextmanager
def _quiet_mkdocs(epoch: int) -> Iterator[_Collect]:
    """MkDocs with the build date and its messages collected (shown only when the build fails),
    the process's environment and logging as they were afterwards."""
    saved_environ = {k: os.environ.get(k) for k in ("SOURCE_DATE_EPOCH", "NO_MKDOCS_2_WARNING")}
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    saved_logger = (logger.level, logger.propagate)
    logger.addHandler(collect)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    dirty_filter = _DirtyWarning()
    logging.getLogger("mkdocs.commands.build").addFilter(dirty_filter)
    try:
        yield collect
    finally:
        logger.removeHandler(collect)
        logger.setLevel(saved_logger[0])
        logger.propagate = saved_logger[1]
        logging.getLogger("mkdocs.commands.build").removeFilter(dirty_filter)
        for key, value in saved_environ.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


class _EditionBuild:
    """One MkDocs build of an edition: which files it renders or copies (the cache), and every
    page finished as it is written (no resource from another host, share tags, lang, dir, the
    page policy)."""

    def __init__(self, job: EditionJob, changes: _Changes) -> None:
        self.job, self.changes = job, changes
        self.result = EditionResult(job.edition.code, cached=changes.cached)
        self.files: list[Any] = []
        self.written: set[str] = set()
        self.finish_time = 0.0
        self.sharing: share.Sharing | None = None  # set once the configuration is loaded

    def build(self, collect: _Collect) -> None:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        edition = self.job.edition
        try:
            config = load_config(str(self.job.config), site_dir=str(self.job.out), strict=True)
            config.plugins["medborgarloften/finish"] = _plugin(self)
            # Share tags: each page's own (its title, description, address and card), so a cached
            # page's tags stay right; what all pages share (name, address, locales) is in the config.
            self.sharing = share.Sharing(config.site_url or "", config.site_name, edition.og_locale,
                                         tuple(dict.fromkeys(a["og_locale"] for a in config.extra["alternate"]
                                                             if a["og_locale"] != edition.og_locale)),
                                         frozenset(p.relative_to(self.job.docs).as_posix()
                                                   for p in (self.job.docs / share.FOLDER).glob("*.png")))
            build(config, dirty=self.changes.cached)
        except Exception as exc:  # Abort, BuildError, or a plugin's own error
            details = "\n".join(collect.messages) or str(exc)
            raise EditionFailed(f"{edition.code}: mkdocs build failed:\n{details}\n{exc}".rstrip()) from None
        self.result.pages = sorted("" if f.url == "./" else f.url for f in self.files if f.is_documentation_page())
        self.result.written = len(self.written)
        self.result.finish_s = round(self.finish_time, 3)

    def finish(self, html: str, where: str) -> str:
        """A page as it is published: checked for other hosts, then its tags and policy."""
        from mkdocs.exceptions import BuildError

        begin = time.perf_counter()
        edition = self.job.edition
        found = checks.external_urls_in_html(html)
        if found:
            raise BuildError("the site would load resources from other hosts:\n"
                             + "\n".join(f"  {edition.prefix}{where}: loads {u} from another host" for u in found))
        html = share.add_tags(html, where, self.sharing) if self.sharing else html
        html = postprocess.finish_page(html, lang=edition.lang, direction=edition.direction, csp=self.job.csp)
        self.finish_time += time.perf_counter() - begin
        return html

    def is_changed(self, file: Any) -> bool:
        """Whether a cached build renders or copies the file again."""
        cached, previous, sources = self.changes.cached, self.changes.previous, self.changes.sources
        if file.abs_src_path and file.abs_src_path.startswith(str(self.job.docs) + os.sep):
            return not cached or previous.get(file.src_uri) != sources.get(file.src_uri) \
                or not os.path.isfile(file.abs_dest_path)
        return not cached or not os.path.isfile(file.abs_dest_path)  # theme files: part of the global hash

    def remove_stale(self, config: Any) -> None:
        """What the last build wrote and this one has not (a cached build has every source and theme
        file the last one had, so it has nothing to remove: its 4,000 files are not walked)."""
        if self.changes.cached:
            return
        out = self.job.out
        expected = {f.dest_uri for f in self.files} | set(config.theme.static_templates) | {"sitemap.xml.gz"}
        for folder, _dirs, names in os.walk(out, topdown=False):
            rel = os.path.relpath(folder, out)
            for name in names:
                uri = name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")
                if uri not in expected:
                    os.unlink(os.path.join(folder, name))
                    self.result.removed.append(uri)
            if folder != str(out) and not os.listdir(folder):
                os.rmdir(folder)

    def finish_copied(self) -> None:
        """Copied files written now: checked (and pages among them finished)."""
        from mkdocs.exceptions import BuildError

        for file in self.files:
            if file.is_documentation_page() or not file.is_modified():
                continue
            self.written.add(file.dest_uri)
            path = Path(file.abs_dest_path)
            if path.suffix == ".html":
                _replace(path, self.finish(path.read_text(encoding="utf-8"), file.dest_uri).encode())
            elif path.suffix in (".css", ".svg"):
                found = checks.external_urls(path.read_text(encoding="utf-8", errors="replace"), path.suffix)
                if found:
                    raise BuildError(f"the site would load resources from other hosts:\n  {self.job.edition.prefix}"
                                     f"{file.dest_uri}: loads {found[0]} from another host")


def _plugin(run: _EditionBuild) -> Any:
    """The plugin added in code (never in mkdocs.yml): MkDocs' events, each handed to the build."""
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.files import File

    job = run.job

    class Finish(BasePlugin):  # type: ignore[type-arg,no-untyped-call]
        """Decides what a cached build renders, and finishes what it writes."""

        def on_config(self, config: Any) -> Any:
            # Written HTML-escaped into the generated project: printed as they are, never escaped twice.
            config.site_name = Markup(config.site_name)
            if config.site_description:
                config.site_description = Markup(config.site_description)
            # By instance, not by name in mkdocs.yml: the package's import name differs between a
            # checkout (generator) and an installed copy (medborgarloften).
            config.markdown_extensions.append(mdext.makeExtension())
            return config

        def on_files(self, files: Any, /, *, config: Any) -> Any:
            run.files = list(files)
            for file in files:
                if isinstance(file, File):
                    setattr(file, "is_modified", _constant(run.is_changed(file)))  # noqa: B010  (its own answer)
            return files

        def on_page_markdown(self, markdown: str, /, *, page: Any, config: Any, files: Any) -> str:
            if page.meta.get("body") == htmlpage.MARK and page.file.src_uri not in job.hand_written:
                page.render = functools.partial(render_html_page, page)  # what MkDocs calls next
            return markdown

        def on_page_content(self, html: str, /, *, page: Any, config: Any, files: Any) -> str:
            # The easy-to-read label stands only on a page written in easy-to-read Swedish: one
            # with no text shown in ordinary Swedish for want of its own (a fallback, noted).
            page.meta["written_easy_read"] = job.edition.easy_read and FALLBACK_MARK not in html
            return html

        def on_nav(self, nav: Any, /, *, config: Any, files: Any) -> Any:
            # The navigation's pages are rendered every time (their titles are in every page; a
            # cached build only knows titles of pages it renders): ten pages, not thousands.
            for page in nav.pages:
                setattr(page.file, "is_modified", _constant(True))  # noqa: B010
            return nav

        def on_env(self, env: Any, /, *, config: Any, files: Any) -> Any:
            # The theme's templates, compiled once and kept (by name, file and source) between builds:
            # compiling them is about a third of a cached build.
            env.bytecode_cache = docscache.CompiledTemplates(job.cache.parent / "templates")
            for file in files:  # copied files: never write into a file the published site links to
                if not file.is_documentation_page() and file.is_modified() and os.path.isfile(file.abs_dest_path):
                    os.unlink(file.abs_dest_path)
            return env

        def on_post_page(self, output: str, /, *, page: Any, config: Any) -> str:
            if os.path.isfile(page.file.abs_dest_path):
                os.unlink(page.file.abs_dest_path)
            run.result.rendered.append(page.file.src_uri)
            run.written.add(page.file.dest_uri)
            return run.finish(output, page.file.dest_uri)

        def on_post_template(self, output: str, /, *, template_name: str, config: Any) -> str:
            target = job.out / template_name
            if target.is_file():
                target.unlink()
            run.written.add(template_name)
            return run.finish(output, template_name) if template_name.endswith(".html") else output

        def on_post_build(self, *, config: Any) -> None:
            run.remove_stale(config)
            run.finish_copied()

    return Finish()


def _run(job: EditionJob) -> dict[str, Any] | str:
    try:
        return asdict(build_edition(job))
    except EditionFailed as exc:
        return str(exc)


def build_editions(jobs: Sequence[EditionJob], workers: int | None = None,
                   pool: Executor | None = None) -> list[EditionResult]:
    """Every edition, in parallel over the machine's cores (one process per edition, at most one per
    core), in `pool` when one is given (serve keeps its workers for the session)."""
    workers = max(1, min(len(jobs), workers or len(os.sched_getaffinity(0))))
    if pool is not None:
        outcomes = list(pool.map(_run, jobs))
    elif workers == 1:
        outcomes = [_run(job) for job in jobs]
    else:
        import mkdocs.commands.build  # noqa: F401  (imported once, before the fork, not in every worker)

        # fork inherits the imported modules (MkDocs, the theme), unless threads run (serve): then spawn.
        method = "fork" if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods() \
            else "spawn"
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
            outcomes = list(pool.map(_run, jobs))
    failures = [o for o in outcomes if isinstance(o, str)]
    if failures:
        raise EditionFailed("\n".join(failures))
    return [EditionResult(**o) for o in outcomes if isinstance(o, dict)]


# --- the site ---------------------------------------------------------------------------------

def _skip_theirs(uri: str) -> bool:
    return uri in SITEMAP_FILES


def _skip_root_only(uri: str) -> bool:
    """The one 404 page is the default edition's."""
    return uri in SITEMAP_FILES or uri == "404.html"


def link_tree(source: Path, target: Path, skip: Callable[[str], bool] = lambda uri: False,
              placed: set[str] | None = None) -> int:
    """Hard-link every file of source into target (copied where links cannot be made); each path
    made is added to `placed`. `target` may hold an earlier site (the spare, see build.py): a file
    already linked to the same file is kept, any other replaced (see place_link). Paths are
    strings here: at N = 290 (16,800 files) Path objects were most of the time."""
    count = 0
    source_dir, target_dir = os.fspath(source), os.fspath(target)
    for folder, dirs, names in os.walk(source_dir):
        rel = os.path.relpath(folder, source_dir)
        dirs.sort()
        destination = target_dir if rel == "." else os.path.join(target_dir, rel)
        make_folder(destination)
        for name in sorted(names):
            uri = name if rel == "." else f"{rel}/{name}".replace(os.sep, "/")
            if skip(uri):
                continue
            path = os.path.join(destination, name)
            place_link(os.path.join(folder, name), path)
            if placed is not None:
                placed.add(path)
            count += 1
    return count


def make_folder(path: str | Path) -> None:
    """The folder, made where missing (a file of an earlier site in its place removed)."""
    try:
        os.makedirs(path, exist_ok=True)
    except FileExistsError:
        os.unlink(path)
        os.mkdir(path)


def place_link(source: str | Path, target: str | Path) -> None:
    """`target` as a hard link to `source` (a copy across file systems). What an earlier site left
    there is kept if it is that file already, else removed first, never written over: the files of
    a site are links to the files of others (the published site, the engine's cache)."""
    try:
        os.link(source, target)
        return
    except FileExistsError:
        here = os.lstat(target)
        if stat.S_ISDIR(here.st_mode):
            shutil.rmtree(target)
        else:
            there = os.stat(source)
            if (there.st_ino, there.st_dev) == (here.st_ino, here.st_dev):
                return
            os.unlink(target)
    except OSError:  # another file system: a copy, made as a new file
        with contextlib.suppress(FileNotFoundError):
            os.unlink(target)
        shutil.copyfile(source, target)
        return
    place_link(source, target)


def write_new(target: Path, data: bytes) -> None:
    """Write `target` as a new file (what was there is removed, never written over: see place_link)."""
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)
    target.write_bytes(data)


def prune(root: Path, placed: set[str], keep: set[str]) -> int:
    """Remove from `root` the files an earlier site left that this build did not place (and the
    folders so emptied), except in the folders `keep` (paths), which their own step keeps."""
    removed, emptied = 0, set()
    for folder, dirs, names in os.walk(root):
        dirs[:] = [name for name in dirs if os.path.join(folder, name) not in keep]
        for name in names:
            path = os.path.join(folder, name)
            if path not in placed:
                os.unlink(path)
                removed += 1
                emptied.add(folder)
    for folder in sorted(emptied, key=len, reverse=True):  # the deepest first
        while folder != str(root):
            try:
                os.rmdir(folder)
            except OSError:  # not empty
                break
            folder = os.path.dirname(folder)
    return removed


def assemble(staging: Path, docs: Path, jobs: Sequence[EditionJob], results: Sequence[EditionResult],
             url: str) -> set[str]:
    """site/: the default edition at the root, the others under their prefix, data/ once, one 404
    page, and sitemaps listing every page with its editions as alternates. `staging` may hold an
    earlier site (the spare): what it has already is kept; returns every file placed (to prune the rest)."""
    codes = {job.edition.code for job in jobs}
    placed: set[str] = set()
    for job in jobs:
        link_tree(job.out, staging / job.edition.prefix, _skip_root_only if job.edition.prefix else _skip_theirs,
                  placed)
    for entry in sorted(docs.iterdir()):  # shared files (data/): copied, since docs/ is rewritten in place
        if entry.name in codes or entry.name.startswith("."):
            continue
        for path in sorted(entry.rglob("*")) if entry.is_dir() else [entry]:
            if path.is_file():
                target = staging / path.relative_to(docs)
                make_folder(target.parent)
                write_new(target, path.read_bytes())
                placed.add(str(target))
    editions = [job.edition for job in jobs]
    pages = {r.code: set(r.pages) for r in results}
    write_new(staging / "sitemap.xml", sitemap(editions, pages, url).encode("utf-8"))
    placed.add(str(staging / "sitemap.xml"))
    for edition in editions:  # a sitemap lists only addresses below its folder
        if edition.prefix:
            target = staging / edition.prefix / "sitemap.xml"
            write_new(target, sitemap(editions, pages, url, only=edition.code).encode("utf-8"))
            placed.add(str(target))
    return placed


def sitemap(editions: Sequence[Edition], pages: dict[str, set[str]], url: str, only: str | None = None) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    # hreflang names a language: an edition sharing its language with an earlier one (lättläst)
    # is listed, but not as that language's alternate, and without alternates of its own (they
    # must be reciprocal, and no hreflang can name it).
    tagged: dict[str, Edition] = {}
    for edition in editions:
        tagged.setdefault(edition.lang, edition)
    for edition in editions:
        if only is not None and edition.code != only:
            continue
        for page in sorted(pages[edition.code]):
            lines += ["  <url>", f"    <loc>{xml_escape(url + edition.prefix + page)}</loc>"]
            for lang, other in tagged.items() if tagged[edition.lang] is edition else ():
                if page in pages[other.code]:
                    lines.append(f'    <xhtml:link rel="alternate" hreflang="{lang}" '
                                 f'href="{xml_escape(url + other.prefix + page)}"/>')
            lines.append("  </url>")
    return "\n".join([*lines, "</urlset>", ""])
