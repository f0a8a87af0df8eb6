"""Exports, specified by opening each one with the tool an analyst would open it with.

A small ledger is built once from three reports written for these tests; every export is then
read back by the csv module, a GeoJSON (RFC 7946) check, pyarrow and DuckDB, networkx and
Datasette's own test client.
"""

from __future__ import annotations

import asyncio
import csv
import errno
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import duckdb
import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from datasette.app import Datasette
from hypothesis import given
from hypothesis import strategies as st

from warledger.cli import main
from warledger.errors import ConfigError, OutputError
from warledger.ledger import Ledger
from warledger.store.export import staged
from warledger.store.export_csv import csv_cell
from warledger.store.export_parquet import BATCH_ROWS, write_table
from warledger.store.export_rows import EVENT_COLUMNS, export_settings

REPORTS = {
    "kharkiv.txt": (
        " date 2024-03-18\ntitle Night strike on Kharkiv\npublisher Kyiv Wire\n"
        "url https://example.org/kharkiv-strike\n\n"
        "Russian forces struck Kharkiv with Iranian-made Shahed drones on Monday, killing three "
        "people and injuring 12, the governor said. Residents of the Saltivskyi district described "
        "a “terrifying” night.\n"
    ),
    "deliveries.txt": (
        " date 2024-03-20\ntitle Drone deliveries\npublisher Tehran Monitor\n\n"
        "Iran delivered about 400 Shahed drones to Russia in March, officials said. "
        "Ukraine accused Russia of attacking Odesa.\n"
    ),
    "pact.txt": (
        " date 2024-03-22\n\n"
        "Russia and North Korea signed a cooperation pact. North Korea shipped artillery shells to "
        "Russia last year. Russian troops attacked Ukrainian soldiers near Avdiivka.\n"
    ),
}


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> Ledger:
    """The three reports, ingested into a fresh ledger."""
    root = tmp_path_factory.mktemp("export")
    reports = root / "reports"
    reports.mkdir()
    for name, text in REPORTS.items():
        (reports / name).write_text(text, encoding="utf-8")
    ledger = Ledger(root / "ledger.db")
    assert all(outcome.doc_id for outcome in ledger.ingest([reports]))
    return ledger


@pytest.fixture
def out(tmp_path: Path) -> Path:
    """An empty directory to export into."""
    return tmp_path


