"""Share cards: a 1200 x 630 PNG per start, promise and survey page, and Open Graph / Twitter tags
on every page, so a shared link shows the page's own title, text and picture.

The images are drawn at build time with Pillow and the DejaVu Sans font shipped in
`generator/pages/fonts/` (a bare machine has no fonts, and a system font of another version would give
other bytes). Text is laid out with Raqm (bundled in Pillow's wheels), which shapes Arabic and
sets right-to-left lines. Nothing in a PNG depends on the clock: two builds give the same bytes.
The tags are added to each page as the build finishes it (`engine`, beside the CSP), from the
page itself and what its edition shares, so the theme's pages, the standalone cards and posters
and the hand-written pages all get them from one place, and a cached page keeps the right ones.
"""

from __future__ import annotations

import functools
import hashlib
import html
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont, features

from ..data import languages
from ..model import SiteModel
from . import posters
from .helpers.dates import site_period
from .helpers.text import counted
from .outputs import OutputContext, edition_url, long_date, without_scheme

WIDTH, HEIGHT = 1200, 630
FOLDER = "assets/share"
FONTS = Path(__file__).parent / "fonts"
BLUE, INK, GREY, PALE = "#0b3d91", "#111827", "#374151", "#eef3fb"
MARGIN = 64
TITLE_SIZES = (60, 54, 48, 44)  # px; the smallest still ends in "…" when a title is longer


@dataclass(frozen=True)
class Card:
    path: str  # below the edition's folder, e.g. assets/share/loften-x.png
    lang: str
    title: str
    lines: tuple[str, ...]  # the status summary or the deadline, in the page's words
    site: str  # the site's name
    address: str  # the site's address, as typed

    @property
    def alt(self) -> str:
        return " ".join(part if part.endswith((".", "!", "?")) else part + "."
                        for part in (self.title, *self.lines, self.site))


def cards(model: SiteModel, ui: dict[str, dict[str, str]], site_url: str) -> list[Card]:
    out = []
    for lang in (e.code for e in model.editions):
        words = ui[lang]
        site = model.document.site.title.get(lang)
        address = without_scheme(edition_url(site_url, lang))

        def card(name: str, title: str, *lines: str, lang: str = lang, site: str = site,
                 address: str = address) -> Card:
            return Card(f"{FOLDER}/{name}.png", lang, title, tuple(line for line in lines if line), site, address)

        featured = model.featured_survey
        survey_lines = ("", "")
        if featured is not None and featured.state == "open":
            survey_lines = (words["survey_heading"].format(title=featured.survey.title.get(lang)),
                            words["survey_answer_by"].format(date=long_date(featured.survey.closes, lang)))
        out.append(card("start", words["home_description"], *survey_lines))
        for view in model.promises:
            counts = " · ".join(f"{words['status_' + (status or 'none')]}: {count}"
                                for status, count in view.status_counts)
            period = site_period(view.promise.period, languages.edition(lang).locale)
            count_key = counted(words, "share_summary_activities", len(view.activities),
                                languages.edition(lang).locale)
            summary = words[count_key].format(count=len(view.activities)) + f": {counts}"
            out.append(card(f"loften-{view.promise.id}", view.promise.title.get(lang), period, summary))
        for survey in model.surveys:
            deadline = posters.deadline_text(survey, words, lang)
            out.append(card(f"{posters.FOLDER}-{survey.survey.id}", survey.survey.title.get(lang),
                            words["poster_asks"].format(who=posters.askers_for(model, survey, lang)), deadline))
    return out


# Cards already drawn, by a hash of what they show and what draws them: a rebuild draws only new
# ones (a national site has about 1,750 cards; each takes tens of milliseconds).
CACHE = Path(".cache", "share")  # in the project folder (the current one)


def files(context: OutputContext) -> dict[str, bytes]:
    out = {}
    for card in context.share(cards(context.model, context.ui, context.site_url)):
        path = f"{card.lang}/{card.path}"
        if not context.unchanged(path, (card, _drawing())):
            out[path] = cached_draw(card)
    return out


