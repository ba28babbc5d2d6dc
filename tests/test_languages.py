"""Languages are data: the registry, editions declared in promises.yaml, fallback text, a new language
added without code, and no language named in the generator outside the registry."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.data import languages
from generator.data.wording import DEFAULT_UI
from tests.conftest import CASES, ROOT, run_cli, run_main

GENERATOR = ROOT / "generator"
# Where a language may be named: the registry itself. (Editor messages and diff wording are data
# files under generator/data/messages/, one per language.)
REGISTRY = {GENERATOR / "data" / "languages.py"}
# A language code or a Babel locale written as a string literal: "sv", 'en', "fi", "sv_SE", "ar" …
_LITERAL = re.compile(r"""(?<![\w.])(["'])(?:sv|en|fi|ar|fa|so|ti|de|lattlast|[a-z]{2}_[A-Z]{2})\1""")


def test_no_language_is_named_in_the_generator_outside_the_registry() -> None:
    found = []
    for path in sorted(GENERATOR.rglob("*.py")):
        if path in REGISTRY:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _LITERAL.search(line.split("#", 1)[0]):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert found == []


def test_the_literal_check_would_catch_one() -> None:
    assert _LITERAL.search('LOCALES = {"sv": "sv_SE", "en": "en_GB"}')
    assert _LITERAL.search("if lang == 'en':")
    assert not _LITERAL.search("languages.DEFAULT")


def test_editions_come_from_babel_and_the_registry() -> None:
    ar = languages.edition("ar")
    assert (ar.lang, ar.direction, ar.prefix, ar.name) == ("ar", "rtl", "ar/", "العربية")
    easy = languages.edition(languages.EASY_READ)
    assert (easy.lang, easy.direction, easy.prefix, easy.easy_read) == ("sv", "ltr", "lattlast/", True)
    assert languages.edition("fi").name == "Suomi" and languages.edition("fa").rtl
    assert [e.code for e in languages.editions(("en", "sv", "fi"))] == ["sv", "en", "fi"]
    with pytest.raises(languages.UnknownLanguage):
        languages.edition("xx-nonsense")


def _case(tmp_path: Path, languages_yaml: str) -> Path:
    """The minimal valid case with the repository's content/ and the given site.languages."""
    case = tmp_path / "case"
    shutil.copytree(ROOT / "content", case / "content")
    text = (CASES / "valid" / "minimal" / "promises.yaml").read_text(encoding="utf-8")
    text = text.replace("site:\n", f"site:\n  languages: {languages_yaml}\n", 1)
    (case / "promises.yaml").write_text(text, encoding="utf-8")
    return case


def test_an_unknown_language_code_is_reported_with_a_suggestion(tmp_path: Path) -> None:
    case = _case(tmp_path, "[en, fin]")
    run = run_main("validate", "--lang", "en", "promises.yaml", cwd=case)
    assert run.returncode == 1
    assert run.stdout == ("promises.yaml:2:19: site.languages[1].code: 'fin' is not a language code — "
                          "did you mean 'fi'?\n")


def test_a_text_in_an_undeclared_language_is_reported(tmp_path: Path) -> None:
    case = _case(tmp_path, "[en]")
    text = (case / "promises.yaml").read_text(encoding="utf-8")
    text = text.replace("focus: {sv: Tryggare centrum., en: A safer town centre.}",
                        "focus: {sv: Tryggare centrum., en: A safer town centre., fi: Turvallisempi keskusta.}")
    (case / "promises.yaml").write_text(text, encoding="utf-8")
    run = run_main("validate", "--lang", "sv", "promises.yaml", cwd=case)
    assert run.returncode == 1
    assert re.search(r"promises\.yaml:\d+:\d+: promises\[0\]\.focus\.fi: webbplatsen har ingen utgåva på språket "
                     r"'fi' — lägg till fi under site\.languages, eller ta bort texten", run.stdout), run.stdout


def test_a_language_the_code_has_never_seen_builds_from_a_wording_file(tmp_path: Path) -> None:
    """German: one line in promises.yaml and content/ui/de.yaml (written here); nothing in generator/."""
    case = _case(tmp_path, "[en, {code: de, complete: false}]")
    wording = yaml.safe_load((DEFAULT_UI / "en.yaml").read_text(encoding="utf-8"))
    wording.update(language_name="Deutsch", fallback_note="(nur auf Schwedisch)", home_title="Startseite",
                   current_promises="Aktuelle Bürgerversprechen")
    (case / "content" / "ui").mkdir(exist_ok=True)  # the site's own wording, beside the package's
    (case / "content" / "ui" / "de.yaml").write_text(yaml.safe_dump(wording, allow_unicode=True), encoding="utf-8")
    text = (case / "promises.yaml").read_text(encoding="utf-8")
    text = text.replace("title: {sv: Medborgarlöfte Exempelby 2024, en: Citizen promise Exempelby 2024}",
                        "title: {sv: Medborgarlöfte Exempelby 2024, en: Citizen promise Exempelby 2024, "
                        "de: Bürgerversprechen Exempelby 2024}")
    (case / "promises.yaml").write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    run = run_cli("build", "--data", str(case / "promises.yaml"), "--site", str(site), "--today", "2024-03-10")
    assert run.returncode == 0, str(run)
    start = BeautifulSoup((site / "de" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert start.html is not None and start.html["lang"] == "de" and start.html["dir"] == "ltr"
    assert "Aktuelle Bürgerversprechen" in start.get_text()
    promise = BeautifulSoup((site / "de" / "loften" / "exempelby-2024" / "index.html").read_text(encoding="utf-8"),
                            "html.parser")
    assert promise.h1 is not None and "Bürgerversprechen Exempelby 2024" in promise.h1.get_text()
    focus = promise.find("span", string="Tryggare centrum.")  # not translated: Swedish, marked
    assert focus is not None and focus["lang"] == "sv"
    assert "(nur auf Schwedisch)" in focus.parent.get_text()  # type: ignore[union-attr]
    # every page of the other editions exists in German at the same path
    pages = {p.relative_to(site / "en").as_posix() for p in (site / "en").rglob("*.html")}
    assert pages and all((site / "de" / p).is_file() for p in pages)
    switcher = {a["data-edition"] for a in start.find_all("a", attrs={"data-edition": True})}
    assert switcher == {"sv", "en"}


def test_a_missing_wording_file_is_reported(tmp_path: Path) -> None:
    case = _case(tmp_path, "[en, de]")
    run = run_cli("build", "--data", str(case / "promises.yaml"), "--site", str(tmp_path / "site"),
                  "--today", "2024-03-10", "--lang", "en")
    assert run.returncode == 1
    assert "content/ui/de.yaml:1:1: the site has an edition in 'de' but no file with its wording — copy sv.yaml " \
           "here and translate its texts" in run.stderr, str(run)


def test_a_language_babel_does_not_know_needs_its_name_and_a_locale(tmp_path: Path) -> None:
    case = _case(tmp_path, "[en, {code: fit, name: Meänkieli, locale: fi, complete: false}]")
    (case / "content" / "ui").mkdir(exist_ok=True)  # validate reads the wording, as build does
    shutil.copy(DEFAULT_UI / "fi.yaml", case / "content" / "ui" / "fit.yaml")
    assert run_main("validate", "promises.yaml", cwd=case).returncode == 0
    edition = languages.edition("fit", "Meänkieli", "fi")
    assert (edition.lang, edition.name, edition.locale, edition.prefix) == ("fit", "Meänkieli", "fi", "fit/")
    case = _case(tmp_path / "2", "[en, fit]")
    run = run_main("validate", "--lang", "en", "promises.yaml", cwd=case)
    assert run.returncode == 1 and "site.languages[1].code: 'fit' is not a language code — use a language code" \
        in run.stdout and "give name: (its own name) and locale:" in run.stdout, run.stdout


def test_every_message_file_has_the_same_keys_as_the_swedish_one() -> None:
    from generator.data import catalogue

    assert catalogue.available()[0] == languages.DEFAULT and len(catalogue.available()) >= 2
    for lang in catalogue.available():
        assert catalogue.missing_keys(lang) == [], lang


def test_a_new_message_file_makes_its_language_available(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--lang takes every language with a file in generator/data/messages/ (here a test copy with a German one)."""
    from generator.data import catalogue

    folder = tmp_path / "messages"
    shutil.copytree(catalogue.FOLDER, folder)
    german = (folder / "en.yaml").read_text(encoding="utf-8").replace(
        '  bad_status: "\'{value}\' is not a status; use one of: {allowed}"',
        '  bad_status: "\'{value}\' ist kein Status; erlaubt sind: {allowed}"')
    (folder / "de.yaml").write_text(german, encoding="utf-8")
    monkeypatch.setattr(catalogue, "FOLDER", folder)
    catalogue.load.cache_clear()
    try:
        case = CASES / "invalid" / "misspelled-status"
        run = run_main("validate", "--lang", "de", "promises.yaml", cwd=case)
        assert run.returncode == 1 and "ist kein Status; erlaubt sind: planned" in run.stdout, str(run)
    finally:
        catalogue.load.cache_clear()


@pytest.mark.parametrize(("code", "expected"), [("sv", "sv_SE"), ("lattlast", "sv_SE"), ("en", "en_GB"),
                                                ("fi", "fi_FI"), ("ar", "ar_EG"), ("de", "de_DE")])
def test_og_locale_is_language_and_territory(code: str, expected: str) -> None:
    """Open Graph's og:locale is language_TERRITORY: the edition's own locale's territory, else the
    one CLDR finds likeliest for the language (Arabic's is Egypt's)."""
    assert languages.edition(code).og_locale == expected


def test_og_locale_of_a_language_babel_does_not_know_keeps_its_own_language() -> None:
    """Meänkieli (fit), written with Finnish dates, is still fit: in Sweden, where CLDR places it."""
    assert languages.edition("fit", name="Meänkieli", locale="fi").og_locale == "fit_SE"
