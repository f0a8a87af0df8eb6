"""The /api routes: each parses its parameters, calls one Ledger method and returns a view."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Path, Query, Response

from warledger.api.access import LedgerAccess, ledgers, writer
from warledger.api.schemas import (
    ActorOut,
    ClaimOut,
    DocumentIn,
    DocumentOut,
    ErrorOut,
    EventDetailOut,
    EventPageOut,
    IngestOut,
    PlaceCountOut,
    StatsOut,
)
from warledger.api.views import document_view, event_detail_view, event_view
from warledger.ledger import Status
from warledger.model import EventType, Modality
from warledger.serialize import claim_dict
from warledger.store.filters import Corroboration, Sort

DEFAULT_PAGE = 100
MAX_PAGE = 1000


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses a route can answer with."""
    return {status: {"model": ErrorOut} for status in (400, 503, *statuses)}


router = APIRouter(prefix="/api")
Access = Annotated[LedgerAccess, Depends(ledgers)]


@router.get("/events", response_model=EventPageOut, responses=_errors())
def list_events(
    access: Access,
    type: Annotated[EventType | None, Query(description="Event type.")] = None,
    actor: Annotated[str | None, Query(description="An actor taking part (name, alias or id; any case).")] = None,
    weapon: Annotated[str | None, Query(description="A weapon used or transferred (name, id or category).")] = None,
    weapon_origin: Annotated[str | None, Query(description="The country a weapon comes from.")] = None,
    place: Annotated[str | None, Query(description="Any place named in the event, its region or country.")] = None,
    admin1: Annotated[str | None, Query(description="First-level region of the event's location.")] = None,
    country: Annotated[str | None, Query(description="Country of the event's location (name or ISO code).")] = None,
    bbox: Annotated[
        str | None, Query(description="minlon,minlat,maxlon,maxlat around the event's location.")
    ] = None,
    since: Annotated[dt.date | None, Query(description="Events whose date reaches this day or later.")] = None,
    until: Annotated[dt.date | None, Query(description="Events whose date starts on this day or earlier.")] = None,
    modality: Annotated[Modality | None, Query()] = None,
    corroboration: Annotated[
        Corroboration | None,
        Query(description="Stored corroboration status; no event has one until cross-document resolution writes it."),
    ] = None,
    has_coordinates: Annotated[bool | None, Query(description="Only events with (true) or without (false) a location.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE, description="Page size.")] = DEFAULT_PAGE,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page.")] = None,
    sort: Annotated[Sort, Query(description="date (undated last) or -date.")] = Sort.DATE,
) -> dict[str, Any]:
    """A page of events matching every filter given, the next cursor, and how many match
    (counted up to a limit; count_exact is false when there are more)."""
    with access.open() as ledger:
        page = ledger.event_page(
            size=limit, type=type, actor=actor, weapon=weapon, weapon_origin=weapon_origin, place=place,
            admin1=admin1, country=country, bbox=bbox, since=since, until=until, modality=modality,
            corroboration=corroboration, has_coordinates=has_coordinates, cursor=cursor, sort=sort,
        )
    return {
        "items": [event_view(e) for e in page.items],
        "next_cursor": page.next_cursor,
        "count": page.count,
        "count_exact": page.count_exact,
    }


@router.get("/events/{event_id}", response_model=EventDetailOut, responses=_errors(404))
def get_event(access: Access, event_id: Annotated[str, Path()]) -> dict[str, Any]:
    """One event with the sentences its spans lie in, its document, its claims and other reports."""
    with access.open() as ledger:
        return event_detail_view(ledger, ledger.event(event_id))


@router.get("/documents/{doc_id}", response_model=DocumentOut, responses=_errors(404))
def get_document(access: Access, doc_id: Annotated[str, Path()]) -> dict[str, Any]:
    """A stored report's text and every mention found in it."""
    with access.open() as ledger:
        return document_view(ledger.document(doc_id), ledger.mentions(doc_id))


@router.post(
    "/documents",
    response_model=IngestOut,
    status_code=201,
    responses={200: {"model": IngestOut, "description": "Already stored"}, **_errors(401, 403, 413, 422)},
)
def post_document(
    report: Annotated[DocumentIn, Body()], response: Response, access: Annotated[LedgerAccess, Depends(writer)]
) -> dict[str, Any]:
    """Extract and store one report (needs the bearer token); 200 with status skipped if stored before."""
    with access.writing() as ledger:
        outcome = ledger.ingest_report(
            report.text, date=report.date, title=report.title, url=report.url, publisher=report.publisher
        )
    if outcome.status is Status.SKIPPED:
        response.status_code = 200
    return {"doc_id": outcome.doc_id, "events": outcome.events, "status": outcome.status.value}


@router.get("/actors", response_model=list[ActorOut], responses=_errors())
def list_actors(access: Access) -> list[Any]:
    """Every actor taking part in an event, with its number of events, most frequent first."""
    with access.open() as ledger:
        return ledger.actors()


@router.get("/places", response_model=list[PlaceCountOut], responses=_errors())
def list_places(access: Access) -> list[Any]:
    """Every event location, with its number of events, most frequent first."""
    with access.open() as ledger:
        return ledger.places()


@router.get("/claims", response_model=list[ClaimOut], responses=_errors())
def list_claims(
    access: Access,
    doc: Annotated[str | None, Query(description="Only claims of this document.")] = None,
    event: Annotated[str | None, Query(description="Only claims supporting this event.")] = None,
) -> list[dict[str, Any]]:
    """Attributed claims, optionally of one document or about one event."""
    with access.open() as ledger:
        return [claim_dict(claim) for claim in ledger.claims(doc=doc, event=event)]


@router.get("/stats", response_model=StatsOut, responses=_errors())
def stats(access: Access) -> dict[str, Any]:
    """Counts of documents, events and claims; events by type and by day."""
    with access.open() as ledger:
        summary = ledger.summary()
        by_day = ledger.events_by_day()
    return {
        "documents": summary.documents,
        "events": summary.events,
        "claims": summary.claims,
        "by_type": summary.events_by_type,
        "by_day": by_day,
    }
