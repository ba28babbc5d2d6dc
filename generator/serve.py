"""`python -m generator serve`: build, serve on localhost, rebuild when data, content or theme change.

Only the sources are watched (promises.yaml, content/, overrides/, mkdocs.yml, templates), never
docs/ or the served folder, so a rebuild cannot trigger another one.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from mkdocs.livereload import LiveReloadServer

from generator.build import BuildFailed, Project, build_site, today_from
from generator.problems import format_text
from generator.render import TEMPLATES


def watched_paths(project: Project) -> list[Path]:
    candidates = [project.data, project.content, project.root / "overrides", project.config, TEMPLATES]
    return [p for p in candidates if p.exists()]


def make_builder(project: Project, site_dir: Path, today: dt.date | None, lang: str) -> Callable[[], None]:
    def rebuild() -> None:
        try:
            problems = build_site(project, site_dir, today or today_from(None), csp=False)
        except BuildFailed as exc:
            print(f"error: {exc}", file=sys.stderr)
            return
        for problem in problems:
            print(format_text(problem, lang), file=sys.stderr)

    return rebuild


def serve(project: Project, dev_addr: str, today: dt.date | None, lang: str) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)-7s -  %(message)s", stream=sys.stderr)
    host, _, port = dev_addr.rpartition(":")
    with tempfile.TemporaryDirectory(prefix="medborgarloften-serve-") as tmp:
        site_dir = Path(tmp) / "site"
        rebuild = make_builder(project, site_dir, today, lang)
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
    return 0
