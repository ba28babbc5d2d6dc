"""`python -m generator check-site`: the built site checked as residents receive it.

Static checks (internal links and anchors, language twins, resources from other hosts, the Nu
HTML Checker) and, in headless Chromium at phone and desktop width, axe-core (WCAG 2.0/2.1 A and
AA), the hosts each page contacts, console errors, page weight against `checks/budget.json`, no
page wider than the screen, a keyboard walk of the start pages at both widths (every focus stop in
view, the language menu and the navigation drawer opened and closed from the keyboard) and
screenshots; axe again on the pages people print (survey posters and promise pages) with the print
styles applied, and each printed to PDF (a poster on one sheet of A4 and of A3, every PDF's text
with the page's title); then Lighthouse (mobile) on the start page and a promise page. One line
per page and check, a summary, exit 1 on any failure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from ..engine.resources import find_external_resources
from ..pages import routes
from ..pages.opendata import DEFAULT_SITE_URL

WIDTHS = {390: 844, 1280: 800}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
# the page budget, the Nu checker's filter, and the npm lock of the checkers
TOOLS = Path(__file__).resolve().parent / "tools"
BUDGET = TOOLS / "budget.json"
VNU_FILTER = TOOLS / "vnu-filter.txt"
LIGHTHOUSE_RUNS = 3  # at most: one when the first run meets every minimum
LIGHTHOUSE_MIN = {"accessibility": 100, "best-practices": 100, "seo": 100, "performance": 95}
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg", "application/xml")


class ToolMissing(Exception):
    """A checker is not installed: in CI that is a failure, never a skip."""


@functools.cache
def node_modules() -> Path:
    """Where axe-core, the Nu HTML Checker and Lighthouse are: $MEDBORGARLOFTEN_TOOLS/node_modules;
    else the package's own tools/node_modules (a checkout of the generator, after `make test`);
    else .cache/tools/node_modules in the site's folder, installed there from the package's lock
    (`npm ci`) the first time the browser checks run."""
    chosen = os.environ.get("MEDBORGARLOFTEN_TOOLS")
    if chosen:
        return Path(chosen) / "node_modules"
    if (TOOLS / "node_modules" / "axe-core").is_dir():
        return TOOLS / "node_modules"
    folder = Path(".cache", "tools").resolve()
    lock = (TOOLS / "package-lock.json").read_bytes()
    stamp = folder / "node_modules" / ".lock.json"
    if stamp.is_file() and stamp.read_bytes() == lock:
        return folder / "node_modules"
    npm = shutil.which("npm")
    if npm is None:
        raise ToolMissing("the browser checks need Node.js and npm (Debian: nodejs npm), or give --no-browser")
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy2(TOOLS / name, folder / name)
    print(f"check-site: installing axe-core, the Nu HTML Checker and Lighthouse into {folder} (npm ci)",
          file=sys.stderr, flush=True)
    result = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=folder,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise ToolMissing(f"npm ci in {folder} failed: {result.stderr.strip()[-500:]}")
    stamp.write_bytes(lock)
    return folder / "node_modules"


Line = tuple[bool, str, str, str]  # passed, check, page, detail


@dataclass
class Report:
    """The checks' lines; each printed as it is added (`echo`), unless it is a part that is added
    to the report later, in its place."""

    lines: list[Line] = field(default_factory=list)
    echo: bool = True

    def add(self, ok: bool, check: str, page: str, detail: str = "") -> None:
        self.lines.append((ok, check, page, detail))
        if self.echo:
            print(f"{'ok  ' if ok else 'FAIL'} {check:<11} {page:<42} {detail}", flush=True)

    @property
    def failures(self) -> list[Line]:
        return [line for line in self.lines if not line[0]]

    def summary(self) -> str:
        return f"check-site: {len(self.lines)} checks, {len(self.failures)} failed"


def base_path(site: Path | None = None) -> str:
    """The path the site is published under (the first address in its sitemap.xml, which is the
    start page), so absolute links resolve locally too; without a site, the example's."""
    url = DEFAULT_SITE_URL
    sitemap = site / "sitemap.xml" if site is not None else None
    if sitemap is not None and sitemap.is_file():
        found = re.search(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8"))
        url = found.group(1) if found else url
    return urlsplit(url).path or "/"


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def page_url(rel: str) -> str:
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


# --- static checks -------------------------------------------------------------------------

def _ids(html: BeautifulSoup) -> set[str]:
    named = html.find_all("a", attrs={"name": True})
    return {str(e["id"]) for e in html.find_all(id=True)} | {str(e["name"]) for e in named}


def _resolve(site: Path, base: str, page: str, href: str) -> tuple[Path | None, str]:
    """The file an internal link points at, and its #fragment; None for links that leave the site."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None, ""
    if not parts.path:
        return site / page, parts.fragment
    path = parts.path
    if path.startswith("/"):
        if not path.startswith(base):
            return site / "__outside_the_site__" / path.lstrip("/"), parts.fragment
        target = PurePosixPath(unquote(path[len(base):]))
    else:
        target = PurePosixPath(unquote(urljoin("/" + page, path).lstrip("/")))
    file = site / target
    if path.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, parts.fragment


def check_links(site: Path, report: Report, base: str | None = None) -> None:
    base = base or base_path(site)
    parsed = {rel: BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser") for rel in html_pages(site)}
    ids = {rel: _ids(html) for rel, html in parsed.items()}
    for rel, html in parsed.items():
        broken = []
        for element, attribute in [(a, "href") for a in html.find_all(["a", "link"], href=True)] + \
                                  [(e, "src") for e in html.find_all(["img", "script", "source"], src=True)]:
            href = str(element[attribute])
            if href.startswith(("mailto:", "tel:")):
                continue
            target, fragment = _resolve(site, base, rel, href)
            if target is None:
                continue
            if not target.is_file():
                broken.append(href)
            elif fragment and target.suffix == ".html":
                key = target.relative_to(site).as_posix()
                if fragment not in ids.get(key, set()):
                    broken.append(href)
        report.add(not broken, "links", page_url(rel), f"broken: {', '.join(sorted(set(broken)))}" if broken else "")


def edition_prefixes(site: Path) -> list[str]:
    """The editions' folders, the default ("") first: read from the start page's language links."""
    start = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    found = []
    for link in start.find_all("a", attrs={"data-edition": True}):
        target = _resolve(site, base_path(site), "index.html", str(link["href"]))[0]
        if target is not None:
            folder = target.parent.relative_to(site).as_posix()
            found.append("" if folder == "." else folder + "/")
    return ["", *sorted(set(found) - {""})]


def check_twins(site: Path, report: Report, prefixes: list[str] | None = None) -> None:
    """Every page links to the same page in every other edition (the header's language links)."""
    prefixes = prefixes if prefixes is not None else edition_prefixes(site)
    base = base_path(site)
    for rel in html_pages(site):
        if rel == "404.html":
            continue
        own = next((p for p in sorted(prefixes, key=len, reverse=True) if rel.startswith(p)), "")
        if own == "" and any(rel.startswith(p) for p in prefixes if p):
            continue
        same = rel[len(own):]
        html = BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")
        targets = set()
        for link in html.find_all("a", hreflang=True):
            resolved = _resolve(site, base, rel, str(link["href"]))[0]
            if resolved is not None and resolved.is_file():
                targets.add(resolved.resolve())
        missing = [p + same for p in prefixes if p != own and (site / (p + same)).resolve() not in targets]
        report.add(not missing, "twin", page_url(rel), f"no link to {', '.join(missing)}" if missing else "")


def check_external(site: Path, report: Report) -> None:
    found: dict[str, list[str]] = {}
    for resource in find_external_resources(site):
        found.setdefault(resource.file, []).append(resource.url)
    files = sorted({*html_pages(site), *found})
    for rel in files:
        urls = found.get(rel, [])
        report.add(not urls, "external", page_url(rel), f"loads {', '.join(urls)}" if urls else "")


def vnu_filters(path: Path = VNU_FILTER) -> list[re.Pattern[str]]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [re.compile(line) for line in lines if line.strip() and not line.lstrip().startswith("#")]


def check_vnu(site: Path, report: Report) -> None:
    jar = node_modules() / "vnu-jar" / "build" / "dist" / "vnu.jar"
    java = shutil.which("java")
    if not jar.is_file() or java is None:
        raise ToolMissing("the Nu HTML Checker needs vnu-jar (npm) and java (default-jre-headless)")
    result = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json", "--skip-non-html",
                             str(site)], capture_output=True, text=True)
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    filters = vnu_filters()
    by_page: dict[str, list[str]] = {}
    for message in messages:
        rel = Path(unquote(urlsplit(message.get("url", "")).path)).resolve().relative_to(site.resolve()).as_posix()
        text = f"{rel}: line {message.get('lastLine', '?')}: {message['message']}"
        if not any(f.search(text) for f in filters):
            by_page.setdefault(rel, []).append(text)
    for rel in html_pages(site):
        errors = by_page.get(rel, [])
        report.add(not errors, "vnu", page_url(rel), "; ".join(errors)[:400] if errors else "0 errors")


