"""Shared fixtures: the project root, a CLI runner, and the example site built on given dates."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "cases"
SURVEY_DEADLINE = "2019-12-01"  # the last day to answer the first survey
LATER = "2021-10-20"  # the first promise has ended, the second is current, its survey open
SURVEY_OPEN = "2019-11-20"  # the example's survey is open 2019-11-01 – 2019-12-01
SURVEY_CLOSED = "2019-12-02"


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    def __str__(self) -> str:  # shown when an assertion about a run fails
        return f"exit {self.returncode}\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    environ = {**os.environ, "LANG": "C.UTF-8", **(env or {})}
    environ.pop("SOURCE_DATE_EPOCH", None) if env is None or "SOURCE_DATE_EPOCH" not in env else None
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=environ,
                            capture_output=True, text=True)
    return Run(result.returncode, result.stdout, result.stderr)


def run_main(*args: str, cwd: Path = ROOT) -> Run:
    """The CLI in this process (fast, for the many data cases); same output and exit code."""
    import contextlib
    import io

    from generator.cli.main import main

    out, err = io.StringIO(), io.StringIO()
    previous = Path.cwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse
                code = int(exc.code or 0)
    finally:
        os.chdir(previous)
    return Run(code, out.getvalue(), err.getvalue())


BUILT_DAYS = {"open": SURVEY_OPEN, "deadline": SURVEY_DEADLINE, "closed": SURVEY_CLOSED, "later": LATER}


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example built on chosen days: while its first survey is open, on its last day, the day
    after it closed, and later, when the first promise is in the archive and the second is current.
    Built once for the whole session: a test that needs the example as built on one of these days
    reads it here (and copies it before changing it) instead of building it again."""
    sites = {}
    for name, today in BUILT_DAYS.items():
        site = tmp_path_factory.mktemp(f"site-{name}")
        run = run_cli("build", "--site", str(site), "--today", today)
        assert run.returncode == 0, str(run)
        sites[name] = site
    return sites


def example_on(today: str, built_sites: dict[str, Path], folder: Path) -> Path:
    """The example as built on `today`: the session's site if one was built on that day (never to
    be changed), else built into `folder`."""
    for name, day in BUILT_DAYS.items():
        if day == today:
            return built_sites[name]
    run = run_cli("build", "--site", str(folder), "--today", today)
    assert run.returncode == 0, str(run)
    return folder


def markdown_converter() -> Any:
    """Python-Markdown with the extensions of mkdocs.yml, as MkDocs converts a hand-written page
    (the options of mkdocs.yml written here: two of them are Python names, which only MkDocs' own
    YAML loader reads)."""
    import markdown
    import yaml
    from material.extensions import emoji

    settings = ROOT / "generator" / "engine" / "mkdocs.yml"
    config = yaml.load(settings.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names = [next(iter(entry)) if isinstance(entry, dict) else entry for entry in config["markdown_extensions"]]
    options: dict[str, dict[str, object]] = {
        "toc": {"permalink": False},
        "pymdownx.emoji": {"emoji_index": emoji.twemoji, "emoji_generator": emoji.to_svg},
    }
    # and the extension the build adds (by instance: its import name differs once installed)
    from generator.engine import mdext

    return markdown.Markdown(extensions=[*names, mdext.makeExtension()], extension_configs=options)


@pytest.fixture
def example_date() -> dt.date:
    return dt.date.fromisoformat(SURVEY_OPEN)


@pytest.fixture(scope="session", autouse=True)
def _browser_assertions_wait() -> None:
    """Playwright's `expect` waits up to 15 s for its condition (5 s by default), as check-site waits
    for a page: the browser tests stay green on a machine busy with other work."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright, one per test module (the browser tests share it)."""
    from playwright.sync_api import sync_playwright

    from generator.checks import site as sitecheck

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=sitecheck.CHROMIUM, args=sitecheck.CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
