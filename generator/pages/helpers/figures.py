"""Figures: status badges and icons, progress bars, targets, indicators and their charts."""

from __future__ import annotations

import functools
import html
from typing import Any

import babel.dates
import babel.lists
import babel.numbers
from markupsafe import Markup

from ...data import schema
from ...model import ActivityView, PromiseView
from .addresses import AddressHelpers
from .dates import format_year
from .text import _format_list, _one_line, counted, html_text

STATUS_ICONS = {
    "planned": "material-calendar-clock",
    "in_progress": "material-progress-clock",
    "done": "material-check-circle",
    "ongoing": "material-autorenew",
    "delayed": "material-clock-alert",
    "cancelled": "material-close-circle",
    None: "material-help-circle-outline",
}

# The same colours as the status badges (extra.css); the bar always has the text beside it.
STATUS_COLOURS = {"planned": "#4b5563", "in_progress": "#0b4fb3", "done": "#1b6e2d", "ongoing": "#6b3fa0",
                  "delayed": "#8a4b00", "cancelled": "#a11d1d", None: "#9ca3af"}

@functools.lru_cache(maxsize=64)
def icon_svg(name: str) -> str:
    """A Material icon as the theme's emoji extension writes `:name:` (an inline SVG), made by that
    extension with mkdocs.yml's options, once per icon."""
    converter = _icon_converter()
    converter.reset()
    made: str = converter.convert(f":{name}:")
    if not (made.startswith("<p>") and made.endswith("</p>")) or name in made:
        raise ValueError(f"no icon called {name}")
    return made[3:-4]

@functools.cache
def _icon_converter() -> Any:
    import markdown
    from material.extensions import emoji  # type: ignore[import-untyped]

    return markdown.Markdown(extensions=["pymdownx.emoji"], extension_configs={
        "pymdownx.emoji": {"emoji_index": emoji.twemoji, "emoji_generator": emoji.to_svg}})