# --- the browser ---------------------------------------------------------------------------

class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under its published path, gzip-compressed as GitHub Pages serves it."""

    base = "/"

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        path = "/" + path[len(self.base):] if path.startswith(self.base) else "/__outside__" + path
        return super().translate_path(path)

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not wants_gzip or not content_type.startswith(_COMPRESSIBLE) \
                or (Path(self.translate_path(self.path)).is_dir() and not self.path.split("?")[0].endswith("/")):
            return super().send_head()
        stat = path.stat()
        body = _gzipped(str(path), stat.st_mtime_ns, stat.st_size)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    """A file compressed as served: once per version of the file, not on each of the hundreds of
    visits that load the same style sheets, scripts and fonts (`mtime_ns` and `size` tell versions apart)."""
    return gzip.compress(Path(path).read_bytes(), 6, mtime=0)


@contextmanager
def serve_site(site: Path, base: str) -> Iterator[str]:
    handler = type("Handler", (_Handler,), {"base": base})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{base}"
    finally:
        server.shutdown()
        server.server_close()


def _require_browser() -> None:
    if not Path(CHROMIUM).is_file():
        raise ToolMissing(f"Chromium is missing at {CHROMIUM} (apt-get install chromium)")
    if not (node_modules() / "axe-core" / "axe.min.js").is_file():
        raise ToolMissing("axe-core is missing (npm ci)")
    if shutil.which("pdfinfo") is None or shutil.which("pdftotext") is None:
        raise ToolMissing("the printed pages are read with pdfinfo and pdftotext (apt-get install poppler-utils)")


def _transfer_size(body: bytes, content_type: str) -> tuple[int, int]:
    compressed = _gzip_size(body) if content_type.startswith(_COMPRESSIBLE) else len(body)
    return len(body), compressed


@functools.lru_cache(maxsize=256)
def _gzip_size(body: bytes) -> int:
    """The bytes of `body` gzip-compressed; each page's visits load the same files again and again."""
    return len(gzip.compress(body, 6, mtime=0))


