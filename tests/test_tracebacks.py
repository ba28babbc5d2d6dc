"""Neither `validate` nor `build` ever shows a traceback (issue 30, item 9): every data file under
tests/cases/ and a seeded random mutation of the example go through both, and each answer is a
message or a site.

Builds are the slow part (about 2.5 s each on two cores): every file that does not validate is
built (the build must stop, saying why), and of those that validate, the small valid cases and the
diff cases' base (the diff cases' other versions are small edits of it; the real cases and the
history's examples are built by tests/test_adopt.py and tests/test_history.py). The mutations are
of the real example for `validate`, and of the minimal case for `build`.
"""

from __future__ import annotations

import random
import re
import shutil
import traceback
from pathlib import Path

import pytest

from tests.conftest import CASES, ROOT, Run, run_main

TODAY = "2024-06-01"
# Every data file of the cases: promises.yaml of each case, the diff cases' versions.
DATA_FILES = sorted(p for p in CASES.rglob("*.yaml") if "content" not in p.relative_to(CASES).parts)
BUILT_ELSEWHERE = re.compile(r"^(?:valid/real-|history/|diff/(?!base\.yaml$))")
EXAMPLE = (ROOT / "promises.yaml").read_text(encoding="utf-8")
MINIMAL = CASES / "valid" / "minimal"


def _run(*args: str, cwd: Path) -> Run:
    """The command in this process; an exception becomes a failing answer with its traceback."""
    try:
        return run_main(*args, cwd=cwd)
    except Exception:
        return Run(99, "", traceback.format_exc())


def _no_traceback(run: Run, what: str) -> None:
    assert run.returncode in (0, 1, 2) and "Traceback" not in run.stdout + run.stderr, f"{what}\n{run}"


def _build(folder: Path, data: str, site: Path) -> Run:
    return _run("build", "--data", data, "--site", str(site), "--today", TODAY, "--no-cache", cwd=folder)


def test_every_case_file_is_answered_without_a_traceback(tmp_path: Path) -> None:
    assert len(DATA_FILES) > 200
    for number, path in enumerate(DATA_FILES):
        name = path.relative_to(CASES).as_posix()
        validated = _run("validate", "--today", TODAY, path.name, cwd=path.parent)
        _no_traceback(validated, f"validate {name}")
        if validated.returncode == 0 and BUILT_ELSEWHERE.match(name):
            continue
        folder = tmp_path / str(number)  # a build writes docs/, .build/ and .cache/ beside the data
        shutil.copytree(path.parent, folder, symlinks=True)
        built = _build(folder, path.name, tmp_path / f"site-{number}")
        _no_traceback(built, f"build {name}")
        if validated.returncode == 1:
            assert built.returncode == 1 and built.stderr.strip(), f"build {name} must say why\n{built}"


# --- seeded random mutations ------------------------------------------------------------------

_KEY = re.compile(r"^(\s*(?:- )?)([A-Za-z_]+):( .*)?$")
_VALUES = ["[a, b]", "{a: b}", "", "~", "-5", "0", "1e309", "9" * 400, "2024-02-30", "2024-13", "igår", "2019-6-1",
           "ja", "Pågår", "https://enkät.example.se/ä", "javascript:alert(1)", "http://x", "\"oavslutad",
           "😀" * 3, "مرحبا", "a\u200bb", "\u202etext", "x" * 3000, "0.5", "-0", "svenska", "@team", "*alias",
           "&anchor v", "!!python/object x"]


