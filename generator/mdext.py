"""A Python-Markdown extension (listed in mkdocs.yml): links to other sites get rel="noopener".

It works on the parsed tree of every page, hand-written ones included; formatted text from YAML
is sanitised HTML that already carries the attribute (see `rich`).

With `generated: true` (set by the build for each page the templates made, see
`engine.markdown_options`) it also drops the inline patterns such a page cannot contain: the
templates write links as `[text](path)` and code spans (`h.code`), never reference links or
autolinks, and every text from the data is escaped (a backslash before `[` and `!`, `<` as
`&lt;`) or sanitised HTML. Python-Markdown tries each pattern on every piece of text, so this is
about a seventh of its time on those pages, for the same HTML (`tests/test_mdext.py` converts
every page both ways).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor


class _ExternalLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            if href.startswith(("https://", "http://", "//")):
                rel = set(link.get("rel", "").split())
                link.set("rel", " ".join(sorted(rel | {"noopener"})))


# Python-Markdown's inline patterns that text the templates write never matches (see above).
NOT_IN_GENERATED = ("reference", "image_reference", "short_reference", "short_image_ref",
                    "autolink", "automail")


class ExternalLinksExtension(Extension):
    def __init__(self, **kwargs: Any) -> None:
        self.config = {"generated": [False, "the page was made by the templates, not written by hand"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_ExternalLinks(md), "medborgarloften_external_links", 0)
        if self.getConfig("generated"):
            for name in NOT_IN_GENERATED:
                md.inlinePatterns.deregister(name, strict=False)


def makeExtension(**kwargs: Any) -> ExternalLinksExtension:
    return ExternalLinksExtension(**kwargs)