# Browsers checking pages side by side: the visits are independent, and each keeps a core busy
# (Chromium's processes do more than wait), so one browser per core. Each is driven from a thread of
# its own (Playwright's sync API wants one Playwright per thread); the visits are taken from one
# queue, so a slow page holds up no other browser, and the report's lines come in the visits'
# order whatever the workers.
BROWSER_WORKERS = max(1, min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1))


def widths(site: Path, pages: list[str]) -> dict[str, tuple[int, ...]]:
    """The widths each page is visited at: every page at the phone's width, where residents read
    and where a longer word or a right-to-left layout breaks first; at the desktop's width every
    page of the default edition and, of each other edition, its start page, its search page and
    its first promise page (the other pages of an edition are the same templates with other text,
    and every edition's page is seen at the phone's width)."""
    phone, *others = WIDTHS
    prefixes = [prefix for prefix in edition_prefixes(site) if prefix]
    wide = {rel for rel in pages if not any(rel.startswith(prefix) for prefix in prefixes)}
    for prefix in prefixes:
        promises = sorted(rel for rel in pages if rel.startswith(prefix) and _PROMISE_PAGE.match(rel[len(prefix):]))
        wide |= {f"{prefix}index.html", f"{prefix}{SEARCH_PAGE}", *promises[:1]}
    return {rel: (phone, *others) if rel in wide else (phone,) for rel in pages}


_PROMISE_PAGE = re.compile("^" + re.escape(routes.address("promise", "ID")).replace("ID", "[^/]+") + r"index\.html$")


@dataclass(frozen=True)
class Visit:
    """One visit of the browser checks: `rel` at `width` ("page"; with `search`, the search page
    with that word searched for), as printed ("print"), or walked with the keyboard ("keyboard")."""

    kind: str
    rel: str
    width: int = 0
    search: str | None = None

    @property
    def label(self) -> str:
        """The page as the report names it."""
        if self.kind == "page":
            return f"{page_url(self.rel) or '/'}{f'?q={self.search}' if self.search else ''} @{self.width}"
        if self.kind == "keyboard":
            return f"{page_url(self.rel) or '/'} @{self.width}"
        return page_url(self.rel)


def browser_visits(site: Path, pages: list[str], starts: list[str]) -> list[Visit]:
    """Every visit, in the report's order: each width's pages (a search page twice: as it opens
    and with the search open), the printed pages, then each edition's start page with the keyboard
    at each width."""
    plan = widths(site, pages)
    visits = []
    for width in WIDTHS:
        for rel in (rel for rel in pages if width in plan[rel]):
            visits.append(Visit("page", rel, width))
            if rel.endswith(SEARCH_PAGE):
                visits.append(Visit("page", rel, width, search_word(site, rel)))
    visits += [Visit("print", rel) for rel in pages if is_printed(rel)]
    visits += [Visit("keyboard", rel, width) for width in WIDTHS for rel in starts]  # right-to-left ones too
    return visits


def check_in_browser(site: Path, report: Report, screenshots: Path | None, base: str | None = None,
                     only: list[str] | None = None, workers: int | None = None,
                     before: Callable[[], None] | None = None) -> None:
    """Every page at the widths `widths` gives (and the search page with the search open, the
    printed pages as printed, each edition's start page with the keyboard), in `workers` browsers
    at once; each visit's lines are added in the order of `browser_visits`, as soon as it and the
    visits before it are done (and `before`, if given, is called before the first is added). A
    visit that cannot be finished fails on its own line."""
    _require_browser()
    base = base or base_path(site)
    pages = [rel for rel in html_pages(site) if rel != "404.html" and (only is None or rel in only)]
    starts = [f"{prefix}index.html" for prefix in edition_prefixes(site) if f"{prefix}index.html" in pages]
    visits = browser_visits(site, pages, starts)
    count = max(1, min(workers or BROWSER_WORKERS, len(visits)))
    with serve_site(site, base) as root:
        checker = functools.partial(_Checker, site, root, screenshots)
        for lines in _in_browsers(visits, count, checker):
            if before is not None:
                first, before = before, None
                first()
            for line in lines:
                report.add(*line)
    if before is not None:  # no page to visit
        before()


