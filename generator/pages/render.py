"""Renders the model into the pages of `docs/` per language (front matter, then HTML: see
`htmlpage.py`), and writes `docs/` changing only what changed.

Every value a template prints is escaped for HTML unless it is `Markup` made by a helper here:
forgetting a filter cannot let text from YAML become markup.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..data.languages import Edition
from ..data.translations import outdated_pages, read_record
from ..model import PromiseView, SiteModel
from . import docscache, htmlpage, opendata, posters, routes, share
from .escape import md_escape
from .helpers import Helpers
from .helpers.context import FALLBACK_CLASS
from .helpers.dates import site_date
from .helpers.text import html_text
from .outputs import Output, OutputContext
from .routes import Page, paginate, paginate_by_age, path
from .site import SiteGlobals

TEMPLATES = Path(__file__).parent / "templates"
# Compiled templates, by each template's name and source (compiling them is 0.4 s of every build).
COMPILED = Path(".cache", "templates")  # in the project folder (the current one)
# Files made beside the pages, each by one module (see generator/outputs.py).
OUTPUTS: tuple[Output, ...] = (posters.files, share.files)


def _finalize(value: object) -> object:
    return "" if value is None else Helpers.esc(value)











class Renderer:
    """Holds the compiled templates; renders every page of a model in one language."""

    def __init__(self, ui: dict[str, dict[str, str]], site_url: str = "https://example.invalid/",
                 content_dir: Path | None = None) -> None:
        self.ui = ui
        self.site_url = site_url
        self.content_dir = content_dir  # where documents' files are measured
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            autoescape=True,  # so macros return Markup; _finalize escapes text as the pages show it
            finalize=_finalize,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # one Renderer per build: never stat the template files again
            bytecode_cache=docscache.CompiledTemplates(COMPILED),
        )
        # Plain HTML pages (the embeddable cards) use ordinary HTML autoescaping.
        self.html_env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                                           undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                           auto_reload=False, bytecode_cache=docscache.CompiledTemplates(COMPILED))

    def render(self, model: SiteModel, edition: Edition, page: Page, notice: Notice | None = None,
               site: SiteGlobals | None = None) -> str:
        """The page's docs/ file (front matter, then the body as HTML, see htmlpage.py); with the
        example-data notice under its first heading."""
        site = site or SiteGlobals.of(model)
        helpers = Helpers(site, self.ui[edition.code], edition, f"{edition.code}/{page.path}", self.site_url,
                           self.content_dir)
        context = {k: v.replace("{prefix}", edition.prefix) if isinstance(v, str) else v
                   for k, v in page.context.items()}
        text = self.env.get_template(page.template).render(site=model if page.whole_site else site,
                                                           lang=edition.code, edition=edition,
                                                           h=helpers, page_path=page.path, **context)
        match = _FRONT_MATTER.match(text)
        head, body = (text[: match.end()], text[match.end():]) if match else ("", text)
        if notice:
            end = body.find("</h1>")
            at = end + len("</h1>\n") if end >= 0 else 0
            body = body[:at] + notice.html + body[at:]
        return head + htmlpage.heading_ids(body)

    def render_embed(self, model: SiteModel, edition: Edition, view: PromiseView,
                     site: SiteGlobals | None = None) -> str:
        """The status card of one promise: a small page of its own, for iframes on other sites. It
        reads `view` and SiteGlobals only (kept by a rebuild when those are unchanged)."""
        lang = edition.code
        site = site or SiteGlobals.of(model)
        helpers = Helpers(site, self.ui[lang], edition, f"{lang}/embed/{view.promise.id}/index.md")
        updates = [a.last_update.date for a in view.activities if a.last_update]
        latest = max(updates, key=lambda d: (d.first_day, d.day is not None)) if updates else None
        overdue = sum(1 for a in view.activities if a.overdue)
        up = "../../" + "../" * edition.prefix.count("/")
        twins = [(other, f"{up}{other.prefix}embed/{view.promise.id}/") for other in site.editions
                 if other.code != lang]
        return self.html_env.get_template("embed.html.j2").render(
            site=site, lang=lang, edition=edition, view=view, promise=view.promise, words=self.ui[lang],
            period=helpers.period(view.promise.period),
            owners=helpers.join(helpers.t(o.name) for o in view.owners),
            promise_href="../../" + routes.address("promise", view.promise.id), twins=twins,
            last_update=helpers.date(latest) if latest else None, overdue=overdue)


DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"
# How many current promises the start page shows in full; the rest are a link away.
START_PAGE_PROMISES = 6


def search_examples(model: SiteModel) -> tuple[Any, ...]:
    """The texts the search page's example word may come from, best first: what residents search
    for (activities), then places, surveys and promises; current promises before archived ones."""
    views = (*model.current_promises, *model.ended_promises)
    return (*(a.title for v in views for a in v.promise.activities), *(p.name for p in model.document.places),
            *(s.survey.title for s in model.surveys), *(v.promise.title for v in views))


def pages_for(model: SiteModel, site_url: str) -> list[Page]:
    codes = tuple(e.code for e in model.editions)
    columns = {"activity_columns": ", ".join(opendata.activity_columns(codes)),
               "update_columns": ", ".join(opendata.update_columns(codes)), "feed_entries": opendata.FEED_ENTRIES,
               "calendar": opendata.has_calendar(model)}
    pages = [
        Page(path("home"), "index.html.j2", {"limit": START_PAGE_PROMISES}, whole_site=True),
        Page(path("accessibility"), "accessibility.html.j2", {"digg_url": DIGG_REPORT_URL}, whole_site=True),
        Page(path("opendata"), "opendata.html.j2", {**columns, "embed_base": site_url + "{prefix}embed/"},
             whole_site=True),
        Page(path("search"), "search.html.j2", {"examples": search_examples(model)}),
    ]
    pages += paginate(path("contacts"), "contacts.html.j2", model.contacts, {})
    pages += paginate(path("promises"), "promises.html.j2", model.current_promises,
                      {"archived": len(model.ended_promises)})
    pages += paginate(path("archive"), "archive.html.j2", model.ended_promises, {})
    pages += paginate_by_age(path("updates"), "updates.html.j2", model.updates, {},
                             day=lambda u: u.update.date)
    pages += paginate(path("places"), "places.html.j2", model.places, {})
    pages += paginate(path("owners"), "owners.html.j2", model.owners, {})
    for place in model.places:
        pages += paginate(path("place", place.place.id), "place.html.j2", place.entries, {"view": place})
    for owner in model.owners:
        pages += paginate(path("owner", owner.organisation.id), "owner.html.j2", owner.groups, {"view": owner},
                          size=routes.PROMISES_PER_PAGE)
    pages += [Page(path("promise", p.promise.id), "promise.html.j2", {"view": p}) for p in model.promises]
    return pages


@dataclass(frozen=True)
class Notice:
    """The notice on every page of example data, as Markdown and as the HTML it becomes."""

    markdown: str
    html: str


def example_notice(ui: dict[str, str], as_of: str | None = None) -> Notice:
    """The notice on every page of example data; with the day it depicts when the build used it."""
    text = ui["example_notice"] + (" " + ui["example_as_of"].format(date=as_of) if as_of is not None else "")
    title = ui["example_title"]
    return Notice(f'!!! warning "{md_escape(title)}"\n\n    {md_escape(text)}\n',
                  f'<div class="admonition warning">\n<p class="admonition-title">{html_text(title)}</p>\n'
                  f"<p>{html_text(text)}</p>\n</div>\n")


_HEADING = re.compile(r"^# .*$", re.MULTILINE)


def with_notice(markdown: str, notice: str) -> str:
    """Put the example-data notice right under the page's first heading."""
    match = _HEADING.search(markdown)
    if match is None:
        return notice + "\n" + markdown
    return markdown[: match.end()] + "\n\n" + notice + markdown[match.end():]


