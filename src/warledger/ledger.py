"""The Python API: a :class:`Ledger` is one database plus the pipeline that fills it.

The CLI, the HTTP API and the dashboard call exactly these methods::

    from warledger import Ledger

    ledger = Ledger("warledger.db")
    for outcome in ledger.ingest(["examples/corpus"]):
        print(outcome.status, outcome.input)
    for event in ledger.events(type="attack", place="Kharkiv"):
        print(event.id, [(f.role, f.value) for f in event.fields])
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from itertools import chain, islice
from pathlib import Path

from warledger.errors import InputError, NotFoundError
from warledger.extract.pipeline import DEFAULT_COMPONENTS, Pipeline
from warledger.ingest import DEFAULT_MAX_BYTES, read_documents, read_text
from warledger.model import Claim, Document, Event, Extraction, Mention, Sentence
from warledger.resolve.claims import (
    CanonicalEvent,
    ContradictedClaim,
    Report,
    canonical_event,
    canonical_events,
    contradicted_claims,
    record_corroboration,
)
from warledger.resolve.events import ResolveSummary, merge_events, resolve_events, split_event
from warledger.resolve.stories import Story, stories
from warledger.store.canonical import member_of
from warledger.store.export import Exported
from warledger.store.export import export as export_ledger
from warledger.store.filters import EventFilter
from warledger.store.sqlite import ActorCount, DayCount, EventPage, PlaceCount, Store, Summary

DEFAULT_DB = "warledger.db"

# Turns a stream of new documents into their extractions, in the same order.
Extract = Callable[[Iterable[Document]], Iterable[Extraction]]


class Status(str, Enum):
    """What happened to one input of an ingest."""

    STORED = "stored"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class IngestOutcome:
    """One document stored or skipped (already in the ledger), or one input that failed."""

    status: Status
    input: str
    doc_id: str | None = None
    events: int = 0
    reason: str | None = None


class Ledger:
    """A warledger database and the extraction pipeline that fills it."""

    def __init__(self, path: str | Path = DEFAULT_DB, pipeline: Pipeline | None = None) -> None:
        self.store = Store(path)
        self._pipeline = pipeline

    @property
    def pipeline(self) -> Pipeline:
        """The extraction pipeline, loaded on first use (loading spaCy takes seconds)."""
        if self._pipeline is None:
            self._pipeline = Pipeline()
        return self._pipeline

    def close(self) -> None:
        """Close the database."""
        self.store.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self,
        paths: Iterable[str | Path],
        max_bytes: int = DEFAULT_MAX_BYTES,
        batch_size: int = 16,
        n_process: int = 1,
    ) -> Iterator[IngestOutcome]:
        """Read, extract and store every report under ``paths``, one outcome per input.

        Documents stream through extraction (spaCy parsing in ``n_process`` processes, in batches
        of the pipeline's own size) and are stored ``batch_size`` to a transaction, so memory stays
        flat however many there are.
        """
        documents = read_documents([Path(p) for p in paths], max_bytes)
        yield from self._ingest_items(documents, batch_size, self._local_extractor(n_process))

    def ingest_dask(
        self,
        paths: Iterable[str | Path],
        address: str,
        max_bytes: int = DEFAULT_MAX_BYTES,
        partition_size: int = 32,
    ) -> Iterator[IngestOutcome]:
        """Like :meth:`ingest`, extracting on the Dask cluster at ``address``.

        ``address`` is ``local:N`` (a LocalCluster of N worker processes, started and stopped here)
        or ``tcp://HOST:PORT`` (an existing scheduler; its workers need warledger installed). Workers
        extract partitions of ``partition_size`` documents; this process alone stores them, in
        input order, so the ledger ends up exactly as a single-process ingest leaves it.
        """
        # Importing distributed takes a second that plain ingests need not pay.
        from warledger.scale import ClusterAddress, DaskExtractor, connect

        cluster = ClusterAddress.parse(address)
        names = self._pipeline.names if self._pipeline else DEFAULT_COMPONENTS
        documents = read_documents([Path(p) for p in paths], max_bytes)
        with connect(cluster) as client:
            extractor = DaskExtractor(client, names, partition_size)
            yield from self._ingest_items(documents, partition_size, extractor.extract_many)

    def ingest_texts(
        self, texts: Iterable[str], report_date: date | None = None, batch_size: int = 16
    ) -> Iterator[IngestOutcome]:
        """Extract and store reports given as text, all reported on ``report_date``."""
        yield from self._ingest_items((_text_document(t, report_date) for t in texts), batch_size)

    def _ingest_items(
        self, items: Iterable[Document | InputError], batch_size: int, extract: Extract | None = None
    ) -> Iterator[IngestOutcome]:
        """Extract the new documents among ``items`` as one stream, ``batch_size`` per transaction."""
        extract = extract or self._local_extractor()
        # Failures and skips met while extraction reads ahead, reported before the next batch.
        waiting: deque[IngestOutcome] = deque()
        in_flight: set[str] = set()

        def new_documents() -> Iterator[Document]:
            for item in items:
                if isinstance(item, InputError):
                    waiting.append(IngestOutcome(Status.FAILED, item.source, reason=item.reason))
                elif item.id in in_flight or self.store.has_document(item.id):
                    waiting.append(IngestOutcome(Status.SKIPPED, item.origin or item.id, item.id))
                else:
                    in_flight.add(item.id)
                    yield item

        stored = 0
        extractions = iter(extract(new_documents()))
        while batch := list(islice(extractions, batch_size)):
            yield from _drain(waiting)
            for extraction, new in zip(batch, self.store.save_many(batch), strict=True):
                # Once stored, has_document answers for it: the set holds only unsaved documents.
                in_flight.discard(extraction.document.id)
                stored += new
                yield IngestOutcome(
                    Status.STORED if new else Status.SKIPPED,
                    extraction.document.origin or extraction.document.id,
                    extraction.document.id,
                    len(extraction.events) if new else 0,
                )
        yield from _drain(waiting)
        if stored:
            self.resolve()

    def _local_extractor(self, n_process: int = 1) -> Extract:
        """This process's pipeline as an extract function; spaCy loads only once a document needs it."""

        def extract(documents: Iterable[Document]) -> Iterator[Extraction]:
            stream = iter(documents)
            first = next(stream, None)
            if first is not None:
                yield from self.pipeline.extract_many(chain([first], stream), n_process=n_process)

        return extract

    def ingest_report(
        self,
        text: str,
        date: date | None = None,
        title: str | None = None,
        url: str | None = None,
        publisher: str | None = None,
        origin: str = "api",
    ) -> IngestOutcome:
        """Extract and store one report given as text; raises the InputError that refuses it."""
        document = read_text(text, date=date, title=title, url=url, publisher=publisher, origin=origin)
        (outcome,) = self._ingest_items([document], batch_size=1)
        return outcome

    def events(self, **filters: object) -> list[Event]:
        """Events matching the filters, by date (see :meth:`EventFilter.create` for every filter).

        Filters: type, actor, place, modality, since, until, doc, limit, weapon, weapon_origin,
        admin1, country, bbox ("minlon,minlat,maxlon,maxlat"), corroboration, has_coordinates,
        sort ("date" or "-date").
        """
        return self.store.events(EventFilter.create(**filters))  # type: ignore[arg-type]

    def event_page(self, size: int = 100, **filters: object) -> EventPage:
        """One page of at most ``size`` matching events; pass its next_cursor as ``cursor`` to go on."""
        return self.store.event_page(EventFilter.create(**filters), size)  # type: ignore[arg-type]

    def event(self, event_id: str) -> Event:
        """One event by id, with every field and its provenance."""
        return self.store.event(event_id)

    def claims(self, doc: str | None = None, event: str | None = None) -> list[Claim]:
        """Attributed claims, optionally of one document or supporting one event."""
        return self.store.claims(doc=doc, event=event)

    def documents(self, limit: int | None = None) -> list[Document]:
        """Stored documents in report-date order."""
        return self.store.documents(limit=limit)

    def document(self, doc_id: str) -> Document:
        """One stored document by id."""
        return self.store.document(doc_id)

    def sentence(self, doc_id: str, index: int) -> Sentence:
        """One sentence of a stored document."""
        return self.store.sentence(doc_id, index)

    def summary(self) -> Summary:
        """Counts of documents, events by type, claims and sources."""
        return self.store.summary()

    def mentions(self, doc_id: str) -> list[Mention]:
        """Every mention (actor, weapon, place, date, quantity, source) found in a stored document."""
        self.store.document(doc_id)
        return self.store.mentions(doc_id)

    def actors(self) -> list[ActorCount]:
        """Every actor taking part in an event, with its number of events."""
        return self.store.actors()

    def places(self) -> list[PlaceCount]:
        """Every event location, with its number of events."""
        return self.store.places()

    def events_by_day(self) -> list[DayCount]:
        """Events dated to one day, counted per day and type."""
        return self.store.events_by_day()

    def export(self, format: str, path: str | Path) -> Exported:
        """Write the whole ledger to ``path`` as csv, geojson, parquet, graphml or datasette.

        Refuses (OutputError) to overwrite anything; see :mod:`warledger.store.export` for layouts.
        """
        return export_ledger(self.store, format, path)

    def reports(self, event_id: str) -> list[Report]:
        """The other reports of the same real-world event, once `warledger resolve` has run."""
        self.store.event(event_id)
        try:
            canonical = canonical_event(self.store.connection, event_id)
        except NotFoundError:
            return []
        return [report for report in canonical.reports if report.event_id != event_id]

    # -- across documents --------------------------------------------------------------------

    def resolve(self, full: bool = False) -> ResolveSummary:
        """Group near-duplicate documents into stories, merge reports of one event, and record
        each event's corroboration status.

        Only what changed since the last resolve is recomputed, with the result a full rebuild
        (``full=True``) gives.
        """
        summary = resolve_events(self.store.connection, full)
        record_corroboration(self.store.connection, full)
        return summary

    def merged_events(self, **filters: object) -> list[CanonicalEvent]:
        """Real-world events (each with every report of it) whose reports match the filters."""
        selection = EventFilter.create(**filters)  # type: ignore[arg-type]
        matching = set(self.store.event_ids(selection))
        found = [
            event for event in canonical_events(self.store.connection, replace(selection, limit=None))
            if any(report.event_id in matching for report in event.reports)
        ]
        return found[: selection.limit] if selection.limit else found

    def merged_event(self, event_id: str) -> CanonicalEvent:
        """The real-world event a canonical id or any of its report event ids stands for."""
        return canonical_event(self.store.connection, event_id)

    def contradicted(self) -> list[ContradictedClaim]:
        """Fields of real-world events on which independent sources conflict."""
        return contradicted_claims(self.store.connection)

    def stories(self, min_documents: int = 2) -> list[Story]:
        """Near-duplicate documents (reprints, lightly edited copies) grouped as stories."""
        return stories(self.store.connection, min_documents=min_documents)

    def split(self, event_id: str) -> ResolveSummary:
        """Take one report out of the real-world event it was merged into (kept across re-ingest)."""
        summary = split_event(self.store.connection, event_id)
        record_corroboration(self.store.connection)
        return summary

    def merge(self, first: str, second: str) -> ResolveSummary:
        """Merge two real-world events (or reports) into one (kept across re-ingest)."""
        held = {row.canonical for row in member_of(self.store.connection, first)}
        if held and held == {row.canonical for row in member_of(self.store.connection, second)}:
            # Recording it would add an override that changes nothing but still counts as one.
            raise InputError(f"{first} and {second}", f"are already one real-world event, {held.pop()}")
        summary = merge_events(self.store.connection, first, second)
        record_corroboration(self.store.connection)
        return summary


def _drain(waiting: deque[IngestOutcome]) -> Iterator[IngestOutcome]:
    """Every outcome waiting in the queue, emptying it."""
    while waiting:
        yield waiting.popleft()


def _text_document(text: str, report_date: date | None) -> Document | InputError:
    """A report given as text, or the error that says why it is not one."""
    try:
        return read_text(text, date=report_date, origin="text")
    except InputError as error:
        return error
