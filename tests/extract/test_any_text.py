"""Any text, however odd its letters, extracts without error, and every span points into it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ExtractFn

# Words every extractor reacts to, beside letters that case-folding, normalisation or the parser
# treat unusually (dotted and dotless i, long s, the Kelvin sign, ligatures, combining marks).
WORDS = st.sampled_from(
    [
        "Russia", "Ukraine's", "Kharkiv", "Odesa", "oblast", "missiles", "Shahed", "drones", "launched",
        "at", "least", "about", "50", "3,000", "killed", "said", "denied", "according", "to", "on",
        "Monday", "March", "2024", "last", "week", "summer", "quarter", "midnight", "the", "in", "near",
        "İstanbul", "ſpring", "\u212aharkiv", "ﬁve", "Kyïv", "e\u0301", "—", "“", "”", ":", ".", "\n\n", "-",
    ]
)
TEXTS = st.lists(WORDS | st.text(min_size=1, max_size=3), min_size=1, max_size=40).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(text=TEXTS)
def test_every_mention_and_claim_span_is_the_text_it_points_at(extract: ExtractFn, text: str) -> None:
    extraction = extract(text, report_date="2024-03-18")
    spans = [m.span for m in extraction.mentions] + [s for c in extraction.claims for s in (c.cue, c.content)]
    for span in spans:
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start : span.end] == span.text
