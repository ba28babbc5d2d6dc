"""What a build makes of the model: the pages of docs/ (templates, their helpers, the routes),
open data, feeds, posters, share cards and embeds, and the cache of what made each file."""
