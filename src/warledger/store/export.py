"""Exports analysts open in their own tools: CSV (Excel), GeoJSON (QGIS), Parquet (pandas, DuckDB),
GraphML (Gephi, networkx) and a Datasette-ready SQLite file.

An export never overwrites anything and never leaves a half-written file at its destination: it
is written beside the destination under a hidden temporary name and renamed into place once
complete (a failed or interrupted export removes its temporary files).

Layouts:

- ``csv``: one file, one row per event (UTF-8 with a BOM so Excel reads it as UTF-8);
- ``geojson``: one RFC 7946 FeatureCollection, one Point feature per geocoded event;
- ``parquet``: a directory OUT holding ``events.parquet``, ``event_fields.parquet``,
  ``claims.parquet`` and ``documents.parquet``;
- ``graphml``: one file, actors as nodes and one weighted edge per (type, from, to);
- ``datasette``: the SQLite file OUT plus ``STEM.metadata.json`` beside it
  (``datasette OUT -m STEM.metadata.json``).
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from warledger.errors import ConfigError, OutputError, StoreError
from warledger.store.export_csv import write_csv
from warledger.store.export_datasette import METADATA_SUFFIX, write_datasette
from warledger.store.export_geojson import write_geojson
from warledger.store.export_graphml import write_graphml
from warledger.store.export_parquet import write_parquet
from warledger.store.sqlite import Store


class ExportFormat(str, Enum):
    """The formats ``warledger export`` writes."""

    CSV = "csv"
    GEOJSON = "geojson"
    PARQUET = "parquet"
    GRAPHML = "graphml"
    DATASETTE = "datasette"


@dataclass(frozen=True)
class Exported:
    """What an export wrote: its format, every path it created, and how many records it holds."""

    format: ExportFormat
    paths: tuple[Path, ...]
    records: int

    @property
    def unit(self) -> str:
        """What ``records`` counts: events, features (GeoJSON) or edges (GraphML)."""
        return _UNITS.get(self.format, "events")


# A writer fills the staged paths (OUT's first) and returns the number of records written;
# it is also given OUT itself, whose name some formats record inside the export.
Writer = Callable[[Store, tuple[Path, ...], Path], int]

_WRITERS: dict[ExportFormat, Writer] = {
    ExportFormat.CSV: lambda store, paths, out: write_csv(store, paths[0]),
    ExportFormat.GEOJSON: lambda store, paths, out: write_geojson(store, paths[0]),
    ExportFormat.PARQUET: lambda store, paths, out: write_parquet(store, paths[0]),
    ExportFormat.GRAPHML: lambda store, paths, out: write_graphml(store, paths[0]),
    ExportFormat.DATASETTE: lambda store, paths, out: write_datasette(store, paths[0], paths[1], out.stem),
}

_UNITS = {ExportFormat.GEOJSON: "features", ExportFormat.GRAPHML: "edges"}


def export(store: Store, format: str | ExportFormat, path: str | Path) -> Exported:
    """Write the whole ledger to ``path`` in ``format``; refuses to overwrite anything."""
    chosen = parse_format(format)
    out = Path(path)
    targets = output_paths(chosen, out)
    directory = chosen is ExportFormat.PARQUET
    for target in targets:
        _check_target(target, chosen, directory and target == out)
    with staged(targets, directory) as temporary:
        records = _WRITERS[chosen](store, temporary, out)
    return Exported(chosen, targets, records)


def parse_format(value: str | ExportFormat) -> ExportFormat:
    """The export format named by ``value`` ("csv", "GeoJSON"...)."""
    try:
        return ExportFormat(value.strip().lower() if isinstance(value, str) else value)
    except ValueError:
        known = ", ".join(f.value for f in ExportFormat)
        raise ConfigError(f"format: {str(value)[:40]!r} is not one of {known}") from None


def output_paths(format: ExportFormat, out: Path) -> tuple[Path, ...]:
    """Every path an export to ``out`` creates, ``out`` first."""
    if format is ExportFormat.DATASETTE:
        return out, out.with_name(out.stem + METADATA_SUFFIX)
    return (out,)


def _check_target(target: Path, format: ExportFormat, directory: bool) -> None:
    """Refuse, in one line, a destination the export cannot or must not write."""
    parent = target.parent
    if target.is_dir() and not directory:
        raise OutputError(f"{target}: is a directory; give a file path for the {format.value} export")
    if target.exists() or target.is_symlink():
        raise OutputError(f"{target}: already exists; remove it or give another path")
    if not parent.exists():
        raise OutputError(f"{target}: directory {parent} does not exist; create it or give another path")
    if not parent.is_dir():
        raise OutputError(f"{target}: {parent} is not a directory; give another path")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{target}: directory {parent} is not writable; give another path")


@contextmanager
def staged(targets: tuple[Path, ...], directory: bool) -> Iterator[tuple[Path, ...]]:
    """Temporary paths beside ``targets``, renamed onto them if the body completes, else removed.

    With ``directory`` the first target is a directory, created empty.
    """
    token = secrets.token_hex(4)
    temporary = tuple(t.with_name(f".{t.name}.{token}.partial") for t in targets)
    try:
        if directory:
            temporary[0].mkdir()
        yield temporary
        for written, target in zip(temporary, targets):
            os.replace(written, target)
    except OSError as exc:
        _remove(temporary)
        raise OutputError(f"{targets[0]}: cannot be written ({exc.strerror or exc})") from exc
    except sqlite3.Error as exc:
        _remove(temporary)
        raise StoreError(f"{targets[0]}: export failed ({exc})") from exc
    except BaseException:
        _remove(temporary)
        raise


def _remove(paths: tuple[Path, ...]) -> None:
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
