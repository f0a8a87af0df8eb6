"""The GeoJSON export: an RFC 7946 FeatureCollection with one Point feature per geocoded event.

Coordinates are [longitude, latitude] in WGS 84 (RFC 7946 has no ``crs`` member); properties
are the flat event row, so QGIS shows every column in its attribute table. Features are written
one at a time, so the ledger is never held in memory.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from warledger.store.export_rows import EVENT_COLUMNS, EventRow, event_rows
from warledger.store.sqlite import Store

# RFC 7946 section 11.2: six decimal places are about 10 cm, finer than any geocoded place.
_PRECISION = 6


def write_geojson(store: Store, path: Path) -> int:
    """Write every geocoded event of ``store`` to ``path``; returns the number of features."""
    features = 0
    with path.open("x", encoding="utf-8") as handle:
        handle.write('{"type": "FeatureCollection", "features": [')
        for row in event_rows(store):
            if row["lat"] is None or row["lon"] is None:
                continue
            handle.write(("," if features else "") + "\n" + json.dumps(feature(row), ensure_ascii=False))
            features += 1
        handle.write("\n]}\n")
    return features


def feature(row: EventRow) -> dict[str, Any]:
    """The GeoJSON Feature of one geocoded event row."""
    properties = {c.name: _property(row[c.name]) for c in EVENT_COLUMNS if c.name not in ("lat", "lon")}
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": {
            "type": "Point",
            "coordinates": [round(row["lon"], _PRECISION), round(row["lat"], _PRECISION)],
        },
        "properties": properties,
    }


def _property(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
