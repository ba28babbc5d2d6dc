"""`init`: replaces the example with a commented skeleton for a named municipality.

The skeleton is promises.yaml (site, the municipality and the police, one promise with one
activity, a survey, the accessibility statement), commented in Swedish for the editors who fill
it in, and an about page per language. It validates with no errors; its one warning (the
activity has no dated update yet) is explained in its comments. What the editors must replace
before publishing, `validate --strict` names (`data/placeholders.py` recognises it).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..data import languages, municipalities, schema
from ..data.validate import validate_file

# Letters Swedish names have that NFKD does not take apart into a base letter and a mark.
_FOLD = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "þ": "th"})


def name_id(name: str) -> str:
    """An id from a name: "Upplands Väsby" → "upplands-vasby", "Åre" → "are"."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lower().translate(_FOLD))
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


class UnknownMunicipality(ValueError):
    """The name is not one of Sweden's 290 municipalities in the table, and no official name was
    given: the skeleton would have to guess it."""


def official_name(name: str, given: str | None = None) -> str:
    """`given` (--official-name), else the official name in the table of Sweden's municipalities
    (data/municipalities.csv): "Öckerö kommun", "Borås Stad", "Region Gotland"."""
    found = given or municipalities.official_name(name)
    if found is None:
        raise UnknownMunicipality(name)
    return found


class SkeletonRefused(Exception):
    """init would replace real data (site.example_data is not true) without --force."""


@dataclass(frozen=True)
class Skeleton:
    files: dict[str, str]  # path relative to the project → text
    removed: tuple[str, ...]  # files of the example that the skeleton no longer uses


def _example_images(data: Path, content: Path) -> tuple[str, ...]:
    """The files in content/ that the example's promises name (images and documents)."""
    if not data.is_file():
        return ()
    document = validate_file(data, content, None).document
    if document is None:
        return ()
    used = {p.image.file for p in document.promises if p.image}
    used |= {d.file for p in document.promises for d in p.documents if d.file}
    return tuple(sorted(f"content/{f}" for f in used))


def is_example(data: Path, content: Path) -> bool:
    """True when the data file is missing, says it is example data, or is the skeleton init wrote,
    untouched: then init may replace it."""
    if not data.is_file():
        return True
    document = validate_file(data, content, None).document
    return document is None or document.site.example_data or _untouched_skeleton(data, document)


def _untouched_skeleton(data: Path, document: schema.Document) -> bool:
    """Whether the file is, to the byte, the skeleton init writes for the name, official name and
    day it names (site.title, the municipality's name, the accessibility statement's date)."""
    title, prefix = document.site.title.get(languages.DEFAULT), "Medborgarlöften i "
    kommun = next((o.name.get(languages.DEFAULT) for o in document.organisations if o.kind == "municipality"), None)
    if not title.startswith(prefix) or kommun is None:
        return False
    made = make_skeleton(title.removeprefix(prefix), document.accessibility.assessed, kommun)
    return data.read_text(encoding="utf-8") == made.files["promises.yaml"]


def make_skeleton(name: str, today: dt.date, official: str | None = None,
                  data: Path | None = None, content: Path | None = None) -> Skeleton:
    """The skeleton for the municipality called `name`, with its official name (`official`, else
    the table's; UnknownMunicipality when neither has one)."""
    slug = name_id(name)
    kommun = official_name(name, official)
    files = {
        "promises.yaml": PROMISES.format(name=name, slug=slug, kommun=kommun, year=today.year,
                                         today=today.isoformat()),
        "content/pages/sv/om.md": ABOUT_SV.format(name=name, kommun=kommun),
        "content/pages/en/om.md": ABOUT_EN.format(name=name),
    }
    removed = _example_images(data, content) if data is not None and content is not None else ()
    return Skeleton(files, removed)


def write_skeleton(root: Path, skeleton: Skeleton) -> None:
    for relative in skeleton.removed:
        (root / relative).unlink(missing_ok=True)
    for relative, text in skeleton.files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


