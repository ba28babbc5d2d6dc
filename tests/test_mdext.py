"""mdext: a link to another site on a hand-written (Markdown) page gets rel="noopener", as the
templates' own links do (`helpers.addresses.AddressHelpers.link`)."""

from __future__ import annotations

from tests.conftest import markdown_converter


def test_links_to_other_sites_get_noopener_and_the_sites_own_do_not() -> None:
    html = markdown_converter().convert(
        "[Polisen](https://polisen.se/) och [<http://example.org>] [hit](../loften/) "
        '<a href="https://x.se" rel="nofollow">rå</a>\n\n[Kommunen](//lerum.se/){ rel="me" }')
    assert '<a href="https://polisen.se/" rel="noopener">Polisen</a>' in html
    assert '<a href="../loften/">hit</a>' in html
    assert '<a href="//lerum.se/" rel="me noopener">Kommunen</a>' in html
    assert '<a href="https://x.se" rel="nofollow">rå</a>' in html  # raw HTML is the editor's own


def test_the_templates_links_to_other_sites_carry_it_too() -> None:
    import datetime as dt
    import re

    from generator.build import load_model, make_project
    from generator.pages.render import render_docs
    from tests.conftest import ROOT, SURVEY_OPEN

    model, ui, problems = load_model(make_project(), dt.date.fromisoformat(SURVEY_OPEN))
    assert model is not None, problems
    links = [(path, tag) for path, data in render_docs(model, ui, ROOT / "content").items() if path.endswith(".md")
             for tag in re.findall(r'<a\b[^>]*\bhref="(?:https?:)?//[^>]*>', data.decode())]
    assert len(links) > 20, links  # the survey, films, maps, organisations, licence, Digg
    assert [(path, tag) for path, tag in links if 'rel="noopener"' not in tag] == []
