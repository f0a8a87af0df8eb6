"""Plain-text reports with the optional seed header: ``date YYYY-MM-DD``, then key-value lines.

The body may follow the date on the same line (`` date 2024-03-18 Since the onset ...``). Otherwise
the date line may be followed by one ``key value`` line per field and then a blank line.
"""

from __future__ import annotations

import re
from datetime import date

from warledger.errors import EmptyInputError
from warledger.ingest.decode import check_text, has_words
from warledger.ingest.records import check_report_date, parse_date
from warledger.model import Document

_DATE_LINE = re.compile(r"\s*date[ \t]+(?P<date>\d{4}-\d{1,2}-\d{1,2})(?![\w-])[ \t]*")
_LINE_END = re.compile(r"\r\n|\r|\n|\Z")
_META_LINE = re.compile(r"(?P<key>title|publisher|url)[ \t]+(?P<value>[^\r\n]*)(?:\r\n|\r|\n|\Z)")
_BLANK_LINE = re.compile(r"[ \t]*(?:\r\n|\r|\n)")


def split_header(text: str, source: str) -> tuple[dict[str, object], str]:
    """The header fields (``date`` as a date) and the body of a text; no header gives ``{}``.

    ``title``/``publisher``/``url`` lines count as header only when a blank line closes them;
    otherwise they are the start of the body.
    """
    dated = _DATE_LINE.match(text)
    if not dated:
        return {}, text
    header: dict[str, object] = {"date": parse_date(dated["date"], source, "date header")}
    line_end = _LINE_END.match(text, dated.end())
    if not line_end:
        return header, text[dated.end() :]
    body_start = cursor = line_end.end()
    meta: dict[str, object] = {}
    while line := _META_LINE.match(text, cursor):
        meta[line["key"]] = line["value"].strip() or None
        cursor = line.end()
    if meta and (blank := _BLANK_LINE.match(text, cursor)):
        header |= meta
        body_start = blank.end()
    return header, text[body_start:]


def read_text(text: str, date: date | None = None, **meta: str | None) -> Document:
    """A document from raw text; a seed-style header is honoured and non-None arguments override it.

    ``meta`` takes ``title``, ``url``, ``publisher`` and ``origin`` (which also names the input in
    errors). The document text is the body without surrounding whitespace.
    """
    source = meta.get("origin") or "<text>"
    for name, value in meta.items():
        if value is not None:
            check_text(value, source, name)
    header, body = split_header(check_text(text, source), source)
    given = {"date": check_report_date(date, source), **meta}
    fields = header | {key: value for key, value in given.items() if value is not None}
    body = body.strip()
    if not has_words(body):
        what = "no report text" if not body else "no letters or digits in the report text"
        raise EmptyInputError(source, what + (" after the header" if header else ""))
    return Document.create(body, **fields)
