"""JSON Lines reports: one object per line, ``text`` and optional date, url, title, publisher."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TextIO

from warledger.errors import EmptyInputError, InputError, MalformedInputError
from warledger.ingest.decode import bounded_lines
from warledger.ingest.records import document_from_record
from warledger.model import Document

_JSON_KINDS = {
    list: "an array", str: "a string", int: "a number", float: "a number", bool: "a boolean"
}


def parse_jsonl(stream: TextIO, source: str, max_bytes: int) -> Iterator[Document | InputError]:
    """Each record of a JSON Lines stream as a document (origin ``source:line``) or its error."""
    found = False
    for number, line in bounded_lines(stream, source, max_bytes):
        if isinstance(line, str) and not line.strip():
            continue
        found = True
        yield line if isinstance(line, InputError) else _record(line, f"{source}:{number}")
    if not found:
        raise EmptyInputError(source, "no records, only blank lines")


def _record(line: str, where: str) -> Document | InputError:
    try:
        return document_from_record(_json_object(line, where), where, origin=where)
    except InputError as exc:
        return exc


def _json_object(line: str, where: str) -> dict[str, object]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise MalformedInputError(
            where, f"not valid JSON ({exc.msg} at column {exc.colno}); write one object per line"
        ) from exc
    except RecursionError as exc:
        raise MalformedInputError(where, "JSON nested too deeply to read; write one flat object per line") from exc
    if not isinstance(value, dict):
        kind = _JSON_KINDS.get(type(value), "null")
        raise MalformedInputError(where, f'expected a JSON object with a "text" field, not {kind}')
    return value
