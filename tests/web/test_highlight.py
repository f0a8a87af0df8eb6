"""Report text with spans marked, run in the browser: whatever the text holds (markup included)
and however the spans overlap, the characters shown are the report's and each span reads back whole.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser, Page

from .pages import Dashboard

MARK_IN_BROWSER = """async ({ text, offset, spans }) => {
  const { highlighted } = await import("/js/highlight.js");
  const box = document.createElement("div");
  const keyed = spans.map(([start, end], i) => ({ start: start + offset, end: end + offset, className: "hl", key: `k${i}` }));
  box.append(...highlighted(text, offset, keyed));
  return {
    text: box.textContent,
    tags: [...box.querySelectorAll("*")].map((node) => node.tagName),
    marked: keyed.map(({ key }) => [...box.querySelectorAll(`mark[data-keys~="${key}"]`)].map((m) => m.textContent).join("")),
  };
}"""

report_text = st.text(alphabet=st.sampled_from("ab <>&\"'/=\n") | st.characters(codec="utf-8"), max_size=60)


@st.composite
def text_and_spans(draw: st.DrawFn) -> tuple[str, int, list[tuple[int, int]]]:
    """A text, the document offset it starts at, and spans (in text offsets) that may overlap."""
    text = draw(report_text.filter(bool))
    bounds = st.integers(0, len(text))
    spans = [tuple(sorted(pair)) for pair in draw(st.lists(st.tuples(bounds, bounds), max_size=5))]
    return text, draw(st.integers(0, 5000)), [(a, b) for a, b in spans if a < b]


@pytest.fixture(scope="module")
def page(browser: Browser, dashboard: Dashboard) -> Iterator[Page]:
    """One tab on the dashboard, shared by every example."""
    context = browser.new_context()
    opened = context.new_page()
    opened.goto(dashboard.url)
    yield opened
    context.close()


@settings(max_examples=60, deadline=None)
@given(case=text_and_spans())
def test_marked_text_shows_every_character_and_every_span_whole(
    page: Page, case: tuple[str, int, list[tuple[int, int]]]
) -> None:
    text, offset, spans = case

    shown = page.evaluate(MARK_IN_BROWSER, {"text": text, "offset": offset, "spans": spans})

    assert shown["text"] == text
    assert set(shown["tags"]) <= {"MARK"}
    assert shown["marked"] == [text[a:b] for a, b in spans]
