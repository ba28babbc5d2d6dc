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
LANGUAGES = "  languages: [en, {code: lattlast, complete: false}, {code: fi, complete: false}]\n"
EASY_READ_LABEL = "Den här sidan är skriven på lättläst svenska."
ABOUT = "---\ntitle: Om webbplatsen\n---\n\n# Om webbplatsen\n\nHär står vad kommunen lovar.\n"


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
    (root / "content" / "pages" / "sv").mkdir(parents=True)
    (root / "content" / "pages" / "sv" / "om.md").write_text(ABOUT, encoding="utf-8")
    return root


def _msgfmt_check(po: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt (Debian's gettext) is missing: make system-deps"
    done = subprocess.run([msgfmt, "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def _translate(po: Path, out: Path, mark: str = "[fi]") -> int:
    """What a translator's tool does: every entry translated, the fuzzy marks taken off."""
    with po.open("rb") as stream:
        catalog = read_po(stream)
    for message in catalog:
        if message.context and message.context.startswith("pages/"):  # Markdown: its front matter kept,
            page_mark = f"«{mark.strip('[]')}»"  # and YAML there ("title: [fi] …" would not be a text)
            message.string = message.id.replace("title: ", f"title: {page_mark} ").replace("# ", f"# {page_mark} ")
        elif message.id:
            message.string = f"{mark} {message.id}"
        message.flags.discard("fuzzy")
    catalog.last_translator = "Testi Kääntäjä <kaantaja@example.org>"
    with out.open("wb") as stream:
        write_po(stream, catalog)
    return len(catalog)


def _build(root: Path) -> Path:
    site = root / "out"
    build_site(make_project(root / "promises.yaml", root / "content", root=root), site,
               dt.date.fromisoformat(TODAY), cache=False)
    return site


def _page(site: Path, code: str, page: str = "loften/exempelby-2024/") -> str:
    return (site / code / page / "index.html").read_text(encoding="utf-8")


def test_round_trip_then_outdated(site: Path) -> None:
    po, filled = site / "fi.po", site / "fi-filled.po"
    exported = run_main("translations", "export", "--lang", "fi", "--output", str(po), "--today", TODAY, cwd=site)
    assert exported.returncode == 0, exported
    _msgfmt_check(po)
    text = po.read_text(encoding="utf-8")
    assert 'msgctxt "promises/exempelby-2024/activities/belysning/title"\nmsgid "Bättre belysning"' in text
    assert re.search(r"#\. en: Better lighting\n#\. page: /fi/loften/exempelby-2024/\n#: promises\.yaml:\d+\n", text)

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
    assert count > 10 and "Skrev 0 texter" in again.stdout, again

    built = _build(site)
    page = _page(built, "fi")
    assert "[fi] Bättre belysning" in page and "[fi] Nya lampor beställda." in page
    assert 'class="coverage"' not in _page(built, "fi", "")  # every text in Finnish: nothing to say
    assert (site / "content" / "pages" / "fi" / "om.md").read_text(encoding="utf-8").startswith(
        "---\ntitle: «fi» Om webbplatsen\n---\n")
    about = _page(built, "fi", "om/")
    assert "«fi» Om webbplatsen</h1>" in about and 'class="fallback"' not in about

    (site / "promises.yaml").write_text(data.replace("sv: Bättre belysning,", "sv: Bättre gatubelysning,"),
                                        encoding="utf-8")
    line = next(i for i, row in enumerate(data.splitlines(), 1) if "sv: Bättre belysning," in row)
    (site / "content" / "pages" / "sv" / "om.md").write_text(ABOUT.replace("lovar.", "och polisen lovar."),
                                                              encoding="utf-8")
    checked = run_main("validate", "--lang", "en", cwd=site)
    assert re.search(rf"promises\.yaml:{line}:\d+: promises\[0\]\.activities\[0\]\.title\.fi: warning: the "
                     r"Finnish translation was made from an earlier Swedish text", checked.stdout), checked
    assert "content/pages/fi/om.md:1:1: warning: the Finnish translation was made from an earlier Swedish text" \
        in checked.stdout, checked
    assert checked.stdout.count("earlier Swedish text") == 2, checked
    built = _build(site)
    page = _page(built, "fi")
    assert "[fi] Bättre belysning" not in page
    assert re.search(r'<span lang="sv"[^>]*>Bättre gatubelysning</span>', page), page
    about = _page(built, "fi", "om/")
    assert "«fi» Om webbplatsen" not in about and 'class="fallback"' in about
    assert "Här står vad kommunen och polisen lovar." in about  # the current Swedish page
    counts = run_main("validate", "--translations", "--lang", "en", cwd=site).stdout
    present, total = map(int, re.search(r"^fi \(Suomi\): (\d+) of (\d+) texts$", counts, re.M).groups())
    assert present == total - 1
    assert f'<p class="coverage">Sivuston {total} tekstistä {present} on suomeksi.' in _page(built, "fi", "")
    stale = run_main("translations", "export", "--lang", "fi", "--output", str(po), "--today", TODAY, cwd=site)
    assert "Skrev 2 texter" in stale.stdout, stale
    exported = po.read_text(encoding="utf-8")
    assert '#, fuzzy\nmsgctxt "pages/om.md"\nmsgid ""\n"---\\n"\n"title: Om webbplatsen\\n"' in exported
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
                     r"den svenska texten av .* har ändrats sedan filen exporterades", imported.stderr), imported
    assert "fi: '[fi] Trygghet'" not in data.read_text(encoding="utf-8")


def test_the_easy_read_label_stands_only_on_pages_written_in_easy_read(site: Path) -> None:
    """A lättläst page that shows a text in ordinary Swedish (for want of its own, noted) is not
    written in lättläst: no label. One whose every text is lättläst keeps it."""
    built = _build(site)
    promise = _page(built, "lattlast")
    assert "finns inte på lättläst svenska" in promise and EASY_READ_LABEL not in promise
    home = _page(built, "lattlast", "")
    assert 'class="fallback"' in home and EASY_READ_LABEL not in home
    labelled = [p for p in (built / "lattlast").rglob("index.html")
                if 'class="fallback"' not in (text := p.read_text(encoding="utf-8")) and EASY_READ_LABEL in text]
    unlabelled_easy = [p for p in (built / "lattlast").rglob("index.html")
                       if 'class="fallback"' not in (text := p.read_text(encoding="utf-8"))
                       and EASY_READ_LABEL not in text and "md-content" in text]
    assert labelled and unlabelled_easy == [], ([p.parent.name for p in labelled], unlabelled_easy)
    assert EASY_READ_LABEL not in _page(built, "")  # Swedish: no label


def test_an_edition_without_wording_gets_the_wording_to_translate(tmp_path: Path) -> None:
    """An edition the package has no wording for: its interface texts go into the file too, with
    their {placeholders} checked by msgfmt, and come back as content/ui/<code>.yaml."""
    from generator.data.wording import load_ui

    root = tmp_path / "site"
    shutil.copytree(CASES / "valid" / "minimal", root)
    data = root / "promises.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        "  publisher:", "  languages: [en, {code: de, complete: false}]\n  publisher:", 1), encoding="utf-8")
    po, filled = root / "de.po", root / "de-filled.po"
    assert run_main("translations", "export", "--lang", "de", "--output", str(po), "--today", TODAY,
                    cwd=root).returncode == 0
    text = po.read_text(encoding="utf-8")
    assert '#, python-brace-format\nmsgctxt "ui/coverage_note"\n' in text
    # the Swedish wording is the site's own (the minimal case words every text itself)
    assert re.search(r'#: content/ui/sv\.yaml:\d+\n(#,.*\n)?msgctxt "ui/updates_title"', text)
    _msgfmt_check(po)
    with po.open("rb") as stream:
        catalog = read_po(stream)
    for message in catalog:
        if message.id:
            message.string = f"[de] {message.id}".replace("{present}", "")
    with filled.open("wb") as stream:
        write_po(stream, catalog)
    broken = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(filled)], capture_output=True, text=True)
    assert broken.returncode != 0 and "'present'" in broken.stderr  # a lost placeholder is caught
    _translate(po, filled, "[de]")
    assert run_main("translations", "import", str(filled), cwd=root).returncode == 0
    words, problems = load_ui(root / "content", ("sv", "en", "de"))
    assert [p for p in problems if p.file.endswith("de.yaml")] == []
    assert words["de"]["updates_title"] == "[de] Alla uppdateringar"


def test_import_keeps_a_byte_order_mark_and_windows_line_ends(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(CASES / "valid" / "bom-and-crlf", root)
    data = root / "promises.yaml"
    languages = LANGUAGES.encode().replace(b"\n", b"\r\n")
    data.write_bytes(data.read_bytes().replace(b"site:\r\n", b"site:\r\n" + languages, 1))
    po, filled = root / "fi.po", root / "fi-filled.po"
    run_main("translations", "export", "--lang", "fi", "--output", str(po), "--today", TODAY, cwd=root)
    _translate(po, filled)
    assert run_main("translations", "import", str(filled), cwd=root).returncode == 0
    written = data.read_bytes()
    assert written.startswith(b"\xef\xbb\xbfsite:\r\n") and b"fi: '[fi] " in written
    assert written.count(b"\n") == written.count(b"\r\n")
    assert run_main("validate", "--strict", cwd=root).returncode == 0


def test_import_of_a_file_that_is_not_po_says_so(site: Path) -> None:
    (site / "notes.po").write_text("Hej! Här är översättningarna.\n", encoding="utf-8")
    run = run_main("translations", "import", "notes.po", cwd=site)
    assert run.returncode == 1 and "notes.po:" in run.stderr and "går inte att läsa som en PO-fil" in run.stderr, run
    assert "Traceback" not in run.stderr


def test_import_into_a_wording_file_that_cannot_be_read_says_so_and_writes_nothing(site: Path) -> None:
    po, filled = site / "fi.po", site / "fi-filled.po"
    run_main("translations", "export", "--lang", "fi", "--output", str(po), "--today", TODAY, cwd=site)
    _translate(po, filled)
    data = (site / "promises.yaml").read_bytes()
    wording = site / "content" / "ui" / "fi.yaml"
    for broken, said in ((b"home_title: [unclosed\n", "content/ui/fi.yaml:2:1: YAML-fel"),
                         (b"home_title: Etusivu \xe4\n", "content/ui/fi.yaml:1:1: filen \u00e4r inte UTF-8-text")):
        wording.write_bytes(broken)
        run = run_main("translations", "import", str(filled), cwd=site)
        assert run.returncode == 1 and said in run.stderr and "Traceback" not in run.stderr, run
        assert (site / "promises.yaml").read_bytes() == data and wording.read_bytes() == broken


def test_a_translated_page_that_is_not_utf8_gets_its_message_not_a_traceback(site: Path) -> None:
    po, filled = site / "fi.po", site / "fi-filled.po"
    run_main("translations", "export", "--lang", "fi", "--output", str(po), "--today", TODAY, cwd=site)
    _translate(po, filled)
    assert run_main("translations", "import", str(filled), cwd=site).returncode == 0
    page = site / "content" / "pages" / "fi" / "om.md"
    page.write_bytes(page.read_text(encoding="utf-8").encode("latin-1", "replace"))
    for command in ("validate", "build"):
        run = run_main(command, "--today", TODAY, cwd=site)
        assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr, run
        assert "content/pages/fi/om.md:" in run.stdout + run.stderr, run