def _mutate(text: str, rng: random.Random) -> str:
    """One editor's mistake, at random: a key deleted, a value changed in type or content, an id
    given twice, a line indented wrongly or cut, a line written twice."""
    lines = text.split("\n")
    keyed = [i for i, line in enumerate(lines) if _KEY.match(line)]
    i = rng.choice(keyed)
    match = _KEY.match(lines[i])
    assert match is not None
    kind = rng.choice(["delete", "value", "value", "id", "indent", "truncate", "duplicate", "unicode"])
    if kind == "delete":
        del lines[i]
    elif kind == "value":
        lines[i] = f"{match.group(1)}{match.group(2)}: {rng.choice(_VALUES)}"
    elif kind == "id":
        ids = [line.split("id:", 1)[1] for line in lines if re.match(r"^\s*- id: ", line)]
        target = rng.choice([j for j in keyed if re.match(r"^\s*- id: ", lines[j])])
        lines[target] = lines[target].split("id:", 1)[0] + "id:" + rng.choice(ids)
    elif kind == "indent":
        lines[i] = rng.choice([" ", "   ", "\t"]) + lines[i]
    elif kind == "truncate":
        lines = lines[:i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    else:
        position = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:position] + rng.choice(["\u0301", "\ufeff", "\u0000", "ﬁ", "\U0001f600", "\u00a0"]) \
            + lines[i][position:]
    return "\n".join(lines)


@pytest.mark.parametrize("seed", [30])
def test_mutations_of_the_example_are_answered_without_a_traceback(seed: int, tmp_path: Path) -> None:
    """30 mutations of the real example through validate; 30 of the minimal case through validate
    and, when they validate, build."""
    rng = random.Random(seed)
    for number in range(30):
        folder = tmp_path / f"example-{number}"
        folder.mkdir()
        (folder / "promises.yaml").write_text(_mutate(EXAMPLE, rng), encoding="utf-8")
        run = _run("validate", "--content", str(ROOT / "content"), "promises.yaml", cwd=folder)
        _no_traceback(run, f"validate of mutation {number} of the example:\n{(folder / 'promises.yaml').read_text()}")
    minimal = (MINIMAL / "promises.yaml").read_text(encoding="utf-8")
    built = 0
    for number in range(30):
        folder = tmp_path / f"minimal-{number}"
        shutil.copytree(MINIMAL, folder)
        (folder / "promises.yaml").write_text(_mutate(minimal, rng), encoding="utf-8")
        run = _run("validate", "--today", TODAY, "promises.yaml", cwd=folder)
        _no_traceback(run, f"validate of mutation {number} of the minimal case")
        if run.returncode == 0:
            built += 1
            _no_traceback(_build(folder, "promises.yaml", tmp_path / f"site-{number}"),
                          f"build of mutation {number} of the minimal case")
    assert built >= 3  # the build part is exercised


def test_a_language_babel_lacks_builds(tmp_path: Path) -> None:
    """Meänkieli, declared as REDAKTORSGUIDE says (name: and locale:), builds: every stage finds the
    edition by its code (it was `UnknownLanguage` from the open data)."""
    folder = tmp_path / "site"
    shutil.copytree(MINIMAL, folder)
    text = (folder / "promises.yaml").read_text(encoding="utf-8")
    meankieli = "{code: fit, name: Meänkieli, locale: fi, complete: false}"
    text = text.replace("site:\n", f"site:\n  languages: [en, {meankieli}]\n")
    (folder / "promises.yaml").write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "generator" / "pages" / "wording" / "fi.yaml", folder / "content" / "ui" / "fit.yaml")
    run = _build(folder, "promises.yaml", tmp_path / "out")
    assert run.returncode == 0, str(run)
    start = (tmp_path / "out" / "fit" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fit"' in start and "Meänkieli" in start


def test_an_international_survey_address_is_accepted_and_its_qr_code_holds_punycode(tmp_path: Path) -> None:
    """https://enkät.… was refused as not starting with https://; it is valid, and the poster's QR
    code carries the host in Punycode."""
    folder = tmp_path / "site"
    shutil.copytree(MINIMAL, folder)
    text = (folder / "promises.yaml").read_text(encoding="utf-8")
    (folder / "promises.yaml").write_text(text.replace("https://enkat.example.org/a", "https://enkät.example.se/svar"),
                                          encoding="utf-8")
    assert _run("validate", "--strict", "--today", TODAY, "promises.yaml", cwd=folder).stdout == ""
    run = _build(folder, "promises.yaml", tmp_path / "out")
    assert run.returncode == 0, str(run)
    codes = {code for page in (tmp_path / "out").rglob("*.html")
             for code in re.findall(r'data-qr="([^"]*)"', page.read_text(encoding="utf-8"))}
    assert "https://xn--enkt-noa.example.se/svar" in codes and not any("enkät" in code for code in codes)