_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)


def hand_written_names(content_dir: Path, editions: tuple[Edition, ...], edition: Edition) -> frozenset[str]:
    """The pages of an edition's `docs/` folder that are hand-written (`content/pages/`), not made
    by the templates: Markdown, the editors' own, which MkDocs converts (see `htmlpage.py`)."""
    return frozenset(p.name for code in {edition.code, editions[0].code}
                     for p in (content_dir / "pages" / code).glob("*.md"))


def hand_written_pages(content_dir: Path, editions: tuple[Edition, ...], edition: Edition, words: dict[str, str],
                       notice: str | None) -> dict[str, bytes]:
    """content/pages/<code>/*.md of one edition. A page the edition lacks, or has translated from an
    earlier version of the default edition's (outdated), is the default edition's, marked with its
    language and a note in the reader's language, so every page exists in every edition."""
    stale = outdated_pages(content_dir, read_record(content_dir), edition.code, editions[0].code)
    own = {p.name: p for p in (content_dir / "pages" / edition.code).glob("*.md") if p.name not in stale}
    files = {}
    for name in sorted(hand_written_names(content_dir, editions, edition)):
        text = (own.get(name) or content_dir / "pages" / editions[0].code / name).read_text(encoding="utf-8")
        if name in own:
            page = with_notice(text, notice) if notice else text
        else:
            match = _FRONT_MATTER.match(text)
            head, body = (text[: match.end()], text[match.end():]) if match else ("", text)
            note = f'<p class="{FALLBACK_CLASS}">{html.escape(words["fallback_note"])}</p>\n\n'
            # in a right-to-left edition with its own direction too, or its punctuation moves
            # ("?Hur tas ett löfte fram")
            direction = "" if editions[0].direction == edition.direction else f' dir="{editions[0].direction}"'
            page = (f"{head}\n{notice + chr(10) if notice else ''}{note}"
                    f'<div lang="{html.escape(editions[0].lang)}"{direction} markdown="1">\n{body}\n</div>\n')
        files[f"{edition.code}/{name}"] = page.encode()
    return files


