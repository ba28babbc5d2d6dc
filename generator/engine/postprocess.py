"""Finishes every built page: a Content-Security-Policy, and fixes for the theme's invalid HTML.

GitHub Pages sets no headers, so the policy is a <meta> element. It allows only this site's own
files. Material puts three small inline scripts in each page, and their text varies with the
page's depth, so each page gets the SHA-256 hashes of exactly its own inline scripts instead of
'unsafe-inline'. What a <meta> policy cannot do:
`frame-ancestors` (framing by other sites) and reporting need an HTTP header; see ARCHITECTURE.md.
"""

from __future__ import annotations

import base64
import hashlib
import re

_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
_HEAD = re.compile(r"<head[^>]*>", re.IGNORECASE)
_DATA_TYPES = ("application/json", "application/ld+json")

POLICY = (
    "default-src 'self'; script-src 'self'{wasm} {hashes}; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
    "frame-src {frames}; base-uri 'self'; form-action 'none'"
)
# A click-to-load survey or film names the address it may load (the site's script makes the
# iframe only when the reader asks); the page's policy allows exactly those hosts as frames.
_EMBED_SRC = re.compile(r'data-embed-src="(https://[^"/]+)')
# The search page (marked by the generator's search form) runs Pagefind, whose search is
# WebAssembly: compiling it needs 'wasm-unsafe-eval' (never 'unsafe-eval', which would allow
# eval() of text). The index fragments it fetches are this site's own files (connect-src 'self').
_SEARCH_PAGE = re.compile(r'<div class="site-search" data-search-root=')


def inline_script_hashes(html: str) -> list[str]:
    hashes = []
    for match in _SCRIPT.finditer(html):
        attrs = match.group("attrs").lower()
        if "src=" in attrs or any(t in attrs for t in _DATA_TYPES):
            continue  # an external file ('self') or data, which is never run
        digest = hashlib.sha256(match.group("body").encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return sorted(set(hashes))


def frame_sources(html: str) -> str:
    hosts = sorted(set(_EMBED_SRC.findall(html)))
    return " ".join(hosts) if hosts else "'none'"


def can_search(html: str) -> bool:
    return _SEARCH_PAGE.search(html) is not None


def policy_for(html: str) -> str:
    return POLICY.format(hashes=" ".join(inline_script_hashes(html)), frames=frame_sources(html),
                         wasm=" 'wasm-unsafe-eval'" if can_search(html) else "").replace("  ", " ")


def add_csp(html: str) -> str:
    head = _HEAD.search(html)
    if head is None:
        return html
    meta = f'\n    <meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    return html[: head.end()] + meta + html[head.end():]


_CHECKBOX_AUTOCOMPLETE = re.compile(r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"')


def drop_checkbox_autocomplete(html: str) -> str:
    """Material puts autocomplete="off" on its checkbox toggles (so Firefox does not restore an open
    drawer on "back"); HTML allows the attribute only on text-like inputs (a Nu checker error)."""
    return _CHECKBOX_AUTOCOMPLETE.sub(r"\1", html)


_HTML = re.compile(r"<html\b[^>]*>", re.IGNORECASE)


def set_language(html: str, lang: str, direction: str) -> str:
    """The page's language and direction are the edition's: the theme writes its own wording's
    language (English for a language it has no wording for, and nothing tells lättläst apart)."""
    match = _HTML.search(html)
    if match is None:
        return html
    tag = re.sub(r'\s(?:lang|dir)="[^"]*"', "", match.group(0))
    tag = tag[:5] + f' lang="{lang}" dir="{direction}"' + tag[5:]
    return html[: match.start()] + tag + html[match.end():]


def finish_page(html: str, *, lang: str, direction: str, csp: bool = True) -> str:
    """One page as published: its language and direction, valid checkbox toggles, and its policy."""
    html = set_language(drop_checkbox_autocomplete(html), lang, direction)
    return add_csp(html) if csp else html
