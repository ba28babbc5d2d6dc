"""`make bench`: the build pipeline timed on synthetic national-scale data, against plain `mkdocs build`.

For each size the data is generated here, then one child process runs the pipeline stage by
stage as `generator.build` does (so its peak memory is that size's alone): load and validate,
model and render `docs/`, `mkdocs build --strict`, the checks and the CSP step; then plain
`mkdocs build` of the same `docs/` with the same `mkdocs.yml` as the baseline. Validation alone
of a file of at least 5 MiB is timed in a fresh process too.

    python -m bench.run [--sizes 10,100,290] [--json FILE] [--seed 1] [--today 2025-06-01]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.synthetic import generate

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_JSON = ROOT / "bench" / "out" / "results.json"
MIB = 1024 * 1024
GENERATOR_SHARE_LIMIT = 10.0  # % of the mkdocs build time
PAGE_GROWTH_LIMIT = 1.5  # largest page at the biggest size / at the smallest
VALIDATE_LIMIT = 2.0  # seconds for validation alone of a 5 MB file
TOTAL_LIMIT = 600.0  # seconds for the whole of `make bench`


# --- in the child process: one size, stage by stage ------------------------------------------

def _mkdocs_env(today: dt.date) -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(today.year, today.month, today.day, tzinfo=dt.UTC).timestamp()))
    return env


def _site_figures(site: Path) -> dict[str, Any]:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = sorted(((p.stat().st_size, p.relative_to(site).as_posix()) for p in files if p.suffix == ".html"),
                   reverse=True)
    sizes = [size for size, _ in pages]
    return {
        "pages": len(pages),
        "site_mb": sum(p.stat().st_size for p in files) / MIB,
        "median_html_kb": statistics.median(sizes) / 1024 if sizes else 0.0,
        "largest_html_kb": sizes[0] / 1024 if sizes else 0.0,
        "largest_html": pages[0][1] if pages else "",
        "largest_pages": [[path, round(size / 1024, 1)] for size, path in pages[:6]],
        "search_index_kb": sum(p.stat().st_size for p in files if p.name == "search_index.json") / 1024,
    }


def measure(data: Path, work: Path, today: dt.date) -> dict[str, Any]:
    """Run the pipeline on `data` in `work` (a folder of its own) and return every figure."""
    import jinja2

    from generator import opendata, share
    from generator.build import make_project, run_mkdocs
    from generator.checks import find_external_resources
    from generator.content import load_ui
    from generator.model import build_model
    from generator.opendata import read_site_url
    from generator.outputs import OutputContext
    from generator.postprocess import finish_site
    from generator.render import render_docs, write_tree
    from generator.validate import validate_file

    work.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", work / "overrides", dirs_exist_ok=True)
    project = make_project(data, ROOT / "content", root=work)
    times: dict[str, float] = {}

    def stage(name: str, start: float) -> float:
        now = time.perf_counter()
        times[name] = now - start
        return now

    start = time.perf_counter()
    validated = validate_file(project.data, project.content, today, project.display)
    ui, ui_problems = load_ui(project.content, Path.cwd())
    start = stage("load_validate_s", start)
    problems = validated.problems + ui_problems
    if validated.document is None or problems:
        raise SystemExit(f"the synthetic data is not clean: {len(problems)} problems, e.g. {problems[:3]}")
    model = build_model(validated.document, today)
    start = stage("model_s", start)
    files = render_docs(model, ui, project.content)
    start = stage("render_s", start)
    # How much of rendering is the open-data files (JSON, CSV, feeds, calendars): timed once more
    # on their own, outside the stages (render_docs may make the feeds in a second process).
    begin = time.perf_counter()
    opendata.open_data_files(model, ui, read_site_url(project.config))
    open_data_s = time.perf_counter() - begin
    begin = time.perf_counter()  # the share images alone (also part of render_docs)
    share.files(OutputContext(model, ui, read_site_url(project.config), jinja2.Environment()))
    share_images_s = time.perf_counter() - begin
    start = time.perf_counter()
    write_tree(project.docs, files)
    start = stage("write_docs_s", start)
    site = work / "site"
    run_mkdocs(project, site, today)
    mkdocs_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = stage("mkdocs_s", start)
    external = find_external_resources(site)
    if external:
        raise SystemExit(f"external resources: {external[:3]}")
    start = stage("checks_s", start)
    finish_site(site, csp=True, pages=share.Tagger(site, model, ui, read_site_url(project.config)))
    stage("postprocess_s", start)
    generator_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    start = time.perf_counter()
    baseline = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--config-file", str(project.config),
                               "--site-dir", str(work / "baseline-site")],
                              cwd=work, env=_mkdocs_env(today), capture_output=True, text=True)
    times["baseline_mkdocs_s"] = time.perf_counter() - start
    if baseline.returncode != 0:
        raise SystemExit("plain mkdocs build failed:\n" + baseline.stderr[-2000:])

    activities = [a for p in model.promises for a in p.activities]
    generator_s = sum(times[k] for k in ("load_validate_s", "model_s", "render_s", "write_docs_s"))
    total_s = generator_s + times["mkdocs_s"] + times["checks_s"] + times["postprocess_s"]
    figures = _site_figures(site)
    return {
        "data_mb": data.stat().st_size / MIB,
        "promises": len(model.promises),
        "activities": len(activities),
        "updates": sum(len(a.activity.updates) for a in activities),
        "docs_files": len(files),
        **{k: round(v, 3) for k, v in times.items()},
        "open_data_s": round(open_data_s, 3),
        "share_images_s": round(share_images_s, 3),
        "generator_s": round(generator_s, 3),
        "total_s": round(total_s, 3),
        "pages_per_s": round(figures["pages"] / total_s, 1),
        "generator_share_pct": round(100 * generator_s / times["mkdocs_s"], 2),
        "total_vs_baseline": round(total_s / times["baseline_mkdocs_s"], 3),
        "generator_rss_mb": round(generator_rss / 1024, 1),  # ru_maxrss is in KiB on Linux
        "mkdocs_rss_mb": round(mkdocs_rss / 1024, 1),
        "peak_rss_mb": round(max(generator_rss, mkdocs_rss) / 1024, 1),
        **{k: round(v, 2) if isinstance(v, float) else v for k, v in figures.items()},
    }


def measure_validation(data: Path, today: dt.date) -> dict[str, Any]:
    """Validation alone, as `python -m generator validate` does it, in this fresh process."""
    from generator.validate import validate_file

    start, cpu = time.perf_counter(), time.process_time()
    result = validate_file(data, ROOT / "content", today)
    return {"validate_s": round(time.perf_counter() - start, 3), "validate_cpu_s": round(time.process_time() - cpu, 3),
            "problems": len(result.problems)}


# --- in the parent: generate, run the children, report -------------------------------------

def _child(*args: str) -> dict[str, Any]:
    result = subprocess.run([sys.executable, "-m", "bench.run", *args], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"bench child failed ({' '.join(args)}):\n{result.stderr[-3000:]}{result.stdout[-2000:]}")
    figures: dict[str, Any] = json.loads(result.stdout)
    return figures


def _write_data(path: Path, municipalities: int, seed: int, today: dt.date) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(generate(municipalities, seed, today), encoding="utf-8")
    return path.stat().st_size


def _validation_file(work: Path, sizes: dict[int, int], seed: int, today: dt.date, mib: float) -> tuple[Path, int]:
    """The smallest number of municipalities whose file reaches `mib` MiB (estimated, then checked)."""
    per_town = max(size / n for n, size in sizes.items())
    municipalities = max(1, math.ceil(mib * MIB / per_town))
    path = work / "validate" / "promises.yaml"
    while _write_data(path, municipalities, seed, today) < mib * MIB:
        municipalities = math.ceil(municipalities * 1.05) + 1
    return path, municipalities


COLUMNS = (
    ("municipalities", "municipalities", "{}"), ("promises", "promises", "{}"), ("activities", "activities", "{}"),
    ("pages", "pages (HTML)", "{}"), ("load_validate_s", "load+validate s", "{:.2f}"),
    ("render_total_s", "render s", "{:.2f}"), ("mkdocs_s", "mkdocs s", "{:.1f}"), ("total_s", "total s", "{:.1f}"),
    ("pages_per_s", "pages/s", "{:.0f}"), ("generator_share_pct", "generator % of mkdocs", "{:.1f}"),
    ("baseline_mkdocs_s", "plain mkdocs build s", "{:.1f}"), ("peak_rss_mb", "peak RSS MB", "{:.0f}"),
    ("site_mb", "site MB", "{:.1f}"), ("median_html_kb", "median HTML kB", "{:.1f}"),
    ("largest_html_kb", "largest HTML kB", "{:.1f}"), ("largest_html", "largest page", "{}"),
    ("search_index_kb", "search index kB", "{:.0f}"),
)


def table(rows: Sequence[dict[str, Any]]) -> str:
    head = "| " + " | ".join(title for _, title, _ in COLUMNS) + " |"
    rule = "|" + "|".join("---:" if fmt != "{}" or key in ("promises", "activities", "pages", "municipalities")
                          else "---" for key, _, fmt in COLUMNS) + "|"
    lines = [head, rule]
    for row in rows:
        lines.append("| " + " | ".join(fmt.format(row[key]) for key, _, fmt in COLUMNS) + " |")
    return "\n".join(lines)


def verdicts(rows: Sequence[dict[str, Any]], validation: dict[str, Any] | None,
             elapsed: float) -> list[tuple[bool, str]]:
    small, big = rows[0], rows[-1]
    out = [(big["generator_share_pct"] <= GENERATOR_SHARE_LIMIT,
            f"generator (load, validate, model, render, write docs/) at N = {big['municipalities']}: "
            f"{big['generator_s']:.2f} s = "
            f"{big['generator_share_pct']:.1f} % of the mkdocs build ({big['mkdocs_s']:.1f} s); limit "
            f"{GENERATOR_SHARE_LIMIT:.0f} %")]
    if len(rows) > 1:
        ratio = big["largest_html_kb"] / small["largest_html_kb"]
        out.append((ratio <= PAGE_GROWTH_LIMIT,
                    f"largest HTML page at N = {big['municipalities']} ({big['largest_html']}, "
                    f"{big['largest_html_kb']:.1f} kB) is {ratio:.2f}× the largest at N = {small['municipalities']} "
                    f"({small['largest_html']}, {small['largest_html_kb']:.1f} kB); limit {PAGE_GROWTH_LIMIT}×"))
    if validation is not None:
        out.append((validation["validate_s"] < VALIDATE_LIMIT,
                    f"validation alone of a {validation['data_mb']:.2f} MiB promises.yaml "
                    f"({validation['municipalities']} municipalities): {validation['validate_s']:.2f} s "
                    f"({validation['validate_cpu_s']:.2f} s CPU); limit {VALIDATE_LIMIT:.0f} s"))
    out.append((elapsed < TOTAL_LIMIT, f"whole benchmark: {elapsed:.0f} s; limit {TOTAL_LIMIT:.0f} s"))
    return out


def machine() -> dict[str, Any]:
    return {"cpu_count": os.cpu_count(), "usable_cpus": len(os.sched_getaffinity(0)),
            "load_average": [round(x, 2) for x in os.getloadavg()], "python": platform.python_version(),
            "platform": platform.platform()}


def run(sizes: Sequence[int], seed: int, today: dt.date, validate_mib: float, keep: Path | None) -> dict[str, Any]:
    started = time.perf_counter()
    before = machine()
    work = keep if keep is not None else Path(tempfile.mkdtemp(prefix="medborgarloften-bench-"))
    try:
        rows, data_sizes = [], {}
        for n in sizes:
            data = work / f"n{n}" / "promises.yaml"
            data_sizes[n] = _write_data(data, n, seed, today)
            figures = _child("--measure", str(data), "--work", str(work / f"n{n}"), "--today", today.isoformat())
            row = {"municipalities": n, **figures}
            row["render_total_s"] = round(row["model_s"] + row["render_s"] + row["write_docs_s"], 3)
            rows.append(row)
            print(f"N = {n}: {row['pages']} pages in {row['total_s']:.1f} s", file=sys.stderr, flush=True)
            if keep is None:
                shutil.rmtree(work / f"n{n}", ignore_errors=True)
        validation = None
        if validate_mib > 0:
            path, municipalities = _validation_file(work, data_sizes, seed, today, validate_mib)
            # Best of three fresh processes, as timeit does: other work on the machine only adds time.
            runs = [_child("--validate-only", str(path), "--today", today.isoformat()) for _ in range(3)]
            validation = {"municipalities": municipalities, "data_mb": round(path.stat().st_size / MIB, 2),
                          **min(runs, key=lambda r: r["validate_s"]), "runs_s": [r["validate_s"] for r in runs]}
    finally:
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - started
    checks = verdicts(rows, validation, elapsed)
    return {"machine": {**before, "load_average_after": machine()["load_average"]}, "seed": seed,
            "today": today.isoformat(), "sizes": rows, "validation": validation, "elapsed_s": round(elapsed, 1),
            "checks": [{"passed": ok, "text": text} for ok, text in checks]}


def report(results: dict[str, Any]) -> str:
    m = results["machine"]
    lines = [f"Machine: {m['cpu_count']} cores ({m['usable_cpus']} usable), Python {m['python']}, load average "
             f"{m['load_average'][0]} before, {m['load_average_after'][0]} after (other work on the machine "
             f"makes times noisy). Data: seed {results['seed']}, build date {results['today']}.", "",
             table(results["sizes"]), "", "Where the time goes (s):"]
    for row in results["sizes"]:
        lines.append(f"  N = {row['municipalities']}: load+validate {row['load_validate_s']:.2f}, model "
                     f"{row['model_s']:.2f}, render {row['render_s']:.2f} (of which the open-data files take "
                     f"{row['open_data_s']:.2f} in one process, measured apart), write docs/ "
                     f"{row['write_docs_s']:.2f} | mkdocs {row['mkdocs_s']:.1f}, "
                     f"external-resource check {row['checks_s']:.1f}, CSP {row['postprocess_s']:.1f} | peak RSS: "
                     f"generator {row['generator_rss_mb']:.0f} MB, mkdocs {row['mkdocs_rss_mb']:.0f} MB")
    lines += ["", "Largest pages:"]
    for row in results["sizes"]:
        pages = ", ".join(f"{path} {kb} kB" for path, kb in row["largest_pages"])
        lines.append(f"  N = {row['municipalities']}: {pages}")
    lines.append("")
    v = results["validation"]
    if v is not None:
        lines += [f"Validation alone: {v['data_mb']:.2f} MiB promises.yaml ({v['municipalities']} municipalities) "
                  f"in {v['validate_s']:.2f} s ({v['validate_cpu_s']:.2f} s CPU), {v['problems']} problems "
                  f"(best of {len(v['runs_s'])} fresh processes: {', '.join(f'{t:.2f}' for t in v['runs_s'])} s).", ""]
    lines += [f"{'PASS' if c['passed'] else 'FAIL'}: {c['text']}" for c in results["checks"]]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,290", help="numbers of municipalities (default 10,100,290)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic data (default 1)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2025, 6, 1),
                        help="the build date (default 2025-06-01)")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help=f"where to write the results (default "
                        f"{DEFAULT_JSON.relative_to(ROOT)})")
    parser.add_argument("--validate-mib", type=float, default=5.0,
                        help="size of the file validated alone, in MiB (default 5; 0 skips it)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep the data and sites")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # child: one size
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--validate-only", type=Path, help=argparse.SUPPRESS)  # child: validation alone
    args = parser.parse_args(argv)
    if args.measure is not None:
        print(json.dumps(measure(args.measure, args.work, args.today)))
        return 0
    if args.validate_only is not None:
        print(json.dumps(measure_validation(args.validate_only, args.today)))
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    results = run(sizes, args.seed, args.today, args.validate_mib, args.keep)
    text = json.dumps(results, indent=2, ensure_ascii=False)
    print(report(results))
    print()
    print(text)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
