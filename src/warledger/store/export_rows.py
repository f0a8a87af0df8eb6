"""Events read from the ledger one report at a time and flattened to one row each.

The CSV, GeoJSON, Parquet and Datasette exports all write these rows, so a column means the same
thing in every format. Reading report by report keeps memory bounded by the largest report, not
by the ledger.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from warledger.errors import ConfigError

from warledger.model import Event, EventField, Quantity, Span, Weapon
from warledger.store.filters import EventFilter
from warledger.store.indexing import date_bounds, event_place
from warledger.store.sqlite import Store

EventRow = dict[str, Any]


@dataclass(frozen=True)
class Column:
    """One column of the flattened event rows and the kind of value it holds."""

    name: str
    kind: str  # "string", "int", "float", "bool" or "date"


def _columns(kind: str, *names: str) -> tuple[Column, ...]:
    return tuple(Column(name, kind) for name in names)


EVENT_COLUMNS: tuple[Column, ...] = (
    *_columns("string", "id", "canonical_event", "type", "modality"),
    Column("aggregate", "bool"),
    Column("doc", "string"),
    Column("sentence", "int"),
    Column("trigger", "string"),
    *_columns("date", "date_start", "date_end"),
    *_columns("string", "attacker", "target", "weapon", "weapon_category", "weapon_origin"),
    Column("count", "float"),
    Column("count_qualifier", "string"),
    Column("killed", "float"),
    Column("killed_qualifier", "string"),
    Column("injured", "float"),
    Column("injured_qualifier", "string"),
    *_columns("string", "supplier", "recipient", "item"),
    Column("quantity", "float"),
    Column("quantity_qualifier", "string"),
    *_columns("string", "participants", "speaker", "accused", "content", "hedges", "place"),
    *_columns("float", "lat", "lon"),
    *_columns("string", "admin1", "country", "country_code"),
    *_columns("string", "source", "source_role", "source_organisation"),
    Column("document_date", "date"),
    *_columns("string", "publisher", "url", "title", "provenance"),
)

# Columns filled with the values of one role, joined when the role has several.
_TEXT_ROLES = {
    "attacker": "attacker",
    "target": "target",
    "weapon": "weapon",
    "supplier": "supplier",
    "recipient": "recipient",
    "item": "item",
    "participants": "participant",
    "speaker": "speaker",
    "accused": "accused",
    "content": "content",
}
_NUMBER_ROLES = ("count", "killed", "injured", "quantity")
_SEPARATOR = "; "


@dataclass(frozen=True)
class ReportInfo:
    """What an export says about the report an event was read from (its text stays behind)."""

    id: str
    date: date | None
    title: str | None
    url: str | None
    publisher: str | None


@dataclass(frozen=True)
class ReportEvents:
    """One report's events in text order, and the real-world event each was merged into."""

    report: ReportInfo
    events: list[Event]
    canonical: dict[str, str]


def ledger_events(store: Store) -> Iterator[ReportEvents]:
    """Every report of the ledger that has events, in report-date order."""
    connection = store.connection
    reports = connection.execute(
        "SELECT id, date, title, url, publisher FROM documents ORDER BY date IS NULL, date, id"
    )
    for doc_id, day, title, url, publisher in reports:
        events = store.events(EventFilter(doc=doc_id))
        if not events:
            continue
        events.sort(key=lambda e: (e.trigger.start, e.id))
        canonical = connection.execute(
            "SELECT m.event, m.canonical FROM canonical_members m JOIN events e ON e.id = m.event"
            " WHERE e.doc = ?",
            (doc_id,),
        )
        report = ReportInfo(doc_id, date.fromisoformat(day) if day else None, title, url, publisher)
        yield ReportEvents(report, events, dict(canonical.fetchall()))


def event_rows(store: Store) -> Iterator[EventRow]:
    """One flattened row per event of the ledger, keyed by the names of :data:`EVENT_COLUMNS`."""
    for found in ledger_events(store):
        for event in found.events:
            yield event_row(event, found.report, found.canonical.get(event.id))


def event_row(event: Event, report: ReportInfo, canonical: str | None = None) -> EventRow:
    """The flattened row of one event read from ``report``, merged into the event ``canonical``."""
    date_start, date_end = date_bounds(event)
    place = event_place(event)
    source = event.source
    weapons = [f.typed for f in event.values("weapon") if isinstance(f.typed, Weapon)]
    row: EventRow = {
        "id": event.id,
        "canonical_event": canonical,
        "type": event.type.value,
        "modality": event.modality.value,
        "aggregate": event.aggregate,
        "doc": event.doc,
        "sentence": event.sentence,
        "trigger": event.trigger.text,
        "date_start": date_start,
        "date_end": date_end,
        **{column: _joined(f.value for f in event.values(role)) for column, role in _TEXT_ROLES.items()},
        "weapon_category": _joined(w.category for w in weapons),
        "weapon_origin": _weapon_origin(event, weapons),
        "hedges": _joined(f"{f.role}={f.hedge}" for f in event.fields if f.hedge),
        "place": place.name if place else None,
        "lat": place.lat if place else None,
        "lon": place.lon if place else None,
        "admin1": place.admin1 if place else None,
        "country": place.country if place else None,
        "country_code": place.country_code if place else None,
        "source": source.name if source else None,
        "source_role": source.role if source else None,
        "source_organisation": source.organisation if source else None,
        "document_date": report.date,
        "publisher": report.publisher,
        "url": report.url,
        "title": report.title,
        "provenance": provenance_json(event),
    }
    for role in _NUMBER_ROLES:
        row[role], row[f"{role}_qualifier"] = _number(event.value(role))
    return row


def provenance_json(event: Event) -> str:
    """Role -> list of [doc, start, end, text] for the trigger and every field of the event."""
    spans: dict[str, list[list[Any]]] = {"trigger": [_span_list(event.trigger)]}
    for f in event.fields:
        spans.setdefault(f.role, []).append(_span_list(f.span))
    return json.dumps(spans, ensure_ascii=False)


def _span_list(span: Span) -> list[Any]:
    return [span.doc, span.start, span.end, span.text]


def _joined(values: Iterable[str | None]) -> str | None:
    """Distinct values in first-seen order, joined; None when there are none."""
    distinct = list(dict.fromkeys(v for v in values if v))
    return _SEPARATOR.join(distinct) if distinct else None


def _weapon_origin(event: Event, weapons: list[Weapon]) -> str | None:
    """The reported origin of the weapons, else the known origin of each weapon system."""
    reported = _joined(f.value for f in event.values("weapon_origin"))
    return reported or _joined(w.origin for w in weapons if w.origin)


def _number(f: EventField | None) -> tuple[float | None, str | None]:
    """The reported number of a quantity field (the low end of a range) and its qualifier."""
    if f is None or not isinstance(f.typed, Quantity):
        return None, None
    quantity = f.typed
    value = quantity.value if quantity.value is not None else quantity.low
    return value, quantity.qualifier.value


@cache
def export_settings() -> dict[str, Any]:
    """The export data file ``store/export.yaml``: column descriptions, graph edges, Datasette metadata."""
    try:
        text = resources.files("warledger.store").joinpath("export.yaml").read_text("utf-8")
        settings = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"store data file export.yaml cannot be read: {exc}") from exc
    if not isinstance(settings, dict):
        raise ConfigError("store data file export.yaml: expected a mapping at the top level")
    return settings
