"""Validated event filters, shared by the CLI, the Python API and the HTTP API.

Like dateparser's settings, a filter is checked up front and a bad value is refused with a
message that names the setting, the value and what would be accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from warledger.errors import ConfigError
from warledger.model import EventType, Modality

E = TypeVar("E", EventType, Modality)


def parse_day(name: str, value: str | date | None) -> date | None:
    """An ISO day given for the filter setting ``name`` ("2024-03-18"), or None."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(
            f"{name}: {value!r} is not a date; give it as YYYY-MM-DD, e.g. 2024-03-18"
        ) from None


@dataclass(frozen=True)
class EventFilter:
    """Which events to list: every given criterion must hold."""

    type: EventType | None = None
    actor: str | None = None
    place: str | None = None
    modality: Modality | None = None
    since: date | None = None
    until: date | None = None
    doc: str | None = None
    limit: int | None = None

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
    ) -> EventFilter:
        """A filter from user-given values, each validated with a precise message."""
        event_type = _enum("type", EventType, type)
        event_modality = _enum("modality", Modality, modality)
        since_day, until_day = parse_day("since", since), parse_day("until", until)
        if since_day and until_day and since_day > until_day:
            raise ConfigError(f"since {since_day} is after until {until_day}; swap them")
        if limit is not None and limit < 1:
            raise ConfigError(f"limit: {limit} is not a positive number of events")
        return cls(
            event_type,
            (actor or "").strip() or None,
            (place or "").strip() or None,
            event_modality,
            since_day,
            until_day,
            doc,
            limit,
        )


def _enum(name: str, enum: type[E], value: str | None) -> E | None:
    if value is None or value == "":
        return None
    try:
        return enum(value.strip().lower())
    except ValueError:
        known = ", ".join(member.value for member in enum)
        raise ConfigError(f"{name}: {value!r} is not one of {known}") from None