class FigureHelpers(AddressHelpers):
    # status
    def status(self, status: str | None) -> Markup:
        label = html_text(self.words[f"status_{status or 'none'}"])
        css = (status or "none").replace("_", "-")
        return Markup(f'<span class="status status--{css}">{icon_svg(STATUS_ICONS[status])} {label}</span>')

    def overdue(self, activity: ActivityView) -> Markup:
        """The overdue flag in words, with the icon of a warning; never by colour alone."""
        if activity.overdue_kind == "period_ended":
            # Nothing reported: the site cannot say the activity was not done, only that no one said.
            text = self.ui("overdue_period_ended" if activity.status else "overdue_period_ended_unreported")
        elif activity.last_update is not None:
            text = self.ui("overdue_no_update", date=self.date(activity.last_update.date))
        else:  # never an update: the promise's start is no update's date
            text = self.ui("overdue_never_updated", date=self.date(activity.promise_start or activity.quiet_since))
        return Markup(f'<span class="overdue">{self.icon("material-alert-outline")} {text}</span>')

    def progress_bar(self, view: PromiseView) -> Markup:
        """Counts by status as a build-time SVG bar; its text alternative is the same summary."""
        total = sum(count for _, count in view.status_counts) or 1
        summary = _format_list(tuple(f"{self.words['status_' + (s or 'none')]} {n}" for s, n in view.status_counts),
                               self.locale)
        key = counted(self.words, "progress_label", total, self.locale)
        label = html.escape(self.words[key].format(count=total, summary=summary), quote=True)
        x, bars = 0.0, []
        for status, count in view.status_counts:
            width = 100 * count / total
            start = 100 - x - width if self.edition.rtl else x  # a right-to-left reader's bar fills from the right
            bars.append(f'<rect x="{start:.2f}" y="0" width="{width:.2f}" height="6" '
                        f'fill="{STATUS_COLOURS[status]}"/>')
            x += width
        return Markup(f'<svg class="progress" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" '
                      f'aria-label="{label}">{"".join(bars)}</svg>')

    def indicator(self, indicator: schema.Indicator) -> Markup:
        """An indicator as a figure: caption with unit, a build-time SVG bar chart, the same figures
        in a table, the source, and a mark on invented values."""
        text = self.attr_text
        unit = text(indicator.unit)
        rows = "".join(f"<tr><td>{html.escape(self.date(m.date))}</td><td>{html.escape(self.number(m.value))}</td></tr>"
                       for m in indicator.values)
        example = f" · <strong>{html.escape(self.words['indicator_example'])}</strong>" if indicator.example else ""
        return Markup(
            f'<figure class="indicator">\n<figcaption><strong>{text(indicator.title)}</strong> ({unit})</figcaption>\n'
            f"{self.chart(indicator)}\n"
            f"<table>\n<thead><tr><th>{html.escape(self.words['indicator_date'])}</th>"
            f"<th>{html.escape(self.words['indicator_value']).replace('{unit}', unit)}</th></tr></thead>\n"
            f"<tbody>{rows}</tbody>\n</table>\n"
            f'<p class="source">{html.escape(self.words["source"])}: {text(indicator.source)}{example}</p>\n'
            "</figure>")

    def chart(self, indicator: schema.Indicator) -> str:
        """The values as a bar chart drawn at build time; its text alternative names every value."""
        values = indicator.values
        unit = indicator.unit.get(self.lang)
        summary = "; ".join(f"{self.date(m.date)}: {self.number(m.value)} {unit}" for m in values)
        label = html.escape(_one_line(f"{indicator.title.get(self.lang)}. {summary}"), quote=True)
        top = max([m.value for m in values] + [0.0])
        scale = top or 1.0
        width, height, base, bar_room = 320, 150, 120, 100
        slot = width / len(values)
        parts = [f'<line x1="0" y1="{base}" x2="{width}" y2="{base}" class="chart__axis"/>']
        for index, m in enumerate(values):
            i = len(values) - 1 - index if self.edition.rtl else index  # time runs the reader's way
            bar = max(bar_room * max(m.value, 0.0) / scale, 1.0)
            x = i * slot + slot * 0.2
            middle = i * slot + slot / 2
            parts.append(f'<rect x="{x:.1f}" y="{base - bar:.1f}" width="{slot * 0.6:.1f}" height="{bar:.1f}" '
                         f'class="chart__bar"/>')
            parts.append(f'<text x="{middle:.1f}" y="{base - bar - 5:.1f}" text-anchor="middle">'
                         f"{html.escape(self.number(m.value))}</text>")
            when = (format_year(m.date.year, self.locale) if m.date.month is None  # known to the year
                    else babel.dates.format_skeleton("yMMM", m.date.first_day, locale=self.locale))
            parts.append(f'<text x="{middle:.1f}" y="{base + 18}" text-anchor="middle">{html.escape(when)}</text>')
        return (f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{label}">'
                f'{"".join(parts)}</svg>')

    # targets, extensions, documents
    def target_text(self, target: schema.Target) -> Markup:
        """One target in words: "minst 70 hastighetskontroller senast juni 2020", and for a change
        from a starting point "60 trygghetsvandringar (ska öka, utgångsläge 40 (2022))"."""
        if target.value is None:
            text = self.t(target.unit)
        else:
            key = "target_at_least" if target.at_least else "target_exactly"
            text = self.ui(key, value=self.number(target.value), unit=self.t(target.unit))
        if target.by is not None:
            text = Markup(f"{text} {self.ui('target_by', date=self.date(target.by))}")
        change = [self.ui(f"target_{target.direction}")] if target.direction else []
        if target.baseline is not None:
            change.append(self.ui("target_baseline", value=self.number(target.baseline)) if target.baseline_date is None
                          else self.ui("target_baseline_date", value=self.number(target.baseline),
                                       date=self.date(target.baseline_date)))
        return Markup(f"{text} ({', '.join(change)})") if change else text

    def target(self, a: ActivityView) -> Markup:
        """The targets in words, and the progress towards the first as "34 av 70" with a build-time
        bar ("mer än 10 av 70" for a lower bound; the value alone for a target without a number
        to reach): list items."""
        line = "\n".join(f"<li><strong>{self.ui('target')}:</strong> {self.target_text(t)}</li>" for t in a.targets)
        target = a.targets[0]
        if a.progress is not None and a.progress_share is not None and target.value is not None:
            values = {"value": self.number(a.progress), "target": self.number(target.value)}
            key = "progress_more_than_of" if a.progress_more_than else "progress_of"
            reached = self.ui(key, unit=self.t(target.unit), **values)
            label = html.escape(self.words[key].format(unit=target.unit.get(self.lang), **values), quote=True)
            width = f"{100 * a.progress_share:.1f}"
            bar = (f'<svg class="target-bar" viewBox="0 0 100 6" preserveAspectRatio="none" role="img" '
                   f'aria-label="{label}"><rect x="0" y="0" width="100" height="6" fill="#e5e7eb"/>'
                   f'<rect x="0" y="0" width="{width}" height="6" fill="#1b6e2d"/></svg>')
            line += f"\n<li><strong>{self.ui('progress')}:</strong> {reached} {bar}</li>"
        elif a.progress is not None:
            key = "progress_more_than_value" if a.progress_more_than else "progress_value"
            reached = self.ui(key, value=self.number(a.progress), unit=self.t(target.unit))
            line += f"\n<li><strong>{self.ui('progress')}:</strong> {reached}</li>"
        return Markup(line)

    @staticmethod
    def icon(name: str) -> Markup:
        return Markup(icon_svg(name))
