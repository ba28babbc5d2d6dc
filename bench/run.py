"""`make bench`: the build pipeline timed on synthetic national-scale data, against a floor.

For each size the data is generated here, then one child process (so its peak memory is that
size's alone) runs `generator.build.build_site` as `python -m generator build` does: a first
build (no cache), then a rebuild after one activity's status changed (cached), each with its
wall and CPU time per stage and per edition and the load average; and the floor, measured in the
same run: the Markdown of every page converted with the same extensions and the HTML written,
one process per edition as the build runs them. Search: Pagefind (the build's own index) against
the theme's lunr index, from a plain `mkdocs build` of the same `docs/` with Material's `search`
plugin switched back on; both sites are served as GitHub Pages serves them (gzip) and opened in
Chromium for the bytes of a first page view and of a first query for a common word. Validation
alone of a file of at least 5 MiB is timed in a fresh process too.

    python -m bench.run [--sizes 10,100,290] [--json FILE] [--seed 1] [--today 2025-06-01]
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.synthetic import generate
from generator.build import THEME
from generator.data import languages

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_JSON = ROOT / "bench" / "out" / "results.json"
MIB = 1024 * 1024
PAGE_GROWTH_LIMIT = 1.5  # largest page at the biggest size / at the smallest
VALIDATE_LIMIT = 2.0  # seconds for validation alone of a 5 MB file
TOTAL_LIMIT = 600.0  # seconds for the whole of `make bench`
FIRST_QUERY_LIMIT = 300.0  # kB (raw) a first query for a common word may download (issue 17)


# --- in the child process: one size, stage by stage ------------------------------------------

def _mkdocs_env(today: dt.date) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC).timestamp()))
    return env


def _site_figures(site: Path) -> dict[str, Any]:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = sorted(((p.stat().st_size, p.relative_to(site).as_posix()) for p in files if p.suffix == ".html"),
                   reverse=True)
    sizes = [size for size, _ in pages]
    return {
        "pages": len(pages),
        "site_mb": sum(p.stat().st_size for p in files) / MIB,
        "median_html_kb": statistics.median(sizes) / 1024 if sizes else 0.0,
        "largest_html_kb": sizes[0] / 1024 if sizes else 0.0,
        "largest_html": pages[0][1] if pages else "",
        "largest_pages": [[path, round(size / 1024, 1)] for size, path in pages[:6]],
    }


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the edition workers, the render fork)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class TreeMemory:
    """The peak of the memory of this process and all its descendants together (the render fork,
    the edition workers, the Pagefind services), sampled every 250 ms from /proc: the sum of their
    proportional set sizes (Pss: a page shared by forked processes is divided among them, so the
    sum is the memory the build takes; their RSS would count it once per process).

    Reading a process's Pss walks its page tables, under the lock its own page faults need: every
    50 ms, the sampler took 26 s of CPU in a 100 s first build at N = 290 and slowed the build it
    measured. The peaks it looks for (a Pagefind index, the edition workers) last seconds. Its own
    CPU time is kept (`cpu_s`) and printed beside the peak.

    The sampler is a process of its own, not a thread: a thread here would make the build spawn
    its edition workers instead of forking them (engine.build_editions), and so change what is
    measured."""

    def __init__(self) -> None:
        self.peak_mb = 0.0
        self.cpu_s = 0.0
        self._sampler: subprocess.Popen[str] | None = None

    def __enter__(self) -> TreeMemory:
        if os.path.isdir("/proc"):
            self._sampler = subprocess.Popen([sys.executable, "-c", _SAMPLER, str(os.getpid())],
                                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._sampler is not None:
            out, _ = self._sampler.communicate("", timeout=30)  # its input ends: it prints the peak
            peak, cpu = [*out.split(), "0", "0"][:2]
            self.peak_mb, self.cpu_s = float(peak) / 1024, float(cpu)


_SAMPLER = """
import os, resource, sys, threading
root, me, peak = int(sys.argv[1]), os.getpid(), 0
done = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
def pss(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            return next((int(line.split()[1]) for line in handle if line.startswith("Pss:")), 0)
    except OSError:
        return 0
while not done.is_set():
    parents = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as handle:
                    parents[int(entry.name)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, grown = {root}, True
    while grown:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree - {me}
        tree |= more
        grown = bool(more)
    peak = max(peak, sum(pss(pid) for pid in tree))
    done.wait(0.25)
usage = resource.getrusage(resource.RUSAGE_SELF)
print(peak, round(usage.ru_utime + usage.ru_stime, 3))
"""


def _timed_build(project: Any, site: Path, today: dt.date, later: bool = False) -> dict[str, Any]:
    """One build as `python -m generator build` runs it (cached when .cache/ allows), with its figures.

    With `later`, as serve runs it: timed until the pages are in place, when serve reloads the
    browser; what follows (the search index, removing the replaced site) is timed apart."""
    from generator.build import BuildReport, build_site

    report = BuildReport([], 0, {})
    load_before = os.getloadavg()[0]
    start, cpu = time.perf_counter(), _cpu()
    later_s = 0.0
    with TreeMemory() as memory:
        problems = build_site(project, site, today, report=report, later=later)
        wall, cpu = time.perf_counter() - start, _cpu() - cpu
        if report.later is not None:
            report.later()
            later_s = time.perf_counter() - start - wall
    if problems:
        raise SystemExit(f"the synthetic data is not clean: {len(problems)} problems, e.g. {problems[:3]}")
    return {"wall_s": round(wall, 3), "cpu_s": round(cpu, 3), "stages": report.stages, "later_s": round(later_s, 3),
            "docs_changed": report.docs_changed, "docs_kept": len(report.docs_kept),
            "tree_mb": round(memory.peak_mb, 1),
            "sampler_cpu_s": round(memory.cpu_s, 3),
            "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
            "search": [{"code": i.edition, "records": i.records, "bytes": i.bytes, "shards": i.shards,
                        "shards_indexed": i.indexed} for i in report.search],
            "editions": [{"code": e.code, "cached": e.cached, "pages": len(e.pages), "rendered": len(e.rendered),
                          "wall_s": e.wall_s, "cpu_s": e.cpu_s, "finish_s": e.finish_s, "rss_mb": e.rss_mb}
                         for e in report.editions]}


def _floor_edition(config: str, out: str, hand_written: frozenset[str]) -> dict[str, float]:
    """The floor for one edition: every page's Markdown converted with the build's extensions and
    the HTML written; a page the templates wrote as HTML (`htmlpage.py`) has no Markdown to
    convert, so only its body is written. Nothing else (no theme, no navigation, no checks)."""
    import markdown
    from mkdocs.config import load_config
    from mkdocs.utils.meta import get_data

    from generator.pages import htmlpage

    start, cpu = time.perf_counter(), time.process_time()
    loaded = load_config(config)
    converter = markdown.Markdown(extensions=loaded["markdown_extensions"], extension_configs=loaded["mdx_configs"])
    docs, target = Path(loaded["docs_dir"]), Path(out)
    for source in sorted(docs.rglob("*.md")):
        body, meta = get_data(source.read_text(encoding="utf-8"))
        as_html = meta.get("body") == htmlpage.MARK and source.relative_to(docs).as_posix() not in hand_written
        html = body if as_html else converter.reset().convert(body)
        path = target / source.relative_to(docs).with_suffix(".html")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return {"wall_s": time.perf_counter() - start, "cpu_s": time.process_time() - cpu}


def _floor(project: Any, work: Path) -> dict[str, Any]:
    """The floor, run over the editions the way the build runs them (one process per edition)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from generator.pages.render import hand_written_names

    configs = sorted((project.root / ".build").glob("mkdocs.*.yml"))
    outs = [str(work / "floor" / c.stem) for c in configs]
    hand_written = [hand_written_names(project.content, (languages.edition(languages.DEFAULT),),
                                       languages.edition(c.stem.split(".", 1)[1]))
                    for c in configs]
    start = time.perf_counter()
    workers = min(len(configs), len(os.sched_getaffinity(0)))
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        parts = list(pool.map(_floor_edition, [str(c) for c in configs], outs, hand_written))
    shutil.rmtree(work / "floor", ignore_errors=True)
    return {"wall_s": round(time.perf_counter() - start, 3),
            "editions": {c.stem.split(".", 1)[1]: {k: round(v, 3) for k, v in p.items()}
                         for c, p in zip(configs, parts, strict=True)}}


_UPDATES = re.compile(r"^        updates:\n", re.MULTILINE)
_PERIOD_END = re.compile(r"^    period:\n      start: \S+\n      end: (\d{4}-\d{2}(?:-\d{2})?)\n", re.MULTILINE)


def change_one_status(data: Path, today: dt.date) -> str:
    """The editor's everyday change: a dated update that sets one activity's status to done (the
    first activity of the first current promise; an edit of an activity's own status under its
    updates would show nothing, and an update long after its promise ended is warned about)."""
    text = data.read_text(encoding="utf-8")
    current = next((m for m in _PERIOD_END.finditer(text) if m.group(1) >= today.isoformat()[: len(m.group(1))]), None)
    match = _UPDATES.search(text, current.end()) if current is not None else None
    if match is None:
        raise SystemExit("no activity with updates in the synthetic data")
    update = (f"          - date: {today.isoformat()}\n            status: done\n"
              "            text: {sv: Aktiviteten är genomförd., en: The activity is done.}\n"
              "            source: {sv: Styrgruppens protokoll, en: Minutes of the steering group}\n")
    data.write_text(text[: match.end()] + update + text[match.end():], encoding="utf-8")
    return f"line {text.count(chr(10), 0, match.end()) + 1}: a new update, status done"


QUERY = "nattvandring"  # a common word: one of the synthetic data's activities in every municipality


def _lunr_baseline(work: Path) -> Path:
    """The default edition's generated project as it was before Pagefind: the theme's search plugin
    (a lunr index) and the theme's own header."""
    overrides = work / "lunr-overrides"
    shutil.copytree(THEME, overrides, dirs_exist_ok=True)
    for name in ("header.html", "search-link.html"):
        (overrides / "partials" / name).unlink(missing_ok=True)
    edition = next(iter(sorted((work / ".build").glob("mkdocs.*.yml"))))  # the build wrote one per edition
    default = work / ".build" / f"mkdocs.{languages.DEFAULT}.yml"
    path = work / "mkdocs-lunr.yml"
    path.write_text(f"INHERIT: {default if default.is_file() else edition}\n"
                    f"theme:\n  custom_dir: {overrides}\n"
                    f"plugins:\n  - search:\n      lang: [{languages.DEFAULT}]\n", encoding="utf-8")
    return path


def _sizes(responses: list[Any], host: str) -> dict[str, int]:
    """Bytes received from the site (raw, and gzip as served), and how many of them are search index."""
    from generator.checks.site import _transfer_size

    out = {"raw": 0, "gzip": 0, "index_raw": 0, "requests": 0, "sitemap_requests": 0}
    for response in responses:
        url = response.url
        if host not in url:
            continue
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            continue
        raw, packed = _transfer_size(body, response.headers.get("content-type", ""))
        out["raw"] += raw
        out["gzip"] += packed
        out["requests"] += 1
        out["sitemap_requests"] += "sitemap.xml" in url
        if "search_index.json" in url or "/pagefind/" in url:
            out["index_raw"] += raw
    return out


def measure_downloads(site: Path, lunr_site: Path) -> dict[str, Any]:
    """In Chromium: the start page's first view on both sites; a first query for QUERY with Pagefind
    (its search page, then the query) and with lunr (its index is fetched on page load)."""
    from playwright.sync_api import sync_playwright

    from generator.checks import site as sitecheck

    base = sitecheck.base_path()
    figures: dict[str, Any] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=sitecheck.CHROMIUM, args=sitecheck.CHROMIUM_ARGS)
        try:
            for name, folder in (("pagefind", site), ("lunr", lunr_site)):
                with sitecheck.serve_site(folder, base) as root:
                    host = root.split("/")[2]
                    page = browser.new_page()
                    responses: list[Any] = []
                    page.on("response", functools.partial(list.append, responses))
                    page.goto(root, wait_until="networkidle")
                    page.wait_for_timeout(500)
                    first = _sizes(responses, host)
                    figures[f"{name}_first_view"] = first
                    if name == "pagefind":
                        responses.clear()
                        page.goto(root + "sok/", wait_until="networkidle")
                        figures["pagefind_search_page"] = _sizes(responses, host)
                        responses.clear()
                        page.fill("#site-search-query", QUERY)
                        page.press("#site-search-query", "Enter")
                        page.locator(".site-search__count").filter(has_text="\u201d").wait_for(timeout=60000)
                        page.wait_for_load_state("networkidle")
                        figures["pagefind_first_query"] = _sizes(responses, host)
                        figures["pagefind_query_results"] = page.locator(".site-search__count").inner_text()
                    else:  # lunr answers from the index its worker fetched on page load
                        figures["lunr_first_query"] = {**first, "raw": first["index_raw"]}
                    page.context.close()
        finally:
            browser.close()
    return figures


def measure(data: Path, work: Path, today: dt.date) -> dict[str, Any]:
    """Run the pipeline on `data` in `work` (a folder of its own) and return every figure: a first
    build (no cache), a rebuild after one status change (cached), and the floor."""
    import jinja2

    from generator.build import load_model, make_project
    from generator.pages import opendata, share
    from generator.pages.outputs import OutputContext

    work.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(work / ".cache", ignore_errors=True)
    # A first build from nothing: the share cards are drawn again too (their cache, by content, is
    # the site folder's .cache/ in a real build; here the work folder's, emptied).
    share.CACHE = work / ".cache" / "share"
    project = make_project(data, ROOT / "content", root=work)
    site = work / "site"
    first = _timed_build(project, site, today)
    figures = _site_figures(site)
    lunr = _lunr_site(project, work, today)
    downloads = measure_downloads(site, lunr["site"])

    def kb(view: str, part: str = "raw") -> float:
        """Bytes of one measured view (raw, gzip or search index) in kB."""
        return round(float(downloads[view][part]) / 1000, 1)
    floor = _floor(project, work)
    unchanged = data.read_text(encoding="utf-8")
    changed = change_one_status(data, today)
    rebuild = _timed_build(project, site, today)
    rebuild["change"] = changed
    # The change undone, rebuilt as serve does it: the pages in place (when the browser reloads),
    # then the search index and the removal of the replaced site, in serve's background.
    data.write_text(unchanged, encoding="utf-8")
    served = _timed_build(project, site, today, later=True)
    # How much of rendering is the open-data files (JSON, CSV, feeds, calendars), timed apart.
    model, ui, _problems = load_model(project, today)
    assert model is not None
    begin = time.perf_counter()
    opendata.open_data_files(model, ui, opendata.site_address(model.document))
    open_data_s = time.perf_counter() - begin
    begin = time.perf_counter()  # the share images alone (also part of render)
    share.files(OutputContext(model, ui, opendata.site_address(model.document), jinja2.Environment()))
    share_images_s = time.perf_counter() - begin
    own_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    workers_rss = max(sum(e["rss_mb"] for e in build["editions"]) for build in (first, rebuild))
    activities = [a for p in model.promises for a in p.activities]
    stages = first["stages"]
    generator_s = sum(stages[k] for k in ("load_validate_model_s", "render_s", "write_docs_s"))
    return {
        "data_mb": data.stat().st_size / MIB,
        "promises": len(model.promises),
        "activities": len(activities),
        "updates": sum(len(a.activity.updates) for a in activities),
        "first": first, "rebuild": rebuild, "served": served, "floor": floor,
        "load_validate_s": stages["load_validate_model_s"],
        "render_total_s": stages["render_s"] + stages["write_docs_s"],
        "mkdocs_s": stages["mkdocs_s"], "assemble_s": stages["assemble_s"],
        "total_s": first["wall_s"], "rebuild_s": rebuild["wall_s"], "floor_s": floor["wall_s"],
        "first_vs_floor": round(first["wall_s"] / floor["wall_s"], 2),
        "rebuild_vs_first": round(rebuild["wall_s"] / first["wall_s"], 3),
        "rebuild_vs_floor": round(rebuild["wall_s"] / floor["wall_s"], 2),
        "open_data_s": round(open_data_s, 3),
        "share_images_s": round(share_images_s, 3),
        "generator_s": round(generator_s, 3),
        "pages_per_s": round(figures["pages"] / first["wall_s"], 1),
        "generator_rss_mb": round(own_rss, 1),
        "workers_rss_mb": round(workers_rss, 1),
        # The whole process tree (build process, render fork, edition workers, Pagefind), sampled
        # (Pss); and an upper bound that counts shared pages once per process: the build process and
        # every edition worker at their RSS peaks at once.
        "tree_mb": max(first["tree_mb"], rebuild["tree_mb"], served["tree_mb"]),
        "peak_rss_mb": max(first["tree_mb"], rebuild["tree_mb"], served["tree_mb"]),
        "rss_upper_bound_mb": round(own_rss + workers_rss, 1),
        **{k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()},
        # search: Pagefind (the build's index) against the theme's lunr index (the baseline site)
        "index_s": stages["search_s"],
        "search_index_kb": round(sum(i["bytes"] for i in first["search"]) / 1024, 1),
        "search_records": sum(i["records"] for i in first["search"]),
        "baseline_mkdocs_s": lunr["wall_s"],
        "lunr_index_kb": lunr["index_kb"],
        "first_view_kb": kb("pagefind_first_view"),
        "first_view_gzip_kb": kb("pagefind_first_view", "gzip"),
        "first_view_index_kb": kb("pagefind_first_view", "index_raw"),
        "first_view_sitemap_requests": downloads["pagefind_first_view"]["sitemap_requests"],
        "search_page_kb": kb("pagefind_search_page"),
        "search_page_index_kb": kb("pagefind_search_page", "index_raw"),
        "first_query_kb": kb("pagefind_first_query"),
        "first_query_gzip_kb": kb("pagefind_first_query", "gzip"),
        "first_query_requests": downloads["pagefind_first_query"]["requests"],
        "first_query_results": downloads["pagefind_query_results"],
        "lunr_first_view_kb": kb("lunr_first_view"),
        "lunr_first_view_gzip_kb": kb("lunr_first_view", "gzip"),
        "lunr_first_view_index_kb": kb("lunr_first_view", "index_raw"),
        "lunr_first_view_sitemap_requests": downloads["lunr_first_view"]["sitemap_requests"],
        "lunr_first_query_kb": kb("lunr_first_query"),
    }


def _lunr_site(project: Any, work: Path, today: dt.date) -> dict[str, Any]:
    """The baseline: a plain `mkdocs build` of the default edition's docs/ with Material's search
    plugin and header, served at the site's root as the build serves that edition."""
    config = _lunr_baseline(work)
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--config-file", str(config),
                             "--site-dir", str(work / "baseline-site")],
                            cwd=work, env=_mkdocs_env(today), capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit("plain mkdocs build failed:\n" + result.stderr[-2000:])
    files = list((work / "baseline-site").rglob("search_index.json"))
    return {"site": work / "baseline-site", "wall_s": round(time.perf_counter() - start, 2),
            "index_kb": round(sum(p.stat().st_size for p in files) / 1024, 1)}


