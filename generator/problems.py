"""The one Problem type, its message catalogue in Swedish and English, and the reporters."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import StrEnum

LANGS = ("sv", "en")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


# Every message an editor can see, in both working languages. `{…}` are filled from Problem.args.
MESSAGES: dict[str, dict[str, str]] = {
    "file_missing": {
        "sv": "filen finns inte",
        "en": "the file does not exist",
    },
    "file_empty": {
        "sv": "filen är tom",
        "en": "the file is empty",
    },
    "file_too_large": {
        "sv": "filen är för stor ({size} byte; högst {limit})",
        "en": "the file is too large ({size} bytes; at most {limit})",
    },
    "not_utf8": {
        "sv": "filen är inte UTF-8-text (byte {offset} går inte att läsa)",
        "en": "the file is not UTF-8 text (byte {offset} cannot be read)",
    },
    "yaml_syntax": {
        "sv": "YAML-fel: {detail}",
        "en": "YAML syntax error: {detail}",
    },
    "yaml_tab": {
        "sv": "tabbtecken får inte användas för indrag",
        "en": "tab characters cannot be used for indentation",
    },
    "yaml_unclosed_quote": {
        "sv": "citattecknet som börjar här avslutas aldrig",
        "en": "the quote that starts here is never closed",
    },
    "yaml_colon": {
        "sv": "ett kolon följt av mellanslag mitt i en text",
        "en": "a colon followed by a space in the middle of a text",
    },
    "yaml_bad_start": {
        "sv": "ett värde kan inte börja med tecknet {char}",
        "en": "a value cannot start with the character {char}",
    },
    "yaml_missing_colon": {
        "sv": "raden saknar kolon efter fältnamnet",
        "en": "the line has no colon after the field name",
    },
    "yaml_unclosed_list": {
        "sv": "listan som börjar med [ här avslutas aldrig med ]",
        "en": "the list that starts with [ here is never closed with ]",
    },
    "yaml_unclosed_mapping": {
        "sv": "fälten som börjar med {{ här avslutas aldrig med }}",
        "en": "the fields that start with {{ here are never closed with }}",
    },
    "yaml_indent": {
        "sv": "raden passar inte in: indraget stämmer inte med raderna ovanför",
        "en": "the line does not fit: its indentation does not match the lines above",
    },
    "yaml_missing_value": {
        "sv": "ett värde saknas eller kan inte läsas",
        "en": "a value is missing or cannot be read",
    },
    "yaml_control_character": {
        "sv": "filen innehåller ett otillåtet styrtecken ({code})",
        "en": "the file contains a control character that is not allowed ({code})",
    },
    "yaml_alias": {
        "sv": "ankare och alias (&namn, *namn) stöds inte",
        "en": "anchors and aliases (&name, *name) are not supported",
    },
    "yaml_tag": {
        "sv": "taggen {tag} stöds inte",
        "en": "the tag {tag} is not supported",
    },
    "yaml_too_deep": {
        "sv": "strukturen är nästlad djupare än {limit} nivåer",
        "en": "the structure is nested deeper than {limit} levels",
    },
    "yaml_multiple_documents": {
        "sv": "filen innehåller mer än ett YAML-dokument (---)",
        "en": "the file contains more than one YAML document (---)",
    },
    "yaml_complex_key": {
        "sv": "en nyckel måste vara ett enkelt ord",
        "en": "a key must be a plain word",
    },
    "duplicate_key": {
        "sv": "fältet '{key}' finns redan på rad {first_line}",
        "en": "the field '{key}' is already given on line {first_line}",
    },
    "unknown_key": {
        "sv": "okänt fält '{key}'",
        "en": "unknown field '{key}'",
    },
    "missing_field": {
        "sv": "fältet '{key}' saknas",
        "en": "the field '{key}' is missing",
    },
    "expected_mapping": {
        "sv": "här ska det stå fält (namn: värde), inte {got}",
        "en": "expected fields (name: value) here, not {got}",
    },
    "expected_list": {
        "sv": "här ska det stå en lista (rader som börjar med '- '), inte {got}",
        "en": "expected a list (lines starting with '- ') here, not {got}",
    },
    "expected_text": {
        "sv": "här ska det stå text, inte {got}",
        "en": "expected text here, not {got}",
    },
    "expected_i18n": {
        "sv": "här ska det stå text, eller sv: och en: med text på svenska och engelska",
        "en": "expected text, or sv: and en: with Swedish and English text",
    },
    "empty_text": {
        "sv": "texten är tom",
        "en": "the text is empty",
    },
    "expected_bool": {
        "sv": "'{value}' är inte true eller false",
        "en": "'{value}' is not true or false",
    },
    "expected_number": {
        "sv": "'{value}' är inte ett heltal",
        "en": "'{value}' is not a whole number",
    },
    "bad_date": {
        "sv": "'{value}' är inte ett datum i formen ÅÅÅÅ-MM-DD",
        "en": "'{value}' is not a date of the form YYYY-MM-DD",
    },
    "impossible_date": {
        "sv": "datumet {value} finns inte i kalendern",
        "en": "the date {value} does not exist",
    },
    "bad_month_or_date": {
        "sv": "'{value}' är inte ett datum (ÅÅÅÅ-MM-DD) eller en månad (ÅÅÅÅ-MM)",
        "en": "'{value}' is not a date (YYYY-MM-DD) or a month (YYYY-MM)",
    },
    "bad_id": {
        "sv": "'{value}' kan inte användas som id",
        "en": "'{value}' cannot be used as an id",
    },
    "duplicate_id": {
        "sv": "id '{value}' används redan på rad {first_line}",
        "en": "the id '{value}' is already used on line {first_line}",
    },
    "unknown_ref": {
        "sv": "'{value}' finns inte bland {collection}",
        "en": "'{value}' is not defined in {collection}",
    },
    "bad_status": {
        "sv": "'{value}' är ingen status; använd en av: {allowed}",
        "en": "'{value}' is not a status; use one of: {allowed}",
    },
    "bad_email": {
        "sv": "'{value}' är ingen e-postadress",
        "en": "'{value}' is not an e-mail address",
    },
    "bad_phone": {
        "sv": "'{value}' är inget telefonnummer",
        "en": "'{value}' is not a phone number",
    },
    "bad_url": {
        "sv": "'{value}' är ingen https-adress",
        "en": "'{value}' is not an https address",
    },
    "bad_link": {
        "sv": "länken '{value}' är inte tillåten",
        "en": "the link '{value}' is not allowed",
    },
    "bad_path": {
        "sv": "'{value}' pekar utanför mappen content/",
        "en": "'{value}' points outside the content/ folder",
    },
    "missing_file": {
        "sv": "filen content/{value} finns inte",
        "en": "the file content/{value} does not exist",
    },
    "period_order": {
        "sv": "perioden slutar ({end}) innan den börjar ({start})",
        "en": "the period ends ({end}) before it starts ({start})",
    },
    "example_day": {
        "sv": "Exempeldata: byggd som den {date} (site.example_as_of). Ange --today för en annan dag.",
        "en": "Example data: built as of {date} (site.example_as_of). Give --today for another day.",
    },
    "extension_order": {
        "sv": "förlängningen ska sluta senare än det ursprungliga slutet ({original}), men perioden slutar {end}",
        "en": "an extension must end later than the original end ({original}), but the period ends {end}",
    },
    "unknown_theme": {
        "sv": "'{value}' är inget tema i löftet",
        "en": "'{value}' is not a theme of the promise",
    },
    "unknown_document": {
        "sv": "'{value}' är inget dokument i löftet",
        "en": "'{value}' is not a document of the promise",
    },
    "file_or_url": {
        "sv": "ett dokument behöver antingen file (en fil i content/) eller url (en https-adress), inte båda",
        "en": "a document needs either file (a file in content/) or url (an https address), not both",
    },
    "progress_without_target": {
        "sv": "progress räknas mot aktivitetens mål, men aktiviteten har inget target",
        "en": "progress counts towards the activity's target, but the activity has no target",
    },
    "area_coordinates": {
        "sv": "ett område (area: true) har inga koordinater",
        "en": "an area (area: true) has no coordinates",
    },
    "survey_order": {
        "sv": "enkäten stänger ({closes}) innan den öppnar ({opens})",
        "en": "the survey closes ({closes}) before it opens ({opens})",
    },
    "future_update": {
        "sv": "uppdateringen är daterad {date}, efter byggdatumet {today}",
        "en": "the update is dated {date}, after the build date {today}",
    },
    "early_update": {
        "sv": "uppdateringen är daterad {date}, mer än ett år innan löftet börjar ({start})",
        "en": "the update is dated {date}, more than a year before the promise starts ({start})",
    },
    "missing_swedish": {
        "sv": "svensk text saknas (bara engelska finns)",
        "en": "the Swedish text is missing (there is only English)",
    },
    "missing_translation": {
        "sv": "engelsk översättning saknas",
        "en": "the English translation is missing",
    },
    "bad_choice": {
        "sv": "'{value}' är inte tillåtet här; använd en av: {allowed}",
        "en": "'{value}' is not allowed here; use one of: {allowed}",
    },
    "reason_missing": {
        "sv": "statusen {status} kräver en förklaring",
        "en": "the status {status} needs a reason",
    },
    "no_updates": {
        "sv": "aktiviteten har ingen daterad uppdatering",
        "en": "the activity has no dated update",
    },
    "list_empty": {
        "sv": "listan är tom",
        "en": "the list is empty",
    },
    "expected_decimal": {
        "sv": "'{value}' är inte ett tal",
        "en": "'{value}' is not a number",
    },
    "reserved_id": {
        "sv": "id '{value}' är upptaget: långa listor använder det som adress till sina fortsättningssidor",
        "en": "the id '{value}' is taken: long lists use it as the address of their further pages",
    },
    "bad_coordinate": {
        "sv": "{value} ligger utanför −{limit} till {limit} grader",
        "en": "{value} is outside −{limit} to {limit} degrees",
    },
    "embed_needs_provider": {
        "sv": "embed_url kräver provider: invånarna ska se vems tjänst som laddas innan den laddas",
        "en": "embed_url needs provider: residents must see whose service loads before it loads",
    },
}

HINTS: dict[str, dict[str, str]] = {
    "add_target": {
        "sv": "lägg till target: med value, unit och gärna by på aktiviteten",
        "en": "add target: with value, unit and preferably by to the activity",
    },
    "add_themes": {
        "sv": "lägg till themes: i löftet, med id och title",
        "en": "add themes: to the promise, with id and title",
    },
    "add_documents": {
        "sv": "lägg till documents: i löftet, med id, kind, title och file eller url",
        "en": "add documents: to the promise, with id, kind, title and file or url",
    },
    "area_no_map": {
        "sv": "ta bort coordinates, eller ta bort area: true om platsen är en punkt",
        "en": "remove coordinates, or remove area: true if the place is one spot",
    },
    "did_you_mean": {"sv": "menade du '{suggestion}'?", "en": "did you mean '{suggestion}'?"},
    "known_keys": {"sv": "kända fält: {keys}", "en": "known fields: {keys}"},
    "yaml_tab": {
        "sv": "använd mellanslag för indrag (två per nivå)",
        "en": "indent with spaces (two per level)",
    },
    "close_quote": {
        "sv": "avsluta texten med samma citattecken som den börjar med",
        "en": "end the text with the same quote mark it starts with",
    },
    "field_colon": {
        "sv": "skriv fältnamn, kolon och mellanslag, t.ex. 'status: done'",
        "en": "write the field name, a colon and a space, e.g. 'status: done'",
    },
    "close_list": {"sv": "avsluta listan med ]", "en": "end the list with ]"},
    "close_mapping": {"sv": "avsluta med }}", "en": "end it with }}"},
    "indent": {
        "sv": "fält på samma nivå ska börja i samma kolumn; text med citat eller kolon sätts inom citattecken",
        "en": "fields at the same level start in the same column; quote text that contains quotes or colons",
    },
    "quote_text": {
        "sv": "sätt texten inom citattecken: \"...\"",
        "en": "put the text in quotes: \"...\"",
    },
    "date_format": {
        "sv": "skriv till exempel 2019-06-01",
        "en": "write for example 2019-06-01",
    },
    "other_id": {
        "sv": "välj ett annat id, t.ex. '{suggestion}'",
        "en": "choose another id, e.g. '{suggestion}'",
    },
    "number_only": {
        "sv": "skriv bara talet, t.ex. {suggestion}; enheten skrivs i fältet unit",
        "en": "write only the number, e.g. {suggestion}; the unit goes in the field unit",
    },
    "decimal_point": {
        "sv": "skriv decimaltecknet som punkt: {suggestion}",
        "en": "write the decimal separator as a point: {suggestion}",
    },
    "coordinates_format": {
        "sv": "skriv grader med decimaler (WGS 84), t.ex. lat: 57.8085 och lon: 12.3627",
        "en": "write degrees with decimals (WGS 84), e.g. lat: 57.8085 and lon: 12.3627",
    },
    "add_provider": {
        "sv": "lägg till provider med tjänstens namn, t.ex. provider: Netigate",
        "en": "add provider with the service's name, e.g. provider: Netigate",
    },
    "id_format": {
        "sv": "använd små bokstäver a–z, siffror och bindestreck, t.ex. 'floda-station'",
        "en": "use lower-case letters a–z, digits and hyphens, e.g. 'floda-station'",
    },
    "defined_ids": {"sv": "definierade: {ids}", "en": "defined: {ids}"},
    "none_defined": {
        "sv": "lägg först till den under {collection}: med ett id",
        "en": "first add it under {collection}: with an id",
    },
    "url_https": {
        "sv": "adressen ska börja med https://",
        "en": "the address must start with https://",
    },
    "phone_format": {
        "sv": "skriv numret med riktnummer, t.ex. \"010-56 57 421\" (inom citattecken)",
        "en": "write the number with its area code, e.g. \"010-56 57 421\" (in quotes)",
    },
    "link_schemes": {
        "sv": "länka bara till https://-adresser, mailto:, tel: eller sidor på webbplatsen",
        "en": "link only to https:// addresses, mailto:, tel: or pages of this site",
    },
    "path_inside": {
        "sv": "ange sökvägen inom content/, t.ex. images/bild.jpg",
        "en": "give the path inside content/, e.g. images/photo.jpg",
    },
    "add_reason": {
        "sv": "skriv varför under {field}: med sv: och en:",
        "en": "say why under {field}: with sv: and en:",
    },
    "add_update": {
        "sv": "berätta vad som har gjorts under updates: med datum och källa",
        "en": "tell what has been done under updates: with a date and a source",
    },
    "check_year": {
        "sv": "stämmer årtalet?",
        "en": "is the year right?",
    },
    "add_swedish": {
        "sv": "lägg till sv: med den svenska texten",
        "en": "add sv: with the Swedish text",
    },
    "add_translation": {
        "sv": "lägg till en: med den engelska texten",
        "en": "add en: with the English text",
    },
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, at one place, in one field."""

    file: str
    line: int  # 1-based; the whole file's problems are given line 1
    column: int  # 1-based
    path: str  # field path, e.g. promises[0].activities[2].status
    code: str  # a key of MESSAGES
    args: dict[str, object] = field(default_factory=dict)
    hint: str | None = None  # a key of HINTS
    hint_args: dict[str, object] = field(default_factory=dict)
    severity: Severity = Severity.ERROR

    def message(self, lang: str) -> str:
        return MESSAGES[self.code][lang].format(**_localise(self.args, lang))

    def hint_text(self, lang: str) -> str | None:
        if self.hint is None:
            return None
        return HINTS[self.hint][lang].format(**_localise(self.hint_args, lang))

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.file, self.line, self.column, self.path)


