"""Runs the pipeline: validate → model → render docs/ → mkdocs build → checks → swap site/ in place."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator import share
from generator.checks import find_external_resources
from generator.content import load_ui
from generator.model import SiteModel, build_model
from generator.opendata import read_site_url
from generator.postprocess import finish_site
from generator.problems import Problem, Severity
from generator.render import render_docs, write_tree
from generator.validate import validate_file

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Project:
    root: Path  # holds mkdocs.yml, overrides/ and docs/
    data: Path
    content: Path
    display: str  # how the data file is named in messages

    @property
    def docs(self) -> Path:
        return self.root / "docs"

    @property
    def config(self) -> Path:
        return self.root / "mkdocs.yml"


class BuildFailed(Exception):
    """The build stopped; the message says why. site/ was not touched."""


def display_path(path: Path) -> str:
    try:
        return os.path.relpath(path, Path.cwd()) if path.is_relative_to(Path.cwd()) else str(path)
    except ValueError:
        return str(path)


def make_project(data: Path | None = None, content: Path | None = None, root: Path = ROOT) -> Project:
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


def load_model(project: Project, today: dt.date) -> tuple[SiteModel | None, dict[str, dict[str, str]], list[Problem]]:
    validated = validate_file(project.data, project.content, today, project.display)
    ui, ui_problems = load_ui(project.content, Path.cwd())
    problems = validated.problems + ui_problems
    if validated.document is None or any(p.severity is Severity.ERROR for p in ui_problems):
        return None, ui, problems
    return build_model(validated.document, today), ui, problems


def run_mkdocs(project: Project, site_dir: Path, today: dt.date) -> None:
    env = dict(os.environ)
    # mkdocs dates the sitemap with SOURCE_DATE_EPOCH: tie it to the build date for reproducible output.
    env["NO_MKDOCS_2_WARNING"] = "1"  # its banner is not a problem in our build
    env["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(today.year, today.month, today.day,
                                                    tzinfo=dt.UTC).timestamp()))
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", str(project.config), "--site-dir", str(site_dir)]
    result = subprocess.run(command, cwd=project.root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildFailed("mkdocs build failed:\n" + (result.stderr or result.stdout).strip())


def blocks_build(problems: list[Problem], strict: bool) -> bool:
    """Errors stop a build; with --strict, so do warnings (e.g. a missing translation)."""
    return any(p.severity is Severity.ERROR or strict for p in problems)


def build_site(project: Project, site_dir: Path, today: dt.date, strict: bool = False,
               csp: bool = True) -> list[Problem]:
    """Build into a temporary folder and replace site_dir only if everything passed.

    Returns the problems found in the data; raises BuildFailed when mkdocs or a check fails.
    """
    model, ui, problems = load_model(project, today)
    if model is None or blocks_build(problems, strict):
        return problems
    site_url = read_site_url(project.config)
    write_tree(project.docs, render_docs(model, ui, project.content, site_url))
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-", dir=site_dir.parent))
    staging.chmod(0o755)
    try:
        run_mkdocs(project, staging, today)
        external = find_external_resources(staging)
        if external:
            raise BuildFailed("the site would load resources from other hosts:\n"
                              + "\n".join(f"  {e}" for e in external))
        # Share tags on every page; no CSP while serving: the live-reload script is inline.
        finish_site(staging, csp=csp, pages=share.Tagger(staging, model, ui, site_url))
        _swap(staging, site_dir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return problems


def _swap(new: Path, target: Path) -> None:
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
