"""changed-pages: the pages a reviewer should open, from the built sites of base and head."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from generator.checks.changed import changed_pages, page_address
from tests.conftest import ROOT, SURVEY_OPEN, run_cli, run_main

PROMISE = "lerum-2019-2020"


def build(data: Path, site: Path) -> Path:
    run = run_cli("build", "--data", str(data), "--content", str(ROOT / "content"), "--site", str(site),
                  "--today", SURVEY_OPEN)
    assert run.returncode == 0, str(run)
    return site


@pytest.fixture(scope="module")
def sites(built_sites: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example as it is (twice: the session's build, and one naming its data and content), and
    with one activity's status changed, built on the same day."""
    folder = tmp_path_factory.mktemp("changed")
    example = (ROOT / "promises.yaml").read_text(encoding="utf-8")
    # On SURVEY_OPEN no update of "utemiljon" is dated yet, so its own status is the one shown.
    activity = example.index("- id: utemiljon")
    status = example.index("status: ongoing", activity)
    changed = example[:status] + "status: in_progress" + example[status + len("status: ongoing"):]
    (folder / "head.yaml").write_text(changed, encoding="utf-8")
    return {"base": built_sites["open"],
            "again": build(ROOT / "promises.yaml", folder / "again"),
            "head": build(folder / "head.yaml", folder / "head")}


def test_one_status_changes_exactly_the_pages_that_show_it(sites: dict[str, Path]) -> None:
    # The promise page lists the activity; the start page and the embeddable card count statuses;
    # the pages of its owner (the municipality) and of its two places list it with its status.
    # The promises list counts only what is done; contacts, open data and the hand-written pages
    # do not show statuses.
    shown = ["/", "/ansvariga/kommunen/", f"/embed/{PROMISE}/", f"/loften/{PROMISE}/",
             "/platser/floda-station/", "/platser/lerum-station/"]
    prefixes = ["", "/en", "/lattlast", "/fi", "/ar"]  # the example's five editions
    assert changed_pages(sites["base"], sites["head"]) == sorted(prefix + page for prefix in prefixes for page in shown)


def test_the_command_prints_them_one_per_line_or_as_markdown(sites: dict[str, Path]) -> None:
    run = run_main("changed-pages", str(sites["base"]), str(sites["head"]))
    assert (run.returncode, run.stdout.splitlines()) == (0, changed_pages(sites["base"], sites["head"]))
    markdown = run_main("changed-pages", "--format", "markdown", "--base-url", "https://example.org/site/",
                        str(sites["base"]), str(sites["head"]))
    assert markdown.stdout.startswith("### Sidor som ändras\n\n- [`/`](<https://example.org/site/>)\n")
    assert f"- [`/loften/{PROMISE}/`](<https://example.org/site/loften/{PROMISE}/>)\n" in markdown.stdout


def test_two_builds_of_the_same_data_differ_in_no_page(sites: dict[str, Path]) -> None:
    assert changed_pages(sites["base"], sites["again"]) == []
    run = run_main("changed-pages", "--format", "markdown", str(sites["base"]), str(sites["again"]))
    assert run.stdout == "### Sidor som ändras\n\nIngen sida ändras.\n"


def test_added_removed_and_reformatted_pages(tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    for site, pages in ((old, {"index.html": "<p>a  b</p>\n", "gone/index.html": "x", "same/index.html": "s"}),
                        (new, {"index.html": "<p>a\n b</p>", "new/index.html": "y", "same/index.html": "s",
                               "search/search_index.json": "changed"})):
        for path, text in pages.items():
            (site / path).parent.mkdir(parents=True, exist_ok=True)
            (site / path).write_text(text, encoding="utf-8")
    assert changed_pages(old, new) == ["/gone/", "/new/"]


def test_page_addresses() -> None:
    assert page_address(PurePosixPath("index.html")) == "/"
    assert page_address(PurePosixPath("en/loften/x/index.html")) == "/en/loften/x/"
    assert page_address(PurePosixPath("404.html")) == "/404.html"


def test_missing_site_is_a_usage_error(tmp_path: Path) -> None:
    run = run_main("changed-pages", str(tmp_path / "nope"), str(tmp_path))
    assert run.returncode == 2 and "no such folder" in run.stderr
