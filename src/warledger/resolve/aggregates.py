"""Aggregate statements ("about 50 times since 2022") linked to the single strikes they plausibly count.

An aggregate *counts* a single report event (:func:`counts`) when it is of the same type, nothing
they name conflicts (:func:`~warledger.resolve.compatibility.arguments_compatible`), and it agrees
on every argument the aggregate names that says which strikes it means:

- the attacker: the strike names a compatible attacker (the same actor, or one of its country);
- the weapon: a named system needs the strike to name that system (or a generic weapon), a stated
  origin ("North Korean missiles") a weapon of that origin;
- the region: the strike names a place (its location, or a place it hit) compatible with the
  aggregate's (inside the oblast or country, or within the near radius of a town);
- the period: the strike lies within the aggregate's own dates when it has any ("since 2022"),
  happened no later than the aggregate's report, and was itself reported no later.

An aggregate that names no attacker, weapon or place ("there were 40 attacks") counts nothing
identifiable and is linked to no strike. An aggregate links at most as many strikes as its count
allows ("3 times" links three; "about 50" up to 55), and at most :data:`MAX_INCLUDED` when it
states no count: the strikes sharing most arguments with it first, then the latest.

Candidates are found through a :class:`StrikeIndex`, never by comparing every aggregate with every
strike: each strike is posted under the keys an aggregate can require (attacker id and country,
weapon system, weapon origin, country of a place), and an aggregate reads only the intersection
of the postings of what it names, cut at its report date in the strikes' order of first day.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date

from warledger.model import Actor, Event, EventField, Place, Quantity, Weapon
from warledger.resolve.compatibility import (
    Candidate,
    actors_compatible,
    arguments_compatible,
    date_interval,
    dates_compatible,
    interval,
    places_compatible,
    weapons_compatible,
)

# A count not stated ("repeatedly"): the most alike strikes only, as many as an analyst can review.
MAX_INCLUDED = 50
# Posting key parts: a value known only by its text (it fits whatever the other side names), and
# any value at all of a role (for an aggregate that names the role only by text).
UNTYPED = "?"
ANY = "*"


@dataclass(frozen=True)
class Included:
    """A strike (canonical id) an aggregate counts, with how alike they are and its latest day."""

    strike: str
    score: int
    day: date


@dataclass
class StrikeIndex:
    """Single report events (with their canonical ids) posted under the keys an aggregate can require."""

    strikes: list[tuple[str, Candidate]] = field(default_factory=list)
    starts: list[date] = field(default_factory=list)
    postings: dict[str, set[int]] = field(default_factory=dict)

    @classmethod
    def build(cls, strikes: Iterable[tuple[str, Candidate]]) -> StrikeIndex:
        """The index of ``(canonical id, candidate)`` pairs of single (not aggregate) events."""
        index = cls()
        # In order of first day (an undated strike first), so a report date cuts off a prefix.
        index.strikes = sorted(strikes, key=lambda s: (_start(s[1]), s[1].identity))
        index.starts = [_start(c) for _, c in index.strikes]
        for position, (_, candidate) in enumerate(index.strikes):
            for key in strike_keys(candidate.event):
                index.postings.setdefault(key, set()).add(position)
        return index

    def candidates(self, aggregate: Candidate) -> Iterator[tuple[str, Candidate]]:
        """The strikes posted under every requirement of the aggregate, begun by its report date
        (a superset of those it counts)."""
        requirements = aggregate_requirements(aggregate.event)
        if not requirements:
            return
        end = len(self.starts) if aggregate.report_date is None else bisect_right(self.starts, aggregate.report_date)
        matching = [set().union(*(self.postings.get(key, set()) for key in keys)) for keys in requirements]
        for position in sorted(set.intersection(*sorted(matching, key=len))):
            if position >= end:
                return
            yield self.strikes[position]


def _start(candidate: Candidate) -> date:
    return candidate.span[0] if candidate.span else date.min


def located(event: Event) -> list[Place]:
    """The places an event names: its location, and a place it hit."""
    return [f.typed for f in (*event.values("place"), *event.values("target")) if isinstance(f.typed, Place)]


def origins(event: Event) -> set[str]:
    """Where an event's weapons come from, casefolded: stated origins and the systems' own."""
    found = {f.value.casefold() for f in event.values("weapon_origin")}
    found |= {f.typed.origin.casefold() for f in event.values("weapon") if isinstance(f.typed, Weapon) and f.typed.origin}
    return found


def named_systems(event: Event) -> list[Weapon]:
    """The weapon systems (not generic classes) an event names."""
    return [f.typed for f in event.values("weapon") if isinstance(f.typed, Weapon) and not f.typed.generic]


def _actor_keys(f: EventField) -> list[str]:
    if not isinstance(f.typed, Actor):
        return [UNTYPED]
    return [f"id:{f.typed.id}"] + ([f"country:{f.typed.country}"] if f.typed.country else [])


def strike_keys(event: Event) -> set[str]:
    """The postings of a single event: its type, attackers, weapons, origins and places' countries."""
    keys = {f"type:{event.type.value}"}
    for f in event.values("attacker"):
        keys |= {f"attacker:{ANY}"} | {f"attacker:{key}" for key in _actor_keys(f)}
    for f in event.values("weapon"):
        typed = f.typed
        keys.add(f"weapon:{typed.id}" if isinstance(typed, Weapon) and not typed.generic else f"weapon:{UNTYPED}")
    keys |= {f"origin:{origin}" for origin in origins(event)}
    places = [f for f in (*event.values("place"), *event.values("target")) if not isinstance(f.typed, Actor)]
    for f in places:
        country = f.typed.country_code if isinstance(f.typed, Place) else None
        keys |= {f"place:{ANY}", f"place:{country or UNTYPED}"}
    return keys


