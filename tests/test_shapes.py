"""The shapes real published promises have (issue 30): each one written in promises.yaml, shown on
the pages, and each mistake in it told in Swedish at its line; meetings on the pages and timed
in the calendar."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import icalendar
import ics
import pytest

from generator.build import load_model, make_project
from generator.data.problems import Severity, format_text
from generator.data.validate import validate_file
from generator.pages.render import render_docs
from tests.conftest import CASES

CASE = CASES / "valid" / "shapes"
TODAY = dt.date(2025, 1, 15)


@pytest.fixture(scope="module")
def docs() -> dict[str, str]:
    model, ui, problems = load_model(make_project(CASE / "promises.yaml"), TODAY)
    assert model is not None, problems
    rendered = render_docs(model, ui, CASE / "content")
    return {path: data.decode("utf-8") for path, data in rendered.items() if path.endswith((".md", ".ics"))}


def _text(page: str) -> str:
    """The page's text: no elements, one space between words."""
    return " ".join(re.sub(r"<svg.*?</svg>|<[^>]+>", " ", page, flags=re.DOTALL).split())


def test_the_case_is_valid_without_a_warning() -> None:
    result = validate_file(CASE / "promises.yaml", CASE / "content", TODAY)
    assert [format_text(p, "sv") for p in result.problems] == []


def test_several_targets_and_progress_given_as_a_lower_bound(docs: dict[str, str]) -> None:
    page = _text(docs["sv/loften/exempelby-2023.md"])
    assert "Mål: minst 70 hastighetskontroller Mål: 4 trygghetsvandringar senast 2024" in page
    assert "Hittills: mer än 10 av 70 hastighetskontroller" in page
    assert 'aria-label="mer än 10 av 70 hastighetskontroller"' in docs["sv/loften/exempelby-2023.md"]
    assert "So far: more than 10 of 70 hastighetskontroller" in _text(docs["en/loften/exempelby-2023.md"])


def test_a_target_relative_to_a_starting_point(docs: dict[str, str]) -> None:
    page = _text(docs["sv/loften/exempelby-2023.md"])
    assert "Mål: anmälda inbrott (ska minska, utgångsläge 2022: 120) Hittills: 95 anmälda inbrott" in page
    assert "Mål: 60 hushåll (ska öka, utgångsläge december 2022: 40) Hittills: 52 av 60 hushåll" in page
    assert "(to decrease, starting point 2022: 120)" in _text(docs["en/loften/exempelby-2023.md"])


def test_dates_known_only_to_the_year(docs: dict[str, str]) -> None:
    page = _text(docs["sv/loften/exempelby-2023.md"])
    assert "Period: 2023 – 30 juni 2025" in page
    assert "2023 · Pågår : Fler än tio kontroller gjordes under året." in page


def test_a_dated_result_that_shows_no_progress(docs: dict[str, str]) -> None:
    page = _text(docs["sv/loften/exempelby-2023.md"])
    assert "Trygghetsmätningen 2024 Resultatet visar ingen förändring. 2024 · Källa: Trygghetsmätningen" in page
    assert "The result shows no change." in _text(docs["en/loften/exempelby-2023.md"])


def test_who_signed_and_when(docs: dict[str, str]) -> None:
    page = _text(docs["sv/loften/exempelby-2023.md"])
    assert ("Undertecknat: 14 mars 2023 av Eva Ek (kommunstyrelsens ordförande, Exempelby kommun) och "
            "lokalpolisområdeschef, Polisen i Exempelby") in page


def test_a_national_agency_and_a_region(docs: dict[str, str]) -> None:
    assert '<p class="org-kind">Statlig myndighet</p>' in docs["sv/ansvariga/trafikverket.md"]
    assert '<p class="org-kind">Region</p>' in docs["sv/ansvariga/regionen.md"]
    assert '<p class="org-kind">National agency</p>' in docs["en/ansvariga/trafikverket.md"]


def test_an_extension_whose_reason_was_never_published(docs: dict[str, str]) -> None:
    page = _text(docs["sv/loften/exempelby-2023.md"])
    assert ("Förlängt: Löftet förlängdes: det skulle ha slutat 2024 och gäller nu till 30 juni 2025. "
            "Skälet till förlängningen har inte publicerats.") in page