def measure_validation(data: Path, today: dt.date) -> dict[str, Any]:
    """Validation alone, as `python -m generator validate` does it, in this fresh process."""
    from generator.data.validate import validate_file

    start, cpu = time.perf_counter(), time.process_time()
    result = validate_file(data, ROOT / "content", today)
    return {"validate_s": round(time.perf_counter() - start, 3), "validate_cpu_s": round(time.process_time() - cpu, 3),
            "problems": len(result.problems)}


# --- in the parent: generate, run the children, report -------------------------------------

def _child(*args: str) -> dict[str, Any]:
    result = subprocess.run([sys.executable, "-m", "bench.run", *args], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"bench child failed ({' '.join(args)}):\n{result.stderr[-3000:]}{result.stdout[-2000:]}")
    figures: dict[str, Any] = json.loads(result.stdout)
    return figures


def _write_data(path: Path, municipalities: int, seed: int, today: dt.date) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(generate(municipalities, seed, today), encoding="utf-8")
    return path.stat().st_size


def _validation_file(work: Path, sizes: dict[int, int], seed: int, today: dt.date, mib: float) -> tuple[Path, int]:
    """The smallest number of municipalities whose file reaches `mib` MiB (estimated, then checked)."""
    per_town = max(size / n for n, size in sizes.items())
    municipalities = max(1, math.ceil(mib * MIB / per_town))
    path = work / "validate" / "promises.yaml"
    while _write_data(path, municipalities, seed, today) < mib * MIB:
        municipalities = math.ceil(municipalities * 1.05) + 1
    return path, municipalities


