"""Bad inputs: each gives its documented one-line error naming it; the other inputs are read."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest

from warledger.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    MalformedInputError,
    TooLargeError,
    UnsupportedInputError,
)
from warledger.ingest import DEFAULT_MAX_BYTES, read_documents
from warledger.model import Document

GOOD = "date 2024-05-10\n\nDrones struck a fuel depot in Odesa overnight, the governor said.\n"


def write_sparse(path: Path, size: int) -> None:
    """A file of ``size`` bytes that occupies (almost) no disk."""
    with path.open("wb") as handle:
        handle.truncate(size)


# name -> (how to write the bad file, the error it must give, words its message must hold)
BAD_FILES: dict[str, tuple[Callable[[Path], object], type[InputError], str]] = {
    "empty.txt": (lambda p: p.write_text(""), EmptyInputError, "empty"),
    "blank.txt": (lambda p: p.write_text(" \n\t\n  "), EmptyInputError, "only whitespace"),
    "binary.txt": (lambda p: p.write_bytes(bytes(range(256)) * 40), BinaryInputError, "binary"),
    "photo.jpg": (
        lambda p: p.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + bytes(500)),
        BinaryInputError,
        "binary",
    ),
    "bad-date.txt": (
        lambda p: p.write_text("date 2024-02-30\n\nA convoy was ambushed."),
        MalformedInputError,
        "'2024-02-30'",
    ),
    "notext.csv": (
        lambda p: p.write_text("headline,date\nStrike on Dnipro,2023-01-14\n"),
        MalformedInputError,
        "no 'text' column",
    ),
    "truncated.html": (
        lambda p: p.write_text("<html><head><title>Strike</title></head><body><div><p"),
        MalformedInputError,
        "no main text",
    ),
    "feed.xml": (lambda p: p.write_text("this is not a feed at all"), MalformedInputError, "XML"),
    "note.rss": (
        lambda p: p.write_text('<?xml version="1.0"?><note><to>HQ</to></note>'),
        MalformedInputError,
        "not an RSS or Atom feed",
    ),
    "huge.txt": (
        lambda p: write_sparse(p, DEFAULT_MAX_BYTES + 1),
        TooLargeError,
        f"limit of {DEFAULT_MAX_BYTES} bytes",
    ),
    "huge.jsonl": (
        lambda p: p.write_text(json.dumps({"text": "x" * 200}) + "\n"),
        TooLargeError,
        "limit",
    ),
    "scan.pdf": (lambda p: p.write_bytes(b"%PDF-1.7\n"), UnsupportedInputError, "PDF"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_a_bad_file_gives_its_error_and_the_good_file_is_still_read(
    tmp_path: Path, name: str
) -> None:
    write, error_type, words = BAD_FILES[name]
    bad, good = tmp_path / name, tmp_path / "good.txt"
    write(bad)
    good.write_text(GOOD, encoding="utf-8")
    max_bytes = 100 if name == "huge.jsonl" else DEFAULT_MAX_BYTES
    error, document = read_documents([bad, good], max_bytes=max_bytes)
    assert type(error) is error_type
    assert words in str(error) and str(error).startswith(f"{bad}") and "\n" not in str(error)
    assert isinstance(document, Document) and document.text.startswith("Drones struck")


def test_a_missing_path_is_named_and_the_rest_still_read(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    missing, document = read_documents([tmp_path / "nowhere.txt", good])
    assert type(missing) is InputError
    assert str(missing) == f"{tmp_path / 'nowhere.txt'}: no such file or directory"
    assert isinstance(document, Document)


def test_a_malformed_jsonl_line_is_reported_alone(tmp_path: Path) -> None:
    records = tmp_path / "wire.jsonl"
    records.write_text(
        json.dumps({"text": "Russia fired Kalibr missiles at Lviv.", "date": "2023-03-09"})
        + "\n{not json\n"
        + json.dumps(["a list"]) + "\n"
        + json.dumps({"title": "no text"}) + "\n"
        + json.dumps({"text": "Bad date.", "date": "2023-13-01"}) + "\n"
        + json.dumps({"text": "Kherson was shelled."}) + "\n",
        encoding="utf-8",
    )
    items = list(read_documents([records]))
    assert [type(item) for item in items] == [
        Document, MalformedInputError, MalformedInputError, MalformedInputError,
        MalformedInputError, Document,
    ]
    assert [item.source for item in items if isinstance(item, InputError)] == [
        f"{records}:{line}" for line in (2, 3, 4, 5)
    ]
    assert "not valid JSON" in str(items[1]) and "not an array" in str(items[2])
    assert '"text"' in str(items[3]) and "2023-13-01" in str(items[4])


def test_csv_rows_that_are_bad_are_reported_by_line_and_the_others_read(tmp_path: Path) -> None:
    table = tmp_path / "reports.csv"
    table.write_text(
        "text,date\n"
        '"A bridge near Kupiansk was destroyed.",2024-01-09\n'
        ",2024-01-10\n"
        '"Too, many, fields",2024-01-11,extra\n'
        '"A report\nover two lines.",not-a-date\n'
        '"Odesa port was hit.",2024-01-12\n',
        encoding="utf-8",
    )
    items = list(read_documents([table]))
    assert [type(item) for item in items] == [
        Document, EmptyInputError, MalformedInputError, MalformedInputError, Document,
    ]
    assert [item.source for item in items if isinstance(item, InputError)] == [
        f"{table}:{line}" for line in (3, 4, 5)
    ]
    assert items[-1].origin == f"{table}#5"


def test_a_csv_record_over_the_limit_is_skipped_without_losing_the_next(tmp_path: Path) -> None:
    table = tmp_path / "reports.csv"
    table.write_text(f"text\n{'y' * 500}\nShort report.\n", encoding="utf-8")
    too_large, document = read_documents([table], max_bytes=100)
    assert isinstance(too_large, TooLargeError) and too_large.source == f"{table}:2"
    assert isinstance(document, Document) and document.text == "Short report."


def test_a_jsonl_line_over_the_limit_is_skipped_without_losing_the_next(tmp_path: Path) -> None:
    records = tmp_path / "wire.jsonl"
    records.write_text(
        json.dumps({"text": "z" * 5000}) + "\n" + json.dumps({"text": "Short."}) + "\n"
    )
    too_large, document = read_documents([records], max_bytes=100)
    assert isinstance(too_large, TooLargeError) and too_large.source == f"{records}:1"
    assert isinstance(document, Document) and document.text == "Short."


def test_invalid_utf8_in_a_stream_costs_only_its_line(tmp_path: Path) -> None:
    records = tmp_path / "wire.jsonl"
    lines = ["Kyiv " * 20000, "Kharkiv.", "Odesa."]  # the bad byte lies past the detection sample
    data = b"".join(json.dumps({"text": text}).encode() + b"\n" for text in lines)
    records.write_bytes(data.replace(b"Kharkiv", b"Kh\xffrkiv"))
    items = list(read_documents([records]))
    assert [type(item) for item in items] == [Document, EncodingError, Document]
    assert items[1].source == f"{records}:2"


def test_a_header_only_csv_and_a_blank_jsonl_are_empty(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("text,date\n")
    (tmp_path / "b.jsonl").write_text("\n\n   \n")
    assert [type(item) for item in read_documents([tmp_path])] == [EmptyInputError] * 2


def test_a_feed_entry_without_text_is_reported_and_the_others_read(tmp_path: Path) -> None:
    feed = tmp_path / "wire.atom"
    feed.write_text(
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
        "<entry><title>Empty</title><id>1</id></entry>"
        "<entry><title>Full</title><id>2</id><summary>Mortar fire hit Vuhledar.</summary></entry>"
        "</feed>"
    )
    empty, document = read_documents([feed])
    assert isinstance(empty, EmptyInputError) and empty.source == f"{feed}#1"
    assert isinstance(document, Document) and document.text == "Mortar fire hit Vuhledar."


def test_special_files_are_refused_and_symlinked_folders_not_followed(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text(GOOD, encoding="utf-8")
    (inbox / "loop").symlink_to(inbox, target_is_directory=True)
    os.mkfifo(inbox / "pipe")
    document, refused = read_documents([inbox])
    assert isinstance(document, Document)
    assert isinstance(refused, UnsupportedInputError) and refused.source == str(inbox / "pipe")


def test_a_pdf_met_while_walking_a_folder_is_named_not_silently_left_out(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "good.txt").write_text(GOOD, encoding="utf-8")
    (inbox / "briefing.pdf").write_bytes(b"%PDF-1.7\n")
    (inbox / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    refused, document = read_documents([inbox])
    assert isinstance(refused, UnsupportedInputError) and refused.source == str(inbox / "briefing.pdf")
    assert "PDF is not supported" in str(refused)
    assert isinstance(document, Document)


@pytest.mark.parametrize(
    ("header", "words"),
    [("date 9999-12-31", "date header 9999-12-31 is in the future"),
     ("date 2099-01-01", "date header 2099-01-01 is in the future"),
     ("date 0001-01-01", "date header 0001-01-01 is before 1900")],
)
def test_a_report_date_outside_1900_to_tomorrow_is_refused(tmp_path: Path, header: str, words: str) -> None:
    report = tmp_path / "report.txt"
    report.write_text(f"{header}\n\nShelling hit Kherson.\n")
    (refused,) = read_documents([report])
    assert type(refused) is MalformedInputError and str(refused).startswith(f"{report}: {words}")


def test_tomorrow_is_still_a_report_date_for_readers_east_of_utc(tmp_path: Path) -> None:
    tomorrow = date.today() + timedelta(days=1)
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps({"text": "Shelling hit Kherson.", "date": tomorrow.isoformat()}) + "\n")
    (document,) = read_documents([records])
    assert isinstance(document, Document) and document.date == tomorrow


def test_a_feed_entry_dated_in_the_future_is_refused_alone(tmp_path: Path) -> None:
    feed = tmp_path / "news.rss"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        "<item><title>A</title><description>Shelling hit Kherson.</description>"
        "<pubDate>Fri, 31 Dec 2100 10:00:00 GMT</pubDate></item>"
        "<item><title>B</title><description>Drones struck Sumy.</description>"
        "<pubDate>Mon, 18 Mar 2024 10:00:00 GMT</pubDate></item></channel></rss>"
    )
    refused, document = read_documents([feed])
    assert isinstance(refused, MalformedInputError) and "published date 2100-12-31 is in the future" in str(refused)
    assert isinstance(document, Document) and document.date == date(2024, 3, 18)


@pytest.mark.parametrize(
    ("record", "error_type", "words"),
    [({"text": "\ud800 Shelling hit Kherson."}, EncodingError, "lone surrogate (U+D800) at character 0"),
     ({"text": "Shelling hit Kherson.", "title": "A\udfff"}, EncodingError, '"title" holds a lone surrogate'),
     ({"text": "\u0000\u0001\u0000\u0002"}, BinaryInputError, "mostly control characters")],
)
def test_json_escapes_that_are_not_text_cost_only_their_record(
    tmp_path: Path, record: dict, error_type: type[InputError], words: str
) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps(record) + "\n" + json.dumps({"text": "Drones struck Sumy."}) + "\n")
    refused, document = read_documents([records])
    assert type(refused) is error_type and words in str(refused) and refused.source == f"{records}:1"
    assert isinstance(document, Document) and document.text == "Drones struck Sumy."


@pytest.mark.parametrize("body", ["\u200b\u200c\u200d\u2060", "\u0301" * 40, "\u200b \u200b"])
def test_a_text_of_invisible_or_combining_marks_alone_is_empty(tmp_path: Path, body: str) -> None:
    report, records = tmp_path / "report.txt", tmp_path / "records.jsonl"
    report.write_text(f"date 2024-03-18\n\n{body}\n", encoding="utf-8")
    records.write_text(json.dumps({"text": body}) + "\n", encoding="utf-8")
    for refused in read_documents([report, records]):
        assert type(refused) is EmptyInputError and "no letters or digits" in str(refused)


def test_a_stray_nul_in_a_text_file_does_not_make_it_binary(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes("date 2024-03-18\n\nShelling hit Kherson\x00 overnight, the governor said.\n".encode())
    (document,) = read_documents([report])
    assert isinstance(document, Document) and document.text == "Shelling hit Kherson\x00 overnight, the governor said."


def test_utf_16_without_a_byte_order_mark_is_still_refused_as_binary(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_bytes("Shelling hit Kherson overnight, the governor said.".encode("utf-16-le"))
    (refused,) = read_documents([report])
    assert type(refused) is BinaryInputError and "NUL bytes" in str(refused)


def test_a_jsonl_record_nested_too_deeply_costs_only_its_line(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    deep = '{"text": "x", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}"
    records.write_text(deep + "\n" + json.dumps({"text": "Drones hit Lviv."}) + "\n")
    refused, document = read_documents([records])
    assert type(refused) is MalformedInputError and "nested too deeply" in str(refused)
    assert refused.source == f"{records}:1"
    assert isinstance(document, Document) and document.text == "Drones hit Lviv."