def _localise(args: dict[str, object], lang: str) -> dict[str, object]:
    """Arguments may themselves be {"sv": …, "en": …} (e.g. the name of what was found)."""
    return {k: (v[lang] if isinstance(v, dict) else v) for k, v in args.items()}


def default_lang(environ: dict[str, str] | None = None) -> str:
    """Swedish when the user's locale is Swedish, English otherwise."""
    env = os.environ if environ is None else environ
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "sv" if value.lower().startswith("sv") else "en"
    return "en"


def format_text(problem: Problem, lang: str) -> str:
    """`file:line:col: path: message — hint`, one line, as compilers and linters print."""
    where = f"{problem.file}:{problem.line}:{problem.column}"
    label = "" if problem.severity is Severity.ERROR else ("varning: " if lang == "sv" else "warning: ")
    text = f"{where}: {problem.path}: {label}{problem.message(lang)}" if problem.path else (
        f"{where}: {label}{problem.message(lang)}"
    )
    hint = problem.hint_text(lang)
    return f"{text} — {hint}" if hint else text


def _escape_github(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(problem: Problem, lang: str) -> str:
    """A GitHub Actions workflow command, so the problem shows on the changed line of a PR."""
    kind = "error" if problem.severity is Severity.ERROR else "warning"
    props = f"file={_escape_github(problem.file, property_value=True)},line={problem.line},col={problem.column}"
    body = problem.message(lang)
    hint = problem.hint_text(lang)
    if hint:
        body = f"{body} — {hint}"
    if problem.path:
        body = f"{problem.path}: {body}"
    return f"::{kind} {props}::{_escape_github(body)}"


REPORTERS = {"text": format_text, "github": format_github}
