"""The extraction pipeline: spaCy parses each document once, then the named extractors run in order.

A component's name is the name of its module under ``warledger.extract`` (``actors`` lives in
``warledger/extract/actors.py``); importing the module registers the component.
"""

from __future__ import annotations

import gc
import importlib
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language

from warledger.errors import ConfigError
from warledger.extract.base import EXTRACTORS, ExtractionContext, Extractor
from warledger.extract.nlp import load_nlp
from warledger.extract.normalise import normalise, to_original
from warledger.model import Document, Extraction

# Documents spaCy parses at a time: its models cost less CPU per document in larger batches
# (about 6% less at 64 than at 16 on the benchmark corpus; no gain beyond).
PARSE_BATCH = 64

DEFAULT_COMPONENTS: tuple[str, ...] = (
    "actors",
    "weapons",
    "places",
    "dates",
    "quantities",
    "attribution",
    "events",
)


def load_component(name: str) -> type:
    """The extractor class registered under ``name``, importing its module first."""
    if name not in EXTRACTORS:
        try:
            importlib.import_module(f"warledger.extract.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"warledger.extract.{name}":
                raise
    if name not in EXTRACTORS:
        raise ConfigError(
            f"unknown extractor {name!r}; known: {', '.join(DEFAULT_COMPONENTS)}"
        )
    return EXTRACTORS[name]


class Pipeline:
    """Runs the registered extractors named in ``components`` over documents."""

    def __init__(
        self, components: Sequence[str] = DEFAULT_COMPONENTS, nlp: Language | None = None
    ) -> None:
        classes = [load_component(name) for name in components]
        self.names: tuple[str, ...] = tuple(components)
        self.nlp = nlp or load_nlp()
        self.components: list[Extractor] = [cls() for cls in classes]
        # The model and the extractors' vocabularies live as long as the pipeline: moved out of the
        # collector's generations, they are not rescanned by every full collection during a run.
        gc.freeze()

    def extract(self, document: Document) -> Extraction:
        """Everything the pipeline finds in one document."""
        return next(self.extract_many([document]))

    def extract_many(
        self, documents: Iterable[Document], batch_size: int = PARSE_BATCH, n_process: int = 1
    ) -> Iterator[Extraction]:
        """Extract a stream of documents in order, parsing them in batches with ``nlp.pipe``.

        The stream is consumed lazily, so memory holds a batch or so whatever its length. With
        ``n_process`` > 1 spaCy parses in that many child processes and the extractors run here.
        Each text is parsed Unicode-folded (:mod:`warledger.extract.normalise`); the spans of the
        extraction point into the document's own text.
        """
        folded = ((normalise(d.text), d) for d in documents)
        pairs = self.nlp.pipe(
            ((text.text, (text, d)) for text, d in folded),
            as_tuples=True,
            batch_size=batch_size,
            n_process=n_process,
        )
        for doc, (text, document) in pairs:
            context = ExtractionContext(doc, Extraction(document), text)
            for component in self.components:
                component(context)
            yield to_original(context.extraction, text)
