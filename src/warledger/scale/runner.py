"""Extracting a stream of documents on a Dask cluster, partition by partition, in input order."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

from distributed import Client, Future
from distributed.scheduler import KilledWorker

from warledger.errors import ClusterError
from warledger.model import Document, Extraction
from warledger.scale.worker import PipelinePreload, extract_partition

# Partitions queued per worker: enough that no worker idles while the driver stores a partition,
# few enough that memory stays flat however long the stream.
PARTITIONS_PER_WORKER = 3


class DaskExtractor:
    """Extracts documents on the cluster behind ``client``; results come back in input order."""

    def __init__(self, client: Client, components: Sequence[str], partition_size: int = 32) -> None:
        self.client = client
        self.components = tuple(components)
        self.partition_size = partition_size
        client.register_plugin(PipelinePreload(self.components))

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        """Every document's extraction, in the order given, while later partitions run on workers."""
        window = PARTITIONS_PER_WORKER * max(1, len(self.client.scheduler_info()["workers"]))
        running: deque[Future] = deque()
        stream = iter(documents)
        while partition := list(islice(stream, self.partition_size)):
            running.append(
                self.client.submit(extract_partition, partition, self.components, pure=False)
            )
            if len(running) >= window:
                yield from self._result(running.popleft())
        while running:
            yield from self._result(running.popleft())

    def _result(self, future: Future) -> list[Extraction]:
        try:
            extractions: list[Extraction] = future.result()
        except KilledWorker as exc:
            raise ClusterError(
                f"a Dask worker died extracting a partition ({exc}); check the workers' memory "
                "limit and logs, then run the ingest again (stored documents are skipped)"
            ) from exc
        return extractions