def _in_browsers(visits: list[Visit], count: int, checker: Any) -> Iterator[list[Line]]:
    """The lines of each visit, in the visits' order, checked by `count` threads that each make a
    `checker(playwright)` and take the next visit from a queue until none is left."""
    import queue

    todo: queue.SimpleQueue[tuple[int, Visit]] = queue.SimpleQueue()
    for item in enumerate(visits):
        todo.put(item)
    done: dict[int, list[Line]] = {}
    failed: list[BaseException] = []
    changed = threading.Condition()
    stop = threading.Event()

    def work() -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = checker(playwright)
                try:
                    while not stop.is_set():
                        try:
                            index, visit = todo.get_nowait()
                        except queue.Empty:
                            return
                        lines = browser.check(visit)
                        with changed:
                            done[index] = lines
                            changed.notify_all()
                finally:
                    browser.close()
        except BaseException as exc:  # Chromium did not start, or died: the run stops with it
            with changed:
                failed.append(exc)
                changed.notify_all()

    threads = [threading.Thread(target=work, name=f"check-site browser {i + 1}", daemon=True) for i in range(count)]
    for thread in threads:
        thread.start()
    try:
        for index in range(len(visits)):
            with changed:
                while index not in done and not failed:
                    changed.wait()
                if index not in done:
                    raise failed[0]
                lines = done.pop(index)
            yield lines
    finally:
        stop.set()
        for thread in threads:
            thread.join()


class _Checker:
    """One Chromium, used from one thread, with a page for each kind of visit (each width, the
    printed pages, the keyboard walks), made on first use in a browser context of its own and
    navigated from visit to visit: a new page for every visit cost more than the checks on it.
    Between two visits the page is on about:blank, so nothing of one visit is seen in the next,
    and the pages of the widths have the cache off: each page is weighed as on a first visit."""

    def __init__(self, site: Path, root: str, screenshots: Path | None, playwright: Any) -> None:
        self.site, self.root, self.screenshots = site, root, screenshots
        self.host = urlsplit(root).netloc
        self.budget = json.loads(BUDGET.read_text(encoding="utf-8"))
        self.axe_source = (node_modules() / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
        self.day = build_day(site)
        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.pages: dict[tuple[str, int], Any] = {}

    def page(self, visit: Visit) -> Any:
        key = (visit.kind, visit.width)
        if key not in self.pages:
            if visit.kind == "page":
                context = self.browser.new_context(viewport={"width": visit.width, "height": WIDTHS[visit.width]},
                                                   locale="sv-SE")
            elif visit.kind == "print":  # at the width of an A4 sheet
                context = self.browser.new_context(viewport={"width": 794, "height": 1123}, locale="sv-SE")
            else:  # the keyboard at the width's viewport
                context = self.browser.new_context(viewport={"width": visit.width, "height": WIDTHS[visit.width]})
            page = _on_day(context.new_page(), self.day)
            if visit.kind == "page":
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})  # weighed as on a first visit
            elif visit.kind == "print":
                page.emulate_media(media="print")
            self.pages[key] = page
        return self.pages[key]

    def check(self, visit: Visit) -> list[Line]:
        report = Report(echo=False)
        try:
            page = self.page(visit)
            try:
                if visit.kind == "page":
                    _visit(page, self.root, self.host, visit.rel, visit.width, self.axe_source, self.budget, report,
                           self.screenshots, search=visit.search)
                elif visit.kind == "print":
                    _visit_printed(page, self.root, visit.rel, self.axe_source, report)
                else:
                    _keyboard_walk(page, self.root, visit.rel, visit.width, report)
            finally:
                page.goto("about:blank")  # the visited page unloaded while nothing listens
        except Exception as exc:  # a page that cannot be opened or checked fails on its own line
            self.forget(visit)
            check = {"page": "visit", "print": "axe-print"}.get(visit.kind, visit.kind)
            report.add(False, check, visit.label, f"{type(exc).__name__}: {exc}"[:400])
        return report.lines

    def forget(self, visit: Visit) -> None:
        """A page that failed is not used again: the next visit of its kind gets a new one."""
        page = self.pages.pop((visit.kind, visit.width), None)
        if page is not None:
            with contextlib.suppress(Exception):  # the browser may be gone with it
                page.context.close()

    def close(self) -> None:
        self.browser.close()


def build_day(site: Path) -> dt.date | None:
    """The day the site was built for (from its open data), or None for a site without it."""
    data = site / "data" / "promises.json"
    if not data.is_file():
        return None
    return dt.date.fromisoformat(json.loads(data.read_text(encoding="utf-8"))["build_date"])


def _on_day(page: Any, day: dt.date | None) -> Any:
    """The page with its clock on the build day: the site's script counts survey deadlines on the
    reader's date, so the site is checked as residents see it on the day it was built."""
    if day is not None:
        page.clock.set_fixed_time(dt.datetime.combine(day, dt.time(12)))
    return page


QUIET_MS = 150  # a page has settled when no request has been in flight for this long after `load`


class _Listening:
    """Handlers added to a page for one visit, removed when the visit ends (the page is used again)."""

    def __init__(self, page: Any) -> None:
        self.page, self.added = page, list[tuple[str, Any]]()

    def on(self, event: str, handler: Any) -> None:
        self.page.on(event, handler)
        self.added.append((event, handler))

    def __enter__(self) -> _Listening:
        return self

    def __exit__(self, *exc: object) -> None:
        for event, handler in self.added:
            self.page.remove_listener(event, handler)


