"""What JSONL and CSV readers share: a record's fields (text, date, url...) to a Document."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from warledger.errors import EmptyInputError, MalformedInputError
from warledger.model import Document

META_FIELDS: tuple[str, ...] = ("title", "url", "publisher")


def parse_date(value: object, source: str, field: str = "date") -> date | None:
    """An ISO date or datetime string as a date (the day as written); blank or missing is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise MalformedInputError(source, f"{field} must be an ISO date string, not {value!r}")
    try:
        return datetime.fromisoformat(value.strip()).date()
    except ValueError as exc:
        # "Invalid isoformat string" only repeats the value; a range error says what is wrong.
        detail = "" if "isoformat" in str(exc) else f" ({exc})"
        raise MalformedInputError(
            source, f"invalid {field} {value.strip()!r}{detail}; write it as YYYY-MM-DD"
        ) from exc


def document_from_record(record: Mapping[str, object], source: str, origin: str) -> Document:
    """The document a record describes: ``text`` is required, the other fields optional."""
    text = record.get("text")
    if text is None:
        raise MalformedInputError(source, 'no "text" field; every record needs the report text')
    if not isinstance(text, str):
        raise MalformedInputError(source, f'"text" must be a string, not {type(text).__name__}')
    if not text.strip():
        raise EmptyInputError(source, '"text" is empty')
    meta = {name: _optional_string(record, name, source) for name in META_FIELDS}
    return Document.create(
        text.strip(), parse_date(record.get("date"), source), origin=origin, **meta
    )


def _optional_string(record: Mapping[str, object], name: str, source: str) -> str | None:
    value = record.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MalformedInputError(source, f'"{name}" must be a string, not {type(value).__name__}')
    return value.strip() or None