def aggregate_requirements(event: Event) -> list[set[str]]:
    """What a strike must be posted under to be counted: one of each set; none when it names nothing."""
    requirements = []
    attackers = event.values("attacker")
    if attackers:
        alternatives = {f"attacker:{UNTYPED}"}
        for f in attackers:
            keys = _actor_keys(f)
            alternatives |= {f"attacker:{ANY}"} if keys == [UNTYPED] else {f"attacker:{key}" for key in keys}
        requirements.append(alternatives)
    systems = named_systems(event)
    if systems:
        requirements.append({f"weapon:{w.id}" for w in systems} | {f"weapon:{UNTYPED}"})
    stated = {f.value.casefold() for f in event.values("weapon_origin")}
    if stated:
        requirements.append({f"origin:{origin}" for origin in stated})
    places = located(event)
    if places:
        requirements.append(
            {f"place:{ANY}"} if any(p.country_code is None for p in places)
            else {f"place:{UNTYPED}"} | {f"place:{p.country_code}" for p in places}
        )
    if not requirements:
        return []
    return [{f"type:{event.type.value}"}, *requirements]


def counts(aggregate: Candidate, strike: Candidate) -> bool:
    """Whether an aggregate plausibly counts a single report event (see the module docstring)."""
    whole, part = aggregate.event, strike.event
    # The period first: it is the cheapest test and the one most strikes fail.
    if whole.type is not part.type or part.aggregate or not within_period(aggregate, strike):
        return False
    if not aggregate_requirements(whole) or not arguments_compatible(whole, part):
        return False
    if whole.values("attacker") and not any(
        actors_compatible(_typed(a), _typed(b)) for a in whole.values("attacker") for b in part.values("attacker")
    ):
        return False
    if named_systems(whole) and not any(
        weapons_compatible(w, _typed(f)) for w in named_systems(whole) for f in part.values("weapon")
    ):
        return False
    stated = {f.value.casefold() for f in whole.values("weapon_origin")}
    if stated and not stated & origins(part):
        return False
    return not located(whole) or any(places_compatible(a, b) for a in located(whole) for b in located(part))


def _typed(f: EventField) -> object:
    return f.typed if f.typed is not None else f.value.casefold()


def within_period(aggregate: Candidate, strike: Candidate) -> bool:
    """Whether a strike lies in the aggregate's own dates, and happened and was reported by its report."""
    when = strike.span
    if not dates_compatible(date_interval(aggregate.event, None), when):
        return False
    reported = aggregate.report_date
    if reported is None:
        return True
    if strike.report_date is not None and strike.report_date > reported:
        return False
    return when is None or when[0] <= reported


def limit(aggregate: Sequence[Candidate]) -> int:
    """How many strikes an aggregate can include: the upper bound of its count, else MAX_INCLUDED."""
    bounds = [
        interval(f.typed)[1]
        for c in aggregate
        for f in c.event.values("count")
        if isinstance(f.typed, Quantity)
    ]
    finite = [b for b in bounds if math.isfinite(b) and b >= 1]
    return min(MAX_INCLUDED, int(max(finite))) if finite else MAX_INCLUDED


def included(aggregate: Sequence[Candidate], index: StrikeIndex) -> list[str]:
    """The canonical ids of the strikes an aggregate (one canonical event's members) counts, best first."""
    best: dict[str, Included] = {}
    for whole in aggregate:
        for canonical, part in index.candidates(whole):
            if not counts(whole, part):
                continue
            score = len(whole.profile.arguments & part.profile.arguments)
            day = part.span[1] if part.span else date.min
            known = best.get(canonical)
            if known is not None:
                score, day = max(score, known.score), max(day, known.day)
            best[canonical] = Included(canonical, score, day)
    ranked = sorted(best.values(), key=lambda i: (-i.score, -i.day.toordinal(), i.strike))
    return [i.strike for i in ranked[: limit(aggregate)]]
