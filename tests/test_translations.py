"""The translation round trip (issue 31): export an edition's missing texts as a PO file that
gettext's own `msgfmt --check` accepts, fill it as a translator would, import it, and the pages show
the translations; change a Swedish text, and its translation is outdated: `validate` says so at its
line, and the page shows the current Swedish, marked as Swedish."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from generator.build import build_site, make_project
from tests.conftest import CASES, run_main

TODAY = "2024-03-10"
LANGUAGES = "  languages: [en, {code: fi, complete: false}]\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The minimal case with a Finnish edition, and a comment the import must keep."""
    root = tmp_path / "site"
    shutil.copytree(CASES / "valid" / "minimal", root)
    data = root / "promises.yaml"
    text = data.read_text(encoding="utf-8")
    text = text.replace("site:\n", "# The editors' own comment.\nsite:\n", 1)
    text = text.replace("  publisher:", LANGUAGES + "  publisher:", 1)
    data.write_text(text, encoding="utf-8")
    return root


def _msgfmt_check(po: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (Debian's gettext) is missing: make system-deps"
    done = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _translate(po: Path, out: Path) -> int:
    """What a translator's tool does: every entry translated, the fuzzy marks taken off."""
    with po.open("rb") as stream:
        catalog = read_po(stream)
    for message in catalog:
        if message.id:
            message.string = f"[fi] {message.id}"
            message.flags.discard("fuzzy")
    catalog.last_translator = "Testi Kääntäjä <kaantaja@example.org>"
    with out.open("wb") as stream:
        write_po(stream, catalog)
    return len(catalog)


def _page(root: Path, code: str) -> str:
    site = root / "out"
    build_site(make_project(root / "promises.yaml", root / "content", root=root), site,
               dt.date.fromisoformat(TODAY), cache=False)
    return (site / code / "loften" / "exempelby-2024" / "index.html").read_text(encoding="utf-8")


def test_round_trip_then_outdated(site: Path) -> None:
    po, filled = site / "fi.po", site / "fi-filled.po"
    exported = run_main("translations", "export", "--lang", "fi", "--output", str(po), "--today", TODAY, cwd=site)
    assert exported.returncode == 0, exported
    _msgfmt_check(po)
    text = po.read_text(encoding="utf-8")
    assert 'msgctxt "promises/exempelby-2024/activities/belysning/title"\nmsgid "Bättre belysning"' in text
    assert re.search(r"#: promises\.yaml:\d+\n", text) and "#. en: Better lighting" in text

    count = _translate(po, filled)
    _msgfmt_check(filled)
    imported = run_main("translations", "import", str(filled), cwd=site)
    assert imported.returncode == 0, imported
    data = (site / "promises.yaml").read_text(encoding="utf-8")
    assert data.startswith("# The editors' own comment.\nsite:\n")
    assert "title: {sv: Bättre belysning, en: Better lighting, fi: '[fi] Bättre belysning'}" in data
    assert (site / "content" / "translations.yaml").is_file()
    assert run_main("validate", "--strict", cwd=site).returncode == 0
    again = run_main("translations", "export", "--lang", "fi", "--output", str(po), "--today", TODAY, cwd=site)
    assert count > 10 and "Wrote 0 texts" in again.stdout, again

    page = _page(site, "fi")
    assert "[fi] Bättre belysning" in page and "[fi] Nya lampor beställda." in page

    (site / "promises.yaml").write_text(data.replace("sv: Bättre belysning,", "sv: Bättre gatubelysning,"),
                                        encoding="utf-8")
    line = next(i for i, row in enumerate(data.splitlines(), 1) if "sv: Bättre belysning," in row)
    checked = run_main("validate", cwd=site)
    assert re.search(rf"promises\.yaml:{line}:\d+: promises\[0\]\.activities\[0\]\.title\.fi: warning: the "
                     r"Finnish translation was made from an earlier Swedish text", checked.stdout), checked
    assert checked.stdout.count("earlier Swedish text") == 1, checked
    page = _page(site, "fi")
    assert "[fi] Bättre belysning" not in page
    assert re.search(r'<span lang="sv"[^>]*>Bättre gatubelysning</span>', page), page
    stale = run_main("translations", "export", "--lang", "fi", "--output", str(po), "--today", TODAY, cwd=site)
    assert "Wrote 1 texts" in stale.stdout, stale
    assert '#, fuzzy\nmsgctxt "promises/exempelby-2024/activities/belysning/title"\nmsgid "Bättre gatubelysning"\n' \
           'msgstr "[fi] Bättre belysning"' in po.read_text(encoding="utf-8")
    _msgfmt_check(po)


def test_import_refuses_a_translation_of_a_changed_text(site: Path) -> None:
    """A file exported before the Swedish changed: that entry is not imported, and the message says
    why, at the PO file's line."""
    po, filled = site / "fi.po", site / "fi-filled.po"
    run_main("translations", "export", "--lang", "fi", "--output", str(po), "--today", TODAY, cwd=site)
    _translate(po, filled)
    data = site / "promises.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace("sv: Trygghet,", "sv: Trygghet i centrum,"),
                    encoding="utf-8")
    imported = run_main("translations", "import", str(filled), cwd=site)
    assert imported.returncode == 0, imported
    assert re.search(r"fi-filled\.po:\d+:\d+: promises/exempelby-2024/activities/belysning/purpose: "
                     r"the Swedish text of .* has changed since the file was exported", imported.stderr), imported
    assert "fi: '[fi] Trygghet'" not in data.read_text(encoding="utf-8")