def cached_draw(card: Card) -> bytes:
    key = hashlib.sha256(repr((card, _drawing())).encode("utf-8")).hexdigest()
    path = CACHE / key[:2] / f"{key}.png"
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = draw(card)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError:  # a read-only checkout still builds, without the cache
        pass
    return data


@functools.cache
def _drawing() -> str:
    """What draws a card: this module, the fonts and Pillow. When any changes, every card is drawn anew."""
    import PIL

    digest = hashlib.sha256(Path(__file__).read_bytes())
    for font in sorted(FONTS.glob("*.ttf")):
        digest.update(font.read_bytes())
    return f"{digest.hexdigest()} {PIL.__version__}"


@functools.cache
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    engine = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size, layout_engine=engine)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, most: int, direction: str) -> list[str]:
    """Words into at most `most` lines no wider than `width`; the last ends in … when text is left."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < most:
        line = words.pop(0)
        while words and font.getlength(f"{line} {words[0]}", direction=direction) <= width:
            line += " " + words.pop(0)
        lines.append(line)
    if words:
        last = lines[-1]
        while last and font.getlength(last + " …", direction=direction) > width:
            last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
        lines[-1] = last + " …"
    return lines


# A card has three areas, each with a background and one ink: the band with the site's name, the
# body, the footer with the address. The picture is drawn in a greyscale image whose values are
# already palette indexes: each area's background is the first of its 16 shades, its text is drawn
# with the last, and anti-aliasing blends to the shades between. So a card is a palette PNG of 48
# colours, a third of the bytes of an RGB one and several times faster to write (a national site
# has a thousand cards or more), with no colour reduction step.
_AREAS = ((WHITE := "#ffffff", INK), (BLUE, WHITE), (PALE, BLUE))  # body, band, footer
_SHADES = 16
_BODY, _BAND, _FOOTER = 0, _SHADES, 2 * _SHADES  # the background index of each area
_BAND_HEIGHT, _FOOTER_HEIGHT = 96, 72
_LINE_INK = _BODY + 11  # the lines under the title: a lighter shade of the ink (about #4b5060, AA on white)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _palette() -> list[int]:
    out: list[int] = []
    for background, ink in _AREAS:
        (r0, g0, b0), (r1, g1, b1) = _rgb(background), _rgb(ink)
        for step in range(_SHADES):
            share = step / (_SHADES - 1)
            out += [round(r0 + (r1 - r0) * share), round(g0 + (g1 - g0) * share), round(b0 + (b1 - b0) * share)]
    return out


PALETTE = _palette()


class _Layout:
    def __init__(self, lang: str) -> None:
        edition = languages.edition(lang)
        self.lang = edition.lang
        self.direction = edition.direction
        self.x = WIDTH - MARGIN if edition.rtl else MARGIN
        self.anchor = "ra" if edition.rtl else "la"
        self.width = WIDTH - 2 * MARGIN

    def write(self, pen: ImageDraw.ImageDraw, y: int, text: str, font: ImageFont.FreeTypeFont, ink: int,
              ltr: bool = False) -> None:
        pen.text((self.x, y), text, font=font, fill=ink, anchor=self.anchor,
                 direction="ltr" if ltr else self.direction, language=self.lang)


@functools.lru_cache(maxsize=64)
def _frame(lang: str, site: str, address: str) -> Image.Image:
    """The band and footer every card of an edition shares, drawn once."""
    layout = _Layout(lang)
    frame = Image.new("L", (WIDTH, HEIGHT), _BODY)
    pen = ImageDraw.Draw(frame)
    pen.rectangle((0, 0, WIDTH, _BAND_HEIGHT - 1), fill=_BAND)
    pen.rectangle((0, HEIGHT - _FOOTER_HEIGHT, WIDTH, HEIGHT), fill=_FOOTER)
    band = _font(True, 34)
    layout.write(pen, 30, _wrap(site, band, layout.width, 1, layout.direction)[0], band, _BAND + _SHADES - 1)
    # An address reads left to right in every language; in a right-to-left card it sits on the right.
    layout.write(pen, HEIGHT - 54, address, _font(False, 28), _FOOTER + _SHADES - 1, ltr=True)
    return frame


def draw(card: Card) -> bytes:
    layout = _Layout(card.lang)
    picture = _frame(card.lang, card.site, card.address).copy()
    pen = ImageDraw.Draw(picture)
    for size in TITLE_SIZES:  # the largest size at which the title fits in three lines
        title = _font(True, size)
        lines = _wrap(card.title, title, layout.width, 3, layout.direction)
        if not _wrap(card.title, title, layout.width, 4, layout.direction)[3:]:
            break
    y = 140
    for line in lines:
        layout.write(pen, y, line, title, _BODY + _SHADES - 1)
        y += int(title.size * 1.2)
    y += 24
    body = _font(False, 32)
    for text in card.lines:
        for line in _wrap(text, body, layout.width, 2, layout.direction):
            if y > HEIGHT - 110:
                break
            layout.write(pen, y, line, body, _LINE_INK)
            y += 44
        y += 8
    image = picture.convert("P")  # the values are kept; the palette is set next
    image.putpalette(PALETTE)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=3)  # 9 makes files a fifth smaller and three times slower
    return out.getvalue()


# --- tags on every built page --------------------------------------------------------------

_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
_DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)"')
_HEAD_END = re.compile(r"</head>", re.IGNORECASE)


@dataclass(frozen=True)
class Sharing:
    """What the tags of every page of one edition share: the edition's address and name, its locale
    and the other editions' (og:locale:alternate), and the cards it has (paths below its folder)."""

    url: str  # the edition's address, ending in "/"
    site_name: str
    locale: str
    other_locales: tuple[str, ...]
    cards: frozenset[str]