def the_attack_on_kharkiv(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return next(row for row in rows if row["type"] == "attack" and row["target"] == "Kharkiv")


# -- CSV -----------------------------------------------------------------------------------------


def test_csv_has_one_row_per_event_with_flattened_fields(ledger: Ledger, out: Path) -> None:
    exported = ledger.export("csv", out / "events.csv")

    raw = (out / "events.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    with (out / "events.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert exported.records == len(rows) == len(ledger.events())
    assert list(rows[0]) == [column.name for column in EVENT_COLUMNS]
    assert len({row["id"] for row in rows}) == len(rows)
    assert all(row["canonical_event"] for row in rows), "ingest resolves reports into real-world events"

    attack = the_attack_on_kharkiv(rows)
    assert attack["attacker"] == "Russia"
    assert attack["weapon"] == "Shahed-136"
    assert attack["weapon_origin"] == "Iran"
    assert (attack["killed"], attack["killed_qualifier"]) == ("3", "exact")
    assert (attack["injured"], attack["injured_qualifier"]) == ("12", "exact")
    assert (attack["place"], attack["admin1"]) == ("Kharkiv", "Kharkiv Oblast")
    assert attack["country"] == "Ukraine"
    assert 49 < float(attack["lat"]) < 51 and 35 < float(attack["lon"]) < 37
    assert attack["date_start"] == attack["date_end"] == "2024-03-18"
    assert (attack["document_date"], attack["publisher"]) == ("2024-03-18", "Kyiv Wire")
    assert attack["url"] == "https://example.org/kharkiv-strike"
    assert attack["source"] == "governor"

    transfer = next(row for row in rows if row["type"] == "arms_transfer" and row["supplier"] == "Iran")
    assert (transfer["recipient"], transfer["quantity"], transfer["quantity_qualifier"]) == (
        "Russia", "400", "approximately"
    )
    assert any("“terrifying”" in row["content"] for row in rows), "non-ASCII text survives"


def test_csv_provenance_points_at_the_characters_of_the_report(ledger: Ledger, out: Path) -> None:
    ledger.export("csv", out / "events.csv")
    with (out / "events.csv").open(encoding="utf-8-sig", newline="") as handle:
        attack = the_attack_on_kharkiv(list(csv.DictReader(handle)))

    provenance = json.loads(attack["provenance"])
    text = ledger.document(attack["doc"]).text
    assert {"trigger", "attacker", "target", "weapon", "killed", "injured"} <= set(provenance)
    for spans in provenance.values():
        for doc, start, end, quoted in spans:
            assert doc == attack["doc"]
            assert text[start:end] == quoted
    assert provenance["attacker"][0][3] == "Russian forces"


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_csv_numbers_read_back_as_the_same_number(number: float) -> None:
    assert float(csv_cell(number)) == number


# -- GeoJSON -------------------------------------------------------------------------------------


def test_geojson_is_an_rfc7946_collection_of_geocoded_events(ledger: Ledger, out: Path) -> None:
    exported = ledger.export("geojson", out / "events.geojson")
    collection = json.loads((out / "events.geojson").read_text(encoding="utf-8"))

    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection, "RFC 7946 removed the crs member"
    features = collection["features"]
    assert exported.records == len(features) == len(ledger.events(has_coordinates=True)) > 0
    for feature in features:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict) and feature["properties"]["id"] == feature["id"]
        columns = [c.name for c in EVENT_COLUMNS if c.name not in ("lat", "lon")]
        assert list(feature["properties"]) == columns
        assert not any(isinstance(v, (dict, list)) for v in feature["properties"].values()), "flat"
        geometry = feature["geometry"]
        assert geometry["type"] == "Point"
        lon, lat = geometry["coordinates"]
        assert -180 <= lon <= 180 and -90 <= lat <= 90

    kharkiv = next(f for f in features if f["properties"]["place"] == "Kharkiv")
    lon, lat = kharkiv["geometry"]["coordinates"]
    assert (round(lon), round(lat)) == (36, 50), "longitude first"
    assert kharkiv["properties"]["date_start"] == "2024-03-18"


# -- Parquet -------------------------------------------------------------------------------------


def test_parquet_tables_are_typed_and_read_by_pyarrow(ledger: Ledger, out: Path) -> None:
    exported = ledger.export("parquet", out / "tables")

    assert sorted(p.name for p in (out / "tables").iterdir()) == [
        "claims.parquet", "documents.parquet", "event_fields.parquet", "events.parquet"
    ]
    events = pq.read_table(out / "tables" / "events.parquet")
    assert exported.records == events.num_rows == len(ledger.events())
    schema = events.schema
    assert schema.field("date_start").type == pa.date32()
    assert schema.field("killed").type == pa.float64()
    assert schema.field("sentence").type == pa.int32()
    assert schema.field("aggregate").type == pa.bool_()
    assert schema.field("killed").metadata[b"description"].startswith(b"Number of people")

    documents = pq.read_table(out / "tables" / "documents.parquet")
    assert documents.schema.field("date").type == pa.date32()
    assert documents.num_rows == 3
    claims = pq.read_table(out / "tables" / "claims.parquet")
    assert claims.schema.field("event_ids").type == pa.list_(pa.string())
    assert claims.num_rows == len(ledger.claims())


def test_duckdb_joins_events_to_the_sentences_supporting_them(ledger: Ledger, out: Path) -> None:
    ledger.export("parquet", out / "tables")
    tables = out / "tables"

    killed = duckdb.sql(
        f"SELECT e.killed, f.text, f.sentence_text FROM '{tables / 'events.parquet'}' e"
        f" JOIN '{tables / 'event_fields.parquet'}' f ON f.event = e.id AND f.role = 'killed'"
        " WHERE e.target = 'Kharkiv'"
    ).fetchall()
    assert len(killed) == 1
    number, text, sentence = killed[0]
    assert number == 3.0 and text in sentence and sentence.startswith("Russian forces struck Kharkiv")
    days = duckdb.sql(f"SELECT min(date), max(date) FROM '{tables / 'documents.parquet'}'").fetchall()[0]
    assert [d.isoformat() for d in days] == ["2024-03-18", "2024-03-22"]


def test_parquet_rows_are_written_in_batches(out: Path) -> None:
    schema = pa.schema([("n", pa.int32())])
    rows = ({"n": n} for n in range(2 * BATCH_ROWS + 1))

    assert write_table(out / "numbers.parquet", schema, rows) == 2 * BATCH_ROWS + 1
    assert pq.ParquetFile(out / "numbers.parquet").metadata.num_row_groups == 3


# -- GraphML -------------------------------------------------------------------------------------


def test_graphml_has_actors_and_typed_weighted_edges(ledger: Ledger, out: Path) -> None:
    exported = ledger.export("graphml", out / "actors.graphml")
    graph = nx.read_graphml(out / "actors.graphml")

    assert graph.is_directed()
    assert graph.nodes["RU"] == {"label": "Russia", "kind": "state", "country": "RU"}
    assert graph.nodes["UA.armed_forces"]["country"] == "UA"
    edges = {(a, b, data["type"]): data for a, b, data in graph.edges(data=True)}
    assert exported.records == len(edges)
    assert {
        ("IR", "RU", "arms_transfer"),
        ("KP", "RU", "arms_transfer"),
        ("KP", "RU", "cooperation"),
        ("UA", "RU", "accusation"),
        ("RU.armed_forces", "UA.armed_forces", "attack"),
    } <= set(edges)
    transfer = edges[("IR", "RU", "arms_transfer")]
    assert transfer["weight"] == 1.0
    event = ledger.event(transfer["events"])
    assert (event.value("supplier").value, event.value("recipient").value) == ("Iran", "Russia")
    assert not any(data.get("kind") is None for _, data in graph.nodes(data=True))
    assert "Kharkiv" not in {data["label"] for _, data in graph.nodes(data=True)}, "a place"


# -- Datasette -----------------------------------------------------------------------------------


def test_datasette_serves_events_provenance_and_search(ledger: Ledger, out: Path) -> None:
    exported = ledger.export("datasette", out / "ledger.db")
    assert exported.paths == (out / "ledger.db", out / "ledger.metadata.json")
    metadata = json.loads((out / "ledger.metadata.json").read_text(encoding="utf-8"))
    assert metadata["license"] and metadata["source"]
    tables = metadata["databases"]["ledger"]["tables"]
    assert set(tables["events_flat"]["columns"]) == {column.name for column in EVENT_COLUMNS}

    async def browse() -> dict[str, Any]:
        datasette = Datasette([str(out / "ledger.db")], metadata=metadata)
        await datasette.invoke_startup()

        async def rows(path: str) -> Any:
            response = await datasette.client.get(path)
            assert response.status_code == 200, path
            return response.json()

        flat = await rows("/ledger/events_flat.json?_shape=array&_size=max")
        attack = the_attack_on_kharkiv(flat)
        return {
            "flat": flat,
            "events": await rows("/ledger/events.json?_shape=array&_size=max"),
            "provenance": await rows(
                f"/ledger/event_provenance.json?_shape=array&event={attack['id']}"
            ),
            "search": await rows("/ledger/sentence_search.json?_shape=array&_search=Shahed"),
            "titles": await rows("/ledger/sentence_search.json?_shape=array&_search=deliveries"),
            "documents": await rows("/ledger/documents.json?_shape=array&_search=Saltivskyi"),
        }

    served = asyncio.run(browse())
    assert len(served["flat"]) == len(served["events"]) == exported.records == len(ledger.events())
    provenance = {row["role"]: row for row in served["provenance"]}
    killed = provenance["killed"]
    assert killed["text"] in killed["sentence_text"] and killed["value"] == "3 people"
    assert provenance["trigger"]["text"] == "struck"
    assert served["search"] and all("Shahed" in row["text"] for row in served["search"])
    assert {row["title"] for row in served["titles"]} == {"Drone deliveries"}
    assert [row["title"] for row in served["documents"]] == ["Night strike on Kharkiv"]


def test_datasette_copy_is_one_self_contained_sqlite_file(ledger: Ledger, out: Path) -> None:
    ledger.export("datasette", out / "ledger.db")

    assert sorted(p.name for p in out.iterdir()) == ["ledger.db", "ledger.metadata.json"]
    with sqlite3.connect(out / "ledger.db") as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


# -- destinations --------------------------------------------------------------------------------


@pytest.mark.parametrize("format", ["csv", "geojson", "graphml", "datasette"])
def test_an_export_never_overwrites_a_file(ledger: Ledger, out: Path, format: str) -> None:
    (out / "taken").write_text("keep me", encoding="utf-8")

    with pytest.raises(OutputError, match="already exists") as refused:
        ledger.export(format, out / "taken")
    assert "\n" not in str(refused.value)
    assert (out / "taken").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in out.iterdir()) == ["taken"]