COLUMNS = (
    ("municipalities", "municipalities", "{}"), ("promises", "promises", "{}"), ("activities", "activities", "{}"),
    ("pages", "pages (HTML)", "{}"), ("load_validate_s", "load+validate+model s", "{:.2f}"),
    ("render_total_s", "render+write s", "{:.2f}"), ("mkdocs_s", "editions s", "{:.1f}"),
    ("assemble_s", "assemble s", "{:.2f}"), ("total_s", "first build s", "{:.1f}"),
    ("rebuild_s", "rebuild s", "{:.1f}"), ("floor_s", "floor s", "{:.1f}"),
    ("first_vs_floor", "first/floor", "{:.2f}"), ("rebuild_vs_first", "rebuild/first", "{:.3f}"),
    ("pages_per_s", "pages/s", "{:.0f}"), ("peak_rss_mb", "peak memory MB", "{:.0f}"),
    ("site_mb", "site MB", "{:.1f}"), ("median_html_kb", "median HTML kB", "{:.1f}"),
    ("largest_html_kb", "largest HTML kB", "{:.1f}"), ("largest_html", "largest page", "{}"),
)

# Pagefind (this build) next to the theme's lunr index (the baseline site), per size.
SEARCH_COLUMNS = (
    ("municipalities", "municipalities", "{}"), ("search_records", "Pagefind records", "{}"),
    ("index_s", "Pagefind index s", "{:.1f}"), ("search_index_kb", "Pagefind on disk kB", "{:.0f}"),
    ("lunr_index_kb", "lunr index kB", "{:.0f}"),
    ("first_view_index_kb", "first view: index kB (Pagefind)", "{:.1f}"),
    ("lunr_first_view_index_kb", "first view: index kB (lunr)", "{:.1f}"),
    ("first_view_kb", "first view kB (Pagefind)", "{:.1f}"), ("lunr_first_view_kb", "first view kB (lunr)", "{:.1f}"),
    ("first_view_gzip_kb", "first view gzip kB (Pagefind)", "{:.1f}"),
    ("lunr_first_view_gzip_kb", "first view gzip kB (lunr)", "{:.1f}"),
    ("first_query_kb", "first query kB (Pagefind)", "{:.1f}"),
    ("first_query_gzip_kb", "first query gzip kB (Pagefind)", "{:.1f}"),
    ("lunr_first_query_kb", "first query kB (lunr)", "{:.1f}"),
)