def open_settled(listening: _Listening, url: str, quiet_ms: int = QUIET_MS, timeout_ms: int = 15000) -> set[Any]:
    """Open `url` in the page and return once it has loaded and nothing has been in flight for
    `quiet_ms`: every request its scripts make after `load` is seen, without Playwright's
    "networkidle" (which waits a fixed half second more on every one of the hundreds of visits).
    Returns the set of requests in flight, which stays up to date for `wait_quiet` while `listening`."""
    in_flight: set[Any] = set()
    listening.on("request", lambda request: in_flight.add(request))  # Playwright wants functions, not methods
    listening.on("requestfinished", lambda request: in_flight.discard(request))
    listening.on("requestfailed", lambda request: in_flight.discard(request))
    page = listening.page
    page.goto(url, wait_until="load", timeout=timeout_ms)
    wait_quiet(page, in_flight, quiet_ms, timeout_ms)
    return in_flight


def wait_quiet(page: Any, in_flight: set[Any], quiet_ms: int = QUIET_MS, timeout_ms: int = 15000) -> None:
    """Wait until nothing of `in_flight` (from `open_settled`) has been in flight for `quiet_ms`."""
    quiet = waited = 0
    step = 50
    while quiet < quiet_ms and waited < timeout_ms:
        page.wait_for_timeout(step)  # events are delivered while Playwright waits
        waited += step
        quiet = 0 if in_flight else quiet + step


SEARCH_PAGE = routes.address("search") + "index.html"
_EXAMPLE = re.compile(r'<span class="site-search__example"[^>]*>(.*?)</span>', re.DOTALL)


def search_word(site: Path, search_page: str) -> str:
    """The word to search for in an edition: the example its search page gives readers (a word of
    its own pages), which must find something."""
    example = _EXAMPLE.search((site / search_page).read_text(encoding="utf-8"))
    return BeautifulSoup(example.group(1), "html.parser").get_text().strip() if example else "a"


def _open_search(page: Any, word: str, in_flight: set[Any]) -> int:
    """Search as a reader does: type a word, press Enter, wait for the count, then pick a filter;
    then wait until nothing of `in_flight` (the page's requests) has been in flight for a while.
    The results the word found (before the filter)."""
    page.fill("#site-search-query", word)
    page.press("#site-search-query", "Enter")
    page.locator(".site-search__count").filter(has_text=re.compile("[\u201d\u201c]")).wait_for(timeout=15000)
    found: int = page.locator(".site-search__result").count()
    status = page.locator("#site-search-filter-status")
    if status.count():
        before = page.locator(".site-search__count").inner_text()
        status.select_option(index=1)
        # changed, and with its final words (while the search runs it says "Söker …", no results)
        page.locator(".site-search__count").filter(has_not_text=before).filter(
            has_text=re.compile("[\u201d\u201c]")).wait_for(timeout=15000)
    wait_quiet(page, in_flight)  # every fragment of the results fetched: weighed with the page
    return found


def _visit(page: Any, root: str, host: str, rel: str, width: int, axe_source: str, budget: dict[str, int],
           report: Report, screenshots: Path | None, search: str | None = None) -> None:
    """One page at one width (in the width's page, its cache off): hosts contacted, console errors,
    weight, axe, no wider than the screen (a long word in a heading), a screenshot. With `search`,
    the search page is checked after searching for that word (the search open)."""
    requests: list[str] = []
    errors: list[str] = []
    responses: list[Any] = []
    label = f"{page_url(rel) or '/'}{f'?q={search}' if search else ''} @{width}"
    with _Listening(page) as listening:
        listening.on("request", lambda r: requests.append(r.url))
        listening.on("response", lambda r: responses.append(r))
        listening.on("console", lambda m: errors.append(m.text) if m.type == "error"
                     and "Failed to load" not in m.text else None)
        listening.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        listening.on("pageerror", lambda e: errors.append(str(e)))
        in_flight = open_settled(listening, root + page_url(rel))
        if search is not None:
            found = _open_search(page, search, in_flight)
            report.add(found > 0, "search", label, f"the example {search!r}, results shown: {found}" if found
                       else f"the search page's example {search!r} finds nothing")
        foreign = sorted({u for u in requests if urlsplit(u).netloc != host and not u.startswith("data:")})
        report.add(not foreign, "requests", label, f"other hosts: {', '.join(foreign)}" if foreign else
                   f"{len(requests)} requests, all to 127.0.0.1")
        report.add(not errors, "console", label, "; ".join(errors)[:300] if errors else "no errors")
        raw = packed = 0
        for response in responses:
            if urlsplit(response.url).netloc != host:
                continue
            try:
                body = response.body()
            except Exception:  # a redirect or an aborted request has no body
                continue
            sizes = _transfer_size(body, response.headers.get("content-type", ""))
            raw, packed = raw + sizes[0], packed + sizes[1]
        limit = budget["start_page_390_gzip"] if rel == "index.html" and width == 390 else budget["page_gzip"]
        if search is not None:  # the search open: Pagefind's library, WebAssembly and index fragments too
            limit = budget["search_open_gzip"]
        ok = packed <= limit and raw <= budget["page_uncompressed"]
        report.add(ok, "weight", label, f"{packed / 1000:.1f} kB gzip (budget {limit / 1000:.0f}), "
                                        f"{raw / 1000:.1f} kB uncompressed")
        page.evaluate(axe_source)
        violations = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then(r => r.violations.map(v => v.id + ' (' + v.nodes.length + '): ' + "
            "v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', ')))", AXE_TAGS)
        report.add(not violations, "axe", label, "; ".join(violations)[:400] if violations else "0 violations")
        wide = page.evaluate("() => document.documentElement.scrollWidth")
        report.add(wide <= width, "width", label, f"{wide} px wide on a screen of {width} px: a word or a box runs "
                   "off the screen" if wide > width else f"no wider than the screen ({width} px)")
        if screenshots is not None:
            name = (page_url(rel).strip("/").replace("/", "_") or "start") + ("-open" if search else "")
            name += f"-{width}.png"
            screenshots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshots / name), full_page=True)


