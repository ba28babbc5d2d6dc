"""The search index: one Pagefind index per edition, from the finished site."""
