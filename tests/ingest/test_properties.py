"""Properties of the readers over generated inputs: what is written is what is read back."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from warledger.ingest import read_documents, read_text
from warledger.ingest.decode import has_words
from warledger.model import Document

# Any text a file can hold: no surrogates (unencodable), no C0 controls besides whitespace
# (those are what makes bytes count as binary).
TEXT_CHARS = st.characters(
    exclude_categories=("Cs",),
    exclude_characters="".join(chr(c) for c in [*range(32), 127] if chr(c) not in "\t\n\r\v\f"),
)
# A report needs a letter or digit somewhere.
BODIES = st.text(TEXT_CHARS, min_size=1, max_size=300).filter(has_words).map(str.strip)
LINE_VALUES = (
    st.text(TEXT_CHARS.filter(lambda c: c not in "\r\n"), max_size=40).map(str.strip).filter(bool)
)
DATES = st.dates(min_value=date(1900, 1, 1), max_value=date.today())


def read_one(name: str, data: bytes) -> Document:
    """The single document a file named ``name`` holding ``data`` reads as."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        [item] = read_documents([path])
    assert isinstance(item, Document), item
    return item


@settings(max_examples=60, deadline=None)
@given(body=BODIES, day=DATES, same_line=st.booleans(), indent=st.sampled_from(["", " ", "\n "]))
def test_a_body_written_after_a_date_header_reads_back_unchanged(
    body: str, day: date, same_line: bool, indent: str
) -> None:
    separator = " " if same_line else "\n\n"
    document = read_one("report.txt", f"{indent}date {day.isoformat()}{separator}{body}\n".encode())
    assert (document.text, document.date) == (body, day)


@settings(max_examples=40, deadline=None)
@given(body=BODIES, day=DATES, title=LINE_VALUES, publisher=LINE_VALUES)
def test_header_lines_read_back_unchanged(body: str, day: date, title: str, publisher: str) -> None:
    text = f"date {day.isoformat()}\ntitle {title}\npublisher {publisher}\n\n{body}"
    document = read_text(text)
    assert (document.text, document.date, document.title, document.publisher) == (
        body, day, title, publisher
    )


@settings(max_examples=40, deadline=None)
@given(body=BODIES, day=DATES)
def test_a_record_reads_back_unchanged_from_jsonl_and_csv(body: str, day: date) -> None:
    line = json.dumps({"text": body, "date": day.isoformat()}) + "\n"
    table = io.StringIO()
    csv.writer(table).writerows([["date", "text"], [day.isoformat(), body]])
    for name, data in (("r.jsonl", line.encode()), ("r.csv", table.getvalue().encode())):
        document = read_one(name, data)
        assert (document.text, document.date) == (body, day), name
