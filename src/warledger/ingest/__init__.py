"""Readers that turn files into :class:`~warledger.model.Document` records.

:func:`read_documents` walks files and directories and yields one document per report, or an
:class:`~warledger.errors.InputError` per input (or record) it cannot read, so one bad file never
stops a run. The format comes from the file extension; plain text and unknown extensions are
sniffed (a ``.txt`` holding HTML, a feed or JSON Lines is read as such).

A file named explicitly is always tried. While walking a directory only files with a report
extension (or none) are taken, so a corpus's README.md or a stray photo is not ingested; a PDF or
Word file met there is reported as unsupported.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from warledger.errors import EncodingError, InputError, UnsupportedInputError
from warledger.ingest.csvfile import parse_csv
from warledger.ingest.decode import DEFAULT_MAX_BYTES, Format, decode, open_text, read_bytes, sniff
from warledger.ingest.feed import parse_feed
from warledger.ingest.html import parse_html
from warledger.ingest.jsonl import parse_jsonl
from warledger.ingest.text import read_text
from warledger.model import Document

__all__ = ["DEFAULT_MAX_BYTES", "read_documents", "read_text"]

_Item = Document | InputError
_Reader = Callable[[Path, int], Iterable[_Item]]


def read_documents(
    paths: Iterable[Path], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Document | InputError]:
    """Every document in ``paths`` (directories walked recursively, by name), or each input's error.

    ``max_bytes`` limits each whole file for text, HTML and feeds, and each record for JSONL/CSV.
    Hidden entries (``.git``, ``.DS_Store``) and symlinked directories met while walking are
    skipped.
    """
    for path in paths:
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
            yield _os_error(path, exc)
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
    try:
        yield from _READERS.get(suffix, _read_sniffed)(path, max_bytes)
    except InputError as exc:
        yield exc
    except UnicodeDecodeError as exc:
        yield EncodingError(source, f"cannot be decoded ({exc.reason}); re-save it as UTF-8")
    except OSError as exc:
        yield _os_error(path, exc)


def _read_sniffed(path: Path, max_bytes: int) -> Iterator[_Item]:
    source = str(path)
    data = read_bytes(path, max_bytes)
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


def _os_error(path: Path, exc: OSError) -> InputError:
    reason = (exc.strerror or str(exc)).lower()
    return InputError(str(path), f"cannot be read: {reason}")


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
