"""The built site checked as residents receive it (check-site) and compared (changed-pages)."""