PROMISES = """\
# yaml-language-server: $schema=schema/promises.schema.json
# Medborgarlöften för {name}: den enda källan till den publika webbplatsen.
# Skapad med `python -m generator init "{name}"`. Fyll i, kontrollera med
# `python -m generator validate` och bygg med `make build`. Se REDAKTORSGUIDE.md.
#
# Varje text skrivs på svenska och engelska: {{sv: …, en: …}}. Datum skrivs ÅÅÅÅ-MM-DD, eller
# ÅÅÅÅ-MM när bara månaden är känd. Telefonnummer inom citattecken: "08-123 45 67".

site:
  title:
    sv: Medborgarlöften i {name}
    en: Citizen promises in {name}
  # Namnet i sidhuvudet.
  short_title:
    sv: Medborgarlöften {name}
    en: Citizen promises {name}
  publisher:
    sv: {kommun} och Polisen
    en: {name} Municipality and the Swedish Police Authority
  # Webbplatsens adress behövs inte när GitHub Pages publicerar: publiceringen ger den. Skriv den
  # bara om webbplatsen publiceras på en annan adress:
  # url: https://medborgarloften.kommunen.se/
  example_data: false

# Organisationerna som lovar. Kommunens officiella namn kommer ur generatorns tabell över
# Sveriges kommuner ("Vingåkers kommun", "Öckerö kommun", "Borås Stad", "Region Gotland").
organisations:
  - id: kommunen
    kind: municipality
    name:
      sv: {kommun}
      en: {name} Municipality
    # Hur organisationen nämns i en mening: "Det här lovar polisen och kommunen".
    short:
      sv: kommunen
      en: the municipality
    # url: https://www.kommunen.se/
  - id: polisen
    kind: police
    name:
      sv: Polisen
      en: Swedish Police Authority
    short:
      sv: polisen
      en: the police
    url: https://polisen.se/

# Platser som löften och aktiviteter gäller. Ett område (hela kommunen, en stadsdel, alla
# skolor) har area: true och ingen karta; en punkt kan ha coordinates: {{lat: …, lon: …}}.
places:
  - id: hela-{slug}
    area: true
    name:
      sv: Hela {name}
      en: The whole of {name}

# Kontakter. En kontakt kan vara en person eller en funktion (function: true), t.ex. kontaktcenter.
contacts:
  - id: kontaktcenter
    name: Kontaktcenter
    function: true
    organisation: kommunen
    role:
      sv: kommunens kundtjänst
      en: the municipality's customer service
    # email: kontaktcenter@kommunen.se
    # phone: "08-123 45 67"

# Enkäter som invånarna kan svara på. Byt adressen mot er riktiga enkät.
surveys:
  - id: trygghetsenkat-{year}
    title:
      sv: Trygghetsenkät {name} {year}
      en: Safety survey {name} {year}
    url: https://example.org/trygghetsenkat
    opens: {year}-09-01
    closes: {year}-09-30

promises:
  - id: {slug}-{year}
    title:
      sv: Medborgarlöfte {name} {year}
      en: Citizen promise {name} {year}
    # Vilka som lovar: deras korta namn bildar meningen "Det här lovar polisen och kommunen".
    owners: [polisen, kommunen]
    # Fler parter: partners (organisationer ovan), partner_groups (t.ex. lokala bostadsbolag)
    # och and_others: true för "med flera".
    period:
      start: {year}-01-01
      end: {year}-12-31
    places: [hela-{slug}]
    focus:
      sv: Beskriv i en mening vad löftet handlar om.
      en: Say in one sentence what the promise is about.
    goal:
      sv: Beskriv vad löftet ska åstadkomma.
      en: Say what the promise is to achieve.
    # Hur löftet följs upp. Utelämna om det publicerade löftet inte säger det.
    follow_up:
      sv: Polisen och kommunen följer upp löftet i det lokala brottsförebyggande rådet.
      en: The police and the municipality follow the promise up in the local crime prevention council.
    surveys: [trygghetsenkat-{year}]
    contacts: [kontaktcenter]
    activities:
      - id: trygghetsvandring
        title:
          sv: Trygghetsvandring
          en: Safety walk
        purpose:
          sv: Hitta platser som känns otrygga och åtgärda dem.
          en: Find places that feel unsafe and put them right.
        owners: [kommunen]
        partners: [polisen]
        status: planned
        # Ett mätbart mål visas som "2 av 4" med en stapel när en uppdatering har progress: 2.
        target:
          value: 4
          at_least: true
          unit:
            sv: trygghetsvandringar
            en: safety walks
        # Inga uppdateringar ännu: validate varnar "aktiviteten har ingen daterad uppdatering"
        # tills den första finns. Lägg då till, med datum och källa:
        # updates:
        #   - date: {year}-10-03
        #     progress: 1
        #     text: {{sv: Första vandringen genomförd., en: First walk held.}}
        #     source: {{sv: BRÅ-möte {year}-10-03, en: BRÅ meeting {year}-10-03}}

# Tillgänglighetsredogörelsen (krävs enligt lag). Kontrollera uppgifterna före publicering.
accessibility:
  conformance: full  # FYLL I: bedöm webbplatsen mot WCAG 2.1 AA och ta bort den här kommentaren
  method: self_assessment
  assessed: {today}
  updated: {today}
  contact: kontaktcenter
"""

ABOUT_SV = """\
---
title: Om medborgarlöften
description: Vad ett medborgarlöfte är och hur löftena i {name} tas fram och följs upp.
---

# Om medborgarlöften

Ett medborgarlöfte är ett skriftligt löfte som polisen och {kommun} ger invånarna
tillsammans: några konkreta aktiviteter som ska minska brottsligheten och öka tryggheten,
under en bestämd period.

Den här sidan skrivs av redaktionen: berätta hur löftena i {name} tas fram, vilka som står
bakom dem och hur de följs upp.
"""

ABOUT_EN = """\
---
title: About citizen promises
description: What a citizen promise is, and how the promises in {name} are made and followed up.
---

# About citizen promises

A citizen promise (medborgarlöfte) is a written promise that the police and the municipality
make to residents together: a few concrete activities to reduce crime and make people feel
safer, for a set period.

The editors write this page: tell how the promises in {name} are made, who stands behind them
and how they are followed up.
"""
