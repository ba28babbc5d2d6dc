"""The shape of promises.yaml: one frozen dataclass per kind of entry, each field documented.

The validator reads these classes to check a file, so the rules live in one place; the JSON
Schema for editors is generated from them too. Derived facts (current status, survey state)
are not here: they belong to `model`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Self

from . import languages
from .languages import Edition

STATUSES = ("planned", "in_progress", "done", "ongoing", "delayed", "cancelled")
# Statuses that must say why (residents are owed the reason: Brå's advice on feedback).
NEEDS_REASON = ("delayed", "cancelled")
# Words editors write for a status (Swedish labels, common English variants) → the status meant.
STATUS_SYNONYMS = {
    "planerad": "planned", "planerat": "planned", "klar": "done", "klart": "done", "genomförd": "done",
    "genomfört": "done", "färdig": "done", "pågår": "in_progress", "pågående": "in_progress",
    "löpande": "ongoing", "kontinuerlig": "ongoing", "försenad": "delayed", "försenat": "delayed",
    "inställd": "cancelled", "inställt": "cancelled", "avbruten": "cancelled", "struken": "cancelled",
    "finished": "done", "completed": "done", "complete": "done", "started": "in_progress",
    "canceled": "cancelled", "late": "delayed", "continuous": "ongoing",
}
Status = Literal["planned", "in_progress", "done", "ongoing", "delayed", "cancelled"]


@dataclass(frozen=True)
class IdOf:
    """An id that other entries refer to; unique within its list."""


@dataclass(frozen=True)
class RefTo:
    """A reference to an id defined in a top-level list."""

    collection: str


@dataclass(frozen=True)
class Format:
    """A text with a checked format: email, phone, https, content_file."""

    name: str


@dataclass(frozen=True)
class Shorthand:
    """A mapping that may be written as a plain text: the text is the value of the named field."""

    field: str


@dataclass(frozen=True)
class Rich:
    """A text in which a small Markdown subset is allowed: paragraphs, emphasis, lists, links."""


Id = Annotated[str, IdOf()]
Email = Annotated[str, Format("email")]
Phone = Annotated[str, Format("phone")]
HttpsUrl = Annotated[str, Format("https")]
ContentFile = Annotated[str, Format("content_file")]
ClockTime = Annotated[str, Format("time")]
OrganisationRef = Annotated[str, RefTo("organisations")]
PlaceRef = Annotated[str, RefTo("places")]
ContactRef = Annotated[str, RefTo("contacts")]
SurveyRef = Annotated[str, RefTo("surveys")]


RichText = Annotated["I18n", Rich()]


def doc(text: str, default: Any = ..., formerly: str | None = None, **kwargs: Any) -> Any:
    """A dataclass field carrying its documentation (shown to editors in the schema) and, when the
    field was renamed, the name it had before (`formerly`): a file written with the old name keeps
    working, read as the new one with a warning that names it."""
    metadata = {"doc": text} if formerly is None else {"doc": text, "formerly": formerly}
    if default is ...:
        return field(metadata=metadata, **kwargs)
    return field(default=default, metadata=metadata, **kwargs)


class I18n:
    """A text per edition: a map from edition code (sv, en, lattlast, fi, ar, …) to text. The
    default language's text (Swedish) is always there; a plain text in YAML is that text alone.
    Where an edition has no text of its own, it shows the default one (`is_fallback`)."""

    __slots__ = ("_texts",)

    def __init__(self, texts: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        self._texts = dict(texts)
        if languages.DEFAULT not in self._texts:
            raise ValueError("a text needs the default language")

    @classmethod
    def of(cls, **texts: str) -> Self:
        return cls(texts)

    @property
    def base(self) -> str:
        """The text in the default language."""
        return self._texts[languages.DEFAULT]

    def get(self, lang: str) -> str:
        return self._texts.get(lang) or self._texts[languages.DEFAULT]

    def has(self, lang: str) -> bool:
        return lang in self._texts

    def is_fallback(self, lang: str) -> bool:
        return lang not in self._texts

    def items(self) -> list[tuple[str, str]]:
        return list(self._texts.items())

    def __eq__(self, other: object) -> bool:
        return isinstance(other, I18n) and self._texts == other._texts

    def __hash__(self) -> int:
        return hash(tuple(sorted(self._texts.items())))

    def __repr__(self) -> str:
        return f"I18n({self._texts!r})"


class Name(I18n):
    """A name or a short label (an organisation, a place, a source, a unit): where an edition has no
    text of its own, the Swedish one is shown marked as Swedish, without a note — a name is not
    translated as prose is."""

    __slots__ = ()


@functools.total_ordering
@dataclass(frozen=True)
class PeriodDate:
    """A date, a month when only the month is known ("juni 2020"), or a year when only the year is
    ("2023"). Ordered by the days it covers (a month before its own days would make no sense as
    a tuple of year, month and day, where a missing part is None)."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        if self.month is None:
            return dt.date(self.year, 12, 31)
        if self.day:
            return dt.date(self.year, self.month, self.day)
        following = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PeriodDate):
            return NotImplemented
        return (self.first_day, self.last_day) < (other.first_day, other.last_day)

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        return f"{self.year:04d}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")


