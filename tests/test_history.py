"""Old files keep working: every earlier example of this repository (tests/cases/history/, where
its README says which commit each comes from) still validates and builds with today's generator;
a field that was renamed is read by its old name, with a warning naming the new one; and a site's
own wording from an earlier version takes the texts it lacks from the package's."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from generator.data.problems import Severity, format_text
from generator.data.schema_json import SCHEMA_PATH
from generator.data.validate import validate_file
from generator.data.wording import DEFAULT_UI, load_ui
from tests.conftest import CASES, ROOT, run_cli, run_main
from tests.test_schema import load_json

HISTORY = CASES / "history"
# Each earlier example, by its commit, and the day it is built as of: a day inside its data.
EXAMPLES = {"5c24ee2": "2019-11-20", "64b2377": "2019-11-20", "6b4f90d": "2019-11-20", "b511715": "2021-10-20"}


def test_every_earlier_example_is_tested() -> None:
    kept = sorted(p.name for p in HISTORY.iterdir() if p.is_dir() and re.fullmatch(r"[0-9a-f]{7}", p.name))
    assert kept == sorted(EXAMPLES)


def _text_of(wording: str, key: str) -> str:
    """The text of `key: text` in a wording file (each is one line)."""
    return next(line.split(": ", 1)[1].strip('"') for line in wording.splitlines() if line.startswith(f"{key}: "))


@pytest.mark.parametrize("commit", EXAMPLES)
def test_an_earlier_example_validates(commit: str) -> None:
    run = run_main("validate", "--today", EXAMPLES[commit], "--lang", "en", cwd=HISTORY / commit)
    assert run.returncode == 0, str(run)
    assert [line for line in run.stdout.splitlines() if ": warning: " not in line] == [], str(run)


@pytest.mark.parametrize("commit", EXAMPLES)
def test_an_earlier_example_builds(commit: str, tmp_path: Path) -> None:
    """Built in a copy (a build makes docs/, .build/ and .cache/ in the site's folder): the start
    page, the hand-written page and every promise's page in every edition the data declares, in
    the site's own wording where it has one (content/ui/<code>.yaml)."""
    root = tmp_path / commit
    shutil.copytree(HISTORY / commit, root)
    run = run_cli("build", "--today", EXAMPLES[commit], "--lang", "en", "--site", "site", cwd=root)
    assert run.returncode == 0, str(run)
    document = validate_file(root / "promises.yaml", root / "content", dt.date.fromisoformat(EXAMPLES[commit])).document
    assert document is not None
    for edition in document.site.editions:
        folder = root / "site" / edition.prefix
        assert (folder / "index.html").is_file(), edition.code
        assert (folder / "om" / "index.html").is_file(), edition.code  # content/pages/<code>/om.md
        own = (root / "content" / "ui" / f"{edition.code}.yaml").read_text(encoding="utf-8")
        intro = _text_of(own, "activities_intro").split("{", 1)[0]  # e.g. "Det här lovar polisen och kommunen"
        for promise in document.promises:
            page = html.unescape((folder / "loften" / promise.id / "index.html").read_text(encoding="utf-8"))
            assert promise.title.get(edition.code) in page, (edition.code, promise.id)
            assert intro in page, (edition.code, promise.id)


# --- a form that was replaced: read as the new one, with a warning naming it ------------------

# Real Strängnäs data as tests/cases/valid/real-strangnas was just before results and documents
# named their party `made_by` instead of `by` (91f26ec); nothing else of it has changed since.
RENAMED = HISTORY / "d6f2642-real-strangnas" / "promises.yaml"
CURRENT = CASES / "valid" / "real-strangnas" / "promises.yaml"
AS_OF = "2020-02-01"  # after the 2019 promise's follow-up, before the 2022 promise starts
RENAMED_WARNINGS = {
    "en": [f"promises.yaml:{line}:9: promises[0].{path}.by: warning: the field 'by' is now called 'made_by' — "
           "write made_by: instead of by: (the old name is still read)"
           for line, path in ((171, "documents[0]"), (179, "documents[1]"), (188, "results[0]"))],
    "sv": [f"promises.yaml:{line}:9: promises[0].{path}.by: varning: fältet 'by' heter numera 'made_by' — "
           "skriv made_by: i stället för by: (det gamla namnet läses fortfarande)"
           for line, path in ((171, "documents[0]"), (179, "documents[1]"), (188, "results[0]"))],
}


@pytest.mark.parametrize("lang", ["en", "sv"])
def test_a_renamed_field_is_read_with_a_warning_at_its_line_naming_the_new_name(lang: str) -> None:
    """Only the three old names are warned about: a target's `by` (its deadline, lines 83, 98 and
    130) is a field of its own."""
    run = run_main("validate", "--today", AS_OF, "--lang", lang, cwd=RENAMED.parent)
    assert run.returncode == 0, str(run)
    assert [line for line in run.stdout.splitlines() if "'by'" in line] == RENAMED_WARNINGS[lang], str(run)


def test_a_renamed_field_gives_the_model_the_same_values_as_its_new_name() -> None:
    today = dt.date.fromisoformat(AS_OF)
    old, new = (validate_file(path, path.parent / "content", today) for path in (RENAMED, CURRENT))
    assert old.document is not None and new.document is not None
    assert old.document == new.document
    assert old.document.promises[0].results[0].made_by == ("kommunen",)
    assert [d.made_by for d in old.document.promises[0].documents] == [("kommunen",), ("kommunen",)]


def test_a_renamed_field_is_no_change_residents_see() -> None:
    run = run_main("diff", str(RENAMED), str(CURRENT), "--today", AS_OF, "--lang", "en")
    assert (run.returncode, run.stdout) == (0, "No changes visible on the site.\n"), str(run)


def test_a_field_given_by_its_old_and_new_name_is_an_error(tmp_path: Path) -> None:
    text = CURRENT.read_text(encoding="utf-8").replace(
        "        made_by: [kommunen]\n        document: uppfoljning-2019\n",
        "        made_by: [kommunen]\n        by: [polisen]\n        document: uppfoljning-2019\n")
    (tmp_path / "promises.yaml").write_text(text, encoding="utf-8")
    run = run_main("validate", "--today", AS_OF, "--lang", "en", cwd=tmp_path)
    assert run.returncode == 1, str(run)
    assert "promises.yaml:189:9: promises[0].results[0].by: 'by' is the earlier name of 'made_by', which is given " \
           "here too, on line 188 — keep only made_by:" in run.stdout.splitlines(), str(run)


def test_editors_tools_read_the_old_name_as_deprecated() -> None:
    """The committed JSON Schema accepts the old name, marked deprecated, so an editor's language
    server does not call the old file wrong."""
    committed = json.loads((ROOT / SCHEMA_PATH).read_text(encoding="utf-8"))
    assert [e.message for e in jsonschema.Draft202012Validator(committed).iter_errors(load_json(RENAMED))] == []
    for name in ("Result", "Attachment"):
        assert committed["$defs"][name]["properties"]["by"]["deprecated"] is True


# --- an older site's own wording: its texts are used, the ones it lacks are the package's -----

OLD_WORDING = HISTORY / "b511715"
PACKAGE_SV = (DEFAULT_UI / "sv.yaml").read_text(encoding="utf-8")


def test_an_earlier_sites_own_wording_keeps_its_texts_and_takes_the_rest_from_the_package() -> None:
    ui, problems = load_ui(OLD_WORDING / "content", ("sv", "en"), OLD_WORDING)
    assert [format_text(p, "en") for p in problems if p.severity is Severity.ERROR] == []
    lines = [format_text(p, lang) for p in problems for lang in ("en", "sv")]
    assert "content/ui/sv.yaml:1:1: fallback_note: warning: the text 'fallback_note' is missing, so the generator's " \
           "own wording is used — add fallback_note: to word the text yourself, or remove the file to use the " \
           "generator's wording throughout" in lines
    assert "content/ui/sv.yaml:1:1: fallback_note: varning: texten 'fallback_note' saknas, så generatorns egen " \
           "formulering används — lägg till fallback_note: för att formulera texten själv, eller ta bort filen för " \
           "att använda generatorns formuleringar överallt" in lines
    assert "content/ui/sv.yaml:147:1: owner_promises: warning: the site no longer uses the text 'owner_promises' — " \
           "remove the line" in lines
    assert "content/ui/en.yaml:149:1: owner_activities: varning: webbplatsen använder inte längre texten " \
           "'owner_activities' — ta bort raden" in lines
    assert ui["sv"]["activities_intro"] == "Det här lovar polisen och kommunen under perioden {period}:"  # its own
    assert ui["sv"]["fallback_note"] == _text_of(PACKAGE_SV, "fallback_note") == "(bara på svenska)"
    assert ui["en"]["fallback_note"] == "(in Swedish only)"
    own = (OLD_WORDING / "content" / "ui" / "sv.yaml").read_text(encoding="utf-8")
    borrowed = [p.path for p in problems if p.file == "content/ui/sv.yaml" and p.code == "ui_text_default"]
    assert len(borrowed) == 131 and all(f"\n{key}:" not in own for key in borrowed)


def test_a_text_missing_from_an_edition_the_package_has_no_wording_for_is_an_error(tmp_path: Path) -> None:
    """No text to take in its place: the file and the key are named, as an error. A key that no
    version of the package had is most likely a slip, and an error too."""
    (tmp_path / "content" / "ui").mkdir(parents=True)
    english = (DEFAULT_UI / "en.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    german = [line for line in english if not line.startswith("fallback_note:")] + ["home_titel: Startseite\n"]
    (tmp_path / "content" / "ui" / "de.yaml").write_text("".join(german), encoding="utf-8")
    _, problems = load_ui(tmp_path / "content", ("sv", "de"), tmp_path)
    assert [format_text(p, "en") for p in problems] == [
        "content/ui/de.yaml:1:1: fallback_note: the field 'fallback_note' is missing",
        f"content/ui/de.yaml:{len(german)}:1: home_titel: unknown field 'home_titel' — the same keys as in sv.yaml",
    ]