def test_bad_destinations_are_refused_in_one_line(ledger: Ledger, out: Path) -> None:
    (out / "a-file").write_text("", encoding="utf-8")
    (out / "tables").mkdir()
    cases = {
        ("csv", out): "is a directory",
        ("parquet", out / "tables"): "already exists",
        ("geojson", out / "missing" / "events.geojson"): "does not exist",
        ("graphml", out / "a-file" / "actors.graphml"): "is not a directory",
    }
    for (format, path), reason in cases.items():
        with pytest.raises(OutputError, match=reason) as refused:
            ledger.export(format, path)
        assert "\n" not in str(refused.value)


def test_datasette_export_never_overwrites_its_metadata(ledger: Ledger, out: Path) -> None:
    (out / "ledger.metadata.json").write_text("{}", encoding="utf-8")

    with pytest.raises(OutputError, match="ledger.metadata.json: already exists"):
        ledger.export("datasette", out / "ledger.db")
    assert not (out / "ledger.db").exists()


def test_two_datasette_exports_share_a_folder(ledger: Ledger, out: Path) -> None:
    ledger.export("datasette", out / "monday.db")
    ledger.export("datasette", out / "tuesday.db")
    names = sorted(p.name for p in out.iterdir())
    assert names == ["monday.db", "monday.metadata.json", "tuesday.db", "tuesday.metadata.json"]