@dataclass(frozen=True)
class Licence:
    name: Name = doc("The licence's name, e.g. CC0 1.0.")
    url: HttpsUrl = doc("The licence's text.")


CC0 = Licence(Name.of(sv="CC0 1.0 (allmän egendom)", en="CC0 1.0 (public domain dedication)"),
              "https://creativecommons.org/publicdomain/zero/1.0/")


@dataclass(frozen=True)
class Language:
    """An edition of the site besides Swedish, written as its code (en) or with settings."""

    code: str = doc("The edition's code: a language (en, fi, ar, so, fa, ti, …) or lattlast for easy-to-read Swedish.")
    name: str | None = doc("Its name in its own language, as the language list shows it (default: from the code).",
                           None)
    complete: bool = doc(
        "True when every text should be in this language, so a missing one is a warning; false for an edition that "
        "translates only some texts (the rest is shown in Swedish, marked as such).", True)
    locale: str | None = doc(
        "For a language the generator has no data for (e.g. Meänkieli, fit): the locale its dates and numbers are "
        "written in, e.g. fi.", None)
    direction: Literal["ltr", "rtl"] | None = doc("The text direction, when the language's own is not known.", None)


LanguageEntry = Annotated[Language, Shorthand("code")]


@dataclass(frozen=True)
class Site:
    title: Name = doc("The site's name, shown in the browser tab and on the start page.")
    publisher: Name = doc("Who publishes the site, e.g. the municipality and the police together.")
    url: HttpsUrl | None = doc("The site's public address, e.g. https://kommunen.github.io/medborgarloften/.", None)
    short_title: Name | None = doc("A short name for the header, e.g. Medborgarlöften Vingåker (default: title).", None)
    example_data: bool = doc("True while the data is invented for illustration: every page says so.", False)
    example_as_of: dt.date | None = doc(
        "For example data only: the day the example depicts (YYYY-MM-DD). A build without --today "
        "uses it, and every page says so.", None)
    overdue_days: int = doc("Days without an update after which an activity is flagged as overdue.", 120)
    data_licence: Licence = doc("The licence of the open data files (default CC0).", CC0)
    languages: tuple[LanguageEntry, ...] = doc(
        "The site's editions besides Swedish (which is always there, at the site's root), e.g. [en, lattlast, fi, ar]; "
        "default: en.", ())

    @property
    def language_entries(self) -> tuple[Language, ...]:
        """Every edition's entry, Swedish first (complete by definition); the default list when none is given."""
        given = self.languages or tuple(Language(code) for code in languages.STANDARD if code != languages.DEFAULT)
        return (Language(languages.DEFAULT), *(entry for entry in given if entry.code != languages.DEFAULT))

    @property
    def editions(self) -> tuple[Edition, ...]:
        return tuple(languages.edition(entry.code, entry.name, entry.locale, entry.direction)
                     for entry in self.language_entries)


