"""`make bench` (second part): a site repository's pull-request check, timed command by command.

The site is a real municipality's published promises (tests/cases/valid/real-strangnas) with a
third edition, about 60 pages: the size of a real municipality's site. It is laid out as a site
repository (promises.yaml and content/ in a folder of their own) and checked as the reusable
workflow `.github/workflows/site-check.yml` checks a pull request that changes one status, with
the install already done:

    check job:    validate --format github · build · check-site (browser checks, Lighthouse)
    changes job:  build the base · build the head (same day) · diff · changed-pages

Each command runs as a fresh process of this checkout's generator, as the workflow runs the
installed one. The figure is the sum of the commands' wall times on this machine (on GitHub the
two jobs run side by side, so a pull request waits for the longer one).

    python -m bench.sitecheck [--limit 90] [--no-lighthouse] [--json FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "tests" / "cases" / "valid" / "real-strangnas"
LIMIT = 90.0  # seconds: issue 28, item 5
TODAY = "2025-06-01"
DEFAULT_JSON = ROOT / "bench" / "out" / "sitecheck.json"


def make_site(folder: Path) -> Path:
    """The case as a site repository, with easy-to-read Swedish as a third edition and the about
    pages `medborgarloften new` writes."""
    from generator.cli import init as skeleton

    shutil.copytree(CASE, folder)
    for relative, text in skeleton.make_skeleton("Strängnäs", dt.date.fromisoformat(TODAY)).files.items():
        if relative.startswith("content/"):
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(text, encoding="utf-8")
    data = folder / "promises.yaml"
    text = data.read_text(encoding="utf-8")
    assert "\nsite:\n" in text and "  languages:" not in text, f"{data}: expected site: without languages:"
    data.write_text(text.replace("\nsite:\n", "\nsite:\n  languages: [en, {code: lattlast, complete: false}]\n", 1),
                    encoding="utf-8")
    return folder


def change_one_status(site: Path) -> str:
    """The head of the pull request: the first update says its activity is done."""
    data = site / "promises.yaml"
    lines = data.read_text(encoding="utf-8").split("\n")
    for number, line in enumerate(lines):
        if line.lstrip().startswith("- date: "):
            indent = len(line) - len(line.lstrip()) + 2
            lines.insert(number + 1, " " * indent + "status: done")
            data.write_text("\n".join(lines), encoding="utf-8")
            return f"line {number + 2}: status: done"
    raise SystemExit(f"{data}: no update to give a status")


def installed_tools() -> Path:
    """The browser checkers, installed before the clock starts (the workflow keeps them in a cache
    keyed by the generator's version): the checkout's own, else npm ci into its .cache/tools."""
    from generator.checks import site as sitecheck

    previous = Path.cwd()
    os.chdir(ROOT)
    try:
        return sitecheck.node_modules().parent
    finally:
        os.chdir(previous)


def _command(args: Sequence[str], cwd: Path, steps: list[dict[str, object]], name: str) -> str:
    env = {**os.environ, "LANG": "C.UTF-8", "MEDBORGARLOFTEN_TOOLS": str(installed_tools())}
    env.pop("SOURCE_DATE_EPOCH", None)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True,
                            text=True)
    seconds = time.perf_counter() - started
    steps.append({"step": name, "seconds": round(seconds, 2), "exit": result.returncode})
    print(f"  {name:<34} {seconds:6.1f} s  (exit {result.returncode})", flush=True)
    if result.returncode != 0:
        raise SystemExit(f"{name} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def run(work: Path, lighthouse: bool = True) -> dict[str, object]:
    base = make_site(work / "base")
    head = make_site(work / "head")
    change = change_one_status(head)
    pages = 0
    steps: list[dict[str, object]] = []
    print(f"site check of a pull request ({change}) on {CASE.name} with three editions:", flush=True)
    _command(["validate", "--format", "github", "--lang", "sv"], head, steps, "validate")
    _command(["build", "--today", TODAY], head, steps, "build")
    pages = sum(1 for _ in (head / "site").rglob("*.html"))
    check = ["check-site", "--no-build", "--today", TODAY] + ([] if lighthouse else ["--no-lighthouse"])
    _command(check, head, steps, "check-site" + ("" if lighthouse else " (no Lighthouse)"))
    _command(["build", "--today", TODAY, "--site", str(work / "site-base")], base, steps, "build the base")
    _command(["build", "--today", TODAY, "--site", str(work / "site-head")], head, steps, "build the head")
    _command(["diff", "--format", "markdown", "--today", TODAY, str(base / "promises.yaml"),
              str(head / "promises.yaml")], head, steps, "diff")
    _command(["changed-pages", "--format", "markdown", str(work / "site-base"), str(work / "site-head")], head,
             steps, "changed-pages")
    total = round(sum(float(str(s["seconds"])) for s in steps), 1)
    jobs = {"check": round(sum(float(str(s["seconds"])) for s in steps[:3]), 1),
            "changes": round(sum(float(str(s["seconds"])) for s in steps[3:]), 1)}
    return {"pages": pages, "steps": steps, "total_s": total, "jobs_s": jobs, "cores": os.cpu_count(),
            "load_average": [round(x, 2) for x in os.getloadavg()]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sitecheck", description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=LIMIT, help=f"seconds allowed in all (default {LIMIT:.0f})")
    parser.add_argument("--no-lighthouse", action="store_true", help="leave Lighthouse out of check-site")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="where to write the figures")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-sitecheck-") as folder:
        result = run(Path(folder), lighthouse=not args.no_lighthouse)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    passed = float(str(result["total_s"])) <= args.limit
    print(f"{'PASS' if passed else 'FAIL'}: a site repository's pull-request check of a {result['pages']}-page site: "
          f"{result['total_s']} s in all (check job {result['jobs_s']['check']} s, "  # type: ignore[index]
          f"changes job {result['jobs_s']['changes']} s), {result['cores']} cores, "  # type: ignore[index]
          f"load average {result['load_average'][0]}; limit {args.limit:.0f} s")  # type: ignore[index]
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
