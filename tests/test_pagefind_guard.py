"""Pagefind's private format, guarded: the index is put together from cached shards only with the
Pagefind version that code was written and tested for; with any other, each edition is indexed
whole by Pagefind (the plain way), and the build says so once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.build import BuildReport, build_site, make_project
from generator.search import index as search
from tests.conftest import CASES
from tests.test_search import _meaning

TODAY = dt.date(2024, 3, 10)
CASE = CASES / "valid" / "real-vadstena"


def _index(folder: Path) -> dict[str, bytes]:
    """An edition's index folder: its files by name."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _build(root: Path, site: Path) -> tuple[BuildReport, list[str]]:
    project = make_project(CASE / "promises.yaml", CASE / "content", root=root)
    report = BuildReport([], 0, {})
    problems = build_site(project, site, TODAY, report=report)
    return report, [p.code for p in problems if p.severity.name == "ERROR"]


def test_the_version_the_merge_was_written_for_is_the_installed_one() -> None:
    """The lock pins this Pagefind: when it changes, check the merge (the test below) and the constant."""
    assert search.pagefind_version() == search.MERGE_TESTED_WITH
    assert search.merges_shards()


def test_another_pagefind_version_indexes_each_edition_whole_and_says_so_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    merged, errors = _build(tmp_path / "merged", tmp_path / "merged-site")
    assert errors == [] and all(index.shards >= 1 for index in merged.search)
    monkeypatch.setattr(search, "MERGE_TESTED_WITH", "0.0.0")  # as if the lock brought another Pagefind
    search._say_plain_once.cache_clear()
    capfd.readouterr()
    plain, errors = _build(tmp_path / "plain", tmp_path / "plain-site")
    said = capfd.readouterr().err
    assert errors == []
    assert said.count("search: Pagefind 1.5.2 is not 0.0.0") == 1, said
    assert [(i.edition, i.pages, i.records) for i in plain.search] == [
        (i.edition, i.pages, i.records) for i in merged.search]
    assert not (tmp_path / "plain" / ".cache" / "search").exists()  # nothing of Pagefind's files kept
    # The same index: the merge puts together what Pagefind makes of all the records at once (the
    # same pages, words, postings, filters and fields; the merge sorts a word's spellings and a
    # filter's values, which Pagefind lists as it met them, so its files are named otherwise).
    for index in plain.search:
        alone = _index(tmp_path / "plain-site" / index.folder)
        assert _meaning(alone) == _meaning(_index(tmp_path / "merged-site" / index.folder)), index.edition
        assert len(_meaning(alone)["words"]) > 100  # type: ignore[arg-type]
    entry = tmp_path / "plain-site" / "pagefind" / "pagefind-entry.json"
    assert entry.is_file() and b'"languages"' in entry.read_bytes()