@dataclass(frozen=True)
class Organisation:
    id: Id = doc("Short id used to refer to the organisation, e.g. kommunen; its page address.")
    name: Name = doc("Full name, e.g. Vingåkers kommun.")
    short: Name = doc("How the organisation is named in a sentence, e.g. kommunen.")
    url: HttpsUrl | None = doc("The organisation's website.", None)
    kind: Literal["municipality", "police", "region", "national_agency", "fire_service", "housing", "school",
                  "business", "association", "other"] | None = doc(
        "What kind of organisation it is: municipality (kommun), police, region, national_agency (a national "
        "agency such as Trafikverket), …; shown on its page and in the open data.", None)


@dataclass(frozen=True)
class Coordinates:
    lat: float = doc("Latitude in decimal degrees (WGS 84), e.g. 57.8085.")
    lon: float = doc("Longitude in decimal degrees (WGS 84), e.g. 12.3627.")


@dataclass(frozen=True)
class Place:
    id: Id = doc("Short id used to refer to the place; its page address, kept forever.")
    name: Name = doc("The place's name, e.g. Floda stationsområde.")
    description: RichText | None = doc("A sentence about where the place is.", None)
    coordinates: Coordinates | None = doc("Where the place is, for a link to a map.", None)
    area: bool = doc(
        "True when the place is an area or a group of places (the whole municipality, a district, "
        "all schools) rather than one spot: it has no coordinates and no map link.", False)


@dataclass(frozen=True)
class Contact:
    id: Id = doc("Short id used to refer to the contact.")
    name: str = doc("The person's name, or a function such as Kontaktcenter.")
    organisation: OrganisationRef = doc("The id of the organisation the contact works for.")
    role: Name | None = doc("The person's role, e.g. kommunpolis.", None)
    email: Email | None = doc("E-mail address.", None)
    phone: Phone | None = doc("Phone number with area code, in quotes.", None)
    function: bool = doc(
        "True when the contact is a function of the organisation (a contact centre, a service desk) "
        "rather than a named person.", False)
    url: HttpsUrl | None = doc("A web page for reaching the contact, e.g. a contact form.", None)


@dataclass(frozen=True)
class Survey:
    id: Id = doc("Short id used to refer to the survey.")
    title: I18n = doc("The survey's name as residents see it.")
    url: HttpsUrl = doc("Where the survey is answered.")
    closes: dt.date = doc("The last day to answer (YYYY-MM-DD).")
    opens: dt.date | None = doc("The first day to answer (YYYY-MM-DD).", None)
    description: RichText | None = doc("Why residents should answer, in a few sentences.", None)
    provider: str | None = doc("The service that hosts the survey, e.g. Netigate (named before anything loads).", None)
    embed_url: HttpsUrl | None = doc(
        "Address of the form for showing it inside the page, loaded only when the resident asks "
        "(needs provider).", None)


@dataclass(frozen=True)
class Extension:
    original_end: PeriodDate = doc("The end the promise had before it was extended (YYYY-MM-DD, YYYY-MM or YYYY).")
    reason: I18n | None = doc("Why the promise was extended (or reason_unpublished: true).", None)
    decided: PeriodDate | None = doc("When the extension was decided (YYYY-MM-DD, YYYY-MM or YYYY).", None)
    reason_unpublished: bool = doc(
        "True when the reason for the extension was never published: the page says so (instead of reason).", False)


@dataclass(frozen=True)
class Period:
    start: PeriodDate = doc("First day (YYYY-MM-DD), month (YYYY-MM) or year (YYYY) of the promise.")
    end: PeriodDate = doc(
        "Last day (YYYY-MM-DD), month (YYYY-MM) or year (YYYY) of the promise; after an extension, the new end.")
    extension: Extension | None = doc("Set when the promise was extended: the original end and the reason.", None)


