"""The static-site engine, behind one seam: MkDocs + Material for MkDocs today (one project per
edition, built in parallel and assembled into one site), with the theme's overrides and what
finishes each page as it is written."""
