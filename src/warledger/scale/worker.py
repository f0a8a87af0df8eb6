"""What runs on a Dask worker: one pipeline per worker process, kept for every partition it extracts."""

from __future__ import annotations

from functools import cache

from distributed import Worker, WorkerPlugin

from warledger.extract.pipeline import Pipeline
from warledger.model import Document, Extraction


@cache
def worker_pipeline(components: tuple[str, ...]) -> Pipeline:
    """This process's pipeline for ``components``, loaded on first use and then reused."""
    return Pipeline(components)


def extract_partition(documents: list[Document], components: tuple[str, ...]) -> list[Extraction]:
    """Everything the pipeline finds in one partition of documents, in their order."""
    return list(worker_pipeline(components).extract_many(documents, batch_size=len(documents) or 1))


class PipelinePreload(WorkerPlugin):
    """Loads the pipeline as each worker joins, so no partition waits for spaCy to load."""

    name = "warledger-pipeline"

    def __init__(self, components: tuple[str, ...]) -> None:
        self.components = components

    def setup(self, worker: Worker) -> None:
        """Load the pipeline in the worker process (the same cache :func:`extract_partition` reads)."""
        worker_pipeline(self.components)
