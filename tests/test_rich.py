"""rich: the fast path for plain prose gives exactly what Markdown and the sanitiser give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages.rich import is_prose, markdown_block, markdown_inline, rich_block, rich_inline

# Letters (Swedish, other Latin, non-Latin), digits, spaces and the punctuation the fast path accepts,
# plus characters it must refuse, so that both sides of the test are exercised.
ALPHABET = "aåäöeézAÅÄÖZßøœя日0123456789 ,.;:?%()'\"/–—-" + "*_`[]<>&#!\\+=|{}~\n\t\u00a0"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=60))
def test_prose_fast_path_matches_markdown(text: str) -> None:
    if not is_prose(text):
        return
    assert rich_block(text) == f'<div class="rich">\n{markdown_block(text)}\n</div>'
    assert rich_inline(text) == markdown_inline(text)


PROSE_CHARS = "aåäöeézAÅÄÖZßøœя日0123456789,.;:?%()'\"/–—-"
prose = st.builds(lambda first, words: first + " ".join(words), st.sampled_from("aÅöZéя日"),
                  st.lists(st.text(alphabet=PROSE_CHARS, min_size=1, max_size=8), max_size=8))


@settings(max_examples=400, deadline=None)
@given(prose)
def test_generated_prose_takes_the_fast_path_with_the_same_output(text: str) -> None:
    assert is_prose(text)
    assert rich_block(text) == f'<div class="rich">\n{markdown_block(text)}\n</div>'
    assert rich_inline(text) == markdown_inline(text)


def test_prose_is_what_editors_mostly_write() -> None:
    assert is_prose("Trygghetsvandring genomförd vid stationsområdet i Floda (12 boende), polis och kommun.")
    assert is_prose("Klotter tas bort inom 48 timmar; 5–10 anmälningar/månad: \"bra\" sa de.")
    for marked in ("*viktigt*", "se [länk](https://x.se)", "1. första", "# rubrik", "a  b", "rad\nrad", "a & b",
                   "- punkt", "slut ", "_under_", "a <b>"):
        assert not is_prose(marked), marked


def test_the_examples_texts_render_the_same_either_way() -> None:
    for text in ("Öka tryggheten och ge invånarna och andra aktörer möjligheten att aktivt bidra till detta.",
                 "Polisen har patrullerat till fots vid stationerna fredag och lördag kväll sedan september.",
                 "Informationskväll för nya nattvandrare; åtta nya anmälde sig.",
                 "The police's citizen dialogue shows that many people avoid certain places after dark."):
        assert is_prose(text)
        assert rich_inline(text) == markdown_inline(text)
        assert rich_block(text, 'lang="sv"') == f'<div class="rich" lang="sv">\n{markdown_block(text)}\n</div>'
