"""The search index: one Pagefind index per edition, from the finished site (index.py), put
together from cached shards by reading and writing Pagefind's own files (pagefind_files.py)."""

from __future__ import annotations


class SearchIndexFailed(Exception):
    """Pagefind could not index the site; the message says why."""
