"""Dates and numbers as the edition's language writes them (Babel), and the pager's labels."""

from __future__ import annotations

import datetime as dt
import functools
import html
from typing import Any

import babel.dates
import babel.lists
import babel.numbers
from markupsafe import Markup

from ...data import schema
from ..routes import Pager
from .text import TextHelpers, html_text


# Babel formats a date in about 0.1 ms; a national site prints the same few hundred dates many times.
@functools.lru_cache(maxsize=8192)
def format_date(day: dt.date, locale: str) -> str:
    return babel.dates.format_date(day, "long", locale=locale)

@functools.lru_cache(maxsize=1024)
def format_month(day: dt.date, locale: str) -> str:
    return babel.dates.format_skeleton("yMMMM", day, locale=locale)

@functools.lru_cache(maxsize=256)
def format_year(year: int, locale: str) -> str:
    return babel.dates.format_skeleton("y", dt.date(year, 1, 1), locale=locale)

@functools.lru_cache(maxsize=256)
def format_clock(value: str, locale: str) -> str:
    """A time of day written HH:MM, as the locale writes it: 18:00, 6:00 PM, 18.00."""
    return babel.dates.format_time(dt.time.fromisoformat(value), "short", locale=locale)

def site_date(value: dt.date | schema.PeriodDate, locale: str) -> str:
    """A date as the site writes it: "1 december 2019", "juni 2020" for a month, "2023" for a year."""
    if isinstance(value, schema.PeriodDate):
        if value.month is None:
            return format_year(value.year, locale)
        if value.day is None:
            return format_month(value.first_day, locale)
        value = value.first_day
    return format_date(value, locale)

def site_period(period: schema.Period, locale: str) -> str:
    return f"{site_date(period.start, locale)} – {site_date(period.end, locale)}"

def site_number(value: float, locale: str) -> str:
    """A measured value at the precision it was given: 57,7703, 48,5, 41."""
    return babel.numbers.format_decimal(value, locale=locale, decimal_quantization=False)


class DateHelpers(TextHelpers):
    # dates
    def date(self, value: Any) -> str:
        return site_date(value, self.locale)

    def period(self, period: schema.Period) -> str:
        return site_period(period, self.locale)

    def deadline(self, survey: schema.Survey) -> Markup:
        """Where the script writes "closes in 3 days" / "closed" on the resident's own date: the
        page states the deadline without it."""
        texts = {k: html.escape(self.words[f"deadline_{k}"], quote=True) for k in ("days", "tomorrow", "today")}
        closed = html.escape(self.words["survey_closed"].format(date=self.date(survey.closes)), quote=True)
        return Markup(f'<span class="deadline" data-closes="{survey.closes.isoformat()}" '
                      f'data-days="{texts["days"]}" data-tomorrow="{texts["tomorrow"]}" '
                      f'data-today="{texts["today"]}" data-closed="{closed}"></span>')

    def extension(self, period: schema.Period) -> Markup:
        extension = period.extension
        assert extension is not None
        text = self.ui("extended", original=self.date(extension.original_end), end=self.date(period.end))
        if extension.decided is not None:
            text = Markup(f"{text} {self.ui('extended_decided', date=self.date(extension.decided))}")
        if extension.reason is None:  # reason_unpublished (validation sees to it)
            return Markup(f"{text} {self.ui('extended_unpublished')}")
        return Markup(f"{text} {self.ui('reason_label')}: {self.t(extension.reason)}")

    def signed(self, signing: schema.Signing) -> Markup:
        """When the promise was signed and by whom: "12 mars 2023 av Anna Andersson (kommunstyrelsens
        ordförande, Lerums kommun) och …"; the date alone when no signer is named."""
        names = []
        for signer in signing.signers:
            about = [self.t(signer.role)] if signer.role is not None else []
            if signer.organisation is not None:
                about.append(self.t(self.model.organisations[signer.organisation].name))
            if signer.name is None:
                names.append(Markup(", ").join(about))
            else:
                names.append(Markup(f"{html_text(signer.name)} ({Markup(', ').join(about)})") if about
                             else Markup(html_text(signer.name)))
        date = self.date(signing.date)
        return self.ui("signed_by", date=date, names=self.join(names)) if names else Markup(html_text(date))

    # numbers, maps, charts
    def number(self, value: float) -> str:
        return site_number(value, self.locale)

    def size(self, size: int) -> str:
        if size < 1000 * 1000:
            return f"{site_number(max(1, round(size / 1000)), self.locale)} kB"
        return f"{site_number(round(size / 1000 / 1000, 1), self.locale)} MB"

    # lists of many pages
    def _days(self, pager: Pager) -> str:
        """An older page of a list paged by age: its first and last day; its first page: ""."""
        if pager.days is None:
            return ""
        oldest, newest = (self.date(day) for day in pager.days)
        return oldest if oldest == newest else f"{oldest} – {newest}"

    def page_label(self, pager: Pager) -> Markup:
        """Where a page is in its list, for its pager: "Sida 2 av 5", or for a list paged by age
        its days (nothing on its first page)."""
        if pager.by_age:
            return Markup(html_text(self._days(pager), collapse=False))
        return self.ui("page_of", number=pager.number, count=pager.count)

    def page_suffix(self, pager: Pager) -> str:
        """" (sida 2 av 5)" to follow the title of a list's page, when the list has more than one."""
        if pager.count == 1:
            return ""
        if pager.by_age:
            return f" ({self._days(pager)})" if pager.days else ""
        return f" ({self.words['page_of'].format(number=pager.number, count=pager.count).lower()})"

    def paged(self, pager: Pager) -> Markup:
        """page_suffix for a heading: escaped, its leading space kept."""
        return Markup(html_text(self.page_suffix(pager), collapse=False))
