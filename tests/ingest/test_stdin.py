"""`warledger ingest -` reads one input from standard input, with the checks and errors files get."""

from __future__ import annotations

import io
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from warledger.cli import main
from warledger.ingest import read_documents
from warledger.ledger import Ledger

REPORT = (
    "date 2024-05-10\n\nRussian forces launched 12 Shahed drones at Odesa overnight, "
    "the regional governor said.\n"
)


def ingest(stdin: bytes, db: Path, *args: str | Path) -> Result:
    return CliRunner().invoke(main, ["ingest", *map(str, args), "--db", str(db)], input=stdin)


def document_count(db: Path) -> int:
    connection = sqlite3.connect(db)
    try:
        return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        connection.close()


def test_a_report_on_standard_input_is_stored_with_its_header_and_spans_into_its_body(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    result = ingest(REPORT.encode("utf-8"), db, "-")
    assert result.exit_code == 0, result.output
    assert "1 stored" in result.stdout
    with Ledger(db) as ledger:
        (document,) = ledger.documents()
        (attack,) = ledger.events(type="attack")
    assert document.origin == "<stdin>" and str(document.date) == "2024-05-10"
    place = attack.value("place")
    assert place.value == "Odesa" and document.text[place.span.start : place.span.end] == "Odesa"


def test_the_same_standard_input_twice_is_stored_once(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    first = ingest(REPORT.encode("utf-8"), db, "-")
    second = ingest(REPORT.encode("utf-8"), db, "-")
    assert first.exit_code == second.exit_code == 0
    assert "0 stored, 1 already in the ledger" in second.stdout
    assert document_count(db) == 1


def test_standard_input_goes_with_files_named_beside_it(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    report = tmp_path / "kherson.txt"
    report.write_text("date 2024-05-11\n\nArtillery shelled Kherson on Saturday.\n", encoding="utf-8")
    result = ingest(REPORT.encode("utf-8"), db, report, "-")
    assert result.exit_code == 0, result.output
    assert "2 stored" in result.stdout


def test_json_lines_on_standard_input_are_one_document_per_record(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    records = [
        {"text": "Russia fired Kalibr missiles at Lviv.", "date": "2023-03-09"},
        {"text": "Drones struck a fuel depot in Odesa.", "date": "2023-03-10"},
    ]
    result = ingest("".join(json.dumps(r) + "\n" for r in records).encode("utf-8"), db, "-")
    assert result.exit_code == 0, result.output
    with Ledger(db) as ledger:
        assert sorted(d.origin for d in ledger.documents()) == ["<stdin>:1", "<stdin>:2"]


def test_a_windows_1252_report_on_standard_input_is_decoded_as_a_file_would_be(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    report = "date 2023-01-05\n\nUkraine's army said the café in Kherson was shelled by Russian artillery."
    assert ingest(report.encode("cp1252"), db, "-").exit_code == 0
    with Ledger(db) as ledger:
        (document,) = ledger.documents()
    assert "café" in document.text


@pytest.mark.parametrize(
    ("stdin", "args", "message"),
    [
        (b"", (), "<stdin>: standard input is empty"),
        (b" \n\t\n", (), "<stdin>: standard input holds only whitespace"),
        (bytes(range(256)) * 40, (), "<stdin>: binary content"),
        ("\ufeffShelling hit Kherson.".encode("utf-16-le") + b"\x00", (), "<stdin>: not valid utf-16"),
        (b"date 2024-02-30\n\nA convoy was ambushed.", (), "<stdin>: invalid date header '2024-02-30'"),
        (REPORT.encode("utf-8"), ("--max-bytes", "20"), "<stdin>: standard input exceeds the limit of 20 bytes"),
    ],
    ids=["empty", "blank", "binary", "bad-encoding", "bad-date", "too-large"],
)
def test_bad_standard_input_is_one_line_naming_it_and_exit_2(
    tmp_path: Path, stdin: bytes, args: tuple[str, ...], message: str
) -> None:
    db = tmp_path / "ledger.db"
    result = ingest(stdin, db, "-", *args)
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {message}"), line
    assert document_count(db) == 0


def test_the_limit_is_read_no_further_than_one_byte_past_it() -> None:
    stream = io.BytesIO(b"x" * 1000)
    (error,) = read_documents(["-"], max_bytes=100, stdin=stream)
    assert "limit of 100 bytes" in str(error)
    assert stream.tell() == 101


def test_a_real_pipe_into_the_command(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    command = [sys.executable, "-m", "warledger.cli", "ingest", "-", "--db", str(db)]
    done = subprocess.run(command, input=REPORT.encode("utf-8"), capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(b"1 stored") and done.stderr == b""
    assert document_count(db) == 1
