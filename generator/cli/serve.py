"""`python -m generator serve`: build, serve on localhost, rebuild when data, content or theme change.

Only the sources are watched (promises.yaml, content/, overrides/, mkdocs.yml, templates), never
docs/ or the served folder, so a rebuild cannot trigger another one. A rebuild is the build's own
(the same checks; only the CSP is left out, since the live-reload script is inline), cached: only
the pages whose Markdown changed are rendered again. The browser is reloaded as soon as the pages
are in place; the search index follows (see Builder). The edition workers are started once, for
the whole session, so a rebuild does not import MkDocs again.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from ..build import BuildFailed, BuildReport, Project, build_site, today_from
from ..data.problems import format_text
from ..pages.render import TEMPLATES
from ..search import SearchIndexFailed


def watched_paths(project: Project) -> list[Path]:
    candidates = [project.data, project.content, project.overrides, project.config, TEMPLATES]
    return [p for p in candidates if p.exists()]


class Builder:
    """serve's build: the pages first, then (after the reload) the search index, in a thread.

    A rebuild shows the changed pages with the search index of the previous build, and replaces
    the index when the new one is ready (at N = 290 the index is about half of a rebuild). The
    next rebuild, and the end of serve, wait for an index still being made."""

    def __init__(self, project: Project, site_dir: Path, today: dt.date | None, lang: str,
                 pool: Executor | None = None) -> None:
        self.project, self.site_dir, self.today, self.lang, self.pool = project, site_dir, today, lang, pool
        self.finishing: threading.Thread | None = None

    def wait(self) -> None:
        """Until what the last build left to do after the reload is done."""
        if self.finishing is not None:
            self.finishing.join()
            self.finishing = None

    def __call__(self) -> None:
        self.wait()  # the site is not replaced while its index is being made
        start = time.perf_counter()
        report = BuildReport([], 0, {})
        try:
            problems = build_site(self.project, self.site_dir, self.today or today_from(None), csp=False,
                                  report=report, pool=self.pool, later=True)
        except BuildFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return
        for problem in problems:
            print(format_text(problem, self.lang), file=sys.stderr)
        pages = ", ".join(f"{e.code} {len(e.rendered)} of {len(e.pages)}" for e in report.editions)
        index_follows = report.later is not None and not report.search  # not indexed in the build
        follows = " (search index follows)" if index_follows else ""
        print(f"built in {time.perf_counter() - start:.1f} s{follows} (pages rendered: {pages})", file=sys.stderr,
              flush=True)
        if report.later is not None:
            self.finishing = threading.Thread(target=self._finish, args=(report.later, start, index_follows),
                                              daemon=True)
            self.finishing.start()

    @staticmethod
    def _finish(later: Callable[[], object], start: float, index_follows: bool) -> None:
        try:
            later()
        except (SearchIndexFailed, OSError) as exc:  # the pages are served; the index in use is kept
            print(f"error: the search index could not be built: {exc}", file=sys.stderr, flush=True)
            return
        if index_follows:
            print(f"search index in place {time.perf_counter() - start:.1f} s after the build began",
                  file=sys.stderr, flush=True)


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # so the server, the edition workers and the temporary folder are ended


def serve(project: Project, dev_addr: str, today: dt.date | None, lang: str) -> int:
    # Stopped by a signal (a terminal closed, a process manager), serve ends as on Ctrl+C: without
    # this, SIGTERM ends the process at once and leaves its spawned edition workers running.
    signal.signal(signal.SIGTERM, _stop)
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s", stream=sys.stderr)
    host, _, port = dev_addr.rpartition(":")
    # The server's threads are running: the workers are spawned, not forked, once for the session.
    workers = max(1, len(os.sched_getaffinity(0)))  # one edition per core at a time
    with tempfile.TemporaryDirectory(prefix="medborgarloften-serve-") as tmp, \
            ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        site_dir = Path(tmp) / "site"
        rebuild = Builder(project, site_dir, today, lang, pool)
        rebuild()
        if not site_dir.is_dir():
            print("error: the first build failed; fix the problems above and run serve again", file=sys.stderr)
            return 1
        server = LiveReloadServer(builder=rebuild, host=host or "127.0.0.1", port=int(port), root=str(site_dir))
        for path in watched_paths(project):
            server.watch(str(path))
        try:
            server.serve()  # type: ignore[no-untyped-call]
        except KeyboardInterrupt:
            pass
        finally:
            server.shutdown()
            rebuild.wait()  # an index being made into the temporary folder
    return 0