@dataclass(frozen=True)
class Update:
    date: PeriodDate = doc(
        "When it happened: a day (YYYY-MM-DD), or a month (YYYY-MM) or year (YYYY) when only that is known.")
    text: RichText = doc("What was done, in a sentence or two.")
    source: Name = doc("Where this is reported, e.g. BRÅ-möte 2019-10-03.")
    status: Status | None = doc("The activity's status after this update.", None)
    reason: RichText | None = doc("Why, when the status is delayed or cancelled (required then).", None)
    progress: float | None = doc("How far the activity's target has come, in its unit, e.g. 34 (needs a target).", None)
    progress_more_than: bool = doc(
        "True when the report gives only a lower bound, e.g. \"more than 10\" (fler än 10): progress is then 10.",
        False)


@dataclass(frozen=True)
class Target:
    # `value` may be left out when a direction is given, and keeps its place first (kw_only).
    value: float | None = doc("The number promised, e.g. 70 (may be left out when direction is given).", None,
                              kw_only=True)
    unit: Name = doc("What is counted, e.g. hastighetskontroller.")
    by: PeriodDate | None = doc(
        "When the target is to be reached (YYYY-MM-DD, YYYY-MM or YYYY); default: the end of the period.", None)
    at_least: bool = doc("True when the promise says \"at least\" (minst).", False)
    direction: Literal["increase", "decrease"] | None = doc(
        "increase (öka) or decrease (minska), when the target is a change from a starting point.", None)
    baseline: float | None = doc("The starting point the change is measured from (utgångsläge), e.g. 40.", None)
    baseline_date: PeriodDate | None = doc("When the starting point was measured (YYYY-MM-DD, YYYY-MM or YYYY).",
                                           None)


@dataclass(frozen=True)
class Theme:
    id: Id = doc("Short id of the theme, unique within its promise; activities name it.")
    title: I18n = doc("The theme's heading, e.g. Tryggare skolvägar.")
    description: RichText | None = doc("A sentence or two about the theme.", None)


@dataclass(frozen=True)
class Activity:
    id: Id = doc("Short id of the activity, unique within its promise.")
    title: I18n = doc("What is promised, e.g. Nattvandring.")
    owners: tuple[OrganisationRef, ...] = doc("Ids of the responsible organisations (ansvarig).")
    purpose: I18n | None = doc("Why (syfte), when the promise states it.", None)
    theme: str | None = doc("Id of the promise's theme the activity belongs to (a heading on the page).", None)
    target: Target | None = doc("A measurable target, e.g. at least 70 speed checks during the year.", None)
    targets: tuple[Target, ...] = doc(
        "Several measurable targets for one activity (instead of target); progress counts towards the first.", ())
    partners: tuple[OrganisationRef, ...] = doc("Ids of organisations that take part without being responsible.", ())
    partner_groups: tuple[Name, ...] = doc("Partners that are not one organisation, e.g. lokala bostadsbolag.", ())
    and_others: bool = doc("True when the published promise says \"med flera\" after the partners.", False)
    status: Status | None = doc("The status before any update says otherwise.", None)
    status_reason: RichText | None = doc("Why, when that status is delayed or cancelled (required then).", None)
    places: tuple[PlaceRef, ...] = doc("Ids of the places the activity concerns.", ())
    updates: tuple[Update, ...] = doc("Dated, sourced reports of what has been done.", ())


@dataclass(frozen=True)
class Measurement:
    date: PeriodDate = doc("When it was measured: a day (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY).")
    value: float = doc("The measured value, a number with a decimal point, e.g. 48.5.")


@dataclass(frozen=True)
class Indicator:
    title: I18n = doc("What is measured, e.g. Andel som känner sig trygga vid Floda station.")
    unit: Name = doc("The unit of the values, e.g. procent.")
    source: Name = doc("Where the values come from, e.g. Trygghetsenkäten.")
    values: tuple[Measurement, ...] = doc("The measurements, one per date.")
    example: bool = doc("True when the values are invented for illustration: the page says so.", False)


