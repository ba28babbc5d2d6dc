"""The functions templates call, by what they do: text and fallbacks (text.py), dates and numbers
(dates.py), addresses (addresses.py), figures (figures.py), and the lines pages are made of
(lines.py). Each returns HTML (Markup) or plain text; a template never formats a value itself."""

from __future__ import annotations

from .lines import LineHelpers


class Helpers(LineHelpers):
    """The functions templates call; each returns HTML (Markup): the HTML Python-Markdown made of
the Markdown pages these templates once wrote, so the pages are the same (htmlpage.py)."""