def table(rows: Sequence[dict[str, Any]], columns: Sequence[tuple[str, str, str]] = COLUMNS) -> str:
    head = "| " + " | ".join(title for _, title, _ in columns) + " |"
    numbers = ("promises", "activities", "pages", "municipalities", "search_records")
    rule = "|" + "|".join("---:" if fmt != "{}" or key in numbers else "---" for key, _, fmt in columns) + "|"
    lines = [head, rule]
    for row in rows:
        lines.append("| " + " | ".join(fmt.format(row[key]) for key, _, fmt in columns) + " |")
    return "\n".join(lines)


FIRST_BUILD_LIMIT = 60.0  # seconds, at N = 290 on 2 cores (issue 18)
REBUILD_LIMIT = 10.0  # seconds after one status change
MEMORY_LIMIT = 1024.0  # MB for the whole build


def verdicts(rows: Sequence[dict[str, Any]], validation: dict[str, Any] | None,
             elapsed: float) -> list[tuple[bool, str]]:
    small, big = rows[0], rows[-1]
    n = big["municipalities"]
    load = f"load average {big['first']['load_average'][0]}–{big['first']['load_average'][1]}"
    rebuild_search = big["rebuild"]["stages"].get("search_s", 0.0)
    out = [(big["total_s"] <= FIRST_BUILD_LIMIT,
            f"first build at N = {n}: {big['total_s']:.1f} s wall ({big['first']['cpu_s']:.1f} s CPU), "
            f"{big['first_vs_floor']:.2f}× the floor ({big['floor_s']:.1f} s); {load}; "
            f"limit {FIRST_BUILD_LIMIT:.0f} s"),
           (big["rebuild_s"] <= REBUILD_LIMIT,
            f"rebuild after one status change at N = {n}: {big['rebuild_s']:.1f} s wall "
            f"({big['rebuild']['cpu_s']:.1f} s CPU), {big['rebuild_vs_first']:.3f}× the first build, "
            f"{big['rebuild_vs_floor']:.2f}× the floor, the search index {rebuild_search:.1f} s of it; as serve "
            f"runs it (the change undone), the pages in place after {big['served']['wall_s']:.1f} s and the "
            f"search index {big['served']['later_s']:.1f} s later; load average "
            f"{big['rebuild']['load_average'][0]}; limit {REBUILD_LIMIT:.0f} s"),
           (big["peak_rss_mb"] < MEMORY_LIMIT,
            f"peak memory at N = {n}: {big['peak_rss_mb']:.0f} MB (the whole process tree, sampled every "
            f"250 ms, Pss, the sampler {big['first']['sampler_cpu_s']:.1f} s CPU in the first build; counting "
            f"shared pages once per process: build process {big['generator_rss_mb']:.0f} MB "
            f"+ edition workers {big['workers_rss_mb']:.0f} MB); limit {MEMORY_LIMIT:.0f} MB")]
    if len(rows) > 1:
        ratio = big["largest_html_kb"] / small["largest_html_kb"]
        out.append((ratio <= PAGE_GROWTH_LIMIT,
                    f"largest HTML page at N = {big['municipalities']} ({big['largest_html']}, "
                    f"{big['largest_html_kb']:.1f} kB) is {ratio:.2f}× the largest at N = {small['municipalities']} "
                    f"({small['largest_html']}, {small['largest_html_kb']:.1f} kB); limit {PAGE_GROWTH_LIMIT}×"))
    if validation is not None:
        out.append((validation["validate_s"] < VALIDATE_LIMIT,
                    f"validation alone of a {validation['data_mb']:.2f} MiB promises.yaml "
                    f"({validation['municipalities']} municipalities): {validation['validate_s']:.2f} s "
                    f"({validation['validate_cpu_s']:.2f} s CPU); limit {VALIDATE_LIMIT:.0f} s"))
    out.append((big["first_view_index_kb"] == 0,
                f"search index downloaded on the first page view at N = {big['municipalities']}: "
                f"{big['first_view_index_kb']:.1f} kB with Pagefind ({big['first_view_sitemap_requests']} sitemap "
                f"requests); the theme's lunr index: {big['lunr_first_view_index_kb']:.1f} kB; limit 0"))
    out.append((big["first_query_kb"] <= FIRST_QUERY_LIMIT,
                f"first query for \"{QUERY}\" at N = {big['municipalities']}: {big['first_query_kb']:.1f} kB raw "
                f"({big['first_query_gzip_kb']:.1f} kB gzip, {big['first_query_requests']} requests; "
                f"{big['first_query_results']}); lunr needs its whole index, {big['lunr_first_query_kb']:.1f} kB; "
                f"limit {FIRST_QUERY_LIMIT:.0f} kB"))
    out.append((elapsed < TOTAL_LIMIT, f"whole benchmark: {elapsed:.0f} s; limit {TOTAL_LIMIT:.0f} s"))
    return out


