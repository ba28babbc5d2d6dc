"""Safe by construction: hostile text stays inert, nothing loads from elsewhere, builds are atomic
and reproducible, and the workflows pass actionlint and zizmor."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import shutil
import subprocess
import sys
import time
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.build import build_site, make_project
from generator.data import schema, validate
from generator.data.load import Mapping, Node, Sequence, load_file
from generator.engine.postprocess import inline_script_hashes, policy_for
from tests.conftest import ROOT, SURVEY_OPEN, run_cli

PAYLOAD = ('<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) '
           '"><svg onload=alert(1)> {{ 7*7 }} {% include %} <iframe src="https://evil.example.org/"></iframe>')
TODAY = dt.date(2019, 11, 20)
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "xlink:href", "data", "poster", "background", "cite"}


def plain(node: Node) -> Any:
    if isinstance(node, Mapping):
        return {k: plain(v) for k, (_, v) in node.items.items()}
    if isinstance(node, Sequence):
        return [plain(item) for item in node.items]
    return {"true": True, "false": False}.get(node.value, node.value) if node.plain else node.value


def inject(node: Node, hint: Any) -> Any:
    """Replace every free-text value, found by walking the schema's type hints, with PAYLOAD."""
    origin = typing.get_origin(hint)
    if origin is typing.Annotated:
        base, *extras = typing.get_args(hint)
        if any(isinstance(e, schema.IdOf | schema.RefTo | schema.Format | schema.Shorthand) for e in extras):
            return plain(node)  # ids, references, addresses, language codes: checked formats, not free text
        return inject(node, base)
    if origin in (typing.Union, __import__("types").UnionType):
        (inner,) = [a for a in typing.get_args(hint) if a is not type(None)]
        return inject(node, inner)
    if origin is tuple and isinstance(node, Sequence):
        return [inject(item, typing.get_args(hint)[0]) for item in node.items]
    if hint in (schema.I18n, schema.Name):  # every edition's text, where the example has one
        codes = list(node.items) if isinstance(node, Mapping) else ["sv", "en"]
        return {code: f"{PAYLOAD} {code}" for code in codes}
    if hint is str:
        return PAYLOAD
    if dataclasses.is_dataclass(hint) and isinstance(node, Mapping):
        hints = typing.get_type_hints(hint, include_extras=True)
        return {key: inject(value, hints[key]) for key, (_, value) in node.items.items()}
    return plain(node)


def count_text_fields(value: Any) -> int:
    if isinstance(value, dict):
        return sum(count_text_fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_text_fields(v) for v in value)
    return int(isinstance(value, str) and value.startswith(PAYLOAD))


def pages(site: Path) -> dict[str, BeautifulSoup]:
    return {p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted(site.rglob("*.html"))}


def scripts(page: BeautifulSoup) -> list[str]:
    return sorted(s.get("src") or hashlib.sha256(s.get_text().encode()).hexdigest() for s in page.find_all("script"))


@pytest.fixture(scope="module")
def hostile_and_clean_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    tmp = tmp_path_factory.mktemp("hostile")
    loaded = load_file(ROOT / "promises.yaml")
    assert loaded.root is not None
    hostile = inject(loaded.root, schema.Document)
    data = tmp / "promises.yaml"
    data.write_text(yaml.safe_dump(hostile, allow_unicode=True, sort_keys=False), encoding="utf-8")
    patch = pytest.MonkeyPatch()
    # Validation refuses javascript: links in formatted text; switch that off to prove the
    # renderer is safe on its own.
    patch.setattr(validate, "_check_rich_links", lambda *args: None)
    try:
        problems = build_site(make_project(data, ROOT / "content"), tmp / "hostile", TODAY)
    finally:
        patch.undo()
    assert not [p for p in problems if p.severity == "error"], problems
    clean = tmp / "clean"
    build_site(make_project(), clean, TODAY)
    return tmp / "hostile", clean, count_text_fields(hostile)


def test_every_text_field_was_injected(hostile_and_clean_sites: tuple[Path, Path, int]) -> None:
    assert hostile_and_clean_sites[2] >= 60


def test_payloads_stay_inert(hostile_and_clean_sites: tuple[Path, Path, int]) -> None:
    hostile, clean, _ = hostile_and_clean_sites
    hostile_pages, clean_pages = pages(hostile), pages(clean)
    assert hostile_pages.keys() == clean_pages.keys()
    shown = 0
    for name, page in hostile_pages.items():
        assert scripts(page) == scripts(clean_pages[name]), f"{name}: a script that is not the theme's"
        for element in page.find_all(True):
            for attribute, value in element.attrs.items():
                assert not attribute.lower().startswith("on"), f"{name}: <{element.name} {attribute}>"
                if attribute.lower() in URL_ATTRIBUTES:
                    assert "javascript:" not in str(value).lower().replace(" ", ""), (name, element)
        for tag in ("iframe", "svg", "img", "object", "embed", "form"):
            assert len(page.find_all(tag)) == len(clean_pages[name].find_all(tag)), f"{name}: a planted <{tag}>"
        text = page.get_text(" ")
        shown += text.count("{{ 7*7 }}")
        assert text.count("49") == clean_pages[name].get_text(" ").count("49"), name
    assert shown > 50  # the template syntax is shown as text, many times over


