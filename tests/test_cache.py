"""Cached builds: a rebuild renders only what changed, and gives the same bytes as a clean build."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from generator import build
from generator.build import BuildReport, build_site, make_project
from generator.data.wording import DEFAULT_UI
from generator.pages import render
from tests.conftest import ROOT

TODAY = dt.date(2019, 11, 20)
NAV = {"index.md", "loften/index.md", "uppdateringar/index.md", "platser/index.md", "ansvariga/index.md",
       "arkiv/index.md", "om.md", "kontakt.md", "tillganglighet.md", "oppna-data.md"}


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _status(root: Path) -> None:
    _replace(root / "promises.yaml", "status: ongoing", "status: done")


def _new_promise(root: Path) -> None:
    data = root / "promises.yaml"
    text = data.read_text(encoding="utf-8")
    start, end = text.index("  - id: lerum-2021-2022\n"), text.index("\naccessibility:")
    copy = text[start:end].replace("id: lerum-2021-2022", "id: lerum-2023-2024", 1)
    copy = copy.replace("Lerum 2021–2022", "Lerum 2023–2024")
    data.write_text(text[:end] + "\n" + copy.rstrip("\n") + text[end:], encoding="utf-8")


def _renamed_place(root: Path) -> None:
    _replace(root / "promises.yaml", "sv: Stationsområdet i Lerum", "sv: Stationsområdet vid Lerums station")


def _wording(root: Path) -> None:  # a site's own wording file, beside the package's
    (root / "content" / "ui").mkdir(exist_ok=True)
    shutil.copy2(DEFAULT_UI / "sv.yaml", root / "content" / "ui" / "sv.yaml")
    _replace(root / "content" / "ui" / "sv.yaml", "contact: Kontakt", "contact: Kontakta oss")


def _theme_template(root: Path) -> None:
    _replace(root / "overrides" / "partials" / "copyright.html", "  ·\n", "  ·&nbsp;\n")


def _page_template(root: Path) -> None:
    place = root / "templates" / "place.html.j2"
    _replace(place, "{% elif pl.coordinates %}\n", "{% elif pl.coordinates %}\n<p>*</p>\n")


# name, change, whether every edition can still be built from its cache
CHANGES: list[tuple[str, Callable[[Path], None], bool]] = [
    ("status", _status, True),
    ("new promise", _new_promise, True),
    ("renamed place", _renamed_place, True),
    ("wording file", _wording, False),  # in every page's footer and the generated config: all of sv
    ("theme template", _theme_template, False),
    ("page template", _page_template, True),  # only the Markdown it makes changes
]


@pytest.fixture
def project_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy2(ROOT / "promises.yaml", root / "promises.yaml")
    shutil.copytree(ROOT / "content", root / "content")
    # The package's templates, theme and settings, copied so that a test can change them.
    shutil.copy2(build.SETTINGS, root / "mkdocs.yml")
    shutil.copytree(build.THEME, root / "overrides")
    shutil.copytree(render.TEMPLATES, root / "templates")
    monkeypatch.setattr(build, "SETTINGS", root / "mkdocs.yml")
    monkeypatch.setattr(build, "THEME", root / "overrides")
    monkeypatch.setattr(render, "TEMPLATES", root / "templates")
    return root


def test_cached_rebuild_is_byte_identical_to_a_clean_build(project_root: Path, tmp_path: Path) -> None:
    project = make_project(project_root / "promises.yaml", project_root / "content", root=project_root)
    first = BuildReport([], 0, {})
    build_site(project, tmp_path / "first", TODAY, report=first)
    assert all(not e.cached for e in first.editions)
    for name, change, stays_cached in CHANGES:
        change(project_root)
        cached, clean = BuildReport([], 0, {}), BuildReport([], 0, {})
        build_site(project, tmp_path / "cached", TODAY, report=cached)
        changed_docs = cached.docs_changed
        build_site(project, tmp_path / "clean", TODAY, cache=False, report=clean)
        a, b = _files(tmp_path / "cached"), _files(tmp_path / "clean")
        assert a.keys() == b.keys(), (name, sorted(a.keys() ^ b.keys())[:10])
        different = [path for path in a if a[path] != b[path]]
        assert different == [], (name, different[:10])
        rendered = {e.code: len(e.rendered) for e in cached.editions}
        total = {e.code: len(e.pages) for e in clean.editions}
        print(f"{name}: docs files changed {changed_docs}; pages rendered by the cached build "
              f"{rendered} of {total}; full build of {[e.code for e in cached.editions if not e.cached]}")
        if stays_cached:
            assert all(e.cached for e in cached.editions), (name, [(e.code, e.cached) for e in cached.editions])
            for edition in cached.editions:  # the navigation's pages, and those whose Markdown changed
                assert len(edition.rendered) < len(edition.pages), name
        else:
            assert any(not e.cached for e in cached.editions), name


def test_status_change_renders_only_the_pages_it_changes(project_root: Path, tmp_path: Path) -> None:
    project = make_project(project_root / "promises.yaml", project_root / "content", root=project_root)
    build_site(project, tmp_path / "site", TODAY)
    before = {p.relative_to(project.docs).as_posix(): p.read_bytes() for p in project.docs.rglob("*.md")}
    _status(project_root)
    report = BuildReport([], 0, {})
    build_site(project, tmp_path / "site", TODAY, report=report)
    after = {p.relative_to(project.docs).as_posix(): p.read_bytes() for p in project.docs.rglob("*.md")}
    changed = {path for path in after if before.get(path) != after[path]}
    for edition in report.editions:
        assert edition.cached
        own = {path.partition("/")[2] for path in changed if path.startswith(f"{edition.code}/")}
        assert own and set(edition.rendered) == own | NAV, (edition.code, sorted(set(edition.rendered) ^ (own | NAV)))


def test_a_failed_build_is_not_reused(project_root: Path, tmp_path: Path) -> None:
    project = make_project(project_root / "promises.yaml", project_root / "content", root=project_root)
    build_site(project, tmp_path / "site", TODAY)
    (project_root / "overrides" / "partials" / "copyright.html").write_text("{{ broken", encoding="utf-8")
    with pytest.raises(Exception, match="mkdocs build failed"):
        build_site(project, tmp_path / "site", TODAY)
    assert not (project_root / ".cache" / "sv" / "state.json").exists()
    original = build.PACKAGE / "engine" / "overrides" / "partials" / "copyright.html"
    shutil.copy2(original, project_root / "overrides" / "partials")
    report = BuildReport([], 0, {})
    build_site(project, tmp_path / "site", TODAY, report=report)
    assert not any(e.cached for e in report.editions)


def test_a_build_over_the_spare_site_changes_only_new_files_and_gives_a_clean_builds_bytes(
        project_root: Path, tmp_path: Path) -> None:
    """build._spare: a build starts from the site the last build replaced and changes only what
    differs, each as a new file, removing what the new site has not. The site it replaces keeps its
    bytes (its files are links to the engine's cache and to the spare's), and the result is a
    clean build's bytes, pages added and removed."""
    project = make_project(project_root / "promises.yaml", project_root / "content", root=project_root)
    site, spare = tmp_path / "site", tmp_path / ".site-spare"
    original = (project_root / "promises.yaml").read_text(encoding="utf-8")
    build_site(project, site, TODAY)
    _status(project_root)
    build_site(project, site, TODAY)  # the first site becomes the spare
    assert spare.is_dir()
    for change in (_new_promise, lambda root: (root / "promises.yaml").write_text(original, encoding="utf-8")):
        published = _files(site)
        change(project_root)
        build_site(project, site, TODAY)  # made from the spare; the published site becomes the spare
        assert _files(spare) == published  # none of its files written over
        clean = tmp_path / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        build_site(project, clean, TODAY, cache=False)
        assert _files(site) == _files(clean)
    assert "loften/lerum-2023-2024/index.html" in published and "loften/lerum-2023-2024/index.html" not in _files(site)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == [".site-spare"]