# From this many pages on, half of the pages are rendered in a forked process at the same time
# (mkdocs uses one core; a 2-core machine has another). Small sites stay in one process.
PARALLEL_FROM_PAGES = 400


def render_docs(model: SiteModel, ui: dict[str, dict[str, str]], content_dir: Path,
                site_url: str | None = None, parallel: bool | None = None) -> dict[str, bytes]:
    """Every file of docs/, as bytes, keyed by path relative to docs/. The output is the same
    whether it is made in one process or in two side by side."""
    return render_changed(model, ui, content_dir, site_url, parallel=parallel).files


@dataclass
class Rendered:
    """The files of docs/ a build made (`files`), those the last build made from the same things
    and that stay as they are (`kept`), and every made file's key (docscache.py)."""

    files: dict[str, bytes]
    kept: set[str]
    keys: dict[str, str]

    def update(self, other: Rendered) -> None:
        self.files.update(other.files)
        self.kept |= other.kept
        self.keys.update(other.keys)


def render_changed(model: SiteModel, ui: dict[str, dict[str, str]], content_dir: Path,
                   site_url: str | None = None, before: docscache.Manifest | None = None,
                   parallel: bool | None = None, cache: Path | None = None) -> Rendered:
    """The files of docs/, made anew except those `before` records as made from the same key (a
    page's context, `SiteGlobals`, the wording, the code and the libraries: see docscache.py).
    `cache`: a folder for the promises' parts of the data files, kept between builds."""
    site_url = site_url or opendata.site_address(model.document)
    renderer = Renderer(ui, site_url, content_dir)
    pages = pages_for(model, site_url)
    for page in pages:  # compile every template before a fork, so it happens once
        renderer.env.get_template(page.template)
    renderer.html_env.get_template("embed.html.j2")
    renderer.html_env.get_template(posters.TEMPLATE)
    if parallel is None:
        parallel = len(pages) >= PARALLEL_FROM_PAGES
    site = SiteGlobals.of(model)
    documents = (d.file for p in model.document.promises for d in p.documents if d.file)
    keys = docscache.edition_keys(TEMPLATES, site, ui, (e.code for e in model.editions), site_url, content_dir,
                                  documents)
    context = _fork_context() if parallel else None
    job = _Job(renderer, model, site, ui, pages, content_dir, site_url, keys, before or docscache.Manifest(Path()),
               cache / "data" if cache is not None else None)
    if context is None:
        rendered = job.run(0, 1)
    else:
        global _FORKED_JOB
        _FORKED_JOB = job  # inherited by the fork, not pickled
        try:
            with context.Pool(1) as pool:
                other = pool.apply_async(_run_forked_job)
                rendered = job.run(0, 2)
                rendered.update(other.get())
        finally:
            _FORKED_JOB = None
    rendered.files = dict(sorted(rendered.files.items()))
    return rendered


def _fork_context() -> Any:
    """A process context that inherits the model by fork (no pickling of it), where there is one."""
    import multiprocessing

    try:
        return multiprocessing.get_context("fork")
    except ValueError:  # no fork (Windows): one process it is
        return None


