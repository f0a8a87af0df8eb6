"""The counts the dashboard shows, over a ledger holding more events than the API counts: every
count is the events the dashboard fetched, and the API's count shows only while loading, with a
"+" when the API stopped counting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import date, timedelta

import httpx
import pytest
from playwright.sync_api import Browser

from warledger.api import create_app
from warledger.model import Actor, Document, Event, EventField, EventType, Extraction, Modality, Place, Precision
from warledger.model import Sentence, Span, TimeValue
from warledger.store.planner import Limits
from warledger.store.sqlite import Store

from .pages import Tab, new_tab

COUNTED = Limits().count
EVENTS = COUNTED + 150
PER_BULLETIN = 50
UNPLACED_EVERY = 10  # every tenth raid names no place, so it is listed but not mapped
RUSSIA = Actor("RU", "Russia", "state", "RU")
PLACES = [
    Place("Kharkiv", 706483, 49.98, 36.25, "Kharkiv Oblast", "Ukraine", "UA", "city"),
    Place("Sumy", 692194, 50.92, 34.80, "Sumy Oblast", "Ukraine", "UA", "city"),
    Place("Kherson", 706448, 46.64, 32.61, "Kherson Oblast", "Ukraine", "UA", "city"),
]
FIRST_DAY = date(2024, 1, 1)

# Records every text the status line is given, in order, from before the dashboard's scripts run
# (each text is read from the nodes a change added, so none is missed between two callbacks).
RECORD_STATUS = """
window.statuses = [];
new MutationObserver((records) => {
  for (const record of records) {
    if (record.target.id === "status") window.statuses.push([...record.addedNodes].map((n) => n.textContent).join(""));
  }
}).observe(document, { childList: true, subtree: true });
"""

MATCHING_IN_BROWSER = """async (page) => {
  const { matching } = await import("/js/api.js");
  return matching(page);
}"""


def raid(number: int) -> tuple[date, Place | None]:
    """The day of raid ``number`` and its place (none for every UNPLACED_EVERY-th)."""
    place = None if number % UNPLACED_EVERY == 0 else PLACES[number % len(PLACES)]
    return FIRST_DAY + timedelta(days=number % 90), place


def told(number: int) -> str:
    """The sentence reporting raid ``number``."""
    day, place = raid(number)
    return f"In raid {number}, Russian forces struck {place.name if place else 'an unnamed village'} on {day.isoformat()}."


def bulletin(first: int) -> Extraction:
    """A report of PER_BULLETIN raids numbered from ``first``, one sentence and one attack by
    Russian forces each, with its day and, when it has one, its place."""
    numbers = range(first, first + PER_BULLETIN)
    sentences = [told(n) for n in numbers]
    document = Document.create(" ".join(sentences), date=FIRST_DAY + timedelta(days=90), publisher="Raid Register")
    extraction = Extraction(document)
    start = 0
    for index, (number, sentence) in enumerate(zip(numbers, sentences)):
        extraction.sentences.append(Sentence(document.id, index, start, start + len(sentence), sentence))

        def span(words: str) -> Span:
            at = start + sentence.index(words)
            return Span(document.id, index, at, at + len(words), words)

        day, place = raid(number)
        when = TimeValue(day.isoformat(), "DATE", Precision.DAY, day, day)
        fields = [
            EventField("attacker", RUSSIA.name, span("Russian forces"), RUSSIA),
            EventField("date", day.isoformat(), span(day.isoformat()), when),
        ]
        if place:
            fields.append(EventField("place", place.name, span(place.name), place))
        extraction.events.append(
            Event(f"{document.id}:e{index}", document.id, EventType.ATTACK, Modality.ASSERTED, index, span("struck"), fields)
        )
        start += len(sentence) + 1
    return extraction


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory, serve: Callable[[object], AbstractContextManager[str]]) -> Iterator[httpx.Client]:
    """An API client of the real app serving a ledger of EVENTS raids, more than the API counts."""
    path = tmp_path_factory.mktemp("crowded") / "ledger.db"
    with Store(path) as store:
        store.save_many([bulletin(first) for first in range(0, EVENTS, PER_BULLETIN)])
    with serve(create_app(path)) as url, httpx.Client(base_url=url, timeout=30) as api:
        yield api


@pytest.fixture
def crowded_tab(browser: Browser, crowded: httpx.Client) -> Iterator[Tab]:
    """A browser tab that records every text the status line shows."""
    with new_tab(browser) as opened:
        opened.page.add_init_script(RECORD_STATUS)
        yield opened


def held(api: httpx.Client, **filters: str) -> int:
    """How many events matching ``filters`` the API holds, counted by paging through them all."""
    total, cursor = 0, None
    while True:
        response = api.get("/api/events", params={**filters, "limit": 500, **({"cursor": cursor} if cursor else {})})
        response.raise_for_status()
        page = response.json()
        total += len(page["items"])
        cursor = page["next_cursor"]
        if cursor is None:
            return total


def test_the_api_counts_fewer_events_than_the_ledger_holds(crowded: httpx.Client) -> None:
    page = crowded.get("/api/events", params={"limit": 1}).json()

    assert (page["count"], page["count_exact"]) == (COUNTED, False)
    assert held(crowded) == EVENTS


def test_the_dashboard_shows_every_event_it_holds_not_the_api_count(crowded_tab: Tab, crowded: httpx.Client) -> None:
    crowded_tab.open(str(crowded.base_url))

    page = crowded_tab.page
    total, mapped = held(crowded), held(crowded, has_coordinates="true")
    assert COUNTED < mapped < total
    assert page.inner_text("#list-count") == str(total)
    assert page.inner_text("#view-note").startswith(f"{total} events · {mapped} on the map ·")
    assert crowded_tab.markers() == mapped
    assert page.locator("#stats dd").nth(1).inner_text() == f"{total:,}"
    loading = [s for s in page.evaluate("window.statuses") if s.startswith("Loading events…")]
    assert f"Loading events… 500 of {COUNTED:,}+ matching" in loading
    assert not crowded_tab.errors


def test_a_page_count_reads_as_exact_or_as_at_least(crowded_tab: Tab, crowded: httpx.Client) -> None:
    pages = [(0, True), (740, True), (COUNTED, True), (COUNTED, False)]
    crowded_tab.open(str(crowded.base_url))

    shown = [crowded_tab.page.evaluate(MATCHING_IN_BROWSER, {"count": n, "count_exact": exact}) for n, exact in pages]

    assert shown == ["0", "740", f"{COUNTED:,}", f"{COUNTED:,}+"]