@dataclass(frozen=True)
class Result:
    title: I18n = doc("The result in one line, e.g. Ökad upplevd trygghet i Floda.")
    text: RichText | None = doc("The result explained.", None)
    date: PeriodDate | None = doc(
        "When the result was reported: a day (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY).", None)
    outcome: Literal["improved", "unchanged", "worsened"] | None = doc(
        "What the result shows: improved, unchanged (no progress) or worsened, when the source says so.", None)
    source: Name | None = doc("Where the result comes from.", None)
    # Called `by` until 91f26ec (`by` is the target's deadline: one word for two things).
    made_by: tuple[OrganisationRef, ...] = doc(
        "Ids of the organisations that made the follow-up or evaluation, when one party did.", (), formerly="by")
    document: str | None = doc("Id of the promise's document the result comes from.", None)
    indicators: tuple[Indicator, ...] = doc("Figures measured over time that show the result.", ())


@dataclass(frozen=True)
class Image:
    file: ContentFile = doc("Path of the image inside content/, e.g. images/floda.jpg.")
    alt: I18n = doc("What the image shows, for residents who cannot see it.")
    credit: Name | None = doc("Photographer and rights, e.g. Fotograf: Annika Lindqvist.", None)


@dataclass(frozen=True)
class Meeting:
    date: dt.date = doc("The day of the meeting (YYYY-MM-DD).")
    title: Name = doc("What the meeting is, e.g. BRÅ-möte.")
    place: Name | None = doc("Where it is held.", None)
    time: ClockTime | None = doc("When it starts, as HH:MM in Swedish time, e.g. \"18:00\" (in quotes).", None)
    end_time: ClockTime | None = doc("When it ends, as HH:MM, e.g. \"19:30\" (needs time).", None)


@dataclass(frozen=True)
class Signer:
    name: str | None = doc("The person's name, e.g. Anna Andersson.", None)
    role: Name | None = doc("The person's role, e.g. kommunstyrelsens ordförande.", None)
    organisation: OrganisationRef | None = doc("The id of the organisation the person signed for.", None)


@dataclass(frozen=True)
class Signing:
    date: PeriodDate = doc("When the promise was signed (YYYY-MM-DD, YYYY-MM or YYYY).")
    signers: tuple[Signer, ...] = doc("Who signed it: a name, a role or both, and for which organisation.", ())


@dataclass(frozen=True)
class Film:
    title: I18n = doc("The film's title.")
    url: HttpsUrl = doc("Where the film is published.")
    provider: str | None = doc("The service that hosts the film, e.g. YouTube (named before anything loads).", None)
    embed_url: HttpsUrl | None = doc(
        "Address of the film's player for showing it inside the page, loaded only when the resident "
        "asks (needs provider).", None)


DOCUMENT_KINDS = ("signed_promise", "situation", "follow_up", "evaluation", "other")


@dataclass(frozen=True)
class Attachment:
    """A document that belongs to a promise: the signed promise, the lägesbild, a report."""

    id: Id = doc("Short id of the document, unique within its promise; results name it.")
    kind: Literal["signed_promise", "situation", "follow_up", "evaluation", "other"] = doc(
        "signed_promise (the signed promise), situation (lägesbild), follow_up (follow-up report), "
        "evaluation, or other.")
    title: I18n = doc("The document's title.")
    file: ContentFile | None = doc(
        "Path of the file inside content/, e.g. documents/lofte-2024.pdf (or give url).", None)
    url: HttpsUrl | None = doc("Where the document is published (or give file).", None)
    format: str | None = doc("The file format, e.g. PDF (default: from the file's name).", None)
    size: int | None = doc("The size in bytes (default: measured for a file in content/).", None)
    language: str | None = doc("The language of the document, e.g. sv.", None)
    date: PeriodDate | None = doc("When the document was published or signed (YYYY-MM-DD or YYYY-MM).", None)
    # Called `by` until 91f26ec, as in Result.
    made_by: tuple[OrganisationRef, ...] = doc("Ids of the organisations that wrote it, when not all who promise.", (),
                                               formerly="by")


