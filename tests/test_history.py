"""Old files keep working: every earlier example of this repository (tests/cases/history/, where
its README says which commit each comes from) still validates and builds with today's generator."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pytest

from generator.validate import validate_file
from tests.conftest import CASES, run_cli, run_main

HISTORY = CASES / "history"
# Each earlier example, by its commit, and the day it is built as of: a day inside its data.
EXAMPLES = {"5c24ee2": "2019-11-20", "64b2377": "2019-11-20", "6b4f90d": "2019-11-20", "b511715": "2021-10-20"}


def test_every_earlier_example_is_tested() -> None:
    kept = sorted(p.name for p in HISTORY.iterdir() if p.is_dir() and re.fullmatch(r"[0-9a-f]{7}", p.name))
    assert kept == sorted(EXAMPLES)


@pytest.mark.parametrize("commit", EXAMPLES)
def test_an_earlier_example_validates(commit: str) -> None:
    run = run_main("validate", "--today", EXAMPLES[commit], "--lang", "en", cwd=HISTORY / commit)
    assert run.returncode == 0, str(run)
    assert [line for line in run.stdout.splitlines() if ": warning: " not in line] == [], str(run)


@pytest.mark.parametrize("commit", EXAMPLES)
def test_an_earlier_example_builds(commit: str, tmp_path: Path) -> None:
    """Built in a copy (a build makes docs/, .build/ and .cache/ in the site's folder): the start
    page, the hand-written page and every promise's page in every edition the data declares."""
    root = tmp_path / commit
    shutil.copytree(HISTORY / commit, root)
    run = run_cli("build", "--today", EXAMPLES[commit], "--lang", "en", "--site", "site", cwd=root)
    assert run.returncode == 0, str(run)
    document = validate_file(root / "promises.yaml", root / "content", dt.date.fromisoformat(EXAMPLES[commit])).document
    assert document is not None
    for edition in document.site.editions:
        folder = root / "site" / edition.prefix
        assert (folder / "index.html").is_file(), edition.code
        assert (folder / "om" / "index.html").is_file(), edition.code  # content/pages/<code>/om.md
        for promise in document.promises:
            page = folder / "loften" / promise.id / "index.html"
            assert promise.title.get(edition.code) in html.unescape(page.read_text(encoding="utf-8")), page
