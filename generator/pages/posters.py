"""A poster per survey and edition: a standalone page to print on A4 (or A3), with a QR code.

A page of its own, like the embeddable card, rather than a print style of the survey's block:
the poster needs a layout of its own (a few large lines readable from two metres, a QR code
filling a third of the sheet) that has nothing in common with the site's page, and a page without
the theme prints the same in every browser, with no navigation to hide.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import babel.lists
from markupsafe import Markup
from PIL import ImageFont

from ..data import languages
from ..model import SiteModel, SurveyView
from . import routes
from .outputs import OutputContext, edition_url, long_date, text, without_scheme
from .qr import qr_svg
from .rich import rich_block

FOLDER = "affisch"
TEMPLATE = "poster.html.j2"
STYLESHEET = "poster.css"
TITLE_FONT = Path(__file__).parent / "fonts" / "DejaVuSans-Bold.ttf"  # the share cards' font, measured


def poster_path(survey_id: str) -> str:
    """The poster's file below an edition's folder."""
    return f"{FOLDER}/{survey_id}/index.html"


def files(context: OutputContext) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    if not context.model.surveys:
        return out
    stylesheet = (context.html.loader.get_source(context.html, STYLESHEET)[0]  # type: ignore[union-attr]
                  .encode())
    for lang in (e.code for e in context.model.editions):
        if context.part == 0:
            out[f"{lang}/{FOLDER}/{STYLESHEET}"] = stylesheet
        for view in context.share(context.model.surveys):
            path = f"{lang}/{poster_path(view.survey.id)}"
            who = askers(context, view, lang)
            if not context.unchanged(path, (view, who)):  # the site's title and date: in the edition's key
                out[path] = render_poster(context, lang, view, who).encode()
    return out


def askers(context: OutputContext, view: SurveyView, lang: str) -> str:
    return askers_for(context.model, view, lang)


def askers_for(model: SiteModel, view: SurveyView, lang: str) -> str:
    """Who asks: the owners of the promises the survey belongs to, else the site's publisher."""
    names: list[str] = []
    for promise in model.promises_by_survey.get(view.survey.id, ()):
        names += [o.name.get(lang) for o in promise.owners if o.name.get(lang) not in names]
    if not names:
        return model.document.site.publisher.get(lang)
    return babel.lists.format_list(names, locale=languages.edition(lang).locale)


def deadline_text(view: SurveyView, words: dict[str, str], lang: str) -> str:
    """The deadline in words, as the survey stands on the build date."""
    survey = view.survey
    if view.state == "upcoming" and survey.opens:
        return words["survey_opens"].format(opens=long_date(survey.opens, lang), closes=long_date(survey.closes, lang))
    if view.state == "closed":
        return words["survey_closed"].format(date=long_date(survey.closes, lang))
    return words["survey_answer_by"].format(date=long_date(survey.closes, lang))


# The title's sizes, as a share of the poster's width (in tenths of a percent: 80 is 8 %), largest
# first; poster.css has a class `poster--title-NN` for each but the first, the size of a title whose
# widest word fits. Each leaves 4 % of the width free: a reader's font may be a little wider.
TITLE_SIZES = (92, 80, 70, 60, 50, 42)
TITLE_ROOM = 96
# The printed poster as poster.css sets it, in % of the sheet's width (vw): the sheet's height (A4
# and A3 alike), the width inside the margins, what is always there (the margins, the gaps, the
# address and the site's address), and each text's size and line height. The poster's text is
# estimated line by line in DejaVu Sans (Pillow), with no hyphenation (so at worst a line too
# many); check-site prints every poster and sees what a printer gets.
SHEET, WIDTH, SPARE = 141.4, 87.0, 2.0
LINE = 1.164  # DejaVu Sans' line height, in em
ASKS, SCAN_GAP = 3.4, 4.0
# The why's size, the deadline's, the QR code's: normal, then `poster--long`, `poster--longer`.
BODIES = (("", 3.1, 4.9, 37.0), ("poster--long", 2.75, 4.2, 32.0), ("poster--longer", 2.4, 4.2, 28.0))


@functools.cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(TITLE_FONT if bold else TITLE_FONT.with_name("DejaVuSans.ttf")), 100)