def test_formatted_text_refuses_unsafe_links(tmp_path: Path) -> None:
    text = (ROOT / "promises.yaml").read_text(encoding="utf-8").replace(
        "      sv: Öka tryggheten och ge invånarna och andra aktörer möjligheten att aktivt bidra till detta.",
        "      sv: Öka [tryggheten](javascript:alert(1)) och se <//evil.example.org/x>, [om](../om/).", 1)
    data = tmp_path / "promises.yaml"
    data.write_text(text, encoding="utf-8")
    run = run_cli("validate", "--lang", "en", "--content", str(ROOT / "content"), str(data))
    assert run.returncode == 1
    assert "goal.sv: the link 'javascript:alert(1' is not allowed" in run.stdout


def plant_external_image(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    about = content / "pages" / "sv" / "om.md"
    about.write_text(about.read_text(encoding="utf-8") + '\n<img src="https://cdn.example.org/spy.png" alt="">\n',
                     encoding="utf-8")
    return content


# Pages a quick scan must send to the parser: each fetches from another host in its own way.
FETCHING_PAGES = [
    '<img src="https://cdn.example.org/a.png" alt="">',
    "<IMG SRC=//cdn.example.org/a.png>",
    '<img src="https:&#x2F;&#x2F;cdn.example.org/a.png">',
    '<img srcset="a.png 1x, https://cdn.example.org/b.png 2x">',
    '<link href="https://fonts.example.org/x.css" rel="stylesheet">',
    '<link rel="icon" href="//cdn.example.org/i.ico">',
    '<meta http-equiv="refresh" content="0; url=https://evil.example.org/">',
    '<p style="background:url(https://cdn.example.org/a.png)">x</p>',
    '<style>body { background: url("https://cdn.example.org/a.png") }</style>',
    '<style>@import "//cdn.example.org/a.css";</style>',
    '<svg><use href="https://cdn.example.org/s.svg#i"/></svg>',
    '<script src="https://cdn.example.org/x.js"></script>',
    '<iframe src="https://evil.example.org/"></iframe>',
    '<img alt="a > b" src="https://cdn.example.org/a.png">',
    '<img alt=\'it"s\' src="https://cdn.example.org/a.png">',
    '<p title="<img src=x>">x</p><img src="https://cdn.example.org/a.png">',
    '<img src="https://cdn.example.org/a.png" alt="an unclosed quote>',
]
# Pages with addresses of other hosts that nothing fetches: the scan may skip them.
QUIET_PAGES = [
    '<a href="https://polisen.se/">Polisen</a>',
    '<link rel="canonical" href="https://example.se/a/"><meta property="og:url" content="https://example.se/a/">',
    '<p>Se https://example.se/ och //kommentar</p><img src="../a.png" alt="">',
]


@pytest.mark.parametrize("page", FETCHING_PAGES + QUIET_PAGES)
def test_the_quick_scan_for_other_hosts_misses_nothing_the_parser_finds(page: str) -> None:
    from generator.engine import resources as checks

    scanner = checks._Scanner()
    scanner.feed(page)
    scanner.close()
    parsed = [u for u in scanner.urls if checks.is_external(u)]
    assert checks.external_urls_in_html(page) == parsed
    if page in FETCHING_PAGES:
        assert checks.may_fetch_from_another_host(page), page
        # (The parser itself reads the last page's unclosed tag as text: the scan still sends it on.)
        assert parsed or page == FETCHING_PAGES[-1], page
    else:
        assert not checks.may_fetch_from_another_host(page), page


def test_external_resource_fails_the_build_and_leaves_site_alone(built_sites: dict[str, Path], tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(built_sites["open"], site)  # a site the example's build made, as the previous build's
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    content = plant_external_image(tmp_path)
    run = run_cli("build", "--site", str(site), "--today", "2019-12-20", "--content", str(content))
    assert run.returncode == 1, str(run)
    assert "om/index.html: loads https://cdn.example.org/spy.png from another host" in run.stderr
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before  # the half-made build (mkdocs had finished) was thrown away
    assert not list(tmp_path.glob(".site-*"))  # and so was its temporary folder


def test_mkdocs_failure_leaves_site_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous", encoding="utf-8")
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    about = content / "pages" / "en" / "om.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[broken](nowhere.md)\n", encoding="utf-8")
    run = run_cli("build", "--site", str(site), "--content", str(content))
    assert run.returncode == 1, str(run)
    assert "mkdocs build failed" in run.stderr and "nowhere.md" in run.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "previous"


def tree_hashes(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_builds_in_different_folders_at_different_times_are_identical(built_sites: dict[str, Path],
                                                                     tmp_path: Path) -> None:
    """The session's build of the example (in this checkout, earlier, with its cache) and a build
    in a fresh copy of the project's files in another folder, without a cache."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, check=True).stdout
    project = tmp_path / "elsewhere" / "project"
    for rel in filter(None, files.decode().split("\0")):
        if (ROOT / rel).is_file() or (ROOT / rel).is_symlink():
            (project / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, project / rel, follow_symlinks=False)
    time.sleep(1.1)  # at least: a clock-dependent timestamp would now differ from the session's build
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--today", SURVEY_OPEN],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    sites = [built_sites["open"], project / "site"]
    first, second = (tree_hashes(s) for s in sites)
    assert len(first) > 20
    assert first == second


def test_every_page_carries_a_policy_with_its_own_script_hashes(built_sites: dict[str, Path]) -> None:
    site = built_sites["open"]
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        page = BeautifulSoup(html, "html.parser")
        meta = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None, path
        policy = meta["content"]
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        assert "default-src 'self'" in policy and "object-src 'none'" in policy
        for digest in inline_script_hashes(html):
            assert digest in policy
        assert page.head.find("meta") is meta or meta.find_previous("script") is None  # before any script


def test_policy_hashes_only_scripts_that_run() -> None:
    html = '<head></head><script>a()</script><script src="x.js"></script><script type="application/json">{}</script>'
    assert len(inline_script_hashes(html)) == 1
    assert policy_for(html).startswith("default-src 'self'; script-src 'self' 'sha256-")


def test_external_links_get_noopener(hostile_and_clean_sites: tuple[Path, Path, int]) -> None:
    _, clean, _ = hostile_and_clean_sites
    external = [a for page in pages(clean).values() for a in page.find_all("a", href=True)
                if a["href"].startswith(("https://", "http://", "//"))]
    assert external
    assert [a for a in external if "noopener" not in a.get("rel", [])] == []


@pytest.mark.parametrize("tool", [["actionlint", "-color=false"],
                                  ["zizmor", "--offline", "--no-progress", ".github/workflows"],
                                  ["zizmor", "--offline", "--no-progress", "--persona", "auditor",
                                   ".github/workflows"]])
def test_workflow_linters_find_nothing(tool: list[str]) -> None:
    executable = Path(sys.executable).parent / tool[0]
    assert executable.is_file(), f"{tool[0]} is missing: it is in requirements-test.lock (make test installs it)"
    result = subprocess.run([str(executable), *tool[1:]], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    if tool[0] == "zizmor":
        assert "No findings to report" in result.stdout + result.stderr, result.stdout + result.stderr


def test_pull_request_summary_needs_no_secret_and_builds_both_sides_on_one_day() -> None:
    text = (ROOT / ".github" / "workflows" / "pr.yml").read_text(encoding="utf-8")
    assert "\n  pull_request:\n" in text and "secrets" not in text and "GITHUB_TOKEN" not in text
    assert "ref: ${{ github.event.pull_request.base.sha }}" in text
    assert "generator diff --format markdown" in text and "generator changed-pages --format markdown" in text
    assert '>> "$GITHUB_STEP_SUMMARY"' in text
    assert text.count('--today "$TODAY"') >= 3  # head, base and the summary use one date
    # Values from the event reach scripts only through env: (no template injection).
    scripts = re.findall(r"run: \|\n((?:          .*\n)+)|run: (.*)\n", text)
    assert scripts and not any("${{" in "".join(parts) for parts in scripts)


def test_workflows_follow_the_rules() -> None:
    for path in (ROOT / ".github" / "workflows").glob("*.yml"):
        text = path.read_text(encoding="utf-8")
        assert "pull_request_target" not in text
        assert "secrets." not in text or path.name == "deploy.yml"
        assert "permissions: {}" in text, path
        for line in text.splitlines():
            if "uses:" in line:
                ref = line.split("@", 1)[1].split()[0]
                assert len(ref) == 40 and all(c in "0123456789abcdef" for c in ref), line
        if "actions/checkout" in text:
            assert text.count("persist-credentials: false") == text.count("actions/checkout")


def test_policy_allows_frames_only_from_the_pages_own_click_to_load_hosts() -> None:
    assert "frame-src 'none';" in policy_for("<head></head><p>no embeds</p>")
    page = ('<head></head><div class="embed" data-embed-src="https://film.example.org/embed/a?x=1&amp;y=2">'
            '</div><div data-embed-src="https://enkat.example.org/e"></div>')
    assert "frame-src https://enkat.example.org https://film.example.org;" in policy_for(page)
