"""CSV/TSV reports: a header row with a ``text`` column (any case), optional date, url, title..."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from itertools import chain
from typing import TextIO

from warledger.errors import EmptyInputError, InputError, MalformedInputError
from warledger.ingest.decode import bounded_lines, too_large
from warledger.ingest.records import document_from_record
from warledger.model import Document

_DELIMITERS = ",;\t|"
_SHOWN_HEADER = 80


class _GuardedLines:
    """The physical lines of a stream for ``csv.reader``, an over-limit or undecodable line blanked.

    The blanked line's error is kept in :attr:`error` so the row it belonged to can report it.
    """

    def __init__(self, stream: TextIO, source: str, max_bytes: int) -> None:
        self._lines = bounded_lines(stream, source, max_bytes)
        self.error: InputError | None = None

    def __iter__(self) -> _GuardedLines:
        return self

    def __next__(self) -> str:
        _, line = next(self._lines)
        if isinstance(line, InputError):
            self.error = self.error or line
            return "\n"
        return line


def parse_csv(
    stream: TextIO, source: str, max_bytes: int, delimiter: str | None = None
) -> Iterator[Document | InputError]:
    """Each data row of a CSV stream as a document (origin ``source#row``) or that row's error.

    Without ``delimiter`` the most frequent of ``, ; TAB |`` in the header line is used.
    """
    # Fields up to the record limit are legitimate; csv's 128 KiB default would reject long reports.
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))
    lines = _GuardedLines(stream, source, max_bytes)
    blank_lines = 0
    for header_line in lines:
        if lines.error:
            raise lines.error
        if header_line.strip():
            break
        blank_lines += 1
    else:
        raise EmptyInputError(source, "the file holds only whitespace")
    delimiter = delimiter or max(_DELIMITERS, key=header_line.count)
    reader = csv.reader(chain([header_line], lines), delimiter=delimiter)
    names = [name.strip().lower() for name in next(reader)]
    if "text" not in names:
        columns = delimiter.join(names)
        columns = columns if len(columns) <= _SHOWN_HEADER else columns[: _SHOWN_HEADER - 3] + "..."
        raise MalformedInputError(
            source, f"no 'text' column in the header ({columns}); add one holding the report text"
        )
    rows = 0
    while True:
        lines.error = None
        where = f"{source}:{blank_lines + reader.line_num + 1}"
        try:
            cells, failure = next(reader), None
        except StopIteration:
            break
        except csv.Error as exc:
            cells, failure = [], _csv_error(exc, where, max_bytes)
        failure = failure or lines.error
        if failure is None and not any(cell.strip() for cell in cells):
            continue
        rows += 1
        yield failure or _record(cells, names, where, f"{source}#{rows}", delimiter, max_bytes)
    if not rows:
        raise EmptyInputError(source, "a header row but no records")


def _record(
    cells: list[str], names: list[str], where: str, origin: str, delimiter: str, max_bytes: int
) -> Document | InputError:
    if len(cells) != len(names):
        return MalformedInputError(
            where,
            f"{len(cells)} fields but the header has {len(names)}; "
            f"quote fields that contain {delimiter!r} or line breaks",
        )
    size = sum(len(cell.encode("utf-8")) for cell in cells)
    if size > max_bytes:
        return too_large(where, f"a record of {size} bytes", max_bytes)
    try:
        return document_from_record(dict(zip(names, cells)), where, origin)
    except InputError as exc:
        return exc


def _csv_error(exc: csv.Error, where: str, max_bytes: int) -> InputError:
    if "field limit" in str(exc):
        return too_large(where, "a field", max_bytes)
    return MalformedInputError(where, f"not valid CSV ({exc})")