def test_meetings_on_the_promise_page_upcoming_and_past(docs: dict[str, str]) -> None:
    page = _text(docs["sv/loften/exempelby-2023.md"])
    assert ("Möten Kommande möten 10 mars 2025 kl. 18:00–19:30 : BRÅ-möte, Kommunhuset "
            "Tidigare möten 5 november 2024 : Medborgardialog") in page
    assert "Upcoming meetings 10 March 2025 18:00–19:30 : BRÅ-möte" in _text(docs["en/loften/exempelby-2023.md"])


def test_the_next_meetings_on_the_start_page_with_one_not_tied_to_a_promise(docs: dict[str, str]) -> None:
    page = _text(docs["sv/index.md"])
    assert ("Kommande möten 10 mars 2025 kl. 18:00–19:30 : BRÅ-möte, Kommunhuset · Medborgarlöfte Exempelby 2023 "
            "2 april 2025 kl. 17:30 : Öppet möte om alla medborgarlöften, Biblioteket") in page
    assert "Medborgardialog" not in page  # past


def test_the_calendar_has_timed_events_in_swedish_time(docs: dict[str, str]) -> None:
    calendar = icalendar.Calendar.from_ical(docs["sv/events.ics"])
    zone = calendar.walk("VTIMEZONE")[0]
    assert zone["TZID"] == "Europe/Stockholm"
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    bra = events["BRÅ-möte: Medborgarlöfte Exempelby 2023"]
    assert bra.decoded("DTSTART").isoformat() == "2025-03-10T18:00:00+01:00"
    assert bra.decoded("DTEND").isoformat() == "2025-03-10T19:30:00+01:00"
    open_meeting = events["Öppet möte om alla medborgarlöften"]
    assert open_meeting.decoded("DTSTART").isoformat() == "2025-04-02T17:30:00+02:00"  # summer time
    assert "DTEND" not in open_meeting
    assert str(open_meeting["URL"]) == "https://exempelby.example.org/"
    dialogue = events["Medborgardialog: Medborgarlöfte Exempelby 2023"]
    assert dialogue.decoded("DTSTART") == dt.date(2024, 11, 5)  # no time of day: an all-day event
    # read back by an independent reader, which applies the VTIMEZONE's rules itself
    begins = {e.name: e.begin.isoformat() for e in ics.Calendar(docs["sv/events.ics"]).events}
    assert begins["BRÅ-möte: Medborgarlöfte Exempelby 2023"] == "2025-03-10T18:00:00+01:00"
    assert begins["Öppet möte om alla medborgarlöften"] == "2025-04-02T17:30:00+02:00"


