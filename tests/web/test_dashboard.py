"""The dashboard as an analyst uses it: the map, the event panel, the timeline brush, the actor
graph, and a report carrying markup. Each view's screenshot goes to build/screenshots/.
"""

from __future__ import annotations

from playwright.sync_api import Locator

from .pages import HOSTILE_TITLE, IMG_MARKUP, SCRIPT_MARKUP, Dashboard, Tab

# The brush is dragged across this share of the timeline's width.
BRUSH_FROM, BRUSH_TO = 0.45, 0.75


def _first_geocoded_event(dashboard: Dashboard, **filters: str) -> dict:
    """The first geocoded event matching ``filters``, as the API lists it."""
    response = dashboard.api.get("/api/events", params={**filters, "has_coordinates": "true", "limit": 1000})
    response.raise_for_status()
    return response.json()["items"][0]


def _assert_spans_marked(panel: Locator, event: dict) -> None:
    """The panel quotes the event's sentence with its trigger and every field marked exactly."""
    trigger = panel.locator("blockquote.sentence mark.hl-trigger")
    trigger.first.wait_for()
    assert "".join(trigger.all_text_contents()) == event["trigger"]["text"]
    for key, field in enumerate(event["fields"]):
        marks = panel.locator(f'blockquote.sentence mark[data-keys~="f{key}"]').all_text_contents()
        assert "".join(marks) == field["text"], field["role"]


def test_every_geocoded_event_has_one_marker(tab: Tab, dashboard: Dashboard) -> None:
    tab.open(dashboard.url)

    assert tab.markers() == dashboard.count(has_coordinates="true") > 0
    assert tab.page.inner_text("#list-count") == str(dashboard.count())
    assert not tab.errors
    tab.screenshot("map")


def test_clicking_a_marker_shows_the_event_with_its_source_span_highlighted(tab: Tab, dashboard: Dashboard) -> None:
    event = _first_geocoded_event(dashboard, type="attack")
    tab.open(dashboard.url)

    tab.page.locator(f'path.event-marker[data-event="{event["id"]}"]').click()

    panel = tab.page.locator("#event-panel")
    _assert_spans_marked(panel, event)
    assert panel.locator("table.fields tbody tr").count() == len(event["fields"]) + 1  # and the trigger row
    assert tab.page.locator("#list-panel").is_hidden()
    assert "#event=" in tab.page.url
    tab.screenshot("event-panel")


def test_brushing_the_timeline_filters_the_map(tab: Tab, dashboard: Dashboard) -> None:
    tab.open(dashboard.url)
    before = tab.markers()
    overlay = tab.page.locator("#timeline .brush rect.overlay").bounding_box()
    middle = overlay["y"] + overlay["height"] / 2

    tab.page.mouse.move(overlay["x"] + overlay["width"] * BRUSH_FROM, middle)
    tab.page.mouse.down()
    tab.page.mouse.move(overlay["x"] + overlay["width"] * BRUSH_TO, middle, steps=8)
    tab.page.mouse.up()
    tab.page.wait_for_function("document.querySelector('#filters [name=until]').value !== ''")
    tab.wait_ready()

    since = tab.page.input_value("#filters [name=since]")
    until = tab.page.input_value("#filters [name=until]")
    after = tab.markers()
    assert since < until
    assert 0 < after < before
    assert after == dashboard.count(has_coordinates="true", since=since, until=until)
    assert tab.page.inner_text("#list-count") == str(dashboard.count(since=since, until=until))
    tab.screenshot("timeline", ".timeline-panel")


def test_the_filter_bar_narrows_the_map_and_the_list_and_is_kept_in_the_address(tab: Tab, dashboard: Dashboard) -> None:
    tab.open(dashboard.url)

    tab.page.select_option("#filters [name=type]", "arms_transfer")
    tab.page.wait_for_function("location.hash.includes('type=arms_transfer')")
    tab.wait_ready()

    assert tab.markers() == dashboard.count(type="arms_transfer", has_coordinates="true")
    assert tab.page.inner_text("#list-count") == str(dashboard.count(type="arms_transfer"))
    assert set(tab.page.locator("#event-list .badge").all_text_contents()) == {"Arms transfer"}


def test_the_actor_graph_links_attackers_suppliers_and_their_counterparts(tab: Tab, dashboard: Dashboard) -> None:
    tab.open(dashboard.url)

    tab.page.click("#tab-graph")

    assert tab.page.locator("#view-graph canvas").count() > 0
    assert tab.page.locator("#view-map").is_hidden()
    note = tab.page.inner_text("#view-note")
    actors, links = (int(note.split(" actors")[0].split()[-1]), int(note.split(" links")[0].split()[-1]))
    assert actors >= 2 and links >= 1
    tab.screenshot("graph")


def test_markup_in_a_report_is_shown_as_text(tab: Tab, dashboard: Dashboard) -> None:
    event = next(
        e
        for e in dashboard.api.get("/api/events", params={"type": "attack", "limit": 1000}).json()["items"]
        if e["doc"] == dashboard.hostile_doc
    )
    tab.open(f"{dashboard.url}/#event={event['id']}")

    panel = tab.page.locator("#event-panel")
    _assert_spans_marked(panel, event)
    panel.locator("details.full-text summary").click()

    sentence = panel.locator("blockquote.sentence").first.inner_text()
    assert IMG_MARKUP in sentence and SCRIPT_MARKUP in sentence
    assert panel.locator(".document strong").inner_text() == HOSTILE_TITLE
    assert tab.page.get_by_text(IMG_MARKUP, exact=False).first.is_visible()
    assert panel.locator(".report-text").inner_text().count(SCRIPT_MARKUP) == 1
    assert tab.page.locator('img[src="x"]').count() == 0
    assert tab.page.locator("script:not([src])").count() == 0
    assert tab.dialogs == []
    assert not tab.errors
