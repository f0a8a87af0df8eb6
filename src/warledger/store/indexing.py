"""Search keys derived from an event on save, so the ledger's filters are plain index look-ups.

- actor keys: the display value of every actor field (a field whose typed value is an
  :class:`Actor` or a :class:`Source`, or an untyped field whose role is one of
  :data:`ACTOR_ROLES`), plus the actor's id and name; a place hit ("target Kharkiv") is no actor;
- place keys: the display value of every place field (role ``place`` or a typed :class:`Place`),
  plus the place's name, admin1 and country;
- weapon keys: the display value of every weapon field (role ``weapon`` or ``item``) plus the
  weapon's id, name and category, so "ballistic missile" finds an Iskander-M strike;
- weapon origin keys: every ``weapon_origin`` value (and its actor's id and name) plus the origin
  of every typed weapon;
- the event's location (:func:`event_place`): its place field, else a target that is a place;
  its admin1 and country (name and ISO code) become the keys of the admin1 and country filters;
- date bounds: the start/end of the first field whose typed value is a :class:`TimeValue` with
  calendar bounds. An event without one has no date and never matches a since/until filter.

Keys are casefolded so filters match case-insensitively.
"""

from __future__ import annotations

from datetime import date

from warledger.model import Actor, Event, EventField, Place, Source, TimeValue, Weapon

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
WEAPON_ROLES = frozenset({"weapon", "item"})
WEAPON_ORIGIN_ROLE = "weapon_origin"
LOCATED_ROLES = ("place", "location", "target")


def search_key(text: str) -> str:
    """The form a name is compared in: casefolded, whitespace collapsed."""
    return " ".join(text.split()).casefold()


def actor_keys(event: Event) -> set[str]:
    """Every key an actor filter can match this event by."""
    keys: set[str] = set()
    for field in event.fields:
        if isinstance(field.typed, Actor | Source) or (field.typed is None and field.role in ACTOR_ROLES):
            keys.update(_names(field))
    return _keys(keys)


def place_keys(event: Event) -> set[str]:
    """Every key a place filter can match this event by."""
    keys: set[str] = set()
    for field in event.fields:
        if field.role in PLACE_ROLES or isinstance(field.typed, Place):
            keys.update(_names(field))
    return _keys(keys)


def weapon_keys(event: Event) -> set[str]:
    """Every key a weapon filter can match this event by."""
    keys: set[str] = set()
    for field in event.fields:
        if field.role in WEAPON_ROLES:
            keys.update(_names(field))
    return _keys(keys)


def weapon_origin_keys(event: Event) -> set[str]:
    """Every key a weapon-origin filter can match this event by."""
    keys: set[str] = set()
    for field in event.fields:
        if field.role == WEAPON_ORIGIN_ROLE:
            keys.add(field.value)
            if isinstance(field.typed, Actor):
                keys.update((field.typed.id, field.typed.name))
        if field.role in WEAPON_ROLES and isinstance(field.typed, Weapon) and field.typed.origin:
            keys.add(field.typed.origin)
    return _keys(keys)


def event_place(event: Event) -> Place | None:
    """Where the event happened: its first geocoded place field, else a target that is a place."""
    for role in LOCATED_ROLES:
        for field in event.fields:
            if field.role == role and isinstance(field.typed, Place):
                return field.typed
    return None


def location_keys(event: Event) -> dict[str, set[str]]:
    """The admin1 and country keys of the event's location (country by name and ISO code)."""
    place = event_place(event)
    if place is None:
        return {"admin1": set(), "country": set()}
    return {
        "admin1": _keys({place.admin1 or ""}),
        "country": _keys({place.country or "", place.country_code or ""}),
    }


def date_bounds(event: Event) -> tuple[date | None, date | None]:
    """The (start, end) of the event's date; a one-sided bound stands for both ends."""
    for field in event.fields:
        typed = field.typed
        if isinstance(typed, TimeValue) and (typed.start or typed.end):
            return typed.start or typed.end, typed.end or typed.start
    return None, None


def _keys(names: set[str]) -> set[str]:
    return {search_key(name) for name in names if name.strip()}


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
    elif isinstance(typed, Weapon):
        names += [typed.id, typed.name, typed.category]
    return names