def test_a_rebuild_makes_again_only_the_docs_files_whose_context_changed(project_root: Path, tmp_path: Path) -> None:
    """docscache: the generator keeps each file of docs/ the last build made from the same key, and
    makes again a file changed or removed by hand (the byte-identity test above shows that what
    it keeps is what a clean build makes)."""
    project = make_project(project_root / "promises.yaml", project_root / "content", root=project_root)
    first = BuildReport([], 0, {})
    build_site(project, tmp_path / "site", TODAY, report=first)
    assert first.docs_kept == frozenset()
    before = {p.relative_to(project.docs).as_posix(): p.read_bytes() for p in project.docs.rglob("*") if p.is_file()}
    _status(project_root)
    report = BuildReport([], 0, {})
    build_site(project, tmp_path / "site", TODAY, report=report)
    after = {p.relative_to(project.docs).as_posix(): p.read_bytes() for p in project.docs.rglob("*") if p.is_file()}
    unchanged = {path for path in after if before.get(path) == after[path]}
    assert report.docs_kept <= unchanged
    # the status is on its promise's page, card and embed, its places' and owners' pages, the lists
    # and the updates; the other promises' pages, cards and embeds, and the other places', are kept
    for code in ("sv", "en", "lattlast", "fi", "ar"):
        for path in ("loften/lerum-2021-2022.md", "embed/lerum-2021-2022/index.html", "events.ics",
                     "assets/share/loften-lerum-2021-2022.png", "affisch/medborgardialog-2019/index.html"):
            assert f"{code}/{path}" in report.docs_kept, (code, path)
        assert f"{code}/loften/lerum-2019-2020.md" not in report.docs_kept
    assert (project_root / ".cache" / "docs.pickle").is_file()
    page = project.docs / "en" / "loften" / "lerum-2019-2020.md"
    made = page.read_bytes()
    page.write_bytes(made.replace(b"</h1>", b"</h1>\n<p>edited by hand</p>", 1))
    (project.docs / "sv" / "loften" / "lerum-2019-2020.md").unlink()
    again = BuildReport([], 0, {})
    build_site(project, tmp_path / "site", TODAY, report=again)
    assert page.read_bytes() == made and (project.docs / "sv" / "loften" / "lerum-2019-2020.md").is_file()
    assert again.docs_changed == 2, again.docs_changed


