"""serve: rebuilds when the data changes, and only once (watching sources, never its own output)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from generator.build import make_project
from generator.cli.serve import watched_paths
from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def wait_for(predicate, seconds: float = 60) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_watched_paths_are_sources_only() -> None:
    paths = watched_paths(make_project())
    assert ROOT / "docs" not in paths
    assert ROOT / "promises.yaml" in paths and ROOT / "content" in paths


def test_serve_rebuilds_once_when_data_changes(tmp_path: Path) -> None:
    data = tmp_path / "promises.yaml"
    data.write_text((ROOT / "promises.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as stream:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--data", str(data), "--dev-addr", f"127.0.0.1:{port}",
             "--today", "2019-11-20"], cwd=ROOT, stdout=stream, stderr=subprocess.STDOUT,
            env={**os.environ, "LANG": "C.UTF-8"})
    try:
        url = f"http://127.0.0.1:{port}/"
        assert wait_for(lambda: (fetch(url) or "").count("Medborgarlöften i Lerum") > 0), log.read_text()
        index_before = fetch(url + "pagefind/pagefind-entry.json")
        assert index_before and '"page_count"' in index_before  # the first build is indexed before it is served
        data.write_text(data.read_text(encoding="utf-8").replace("sv: Medborgarlöften i Lerum",
                                                                 "sv: Medborgarlöften i Lerum (test)"),
                        encoding="utf-8")
        assert wait_for(lambda: "Medborgarlöften i Lerum (test)" in (fetch(url) or "")), log.read_text()
        # The pages are shown first, with the index in use; the new index replaces it when ready.
        assert wait_for(lambda: "search index in place" in log.read_text()), log.read_text()
        lines = log.read_text().splitlines()
        built = next(i for i, line in enumerate(lines) if "(search index follows)" in line)
        assert built < next(i for i, line in enumerate(lines) if "search index in place" in line)
        index_after = fetch(url + "pagefind/pagefind-entry.json")
        assert index_after and '"page_count"' in index_after and index_after != index_before
        time.sleep(4)  # a rebuild loop would show up here as more reloads
        assert log.read_text().count("Reloading browsers") == 1, log.read_text()
        workers = children(process.pid)
        assert workers  # the edition workers, started once for the session
    finally:
        process.terminate()
        process.wait(timeout=30)
    # Stopped by SIGTERM, serve ends its workers too: none is left running.
    assert wait_for(lambda: not [pid for pid in workers if Path(f"/proc/{pid}").exists()], 15), workers


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = entry.joinpath("stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if fields[1] == str(pid):
            found.append(int(entry.name))
    return found


def _time_to_reload(tmp_path: Path, data: Path, change: tuple[str, str], today: str, first_build_s: float) -> float:
    """Serve `data`, save one change, and return the seconds from the save to the reload signal."""
    port = free_port()
    log = tmp_path / f"serve-{data.stem}.log"
    with log.open("w") as stream:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--data", str(data), "--content", str(ROOT / "content"),
             "--dev-addr", f"127.0.0.1:{port}", "--today", today], cwd=ROOT, stdout=stream,
            stderr=subprocess.STDOUT, env={**os.environ, "LANG": "C.UTF-8"})
    try:
        assert wait_for(lambda: fetch(f"http://127.0.0.1:{port}/") is not None, first_build_s), log.read_text()
        time.sleep(1.5)  # the watcher has started
        text = data.read_text(encoding="utf-8")
        assert change[0] in text
        saved = time.monotonic()
        data.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
        assert wait_for(lambda: "Reloading browsers" in log.read_text(), first_build_s), log.read_text()
        elapsed = time.monotonic() - saved
        built = [line for line in log.read_text().splitlines() if line.startswith("built in")]
        print(f"serve {data.parent.name}: reload signal {elapsed:.1f} s after saving promises.yaml; "
              f"{built[-1] if built else ''}; load average {os.getloadavg()[0]:.1f}")
        return elapsed
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_time_from_saving_to_reload_signal(tmp_path: Path) -> None:
    """Printed, never asserted: the example, and 100 municipalities of synthetic data."""
    import datetime as dt

    from bench.synthetic import generate

    example = tmp_path / "example" / "promises.yaml"
    example.parent.mkdir()
    example.write_text((ROOT / "promises.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    _time_to_reload(tmp_path, example, ("status: ongoing", "status: done"), "2019-11-20", 300)
    national = tmp_path / "n100" / "promises.yaml"
    national.parent.mkdir()
    national.write_text(generate(100, 1, dt.date(2025, 6, 1)), encoding="utf-8")
    _time_to_reload(tmp_path, national, ("status: planned", "status: done"), "2025-06-01", 900)
