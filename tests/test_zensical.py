"""How far a move to Zensical (Material for MkDocs' successor) would be, measured every day.

The Swedish edition of the example is built with Zensical from the same docs/ and the same
generated project (.build/mkdocs.sv.yml, which INHERITs mkdocs.yml), and the main content (the
<article> element) of every page is compared with the MkDocs build. The test reports how many pages
match and which differ, and fails only if Zensical cannot build at all: the differences and what
would have to change are in decisions/2026-11-30-zensical-measured-every-day.md.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from generator.build import site_editions
from generator.data.validate import validate_file
from tests.conftest import ROOT, run_cli

EDITION = "sv"
# Overrides written for Material's templates that Zensical's template engine cannot render
# (toc.html calls lang.t, which Zensical's templates do not provide); left out of its build.
NOT_FOR_ZENSICAL = ("partials/toc.html",)


def main_content(path: Path) -> str | None:
    """The page's <article>, attributes sorted and whitespace collapsed; the theme's skip-link
    target (Zensical puts it inside the article, Material before it) left out."""
    article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("article")
    if article is None:
        return None
    for skip in article.find_all("a", id="__skip"):
        skip.decompose()
    for tag in article.find_all(True):
        tag.attrs = dict(sorted(tag.attrs.items()))
    return re.sub(r"\s+", " ", str(article)).strip()


def zensical_project(tmp_path: Path) -> Path:
    """A folder Zensical accepts (docs and site inside the project): the repository's mkdocs.yml and
    overrides, the edition's docs, and its generated configuration with relative paths."""
    project = tmp_path / "zensical"
    shutil.copytree(ROOT / "generator" / "engine" / "overrides", project / "overrides")
    for rel in NOT_FOR_ZENSICAL:
        (project / "overrides" / rel).unlink()
    shutil.copytree(ROOT / "docs" / EDITION, project / "docs" / EDITION)
    shutil.copy2(ROOT / "generator" / "engine" / "mkdocs.yml", project / "mkdocs.yml")
    config = yaml.safe_load((ROOT / ".build" / f"mkdocs.{EDITION}.yml").read_text(encoding="utf-8"))
    config.update({"INHERIT": "mkdocs.yml", "docs_dir": f"docs/{EDITION}", "site_dir": "site"})
    config["theme"]["custom_dir"] = "overrides"
    (project / "zensical.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    return project


def test_zensical_builds_the_swedish_edition_and_reports_matching_pages(tmp_path: Path) -> None:
    mkdocs_site = tmp_path / "mkdocs-site"
    run = run_cli("build", "--site", str(mkdocs_site), "--today", "2019-11-20")
    assert run.returncode == 0, str(run)
    project = zensical_project(tmp_path)
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", "zensical.yml"], cwd=project,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    example = validate_file(ROOT / "promises.yaml", ROOT / "content").document
    assert example is not None
    others = {e.prefix.rstrip("/") for e in site_editions(example) if e.prefix}  # the other editions' folders
    pages = sorted(p.relative_to(mkdocs_site) for p in mkdocs_site.rglob("*.html")
                   if p.relative_to(mkdocs_site).parts[0] not in others | {"embed"})
    assert len(pages) >= 17
    same, different, missing = [], [], []
    for rel in pages:
        theirs = project / "site" / rel
        if not theirs.is_file():
            missing.append(rel.as_posix())
        elif main_content(mkdocs_site / rel) == main_content(theirs):
            same.append(rel.as_posix())
        else:
            different.append(rel.as_posix())
    print(f"\nZensical: {len(same)} of {len(pages)} pages of the {EDITION} edition have the same main content "
          f"as the MkDocs build; different: {', '.join(different) or 'none'}; "
          f"missing: {', '.join(missing) or 'none'}")
    assert len(same) + len(different) + len(missing) == len(pages)
