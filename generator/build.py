"""Runs the pipeline: validate → model → render docs/ → mkdocs build → checks → swap site/ in place."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator import languages, schema
from generator.checks import find_external_resources
from generator.content import load_ui
from generator.load import Mapping, Scalar, load_file
from generator.model import SiteModel, build_model
from generator.postprocess import finish_site
from generator.problems import LANGS, Problem, Severity
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

    @property
    def site_config(self) -> Path:
        """mkdocs.yml with the site's identity from promises.yaml (written by `mkdocs_identity`)."""
        return self.root / ".mkdocs-site.yml"


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


def example_day(project: Project, environ: dict[str, str] | None = None) -> dt.date | None:
    """The day example data depicts (site.example_as_of), used when no build date is given.

    None for real data, or when --today or SOURCE_DATE_EPOCH names the day: real data always
    uses the calendar."""
    env = os.environ if environ is None else environ
    if env.get("SOURCE_DATE_EPOCH") or not project.data.is_file():
        return None
    # Only two values of site: are needed: read them from the loaded tree, without validating it
    # all (validation, with its messages, follows with the day found here).
    root = load_file(project.data, project.display).root
    site = root.items.get("site", (None, None))[1] if isinstance(root, Mapping) else None
    if not isinstance(site, Mapping):
        return None
    example, as_of = (site.items.get(key, (None, None))[1] for key in ("example_data", "example_as_of"))
    if not (isinstance(example, Scalar) and example.value == "true" and isinstance(as_of, Scalar)):
        return None
    try:
        return dt.date.fromisoformat(as_of.value)
    except ValueError:
        return None  # validation reports it


EXAMPLE_DAY_NOTE = {
    "sv": "Exempeldata: byggd som den {date} (site.example_as_of). Ange --today för en annan dag.",
    "en": "Example data: built as of {date} (site.example_as_of). Give --today for another day.",
}


def load_model(project: Project, today: dt.date) -> tuple[SiteModel | None, dict[str, dict[str, str]], list[Problem]]:
    validated = validate_file(project.data, project.content, today, project.display)
    ui, ui_problems = load_ui(project.content, Path.cwd())
    problems = validated.problems + ui_problems
    if validated.document is None or any(p.severity is Severity.ERROR for p in ui_problems):
        return None, ui, problems
    return build_model(validated.document, today), ui, problems


def mkdocs_identity(document: schema.Document) -> str:
    """A MkDocs config that inherits mkdocs.yml and names the site from promises.yaml.

    Interim (issue 14): the one-config-per-edition build (issue 18) replaces it. mkdocs.yml keeps
    neutral names; the names, the address and the i18n plugin's per-language names come from here.
    """
    site = document.site
    # HTML-escaped: MkDocs themes print config.site_name without escaping, and the names are data.
    names = {lang: html.escape((site.short_title or site.title).get(lang)) for lang in LANGS}
    descriptions = {lang: html.escape(site.publisher.get(lang)) for lang in LANGS}
    lines = [
        "# Generated by python -m generator build from promises.yaml: do not edit.",
        "INHERIT: mkdocs.yml",
        f"site_name: {json.dumps(names[languages.DEFAULT], ensure_ascii=False)}",
        f"site_description: {json.dumps(descriptions[languages.DEFAULT], ensure_ascii=False)}",
    ]
    if site.url:
        lines.append(f"site_url: {json.dumps(site.url)}")
    lines += ["plugins:", "  - search:", f"      lang: {json.dumps(list(LANGS))}", "  - i18n:",
              "      docs_structure: folder", "      fallback_to_default: false", "      reconfigure_material: true",
              "      reconfigure_search: false", "      languages:"]
    for lang in LANGS:
        default = lang == languages.DEFAULT
        lines += [f"        - locale: {lang}",
                  f"          name: {json.dumps(languages.edition(lang).name, ensure_ascii=False)}",
                  f"          default: {'true' if default else 'false'}", "          build: true",
                  f"          site_name: {json.dumps(names[lang], ensure_ascii=False)}",
                  f"          site_description: {json.dumps(descriptions[lang], ensure_ascii=False)}"]
    return "\n".join(lines) + "\n"


def run_mkdocs(project: Project, site_dir: Path, today: dt.date) -> None:
    env = dict(os.environ)
    # mkdocs dates the sitemap with SOURCE_DATE_EPOCH: tie it to the build date for reproducible output.
    env["NO_MKDOCS_2_WARNING"] = "1"  # its banner is not a problem in our build
    env["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(today.year, today.month, today.day,
                                                    tzinfo=dt.UTC).timestamp()))
    config = project.site_config if project.site_config.is_file() else project.config
    command = [sys.executable, "-m", "mkdocs", "build", "--strict",
               "--config-file", str(config), "--site-dir", str(site_dir)]
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
    write_tree(project.docs, render_docs(model, ui, project.content))
    identity = mkdocs_identity(model.document)
    if not project.site_config.is_file() or project.site_config.read_text(encoding="utf-8") != identity:
        project.site_config.write_text(identity, encoding="utf-8")
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
        finish_site(staging, csp=csp)  # no CSP while serving: the live-reload script is inline
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
