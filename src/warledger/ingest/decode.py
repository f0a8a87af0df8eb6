"""Bytes to text: the size limit, binary and encoding detection, and sniffing what a text holds."""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from itertools import count
from pathlib import Path
from typing import TextIO

from charset_normalizer import from_bytes

from warledger.errors import (
    BinaryInputError,
    EmptyInputError,
    EncodingError,
    InputError,
    TooLargeError,
)

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# Enough text for charset detection and sniffing; streamed formats never hold more than this
# plus one record.
SAMPLE_BYTES = 64 * 1024

# Longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# English reports that are not UTF-8 are nearly always Windows-1252, but on short texts
# charset-normalizer ranks look-alike code pages (mac_latin2, cp1250) level with it.
_PREFERRED_LEGACY = "cp1252"
# C0 controls other than tab, newlines and form feed: text never has many of them.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_BINARY_CONTROL_SHARE = 0.05
# Bytes the decoder could not map, kept as lone surrogates by the "surrogateescape" handler.
_UNDECODED = re.compile(r"[\udc80-\udcff]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NOT_TEXT = "give a plain text, HTML, JSONL, CSV or RSS/Atom file"


class Format(str, Enum):
    """What a decoded text holds, as far as its first characters tell."""

    TEXT = "text"
    HTML = "html"
    FEED = "feed"
    JSONL = "jsonl"


def too_large(source: str, size: str, max_bytes: int) -> TooLargeError:
    """The error for an input of ``size`` (already phrased) over the ``max_bytes`` limit."""
    return TooLargeError(
        source, f"{size} exceeds the limit of {max_bytes} bytes; split it or raise the limit "
        "(`warledger ingest --max-bytes`)"
    )


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The content of a file, refusing (before reading) one larger than ``max_bytes``."""
    source = str(path)
    size = path.stat().st_size
    if size > max_bytes:
        raise too_large(source, f"{size} bytes", max_bytes)
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(source, "the content", max_bytes)
    if not data:
        raise EmptyInputError(source, "the file is empty")
    return data


def detect_encoding(sample: bytes, source: str, complete: bool = True) -> str:
    """The codec that decodes ``sample``; ``complete`` is False for the head of a longer file."""
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    # UTF-16/32 without a byte-order mark and binary formats are full of NUL bytes; a text with a
    # stray one is still text (as the API accepts it) and decodes as UTF-8 below.
    if sample.count(b"\x00") > _BINARY_CONTROL_SHARE * len(sample):
        raise BinaryInputError(source, f"binary content (NUL bytes), not text; {_NOT_TEXT}")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=complete)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    matches = from_bytes(sample)
    if not matches:
        if _mostly_controls(sample.decode("latin-1")):
            raise BinaryInputError(source, f"binary content, not text; {_NOT_TEXT}")
        raise EncodingError(source, "cannot determine its text encoding; re-save it as UTF-8")
    least_chaos = min(match.chaos for match in matches)
    if any(
        _PREFERRED_LEGACY in match.could_be_from_charset
        for match in matches
        if match.chaos == least_chaos
    ):
        return _PREFERRED_LEGACY
    return matches.best().encoding


def decode(data: bytes, source: str) -> str:
    """The text of a whole file's bytes, without byte-order mark."""
    encoding = detect_encoding(data, source)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise EncodingError(
            source, f"not valid {encoding} at byte {exc.start}; re-save it as UTF-8"
        ) from exc
    if _mostly_controls(text[:SAMPLE_BYTES]):
        raise BinaryInputError(source, f"binary content, not text; {_NOT_TEXT}")
    if not text.strip():
        raise EmptyInputError(source, "the file holds only whitespace")
    return text


def check_text(text: str, source: str, what: str = "the text") -> str:
    """``text`` unchanged if it can be stored: no lone surrogate, not mostly control characters.

    Decoded files cannot hold either, but JSON escapes (``"\\ud800"``, ``"\\u0000"``) and API
    bodies can.
    """
    if found := _SURROGATE.search(text):
        raise EncodingError(
            source,
            f"{what} holds a lone surrogate (U+{ord(found.group()):04X}) at character {found.start()}, "
            "which is not Unicode text; send valid UTF-8",
        )
    if _mostly_controls(text):
        raise BinaryInputError(source, f"{what} is mostly control characters, not text; {_NOT_TEXT}")
    return text


def has_words(text: str) -> bool:
    """Whether ``text`` holds a letter or digit: zero-width or combining marks alone are no report."""
    return any(character.isalnum() for character in text)


@contextmanager
def open_text(path: Path) -> Iterator[TextIO]:
    """A text stream over a file whose encoding is detected from its head (for streamed formats).

    Bytes the detected codec cannot map come through as lone surrogates; see :func:`bounded_lines`.
    """
    source = str(path)
    with path.open("rb") as raw:
        sample = raw.read(SAMPLE_BYTES)
        if not sample:
            raise EmptyInputError(source, "the file is empty")
        encoding = detect_encoding(sample, source, complete=len(sample) < SAMPLE_BYTES)
        if _mostly_controls(sample.decode(encoding, errors="replace")):
            raise BinaryInputError(source, f"binary content, not text; {_NOT_TEXT}")
        raw.seek(0)
        with io.TextIOWrapper(
            raw, encoding=encoding, errors="surrogateescape", newline=""
        ) as stream:
            yield stream


def bounded_lines(
    stream: TextIO, source: str, max_bytes: int
) -> Iterator[tuple[int, str | InputError]]:
    """Each line of ``stream`` numbered from 1, or the error of a too large or undecodable line.

    A line over ``max_bytes`` (measured as UTF-8) is skipped in chunks, never held whole.
    """
    for number in count(1):
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        where = f"{source}:{number}"
        if len(line) > max_bytes and not line.endswith(("\n", "\r")):
            while (chunk := stream.readline(SAMPLE_BYTES)) and not chunk.endswith(("\n", "\r")):
                pass
            yield number, too_large(where, f"a line of more than {max_bytes} characters", max_bytes)
        elif _UNDECODED.search(line):
            yield number, EncodingError(
                where, f"bytes that are not valid {stream.encoding}; re-save the file as UTF-8"
            )
        elif (size := len(line.encode("utf-8"))) > max_bytes:
            yield number, too_large(where, f"a line of {size} bytes", max_bytes)
        else:
            yield number, line


_LEADING_MARKUP = re.compile(r"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
_FIRST_TAG = re.compile(r"<(!doctype\s+)?([a-z][\w:.-]*)", re.IGNORECASE)
_FEED_ROOTS = frozenset({"rss", "feed", "rdf:rdf"})
_HTML_ROOTS = frozenset({"html", "head", "body"})


def sniff(text: str) -> Format:
    """The format of a text whose file name does not say: feed, HTML, JSON Lines or plain text."""
    head = text[: SAMPLE_BYTES]
    tag = _FIRST_TAG.match(head, _LEADING_MARKUP.match(head).end())
    if tag:
        name = tag.group(2).lower()
        if name in _FEED_ROOTS:
            return Format.FEED
        if name in _HTML_ROOTS:
            return Format.HTML
    first_line = head.lstrip().partition("\n")[0].strip()
    if first_line.startswith("{") and first_line.endswith("}"):
        try:
            if isinstance(json.loads(first_line), dict):
                return Format.JSONL
        except json.JSONDecodeError:
            pass
    return Format.TEXT


def _mostly_controls(text: str) -> bool:
    return len(_CONTROL.findall(text)) > _BINARY_CONTROL_SHARE * max(len(text), 1)