_PRINTED = re.compile(r"^(?:[a-z]+/)?(?:affisch|loften)/[^/]+/index\.html$")
_POSTER = re.compile(r"^(?:[a-z]+/)?affisch/[^/]+/index\.html$")
PAPERS = {"poster": ("A4", "A3"), "page": ("A4",)}  # what each printed page is printed on


def is_printed(rel: str) -> bool:
    """Pages people print: the survey posters and the promise pages (also documents under the law)."""
    return bool(_PRINTED.match(rel))


def _visit_printed(page: Any, root: str, rel: str, axe_source: str, report: Report) -> None:
    """axe on the page as printed (in a page with the print styles applied, at the width of an A4
    sheet); then the page printed to PDF (`_check_pdf`)."""
    with _Listening(page) as listening:
        open_settled(listening, root + page_url(rel))
    page.evaluate(axe_source)
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => v.id + ' (' + v.nodes.length + '): ' + "
        "v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(', ')))", AXE_TAGS)
    report.add(not violations, "axe-print", page_url(rel), "; ".join(violations)[:400] if violations
               else "0 violations")
    _check_pdf(page, rel, report)


def _check_pdf(page: Any, rel: str, report: Report) -> None:
    """The page printed to PDF as a browser prints it: a poster on A4 and on A3, a promise page on
    A4. A poster must take one sheet and no more (a second page is text cut from the sheet) and be
    no wider than it; every PDF's text must hold the page's title (pdftotext, as a reader's
    search or a screen reader gets it from the file)."""
    poster = bool(_POSTER.match(rel))
    title = page.locator("h1").first.inner_text()
    problems, done = [], []
    if poster:  # as printed on A4 (this page's width and height): nothing hidden past the sheet's edges
        problems += page.evaluate(_CUT_OFF)
    for paper in PAPERS["poster" if poster else "page"]:
        pages, text = _pdf_pages_and_text(page.pdf(format=paper, print_background=True))
        done.append(f"{paper}: {pages} page{'s' if pages != 1 else ''}")
        if poster and pages != 1:
            problems.append(f"{pages} pages on {paper}")
        if not title_in(title, text):
            problems.append(f"no title on {paper}")
    detail = ", ".join(done) + (", title in the text" if not any("title" in p for p in problems) else "")
    report.add(not problems, "pdf", page_url(rel), f"{'; '.join(problems)} ({detail})" if problems else detail)


_CUT_OFF = """() => {
  const cut = [], root = document.documentElement, main = document.querySelector('main');
  if (root.scrollWidth > root.clientWidth + 1) cut.push('wider than the sheet');
  if (main && main.scrollHeight > main.clientHeight + 1) cut.push('text cut off at the foot of the sheet');
  return cut;
}"""


def _pdf_pages_and_text(pdf: bytes) -> tuple[int, str]:
    """A PDF's number of pages (pdfinfo) and its text (pdftotext), from poppler-utils."""
    pdfinfo, pdftotext = shutil.which("pdfinfo") or "pdfinfo", shutil.which("pdftotext") or "pdftotext"
    with tempfile.TemporaryDirectory(prefix="check-site-") as folder:
        file = Path(folder, "page.pdf")
        file.write_bytes(pdf)
        info = subprocess.run([pdfinfo, str(file)], capture_output=True, text=True, check=True).stdout
        text = subprocess.run([pdftotext, "-enc", "UTF-8", str(file), "-"], capture_output=True,
                              text=True, check=True).stdout
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(found.group(1)) if found else 0, text


