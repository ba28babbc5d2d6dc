"""What every page may read of the whole site besides its own context (SiteGlobals)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..data import schema
from ..data.languages import Edition
from ..model import SiteModel


@dataclass(frozen=True)
class SiteDocument:
    site: schema.Site
    organisations: tuple[schema.Organisation, ...]


@dataclass(frozen=True)
class SiteGlobals:
    """What every page may read of the whole site besides its own context: the site's settings,
    the organisations and the build date. Templates of pages that are not `whole_site` get this
    as `site`, and the helpers always do, so a page that reads more fails the build (an undefined
    value) instead of being kept by a rebuild after what it shows has changed."""

    document: SiteDocument
    organisations: dict[str, schema.Organisation]
    today: dt.date

    @property
    def editions(self) -> tuple[Edition, ...]:
        return self.document.site.editions

    @classmethod
    def of(cls, model: SiteModel) -> SiteGlobals:
        return cls(SiteDocument(model.document.site, model.document.organisations), model.organisations, model.today)
