"""A seeded generator of national-scale promises.yaml files: the same seed gives the same bytes.

Every municipality gets its kommun as an organisation, 2 to 4 places, 1 or 2 contacts, a survey and
two promises (one ended, one current on the build date) of 4 to 6 activities, each with 1 to 4 dated,
sourced updates. Texts are Swedish with English translations, as long as real promises' texts.
The file is valid without a single warning for the build date given (`--today`).

    python -m bench.synthetic --municipalities 290 --seed 1 --today 2025-06-01 -o promises.yaml
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import textwrap
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from bench.municipalities import REGIONS, interleaved

T = tuple[str, str]  # a text in Swedish and English
MONTHS_SV = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
             "november", "december")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")

PLACE_KINDS: tuple[tuple[str, str, str], ...] = (
    # (id suffix, Swedish name with {ort}, English name)
    ("station", "Stationsområdet i {ort}", "{ort} station area"),
    ("centrum", "{ort} centrum", "{ort} town centre"),
    ("torget", "Stora torget i {ort}", "The main square in {ort}"),
    ("busstorget", "Busstorget i {ort}", "The bus terminal in {ort}"),
    ("idrottsplatsen", "Idrottsplatsen i {ort}", "The sports ground in {ort}"),
    ("hamnen", "Hamnen i {ort}", "The harbour in {ort}"),
    ("parken", "Stadsparken i {ort}", "The town park in {ort}"),
    ("skolomradet", "Skolområdet vid {ort}skolan", "The school grounds at {ort} school"),
    ("gangtunneln", "Gångtunneln vid {ort} resecentrum", "The pedestrian tunnel at {ort} travel centre"),
)
PLACE_DESCRIPTIONS: tuple[T, ...] = (
    ("Området runt stationen, med perrongerna, cykelparkeringen och gångvägarna mot centrum.",
     "The area around the station, with the platforms, the bicycle parking and the footpaths towards the centre."),
    ("Torget och gatorna runt det, där många unga samlas på kvällar och helger.",
     "The square and the streets around it, where many young people gather in the evenings and at weekends."),
    ("Parken med lekplatsen, gångstråken och parkeringen vid sporthallen.",
     "The park with the playground, the footpaths and the car park by the sports hall."),
)

FIRST_NAMES = ("Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva", "Johan", "Lena", "Per", "Sara", "Mikael",
               "Emma", "Fredrik", "Malin", "Jonas", "Sofia", "Magnus", "Helena", "Daniel", "Linnea", "Ahmed",
               "Fatima", "Mohammed", "Elin", "Oskar", "Ida", "Niklas", "Amira", "Kristina")
LAST_NAMES = ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
              "Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Lindberg",
              "Lindqvist", "Berglund", "Strömblad", "Holm", "Sandberg", "Forsberg", "Sjöberg", "Ali", "Hassan",
              "Öberg", "Åkesson", "Ekström", "Lundgren", "Nyström")

# (title, purpose, who owns it: "kommun", "polis" or "both", whether it concerns places)
ACTIVITIES: tuple[tuple[T, T, str, bool], ...] = (
    (("Trygghetsvandring vid {place}", "Safety walk at {place}"),
     ("Inventera platsen tillsammans med boende för att kunna göra trygghetsskapande och brottsförebyggande "
      "åtgärder", "Survey the place with residents so that measures can be taken to increase safety and prevent "
      "crime"), "both", True),
    (("Ökad polisiär närvaro kvällstid", "More police presence in the evenings"),
     ("Öka tryggheten och minska ordningsstörningarna genom synlig polis till fots fredag och lördag kväll",
      "Make people feel safer and reduce disorder through visible police on foot on Friday and Saturday "
      "evenings"), "polis", True),
    (("Nattvandring", "Night walking"),
     ("Stödja föreningarna som nattvandrar och utöka antalet aktiva nattvandrare, särskilt under lov och helger",
      "Support the associations that walk at night and increase the number of active night walkers, above all "
      "during holidays and at weekends"), "kommun", False),
    (("Bättre belysning på gångvägar och i tunnlar", "Better lighting on footpaths and in tunnels"),
     ("Göra platser som upplevs som mörka och otrygga mer överblickbara och trygga att röra sig på",
      "Make places that feel dark and unsafe easier to see across and safer to move through"), "kommun", True),
    (("Snabb sanering av klotter och skadegörelse", "Quick removal of graffiti and repair of vandalism"),
     ("Hålla offentliga miljöer hela och rena så att de upplevs som omhändertagna och trygga",
      "Keep public places whole and clean so that they feel cared for and safe"), "kommun", True),
    (("Samverkan mot narkotika bland unga", "Working together against drugs among young people"),
     ("Upptäcka och förebygga narkotikabruk bland unga genom samverkan mellan skola, socialtjänst och polis",
      "Detect and prevent drug use among young people through cooperation between schools, social services and "
      "the police"), "both", False),
    (("Trafikkontroller vid skolor", "Traffic checks near schools"),
     ("Sänka hastigheten och öka trafiksäkerheten för barn på väg till och från skolan",
      "Lower speeds and make the way to and from school safer for children"), "polis", True),
    (("Medborgardialog om trygghet", "Citizen dialogue on safety"),
     ("Ta reda på vad invånarna upplever som otryggt och följa upp om de lovade aktiviteterna har gett resultat",
      "Find out what residents feel is unsafe and follow up whether the promised activities have had results"),
     "both", False),
    (("Grannsamverkan i bostadsområden", "Neighbourhood watch in residential areas"),
     ("Minska antalet bostadsinbrott genom att fler grannar håller uppsikt och vet hur de larmar",
      "Reduce burglaries by having more neighbours keep watch and know how to raise the alarm"), "both", False),
    (("Fältassistenter på plats under helger", "Youth outreach workers on duty at weekends"),
     ("Finnas där unga samlas, fånga upp unga i riskzonen och slussa dem vidare till rätt stöd",
      "Be where young people gather, reach those at risk and guide them to the right support"), "kommun", True),
    (("Platssamverkan med fastighetsägare och handlare", "Place-based cooperation with property owners and shops"),
     ("Samordna städning, belysning och tillsyn med fastighetsägare och handlare i området",
      "Coordinate cleaning, lighting and supervision with the property owners and shops in the area"), "both", True),
    (("Förebygga bedrägerier mot äldre", "Preventing fraud against older people"),
     ("Informera äldre om vanliga bedrägerier så att färre luras att lämna ut koder, kort eller pengar",
      "Tell older people about common frauds so that fewer are tricked into handing over codes, cards or money"),
     "both", False),
    (("Gemensam tillsyn av restauranger med serveringstillstånd", "Joint inspections of licensed restaurants"),
     ("Minska våld och berusning i nattlivet genom gemensam tillsyn av krogar och restauranger",
      "Reduce violence and drunkenness at night through joint inspections of bars and restaurants"), "both", False),
)

# Update texts: {place}, {n} and {month} are filled in; both languages say the same.
UPDATES: tuple[T, ...] = (
    ("Trygghetsvandring genomförd vid {place} med {n} boende, polis och kommun. Belysningen och buskagen "
     "noterades för åtgärd.", "Safety walk held at {place} with {n} residents, the police and the municipality. "
     "The lighting and the bushes were noted for action."),
    ("Polisen har patrullerat till fots vid {place} fredag och lördag kväll under {month}.",
     "The police patrolled on foot at {place} on Friday and Saturday evenings during {month}."),
    ("Klotter tas nu bort inom 48 timmar från anmälan; {n} anmälningar hanterades under {month}.",
     "Graffiti is now removed within 48 hours of being reported; {n} reports were handled during {month}."),
    ("Informationskväll för nya nattvandrare; {n} nya anmälde sig.",
     "Information evening for new night walkers; {n} new volunteers signed up."),
    ("Ny belysning är uppsatt längs gångvägen vid {place}. Arbetet blev klart enligt plan.",
     "New lighting has been put up along the footpath at {place}. The work was finished as planned."),
    ("Gemensam tillsyn av {n} restauranger genomförd av kommun och polis under {month}. Inga allvarliga brister "
     "hittades.", "Joint inspection of {n} restaurants carried out by the municipality and the police during "
     "{month}. No serious shortcomings were found."),
    ("Lägesbilden redovisades i BRÅ. Arbetet fortsätter enligt plan och nästa uppföljning sker i {month}.",
     "The situation was presented to BRÅ. The work continues as planned and is next followed up in {month}."),
    ("Fältassistenterna mötte {n} ungdomar vid {place} under helgerna i {month} och hänvisade flera vidare till "
     "fritidsgårdarna.", "The outreach workers met {n} young people at {place} during the weekends in {month} and "
     "referred several of them to the youth centres."),
    ("Informationsmöte om bedrägerier hölls för {n} seniorer på biblioteket, tillsammans med pensionärsföreningarna.",
     "An information meeting about fraud was held for {n} older people at the library, together with the "
     "pensioners' associations."),
    ("{n} nya områden har startat grannsamverkan och fått skyltar och utbildning av polisen.",
     "{n} new areas have started a neighbourhood watch and have received signs and training from the police."),
    ("Hastighetskontroller vid skolorna under {month}: {n} förare rapporterades för för hög hastighet.",
     "Speed checks near the schools during {month}: {n} drivers were reported for speeding."),
    ("Enkätsvaren har sammanställts och redovisats för kommunstyrelsen och lokalpolisområdet.",
     "The survey answers have been compiled and presented to the municipal executive board and the local police "
     "area."),
)
REASONS: dict[str, tuple[T, ...]] = {
    "delayed": (
        ("Upphandlingen av ny belysning överklagades; arbetet beräknas starta efter sommaren.",
         "The procurement of new lighting was appealed; the work is expected to start after the summer."),
        ("Färre poliser har kunnat avdelas kvällstid under hösten på grund av allvarliga händelser i regionen.",
         "Fewer police officers could be spared in the evenings this autumn because of serious incidents in the "
         "region."),
    ),
    "cancelled": (
        ("Aktiviteten ersätts av en ny satsning i nästa medborgarlöfte, efter beslut i BRÅ.",
         "The activity is replaced by a new effort in the next citizen promise, as decided by BRÅ."),
    ),
}
SOURCES: tuple[T, ...] = (
    ("BRÅ-möte {date}", "BRÅ meeting {date}"),
    ("Polisens lägesrapport {month}", "Police situation report, {month}"),
    ("Kommunens trygghetsrapport {year}", "The municipality's safety report {year}"),
    ("Protokoll från styrgruppen {date}", "Minutes of the steering group {date}"),
)
FOCUS: tuple[T, ...] = (
    ("Medborgarlöftet har särskilt fokus på tryggheten runt {place} och i centrum på kvällstid.",
     "The citizen promise focuses on safety around {place} and in the town centre in the evenings."),
    ("Löftet handlar om att minska otryggheten bland unga och äldre i {ort}, särskilt vid {place}.",
     "The promise is about making young and older people in {ort} feel less unsafe, above all at {place}."),
    ("Fokus ligger på narkotika bland unga och på ordningsstörningar vid {place}.",
     "The focus is on drugs among young people and on disorder at {place}."),
)
BACKGROUND: tuple[T, ...] = (
    ("Invånarna har i en trygghetsenkät uttryckt upplevd otrygghet vid {place}, främst på kvällar och helger.",
     "In a safety survey, residents said they felt unsafe at {place}, above all in the evenings and at weekends."),
    ("Polisens medborgardialog visar att många undviker vissa platser i {ort} när det är mörkt.",
     "The police's citizen dialogue shows that many people avoid certain places in {ort} after dark."),
    ("Antalet anmälningar om skadegörelse och ordningsstörningar har ökat de senaste två åren.",
     "The number of reports of vandalism and disorder has risen over the last two years."),
    ("Lägesbilden har tagits fram gemensamt av kommunen och lokalpolisområdet och förankrats i BRÅ.",
     "The assessment of the situation was made jointly by the municipality and the local police area and agreed "
     "in BRÅ."),
    ("Skolorna och fritidsgårdarna beskriver en oro för att unga rekryteras in i kriminalitet.",
     "The schools and youth centres describe a concern that young people are being recruited into crime."),
)
GOAL: tuple[T, ...] = (
    ("Öka tryggheten och ge invånarna och andra aktörer möjligheten att aktivt bidra till detta.",
     "Increase safety and give residents and other parties the opportunity to contribute actively to it."),
    ("Andelen invånare som känner sig trygga ute på kvällen i {ort} ska öka till nästa trygghetsmätning.",
     "The share of residents in {ort} who feel safe outdoors in the evening is to rise by the next safety survey."),
    ("Färre ska uppleva problem med nedskräpning, klotter och ordningsstörningar vid {place}.",
     "Fewer people are to experience problems with litter, graffiti and disorder at {place}."),
    ("Unga ska ha trygga mötesplatser och vuxna på plats där de rör sig på kvällar och helger.",
     "Young people are to have safe meeting places and adults present where they spend evenings and weekends."),
)
FOLLOW_UP: tuple[T, ...] = (
    ("Polis och kommun följer upp aktiviteterna i det gemensamma forumet BRÅ (brottsförebyggande rådet) under "
     "den tid medborgarlöftet gäller.", "The police and the municipality follow up the activities in their joint "
     "forum, the local crime prevention council (BRÅ), for as long as the citizen promise applies."),
    ("Uppföljningen sker varje kvartal i styrgruppen för trygghetsarbetet och redovisas för kommunstyrelsen.",
     "The follow-up is made every quarter in the steering group for safety work and is reported to the municipal "
     "executive board."),
    ("Resultatet mäts med polisens trygghetsmätning och kommunens egen enkät när löftesperioden är slut.",
     "The result is measured with the police's safety survey and the municipality's own survey when the promise "
     "period ends."),
)
RESULTS: tuple[tuple[T, T], ...] = (
    (("Ökad upplevd trygghet vid {place}", "People feel safer at {place}"),
     ("I den senaste trygghetsmätningen svarade fler än tidigare att de känner sig trygga vid {place} på kvällen.",
      "In the latest safety survey more people than before said they feel safe at {place} in the evening.")),
    (("Färre anmälningar om skadegörelse", "Fewer reports of vandalism"),
     ("Anmälningarna om skadegörelse minskade under löftesperioden jämfört med året innan.",
      "Reports of vandalism fell during the promise period compared with the year before.")),
    (("Fler aktiva nattvandrare", "More active night walkers"),
     ("Antalet aktiva nattvandrare har ökat och fler helgkvällar är bemannade.",
      "The number of active night walkers has grown and more weekend evenings are covered.")),
)
SURVEY_DESCRIPTION: T = (
    "Du som bor eller verkar i {ort} kan påverka hur polis och kommun samverkar i det brottsförebyggande och "
    "trygghetsfrämjande arbetet. Svaren blir en del av den gemensamma lägesbild som kommande medborgarlöften bygger "
    "på. Enkäten tar bara några minuter.",
    "If you live or work in {ort}, you can influence how the police and the municipality work together to prevent "
    "crime and make people feel safe. Your answers become part of the shared picture of the situation that future "
    "citizen promises are based on. The survey takes only a few minutes.",
)


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")


def genitive(name: str) -> str:
    """Lerum → Lerums (kommun); Ale, Borås → unchanged."""
    return name if name[-1] in "sxzaeiouyåäö" else name + "s"


# Names that would fold to another municipality's id: Håbo and Habo.
_SAME_SLUG = {"Håbo": "haabo"}


class Quoted(str):
    """A text always written in double quotes (phone numbers, as the editors' guide asks)."""


class Flow(list[str]):
    """A short list of ids written on one line: [a, b]."""


def _fill(text: T, **values: Any) -> dict[str, str]:
    """A {sv, en} text with its placeholders filled; a value that is a pair differs by language."""
    out = {}
    for index, lang in enumerate(("sv", "en")):
        chosen = {k: (v[index] if isinstance(v, tuple) else v) for k, v in values.items()}
        out[lang] = text[index].format(**chosen)
    return out


def _compose(rng: random.Random, bank: Sequence[T], low: int, **values: Any) -> dict[str, str]:
    """Sentences from a bank, in a random order, until the Swedish text is at least `low` long."""
    order = list(bank)
    rng.shuffle(order)
    chosen: list[dict[str, str]] = []
    for sentence in order:
        chosen.append(_fill(sentence, **values))
        if sum(len(c["sv"]) + 1 for c in chosen) >= low:
            break
    return {lang: " ".join(c[lang] for c in chosen) for lang in ("sv", "en")}


def _month(day: dt.date) -> tuple[str, str]:
    return f"{MONTHS_SV[day.month - 1]} {day.year}", f"{MONTHS_EN[day.month - 1]} {day.year}"


def _days_between(rng: random.Random, first: dt.date, last: dt.date, count: int) -> list[dt.date]:
    """`count` different days (two updates of one activity on one day, with different statuses, are a
    warning: only the later in the file counts), sorted; the same random draws as ever."""
    span = max((last - first).days, 0)
    days = sorted(first + dt.timedelta(days=rng.randint(0, span)) for _ in range(count))
    for i in range(1, len(days)):
        days[i] = max(days[i], days[i - 1] + dt.timedelta(days=1))
    overflow = (days[-1] - last).days if days else 0
    return [day - dt.timedelta(days=overflow) for day in days] if overflow > 0 else days


def _statuses(rng: random.Random, count: int) -> list[tuple[str | None, str | None]]:
    """A plausible sequence of (status, reason kind) for an activity's updates, oldest first."""
    path = rng.choice((("in_progress", "done"), ("ongoing",), ("in_progress",), ("in_progress", "delayed"),
                       ("ongoing", "cancelled"), ("done",)))
    out: list[tuple[str | None, str | None]] = []
    for index in range(count):
        status: str | None = path[min(index, len(path) - 1)]
        if index > 0 and status == path[min(index - 1, len(path) - 1)] and rng.random() < 0.4:
            status = None  # an update that reports without changing the status
        out.append((status, status if status in REASONS else None))
    return out


class _Municipality:
    def __init__(self, rng: random.Random, name: str, region: str, today: dt.date) -> None:
        self.rng = rng
        self.name = name
        self.region = region
        self.today = today
        self.slug = slug(name) if name not in _SAME_SLUG else _SAME_SLUG[name]
        self.kommun = f"{self.slug}-kommun"
        self.police = f"polisregion-{region}"
        self.domain = self.slug.replace("-", "") + ".se"
        kinds = rng.sample(PLACE_KINDS, rng.randint(2, 4))
        self.places = [(f"{self.slug}-{suffix}", (sv.format(ort=name), en.format(ort=name)))
                       for suffix, sv, en in kinds]
        self.place_descriptions = [rng.choice(PLACE_DESCRIPTIONS) if rng.random() < 0.4 else None
                                   for _ in self.places]
        self.contacts = [self._contact("kommun")] + ([self._contact("polis")] if rng.random() < 0.7 else [])
        self.survey_id = f"{self.slug}-trygghetsenkat"

    def _contact(self, kind: str) -> dict[str, Any]:
        first, last = self.rng.choice(FIRST_NAMES), self.rng.choice(LAST_NAMES)
        mail = f"{slug(first)}.{slug(last)}".replace("-", "")
        if kind == "polis":
            return {"id": f"{self.slug}-{slug(first)}-{slug(last)}", "name": f"{first} {last}",
                    "organisation": self.police, "role": {"sv": "Kommunpolis", "en": "Community police officer"},
                    "email": f"{mail}@polisen.se",
                    "phone": Quoted(f"010-56 {self.rng.randint(10, 99)} {self.rng.randint(100, 999)}")}
        return {"id": f"{self.slug}-{slug(first)}-{slug(last)}", "name": f"{first} {last}",
                "organisation": self.kommun,
                "role": {"sv": "Trygghetssamordnare", "en": "Community safety coordinator"},
                "email": f"{mail}@{self.domain}",
                "phone": Quoted(f"0{self.rng.randint(10, 999)}-{self.rng.randint(100000, 999999)}")}

    def organisation(self) -> dict[str, Any]:
        return {"id": self.kommun, "name": {"sv": f"{genitive(self.name)} kommun", "en": f"{self.name} Municipality"},
                "short": {"sv": "kommunen", "en": "the municipality"}, "url": f"https://www.{self.domain}/",
                "kind": "municipality"}

    def place_entries(self) -> list[dict[str, Any]]:
        out = []
        for (pid, (sv, en)), description in zip(self.places, self.place_descriptions, strict=True):
            entry: dict[str, Any] = {"id": pid, "name": {"sv": sv, "en": en}}
            if description:
                entry["description"] = {"sv": description[0], "en": description[1]}
            out.append(entry)
        return out

    def survey(self) -> dict[str, Any]:
        # A third are open on the build date; the rest closed last autumn.
        if self.rng.random() < 0.33:
            opens, closes = self.today - dt.timedelta(days=14), self.today + dt.timedelta(days=30)
        else:
            opens, closes = dt.date(self.today.year - 1, 9, 1), dt.date(self.today.year - 1, 10, 15)
        return {"id": self.survey_id,
                "title": {"sv": f"Trygghetsenkät {self.name} {opens.year}",
                          "en": f"Safety survey {self.name} {opens.year}"},
                "description": _fill(SURVEY_DESCRIPTION, ort=self.name),
                "url": f"https://enkat.example.org/{self.slug}-{opens.year}",
                "opens": opens.isoformat(), "closes": closes.isoformat()}

    def promises(self) -> list[dict[str, Any]]:
        year = self.today.year
        ended = (dt.date(year - 3, self.rng.choice((1, 3, 6)), 1), (year - 1, self.rng.choice((2, 4, 6))))
        current = (dt.date(year - 1, self.rng.choice((7, 9, 10)), 1), (year + 1, self.rng.choice((6, 9, 12))))
        return [self._promise(start, end, index == 0) for index, (start, end) in enumerate((ended, current))]

    def _promise(self, start: dt.date, end: tuple[int, int], is_ended: bool) -> dict[str, Any]:
        rng = self.rng
        end_text = f"{end[0]:04d}-{end[1]:02d}"
        end_day = dt.date(end[0] + (end[1] == 12), end[1] % 12 + 1, 1) - dt.timedelta(days=1)
        place_ids = [pid for pid, _ in self.places]
        places = rng.sample(place_ids, rng.randint(1, len(place_ids)))
        main_place = dict(self.places)[places[0]]
        years = f"{start.year}–{end[0]}"
        activities = [self._activity(index, spec, start, min(end_day, self.today - dt.timedelta(days=1)))
                      for index, spec in enumerate(rng.sample(ACTIVITIES, rng.randint(4, 6)))]
        promise: dict[str, Any] = {
            "id": f"{self.slug}-{start.year}-{end[0]}",
            "title": {"sv": f"Medborgarlöfte {self.name} {years}", "en": f"Citizen promise {self.name} {years}"},
            "owners": Flow([self.kommun, self.police]),
            "period": {"start": start.isoformat(), "end": end_text},
            "places": Flow(places),
            "focus": _fill(rng.choice(FOCUS), place=main_place, ort=self.name),
            "background": _compose(rng, BACKGROUND, rng.randint(150, 300), place=main_place, ort=self.name),
            "goal": _compose(rng, GOAL, rng.randint(150, 250), place=main_place, ort=self.name),
            "follow_up": _compose(rng, FOLLOW_UP, rng.randint(120, 250)),
            "contacts": Flow([c["id"] for c in self.contacts]),
        }
        if not is_ended:
            promise["surveys"] = Flow([self.survey_id])
        if rng.random() < 0.3:
            promise["films"] = [{"title": {"sv": f"Film: Medborgarlöfte {self.name}",
                                           "en": f"Film: Citizen promise {self.name} (in Swedish)"},
                                 "url": f"https://film.example.org/medborgarlofte-{self.slug}"}]
        promise["activities"] = activities
        if is_ended:
            chosen = rng.sample(RESULTS, rng.randint(1, 2))
            promise["results"] = [
                {"title": _fill(title, place=main_place), "text": _fill(text, place=main_place),
                 "date": (end_day + dt.timedelta(days=rng.randint(20, 60))).isoformat(),
                 "source": {"sv": f"{genitive(self.name)} kommun", "en": f"{self.name} Municipality"}}
                for title, text in chosen]
        meetings = _days_between(rng, start + dt.timedelta(days=30), end_day, rng.randint(2, 4))
        promise["meetings"] = [
            {"date": day.isoformat(), "title": {"sv": "BRÅ-möte", "en": "BRÅ meeting"},
             "place": {"sv": f"{genitive(self.name)} kommunhus", "en": f"{self.name} town hall"}}
            for day in meetings]
        return promise

    def _activity(self, index: int, spec: tuple[T, T, str, bool], first: dt.date, last: dt.date) -> dict[str, Any]:
        rng = self.rng
        title, purpose, who, has_place = spec
        place_pid, place_name = rng.choice(self.places)
        owners = {"kommun": [self.kommun], "polis": [self.police], "both": [self.kommun, self.police]}[who]
        activity: dict[str, Any] = {
            "id": slug(title[0].split(" {")[0].split(" vid ")[0])[:40].strip("-") + f"-{index + 1}",
            "title": _fill(title, place=place_name),
            "purpose": dict(zip(("sv", "en"), purpose, strict=True)),
            "owners": Flow(owners),
        }
        if has_place:
            activity["places"] = Flow([place_pid])
        activity["status"] = "planned"
        count = rng.randint(1, 4)
        days = _days_between(rng, first + dt.timedelta(days=14), last, count)
        updates = []
        for day, (status, reason) in zip(days, _statuses(rng, count), strict=True):
            month = _month(day)
            update: dict[str, Any] = {"date": day.isoformat()}
            if status:
                update["status"] = status
            update["text"] = _fill(rng.choice(UPDATES), place=place_name, n=rng.randint(3, 40), month=month)
            if reason:
                update["reason"] = _fill(rng.choice(REASONS[reason]))
            meeting = day + dt.timedelta(days=rng.randint(0, 20))
            update["source"] = _fill(rng.choice(SOURCES), date=meeting.isoformat(), month=month, year=str(day.year))
            updates.append(update)
        activity["updates"] = updates
        return activity


def municipality_names(count: int) -> Iterator[tuple[str, str]]:
    """(name, region) for `count` municipalities: Sweden's 290, then numbered repeats for larger tests."""
    base = interleaved()
    for index in range(count):
        name, region = base[index % len(base)]
        yield (name if index < len(base) else f"{name} {index // len(base) + 1}"), region


def build_document(municipalities: int, seed: int, today: dt.date) -> dict[str, Any]:
    """The whole file as plain data (dicts, lists and texts, in the order they are written)."""
    rng = random.Random(seed)
    towns = [_Municipality(rng, name, region, today) for name, region in municipality_names(municipalities)]
    regions = sorted({t.region for t in towns}, key=list(REGIONS).index)
    organisations = [t.organisation() for t in towns] + [
        {"id": f"polisregion-{r}", "name": {"sv": REGIONS[r][0], "en": REGIONS[r][1]},
         "short": {"sv": "polisen", "en": "the police"}, "url": "https://polisen.se/", "kind": "police"}
        for r in regions]
    scope = "Sverige" if municipalities >= 100 else "några kommuner"
    return {
        "site": {"title": {"sv": f"Medborgarlöften i {scope}",
                           "en": "Citizen promises in Sweden" if municipalities >= 100
                           else "Citizen promises in some municipalities"},
                 "publisher": {"sv": "Kommunerna och Polisen", "en": "The municipalities and the Swedish Police"},
                 "example_data": True},
        "organisations": organisations,
        "places": [p for t in towns for p in t.place_entries()],
        "contacts": [c for t in towns for c in t.contacts],
        "surveys": [t.survey() for t in towns],
        "promises": [p for t in towns for p in t.promises()],
        "accessibility": {
            "conformance": "full", "method": "self_assessment",
            "assessed": (today - dt.timedelta(days=60)).isoformat(),
            "updated": (today - dt.timedelta(days=60)).isoformat(),
            "contact": towns[0].contacts[0]["id"],
            "outside_scope": [{
                "text": {"sv": "Enkäter och filmer som vi länkar till men som ligger hos andra tjänster.",
                         "en": "Surveys and films that we link to but that are hosted by other services."},
                "reason": {"sv": "Innehåll som vi varken har tagit fram, finansierat eller styr över omfattas inte "
                                 "av lagen.",
                           "en": "Content that we have neither produced, paid for nor control is outside the "
                                 "law's scope."}}],
        },
    }


# --- a small YAML emitter in the style of promises.yaml ---------------------------------------

# A conservative plain scalar: no ": " or " #", no flow or quote characters, no trailing space.
_PLAIN = re.compile(r'^[A-Za-z0-9ÅÄÖåäöÉéÜü(](?:[^:#"\[\]{}\n`|>&*!%]|:(?! )|(?<! )#)*(?<![ ,:])$')
_WIDTH = 100


def _scalar(value: str, indent: int) -> str:
    """` value` ready to follow `key:` or `- `, or a folded block for long prose."""
    if isinstance(value, Quoted) or not _PLAIN.match(value):
        return " " + json.dumps(value, ensure_ascii=False)
    if len(value) + indent > _WIDTH and "  " not in value:
        lines = textwrap.wrap(value, _WIDTH - indent - 2, break_long_words=False, break_on_hyphens=False)
        pad = " " * (indent + 2)
        return " >-\n" + "\n".join(pad + line for line in lines)
    return " " + value


def _emit(value: Any, indent: int, out: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, Flow):
                out.append(f"{pad}{key}: [{', '.join(item)}]")
            elif isinstance(item, bool):
                out.append(f"{pad}{key}: {'true' if item else 'false'}")
            elif isinstance(item, str):
                out.append(f"{pad}{key}:{_scalar(item, indent)}")
            else:
                out.append(f"{pad}{key}:")
                _emit(item, indent + 2, out)
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                start = len(out)
                _emit(item, indent + 2, out)
                out[start] = f"{pad}- {out[start][indent + 2:]}"
            else:
                out.append(f"{pad}-{_scalar(item, indent)}")
    else:
        raise TypeError(f"cannot write {value!r}")


def to_yaml(document: dict[str, Any]) -> str:
    out = ["# yaml-language-server: $schema=schema/promises.schema.json",
           "# Synthetic data made by `python -m bench.synthetic` for benchmarks: invented, not real promises."]
    for key, value in document.items():
        out.append("")
        _emit({key: value}, 0, out)
    return "\n".join(out) + "\n"


def generate(municipalities: int, seed: int = 1, today: dt.date = dt.date(2025, 6, 1)) -> str:
    return to_yaml(build_document(municipalities, seed, today))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synthetic", description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", "-n", type=int, default=10, help="how many municipalities (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2025, 6, 1),
                        help="the build date the data is made for (default 2025-06-01)")
    parser.add_argument("-o", "--output", type=Path, help="where to write the file (default: stdout)")
    args = parser.parse_args(argv)
    text = generate(args.municipalities, args.seed, args.today)
    if args.output is None:
        print(text, end="")
    else:
        args.output.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
