"""Any municipality can adopt the project: init makes a skeleton, real promises build without
a trace of the example, and example data shows the day it depicts."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path

import pytest

from bench.municipalities import COUNTIES
from generator.build import example_day, load_model, make_project
from generator.cli.init import name_id
from generator.data import municipalities
from generator.data.validate import validate_file
from generator.pages.render import render_docs
from tests.conftest import CASES, ROOT, run_cli, run_main

REAL = sorted(p.name for p in (CASES / "valid").iterdir() if p.name.startswith("real-"))
# The municipality each real case is for: its pages' titles and header must name it.
MUNICIPALITY = {"real-strangnas": "Strängnäs", "real-vingaker": "Vingåker", "real-vadstena": "Vadstena",
                "real-lulea": "Luleå", "real-laxa": "Laxå"}
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
HEADER = re.compile(r'<div class="md-header__topic">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', re.S)
# What a copy of the repository needs (what a fresh clone has): no environment, no build output.
IGNORED = shutil.ignore_patterns(".git", ".venv", "node_modules", "docs", "site", ".site-*", "screenshots",
                                 ".mkdocs-site.yml", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache",
                                 "bench")


def test_ids_from_names_fold_swedish_letters() -> None:
    assert name_id("Upplands Väsby") == "upplands-vasby"
    assert name_id("Åre") == "are"
    assert name_id("  Malmö stad ") == "malmo-stad"
    assert name_id("Öckerö") == "ockero"
    assert name_id("Ljusnarsberg (Kopparberg)") == "ljusnarsberg-kopparberg"


@pytest.mark.parametrize(("name", "official"), [
    ("Lerum", "Lerums kommun"), ("Vingåker", "Vingåkers kommun"), ("Strängnäs", "Strängnäs kommun"),
    ("Öckerö", "Öckerö kommun"), ("Malå", "Malå kommun"), ("Ale", "Ale kommun"), ("Kalmar", "Kalmar kommun"),
    ("Falun", "Falu kommun"), ("Orust", "Orust kommun"), ("Upplands Väsby", "Upplands Väsby kommun"),
    ("Borås", "Borås Stad"), ("Göteborg", "Göteborgs Stad"), ("Stockholm", "Stockholms stad"),
    ("Malmö", "Malmö stad"), ("Gotland", "Region Gotland"), ("  upplands   väsby ", "Upplands Väsby kommun"),
])
def test_official_names_come_from_the_table(name: str, official: str) -> None:
    assert municipalities.official_name(name) == official


def test_the_table_has_sweden_s_290_municipalities_as_the_bench_has_them() -> None:
    table = municipalities.table()
    assert len(table) == 290 == len({m.name for m in table}) == len({m.official_name for m in table})
    assert sorted((m.county, m.name) for m in table) == sorted(
        (county, name) for county, names in COUNTIES.items() for name in names)
    cities = {m.name for m in table if m.official_name.lower().endswith(" stad")}
    assert len(cities) == 14 and {"Borås", "Göteborg", "Stockholm", "Malmö", "Haparanda"} <= cities
    for m in table:  # "<name> kommun" or "<name>s kommun", but for the cities, Falun and Gotland
        if m.name not in cities | {"Falun", "Gotland"}:
            assert m.official_name in (f"{m.name} kommun", f"{m.name}s kommun"), m
    assert municipalities.official_name("Exempelby") is None


def test_every_shape_appears_in_a_real_case() -> None:
    documents = [validate_file(CASES / "valid" / name / "promises.yaml", ROOT / "content").document
                 for name in REAL]
    assert len(documents) >= 3 and all(d is not None for d in documents)
    promises = [p for d in documents if d is not None for p in d.promises]
    activities = [a for p in promises for a in p.activities]
    updates = [u for a in activities for u in a.updates]
    assert any(a.target for a in activities) and any(u.progress is not None for u in updates)
    assert any(p.themes for p in promises) and any(a.theme for a in activities)
    assert any(pl.area for d in documents if d is not None for pl in d.places)
    assert any(p.period.extension for p in promises)
    assert any(u.date.day is None for u in updates)
    assert any(r.date is not None and r.date.day is None for p in promises for r in p.results)
    assert any(p.documents for p in promises)
    assert any(r.made_by and r.document for p in promises for r in p.results)
    assert any(a.purpose is None for a in activities) and any(p.follow_up is None for p in promises)
    assert any(c.function for d in documents if d is not None for c in d.contacts
               if c.id == d.accessibility.contact)
    assert any(a.partner_groups for a in activities) and any(a.and_others for a in activities)


@pytest.mark.parametrize("name", REAL)
def test_real_case_is_valid_with_only_the_missing_updates_warned(name: str) -> None:
    """Published promises carry no dated updates for most activities, and none may be invented."""
    result = validate_file(CASES / "valid" / name / "promises.yaml", ROOT / "content", dt.date(2026, 11, 30))
    assert result.document is not None, result.problems
    assert {p.code for p in result.problems} <= {"no_updates"}, result.problems


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "embed" not in p.parts)


@pytest.mark.parametrize("name", REAL)
def test_real_case_builds_without_a_trace_of_the_example(name: str, tmp_path: Path) -> None:
    case = CASES / "valid" / name
    run = run_cli("build", "--data", str(case / "promises.yaml"), "--site", str(tmp_path / "site"),
                  "--today", "2026-11-30")
    assert run.returncode == 0, str(run)
    site = tmp_path / "site"
    leaks = [str(p.relative_to(site)) for p in site.rglob("*") if p.is_file() and b"Lerum" in p.read_bytes()]
    assert leaks == []
    # Nor the example's address (tests/test_address.py reads the QR codes too).
    assert [p for p in site.rglob("*") if p.is_file() and b"medborgarloften.github.io" in p.read_bytes()] == []
    municipality = MUNICIPALITY[name]
    pages = _pages(site)
    assert len(pages) > 20
    for page in pages:
        text = page.read_text(encoding="utf-8")
        title = TITLE.search(text)
        assert title is not None and municipality in html.unescape(title.group(1)), page
        if page.name != "404.html":
            header = HEADER.search(text)
            assert header is not None and municipality in html.unescape(header.group(1)), page


def test_init_makes_a_skeleton_that_validates_and_builds(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(ROOT, copy, ignore=IGNORED, symlinks=True)
    run = run_cli("init", "Upplands Väsby", "--today", "2026-11-30", cwd=copy)
    assert run.returncode == 0, str(run)
    assert "removed content/images/floda-station.svg" in run.stdout
    assert not (copy / "content" / "images" / "floda-station.svg").exists()
    text = (copy / "promises.yaml").read_text(encoding="utf-8")
    assert "id: upplands-vasby-2026" in text and "Lerum" not in text
    # The one warning is the one the skeleton's comments explain: no dated update yet.
    assert "validate varnar" in text
    result = validate_file(copy / "promises.yaml", copy / "content", dt.date(2026, 11, 30))
    assert result.document is not None and [p.code for p in result.problems] == ["no_updates"]
    # The untouched skeleton may be made again; once edited it is real data, which init refuses
    # to replace without --force.
    again = run_cli("init", "Upplands Väsby", "--today", "2026-11-30", cwd=copy)
    assert again.returncode == 0 and (copy / "promises.yaml").read_text(encoding="utf-8") == text, str(again)
    (copy / "promises.yaml").write_text(text.replace("Beskriv i en mening", "Berätta i en mening"), encoding="utf-8")
    refused = run_cli("init", "Upplands Väsby", cwd=copy)
    assert refused.returncode == 2 and "ange --force för att ersätta dem" in refused.stderr, str(refused)
    (copy / "promises.yaml").write_text(text, encoding="utf-8")
    build = run_cli("build", "--today", "2026-11-30", cwd=copy)
    assert build.returncode == 0, str(build)
    site = copy / "site"
    assert [p for p in site.rglob("*") if p.is_file() and b"Lerum" in p.read_bytes()] == []
    for page in _pages(site):
        title = TITLE.search(page.read_text(encoding="utf-8"))
        assert title is not None and "Upplands Väsby" in title.group(1), page


def test_example_data_is_built_as_of_the_day_it_depicts() -> None:
    project = make_project()
    assert example_day(project, environ={}) == dt.date(2021, 10, 20)
    assert example_day(project, environ={"SOURCE_DATE_EPOCH": "1700000000"}) is None  # a given day wins
    real = make_project(CASES / "valid" / "real-vingaker" / "promises.yaml")
    assert example_day(real, environ={}) is None  # real data always uses the calendar
    model, ui, _ = load_model(project, dt.date(2021, 10, 20))
    assert model is not None
    docs = render_docs(model, ui, ROOT / "content")
    for path in ("sv/index.md", "sv/loften/index.md", "sv/om.md"):
        assert "Sidan visar läget den 20 oktober 2021" in docs[path].decode(), path
    assert "The site shows the situation on 20 October 2021" in docs["en/index.md"].decode()
    other, ui, _ = load_model(project, dt.date(2021, 11, 1))
    assert other is not None
    assert "Sidan visar läget" not in render_docs(other, ui, ROOT / "content")["sv/index.md"].decode()


def test_a_build_of_example_data_says_which_day_it_shows(tmp_path: Path) -> None:
    case = tmp_path / "case"
    shutil.copytree(CASES / "valid" / "minimal", case)
    shutil.rmtree(case / "content")  # the repository's own wording, as a new site has
    data = case / "promises.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        "  publisher:", "  example_data: true\n  example_as_of: 2024-02-15\n  publisher:", 1), encoding="utf-8")
    run = run_cli("build", "--data", str(data), "--site", str(tmp_path / "site"))
    assert run.returncode == 0, str(run)
    assert run.stderr.strip().splitlines()[-1] == (
        "Exempeldata: byggd som den 2024-02-15 (site.example_as_of). Ange --today för en annan dag.")


@pytest.mark.parametrize(("name", "official"), [
    ("Öckerö", "Öckerö kommun"), ("Malå", "Malå kommun"), ("Borås", "Borås Stad"), ("Gotland", "Region Gotland"),
])
def test_init_writes_the_official_name(name: str, official: str, tmp_path: Path) -> None:
    run = run_main("init", name, "--dir", str(tmp_path), "--today", "2026-11-30")
    assert run.returncode == 0, str(run)
    text = (tmp_path / "promises.yaml").read_text(encoding="utf-8")
    assert f"    name:\n      sv: {official}\n" in text and f"    sv: {official} och Polisen\n" in text
    assert f"polisen och {official} ger invånarna" in (tmp_path / "content/pages/sv/om.md").read_text(encoding="utf-8")


def test_a_name_not_in_the_table_asks_for_the_official_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run = run_main("init", "Exempelby", "--dir", str(tmp_path), "--today", "2026-11-30")
    assert (run.returncode, run.stdout) == (2, ""), str(run)
    assert run.stderr == ("fel: 'Exempelby' är inte en av Sveriges 290 kommuner i generatorns tabell, så det "
                          "officiella namnet är okänt; ange det med --official-name \"Exempelby kommun\"\n")
    assert not (tmp_path / "promises.yaml").exists()
    new = run_main("new", "Exempelby", str(tmp_path / "site"), "--today", "2026-11-30")
    assert new.returncode == 2 and "--official-name" in new.stderr and not (tmp_path / "site").exists(), str(new)
    monkeypatch.setenv("MEDBORGARLOFTEN_MAKE", "1")  # as `make init KOMMUN=Exempelby` runs it
    made = run_main("init", "Exempelby", "--dir", str(tmp_path), "--today", "2026-11-30")
    assert made.returncode == 2 and 'ange det med OFFICIAL_NAME="Exempelby kommun"' in made.stderr, str(made)
    given = run_main("init", "Exempelby", "--dir", str(tmp_path), "--today", "2026-11-30",
                     "--official-name", "Exempelby köping")
    assert given.returncode == 0, str(given)
    assert "      sv: Exempelby köping\n" in (tmp_path / "promises.yaml").read_text(encoding="utf-8")


def test_a_misspelt_name_is_told_the_name_it_is_close_to(tmp_path: Path) -> None:
    run = run_main("init", "Lerm", "--dir", str(tmp_path), "--today", "2026-11-30")
    assert run.returncode == 2 and "menade du 'Lerum'?" in run.stderr, str(run)
    assert not (tmp_path / "promises.yaml").exists()


def test_init_on_its_own_untouched_skeleton_is_allowed_and_make_users_are_told_force_1(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_main("init", "Malå", "--dir", str(tmp_path), "--today", "2026-11-30").returncode == 0
    data = tmp_path / "promises.yaml"
    made = data.read_text(encoding="utf-8")
    again = run_main("init", "Malå", "--dir", str(tmp_path), "--today", "2026-12-01")  # another day: made anew
    assert again.returncode == 0 and data.read_text(encoding="utf-8") != made, str(again)
    data.write_text(data.read_text(encoding="utf-8").replace("    url: https://polisen.se/\n", ""), encoding="utf-8")
    refused = run_main("init", "Malå", "--dir", str(tmp_path))
    assert refused.returncode == 2 and refused.stderr.endswith("ange --force för att ersätta dem\n"), str(refused)
    monkeypatch.setenv("MEDBORGARLOFTEN_MAKE", "1")
    from_make = run_main("init", "Malå", "--dir", str(tmp_path))
    assert from_make.returncode == 2 and from_make.stderr.endswith("ange FORCE=1 för att ersätta dem\n"), str(from_make)


def test_make_init_passes_the_official_name_and_force() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert ('$(CMD) init "$(KOMMUN)" $(if $(OFFICIAL_NAME),--official-name "$(OFFICIAL_NAME)",) '
            "$(if $(FORCE),--force,)") in makefile
