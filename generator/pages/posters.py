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


# The title's sizes, as a share of the poster's width (in hundredths: 80 is 8 %), largest first;
# poster.css has a class `poster--title-NN` for each but the first, the size of a title whose widest
# word fits. Each leaves 4 % of the width free: a reader's font may be a little wider than DejaVu Sans.
TITLE_SIZES = (92, 80, 70, 60, 50, 42)
TITLE_ROOM = 96
# A poster's text (title and why) from this many characters on is set smaller (`poster--long`,
# `poster--longer`), so that it fits one sheet with its QR code.
LONG, LONGER = 420, 560


@functools.cache
def _em_width(word: str) -> float:
    """How wide `word` is in the title's font (DejaVu Sans Bold), in em."""
    return ImageFont.truetype(str(TITLE_FONT), 100).getlength(word) / 100


def poster_classes(title: str, why: str) -> str:
    """The poster's size classes: the title's size for its widest word, and the text's for its length.
    A title that is one long word (a Finnish compound) would otherwise run off the sheet, and a long
    text (the easy-to-read Swedish one) off its foot."""
    widest = max((_em_width(word) for word in title.split()), default=0.0)
    size = next((s for s in TITLE_SIZES if s * widest <= TITLE_ROOM * 10), TITLE_SIZES[-1])
    classes = [] if size == TITLE_SIZES[0] else [f"poster--title-{size}"]
    length = len(title) + len(re.sub(r"[*_#>`\[\]()]|\s+", " ", why).strip())
    if length >= LONGER:
        classes.append("poster--longer")
    elif length >= LONG:
        classes.append("poster--long")
    return " ".join(classes)


def render_poster(context: OutputContext, lang: str, view: SurveyView, who: str | None = None) -> str:
    edition = next(e for e in context.model.editions if e.code == lang)
    words = context.ui[lang]
    survey = view.survey
    up = "../../" + "../" * edition.prefix.count("/")
    address = without_scheme(survey.url)
    deadline = deadline_text(view, words, lang)
    description = None
    if survey.description is not None:
        default = languages.edition(languages.DEFAULT)
        fallback = (f'lang="{default.lang}"' + (f' dir="{default.direction}"' if edition.rtl else "")
                    if survey.description.is_fallback(lang) else None)
        description = Markup(rich_block(survey.description.get(lang), fallback))
    return context.html.get_template(TEMPLATE).render(
        lang=edition.lang, dir=edition.direction, words=words,
        title=text(survey.title, lang), plain_title=survey.title.get(lang),
        sizes=poster_classes(survey.title.get(lang), survey.description.get(lang) if survey.description else ""),
        asks=words["poster_asks"].format(who=askers(context, view, lang) if who is None else who),
        description=description, deadline=deadline, closed=view.state == "closed",
        qr=Markup(qr_svg(survey.url, words["poster_qr_label"].format(address=address), "qr poster__qr")),
        address=address, site_address=without_scheme(edition_url(context.site_url, lang)),
        site_title=context.model.document.site.title.get(lang),
        home_href="../../", statement_href="../../" + routes.address("accessibility"), stylesheet=f"../{STYLESHEET}",
        twins=[(other, f"{up}{other.prefix}{FOLDER}/{survey.id}/") for other in context.model.editions
               if other.code != lang])
