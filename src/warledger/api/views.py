"""JSON views of ledger records for the HTTP API, built on :mod:`warledger.serialize`."""

from __future__ import annotations

from typing import Any

from warledger.ledger import Ledger
from warledger.model import Document, Event, Mention
from warledger.resolve.claims import Report
from warledger.serialize import claim_dict, event_dict
from warledger.store.codec import plain
from warledger.store.indexing import date_bounds, event_place


def event_view(event: Event) -> dict[str, Any]:
    """An event as serialize.event_dict gives it, plus its location and date."""
    place = event_place(event)
    start, end = date_bounds(event)
    return {
        **event_dict(event),
        "place": (
            {"name": place.name, "lat": place.lat, "lon": place.lon, "admin1": place.admin1, "country": place.country}
            if place
            else None
        ),
        "date": {"start": start, "end": end} if start or end else None,
    }


def event_detail_view(ledger: Ledger, event: Event) -> dict[str, Any]:
    """An event with its sentences' text, its document, the claims about it and its other reports."""
    document = ledger.document(event.doc)
    spans = [event.trigger, *(f.span for f in event.fields)]
    if event.source and event.source.span:
        spans.append(event.source.span)
    return {
        **event_view(event),
        "sentences": {str(i): ledger.sentence(event.doc, i).text for i in sorted({s.sentence for s in spans})},
        "document": document_ref(document),
        "claims": [claim_dict(claim) for claim in ledger.claims(event=event.id)],
        "reports": [report_view(report) for report in ledger.reports(event.id)],
    }


def document_ref(document: Document) -> dict[str, Any]:
    """Where a report came from, without its text."""
    return {
        "id": document.id,
        "date": document.date,
        "title": document.title,
        "publisher": document.publisher,
        "url": document.url,
    }


def document_view(document: Document, mentions: list[Mention]) -> dict[str, Any]:
    """A report's text and the span and typed value of every mention in it."""
    return {
        **document_ref(document),
        "text": document.text,
        "origin": document.origin,
        "mentions": [mention_view(m) for m in mentions],
    }


def mention_view(mention: Mention) -> dict[str, Any]:
    """One mention: kind, character offsets, text and typed value."""
    span = mention.span
    value = {"type": type(mention.value).__name__.lower(), **plain(mention.value)}
    return {"kind": mention.kind, "start": span.start, "end": span.end, "text": span.text, "value": value}


def report_view(report: Report) -> dict[str, Any]:
    """Another report of the same real-world event."""
    return {
        "event_id": report.event_id,
        "doc": report.doc,
        "publisher": report.publisher,
        "report_date": report.report_date,
        "story": report.story,
        "reasons": list(report.reasons),
    }