@dataclass(frozen=True)
class Promise:
    id: Id = doc("Short id of the promise; its page address, kept forever.")
    title: I18n = doc("The promise's name, e.g. Medborgarlöfte Vingåker 2019.")
    owners: tuple[OrganisationRef, ...] = doc("Ids of the organisations making the promise.")
    period: Period = doc("When the promise applies.")
    focus: I18n = doc("What the promise concentrates on.")
    goal: RichText = doc("What the promise is to achieve.")
    activities: tuple[Activity, ...] = doc("What is promised.")
    follow_up: RichText | None = doc("How and where the promise is followed up, when the promise states it.", None)
    themes: tuple[Theme, ...] = doc("Headings that group the activities, e.g. Trygg trafikmiljö.", ())
    partners: tuple[OrganisationRef, ...] = doc("Ids of organisations that take part without making the promise.", ())
    partner_groups: tuple[Name, ...] = doc("Partners that are not one organisation, e.g. lokala bostadsbolag.", ())
    and_others: bool = doc("True when the published promise says \"med flera\" after the partners.", False)
    documents: tuple[Attachment, ...] = doc("The signed promise, the lägesbild, follow-up reports and evaluations.", ())
    places: tuple[PlaceRef, ...] = doc("Ids of the places the promise concerns.", ())
    background: RichText | None = doc("Why this promise: what residents said, what the situation is.", None)
    results: tuple[Result, ...] = doc("What the promise achieved.", ())
    contacts: tuple[ContactRef, ...] = doc("Ids of the people to contact about the promise.", ())
    surveys: tuple[SurveyRef, ...] = doc("Ids of surveys that belong to the promise.", ())
    image: Image | None = doc("A picture for the promise page.", None)
    films: tuple[Film, ...] = doc("Films about the promise.", ())
    meetings: tuple[Meeting, ...] = doc("Scheduled follow-up meetings, e.g. of the local crime prevention council.", ())
    signed: Signing | None = doc("When the promise was signed, and by whom.", None)


@dataclass(frozen=True)
class Nonconformity:
    text: I18n = doc("What is not accessible.")
    reason: I18n = doc("Why, and what is done about it.")


@dataclass(frozen=True)
class Accessibility:
    conformance: Literal["full", "partial", "none"] = doc("Meets WCAG 2.1 AA fully, partially or not.")
    method: Literal["self_assessment", "external_review"] = doc("How the site was assessed.")
    assessed: dt.date = doc("When the site was last assessed.")
    updated: dt.date = doc("When this statement was last updated.")
    contact: ContactRef = doc("Id of the contact for reporting problems and asking for accessible versions.")
    nonconformities: tuple[Nonconformity, ...] = doc("Content that is not accessible, and why.", ())
    disproportionate_burden: tuple[Nonconformity, ...] = doc(
        "Content exempted as a disproportionate burden, and why.", ()
    )
    outside_scope: tuple[Nonconformity, ...] = doc("Content outside the law's scope.", ())


@dataclass(frozen=True)
class Document:
    site: Site = doc("About the site as a whole.")
    organisations: tuple[Organisation, ...] = doc("The organisations that make promises.")
    promises: tuple[Promise, ...] = doc("The medborgarlöften.")
    accessibility: Accessibility = doc("The accessibility statement (tillgänglighetsredogörelse).")
    places: tuple[Place, ...] = doc("Places that promises and activities concern.", ())
    contacts: tuple[Contact, ...] = doc("People residents can contact.", ())
    surveys: tuple[Survey, ...] = doc("Questionnaires residents can answer.", ())
    meetings: tuple[Meeting, ...] = doc(
        "Meetings not tied to one promise, e.g. a citizens' dialogue about all of them: shown on the start page.", ())
