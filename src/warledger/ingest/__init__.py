"""Readers that turn files into :class:`~warledger.model.Document` records.

:func:`read_documents` walks files and directories and yields one document per report, or an
:class:`~warledger.errors.InputError` per input (or record) it cannot read, so one bad file never
stops a run. The format comes from the file extension; plain text and unknown extensions are
sniffed (a ``.txt`` holding HTML, a feed or JSON Lines is read as such).

A file named explicitly is always tried. While walking a directory only files with a report
extension (or none) are taken, so a corpus's README.md or a stray photo is not ingested; a PDF or
Word file met there is reported as unsupported.

The path ``-`` is standard input, read like a file without extension (sniffed) and named
``<stdin>`` in errors and origins; the size limit holds for the whole of it.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from warledger.errors import EmptyInputError, EncodingError, InputError, UnsupportedInputError
from warledger.ingest.csvfile import parse_csv
from warledger.ingest.decode import DEFAULT_MAX_BYTES, Format, decode, open_text, read_bytes, sniff, too_large
from warledger.ingest.feed import parse_feed
from warledger.ingest.html import parse_html
from warledger.ingest.jsonl import parse_jsonl
from warledger.ingest.text import read_text
from warledger.model import Document

__all__ = ["DEFAULT_MAX_BYTES", "STDIN", "read_documents", "read_text"]

STDIN = "-"
STDIN_SOURCE = "<stdin>"

_Item = Document | InputError
_Reader = Callable[[Path, int], Iterable[_Item]]


def read_documents(
    paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None
) -> Iterator[Document | InputError]:
    """Every document in ``paths`` (directories walked recursively, by name), or each input's error.

    ``max_bytes`` limits each whole file for text, HTML and feeds, and each record for JSONL/CSV.
    Hidden entries (``.git``, ``.DS_Store``) and symlinked directories met while walking are
    skipped. The path ``-`` reads ``stdin`` (by default this process's standard input).
    """
    for path in paths:
        if str(path) == STDIN:
            yield from _guarded(STDIN_SOURCE, lambda: _read_stream(stdin or sys.stdin.buffer, max_bytes))
            continue
        for found in _walk(Path(path), named=True):
            if isinstance(found, InputError):
                yield found
            else:
                yield from _read_file(found, max_bytes)


def _walk(path: Path, named: bool) -> Iterator[Path | InputError]:
    if path.is_dir():
        try:
            entries = sorted(path.iterdir(), key=lambda entry: entry.name)
        except OSError as exc:
            yield _os_error(str(path), exc)
            return
        for entry in entries:
            if not entry.name.startswith(".") and not (entry.is_symlink() and entry.is_dir()):
                yield from _walk(entry, named=False)
    elif path.is_file():
        # Document formats are taken too, to be named as unsupported rather than silently left out.
        if named or path.suffix.lower() in _WALKED_SUFFIXES or path.suffix.lower() in _UNSUPPORTED:
            yield path
    elif path.exists():
        yield UnsupportedInputError(str(path), "not a regular file or directory")
    else:
        yield InputError(str(path), "no such file or directory")


def _read_file(path: Path, max_bytes: int) -> Iterator[_Item]:
    source = str(path)
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        kind = _UNSUPPORTED[suffix]
        yield UnsupportedInputError(source, f"{kind} is not supported; convert it to text first")
        return
    yield from _guarded(source, lambda: _READERS.get(suffix, _read_sniffed)(path, max_bytes))


def _guarded(source: str, read: Callable[[], Iterable[_Item]]) -> Iterator[_Item]:
    """What ``read`` yields, ending with the error that stops it as an item."""
    try:
        yield from read()
    except InputError as exc:
        yield exc
    except UnicodeDecodeError as exc:
        yield EncodingError(source, f"cannot be decoded ({exc.reason}); re-save it as UTF-8")
    except OSError as exc:
        yield _os_error(source, exc)


def _read_stream(stream: BinaryIO, max_bytes: int) -> Iterator[_Item]:
    # A pipe has no size to check first: reading one byte past the limit tells.
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(STDIN_SOURCE, "standard input", max_bytes)
    if not data.strip():
        raise EmptyInputError(STDIN_SOURCE, "standard input holds only whitespace" if data else "standard input is empty")
    yield from _sniffed(data, STDIN_SOURCE, max_bytes)


def _read_sniffed(path: Path, max_bytes: int) -> Iterator[_Item]:
    yield from _sniffed(read_bytes(path, max_bytes), str(path), max_bytes)


def _sniffed(data: bytes, source: str, max_bytes: int) -> Iterator[_Item]:
    text = decode(data, source)
    match sniff(text):
        case Format.HTML:
            yield parse_html(text, source)
        case Format.FEED:
            yield from parse_feed(data, source)
        case Format.JSONL:
            yield from parse_jsonl(io.StringIO(text), source, max_bytes)
        case Format.TEXT:
            yield read_text(text, origin=source)


def _read_html(path: Path, max_bytes: int) -> Iterator[_Item]:
    yield parse_html(decode(read_bytes(path, max_bytes), str(path)), str(path))


def _read_feed(path: Path, max_bytes: int) -> Iterator[_Item]:
    data = read_bytes(path, max_bytes)
    # Decoded only to refuse binary or blank input; feedparser honours the XML encoding declaration.
    decode(data, str(path))
    yield from parse_feed(data, str(path))


def _read_jsonl(path: Path, max_bytes: int) -> Iterator[_Item]:
    with open_text(path) as stream:
        yield from parse_jsonl(stream, str(path), max_bytes)


def _read_csv(path: Path, max_bytes: int) -> Iterator[_Item]:
    delimiter = "\t" if path.suffix.lower() == ".tsv" else None
    with open_text(path) as stream:
        yield from parse_csv(stream, str(path), max_bytes, delimiter)


def _os_error(source: str, exc: OSError) -> InputError:
    return InputError(source, f"cannot be read: {(exc.strerror or str(exc)).lower()}")


_READERS: dict[str, _Reader] = {
    ".jsonl": _read_jsonl,
    ".ndjson": _read_jsonl,
    ".csv": _read_csv,
    ".tsv": _read_csv,
    ".html": _read_html,
    ".htm": _read_html,
    ".xml": _read_feed,
    ".rss": _read_feed,
    ".atom": _read_feed,
}
_WALKED_SUFFIXES = frozenset({"", ".txt", ".text", *_READERS})
# Document formats people will try; naming them beats a bare "binary content".
_UNSUPPORTED: dict[str, str] = {
    ".pdf": "PDF",
    ".doc": "Word",
    ".docx": "Word",
    ".odt": "OpenDocument",
    ".rtf": "RTF",
    ".epub": "EPUB",
}
