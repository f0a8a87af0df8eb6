"""RSS and Atom feeds: one document per entry, its HTML content reduced to plain text."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser

import feedparser

from warledger.errors import EmptyInputError, InputError, MalformedInputError
from warledger.ingest.records import check_report_date
from warledger.model import Document

# Tags that end a run of text: their content goes on its own line.
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr",
     "table", "section", "article", "pre", "hr"}
)
_SKIPPED_TAGS = frozenset({"script", "style"})
_WHITESPACE = re.compile(r"\s+")


class _TextCollector(HTMLParser):
    """Collects the character data of an HTML fragment, breaking lines at block elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        # Inside HTML, a line break is just a space; only block elements break lines.
        if not self._skipping:
            self.parts.append(_WHITESPACE.sub(" ", data))


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment: one paragraph per line, runs of spaces collapsed."""
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def parse_feed(data: bytes, source: str) -> Iterator[Document | InputError]:
    """Each entry of an RSS/Atom feed as a document (origin ``source#n``), or that entry's error.

    The feed's title is every document's publisher.
    """
    # A stream, because feedparser treats a str or bytes that looks like a URL or path as one.
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries:
        if parsed.bozo:
            reason = " ".join(str(parsed.get("bozo_exception", "parse error")).split())
            raise MalformedInputError(
                source, f"not well-formed XML, so not an RSS or Atom feed ({reason})"
            )
        if not parsed.version:
            raise MalformedInputError(source, "XML, but not an RSS or Atom feed")
        raise EmptyInputError(source, "the feed has no entries")
    publisher = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, 1):
        yield _entry_document(entry, publisher, f"{source}#{number}")


def _entry_document(
    entry: feedparser.FeedParserDict, publisher: str | None, origin: str
) -> Document | InputError:
    bodies = [content.get("value", "") for content in entry.get("content", [])]
    bodies.append(entry.get("summary", ""))
    text = next((t for t in map(html_to_text, bodies) if t), "")
    if not text:
        return EmptyInputError(origin, "the entry has no summary or content")
    published: time.struct_time | None = entry.get("published_parsed") or entry.get(
        "updated_parsed"
    )
    try:
        day = check_report_date(date(*published[:3]) if published else None, origin, "published date")
    except InputError as error:
        return error
    return Document.create(
        text,
        day,
        title=entry.get("title") or None,
        url=entry.get("link") or None,
        publisher=publisher,
        origin=origin,
    )
