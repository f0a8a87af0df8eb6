"""Search keys derived from an event on save, so the ledger's filters are plain index look-ups.

- actor keys: the display value of every actor field (a field whose typed value is an
  :class:`Actor` or a :class:`Source`, or an untyped field whose role is one of
  :data:`ACTOR_ROLES`), plus the actor's id and name; a place hit ("target Kharkiv") is no actor;
- place keys: the display value of every place field (role ``place`` or a typed :class:`Place`),
  plus the place's name, admin1 and country;
- date bounds: the start/end of the first field whose typed value is a :class:`TimeValue` with
  calendar bounds. An event without one has no date and never matches a since/until filter.

Keys are casefolded so filters match case-insensitively.
"""

from __future__ import annotations

from datetime import date

from warledger.model import Actor, Event, EventField, Place, Source, TimeValue

ACTOR_ROLES = frozenset(
    {
        "actor",
        "attacker",
        "target",
        "supplier",
        "recipient",
        "participant",
        "partner",
        "speaker",
        "accuser",
        "accused",
        "denier",
        "subject",
        "invader",
        "invaded",
    }
)
PLACE_ROLES = frozenset({"place", "location"})


def search_key(text: str) -> str:
    """The form a name is compared in: casefolded, whitespace collapsed."""
    return " ".join(text.split()).casefold()


def actor_keys(event: Event) -> set[str]:
    """Every key an actor filter can match this event by."""
    keys: set[str] = set()
    for field in event.fields:
        if isinstance(field.typed, Actor | Source) or (field.typed is None and field.role in ACTOR_ROLES):
            keys.update(_names(field))
    return {search_key(key) for key in keys if key.strip()}


def place_keys(event: Event) -> set[str]:
    """Every key a place filter can match this event by."""
    keys: set[str] = set()
    for field in event.fields:
        if field.role in PLACE_ROLES or isinstance(field.typed, Place):
            keys.update(_names(field))
    return {search_key(key) for key in keys if key.strip()}


def date_bounds(event: Event) -> tuple[date | None, date | None]:
    """The (start, end) of the event's date; a one-sided bound stands for both ends."""
    for field in event.fields:
        typed = field.typed
        if isinstance(typed, TimeValue) and (typed.start or typed.end):
            return typed.start or typed.end, typed.end or typed.start
    return None, None


def _names(field: EventField) -> list[str]:
    """The display value of a field and the names its typed value is known by."""
    typed = field.typed
    names = [field.value]
    if isinstance(typed, Actor):
        names += [typed.id, typed.name]
    elif isinstance(typed, Source):
        names += [typed.name] + ([typed.organisation] if typed.organisation else [])
    elif isinstance(typed, Place):
        names += [typed.name] + [n for n in (typed.admin1, typed.country) if n]
    return names
