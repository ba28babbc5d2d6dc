"""Addresses: links between pages (relative to the page), to other sites, to shared files, e-mail
and telephone, maps, and the page's own printed address and QR code."""

from __future__ import annotations

import functools
import html
import posixpath
import re
import urllib.parse
from collections.abc import Iterable

from markupsafe import Markup

from ...data import schema
from ...model import SurveyView
from .. import posters, routes
from ..outputs import without_scheme
from ..qr import qr_svg
from ..routes import published_address
from .dates import DateHelpers
from .text import _one_line


@functools.lru_cache(maxsize=65536)
def source_link(folder: str, target: str) -> str:
    """`target` (a docs/ path below the edition) relative to a file in `folder`: loften/ →
    ../platser/y.md. Cached: pages of one kind share a folder and link to the same pages."""
    return posixpath.relpath(target, folder or ".")

def _host(url: str) -> str:
    return url.split("/", 3)[2]

def tel_uri(phone: str) -> str:
    digits = re.sub(r"[^\d+]", "", phone)
    return "+46" + digits[1:] if digits.startswith("0") else digits


class AddressHelpers(DateHelpers):
    # links
    def href(self, target: str) -> Markup:
        """A link to a page or file of this edition: its docs/ path (below the edition's folder),
        relative to this page's file, as a Markdown link would name it; the engine makes it the
        published address and fails the build when no such page exists (htmlpage.resolve_links)."""
        return Markup(source_link(self.folder, target))

    def shared(self, target: str, text: str | None = None) -> Markup:
        """A raw <a> to a file outside the language folders (data/): MkDocs does not know those
        files in the English build, so the link is relative to the page's published address."""
        address = self.edition.prefix + published_address(self.page.partition("/")[2])
        href = posixpath.relpath(target, address.rstrip("/") or ".")
        return Markup(f'<a href="{html.escape(href)}">{html.escape(text or posixpath.basename(target))}</a>')

    def asset(self, target: str) -> Markup:
        """A link to a file from content/, copied into each edition's assets/ (named by its source, as href)."""
        return Markup(source_link(self.folder, f"assets/{target}"))

    @staticmethod
    def url(value: str) -> Markup:
        """An external address (validated as https:) for an href: spaces and angle brackets encoded."""
        return Markup(value.replace(">", "%3E").replace("<", "%3C").replace(" ", "%20"))

    @staticmethod
    def mailto(value: str) -> Markup:
        return Markup(f"mailto:{value}")

    @staticmethod
    def tel(value: str) -> Markup:
        return Markup(f"tel:{tel_uri(value)}")

    def route(self, name: str, id: str | None = None) -> Markup:
        """A page by its name in the route table, relative to this page: route("promise", id)."""
        return self.href(routes.path(name, id))

    # off the screen: posters, printing, sharing
    def page_url(self, path: str) -> str:
        """The absolute address of a page of this edition (path of its docs/ file)."""
        return self.site_url + self.edition.prefix + published_address(path)

    def map_link(self, place: schema.Place) -> Markup:
        """A link to the place on OpenStreetMap: nothing loads from the map until it is followed."""
        assert place.coordinates is not None
        lat, lon = f"{place.coordinates.lat:.5f}", f"{place.coordinates.lon:.5f}"
        return self.link(self.ui("map_link"), f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}")

    def link(self, text: object, href: str, attributes: str = "") -> Markup:
        """<a>: another site's address gets rel="noopener" (as mdext gives it on hand-written pages)."""
        rel = ' rel="noopener"' if href.startswith(("https://", "http://", "//")) else ""
        return Markup(f'<a{attributes} href="{html.escape(str(href), quote=True)}"{rel}>{self.esc(text)}</a>')

    def place_links(self, places: Iterable[schema.Place]) -> Markup:
        return self.join(self.link(self.t(p.name), self.route("place", p.id)) for p in places)

    def org_links(self, orgs: Iterable[schema.Organisation], short: bool = False) -> Markup:
        """Organisation names, each a link to what the organisation has promised; by their short
        names with `short`, where the edition has them (`own_shorts`)."""
        orgs = tuple(orgs)
        short = short and self.own_shorts(orgs)
        return self.join(self.link(self.t(o.short if short else o.name), self.route("owner", o.id)) for o in orgs)

    def host(self, url: str) -> Markup:
        return self.ltr(_host(url))

    def poster_link(self, view: SurveyView) -> Markup:
        """"Print a poster": the survey's poster, a page of its own (generator/posters.py)."""
        href = source_link(self.folder, posters.poster_path(view.survey.id))
        return self.link(self.ui("poster_link"), href, ' class="poster-link" data-pagefind-ignore')

    def share_links(self, title: str, path: str) -> Markup:
        """"Share": an e-mail link (works everywhere) and a copy button the site's script shows.
        Like the print-only parts, left out of the search index (data-pagefind-ignore)."""
        url = self.page_url(path)
        mail = "mailto:?" + urllib.parse.urlencode(
            {"subject": _one_line(title), "body": self.words["share_email_body"].format(url=url)},
            quote_via=urllib.parse.quote)
        return Markup(
            f'<p class="share" data-pagefind-ignore><strong>{html.escape(self.words["share_label"])}:</strong> '
            f'<a href="{html.escape(mail)}">{html.escape(self.words["share_email"])}</a> '
            f'<button type="button" class="md-button share__copy" data-url="{html.escape(url)}" '
            f'data-copied="{html.escape(self.words["share_copied"])}" hidden>{html.escape(self.words["share_copy"])}'
            '</button> <span class="share__status" role="status"></span></p>')

    def print_header(self) -> Markup:
        """Shown only on paper: the site, the page's address, the day of the data and of printing
        (the script writes the reader's date; without it, the build date stands)."""
        site = html.escape(self.model.document.site.title.get(self.lang))
        as_of = html.escape(self.words["print_as_of"].format(date=self.date(self.model.today)))
        printed = html.escape(self.words["print_printed"], quote=True)
        return Markup(f'<div class="print-only print-header" data-pagefind-ignore><p><strong>'
                      f'{html.escape(self.words["print_site"]).replace("{site}", site)}</strong> · '
                      f'{self._isolated(Markup(html.escape(self.page_url(self.page.partition("/")[2]))))}</p>'
                      f'<p>{as_of} <span class="print-date" data-text="{printed}"></span></p></div>')

    def page_qr(self) -> Markup:
        """A QR code back to this page, for the printed sheet."""
        url = self.page_url(self.page.partition("/")[2])
        address = self._isolated(Markup(html.escape(url.split("://", 1)[-1])))  # its "/" at its end in Arabic too
        svg = qr_svg(url, self.words["print_qr_label"].format(address=url.split("://", 1)[-1]), "qr print-qr__code")
        caption = html.escape(self.words["print_qr_caption"]).replace("{address}", address)
        return Markup(f'<div class="print-only print-qr" data-pagefind-ignore>{svg}<p>{caption}</p></div>')

    def survey_qr(self, view: SurveyView) -> Markup:
        """Shown only on paper, where the answer button is left out: the survey's address written
        out and its QR code, as on the poster, so that a printed page that asks residents to answer
        says where."""
        address = without_scheme(view.survey.url)
        svg = qr_svg(view.survey.url, self.words["poster_qr_label"].format(address=address), "qr print-qr__code")
        written = self._isolated(Markup(html.escape(address)))
        return Markup(f'<div class="print-only print-qr print-qr--survey" data-pagefind-ignore>{svg}'
                      f'<p>{html.escape(self.words["poster_scan"])}<br><strong>{written}</strong></p></div>')

    def partners(self, partners: Iterable[schema.Organisation], groups: Iterable[schema.I18n],
                 and_others: bool) -> Markup:
        """Partners named in one line: organisations linked, groups as written, "med flera" last."""
        names = [self.link(self.t(o.name), self.route("owner", o.id)) for o in partners]
        names += [self.t(g) for g in groups]
        if and_others:
            return Markup(f"{self.join(names)} {self.ui('and_others')}") if names else self.ui("others_alone")
        return self.join(names)
