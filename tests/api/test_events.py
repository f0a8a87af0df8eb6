"""GET /api/events and /api/events/{id}: filters, keyset pages and provenance, over real HTTP."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


def events(api: httpx.Client, **params: Any) -> dict[str, Any]:
    response = api.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    return response.json()


def one_attack_at(api: httpx.Client, place: str) -> dict[str, Any]:
    found = [e for e in events(api, type="attack", place=place)["items"] if e["place"] and e["place"]["name"] == place]
    assert found, f"no located attack at {place}"
    return found[0]


def test_every_field_carries_the_exact_characters_of_its_document(api: httpx.Client) -> None:
    page = events(api, limit=1000)
    assert page["count"] == len(page["items"]) > 0
    texts: dict[str, str] = {}
    for event in page["items"]:
        text = texts.setdefault(event["doc"], api.get(f"/api/documents/{event['doc']}").json()["text"])
        for span in [event["trigger"], *event["fields"]]:
            assert text[span["start"] : span["end"]] == span["text"]
            assert span["doc"] == event["doc"]


def test_a_strike_comes_out_with_its_place_date_weapon_and_origin(api: httpx.Client) -> None:
    strike = one_attack_at(api, "Kharkiv")
    roles = {f["role"]: f["value"] for f in strike["fields"]}
    assert roles["weapon"] == "Iskander-M" and roles["weapon_origin"] == "Russia"
    assert strike["place"]["admin1"] == "Kharkiv Oblast" and strike["place"]["country"] == "Ukraine"
    assert 49 < strike["place"]["lat"] < 51 and 35 < strike["place"]["lon"] < 37
    assert strike["date"] == {"start": "2024-03-17", "end": "2024-03-17"}


@pytest.mark.parametrize(
    ("params", "place"),
    [
        ({"weapon": "iskander-m"}, "Kharkiv"),
        ({"weapon": "Ballistic Missile"}, "Kharkiv"),
        ({"weapon_origin": "Iran"}, "Odesa"),
        ({"weapon_origin": "iran"}, "Odesa"),
        ({"admin1": "odesa oblast"}, "Odesa"),
        ({"country": "RU"}, "Belgorod Oblast"),
        ({"country": "Russia"}, "Belgorod Oblast"),
        ({"bbox": "23.5,49.5,24.5,50.2"}, "Lviv"),
        ({"actor": "Russia", "since": "2024-03-17", "until": "2024-03-17"}, "Kharkiv"),
    ],
)
def test_each_filter_keeps_exactly_the_events_it_describes(
    api: httpx.Client, params: dict[str, str], place: str
) -> None:
    page = events(api, **params)
    assert page["count"] == len(page["items"]) >= 1
    assert place in {e["place"]["name"] for e in page["items"] if e["place"]}
    everything = events(api, limit=1000)["items"]
    assert page["count"] < len(everything)


def test_location_filters_look_only_at_the_event_location(api: httpx.Client) -> None:
    for event in events(api, country="Ukraine", limit=1000)["items"]:
        assert event["place"]["country"] == "Ukraine"
    for event in events(api, bbox="22,44,41,53", limit=1000)["items"]:
        assert 44 <= event["place"]["lat"] <= 53 and 22 <= event["place"]["lon"] <= 41
    assert events(api, bbox="-10,-10,10,10")["count"] == 0


def test_has_coordinates_splits_the_ledger_in_two(api: httpx.Client) -> None:
    total = events(api)["count"]
    located = events(api, has_coordinates="true")
    unlocated = events(api, has_coordinates="false")
    assert located["count"] + unlocated["count"] == total
    assert all(e["place"] is not None for e in located["items"])
    assert all(e["place"] is None for e in unlocated["items"])


def test_corroboration_is_accepted_and_matches_nothing_until_resolution_stores_it(api: httpx.Client) -> None:
    assert events(api, corroboration="corroborated") == {
        "items": [], "next_cursor": None, "count": 0, "count_exact": True
    }


@pytest.mark.parametrize("sort", ["date", "-date"])
@pytest.mark.parametrize("limit", [1, 2, 3, 7])
def test_walking_every_page_returns_each_event_once_in_order(api: httpx.Client, sort: str, limit: int) -> None:
    everything = events(api, sort=sort, limit=1000)
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        page = events(api, sort=sort, limit=limit, **({"cursor": cursor} if cursor else {}))
        assert page["count"] == everything["count"] and len(page["items"]) <= limit
        seen += page["items"]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert [e["id"] for e in seen] == [e["id"] for e in everything["items"]]
    assert len({e["id"] for e in seen}) == everything["count"]
    days = [e["date"]["start"] for e in seen if e["date"]]
    assert days == sorted(days, reverse=sort == "-date")
    undated = [e["date"] is None for e in seen]
    assert undated == sorted(undated), "undated events come last in both orders"


def test_a_cursor_keeps_its_place_when_filters_are_kept(api: httpx.Client) -> None:
    first = events(api, type="attack", limit=2)
    rest = events(api, type="attack", limit=1000, cursor=first["next_cursor"])
    assert [e["id"] for e in first["items"] + rest["items"]] == [
        e["id"] for e in events(api, type="attack", limit=1000)["items"]
    ]


def test_an_event_shows_its_sentences_document_and_claims(api: httpx.Client) -> None:
    strike = one_attack_at(api, "Kharkiv")
    response = api.get(f"/api/events/{strike['id']}")
    assert response.status_code == 200
    detail = response.json()
    assert detail["document"]["publisher"] == "Kharkiv Daily" and detail["document"]["date"] == "2024-03-18"
    sentence = detail["sentences"][str(strike["trigger"]["sentence"])]
    assert strike["trigger"]["text"] in sentence and "Iskander-M" in sentence
    assert {f["role"] for f in detail["fields"]} == {f["role"] for f in strike["fields"]}
    assert all(report["event_id"] != strike["id"] for report in detail["reports"])
    for claim in detail["claims"]:
        assert strike["id"] in claim["event_ids"]


def test_claims_can_be_listed_by_document(api: httpx.Client) -> None:
    strike = one_attack_at(api, "Kharkiv")
    claims = api.get("/api/claims", params={"doc": strike["doc"]}).json()
    assert claims and all(c["doc"] == strike["doc"] for c in claims)
    assert any("governor" in c["source"]["name"] for c in claims)


def test_actors_places_and_stats_agree_with_the_event_listing(api: httpx.Client) -> None:
    actors = api.get("/api/actors").json()
    russia = next(a for a in actors if a["id"] == "RU")
    assert russia["name"] == "Russia" and russia["events"] == events(api, actor="RU")["count"]
    places = api.get("/api/places").json()
    assert sum(p["events"] for p in places) == events(api, has_coordinates="true")["count"]
    assert {"Kharkiv", "Odesa", "Lviv"} <= {p["name"] for p in places}
    stats = api.get("/api/stats").json()
    assert stats["documents"] == 6 and stats["events"] == events(api)["count"]
    assert sum(stats["by_type"].values()) == stats["events"]
    assert any(d["day"] == "2024-03-17" and d["type"] == "attack" for d in stats["by_day"])
    assert sum(d["count"] for d in stats["by_day"]) <= stats["events"]
