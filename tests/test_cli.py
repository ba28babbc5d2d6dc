"""The command line as editors and CI run it: exact output and exit codes, never a traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.data.wording import DEFAULT_UI
from tests.conftest import CASES, ROOT, run_cli

MINIMAL = CASES / "valid" / "minimal" / "promises.yaml"


def test_validate_example_prints_nothing_and_exits_0() -> None:
    run = run_cli("validate")
    assert (run.returncode, run.stdout, run.stderr) == (0, "", ""), str(run)


def test_validate_misspelled_status_prints_one_line_and_exits_1(tmp_path: Path) -> None:
    text = (ROOT / "promises.yaml").read_text(encoding="utf-8")
    bad = text.replace("        status: ongoing\n        updates:\n          - date: 2019-11-21",
                       "        status: pagar\n        updates:\n          - date: 2019-11-21", 1)
    assert bad != text
    line = bad.splitlines().index("        status: pagar") + 1
    data = tmp_path / "promises.yaml"
    data.write_text(bad, encoding="utf-8")
    run = run_cli("validate", str(data), "--lang", "en", "--content", str(ROOT / "content"))
    assert run.returncode == 1, str(run)
    assert run.stdout.splitlines() == [
        f"{data}:{line}:17: promises[0].activities[2].status: 'pagar' is not a status; use one of: "
        "planned, in_progress, done, ongoing, delayed, cancelled — did you mean 'in_progress'?"]
    assert "Traceback" not in run.stdout + run.stderr


def test_validate_missing_file_exits_2(tmp_path: Path) -> None:
    run = run_cli("validate", str(tmp_path / "nope.yaml"))
    assert run.returncode == 2, str(run)
    assert run.stdout == ""
    assert run.stderr == f"error: no such file: {tmp_path / 'nope.yaml'}\n"


def test_bad_option_exits_2() -> None:
    run = run_cli("validate", "--format", "xml")
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    run = run_cli("build", "--today", "2019-02-30")
    assert run.returncode == 2
    assert "'2019-02-30' is not a date" in run.stderr


def test_github_annotations() -> None:
    run = run_cli("validate", "--lang", "sv", "--format", "github", "promises.yaml",
                  cwd=CASES / "invalid" / "misspelled-status")
    assert run.returncode == 1
    assert run.stdout == (
        "::error file=promises.yaml,line=35,col=17::promises[0].activities[0].status: 'klar' är ingen status; "
        "använd en av: planned, in_progress, done, ongoing, delayed, cancelled — menade du 'done'?\n")


@pytest.mark.parametrize("lang", ["C.UTF-8", "en_US.UTF-8", "en_GB.UTF-8", ""])
def test_messages_are_swedish_whatever_the_locale(lang: str) -> None:
    """Editors' messages are Swedish as the editors and the guides are, also under C.UTF-8 (what CI
    runners have) or an English locale; only --lang asks for another language."""
    case = CASES / "invalid" / "misspelled-status"
    run = run_cli("validate", "promises.yaml", cwd=case, env={"LANG": lang, "LC_ALL": lang, "LANGUAGE": lang})
    assert run.returncode == 1 and "är ingen status" in run.stdout, str(run)
    english = run_cli("validate", "promises.yaml", "--lang", "en", cwd=case, env={"LANG": lang})
    assert english.returncode == 1 and "is not a status" in english.stdout, str(english)


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    data = tmp_path / "promises.yaml"
    data.write_text(MINIMAL.read_text(encoding="utf-8").replace(
        "focus: {sv: Tryggare centrum., en: A safer town centre.}", "focus: Tryggare centrum."), encoding="utf-8")
    assert run_cli("validate", str(data)).returncode == 0
    strict = run_cli("validate", "--strict", "--lang", "en", str(data))
    assert strict.returncode == 1
    assert "warning: the English translation is missing" in strict.stdout


def test_build_with_invalid_data_exits_1_and_leaves_site_alone(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous")
    data = tmp_path / "promises.yaml"
    data.write_text((CASES / "invalid" / "misspelled-status" / "promises.yaml").read_text(encoding="utf-8"))
    run = run_cli("build", "--data", str(data), "--site", str(site), "--lang", "en")
    assert run.returncode == 1, str(run)
    assert "'klar' is not a status" in run.stderr
    assert "Traceback" not in run.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "previous"


def test_a_wording_file_without_a_text_the_pages_need_names_file_and_key(tmp_path: Path) -> None:
    """A content/ui file kept from an older version of the project (here without the fallback
    note): the build names the file and the text and uses the package's wording for it, a warning
    (tests/test_history.py builds the example's own files of earlier commits, which lack a hundred
    texts). With --strict the warning stops the build and the site is left; never a traceback."""
    shutil.copy(MINIMAL, tmp_path / "promises.yaml")
    shutil.copytree(DEFAULT_UI, tmp_path / "content" / "ui")
    shutil.copytree(ROOT / "content" / "pages", tmp_path / "content" / "pages")  # the about page the menu names
    for code in ("sv", "en"):
        wording = tmp_path / "content" / "ui" / f"{code}.yaml"
        wording.write_text("".join(line for line in wording.read_text(encoding="utf-8").splitlines(keepends=True)
                                   if not line.startswith("fallback_note:")), encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("previous")
    named = [f"content/ui/{code}.yaml:1:1: fallback_note: warning: the text 'fallback_note' is missing, so the "
             "generator's own wording is used — add fallback_note: to word the text yourself, or remove the file to "
             "use the generator's wording throughout" for code in ("sv", "en")]
    build = ("build", "--data", "promises.yaml", "--site", "site", "--today", "2024-05-01", "--lang", "en")
    strict = run_cli(*build, "--strict", cwd=tmp_path)
    assert strict.returncode == 1, str(strict)
    assert strict.stderr.splitlines() == named, str(strict)
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "previous"
    run = run_cli(*build, cwd=tmp_path)
    assert run.returncode == 0, str(run)
    address = ("promises.yaml:1:1: site.url: warning: no site.url and no --url: pages, feeds, open data and QR codes "
               "are made for the local preview address http://127.0.0.1:8000/ (serve), not for where the site is "
               "published — write the site's address in site.url (e.g. "
               "https://organisation.github.io/medborgarloften/); when GitHub Pages publishes, the workflow gives "
               "the address")  # tests/test_address.py
    assert run.stderr.splitlines() == [*named, address], str(run)
    assert (site / "index.html").read_text() != "previous"


def test_every_command_has_help() -> None:
    for command in ("validate", "build", "serve"):
        run = run_cli(command, "--help")
        assert run.returncode == 0
        assert "--today" in run.stdout


def test_translation_report_lists_one_language_texts_with_lines(tmp_path: Path) -> None:
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("focus: {sv: Tryggare centrum., en: A safer town centre.}", "focus: Tryggare centrum.")
    text = text.replace("goal: {sv: Fler ska känna sig trygga., en: More people should feel safe.}",
                        "goal: {en: More people should feel safe.}")
    text = text.replace("title: {sv: Trygghetsenkät, en: Safety survey}", "title: {sv: Trygghetsenkät}")
    data = tmp_path / "promises.yaml"
    data.write_text(text, encoding="utf-8")
    run = run_cli("validate", "--translations", "--lang", "en", "promises.yaml", cwd=tmp_path)
    assert run.stdout.splitlines() == [
        "promises.yaml:16:12: surveys[0].title: warning: the English translation is missing — "
        "add en: with the translation",
        "promises.yaml:25:12: promises[0].focus: warning: the English translation is missing — "
        "add en: with the translation",
        "promises.yaml:26:11: promises[0].goal: the Swedish text is missing (there is only English) — "
        "add sv: with the Swedish text",
    ]
    assert run.returncode == 1  # Swedish is required: a text only in English is an error


def test_translation_report_of_the_example_counts_texts_per_edition() -> None:
    run = run_cli("validate", "--translations", "--lang", "en")
    assert run.returncode == 0, str(run)
    counts = re.findall(r"^([a-z]+) \(.+\): (\d+) of (\d+) texts$", run.stdout, re.MULTILINE)
    assert counts and counts[0][0] == "en" and counts[0][1] == counts[0][2], run.stdout  # English is complete


def test_validate_verbose_says_a_valid_file_has_no_problems() -> None:
    folder = MINIMAL.parent
    for lang, line in (("sv", "promises.yaml: inga fel\n"), ("en", "promises.yaml: no problems\n")):
        run = run_cli("validate", "--verbose", "--lang", lang, "promises.yaml", cwd=folder)
        assert (run.returncode, run.stdout, run.stderr) == (0, line, ""), str(run)
    quiet = run_cli("validate", "promises.yaml", cwd=folder)
    assert (quiet.returncode, quiet.stdout) == (0, "")  # silent without --verbose, as linters are


def test_validate_verbose_counts_warnings_and_stays_silent_about_errors() -> None:
    folder = CASES / "invalid" / "status-hidden-by-update"
    run = run_cli("validate", "--verbose", "--lang", "sv", "--today", "2024-05-01", "promises.yaml", cwd=folder)
    assert run.returncode == 0 and run.stdout.splitlines()[-1] == "promises.yaml: inga fel, 1 varning", str(run)
    folder = CASES / "invalid" / "misspelled-status"
    run = run_cli("validate", "--verbose", "--lang", "sv", "promises.yaml", cwd=folder)
    assert run.returncode == 1 and "inga fel" not in run.stdout


def test_build_ends_with_one_line_saying_what_it_made(tmp_path: Path) -> None:
    import re

    site = tmp_path / "site"
    run = run_cli("build", "--data", str(MINIMAL), "--content", str(ROOT / "content"), "--site", str(site),
                  "--today", "2024-05-01", "--lang", "sv")
    assert run.returncode == 0, str(run)
    pages = sum(1 for _ in site.rglob("*.html"))
    match = re.fullmatch(r"Byggde (\d+) sidor på 2 språk i (.+) på (\d+,\d) s\.\n", run.stdout)
    assert match is not None, run.stdout
    assert (int(match.group(1)), match.group(2)) == (pages, f"{site}/")


def test_the_longest_ids_validate_and_build(tmp_path: Path) -> None:
    """Ids become folders and addresses: at the limit they still build (and one more is refused)."""
    from generator.data.validate import MAX_ID_LENGTH

    longest = ("a" * 30 + "-" + "b" * 40)[:MAX_ID_LENGTH]
    text = MINIMAL.read_text(encoding="utf-8")
    text = text.replace("exempelby-2024", longest).replace("kommunen", "k" + longest[1:])
    text = text.replace("id: belysning", "id: " + "c" + longest[1:])
    data = tmp_path / "promises.yaml"
    data.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    run = run_cli("build", "--data", str(data), "--content", str(ROOT / "content"), "--site", str(site),
                  "--today", "2024-05-01", "--strict")
    assert run.returncode == 0, str(run)
    assert (site / "en" / "loften" / longest / "index.html").is_file()
    assert (site / "ansvariga" / ("k" + longest[1:]) / "index.html").is_file()
    data.write_text(text.replace(longest, longest + "x"), encoding="utf-8")
    run = run_cli("validate", "--lang", "en", str(data), "--content", str(ROOT / "content"))
    assert run.returncode == 1 and f"is {MAX_ID_LENGTH + 1} characters; at most {MAX_ID_LENGTH} fit" in run.stdout