@functools.cache
def _em_width(word: str, bold: bool = True) -> float:
    """How wide `word` is in DejaVu Sans (Bold, the title's font), in em."""
    return _font(bold).getlength(word) / 100


def _lines(text: str, size: float, bold: bool, width: float = WIDTH) -> int:
    """The lines `text` takes at `size` in a column `width` wide (both in vw), words wrapped."""
    lines, used, space = 0, width, _em_width(" ", bold) * size
    for word in text.split():
        wide = _em_width(word, bold) * size
        if used + space + wide > width:
            lines, used = lines + 1, wide
        else:
            used += space + wide
    return lines


def _height(title: str, title_size: float, paragraphs: list[str], asks: str, deadline: str, body: tuple[
        str, float, float, float]) -> float:
    """The printed poster's height in vw, with the why, deadline and QR code of `body`."""
    _, why, due, qr = body
    parts = [
        _lines(asks, ASKS, True) * ASKS * LINE,
        _lines(title, title_size, True) * title_size * 1.1,
        *([sum(_lines(p, why, False) * why * 1.3 + 1 for p in paragraphs)] if paragraphs else []),
        _lines(deadline, due, True, WIDTH - 5) * due * LINE + 3,
        qr,
        2 * 4.6 * LINE, 2 * 3 * LINE + 2.1,  # the survey's address and the site's: two lines each
    ]
    return 10 + 1.8 * (len(parts) - 1) + sum(parts)


def poster_classes(title: str, why: str, asks: str = "", deadline: str = "") -> str:
    """The poster's size classes: the title's size for its widest word, then the largest text
    (why, deadline, QR code) with which the poster, as estimated, fits its sheet. A title that is
    one long word (a Finnish compound) would otherwise run off the sheet, and a long text (the
    easy-to-read Swedish one) off its foot."""
    widest = max((_em_width(word) for word in title.split()), default=0.0)
    size = next((s for s in TITLE_SIZES if s * widest <= TITLE_ROOM * 10), TITLE_SIZES[-1])
    classes = [] if size == TITLE_SIZES[0] else [f"poster--title-{size}"]
    paragraphs = [re.sub(r"[*_#>`\[\]()]", " ", p) for p in re.split(r"\n\s*\n", why) if p.strip()]
    title_size = size / 10 * WIDTH / 100
    body = next((b for b in BODIES if _height(title, title_size, paragraphs, asks, deadline, b) <= SHEET - SPARE),
                BODIES[-1])
    return " ".join([*classes, *([body[0]] if body[0] else [])])


def render_poster(context: OutputContext, lang: str, view: SurveyView, who: str | None = None) -> str:
    edition = next(e for e in context.model.editions if e.code == lang)
    words = context.ui[lang]
    survey = view.survey
    up = "../../" + "../" * edition.prefix.count("/")
    address = without_scheme(survey.url)
    deadline = deadline_text(view, words, lang)
    asks = words["poster_asks"].format(who=askers(context, view, lang) if who is None else who)
    description = None
    if survey.description is not None:
        default = languages.edition(languages.DEFAULT)
        fallback = (f'lang="{default.lang}"' + (f' dir="{default.direction}"' if edition.rtl else "")
                    if survey.description.is_fallback(lang) else None)
        description = Markup(rich_block(survey.description.get(lang), fallback))
    return context.html.get_template(TEMPLATE).render(
        lang=edition.lang, dir=edition.direction, words=words,
        title=text(survey.title, lang), plain_title=survey.title.get(lang),
        sizes=poster_classes(survey.title.get(lang), survey.description.get(lang) if survey.description else "",
                             asks, deadline),
        asks=asks, description=description, deadline=deadline, closed=view.state == "closed",
        qr=Markup(qr_svg(survey.url, words["poster_qr_label"].format(address=address), "qr poster__qr")),
        address=address, site_address=without_scheme(edition_url(context.site_url, lang)),
        site_title=context.model.document.site.title.get(lang),
        home_href="../../", statement_href="../../" + routes.address("accessibility"), stylesheet=f"../{STYLESHEET}",
        twins=[(other, f"{up}{other.prefix}{FOLDER}/{survey.id}/") for other in context.model.editions
               if other.code != lang])
