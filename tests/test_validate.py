"""validate: every problem at once, with line, field path and hint; traps kept as the editor's text."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from generator.data.load import load_text
from generator.data.problems import Severity, format_text
from generator.data.validate import validate_file, validate_tree
from tests.conftest import CASES, ROOT, run_main

MINIMAL = (CASES / "valid" / "minimal" / "promises.yaml").read_text(encoding="utf-8")
INVALID = sorted(p.name for p in (CASES / "invalid").iterdir() if p.is_dir())
# Real published promises (real-*) are checked in test_adopt: they may lack dated updates.
VALID = sorted(p.name for p in (CASES / "valid").iterdir() if p.is_dir() and not p.name.startswith("real-"))
# Every line names a file validate reads (the data, a wording file, a page, CODEOWNERS), its line and column.
LINE = re.compile(r"^(?:promises\.yaml|content/[\w/.-]+|\.github/CODEOWNERS):[1-9][0-9]*:[1-9][0-9]*: ")


def check(text: str, today: dt.date | None = None) -> list[str]:
    loaded = load_text(text, "promises.yaml")
    assert loaded.root is not None, loaded.problems
    result = validate_tree(loaded.root, "promises.yaml", ROOT / "content", today)
    return [format_text(p, "en") for p in result.problems]


def test_example_is_valid_without_warnings() -> None:
    result = validate_file(ROOT / "promises.yaml", ROOT / "content", dt.date(2026, 11, 25))
    assert result.problems == []
    assert result.document is not None
    assert [a.id for a in result.document.promises[0].activities] == [
        "trygghetsvandring", "utemiljon", "nattvandring", "synlighet", "medborgardialog"]


def test_minimal_case_is_valid() -> None:
    assert check(MINIMAL) == []


@pytest.mark.parametrize("name", INVALID)
@pytest.mark.parametrize("lang", ["en", "sv"])
def test_invalid_case_gives_exact_messages(name: str, lang: str) -> None:
    """Each folder of tests/cases/invalid/: promises.yaml, the exact output per language, optional args."""
    case = CASES / "invalid" / name
    args = (case / "args").read_text().split() if (case / "args").exists() else []
    run = run_main("validate", "--lang", lang, *args, "promises.yaml", cwd=case)
    expected = case / ("expected.txt" if lang == "en" else f"expected.{lang}.txt")
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(run.stdout, encoding="utf-8")
    assert run.returncode == 1, str(run)
    assert "Traceback" not in run.stdout + run.stderr
    assert run.stdout == expected.read_text(encoding="utf-8")
    assert run.stdout and all(LINE.match(line) for line in run.stdout.splitlines()), run.stdout


@pytest.mark.parametrize("name", VALID)
def test_valid_case_passes(name: str) -> None:
    run = run_main("validate", "--strict", "promises.yaml", cwd=CASES / "valid" / name)
    assert (run.returncode, run.stdout, run.stderr) == (0, "", ""), str(run)


def test_corpus_is_large_enough() -> None:
    assert len(INVALID) >= 180


def test_text_fields_keep_yaml_11_words_as_written() -> None:
    text = MINIMAL.replace("title: {sv: Bättre belysning, en: Better lighting}", "title: {sv: no, en: 2020}")
    text = text.replace('phone: "08-123 45 67"', "phone: 0302521681")
    loaded = load_text(text, "promises.yaml")
    assert loaded.root is not None
    result = validate_tree(loaded.root, "promises.yaml", ROOT / "content")
    assert result.problems == []
    assert result.document is not None
    activity = result.document.promises[0].activities[0]
    assert (activity.title.get("sv"), activity.title.get("en")) == ("no", "2020")
    assert result.document.contacts[0].phone == "0302521681"


def test_boolean_setting_must_be_true_or_false() -> None:
    text = MINIMAL.replace("  publisher:", "  example_data: yes\n  publisher:")
    assert check(text) == ["promises.yaml:3:17: site.example_data: 'yes' is not true or false"]


def test_swedish_status_words_suggest_the_status_meant() -> None:
    for word, meant in (("pågår", "in_progress"), ("klar", "done"), ("Done", "done"), ("inställd", "cancelled")):
        text = MINIMAL.replace("status: planned", f"status: {word}")
        (message,) = check(text)
        assert message.endswith(f"did you mean '{meant}'?"), message


def test_all_problems_are_reported_sorted_by_line() -> None:
    text = MINIMAL.replace("status: planned", "status: klar").replace("owners: [kommunen]\n    period",
                                                                      "owners: [polis]\n    period")
    text = text.replace("assessed: 2024-01-10", "assessed: 2024-13-10")
    lines = [int(m.split(":")[1]) for m in check(text)]
    assert len(lines) == 3
    assert lines == sorted(lines)


def test_missing_translation_is_a_warning() -> None:
    text = MINIMAL.replace("focus: {sv: Tryggare centrum., en: A safer town centre.}", "focus: Tryggare centrum.")
    loaded = load_text(text, "promises.yaml")
    assert loaded.root is not None
    result = validate_tree(loaded.root, "promises.yaml", ROOT / "content")
    assert [(p.severity, p.code, p.path) for p in result.problems] == [
        (Severity.WARNING, "missing_translation", "promises[0].focus")]
    assert result.document is not None  # warnings do not stop the build


def test_update_after_build_date_is_a_warning_naming_both_dates() -> None:
    text = MINIMAL.replace("        status: planned\n", "        status: planned\n        updates:\n"
                           "          - {date: 2024-05-02, text: {sv: a, en: b}, source: {sv: c, en: d}}\n")
    assert check(text, dt.date(2024, 5, 1)) == [
        "promises.yaml:37:20: promises[0].activities[0].updates[0].date: warning: "
        "the update is dated 2024-05-02, after the build date 2024-05-01"]


def test_duplicate_ids_and_unknown_references() -> None:
    text = MINIMAL.replace("contacts: [anna]", "contacts: [ana]").replace(
        "  - id: kommunen\n", "  - id: kommunen\n    name: {sv: x, en: y}\n    short: {sv: x, en: y}\n"
        "  - id: kommunen\n", 1)
    messages = check(text)
    assert any("the id 'kommunen' is already used on line 5" in m for m in messages), messages
    assert any("'ana' is not defined in contacts — did you mean 'anna'?" in m for m in messages), messages


def test_image_paths_must_stay_inside_content(tmp_path: Path) -> None:
    image = "    image: {file: %s, alt: {sv: a, en: b}}\n"
    for path in ("../promises.yaml", "/etc/passwd", "images/missing.png"):
        text = MINIMAL.replace("    contacts: [anna]\n", "    contacts: [anna]\n" + image % path)
        (message,) = check(text)
        assert "promises[0].image.file" in message
        assert ("outside the content/ folder" in message) or ("does not exist" in message)


def test_swedish_messages() -> None:
    text = MINIMAL.replace("status: planned", "status: klar")
    loaded = load_text(text, "promises.yaml")
    assert loaded.root is not None
    (problem,) = validate_tree(loaded.root, "promises.yaml", ROOT / "content").problems
    assert format_text(problem, "sv") == (
        "promises.yaml:35:17: promises[0].activities[0].status: 'klar' är ingen status; använd en av: "
        "planned, in_progress, done, ongoing, delayed, cancelled — menade du 'done'?")


def test_update_more_than_a_year_before_the_promise_is_a_warning_naming_both_dates() -> None:
    # The minimal promise starts 2024-01-01: a year before is still fine, a day more is not.
    for date, expected in (("2023-01-01", []), ("2022-12-31", [
            "promises.yaml:37:20: promises[0].activities[0].updates[0].date: warning: the update is dated "
            "2022-12-31, more than a year before the promise starts (2024-01-01) — is the year right?"])):
        text = MINIMAL.replace("          - date: 2024-02-01\n", f"          - date:  {date}\n")
        assert check(text, dt.date(2024, 5, 1)) == expected, date


def test_validation_positions_count_characters_after_emoji_and_swedish_letters() -> None:
    """Columns are characters (as editors count them), whatever precedes on the line."""
    line = ("          - {text: {sv: Åmål 🚓😊 Älvängen, en: Safety 🚓}, source: {sv: Ö, en: Ö}, "
            "date: 2024-02-01, status: klar}\n")
    text = MINIMAL.replace(
        "          - date: 2024-02-01\n            status: in_progress\n"
        "            text: {sv: Nya lampor beställda., en: New lamps ordered.}\n"
        "            source: {sv: BRÅ-möte 2024-02-01, en: BRÅ meeting 2024-02-01}\n", line)
    assert text != MINIMAL
    (message,) = check(text, dt.date(2024, 5, 1))
    column = line.index("klar") + 1
    assert message.startswith(f"promises.yaml:37:{column}: promises[0].activities[0].updates[0].status: 'klar'")