@dataclass(frozen=True)
class _Job:
    renderer: Renderer
    model: SiteModel
    site: SiteGlobals
    ui: dict[str, dict[str, str]]
    pages: list[Page]
    content_dir: Path
    site_url: str
    keys: dict[str, bytes]  # per edition code (docscache.edition_keys)
    before: docscache.Manifest
    promise_parts: Path | None  # where the data files' parts are kept (docscache.Fragments)

    def run(self, part: int, parts: int) -> Rendered:
        """Share `part` of `parts`: every parts-th page, embed, poster and share card in every
        edition, and a share of the other files (promises.json, the slowest, goes to the last
        share; the feeds and calendars of each language to a share of its own)."""
        model, ui, content_dir = self.model, self.ui, self.content_dir
        context = OutputContext(model, ui, self.site_url, self.renderer.html_env, part, parts, self.before, self.keys,
                                docscache.Fingerprints(model.promises))
        out = Rendered({}, context.kept, context.keys)
        files = out.files
        fingerprints = context.fingerprints
        pages = [(page, None if page.whole_site else fingerprints.of((page.path, page.template, page.context)))
                 for page in context.share(self.pages)]
        for index, edition in enumerate(model.editions):
            lang = edition.code
            as_of = (site_date(model.today, edition.locale)
                     if model.document.site.example_as_of == model.today else None)
            notice = example_notice(ui[lang], as_of) if model.document.site.example_data else None
            for page, fingerprint in pages:
                path = f"{lang}/{page.path}"
                if fingerprint is None or not context.unchanged(path, fingerprint):
                    files[path] = self.renderer.render(model, edition, page, notice, self.site).encode()
            if index % parts == part:  # each edition's feed and calendar in one share
                files.update(opendata.language_data_files(model, edition, ui[lang], self.site_url, context.unchanged))
            if part == 0:
                files.update(hand_written_pages(content_dir, model.editions, edition, ui[lang],
                                                notice.markdown if notice else None))
                files_used = {p.image.file for p in model.document.promises if p.image}
                files_used |= {d.file for p in model.document.promises for d in p.documents if d.file}
                for image in sorted(files_used):
                    files[f"{lang}/assets/{image}"] = (content_dir / image).read_bytes()
                files[f"{lang}/embed/embed.css"] = (TEMPLATES / "embed.css").read_bytes()
            for view in context.share(model.promises):
                path = f"{lang}/embed/{view.promise.id}/index.html"
                if not context.unchanged(path, view):
                    files[path] = self.renderer.render_embed(model, edition, view, self.site).encode()
        for output in OUTPUTS:
            files.update(output(context))
        data = ("data/promises.json",) if part == parts - 1 else ()
        if part == 0:
            data = ("data/activities.csv", "data/updates.csv", *data)
        stores = {name: docscache.Fragments(self.promise_parts / f"{name.replace('/', '-')}.pickle"
                                            if self.promise_parts is not None else None) for name in data}
        if part == 0:
            made = {name: self._parts(store, context) for name, store in stores.items()}
            files.update(opendata.shared_data_files(model, self.site_url, part == parts - 1, content_dir, made))
        elif data:
            files["data/promises.json"] = opendata.promises_json(model, self.site_url, content_dir,
                                                                 self._parts(stores["data/promises.json"], context))
        for store in stores.values():
            store.save()
        return out

    def _parts(self, store: docscache.Fragments, context: OutputContext) -> opendata.Parts:
        """A promise's part of a data file, kept from the last build when its view is the same (the
        site's address, editions and documents' sizes: in the key of data/, docscache.py)."""
        def part(view: PromiseView, make: Callable[[], object]) -> object:
            return store.get(docscache.file_key(self.keys[""], context.fingerprints.of(view)), make)

        return part


_FORKED_JOB: _Job | None = None


def _run_forked_job() -> Rendered:
    assert _FORKED_JOB is not None
    return _FORKED_JOB.run(1, 2)


def write_tree(root: Path, files: dict[str, bytes], kept: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Make `root` hold exactly `files` and the files `kept` as they are, writing only files whose
    bytes changed (no rebuild loops)."""
    changed: list[str] = []
    root.mkdir(parents=True, exist_ok=True)
    existing: set[str] = set()
    folders: set[str] = set()
    for folder, _dirs, names in os.walk(root):
        rel_folder = Path(folder).relative_to(root).as_posix()
        folders.add(rel_folder)
        existing.update(name if rel_folder == "." else f"{rel_folder}/{name}" for name in names)
    for rel, data in sorted(files.items()):
        target = root / rel
        if rel in existing and target.read_bytes() == data:
            continue
        parent = posixpath.dirname(rel) or "."
        if parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(parent)
        target.write_bytes(data)
        changed.append(rel)
    removed = sorted(existing - files.keys() - kept - {".gitignore"})
    for rel in removed:
        (root / rel).unlink()
        changed.append(rel)
    for rel_folder in sorted(folders, key=lambda f: f.count("/"), reverse=True) if removed else ():  # deepest first
        if rel_folder != "." and not os.listdir(root / rel_folder):
            os.rmdir(root / rel_folder)
    return changed
