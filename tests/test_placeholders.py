"""Publishing refuses the skeleton's stand-ins: `validate --publish` (which publishing runs) and
`validate --strict` name each one left, at its line, in Swedish (issue 30, item 3); other warnings
do not stop publishing."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from generator.cli import init
from generator.data import placeholders
from tests.conftest import CASES, ROOT, run_cli, run_main

TEMPLATE_CODEOWNERS = ROOT / "generator" / "cli" / "site-template" / "github" / "CODEOWNERS"
WHERE = re.compile(r"^([^:]+):([0-9]+):[0-9]+: ")


def _lines(root: Path, name: str, *needles: str) -> set[tuple[str, int]]:
    """(file, line) of every line of a file that contains one of the needles."""
    text = (root / name).read_text(encoding="utf-8").splitlines()
    return {(name, number) for number, line in enumerate(text, 1) if any(n in line for n in needles)}


def test_the_untouched_skeleton_is_refused_with_every_placeholder_named(tmp_path: Path) -> None:
    """init → validate --strict, with example_data: false: exit 1, and one Swedish message at each
    line the editors must still fill in (found here by the skeleton's texts, not by the checker)."""
    (tmp_path / ".github").mkdir()
    shutil.copy(TEMPLATE_CODEOWNERS, tmp_path / ".github" / "CODEOWNERS")
    assert run_cli("init", "Öckerö", "--today", "2026-12-01", cwd=tmp_path).returncode == 0
    assert "example_data: false" in (tmp_path / "promises.yaml").read_text(encoding="utf-8")
    plain = run_cli("validate", cwd=tmp_path)
    assert plain.returncode == 0, str(plain)  # the skeleton builds at once; only publishing refuses it
    run = run_cli("validate", "--strict", "--lang", "sv", cwd=tmp_path)  # as publishing runs it
    assert run.returncode == 1 and run.stderr == "", str(run)
    named = [(m.group(1), int(m.group(2))) for m in map(WHERE.match, run.stdout.splitlines()) if m]
    assert len(named) == len(run.stdout.splitlines()) == len(set(named)), run.stdout  # one message a line
    expected = _lines(tmp_path, "promises.yaml", "Beskriv i en mening", "Say in one sentence", "Beskriv vad löftet",
                      "Say what the promise", "example.org/trygghetsenkat", "# FYLL I", "- id: kontaktcenter",
                      "- id: trygghetsvandring")  # the last: the activity without a dated update
    expected |= _lines(tmp_path, "content/pages/sv/om.md", "Den här sidan skrivs av redaktionen")
    expected |= _lines(tmp_path, "content/pages/en/om.md", "The editors write this page")
    expected |= _lines(tmp_path, ".github/CODEOWNERS", "@ORGANISATION/")
    assert len(expected) == 14
    assert set(named) == expected, run.stdout
    assert "skelettets exempeltext" in run.stdout and "exemplets team" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr
    publish = run_cli("validate", "--publish", "--lang", "sv", cwd=tmp_path)  # as publishing runs it
    assert publish.returncode == 1 and publish.stdout == run.stdout, str(publish)


def test_publishing_is_not_stopped_by_other_warnings(tmp_path: Path) -> None:
    """Real data whose only warnings are activities without a dated update (Laxå's promise, whose
    follow-up was never published) is published; --strict would refuse it."""
    shutil.copytree(CASES / "valid" / "real-laxa", tmp_path / "site")
    run = run_cli("validate", "--publish", "--lang", "sv", cwd=tmp_path / "site")
    assert run.returncode == 0 and "varning: aktiviteten har ingen daterad uppdatering" in run.stdout, str(run)
    assert run_cli("validate", "--strict", "--lang", "sv", cwd=tmp_path / "site").returncode == 1


def test_the_skeleton_and_the_checker_name_the_same_texts() -> None:
    """The texts the checker knows are the ones init writes (a changed skeleton text fails here)."""
    for text in placeholders.TEXTS | placeholders.URLS:
        assert text in init.PROMISES, text
    assert placeholders.MARKER.search(init.PROMISES)
    assert placeholders.PAGE_TEXTS[0] in init.ABOUT_SV and placeholders.PAGE_TEXTS[1] in init.ABOUT_EN
    assert placeholders.EXAMPLE_TEAMS.search(TEMPLATE_CODEOWNERS.read_text(encoding="utf-8"))


def test_filled_in_the_skeleton_passes_strict(tmp_path: Path) -> None:
    """Each stand-in replaced (and the marker removed): nothing is left to name."""
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "CODEOWNERS").write_text("/promises.yaml  @ockero-kommun/kommunikation\n")
    assert run_cli("init", "Öckerö", "--today", "2026-12-01", cwd=tmp_path).returncode == 0
    data = tmp_path / "promises.yaml"
    text = data.read_text(encoding="utf-8")
    for old, new in (("Beskriv i en mening vad löftet handlar om.", "Tryggare centrum."),
                     ("Say in one sentence what the promise is about.", "A safer centre."),
                     ("Beskriv vad löftet ska åstadkomma.", "Fler ska känna sig trygga."),
                     ("Say what the promise is to achieve.", "More people should feel safe."),
                     ("https://example.org/trygghetsenkat", "https://enkät.ockero.se/trygghet"),  # an IDN host
                     ("    # email: kontaktcenter@kommunen.se", "    email: kontaktcenter@ockero.se")):
        text = text.replace(old, new)
    text = re.sub(r"  # FYLL I.*", "", text)
    text = text.replace("      - id: trygghetsvandring\n", "      - id: trygghetsvandring\n        updates:\n"
                        "          - date: 2026-11-03\n"
                        "            text: {sv: Första vandringen., en: The first walk.}\n"
                        "            source: {sv: BRÅ-möte, en: BRÅ meeting}\n")
    data.write_text(text, encoding="utf-8")
    for page, sentence in (("sv", "Den här sidan skrivs av redaktionen"), ("en", "The editors write this page")):
        path = tmp_path / "content" / "pages" / page / "om.md"
        path.write_text(path.read_text(encoding="utf-8").replace(sentence, "Löftena"), encoding="utf-8")
    run = run_cli("validate", "--strict", "--today", "2026-12-01", cwd=tmp_path)
    assert (run.returncode, run.stdout, run.stderr) == (0, "", ""), str(run)


def test_the_example_is_not_checked_for_placeholders() -> None:
    """Example data is never published as anyone's promises: this repository's CODEOWNERS (Lerum's
    teams) and the example pass."""
    run = run_main("validate", "--strict", "promises.yaml", cwd=ROOT)
    assert (run.returncode, run.stdout) == (0, ""), str(run)


def test_lerums_teams_in_codeowners_are_named_for_real_data(tmp_path: Path) -> None:
    shutil.copytree(CASES / "valid" / "minimal", tmp_path / "site")
    (tmp_path / "site" / ".github").mkdir()
    shutil.copy(ROOT / ".github" / "CODEOWNERS", tmp_path / "site" / ".github" / "CODEOWNERS")
    run = run_main("validate", "--strict", "--lang", "sv", "promises.yaml", cwd=tmp_path / "site")
    assert run.returncode == 1
    lines = run.stdout.splitlines()
    owners = (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
    expected = [n for n, line in enumerate(owners, 1) if re.search(r"@(lerum-kommun|polisen-lerum|medborgarloften)/",
                                                                    line)]
    assert [int(WHERE.match(line).group(2)) for line in lines] == expected, run.stdout  # type: ignore[union-attr]
    assert all(line.startswith(".github/CODEOWNERS:") and "är exemplets team, inte ert" in line for line in lines)
