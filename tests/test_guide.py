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


SNIPPETS = dict(re.findall(r"<!-- prova: ([a-z]+) -->\n```yaml\n(.*?)```", GUIDE, re.DOTALL))


def test_the_guide_covers_the_shapes_of_real_promises() -> None:
    for heading in ("## Mål som går att räkna", "## Teman: rubriker för aktiviteter", "## Dokument",
                    "## Områden i stället för platser", "## Förlängt löfte", "## Vilka som lovar, och fler parter"):
        assert heading in GUIDE
    assert sorted(SNIPPETS) == ["activity", "period", "place", "promise"]


def test_the_guides_examples_of_new_shapes_validate_and_render(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Each example goes where the guide says, into a small site; it validates and shows what the guide says."""
    import datetime as dt

    from generator.build import load_model, make_project
    from generator.pages.render import render_docs

    text = (CASES / "valid" / "minimal" / "promises.yaml").read_text(encoding="utf-8")
    text = text.replace("    period: {start: 2024-01-01, end: 2024-12}\n", SNIPPETS["period"], 1)
    text = text.replace("    activities:\n", SNIPPETS["promise"] + "    activities:\n" + SNIPPETS["activity"], 1)
    text = text.replace("promises:\n", "places:\n" + SNIPPETS["place"] + "promises:\n", 1)
    text = text.replace("organisations:\n", "organisations:\n  - id: polisen\n    name: {sv: Polisen, en: Police}\n"
                        "    short: {sv: polisen, en: the police}\n", 1)
    (tmp_path / "promises.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "content" / "dokument").mkdir(parents=True)
    (tmp_path / "content" / "dokument" / "uppfoljning-2024.pdf").write_bytes(b"%PDF-1.4\n" + b"0" * 120_000)
    run = run_main("validate", "--lang", "sv", "--today", "2024-07-01", str(tmp_path / "promises.yaml"))
    assert run.returncode == 0 and run.stdout == "", run.stdout
    model, ui, problems = load_model(make_project(tmp_path / "promises.yaml"), dt.date(2024, 7, 1))
    assert model is not None, problems
    page = render_docs(model, ui, tmp_path / "content")["sv/loften/exempelby-2024.md"].decode()
    for shown in ("Hittills:</strong> 34 av 70 hastighetskontroller", "<strong>juni 2024</strong>",
                  '<h3 class="theme" id="tema-skolvagar">Insatser för tryggare skolvägar</h3>',
                  "lokala bostadsbolag med flera", "Löftet förlängdes: det skulle ha slutat december 2024",
                  "(PDF, 245 kB, svenska) · Undertecknat löfte, februari 2024", "(PDF, 120 kB, svenska) · Uppföljning",
                  ">Alla skolor i kommunen</a>"):
        assert shown in page, shown
