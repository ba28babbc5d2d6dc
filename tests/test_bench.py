"""bench: the synthetic national data is valid without a warning, in both languages, and seeded."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import shutil
from pathlib import Path

from bench.run import main as bench_main
from bench.synthetic import generate
from generator.data import schema
from generator.data.validate import validate_file
from tests.conftest import ROOT, run_main

TODAY = dt.date(2025, 6, 1)


def write(tmp_path: Path, municipalities: int, seed: int) -> Path:
    path = tmp_path / f"n{municipalities}-s{seed}.yaml"
    path.write_text(generate(municipalities, seed, TODAY), encoding="utf-8")
    return path


def test_synthetic_data_validates_without_any_problem(tmp_path: Path) -> None:
    data = write(tmp_path, 3, 1)
    result = validate_file(data, ROOT / "content", TODAY)
    assert result.document is not None
    assert result.problems == []
    assert len(result.document.promises) == 6
    assert {p.id for p in result.document.organisations} >= {"polisregion-nord", "arjeplog-kommun"}


def test_strict_validation_and_translation_report_are_silent(tmp_path: Path) -> None:
    data = write(tmp_path, 3, 7)
    run = run_main("validate", str(data), "--content", str(ROOT / "content"), "--today", TODAY.isoformat(), "--strict")
    assert (run.returncode, run.stdout, run.stderr) == (0, "", ""), str(run)
    report = run_main("validate", str(data), "--content", str(ROOT / "content"), "--today", TODAY.isoformat(),
                      "--strict", "--translations", "--lang", "en")  # English complete: only the count
    assert report.returncode == 0 and report.stderr == "", str(report)
    assert re.fullmatch(r"en \(English\): (\d+) of \1 texts\n", report.stdout), str(report)


def test_same_seed_same_bytes_other_seed_other_bytes() -> None:
    assert generate(3, 1, TODAY) == generate(3, 1, TODAY)
    assert generate(3, 1, TODAY) != generate(3, 2, TODAY)


def test_every_municipality_can_be_generated(tmp_path: Path) -> None:
    """All 290 names make distinct ids (Håbo and Habo, for one); only validated, not built."""
    data = write(tmp_path, 290, 1)
    result = validate_file(data, ROOT / "content", TODAY)
    assert result.problems == []
    assert result.document is not None and len(result.document.promises) == 580


def test_bench_run_reports_every_figure(tmp_path: Path) -> None:
    """A small end-to-end run; figures are checked for presence, never for speed."""
    out = tmp_path / "results.json"
    assert bench_main(["--sizes", "1,2", "--validate-mib", "0.05", "--json", str(out)]) == 0
    results = json.loads(out.read_text(encoding="utf-8"))
    assert [row["municipalities"] for row in results["sizes"]] == [1, 2]
    for row in results["sizes"]:
        for key in ("promises", "activities", "pages", "load_validate_s", "render_total_s", "mkdocs_s", "total_s",
                    "rebuild_s", "floor_s", "first_vs_floor", "rebuild_vs_first", "rebuild_vs_floor", "pages_per_s",
                    "peak_rss_mb", "site_mb", "median_html_kb", "largest_html_kb", "largest_html"):
            assert key in row, key
        assert row["pages"] > 10
        assert [e["cached"] for e in row["first"]["editions"]] == [False, False]
        assert [e["cached"] for e in row["rebuild"]["editions"]] == [True, True]
        # Rebuilt as serve does it: the pages first, then the search index (none in the build).
        assert [e["cached"] for e in row["served"]["editions"]] == [True, True]
        assert row["served"]["search"] == [] and row["served"]["later_s"] > 0
        for build in (row["first"], row["rebuild"]):
            assert build["wall_s"] > 0 and build["cpu_s"] > 0 and len(build["load_average"]) == 2
            stages = {"load_validate_model_s", "render_s", "write_docs_s", "mkdocs_s", "assemble_s", "search_s"}
            assert stages <= set(build["stages"])
            assert build["tree_mb"] > 0  # the process tree was sampled
            assert build["sampler_cpu_s"] > 0  # and what sampling it cost is known
        assert row["peak_rss_mb"] == row["tree_mb"] and row["rss_upper_bound_mb"] > 0
        assert set(row["floor"]["editions"]) == {"sv", "en"}
    assert results["validation"]["problems"] == 0 and results["validation"]["data_mb"] >= 0.05
    assert results["machine"]["cpu_count"] >= 1
    assert {c["text"].split(" ")[0] for c in results["checks"]} >= {"first", "rebuild", "peak", "largest",
                                                                     "validation", "whole"}


def test_rendering_in_two_processes_gives_the_same_files(tmp_path: Path) -> None:
    """Big sites render half of their pages in a forked process: the output must not change."""
    from generator.build import load_model, make_project
    from generator.pages.render import render_docs

    data = tmp_path / "promises.yaml"
    data.write_text(generate(3, seed=5), encoding="utf-8")
    model, ui, problems = load_model(make_project(data, ROOT / "content"), TODAY)
    assert model is not None, problems
    # a document in content/, whose size the pages and promises.json give (measured at build time)
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "documents").mkdir(exist_ok=True)
    (content / "documents" / "plan.pdf").write_bytes(b"%PDF" + bytes(12_340))
    plan = schema.Attachment(id="plan", kind="follow_up", title=schema.I18n.of(sv="Uppföljning"),
                             file="documents/plan.pdf")
    first = dataclasses.replace(model.promises[0], documents=(plan,))
    model = dataclasses.replace(model, promises=(first, *model.promises[1:]))
    one = render_docs(model, ui, content, parallel=False)
    two = render_docs(model, ui, content, parallel=True)
    assert list(one) == list(two) and one == two
    assert json.loads(one["data/promises.json"])["promises"][0]["documents"][0]["size"] == 12_344
    assert "data/promises.json" in two and "en/feed.xml" in two and "sv/events.ics" in two
    # each process draws its share of the cards and posters and renders its share of the embeds
    for folder in ("assets/share/loften-", "affisch/", "embed/"):
        assert sum(folder in path for path in two) > 4, folder
