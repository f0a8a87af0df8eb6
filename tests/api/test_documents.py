"""GET /api/documents/{id} and POST /api/documents (bearer token, size limit), over real HTTP."""

from __future__ import annotations

import json

import httpx
import pytest
REPORT = {
    "text": "Russian drones struck Sumy on Tuesday, the regional administration said.",
    "date": "2024-06-05",
    "title": "Drones hit Sumy",
    "publisher": "North Wire",
    "url": "https://example.org/sumy",
}


def test_a_document_comes_with_the_span_of_every_mention(api: httpx.Client) -> None:
    doc = api.get("/api/events", params={"weapon": "Iskander-M"}).json()["items"][0]["doc"]
    document = api.get(f"/api/documents/{doc}").json()
    assert document["publisher"] == "Kharkiv Daily" and document["date"] == "2024-03-18"
    assert document["text"].startswith("Russian forces struck Kharkiv")
    kinds = {m["kind"] for m in document["mentions"]}
    assert {"actor", "weapon", "place", "date"} <= kinds
    for mention in document["mentions"]:
        assert document["text"][mention["start"] : mention["end"]] == mention["text"]
    weapon = next(m for m in document["mentions"] if m["kind"] == "weapon")
    assert weapon["text"].startswith("Iskander-M")
    assert (weapon["value"]["type"], weapon["value"]["name"], weapon["value"]["origin"]) == (
        "weapon", "Iskander-M", "Russia"
    )


def test_posting_a_report_stores_it_once_and_its_events_are_listed(writable: httpx.Client, auth: dict) -> None:
    created = writable.post("/api/documents", json=REPORT, headers=auth)
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["status"] == "stored" and body["events"] >= 1
    document = writable.get(f"/api/documents/{body['doc_id']}").json()
    assert (document["title"], document["publisher"], document["url"]) == (
        REPORT["title"], REPORT["publisher"], REPORT["url"]
    )
    assert writable.get("/api/events", params={"place": "Sumy"}).json()["count"] >= 1
    again = writable.post("/api/documents", json=REPORT, headers=auth)
    assert again.status_code == 200
    assert again.json() == {"doc_id": body["doc_id"], "events": 0, "status": "skipped"}


def test_a_server_without_a_token_refuses_writes_and_says_how_to_allow_them(api: httpx.Client, auth: dict) -> None:
    response = api.post("/api/documents", json=REPORT, headers=auth)
    assert response.status_code == 403
    assert response.json()["error"] == "writes_disabled"
    assert "--token" in response.json()["detail"] and "WARLEDGER_TOKEN" in response.json()["detail"]


def test_a_missing_or_wrong_token_is_refused_with_401(writable: httpx.Client, auth: dict) -> None:
    token = auth["Authorization"].removeprefix("Bearer ")
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {token}"}):
        response = writable.post("/api/documents", json=REPORT, headers=headers)
        assert response.status_code == 401
        assert response.json()["error"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"


def test_a_body_over_the_limit_is_refused_before_it_is_read(writable: httpx.Client, auth: dict) -> None:
    huge = {"text": "Shelling continued. " * 5000}
    response = writable.post("/api/documents", json=huge, headers=auth)
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"

    def chunks():  # no Content-Length: the limit holds for a streamed body too
        for _ in range(100):
            yield b"x" * 1024

    streamed = writable.post("/api/documents", content=chunks(), headers={**auth, "Content-Type": "application/json"})
    assert streamed.status_code == 413


def test_bodies_that_are_no_report_are_refused_with_422(writable: httpx.Client, auth: dict) -> None:
    for body in ({"text": "   \n  "}, {"date": "2024-01-01"}, {"text": "x", "date": "yesterday"}):
        response = writable.post("/api/documents", json=body, headers=auth)
        assert response.status_code == 422, body
        assert set(response.json()) == {"error", "detail"}
    broken = writable.post(
        "/api/documents", content=b"{not json", headers={**auth, "Content-Type": "application/json"}
    )
    assert broken.status_code == 422


@pytest.mark.parametrize(
    ("body", "words"),
    [({"text": "Shelling hit Kherson.", "date": "9999-12-31"}, "date 9999-12-31 is in the future"),
     ({"text": "date 0001-01-01 Shelling hit Kherson."}, "date header 0001-01-01 is before 1900"),
     ({"text": "\ud800 Shelling hit Kherson."}, "lone surrogate (U+D800)"),
     ({"text": "Shelling hit Kherson.", "publisher": "Wire\udc80"}, "publisher holds a lone surrogate"),
     ({"text": "\u0000\u0000\u0000"}, "mostly control characters")],
)
def test_a_report_that_cannot_be_stored_is_a_422_and_the_next_post_still_works(
    writable: httpx.Client, auth: dict, body: dict, words: str
) -> None:
    # json.dumps escapes lone surrogates as \\uXXXX, as a client in any language may send them
    sent = json.dumps(body)
    refused = writable.post("/api/documents", content=sent, headers={**auth, "Content-Type": "application/json"})
    assert refused.status_code == 422 and words in refused.json()["detail"], refused.text
    after = writable.post("/api/documents", json={"text": "Mortar fire hit Vuhledar.", "date": "2024-02-01"}, headers=auth)
    assert after.status_code in (200, 201)


def test_a_body_in_latin_1_is_a_422_that_asks_for_utf_8(writable: httpx.Client, auth: dict) -> None:
    body = '{"text": "Café in Kherson shelled."}'.encode("latin-1")
    response = writable.post("/api/documents", content=body, headers={**auth, "Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json() == {
        "error": "validation", "detail": "body: not JSON text in UTF-8; send the report as a UTF-8 JSON object"
    }