def machine() -> dict[str, Any]:
    return {"cpu_count": os.cpu_count(), "usable_cpus": len(os.sched_getaffinity(0)),
            "load_average": [round(x, 2) for x in os.getloadavg()], "python": platform.python_version(),
            "platform": platform.platform()}


def run(sizes: Sequence[int], seed: int, today: dt.date, validate_mib: float, keep: Path | None) -> dict[str, Any]:
    started = time.perf_counter()
    before = machine()
    work = keep if keep is not None else Path(tempfile.mkdtemp(prefix="medborgarloften-bench-"))
    try:
        rows, data_sizes = [], {}
        for n in sizes:
            data = work / f"n{n}" / "promises.yaml"
            data_sizes[n] = _write_data(data, n, seed, today)
            figures = _child("--measure", str(data), "--work", str(work / f"n{n}"), "--today", today.isoformat())
            row = {"municipalities": n, **figures}
            rows.append(row)
            print(f"N = {n}: {row['pages']} pages in {row['total_s']:.1f} s, rebuilt in {row['rebuild_s']:.1f} s",
                  file=sys.stderr, flush=True)
            if keep is None:
                shutil.rmtree(work / f"n{n}", ignore_errors=True)
        validation = None
        if validate_mib > 0:
            path, municipalities = _validation_file(work, data_sizes, seed, today, validate_mib)
            # Best of three fresh processes, as timeit does: other work on the machine only adds time.
            runs = [_child("--validate-only", str(path), "--today", today.isoformat()) for _ in range(3)]
            validation = {"municipalities": municipalities, "data_mb": round(path.stat().st_size / MIB, 2),
                          **min(runs, key=lambda r: r["validate_s"]), "runs_s": [r["validate_s"] for r in runs]}
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - started
    checks = verdicts(rows, validation, elapsed)
    return {"machine": {**before, "load_average_after": machine()["load_average"]}, "seed": seed,
            "today": today.isoformat(), "sizes": rows, "validation": validation, "elapsed_s": round(elapsed, 1),
            "checks": [{"passed": ok, "text": text} for ok, text in checks]}


