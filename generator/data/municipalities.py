"""Sweden's 290 municipalities and the name each uses of itself (`municipalities.csv`).

The official name is "<name>s kommun" only where Swedish has the genitive s (Lerums kommun,
Vingåkers kommun, but Öckerö kommun, Malå kommun, Strängnäs kommun, Kalmar kommun, Falu
kommun, Orust kommun), the name of the 14 municipalities that call themselves a city as they
write it (Stockholms stad, Göteborgs Stad, Borås Stad), and Region Gotland. `init` and `new`
take a site's official name from here; a name the table lacks needs --official-name.
"""

from __future__ import annotations

import csv
import difflib
import functools
from dataclasses import dataclass
from pathlib import Path

FILE = Path(__file__).with_name("municipalities.csv")


@dataclass(frozen=True)
class Municipality:
    name: str  # as the municipality is called, e.g. "Upplands Väsby"
    official_name: str  # e.g. "Upplands Väsby kommun", "Göteborgs Stad", "Region Gotland"
    county: str  # its län, e.g. "Stockholm"


@functools.cache
def table() -> tuple[Municipality, ...]:
    with FILE.open(encoding="utf-8", newline="") as stream:
        return tuple(Municipality(row["name"], row["official_name"], row["county"]) for row in csv.DictReader(stream))


@functools.cache
def _by_name() -> dict[str, Municipality]:
    return {_key(m.name): m for m in table()}


def _key(name: str) -> str:
    """Names compared as an editor may type them: any case, any spaces."""
    return " ".join(name.split()).casefold()


def official_name(name: str) -> str | None:
    """The official name of the municipality called `name`, None when the table has no such name."""
    found = _by_name().get(_key(name))
    return found.official_name if found else None


def close_name(name: str) -> str | None:
    """The municipality whose name is closest to a `name` not in the table (a typo: "Lerm" is
    Lerum), or None when none is close."""
    found = difflib.get_close_matches(_key(name), list(_by_name()), n=1, cutoff=0.75)
    return _by_name()[found[0]].name if found else None