def image_for(path: str) -> str:
    """Which card a page (path below its edition's folder) shows: its own, else the start page's."""
    parts = path.split("/")
    if len(parts) == 3 and parts[2] == "index.html" and parts[0] in ("loften", posters.FOLDER):
        return f"{FOLDER}/{parts[0]}-{parts[1]}.png"
    return f"{FOLDER}/start.png"


def page_tags(path: str, page: str, sharing: Sharing) -> str:
    """Open Graph and Twitter card tags for one page (path below its edition's folder), from the
    page itself (title, description) and what its edition shares; every address absolute."""
    url = sharing.url + path.removesuffix("index.html")
    title_match, description_match = _TITLE.search(page), _DESCRIPTION.search(page)
    title = html.unescape(title_match.group(1).strip()) if title_match else sharing.site_name
    title = title.removesuffix(f" - {sharing.site_name}")  # og:site_name says it
    description = html.unescape(description_match.group(1)) if description_match else ""
    image = image_for(path)
    if image not in sharing.cards:
        image = f"{FOLDER}/start.png"
    tags = [("property", "og:type", "website"), ("property", "og:site_name", sharing.site_name),
            ("property", "og:title", title), ("property", "og:description", description),
            ("property", "og:url", url), ("property", "og:locale", sharing.locale)]
    tags += [("property", "og:locale:alternate", locale) for locale in sharing.other_locales]
    if image in sharing.cards:
        tags += [("property", "og:image", sharing.url + image), ("property", "og:image:width", str(WIDTH)),
                 ("property", "og:image:height", str(HEIGHT)),
                 ("property", "og:image:alt", f"{title}. {sharing.site_name}"),
                 ("name", "twitter:card", "summary_large_image")]
    else:
        tags.append(("name", "twitter:card", "summary"))
    # X (Twitter) reads title, description and image from the og: tags when twitter: ones are
    # absent; repeating them would add half a kilobyte to every page.
    lines = [f'<meta {kind}="{name}" content="{html.escape(" ".join(value.split()), quote=True)}">'
             for kind, name, value in tags]
    if 'rel="canonical"' not in page:
        lines.insert(0, f'<link rel="canonical" href="{html.escape(url, quote=True)}">')
    return "\n    ".join(lines)


def add_tags(page: str, path: str, sharing: Sharing) -> str:
    """The page with its share tags at the end of its head (once)."""
    end = _HEAD_END.search(page)
    if end is None or 'property="og:title"' in page:
        return page
    return page[: end.start()] + "  " + page_tags(path, page, sharing) + "\n  " + page[end.start():]
