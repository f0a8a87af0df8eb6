"""Validated event filters, shared by the CLI, the Python API and the HTTP API.

Like dateparser's settings, a filter is checked up front and a bad value is refused with a
message that names the setting, the value and what would be accepted.

A page of events is read with keyset pagination: a :class:`Cursor` holds the sort key of the
last event returned, so the next page starts right after it even while events are being added,
and it is handed out as an opaque URL-safe token.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TypeVar

from warledger.errors import ConfigError
from warledger.model import EventType, Modality

E = TypeVar("E", bound=Enum)


class Sort(str, Enum):
    """Event order: by date (undated events last), then document and position; '-' reverses."""

    DATE = "date"
    DATE_DESCENDING = "-date"


class Corroboration(str, Enum):
    """The corroboration status of an event once cross-document resolution has stored it."""

    CORROBORATED = "corroborated"
    SINGLE = "single"
    CONTRADICTED = "contradicted"


@dataclass(frozen=True)
class BBox:
    """A longitude/latitude box, west-south to east-north; a west edge east of the east edge wraps."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float

    @classmethod
    def parse(cls, value: str) -> BBox:
        """A box from ``minlon,minlat,maxlon,maxlat`` ("22,44,41,53" covers Ukraine)."""
        parts = value.split(",")
        try:
            numbers = [float(part) for part in parts]
        except ValueError:
            numbers = []
        if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
            raise ConfigError(
                f"bbox: {value[:80]!r} is not four numbers; give minlon,minlat,maxlon,maxlat, "
                "e.g. 22,44,41,53"
            )
        box = cls(*numbers)
        if not (-180 <= box.min_lon <= 180 and -180 <= box.max_lon <= 180):
            raise ConfigError(f"bbox: longitudes must lie in -180..180, got {value[:80]!r}")
        if not (-90 <= box.min_lat <= box.max_lat <= 90):
            raise ConfigError(
                f"bbox: latitudes must lie in -90..90 with minlat <= maxlat, got {value[:80]!r}"
            )
        return box

    @property
    def wraps(self) -> bool:
        """Whether the box crosses the antimeridian (its west edge lies east of its east edge)."""
        return self.min_lon > self.max_lon


@dataclass(frozen=True)
class Cursor:
    """Where a page ends: the sort key of its last event, and the order it was read in."""

    sort: Sort
    day: str
    doc: str
    position: int
    event: str

    def encode(self) -> str:
        """The opaque token handed to clients."""
        raw = json.dumps([self.sort.value, self.day, self.doc, self.position, self.event])
        return base64.urlsafe_b64encode(raw.encode("utf-8")).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, token: str, sort: Sort) -> Cursor:
        """The cursor a token stands for, checked to belong to a listing in the same order."""
        try:
            padded = token.strip() + "=" * (-len(token.strip()) % 4)
            sort_name, day, doc, position, event = json.loads(base64.urlsafe_b64decode(padded))
            cursor = cls(Sort(sort_name), day, doc, position, event)
        except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
            raise ConfigError(
                "cursor: not a cursor this ledger handed out; pass next_cursor from the previous page"
            ) from None
        if not (
            isinstance(day, str) and isinstance(doc, str) and isinstance(event, str)
            and type(position) is int
        ):
            raise ConfigError("cursor: damaged; pass next_cursor from the previous page unchanged")
        if cursor.sort is not sort:
            raise ConfigError(
                f"cursor: it continues a listing sorted by {cursor.sort.value}, not {sort.value}; "
                "keep the sort of the first page"
            )
        return cursor


def parse_day(name: str, value: str | date | None) -> date | None:
    """An ISO day given for the filter setting ``name`` ("2024-03-18"), or None."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(
            f"{name}: {value[:80]!r} is not a date; give it as YYYY-MM-DD, e.g. 2024-03-18"
        ) from None


@dataclass(frozen=True)
class EventFilter:
    """Which events to list: every given criterion must hold.

    ``admin1``, ``country``, ``bbox`` and ``has_coordinates`` look at the event's location (its
    place field, else a target that is a place); ``place`` matches any place named in the event.
    ``corroboration`` matches events whose corroboration status cross-document resolution has
    stored; until it stores one, no event matches a corroboration filter.
    """

    type: EventType | None = None
    actor: str | None = None
    place: str | None = None
    modality: Modality | None = None
    since: date | None = None
    until: date | None = None
    doc: str | None = None
    limit: int | None = None
    weapon: str | None = None
    weapon_origin: str | None = None
    admin1: str | None = None
    country: str | None = None
    bbox: BBox | None = None
    corroboration: Corroboration | None = None
    has_coordinates: bool | None = None
    sort: Sort = Sort.DATE
    cursor: Cursor | None = None

    @classmethod
    def create(
        cls,
        type: str | None = None,
        actor: str | None = None,
        place: str | None = None,
        modality: str | None = None,
        since: str | date | None = None,
        until: str | date | None = None,
        doc: str | None = None,
        limit: int | None = None,
        weapon: str | None = None,
        weapon_origin: str | None = None,
        admin1: str | None = None,
        country: str | None = None,
        bbox: str | None = None,
        corroboration: str | None = None,
        has_coordinates: bool | None = None,
        sort: str | None = None,
        cursor: str | None = None,
    ) -> EventFilter:
        """A filter from user-given values, each validated with a precise message."""
        event_type = _enum("type", EventType, type)
        event_modality = _enum("modality", Modality, modality)
        since_day, until_day = parse_day("since", since), parse_day("until", until)
        if since_day and until_day and since_day > until_day:
            raise ConfigError(f"since {since_day} is after until {until_day}; swap them")
        if limit is not None and limit < 1:
            raise ConfigError(f"limit: {limit} is not a positive number of events")
        order = _enum("sort", Sort, sort) or Sort.DATE
        return cls(
            type=event_type,
            actor=_text(actor),
            place=_text(place),
            modality=event_modality,
            since=since_day,
            until=until_day,
            doc=doc,
            limit=limit,
            weapon=_text(weapon),
            weapon_origin=_text(weapon_origin),
            admin1=_text(admin1),
            country=_text(country),
            bbox=BBox.parse(bbox) if _text(bbox) else None,
            corroboration=_enum("corroboration", Corroboration, corroboration),
            has_coordinates=has_coordinates,
            sort=order,
            cursor=Cursor.decode(cursor, order) if _text(cursor) else None,
        )


def _text(value: str | None) -> str | None:
    return (value or "").strip() or None


def _enum(name: str, enum: type[E], value: str | None) -> E | None:
    if value is None or value == "":
        return None
    try:
        return enum(value.strip().lower())
    except ValueError:
        known = ", ".join(member.value for member in enum)
        raise ConfigError(f"{name}: {value[:80]!r} is not one of {known}") from None
