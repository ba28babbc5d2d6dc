"""The Swedish editor's guide: every error message it shows is the message the tool prints today."""

from __future__ import annotations

import re

import pytest

from tests.conftest import CASES, ROOT, run_main

GUIDE = (ROOT / "REDAKTORSGUIDE.md").read_text(encoding="utf-8")
EXAMPLES = re.findall(r"<!-- fall: ([a-z0-9-]+) -->\n```text\n(.*?)```", GUIDE, re.DOTALL)


def test_the_guide_shows_examples() -> None:
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize(("case", "shown"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_guide_message_is_what_the_tool_prints(case: str, shown: str) -> None:
    folder = CASES / "invalid" / case
    args = (folder / "args").read_text().split() if (folder / "args").exists() else []
    run = run_main("validate", "--lang", "sv", *args, "promises.yaml", cwd=folder)
    assert shown == run.stdout, f"update REDAKTORSGUIDE.md: the tool now prints\n{run.stdout}"


def test_the_guide_covers_the_tasks_editors_do() -> None:
    for heading in ("## Ändra en status", "## Lägga till en daterad uppdatering med källa",
                    "## Lägga till en aktivitet", "## Lägga till ett nytt löfte", "## När kontrollen hittar ett fel"):
        assert heading in GUIDE


def test_the_guides_new_activity_is_valid_in_the_example(tmp_path) -> None:  # type: ignore[no-untyped-def]
    snippet = re.search(r"## Lägga till en aktivitet.*?```yaml\n(.*?)```", GUIDE, re.DOTALL)
    assert snippet is not None
    example = (ROOT / "promises.yaml").read_text(encoding="utf-8")
    data = tmp_path / "promises.yaml"
    data.write_text(example.replace("    results:\n", snippet.group(1) + "    results:\n", 1), encoding="utf-8")
    run = run_main("validate", "--lang", "sv", "--content", str(ROOT / "content"), str(data))
    # valid, with only the warning that the new activity has no update yet
    assert run.returncode == 0, run.stdout
    assert "aktiviteten har ingen daterad uppdatering" in run.stdout