def _build_lines(name: str, build: dict[str, Any], floor: dict[str, Any] | None) -> list[str]:
    stages = ", ".join(f"{k.removesuffix('_s')} {v:.2f}" for k, v in build["stages"].items())
    lines = [f"    {name}: {build['wall_s']:.2f} s wall, {build['cpu_s']:.2f} s CPU, load average "
             f"{build['load_average'][0]} → {build['load_average'][1]}; docs/ files written {build['docs_changed']}, "
             f"kept from the last build {build['docs_kept']}; stages (wall s): {stages}"]
    for e in build["editions"]:
        floor_part = ""
        if floor is not None and e["code"] in floor["editions"]:
            f = floor["editions"][e["code"]]
            floor_part = f"; floor {f['wall_s']:.2f} s wall, {f['cpu_s']:.2f} s CPU"
        lines.append(f"      edition {e['code']}: {'cached' if e['cached'] else 'full'}, {e['rendered']} of "
                     f"{e['pages']} pages rendered, {e['wall_s']:.2f} s wall, {e['cpu_s']:.2f} s CPU (of which "
                     f"checks, lang and CSP {e['finish_s']:.2f} s wall), peak RSS {e['rss_mb']:.0f} MB{floor_part}")
    for i in build.get("search", []):
        lines.append(f"      search index {i['code']}: {i['records']} records in {i['shards']} shards, "
                     f"{i['shards_indexed']} of them indexed by Pagefind (the others from the cache)")
    return lines