# Each mistake in a new field: (what is replaced in the case, by what), the line and the Swedish message.
MISTAKES = [
    ("        reason_unpublished: true\n", "", 42,
     "promises[0].period.extension: förlängningen saknar reason (varför löftet förlängdes) — skriv reason: med "
     "skälet, eller reason_unpublished: true om skälet aldrig publicerades"),
    ("        reason_unpublished: true\n", "        reason_unpublished: true\n        reason: Mer tid behövdes.\n", 43,
     "promises[0].period.extension.reason_unpublished: förlängningen har en reason men också reason_unpublished: "
     "true — ta bort reason_unpublished: true, eller reason om skälet inte publicerades"),
    ("        - role: lokalpolisområdeschef\n          organisation: polisen\n",
     "        - organisation: polisen\n", 50,
     "promises[0].signed.signers[1]: den som undertecknade behöver name, role eller båda — skriv t.ex. name: Anna "
     "Andersson och role: kommunstyrelsens ordförande"),
    ("            progress: 10\n", "", 69,
     "promises[0].activities[0].updates[0].progress_more_than: progress_more_than säger att progress är ett minsta "
     "värde, men uppdateringen har inget progress — lägg till progress: med talet, t.ex. progress: 10 för \"fler än "
     "10\""),
    ("          direction: decrease\n", "", 77,
     "promises[0].activities[1].target: målet saknar value (antalet som utlovas); utan antal behövs direction "
     "(increase eller decrease) — lägg till value: 70, eller direction: increase (öka) eller decrease (minska)"),
    ("          value: 60\n", "          value: 30\n", 90,
     "promises[0].activities[2].target.value: målet ska öka från 40, men value är 30 — kontrollera value, "
     "baseline och direction: ett mål att öka ska vara större än utgångsläget"),
    ("          baseline: 120\n", "          baseline: 120\n          value: 120\n", 80,
     "promises[0].activities[1].target.value: målet ska minska från 120, men value är 120 — kontrollera value, "
     "baseline och direction: ett mål att minska ska vara mindre än utgångsläget"),
    ("          value: 60\n", "          value: 40\n", 90,
     "promises[0].activities[2].target.value: målet ska öka från 40, men value är 40"),
    ("          direction: decrease\n", "          direction: decrease\n          value: 0\n", 0, ""),
    ("        time: \"18:00\"\n", "        time: \"18.00\"\n", 107,
     "promises[0].meetings[0].time: '18.00' är inget klockslag (TT:MM) — skriv klockslaget inom citattecken, "
     "t.ex. \"18:00\""),
    ("        end_time: \"19:30\"\n", "        end_time: \"17:30\"\n", 108,
     "promises[0].meetings[0].end_time: mötet slutar 17:30 men börjar 18:00; slutet ska vara efter början"),
    ("        time: \"18:00\"\n", "", 107,
     "promises[0].meetings[0].end_time: mötet har end_time men ingen time (när det börjar) — lägg till time: med "
     "när mötet börjar, t.ex. \"18:00\""),
    ("        date: 2024\n", "        date: 24\n", 102,
     "promises[0].results[0].date: '24' är inte ett datum (ÅÅÅÅ-MM-DD), en månad (ÅÅÅÅ-MM) eller ett år (ÅÅÅÅ) — "
     "skriv till exempel 2019-06-01"),
    ("    kind: national_agency\n", "    kind: myndighet\n", 23,
     "organisations[2].kind: 'myndighet' är inte tillåtet här; använd en av: municipality, police, region, "
     "national_agency"),
    ("      - id: kontroller\n", "      - id: kontroller\n        target: {value: 1, unit: möten}\n", 61,
     "promises[0].activities[0].targets: aktiviteten har både target och targets; skriv alla mål under targets — "
     "flytta målet under target till targets: som ett av flera mål"),
]


@pytest.mark.parametrize(("old", "new", "line", "message"), MISTAKES,
                         ids=[m[3].split(":")[0] or "decrease-to-0" for m in MISTAKES])
def test_each_mistake_in_a_new_field_gets_one_swedish_message_at_its_line(
        old: str, new: str, line: int, message: str, tmp_path: Path) -> None:
    text = (CASE / "promises.yaml").read_text(encoding="utf-8")
    assert text.count(old) == 1
    data = tmp_path / "promises.yaml"
    data.write_text(text.replace(old, new), encoding="utf-8")
    result = validate_file(data, CASE / "content", TODAY)
    errors = [p for p in result.problems if p.severity is Severity.ERROR]
    if not message:  # not a mistake: a target to decrease to 0 ("no burglaries")
        assert errors == [], [format_text(p, "sv") for p in errors]
        return
    assert len(errors) == 1, [format_text(p, "sv") for p in result.problems]
    shown = format_text(errors[0], "sv")
    assert errors[0].line == line, shown
    assert shown.split(": ", 1)[1].startswith(message), shown


def test_the_guides_examples_of_the_shapes_are_taken_from_the_case_that_is_tested() -> None:
    """Every example in the guide's "Former från riktiga löften" is a piece of the case above, so it
    is valid and shown as the tests say."""
    guide = (Path(__file__).parent.parent / "REDAKTORSGUIDE.md").read_text(encoding="utf-8")
    forms = dict(re.findall(r"<!-- form: ([a-z]+) -->\n```yaml\n(.*?)```", guide, re.DOTALL))
    assert sorted(forms) == ["direction", "kind", "meeting", "morethan", "outcome", "signed", "sitemeeting",
                             "targets", "unpublished", "year"]
    case = (CASE / "promises.yaml").read_text(encoding="utf-8")
    for name, snippet in forms.items():
        assert snippet in case, name
