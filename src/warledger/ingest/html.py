"""HTML pages: the main text only (no navigation, no boilerplate), with title, date, url, site."""

from __future__ import annotations

import re
from datetime import date

import trafilatura

from warledger.errors import MalformedInputError
from warledger.model import Document

# Fewer words than this is what trafilatura salvages from a truncated page, not an article.
_MIN_WORDS = 3
_WORD = re.compile(r"\w+")
# Only dates the page states in its metadata or markup: htmldate's extensive search turns a
# "(c) 2023" footer into 2023-01-01, a false report date.
_DATE_SEARCH = {"extensive_search": False, "original_date": True}


def parse_html(markup: str, source: str) -> Document:
    """The article a page holds; a page with no main text (truncated, garbage) is malformed."""
    page = trafilatura.bare_extraction(
        markup, with_metadata=True, date_extraction_params=_DATE_SEARCH
    )
    text = (page.text or "").strip() if page else ""
    if len(_WORD.findall(text)) < _MIN_WORDS:
        raise MalformedInputError(
            source, "no main text found in the HTML; is the page complete (not truncated)?"
        )
    return Document.create(
        text,
        _page_date(page.date),
        title=page.title or None,
        url=page.url or None,
        publisher=page.sitename or None,
        origin=source,
    )


def _page_date(value: str | None) -> date | None:
    # trafilatura reports dates as YYYY-MM-DD already; anything else is not worth guessing at.
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None