def test_unknown_format_is_a_config_error(ledger: Ledger, out: Path) -> None:
    with pytest.raises(ConfigError, match="xlsx.*csv, geojson, parquet, graphml, datasette"):
        ledger.export("xlsx", out / "events.xlsx")


@pytest.mark.parametrize("directory", [False, True])
def test_a_failed_write_leaves_nothing_behind(out: Path, directory: bool) -> None:
    target = out / "events.out"
    with pytest.raises(RuntimeError), staged((target,), directory) as (temporary,):
        (temporary / "part.bin" if directory else temporary).write_text("half", encoding="utf-8")
        raise RuntimeError("disk gave up")
    assert list(out.iterdir()) == []


def test_a_disk_error_while_writing_is_one_line_and_leaves_nothing(out: Path) -> None:
    with pytest.raises(OutputError, match="events.csv: cannot be written") as refused:
        with staged((out / "events.csv",), False) as (temporary,):
            temporary.write_text("half", encoding="utf-8")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    assert "\n" not in str(refused.value) and "No space left" in str(refused.value)
    assert list(out.iterdir()) == []


def test_an_empty_ledger_exports_valid_empty_files(out: Path) -> None:
    with Ledger(out / "empty.db") as empty:
        assert empty.export("csv", out / "events.csv").records == 0
        assert empty.export("geojson", out / "events.geojson").records == 0
        assert empty.export("graphml", out / "actors.graphml").records == 0
    header = ",".join(column.name for column in EVENT_COLUMNS)
    assert (out / "events.csv").read_bytes().decode("utf-8-sig") == header + "\r\n"
    assert json.loads((out / "events.geojson").read_text(encoding="utf-8")) == {
        "type": "FeatureCollection", "features": []
    }
    assert nx.read_graphml(out / "actors.graphml").number_of_nodes() == 0


# -- the command line ----------------------------------------------------------------------------


def test_cli_export_writes_once_and_refuses_to_overwrite(ledger: Ledger, out: Path) -> None:
    runner = CliRunner()
    database = str(ledger.store.path)
    arguments = ["export", "--format", "geojson", str(out / "events.geojson"), "--db", database]

    first = runner.invoke(main, arguments)
    assert first.exit_code == 0, first.output
    assert "features ->" in first.output
    second = runner.invoke(main, arguments)
    assert second.exit_code == OutputError.exit_code
    assert "already exists" in second.output


# -- what the exports say about themselves -------------------------------------------------------


def test_every_event_column_is_described() -> None:
    descriptions = export_settings()["event_columns"]
    assert set(descriptions) == {column.name for column in EVENT_COLUMNS}
    assert all(isinstance(text, str) and text.strip() for text in descriptions.values())