def test_a_page_kept_by_rebuilds_cannot_read_the_whole_site(project_root: Path, tmp_path: Path) -> None:
    """A page that is not `whole_site` gets site.SiteGlobals as `site`: reading anything else of
    the model fails the build, instead of a rebuild keeping the page after that changed."""
    import jinja2

    project = make_project(project_root / "promises.yaml", project_root / "content", root=project_root)
    _replace(project_root / "templates" / "place.html.j2", "{% elif pl.coordinates %}\n",
             "{% elif pl.coordinates %}\n<p>{{ site.promises | length }}</p>\n")
    with pytest.raises(jinja2.UndefinedError, match="promises"):
        build_site(project, tmp_path / "site", TODAY)


def test_the_keys_of_docs_files_are_the_same_in_every_process(tmp_path: Path) -> None:
    """Fingerprints are pickles' digests: the same in a process with another hash seed (a set's
    order would differ), so a rebuild in a new process keeps what it can."""
    script = (
        "import datetime as dt, hashlib, sys\n"
        "from pathlib import Path\n"
        "from generator.build import load_model, make_project\n"
        "from generator.pages.render import render_changed\n"
        "root = Path(sys.argv[1])\n"
        "model, ui, _ = load_model(make_project(root / 'promises.yaml', root / 'content'), dt.date(2019, 11, 20))\n"
        "keys = render_changed(model, ui, root / 'content', parallel=False).keys\n"
        "print(len(keys), hashlib.sha256(repr(sorted(keys.items())).encode()).hexdigest())\n")
    outputs = set()
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", script, str(ROOT)], capture_output=True, text=True, check=True,
                              cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.add(done.stdout)
    assert len(outputs) == 1 and int(outputs.pop().split()[0]) >= 100  # pages, embeds, posters, cards: 5 editions
