"""Plain JSON-ready views of model records, shared by the CLI, the HTTP API and the exports."""

from __future__ import annotations

from collections import Counter
from typing import Any

from warledger.model import Claim, Event, EventField, Span
from warledger.resolve.claims import CanonicalEvent, FieldClaims
from warledger.store.codec import plain


def span_dict(span: Span) -> dict[str, Any]:
    """Provenance of a value: document, sentence, character offsets and the text."""
    return {"doc": span.doc, "sentence": span.sentence, "start": span.start, "end": span.end, "text": span.text}


def field_dict(f: EventField) -> dict[str, Any]:
    """One event field: role, value, typed value, hedge and provenance."""
    out: dict[str, Any] = {"role": f.role, "value": f.value}
    if f.typed is not None:
        out["typed"] = {"type": type(f.typed).__name__.lower(), **plain(f.typed)}
    if f.hedge:
        out["hedge"] = f.hedge
    out.update(span_dict(f.span))
    return out


def event_dict(event: Event) -> dict[str, Any]:
    """An event with every field and its provenance."""
    return {
        "id": event.id,
        "type": event.type.value,
        "modality": event.modality.value,
        "aggregate": event.aggregate,
        "doc": event.doc,
        "sentence": event.sentence,
        "trigger": span_dict(event.trigger),
        "fields": [field_dict(f) for f in event.fields],
        "source": plain(event.source) if event.source else None,
    }


def claim_dict(claim: Claim) -> dict[str, Any]:
    """A claim: who said it (with role and venue), the cue, the content and linked events."""
    return {
        "id": claim.id,
        "doc": claim.doc,
        "sentence": claim.sentence,
        "modality": claim.modality.value,
        "source": plain(claim.source),
        "cue": span_dict(claim.cue),
        "content": span_dict(claim.content),
        "event_ids": list(claim.event_ids),
    }


def field_claims_dict(claims: FieldClaims) -> dict[str, Any]:
    """One field of a real-world event: its leading value with provenance, status and every value."""
    counts = Counter(v.value for v in claims.values)
    leading = max(claims.values, key=lambda v: counts[v.value])
    return {
        "role": claims.role,
        "value": leading.value,
        **span_dict(leading.field.span),
        "status": claims.status,
        "summary": claims.summary,
        "values": [
            {
                "value": v.value,
                "source": v.report.source,
                "report_date": v.report.report_date.isoformat() if v.report.report_date else None,
                "event": v.report.event_id,
                "attributed_to": v.attributed_to,
                "modality": v.modality.value,
                **span_dict(v.field.span),
            }
            for v in claims.values
        ],
    }


def canonical_dict(event: CanonicalEvent) -> dict[str, Any]:
    """A real-world event: every report of it, why they were merged, and each field's claims."""
    return {
        "id": event.id,
        "type": event.type,
        "aggregate": event.aggregate,
        "date": {"start": event.date_start, "end": event.date_end} if event.date_start else None,
        "reports": [
            {
                "event": r.event_id,
                "doc": r.doc,
                "publisher": r.publisher,
                "report_date": r.report_date.isoformat() if r.report_date else None,
                "story": r.story,
                "reasons": list(r.reasons),
            }
            for r in event.reports
        ],
        "fields": [field_claims_dict(f) for f in event.fields],
        "denials": list(event.denials),
        "includes": list(event.includes),
        "included_in": list(event.included_in),
    }
