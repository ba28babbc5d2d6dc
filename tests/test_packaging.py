"""The generator as a product: the wheel installs in a fresh environment, outside this repository,
and its `medborgarloften new` makes a site repository that validates, builds and passes its checks,
with workflows that pass actionlint and zizmor, and no code of the generator in it."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from generator import __version__
from tests.conftest import ROOT

SUBCOMMANDS = ("validate", "build", "serve", "check-site", "diff", "changed-pages", "init", "schema", "new")
TOOLS = Path(sys.executable).parent  # actionlint and zizmor, from requirements-test.lock


def _requirements(lines: list[str]) -> set[str]:
    found = set()
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            requirement = Requirement(line)
            found.add(f"{requirement.name.lower()}{sorted(requirement.extras)}{requirement.specifier}")
    return found


def test_the_packages_dependencies_are_requirements_in() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    listed = _requirements(project["dependencies"])
    wanted = _requirements((ROOT / "requirements.in").read_text(encoding="utf-8").splitlines())
    assert listed == wanted, f"only in pyproject.toml: {listed - wanted}; only in requirements.in: {wanted - listed}"
    assert any(Requirement(r).name == "pagefind" and Requirement(r).extras == {"bin"} for r in project["dependencies"])


def test_every_sub_package_is_in_the_wheel() -> None:
    """pyproject.toml lists the packages (the folder generator/ is installed as medborgarloften)."""
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"])
    folders = {".".join(("medborgarloften", *p.parent.relative_to(ROOT / "generator").parts))
               for p in (ROOT / "generator").rglob("__init__.py") if "node_modules" not in p.parts}
    assert listed == folders


def test_the_package_ships_the_lock_it_was_tested_with() -> None:
    """A site's workflows install the generator's own requirements.lock, found beside the package."""
    assert (ROOT / "generator" / "requirements.lock").read_bytes() == (ROOT / "requirements.lock").read_bytes()


def _run(args: list[str | Path], cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "SOURCE_DATE_EPOCH")}
    env["LANG"] = "C.UTF-8"
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)
    if check:
        output = f"--- stdout\n{result.stdout[-3000:]}\n--- stderr\n{result.stderr[-3000:]}"
        assert result.returncode == 0, f"{args}\n{output}"
    return result


def _sources(folder: Path, *extra: str) -> Path:
    """A copy of what the package is built from (a build writes its own folders beside them)."""
    folder.mkdir(exist_ok=True)
    for name in ("pyproject.toml", "README.md", "requirements.in", "requirements.lock", *extra):
        shutil.copy2(ROOT / name, folder / name)
    shutil.copytree(ROOT / "generator", folder / "generator",
                    ignore=shutil.ignore_patterns("__pycache__", "node_modules", "*.egg-info"))
    return folder


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built from a copy of the sources (the build writes its own folders beside them)."""
    source = _sources(tmp_path_factory.mktemp("source"))
    dist = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--no-isolation", "--wheel", "--outdir", dist, source], cwd=source)
    (found,) = dist.glob("medborgarloften-*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with the wheel and its locked libraries: its bin folder."""
    venv = tmp_path_factory.mktemp("venv")
    _run([sys.executable, "-m", "venv", venv], cwd=venv)
    pip = venv / "bin" / "pip"
    _run([pip, "install", "--quiet", "--require-hashes", "--no-deps", "-r", ROOT / "requirements.lock"], cwd=venv)
    _run([pip, "install", "--quiet", "--no-deps", wheel], cwd=venv)
    return venv / "bin"


def test_the_wheel_holds_every_file_the_command_needs_and_one_import_name(wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("medborgarloften/engine/mkdocs.yml", "medborgarloften/pages/templates/promise.html.j2",
                   "medborgarloften/data/messages/sv.yaml", "medborgarloften/data/municipalities.csv",
                   "medborgarloften/pages/wording/ar.yaml",
                   "medborgarloften/pages/fonts/DejaVuSans.ttf", "medborgarloften/engine/overrides/main.html",
                   "medborgarloften/engine/overrides/partials/header.html",
                   "medborgarloften/engine/overrides/assets/javascripts/site.js",
                   "medborgarloften/checks/tools/budget.json", "medborgarloften/checks/tools/package-lock.json",
                   "medborgarloften/requirements.lock", "medborgarloften/cli/site-template/github/workflows/pr.yml",
                   "medborgarloften/search/index.py", "medborgarloften/cli/main.py"):
        assert needed in names, needed
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert tops == {"medborgarloften"}
    assert not [n for n in names if "node_modules" in n or "__pycache__" in n]


def test_an_installed_generator_makes_a_site_repository_that_builds_and_passes_its_checks(
        installed: Path, wheel: Path, tmp_path: Path) -> None:
    command = installed / "medborgarloften"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _run([command, "--version"], cwd=empty).stdout.strip() == f"medborgarloften {__version__}"
    helped = _run([command, "--help"], cwd=empty).stdout
    assert all(name in helped for name in SUBCOMMANDS), helped
    # The checkout's package is not on this environment's path: nothing runs from the repository.
    assert _run([installed / "python", "-c", "import generator"], cwd=empty, check=False).returncode != 0

    made = _run([command, "new", "Malå", "--today", "2026-12-06"], cwd=empty)
    site = empty / "mala-medborgarloften"
    assert f"wrote {site.name}/promises.yaml" in made.stdout and "Malå" in made.stdout, made.stdout
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()) == [
        ".github/CODEOWNERS", ".github/dependabot.yml", ".github/pull_request_template.md",
        ".github/workflows/pr.yml", ".github/workflows/publish.yml", ".github/zizmor.yml", ".gitignore",
        "README.md", "content/pages/en/om.md", "content/pages/sv/om.md", "promises.yaml", "requirements.txt"]
    assert list(site.rglob("*.py")) == []
    data = (site / "promises.yaml").read_text(encoding="utf-8")
    assert "Malå" in data and "Lerum" not in data
    assert f"$schema=https://raw.githubusercontent.com/medborgarloften/medborgarloften/v{__version__}/schema/" in data

    # The generator's version, pinned with the hash of the wheel it was installed from, and the
    # workflows at the same version's tag.
    pins = (site / "requirements.txt").read_text(encoding="utf-8")
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    assert f"medborgarloften=={__version__} \\\n    --hash=sha256:{digest}" in pins, pins
    download = _run([installed / "pip", "download", "--quiet", "--no-index", "--find-links", wheel.parent,
                     "--require-hashes", "--no-deps", "-r", site / "requirements.txt", "-d", tmp_path / "got"],
                    cwd=site)
    assert download.returncode == 0
    for workflow in ("pr.yml", "publish.yml"):
        text = (site / ".github" / "workflows" / workflow).read_text(encoding="utf-8")
        assert re.search(rf"uses: medborgarloften/medborgarloften/\.github/workflows/site-\w+\.yml@v{__version__}\n",
                         text), text
        assert (ROOT / ".github" / "workflows" / re.findall(r"(site-\w+\.yml)@", text)[0]).is_file()

    assert "promises.yaml" in _run([command, "validate", "--verbose"], cwd=site).stdout
    built = _run([command, "build"], cwd=site)
    assert "site/" in built.stdout
    assert not (site / "docs").is_relative_to(ROOT) and (site / "site" / "index.html").is_file()
    page = (site / "site" / "index.html").read_text(encoding="utf-8")
    assert f'<meta name="generator" content="medborgarloften {__version__}">' in page
    assert f'"generator":"medborgarloften {__version__}"' in (site / "site" / "data" / "promises.json").read_text(
        encoding="utf-8").replace(": ", ":")
    checked = _run([command, "check-site", "--no-build", "--no-browser"], cwd=site)
    assert re.search(r"check-site: \d+ checks, 0 failed", checked.stdout), checked.stdout

    _run(["git", "init", "--quiet"], cwd=site)  # the README's next step; actionlint reads a repository
    actionlint = _run([TOOLS / "actionlint", "-color=false"], cwd=site)
    assert actionlint.stdout == ""
    zizmor = _run([TOOLS / "zizmor", "--offline", "--no-progress", "--persona", "auditor", "."], cwd=site)
    assert "No findings to report" in zizmor.stdout + zizmor.stderr

    # A second `new` into the same folder is refused: nothing of the first is overwritten.
    again = _run([command, "new", "Malå"], cwd=empty, check=False)
    assert again.returncode == 2 and "not empty" in again.stderr


def test_make_dist_builds_the_same_wheel_and_sdist_twice(tmp_path: Path) -> None:
    """The release workflow's `make dist`, on a copy of the sources: it builds both files twice and
    compares them (exit 0 only when they are identical), and they hold one version."""
    source = _sources(tmp_path / "source", "Makefile")
    made = _run(["make", "dist", f"PY={sys.executable}", "TEST_STAMP=", "SOURCE_DATE_EPOCH=1764979200"], cwd=source)
    files = sorted(p.name for p in (source / "dist").iterdir())
    assert files == [f"medborgarloften-{__version__}-py3-none-any.whl", f"medborgarloften-{__version__}.tar.gz"]
    assert made.stdout.count("medborgarloften-") >= 2  # the sums it prints


def test_the_changelog_has_this_version_with_release_notes() -> None:
    """Keep a Changelog, with this version's section (the release's notes, cut out as
    release.yml cuts them) and a Format heading for what editors may or must change."""
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    notes = _run(["awk", "-v", f"version={__version__}",
                  'index($0, "## [" version "]") == 1 { keep = 1; next } /^## \\[/ { keep = 0 } keep',
                  ROOT / "CHANGELOG.md"], cwd=ROOT).stdout
    assert "### Added" in notes and "### Format" in notes, notes
    release = (ROOT / ".github" / "workflows" / "release.yml").read_text(encoding="utf-8")
    assert 'index($0, "## [" version "]") == 1 { keep = 1; next } /^## \\[/ { keep = 0 } keep' in release
    for heading in re.findall(r"^### (.+)$", changelog, re.MULTILINE):
        assert heading in {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security", "Format"}, heading
