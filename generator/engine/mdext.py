"""A Python-Markdown extension (added by the build, engine.py): links to other sites get rel="noopener".

It works on the parsed tree of every Markdown page, which are the hand-written ones
(`content/pages/`): the templates write HTML (see `htmlpage.py`), with the attribute already on
such links (`helpers.addresses.AddressHelpers.link`), and formatted text from YAML is sanitised HTML that carries
it too (see `rich`).
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


class ExternalLinksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.treeprocessors.register(_ExternalLinks(md), "medborgarloften_external_links", 0)


def makeExtension(**kwargs: Any) -> ExternalLinksExtension:
    return ExternalLinksExtension(**kwargs)
