"""Property: whatever an editor does to promises.yaml, validate answers with lines, never a traceback."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, run_main

EXAMPLE = (ROOT / "promises.yaml").read_bytes()
LINES = EXAMPLE.split(b"\n")
PROBLEM_LINE = re.compile(r"^promises\.yaml:[1-9][0-9]*:[1-9][0-9]*: \S")
NASTY_VALUES = [b"", b"~", b"null", b"yes", b"no", b"on", b"12:30", b"2020", b"010", b"0x1F", b"1e3", b"2019-02-30",
                b"[", b"{", b"]", b"'", b'"', b"&a x", b"*a", b"!!python/object:os.system x", b"- x", b"{a: b}",
                b"[a, b]", b"|", b">", b"%", b"@x", b"`x`", b"\t", b"https://", b"javascript:alert(1)", b"\xff\xfe",
                b"\x00", b"klar", "pågår".encode(), b"Done"]
KEY_LINE = re.compile(rb"^(\s*-?\s*)([A-Za-z_]+):(.*)$")


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["delete", "duplicate", "value", "rename", "retype", "truncate", "bytes",
                                     "swap", "indent"]))
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if not lines:
            break
        match = KEY_LINE.match(lines[i])
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "value" and match:
            lines[i] = match.group(1) + match.group(2) + b": " + draw(st.sampled_from(NASTY_VALUES))
        elif kind == "rename" and match:
            lines[i] = match.group(1) + draw(st.sampled_from([b"titel", b"Status", b"owner", b"x", b"sv", b"id"])) \
                + b":" + match.group(3)
        elif kind == "retype" and match:
            lines[i] = match.group(1) + match.group(2) + b": " + draw(st.sampled_from([b"[a, b]", b"{a: b}", b"1"]))
        elif kind == "truncate":
            lines = lines[:i]
        elif kind == "bytes":
            position = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:position] + draw(st.binary(min_size=1, max_size=8)) + lines[i][position:]
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            lines[i] = draw(st.sampled_from([b" ", b"   ", b"\t"])) + lines[i]
    return b"\n".join(lines)


@settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_validate_never_crashes_on_a_mutated_example(content: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "promises.yaml").write_bytes(content)
        run = run_main("validate", "--lang", "en", "--content", str(ROOT / "content"), "promises.yaml", cwd=Path(tmp))
    assert run.returncode in (0, 1), str(run)
    assert run.stderr == "", str(run)
    for line in run.stdout.splitlines():
        assert PROBLEM_LINE.match(line), line
    if run.returncode == 1:
        assert run.stdout, "exit 1 must say why"
