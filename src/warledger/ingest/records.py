"""What JSONL and CSV readers share: a record's fields (text, date, url...) to a Document."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from warledger.errors import EmptyInputError, MalformedInputError
from warledger.ingest.decode import check_text, has_words
from warledger.model import Document

META_FIELDS: tuple[str, ...] = ("title", "url", "publisher")
EARLIEST_REPORT_DATE = date(1900, 1, 1)


def check_report_date(day: date | None, source: str, field: str = "date") -> date | None:
    """``day`` if a report can have been published then: from 1900 up to tomorrow, or None.

    A date in the future is nearly always a typo (2042 for 2024), and the far ends of the calendar
    overflow the day arithmetic of cross-report resolution. Tomorrow is allowed for time zones.
    """
    if day is None:
        return None
    latest = date.today() + timedelta(days=1)
    if day > latest:
        raise MalformedInputError(source, f"{field} {day.isoformat()} is in the future; give the day it was published")
    if day < EARLIEST_REPORT_DATE:
        raise MalformedInputError(source, f"{field} {day.isoformat()} is before 1900; give the day it was published")
    return day


def parse_date(value: object, source: str, field: str = "date") -> date | None:
    """An ISO date or datetime string as a date (the day as written); blank or missing is None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise MalformedInputError(source, f"{field} must be an ISO date string, not {value!r}")
    try:
        day = datetime.fromisoformat(value.strip()).date()
    except ValueError as exc:
        # "Invalid isoformat string" only repeats the value; a range error says what is wrong.
        detail = "" if "isoformat" in str(exc) else f" ({exc})"
        raise MalformedInputError(
            source, f"invalid {field} {value.strip()!r}{detail}; write it as YYYY-MM-DD"
        ) from exc
    return check_report_date(day, source, field)


def document_from_record(record: Mapping[str, object], source: str, origin: str) -> Document:
    """The document a record describes: ``text`` is required, the other fields optional."""
    text = record.get("text")
    if text is None:
        raise MalformedInputError(source, 'no "text" field; every record needs the report text')
    if not isinstance(text, str):
        raise MalformedInputError(source, f'"text" must be a string, not {type(text).__name__}')
    if not has_words(check_text(text, source)):
        raise EmptyInputError(source, '"text" is empty' if not text.strip() else '"text" holds no letters or digits')
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
    return check_text(value.strip(), source, f'"{name}"') or None
