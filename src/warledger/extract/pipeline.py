"""The extraction pipeline: spaCy parses each document once, then the named extractors run in order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language

from warledger.errors import ConfigError
from warledger.extract import (  # noqa: F401  (importing registers the extractors)
    actors,
    attribution,
    dates,
    events,
    places,
    quantities,
    weapons,
)
from warledger.extract.base import EXTRACTORS, ExtractionContext, Extractor
from warledger.extract.nlp import load_nlp
from warledger.model import Document, Extraction

DEFAULT_COMPONENTS: tuple[str, ...] = (
    "actors",
    "weapons",
    "places",
    "dates",
    "quantities",
    "attribution",
    "events",
)


class Pipeline:
    """Runs the registered extractors named in ``components`` over documents."""

    def __init__(
        self, components: Sequence[str] = DEFAULT_COMPONENTS, nlp: Language | None = None
    ) -> None:
        unknown = [name for name in components if name not in EXTRACTORS]
        if unknown:
            raise ConfigError(
                f"unknown extractor(s) {', '.join(unknown)}; known: {', '.join(sorted(EXTRACTORS))}"
            )
        self.nlp = nlp or load_nlp()
        self.components: list[Extractor] = [EXTRACTORS[name]() for name in components]

    def extract(self, document: Document) -> Extraction:
        """Everything the pipeline finds in one document."""
        return next(self.extract_many([document]))

    def extract_many(self, documents: Iterable[Document], batch_size: int = 32) -> Iterator[Extraction]:
        """Extract a stream of documents, parsing them in batches with ``nlp.pipe``."""
        pairs = self.nlp.pipe(((d.text, d) for d in documents), as_tuples=True, batch_size=batch_size)
        for doc, document in pairs:
            context = ExtractionContext(doc, Extraction(document))
            for component in self.components:
                component(context)
            yield context.extraction