def report(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [f"Machine: {m['cpu_count']} cores ({m['usable_cpus']} usable), Python {m['python']}, load average "
             f"{m['load_average'][0]} before, {m['load_average_after'][0]} after (other work on the machine "
             f"makes times noisy). Data: seed {results['seed']}, build date {results['today']}.", "",
             table(results["sizes"]), "", "Search: Pagefind against the theme's lunr index on the same site "
             f"(first query: \"{QUERY}\" on the search page):", "", table(results["sizes"], SEARCH_COLUMNS), "",
             "Per edition and per stage:"]
    for row in results["sizes"]:
        lines.append(f"  N = {row['municipalities']} (floor: Markdown of every page with the same extensions, "
                     f"HTML written, one process per edition: {row['floor_s']:.2f} s wall):")
        lines += _build_lines("first build", row["first"], row["floor"])
        lines += _build_lines(f"rebuild after one status change ({row['rebuild']['change']})", row["rebuild"], None)
        lines += _build_lines("the change undone, rebuilt as serve does it (until the pages are in place; the "
                              f"search index and removing the old site {row['served']['later_s']:.2f} s more)",
                              row["served"], None)
        lines.append(f"    open-data files alone {row['open_data_s']:.2f} s, share images alone "
                     f"{row['share_images_s']:.2f} s (in one process, measured apart); peak "
                     f"RSS: build process {row['generator_rss_mb']:.0f} MB, "
                     f"edition workers {row['workers_rss_mb']:.0f} MB")
    lines += ["", "Largest pages:"]
    for row in results["sizes"]:
        pages = ", ".join(f"{path} {kb} kB" for path, kb in row["largest_pages"])
        lines.append(f"  N = {row['municipalities']}: {pages}")
    lines.append("")
    v = results["validation"]
    if v is not None:
        lines += [f"Validation alone: {v['data_mb']:.2f} MiB promises.yaml ({v['municipalities']} municipalities) "
                  f"in {v['validate_s']:.2f} s ({v['validate_cpu_s']:.2f} s CPU), {v['problems']} problems "
                  f"(best of {len(v['runs_s'])} fresh processes: {', '.join(f'{t:.2f}' for t in v['runs_s'])} s).", ""]
    lines += [f"{'PASS' if c['passed'] else 'FAIL'}: {c['text']}" for c in results["checks"]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,290", help="numbers of municipalities (default 10,100,290)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic data (default 1)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2025, 6, 1),
                        help="the build date (default 2025-06-01)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"where to write the results (default "
                        f"{DEFAULT_JSON.relative_to(ROOT)})")
    parser.add_argument("--validate-mib", type=float, default=5.0,
                        help="size of the file validated alone, in MiB (default 5; 0 skips it)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the data and sites")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # child: one size
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--validate-only", type=Path, help=argparse.SUPPRESS)  # child: validation alone
    args = parser.parse_args(argv)
    if args.measure is not None:
        print(json.dumps(measure(args.measure, args.work, args.today)))
        return 0
    if args.validate_only is not None:
        print(json.dumps(measure_validation(args.validate_only, args.today)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    results = run(sizes, args.seed, args.today, args.validate_mib, args.keep)
    text = json.dumps(results, indent=2, ensure_ascii=False)
    print(report(results))
    print()
    print(text)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