def _letters(text: str) -> str:
    """Text as compared with a PDF's: compatibility forms folded (a ligature's letters), without
    spaces, line breaks, hyphens where a word was broken, or the direction marks pdftotext adds."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(c for c in folded if not c.isspace() and c not in "-\u2010\u00ad"
                   and unicodedata.category(c) != "Cf")


def title_in(title: str, text: str) -> bool:
    """Whether a PDF's `text` holds `title`: as written, or with its letters in another order in
    the same place. pdftotext gives the letters of an Arabic lam-alef ligature the other way round
    (لا as ال), and a number in a right-to-left line before the words it follows; the same letters
    in a run as long as the title are the title."""
    wanted, text = _letters(title), _letters(text)
    if not wanted or wanted in text:
        return bool(wanted)
    goal, window = Counter(wanted), Counter(text[:len(wanted)])
    for start in range(len(text) - len(wanted) + 1):
        if window == goal:
            return True
        if start + len(wanted) < len(text):
            window[text[start]] -= 1
            window[text[start + len(wanted)]] += 1
    return False


_FOCUS_INFO = """() => {
  const e = document.activeElement;
  const s = getComputedStyle(e);
  const visible = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'
    || s.textDecorationLine.includes('underline');
  const r = e.getBoundingClientRect();
  const inView = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth
    && r.top < innerHeight;
  const hidden = !!e.closest('[inert], [hidden], [aria-hidden="true"]')
    || !e.checkVisibility({visibilityProperty: true});
  return {cls: e.className || '', tag: e.tagName, visible: visible, seen: e === document.body || (inView && !hidden),
          text: (e.getAttribute('aria-label') || e.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 30)};
}"""
KEYBOARD_STOPS = 30, 60  # a walk takes at least the first and at most the second number of Tab stops
_MENU_OPEN = "() => document.querySelector('details.md-header__languages').open"
_ON_MENU_BUTTON = "() => document.activeElement.matches('summary.md-header__lang-link')"
# A point of the page outside the open language menu where a click does nothing else (no link,
# button or field under it): where a reader clicks to close the menu.
_OUTSIDE_POINT = """() => {
  const menu = document.querySelector('details.md-header__languages');
  for (let y = innerHeight - 10; y > 60; y -= 37) {
    for (let x = 10; x < innerWidth; x += 41) {
      const e = document.elementFromPoint(x, y);
      if (e && !menu.contains(e) && !e.closest('a, button, summary, label, input, select, textarea, [tabindex]'))
        return [x, y];
    }
  }
  return null;
}"""


def _keyboard_walk(page: Any, root: str, rel: str, width: int, report: Report) -> None:
    """Tab from the top at `width`: the skip link, the language link, the search button and the
    survey button must be reached, with focus shown, and every stop on the way must be in view
    (no link of a closed drawer off the screen, none in an inert or hidden part). Where the
    editions are a menu, its entries follow its button, and it closes with Escape (focus back
    on its button) and with a click outside it."""
    with _Listening(page) as listening:
        open_settled(listening, root + page_url(rel))
    wanted = {"skip link": "md-skip", "language link": "md-header__lang-link",
              "search button": "md-header__search-link"}
    if page.locator("a.md-button--primary").count():
        wanted["survey button"] = "md-button--primary"
    reached: dict[str, bool] = {}
    unseen: list[str] = []
    least, most = KEYBOARD_STOPS
    for stop in range(1, most + 1):
        page.keyboard.press("Tab")
        info = page.evaluate(_FOCUS_INFO)
        if not info["seen"]:
            unseen.append(f"{stop} ({info['tag'].lower()} \u201c{info['text']}\u201d)")
        for name, css in wanted.items():
            if css in str(info["cls"]).split() and name not in reached:
                reached[name] = bool(info["visible"])
        if len(reached) == len(wanted) and stop >= least:
            break
    menu = page.locator("summary.md-header__lang-link")
    menu_faults = []
    if menu.count():  # more than two editions: the menu opens with Enter and its entries follow
        wanted["language menu entry"] = "data-edition"
        menu.first.focus()
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.hasAttribute('data-edition')"):
            info = page.evaluate(_FOCUS_INFO)
            reached["language menu entry"] = bool(info["visible"]) and bool(info["seen"])
        page.keyboard.press("Escape")
        if page.evaluate(_MENU_OPEN) or not page.evaluate(_ON_MENU_BUTTON):
            menu_faults.append("the language menu does not close with Escape, focus on its button")
        page.evaluate(_MENU_OPEN.replace(".open", ".open = true"))  # opened again, however it closed
        outside = page.evaluate(_OUTSIDE_POINT)
        if outside:
            page.mouse.click(*outside)
        if not outside or page.evaluate(_MENU_OPEN):
            menu_faults.append("the language menu does not close with a click outside it")
    drawer = _drawer_by_keyboard(page)
    missing = [n for n in wanted if n not in reached]
    invisible = [n for n, visible in reached.items() if not visible]
    faults = [f"not reached: {', '.join(missing)}"] if missing else []
    faults += [f"focus not visible: {', '.join(invisible)}"] if invisible else []
    faults += [f"focus out of view at {len(unseen)} stop{'s' if len(unseen) > 1 else ''}: "
               f"{', '.join(unseen[:4])}{' …' if len(unseen) > 4 else ''}"] if unseen else []
    faults += menu_faults + (drawer or [])
    passed = ["reached with Tab, focus visible: " + ", ".join(wanted), "every stop in view"]
    passed += ["the language menu closes with Escape and a click outside"] if menu.count() else []
    passed += ["the navigation drawer opens with Enter and closes with Escape"] if drawer is not None else []
    detail = "; ".join(faults or passed)
    report.add(not faults, "keyboard", f"{page_url(rel) or '/'} @{width}", detail)


_DRAWER_BUTTON = "button.md-header__drawer-button"
_IN_OPEN_DRAWER = """() => {
  const e = document.activeElement, r = e.getBoundingClientRect();
  return !!e.closest('.md-sidebar--primary') && r.left >= 0 && r.right <= innerWidth && r.width > 0;
}"""


def _drawer_by_keyboard(page: Any) -> list[str] | None:
    """Where the navigation is a drawer (a phone's width), its menu button is a button that opens
    it, focus on its first link, in view; Escape closes it, focus back on the button. The faults;
    None where there is no drawer (a desktop's width)."""
    button = page.locator(_DRAWER_BUTTON)
    if not button.count() or not button.first.is_visible():
        label = page.locator('label.md-header__button[for="__drawer"]')  # the theme's, without the script
        shown = label.count() and label.first.is_visible()
        return ["the navigation's menu button cannot be reached with the keyboard"] if shown else None
    button.first.focus()
    page.keyboard.press("Enter")
    try:  # the drawer slides in
        page.wait_for_function(_IN_OPEN_DRAWER, timeout=3000)
    except Exception:  # Playwright's TimeoutError
        return ["the menu button does not open the navigation with Enter, focus in it"]
    page.keyboard.press("Escape")
    closed = page.evaluate("b => !document.getElementById('__drawer').checked && document.activeElement.matches(b)",
                           _DRAWER_BUTTON)
    return [] if closed else ["the navigation does not close with Escape, focus on its menu button"]


# --- Lighthouse ----------------------------------------------------------------------------

def check_lighthouse(site: Path, report: Report, pages: list[str],
                     base: str | None = None) -> dict[str, dict[str, int]]:
    cli = node_modules() / "lighthouse" / "cli" / "index.js"
    node = shutil.which("node")
    if not cli.is_file() or node is None or not Path(CHROMIUM).is_file():
        raise ToolMissing("Lighthouse needs node, lighthouse (npm) and Chromium")
    base = base or base_path(site)
    scores: dict[str, dict[str, int]] = {}
    with serve_site(site, base) as root:
        for rel in pages:
            env = {**os.environ, "CHROME_PATH": CHROMIUM}
            flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
            runs: list[dict[str, Any]] = []
            # Performance varies with the machine's load: a first run that meets every minimum
            # decides; one that does not is run twice more and, like Lighthouse CI, the median decides.
            while len(runs) < LIGHTHOUSE_RUNS:
                result = subprocess.run([node, str(cli), root + page_url(rel), "--quiet", "--output=json",
                                         "--output-path=stdout", "--form-factor=mobile", f"--chrome-flags={flags}",
                                         "--only-categories=performance,accessibility,best-practices,seo"],
                                        capture_output=True, text=True, env=env, timeout=300)
                if result.returncode != 0:
                    break
                runs.append(json.loads(result.stdout))
                if len(runs) == 1 and not _below_minimum(runs[0]):
                    break
            if not runs or (len(runs) < LIGHTHOUSE_RUNS and _below_minimum(runs[0])):
                report.add(False, "lighthouse", page_url(rel) or "/", result.stderr.strip()[-300:])
                continue
            runs.sort(key=lambda run: run["categories"]["performance"]["score"])
            data = runs[len(runs) // 2]
            page_scores = scores[rel] = _scores(data)
            low = _below_minimum(data)
            failed_audits = [a["id"] for a in data["audits"].values()
                             if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") == "binary"]
            detail = " ".join(f"{k}={v}" for k, v in page_scores.items())
            detail += " (1 run)" if len(runs) == 1 else f" (median of {len(runs)} runs)"
            if low and failed_audits:
                detail += f" (failing audits: {', '.join(failed_audits)[:200]})"
            report.add(not low, "lighthouse", page_url(rel) or "/", detail)
    return scores


def _scores(run: dict[str, Any]) -> dict[str, int]:
    """One Lighthouse run's score of each category, out of 100."""
    return {key: round(cat["score"] * 100) for key, cat in run["categories"].items()}


def _below_minimum(run: dict[str, Any]) -> dict[str, int]:
    """The categories of one Lighthouse run that score below their minimum."""
    return {key: value for key, value in _scores(run).items() if value < LIGHTHOUSE_MIN[key]}


def first_promise_page(site: Path) -> str | None:
    found = sorted(p.relative_to(site).as_posix() for p in (site / "loften").glob("*/index.html"))
    return found[0] if found else None


def lighthouse_pages(site: Path) -> list[str]:
    """The pages Lighthouse checks: the start page and the first promise page."""
    promise = first_promise_page(site)
    return ["index.html", *([promise] if promise else [])]


class _Beside(threading.Thread):
    """A check that runs in a thread while the browsers check the pages (the Nu HTML Checker, in
    Java); its lines are kept apart and added to the report in their place."""

    def __init__(self, check: Any, site: Path) -> None:
        super().__init__(name="check-site beside the browsers", daemon=True)
        self.check, self.site, self.part = check, site, Report(echo=False)
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self.check(self.site, self.part)
        except BaseException as exc:  # raised where the lines are added
            self.error = exc

    def add_to(self, report: Report) -> None:
        self.join()
        if self.error is not None:
            raise self.error
        for line in self.part.lines:
            report.add(*line)


def run_all(site: Path, screenshots: Path | None, lighthouse: bool = True, browser: bool = True,
            report: Report | None = None) -> Report:
    """Every check, into `report` (a new one that prints its lines by default); without `browser`,
    the static ones that protect residents (links, language twins, other hosts), which need no
    browser, Java or Node: the publishing workflow's subset. The Nu HTML Checker runs while the
    browsers check the pages; the lines come in the same order whatever finishes first."""
    report = report if report is not None else Report()
    check_links(site, report)
    check_twins(site, report)
    check_external(site, report)
    if browser:
        _require_browser()
        vnu = _Beside(check_vnu, site)
        try:
            check_in_browser(site, report, screenshots, before=lambda: vnu.add_to(report))
        finally:
            vnu.join()
        if lighthouse:
            check_lighthouse(site, report, lighthouse_pages(site))
    if report.echo:
        print(report.summary())
    return report


def main(site: Path, screenshots: Path | None, lighthouse: bool = True, browser: bool = True) -> int:
    try:
        report = run_all(site, screenshots, lighthouse, browser)
    except ToolMissing as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 1 if report.failures else 0
