"""The command line as a person uses it: ingest, list, show and summarise, and what bad input does."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from warledger.cli import main
from warledger.ledger import Ledger

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "examples" / "corpus"
SEEDS = REPO.parent / "shared" / "seeds"

REPORT = (
    "date 2024-05-10\n\nRussian forces launched 12 Shahed drones at Odesa overnight, "
    "the regional governor said. At least two people were killed.\n"
)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def counts(db: Path) -> dict[str, int]:
    connection = sqlite3.connect(db)
    try:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", "sentences", "mentions", "events", "event_fields", "claims", "sources")
        }
    finally:
        connection.close()


@pytest.fixture
def bad_inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text(REPORT, encoding="utf-8")
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (folder / "latin1.txt").write_bytes(
        "date 2023-01-05\n\nUkraine's army said the café in Kherson was shelled by Russian artillery.".encode("latin-1")
    )
    (folder / "records.jsonl").write_text(
        json.dumps({"text": "Russia fired Kalibr missiles at Lviv.", "date": "2023-03-09"}) + "\n{not json\n"
    )
    (folder / "notext.csv").write_text("headline,date\nStrike on Dnipro,2023-01-14\n")
    (folder / "truncated.html").write_text("<html><head><title>Strike</title></head><body><div><p")
    (folder / "feed.xml").write_text("this is not a feed at all")
    with open(folder / "huge.txt", "wb") as huge:
        huge.truncate(100 * 1024 * 1024)
    return folder


def test_each_bad_input_gets_one_line_naming_it_and_the_rest_is_ingested(
    tmp_path: Path, bad_inputs: Path
) -> None:
    db = tmp_path / "ledger.db"
    assert run("ingest", REPO / "tests" / "store", "--db", db).exit_code == 0  # nothing readable there
    first = run("ingest", bad_inputs / "good.txt", "--db", db)
    assert first.exit_code == 0
    before = counts(db)
    result = run("ingest", bad_inputs, "--db", db)
    assert result.exit_code == 0, result.output
    problems = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    named = {name for name in ("empty.txt", "binary.txt", "records.jsonl", "notext.csv", "truncated.html",
                               "feed.xml", "huge.txt") if any(name in line for line in problems)}
    assert named == {"empty.txt", "binary.txt", "records.jsonl", "notext.csv", "truncated.html", "feed.xml",
                     "huge.txt"}, result.stderr
    assert "Traceback" not in result.output + result.stderr
    after = counts(db)
    assert after["documents"] == before["documents"] + 2  # the latin-1 report and the good JSONL line
    assert "1 already in the ledger" in result.stdout


def test_nothing_readable_exits_non_zero_with_one_line(tmp_path: Path, bad_inputs: Path) -> None:
    result = run("ingest", bad_inputs / "empty.txt", bad_inputs / "binary.txt", "--db", tmp_path / "l.db")
    assert result.exit_code != 0
    assert len([line for line in result.stderr.splitlines() if line.startswith("error:")]) == 2


def test_a_missing_path_is_named(tmp_path: Path) -> None:
    result = run("ingest", tmp_path / "nowhere.txt", "--db", tmp_path / "l.db")
    assert result.exit_code != 0 and "nowhere.txt" in result.stderr


def test_events_as_json_lines_carry_provenance_for_every_field(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    report = tmp_path / "odesa.txt"
    report.write_text(REPORT)
    run("ingest", report, "--db", db)
    lines = run("events", "--reports", "--db", db, "--format", "json").stdout.splitlines()
    events = [json.loads(line) for line in lines]
    attack = next(e for e in events if e["type"] == "attack")
    body = REPORT.split("\n\n", 1)[1].strip()
    for field in attack["fields"]:
        assert body[field["start"] : field["end"]] == field["text"]
        assert field["doc"] == attack["doc"]
    roles = {f["role"]: f["value"] for f in attack["fields"]}
    assert roles["attacker"] == "Russia" and roles["place"] == "Odesa" and roles["weapon"] == "Shahed-136"
    assert roles["killed"] == "at least 2 people"


def test_merged_events_as_json_lines_carry_provenance_and_their_reports(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    report = tmp_path / "odesa.txt"
    report.write_text(REPORT)
    run("ingest", report, "--db", db)
    lines = run("events", "--db", db, "--format", "json", "--type", "attack").stdout.splitlines()
    (attack,) = [json.loads(line) for line in lines]
    assert attack["id"].startswith("ce") and len(attack["reports"]) == 1
    body = REPORT.split("\n\n", 1)[1].strip()
    for field in attack["fields"]:
        assert body[field["start"] : field["end"]] == field["text"]
        assert field["status"] == "single"
    assert [e["type"] for e in attack["report_events"]] == ["attack"]


def test_show_marks_the_supporting_span_in_its_sentence(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    report = tmp_path / "odesa.txt"
    report.write_text(REPORT)
    run("ingest", report, "--db", db)
    for flag in ("--reports", "--merged"):
        line = run("events", flag, "--db", db, "--format", "json", "--type", "attack").stdout.splitlines()[0]
        shown = run("show", json.loads(line)["id"], "--db", db)
        assert shown.exit_code == 0
        assert "⟦Odesa⟧" in shown.stdout and "attacker" in shown.stdout


def test_unknown_event_and_bad_filter_are_one_line_errors(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    Ledger(db).close()
    missing = run("show", "nope", "--db", db)
    assert missing.exit_code == 4 and missing.stderr.count("\n") == 1
    bad = run("events", "--since", "yesterday", "--db", db)
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.stderr


def test_a_directory_as_database_is_refused(tmp_path: Path) -> None:
    result = run("summary", "--db", tmp_path)
    assert result.exit_code == 2 and "is a directory" in result.stderr


def test_ingesting_the_corpus_twice_leaves_every_count_unchanged(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    assert run("ingest", CORPUS, SEEDS, "--db", db).exit_code == 0
    once = counts(db)
    again = run("ingest", CORPUS, SEEDS, "--db", db)
    assert again.exit_code == 0
    assert counts(db) == once
    assert "0 stored" in again.stdout
    summary = run("summary", "--db", db).stdout
    assert "documents" in summary and "arms_transfer" in summary and "claims" in summary


def bulletins(folder: Path, number: int) -> Path:
    """``number`` distinct one-line strike reports in ``folder``."""
    folder.mkdir()
    cities = ("Kharkiv", "Odesa", "Sumy", "Kherson", "Dnipro", "Zaporizhzhia")
    for n in range(number):
        text = f"date 2024-03-{n % 28 + 1:02d}\nRussian drones struck {cities[n % 6]}, wounding {n + 2} people.\n"
        (folder / f"bulletin_{n:03d}.txt").write_text(text, encoding="utf-8")
    return folder


def test_kill_9_halfway_then_the_same_command_ends_with_the_uninterrupted_counts(tmp_path: Path) -> None:
    # many more reports than one parse batch, so a kill after the first stored ones lands halfway
    corpus = bulletins(tmp_path / "bulletins", 300)
    reference, interrupted = tmp_path / "reference.db", tmp_path / "interrupted.db"
    assert run("ingest", corpus, "--db", reference).exit_code == 0
    total = counts(reference)["documents"]
    command = [sys.executable, "-m", "warledger.cli", "ingest", str(corpus), "--db", str(interrupted)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        if interrupted.exists():
            try:
                stored = counts(interrupted)["documents"]
            except sqlite3.Error:
                stored = 0
            if stored >= 3:
                break
        time.sleep(0.05)
    assert process.poll() is None, "the ingest finished before it could be killed"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert 0 < counts(interrupted)["documents"] < total
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    assert counts(interrupted) == counts(reference)


@pytest.mark.parametrize(
    "command",
    [("summary",), ("events",), ("events", "--reports"), ("show", "ce0"), ("claims",), ("stories",), ("resolve",),
     ("split", "x:e1"), ("merge", "ce0", "ce1"), ("export", "out.csv", "--format", "csv")],
)
def test_a_mistyped_db_is_named_and_no_empty_ledger_is_left_behind(tmp_path: Path, command: tuple[str, ...]) -> None:
    db = tmp_path / "ledgr.db"
    result = run(*command, "--db", db)
    assert result.exit_code == 4
    assert result.stderr == f"error: {db}: no ledger there; fill one with `warledger ingest PATHS --db {db}`\n"
    assert not db.exists()


def test_merging_a_real_world_event_with_itself_is_refused_and_records_no_override(tmp_path: Path) -> None:
    db = tmp_path / "ledger.db"
    report = tmp_path / "odesa.txt"
    report.write_text(REPORT)
    run("ingest", report, "--db", db)
    line = run("events", "--db", db, "--format", "json", "--type", "attack").stdout.splitlines()[0]
    merged = json.loads(line)
    for second in (merged["id"], merged["report_events"][0]["id"]):
        result = run("merge", merged["id"], second, "--db", db)
        assert result.exit_code == 2
        assert "already one real-world event" in result.stderr and result.stderr.count("\n") == 1
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT count(*) FROM canonical_overrides").fetchone()[0] == 0


def test_an_evaluation_file_without_documents_is_an_error_not_a_score_of_zero(tmp_path: Path) -> None:
    empty = tmp_path / "dev.jsonl"
    empty.write_text("")
    result = run("eval", "timex", "--data", empty)
    assert result.exit_code == 2
    assert result.stderr == f"error: {empty}: holds no timex documents to score\n"


def test_the_size_limit_the_error_mentions_can_be_raised_on_the_command_line(tmp_path: Path) -> None:
    report = tmp_path / "long.txt"
    report.write_text(REPORT)
    db = tmp_path / "ledger.db"
    refused = run("ingest", report, "--db", db, "--max-bytes", "40")
    assert refused.exit_code == 2 and "`warledger ingest --max-bytes`" in refused.stderr
    assert run("ingest", report, "--db", db, "--max-bytes", str(len(REPORT))).exit_code == 0


def test_an_unexpected_failure_is_one_line_with_exit_70_and_the_traceback_on_request(tmp_path: Path) -> None:
    # A ledger edited by hand can hold a report date that is no date, which no reader anticipates.
    db = tmp_path / "ledger.db"
    report = tmp_path / "odesa.txt"
    report.write_text(REPORT)
    run("ingest", report, "--db", db)
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE documents SET date = 'garbage'")
    before = counts(db)
    result = CliRunner().invoke(main, ["resolve", "--db", str(db)])
    assert result.exit_code == 70
    assert result.stderr.startswith("internal error: ") and result.stderr.count("\n") == 1
    assert "WARLEDGER_DEBUG=1" in result.stderr and "Traceback" not in result.stderr
    assert counts(db) == before
    debug = CliRunner(env={"WARLEDGER_DEBUG": "1"}).invoke(main, ["resolve", "--db", str(db)])
    assert debug.exit_code == 1 and debug.exception is not None and not isinstance(debug.exception, SystemExit)


def test_an_ingest_that_goes_well_writes_nothing_to_stderr_off_a_terminal(tmp_path: Path) -> None:
    report = tmp_path / "odesa.txt"
    report.write_text(REPORT)
    result = run("ingest", report, "--db", tmp_path / "ledger.db")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.startswith("1 stored, 0 already in the ledger, 0 failed -> ")


def test_a_path_with_square_brackets_is_printed_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # rich would read "[bold]" as markup and print "ax.db"
    monkeypatch.chdir(tmp_path)
    Path("odesa.txt").write_text(REPORT)
    assert run("ingest", "odesa.txt", "--db", "a[bold]x.db").stdout.endswith("failed -> a[bold]x.db\n")
    assert "warledger summary: a[bold]x.db" in run("summary", "--db", "a[bold]x.db").stdout


def test_serving_a_missing_ledger_read_only_is_refused_before_listening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WARLEDGER_TOKEN", raising=False)
    db = tmp_path / "ledgr.db"
    result = run("serve", "--db", db, "--port", "0")
    assert result.exit_code == 4 and "no ledger there" in result.stderr
    assert not db.exists()
