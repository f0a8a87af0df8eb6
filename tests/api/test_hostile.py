"""Bad and hostile requests get a JSON error with the right status, never a 500."""

from __future__ import annotations

import socket

import httpx
import pytest


def assert_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error", "detail"} and body["error"] == code and body["detail"]


@pytest.mark.parametrize(
    ("params", "names"),
    [
        ({"limit": "-5"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": "1001"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"type": "massacre"}, "type"),
        ({"sort": "price"}, "sort"),
        ({"since": "18/03/2024"}, "since"),
        ({"since": "2024-03-19", "until": "2024-03-01"}, "swap"),
        ({"bbox": "1,2,3"}, "bbox"),
        ({"bbox": "a,b,c,d"}, "bbox"),
        ({"bbox": "nan,0,1,1"}, "bbox"),
        ({"bbox": "0,60,10,50"}, "bbox"),
        ({"bbox": "200,0,210,10"}, "bbox"),
        ({"has_coordinates": "maybe"}, "has_coordinates"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"cursor": "W10"}, "cursor"),
    ],
)
def test_bad_parameters_are_400_and_name_the_parameter(api: httpx.Client, params: dict, names: str) -> None:
    response = api.get("/api/events", params=params)
    assert_error(response, 400, "bad_parameter")
    assert names in response.json()["detail"]


def test_a_cursor_of_one_order_is_refused_for_the_other(api: httpx.Client) -> None:
    cursor = api.get("/api/events", params={"limit": 1}).json()["next_cursor"]
    response = api.get("/api/events", params={"limit": 1, "sort": "-date", "cursor": cursor})
    assert_error(response, 400, "bad_parameter")
    assert "keep the sort" in response.json()["detail"]


@pytest.mark.parametrize(
    "value",
    [
        "' OR 1=1 --",
        "Kharkiv'); DROP TABLE events; --",
        "%",
        "_",
        "Київ",
        "🚀" * 50,
        "\u202eRTL override",
        "x" * 20_000,
        "nul\x00byte",
    ],
)
def test_hostile_filter_values_match_nothing_and_harm_nothing(api: httpx.Client, value: str) -> None:
    before = api.get("/api/stats").json()
    for name in ("actor", "place", "weapon", "weapon_origin", "admin1", "country"):
        response = api.get("/api/events", params={name: value})
        assert response.status_code == 200, (name, response.text)
        assert response.json() == {"items": [], "next_cursor": None, "count": 0, "count_exact": True}
    assert api.get("/api/stats").json() == before


@pytest.mark.parametrize("path", ["/api/events/nope", "/api/documents/nope", "/api/events/' OR '1'='1"])
def test_unknown_ids_are_404(api: httpx.Client, path: str) -> None:
    assert_error(api.get(path), 404, "not_found")


def test_unknown_routes_and_methods_answer_in_json(api: httpx.Client) -> None:
    assert_error(api.get("/api/nothing-here"), 404, "not_found")
    assert_error(api.delete("/api/events"), 405, "method_not_allowed")


def test_a_huge_query_string_is_refused_without_a_server_error(base_url: str) -> None:
    # httpx refuses to send a URL this long, so the request is written on a raw socket.
    host, port = base_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as connection:
        connection.sendall(
            f"GET /api/events?actor={'y' * 200_000} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        )
        status_line = connection.makefile("rb").readline().decode()
    status = int(status_line.split()[1])
    assert 400 <= status < 500


def test_the_openapi_schema_describes_every_route(api: httpx.Client) -> None:
    schema = api.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/documents", "/api/documents/{doc_id}",
            "/api/actors", "/api/places", "/api/claims", "/api/stats"} <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert parameters == {"type", "actor", "weapon", "weapon_origin", "place", "admin1", "country", "bbox",
                          "since", "until", "modality", "corroboration", "has_coordinates", "limit", "cursor",
                          "sort"}


def test_the_dashboard_is_served_at_the_root_beside_the_api(api: httpx.Client) -> None:
    response = api.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert_error(api.get("/no-such-page.html"), 404, "not_found")


def test_head_on_a_route_answers_like_get_without_a_body(api: httpx.Client) -> None:
    for path in ("/api/stats", "/api/events?limit=1"):
        got, head = api.get(path), api.head(path)
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == got.headers["content-length"]
    assert api.head("/api/events/nope").status_code == 404
