"""What every extractor shares: the per-document context it reads and writes, and the registry.

Extractors are small classes with one job, registered by name (like spaCy's factories) and
configured by data files under ``extract/data/``. Each is called once per document with an
:class:`ExtractionContext` and appends what it finds to ``context.extraction``; later extractors
(attribution, events) read the mentions earlier ones produced.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

import yaml
from spacy.tokens import Doc

from warledger.errors import ConfigError
from warledger.model import Extraction, Mention, Sentence, Span

if TYPE_CHECKING:
    from warledger.extract.normalise import NormalisedText

DATA_DIR = Path(__file__).parent / "data"


@dataclass
class ExtractionContext:
    """One document being extracted: the spaCy parse of its text and what was found so far.

    ``normalised`` is the folded text spaCy parsed, when the pipeline folded the document's: then
    every offset during extraction is into it, and the pipeline maps them back at the end.
    """

    doc: Doc
    extraction: Extraction
    normalised: NormalisedText | None = None
    _sentence_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        if not self.extraction.sentences:
            doc_id = self.extraction.document.id
            self.extraction.sentences = [
                Sentence(doc_id, i, s.start_char, s.end_char, s.text)
                for i, s in enumerate(self.doc.sents)
            ]
        self._sentence_starts = [s.start for s in self.extraction.sentences]

    @property
    def text(self) -> str:
        """The text spaCy parsed: the document's body, folded (offsets of every span refer to it)."""
        return self.normalised.text if self.normalised else self.extraction.document.text

    def sentence_index(self, char: int) -> int:
        """Index of the sentence containing character offset ``char``."""
        return max(0, bisect.bisect_right(self._sentence_starts, char) - 1)

    def span(self, start: int, end: int) -> Span:
        """Provenance for the characters ``start:end`` of the document text."""
        return Span(
            self.extraction.document.id,
            self.sentence_index(start),
            start,
            end,
            self.text[start:end],
        )

    def mentions_of(self, kind: str) -> list[Mention]:
        """Mentions of one kind found so far, in text order."""
        return sorted(
            (m for m in self.extraction.mentions if m.kind == kind), key=lambda m: m.span.start
        )


class Extractor(Protocol):
    """A pipeline component: reads the context and appends mentions, events or claims."""

    name: str

    def __call__(self, context: ExtractionContext) -> None: ...


E = TypeVar("E", bound=type)
EXTRACTORS: dict[str, type] = {}


def register(name: str) -> Callable[[E], E]:
    """Class decorator: make an extractor available to pipelines under ``name``."""

    def decorate(cls: E) -> E:
        EXTRACTORS[name] = cls
        cls.name = name
        return cls

    return decorate


@cache
def load_data(filename: str) -> object:
    """Parse a YAML data file from ``extract/data/`` (cached; the files are read-only)."""
    path = DATA_DIR / filename
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"extract data file {path.name} cannot be read: {exc}") from exc
