"""diff: what changed between two versions of promises.yaml, as residents will see it, in both languages.

Each folder of tests/cases/diff/ is one kind of change: new.yaml, old.yaml (default: base.yaml),
and the exact output per language (expected.sv.txt, expected.en.txt; some also expected.sv.md).
`UPDATE_GOLDEN=1` rewrites the expectations.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import CASES, ROOT, run_main

DIFF = CASES / "diff"
KINDS = sorted(p.name for p in DIFF.iterdir() if p.is_dir())
TODAY = "2024-06-10"
MARKDOWN = ["activity-status-changed", "contact-added", "no-visible-change"]


def old_file(case: Path) -> Path:
    return case / "old.yaml" if (case / "old.yaml").exists() else DIFF / "base.yaml"


def check_golden(expected: Path, output: str) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(output, encoding="utf-8")
    assert output == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_diff_tells_each_kind_of_change(kind: str, lang: str) -> None:
    case = DIFF / kind
    run = run_main("diff", "--lang", lang, "--today", TODAY, str(old_file(case)), str(case / "new.yaml"))
    assert (run.returncode, run.stderr) == (0, ""), str(run)
    check_golden(case / f"expected.{lang}.txt", run.stdout)


@pytest.mark.parametrize("kind", MARKDOWN)
def test_diff_as_markdown_for_the_job_summary(kind: str) -> None:
    case = DIFF / kind
    run = run_main("diff", "--format", "markdown", "--today", TODAY, str(old_file(case)), str(case / "new.yaml"))
    assert run.returncode == 0, str(run)
    check_golden(case / "expected.sv.md", run.stdout)


def test_there_are_enough_kinds_and_each_says_something() -> None:
    assert len(KINDS) >= 12
    for kind in KINDS:
        expected = (DIFF / kind / "expected.sv.txt").read_text(encoding="utf-8")
        nothing = expected == "Inga ändringar som syns på webbplatsen.\n"
        assert nothing == (kind == "no-visible-change"), kind


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_line_names_the_promise_it_concerns(lang: str) -> None:
    titles = {"sv": "Medborgarlöfte Exempelby 202", "en": "Citizen promise Exempelby 202"}
    for kind in KINDS:
        for line in (DIFF / kind / f"expected.{lang}.txt").read_text(encoding="utf-8").splitlines():
            if kind not in ("no-visible-change", "site-and-accessibility-changed"):
                assert titles[lang] in line, (kind, line)


def test_swedish_is_the_default_language() -> None:
    case = DIFF / "activity-status-changed"
    run = run_main("diff", "--today", TODAY, str(old_file(case)), str(case / "new.yaml"))
    assert run.stdout == (case / "expected.sv.txt").read_text(encoding="utf-8")


def test_issue_wording() -> None:
    """The lines the issue asks for, word for word where it gives them."""
    case = DIFF / "activity-status-changed"
    assert "Aktivitet *Bättre belysning* (Medborgarlöfte Exempelby 2024): status *pågår* → *genomförd*\n" in (
        case / "expected.sv.txt").read_text(encoding="utf-8")
    survey = (DIFF / "survey-closing-date-changed" / "expected.sv.txt").read_text(encoding="utf-8")
    assert "sista dag *31 mars 2024* → *7 april 2024*" in survey
    assert (DIFF / "contact-removed" / "expected.sv.txt").read_text(encoding="utf-8").startswith("Kontakt borttagen")
    assert (DIFF / "activity-added" / "expected.sv.txt").read_text(encoding="utf-8").startswith("Ny aktivitet")
    assert (DIFF / "update-added" / "expected.sv.txt").read_text(encoding="utf-8").startswith("Ny uppdatering")


def test_markdown_escapes_text_from_the_data(tmp_path: Path) -> None:
    base = (DIFF / "base.yaml").read_text(encoding="utf-8")
    hostile = base.replace("title: {sv: Nattvandring, en: Night walks}",
                           "title: {sv: '<img src=x onerror=alert(1)> *fet* [länk](https://evil.example)', en: x}")
    (tmp_path / "new.yaml").write_text(hostile, encoding="utf-8")
    run = run_main("diff", "--format", "markdown", "--today", TODAY, "--content", str(ROOT / "content"),
                   str(DIFF / "base.yaml"), str(tmp_path / "new.yaml"))
    assert run.returncode == 0, str(run)
    assert "<img" not in run.stdout and "&lt;img" in run.stdout
    assert "[länk](" not in run.stdout and r"\*fet\*" in run.stdout
    text = run_main("diff", "--today", TODAY, "--content", str(ROOT / "content"),
                    str(DIFF / "base.yaml"), str(tmp_path / "new.yaml"))
    assert "titel *Nattvandring* → *<img src=x onerror=alert(1)> *fet* [länk](https://evil.example)*" in text.stdout


def test_both_versions_are_checked_against_one_content_folder(tmp_path: Path) -> None:
    """The base of a pull request is written to a lone file, without content/ beside it."""
    image = (DIFF / "image-and-film-added" / "new.yaml").read_text(encoding="utf-8")
    (tmp_path / "old.yaml").write_text(image, encoding="utf-8")
    head = tmp_path / "head"
    head.mkdir()
    shutil.copytree(ROOT / "content", head / "content")
    (head / "promises.yaml").write_text(image.replace("Torget en kväll", "Torget en sommarkväll"), encoding="utf-8")
    run = run_main("diff", "--today", TODAY, str(tmp_path / "old.yaml"), str(head / "promises.yaml"))
    assert (run.returncode, run.stdout) == (
        0, "Löfte *Medborgarlöfte Exempelby 2024*: bild: bildtext för skärmläsare *Torget en kväll* → "
           "*Torget en sommarkväll*\n"), str(run)


def test_invalid_version_exits_1_naming_the_file(tmp_path: Path) -> None:
    broken = (DIFF / "base.yaml").read_text(encoding="utf-8").replace("status: planned", "status: klar")
    (tmp_path / "new.yaml").write_text(broken, encoding="utf-8")
    run = run_main("diff", "--lang", "en", "--content", str(ROOT / "content"), str(DIFF / "base.yaml"),
                   str(tmp_path / "new.yaml"), cwd=tmp_path)
    assert run.returncode == 1, str(run)
    assert re.fullmatch(r"new\.yaml:49:17: promises\[0\]\.activities\[0\]\.status: 'klar' is not a status; .*"
                        r"did you mean 'done'\?\n", run.stdout), run.stdout


def test_missing_file_is_a_usage_error() -> None:
    run = run_main("diff", str(DIFF / "base.yaml"), str(DIFF / "no-such.yaml"))
    assert run.returncode == 2
    assert "no such file" in run.stderr


def test_every_field_of_the_schema_has_a_label_in_both_languages() -> None:
    """A new field in schema.py must get words in the change summary, not its Python name."""
    import dataclasses as dc

    from generator.data import catalogue, schema

    names = {f.name for cls in vars(schema).values() if dc.is_dataclass(cls) and isinstance(cls, type)
             and cls.__module__ == schema.__name__
             for f in dc.fields(cls)} - {"id", "sv", "en", "year", "month", "day", "start", "end"}
    # Lists of entries are named by their entries ("Ny aktivitet …"); RefTo.collection and Shorthand.field are
    # no fields of the data.
    names -= {f.name for f in dc.fields(schema.Document)} | {"activities", "updates", "collection", "field"}
    for lang in catalogue.available():
        assert sorted(names - catalogue.load(lang)["diff"]["labels"].keys()) == [], lang
