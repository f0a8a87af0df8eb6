"""The command line: parses arguments, calls one Ledger method, prints the result."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from warledger.errors import EvaluationError, NotFoundError, WarledgerError
from warledger.evaluate import SCORERS, evaluate, flatten_figures
from warledger.ingest import DEFAULT_MAX_BYTES, STDIN
from warledger.ledger import DEFAULT_DB, Ledger, Status
from warledger.model import Event, Sentence, Span
from warledger.resolve.claims import CanonicalEvent
from warledger.serialize import canonical_dict, claim_dict, event_dict, field_claims_dict
from warledger.store.export import ExportFormat

# sysexits.h EX_SOFTWARE: set apart from the exit codes of bad input (2), store (3) and not found (4).
INTERNAL_ERROR_EXIT = 70

console = Console()
errors = Console(stderr=True)

db_option = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=DEFAULT_DB,
    show_default=True,
    help="The ledger database file.",
)


def _existing_ledger(db: Path) -> Ledger:
    """The ledger at ``db`` for a command that reads or edits one, refusing a path that holds none.

    Opening creates the file, so a mistyped --db would otherwise show an empty, new ledger.
    """
    if not db.exists():
        raise NotFoundError(f"{db}: no ledger there; fill one with `warledger ingest PATHS --db {db}`")
    return Ledger(db)


class WarledgerGroup(click.Group):
    """Maps warledger's typed errors, once, to a one-line message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WarledgerError as exc:
            errors.print(f"[red]error:[/red] {escape(str(exc))}", soft_wrap=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            errors.print("interrupted: everything stored so far is kept; run the command again to go on")
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            # A bug, not bad input: still one line (writes are transactions, so nothing stored is lost);
            # the traceback is for whoever fixes it.
            if os.environ.get("WARLEDGER_DEBUG"):
                raise
            errors.print(
                f"[red]internal error:[/red] {escape(type(exc).__name__)}: {escape(str(exc))}; nothing stored is "
                "lost; run again with WARLEDGER_DEBUG=1 for the traceback and report it",
                soft_wrap=True,
            )
            sys.exit(INTERNAL_ERROR_EXIT)


@click.group(cls=WarledgerGroup)
@click.version_option(package_name="warledger")
def main() -> None:
    """warledger: reporting on armed conflict as a sourced, structured, queryable record."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@db_option
@click.option("--dask", "dask_address", metavar="local:N|tcp://HOST:PORT",
              help="Extract on Dask: N local worker processes, or the workers of an existing scheduler.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True,
              help="Refuse a file (text, HTML, feed), a JSONL/CSV record or standard input larger than this.")
def ingest(paths: tuple[Path, ...], db: Path, dask_address: str | None, max_bytes: int) -> None:
    """Read, extract and store the reports in PATHS (files or directories; - reads standard input)."""
    if any(str(path) == STDIN for path in paths) and sys.stdin.isatty():
        errors.print("reading one report from standard input; end it with Ctrl-D")
    counts: Counter[Status] = Counter()
    with Ledger(db) as ledger, Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("[green]{task.fields[stored]} stored[/] · {task.fields[skipped]} skipped · "
                   "[red]{task.fields[failed]} failed[/]"),
        TimeElapsedColumn(),
        console=errors,
        transient=True,
        # Off a terminal the live display only leaves a blank line in logs and pipes.
        disable=not errors.is_terminal,
    ) as progress:
        task = progress.add_task("ingesting", stored=0, skipped=0, failed=0)
        outcomes = (
            ledger.ingest_dask(paths, dask_address, max_bytes) if dask_address else ledger.ingest(paths, max_bytes)
        )
        for outcome in outcomes:
            counts[outcome.status] += 1
            if outcome.status is Status.FAILED:
                progress.console.print(f"[red]error:[/red] {escape(outcome.input)}: {escape(outcome.reason or '')}",
                                       soft_wrap=True)
            progress.update(
                task,
                description=f"ingesting {escape(Path(outcome.input).name)}",
                stored=counts[Status.STORED],
                skipped=counts[Status.SKIPPED],
                failed=counts[Status.FAILED],
            )
    console.print(
        f"{counts[Status.STORED]} stored, {counts[Status.SKIPPED]} already in the ledger, "
        f"{counts[Status.FAILED]} failed -> {escape(str(db))}",
        soft_wrap=True,
    )
    if counts[Status.FAILED] and not (counts[Status.STORED] or counts[Status.SKIPPED]):
        sys.exit(2)


@main.command()
@click.option("--type", "event_type", help="attack, arms_transfer, statement, accusation, denial, cooperation, invasion.")
@click.option("--actor", help="An actor taking part (name or alias, any case).")
@click.option("--place", help="A place, its first-level region or its country.")
@click.option("--modality", help="asserted, reported, potential or denied.")
@click.option("--since", help="Events on or after this day (YYYY-MM-DD).")
@click.option("--until", help="Events on or before this day (YYYY-MM-DD).")
@click.option("--limit", type=int, help="At most this many events.")
@click.option("--format", "output", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--merged/--reports", default=True, show_default=True,
              help="Real-world events with every report of them, or each report's own events.")
@db_option
def events(
    event_type: str | None,
    actor: str | None,
    place: str | None,
    modality: str | None,
    since: str | None,
    until: str | None,
    limit: int | None,
    output: str,
    merged: bool,
    db: Path,
) -> None:
    """List events (JSON: one event per line, each field with doc, start, end and text)."""
    filters = {"type": event_type, "actor": actor, "place": place, "modality": modality, "since": since,
               "until": until, "limit": limit}
    with _existing_ledger(db) as ledger:
        if merged:
            _print_merged(ledger, ledger.merged_events(**filters), output)
            return
        found = ledger.events(**filters)
    if output == "json":
        for event in found:
            click.echo(json.dumps(event_dict(event), ensure_ascii=False))
    elif output == "csv":
        _write_csv(found)
    else:
        _print_table(found)


def _print_merged(ledger: Ledger, found: list[CanonicalEvent], output: str) -> None:
    """Real-world events as JSON lines (with each report's own event), CSV or a table."""
    if output == "json":
        for event in found:
            line = canonical_dict(event)
            line["report_events"] = [event_dict(ledger.event(r.event_id)) for r in event.reports]
            click.echo(json.dumps(line, ensure_ascii=False))
        return
    rows = [
        (
            event.id,
            event.type,
            " – ".join(sorted({d for d in (event.date_start, event.date_end) if d})),
            str(len(event.reports)),
            "; ".join(
                f"{f.role}={f.summary}" + ("" if f.status == "single" else f" ({f.status})") for f in event.fields
            ),
        )
        for event in found
    ]
    if output == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "type", "date", "reports", "fields", "provenance"])
        for row, event in zip(rows, found, strict=True):
            provenance = [[v.report.doc, f.role, v.field.span.start, v.field.span.end] for f in event.fields for v in f.values]
            writer.writerow([*row, json.dumps(provenance)])
        return
    table = Table(title=f"{len(found)} real-world events (`--reports` lists each report's own)")
    for column in ("id", "type", "date", "reports", "fields"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    console.print(table)


def _field_summary(event: Event) -> dict[str, str]:
    """Role -> the values of that role, joined, for one-line displays."""
    roles: dict[str, list[str]] = {}
    for f in event.fields:
        roles.setdefault(f.role, []).append(f"{f.hedge} {f.value}" if f.hedge else f.value)
    return {role: "; ".join(values) for role, values in roles.items()}


def _write_csv(found: list[Event]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(["id", "type", "modality", "doc", "sentence", "source", "fields", "provenance"])
    for event in found:
        writer.writerow([
            event.id,
            event.type.value,
            event.modality.value,
            event.doc,
            event.sentence,
            event.source.name if event.source else "",
            json.dumps(_field_summary(event), ensure_ascii=False),
            json.dumps([[f.role, f.span.start, f.span.end] for f in event.fields]),
        ])


def _print_table(found: list[Event]) -> None:
    table = Table(title=f"{len(found)} events", show_lines=False)
    for column in ("id", "type", "modality", "fields", "source"):
        table.add_column(column, overflow="fold")
    for event in found:
        fields = ", ".join(f"{role}={value}" for role, value in _field_summary(event).items())
        table.add_row(
            event.id, event.type.value, event.modality.value, escape(fields),
            escape(event.source.name) if event.source else "",
        )
    console.print(table)


@main.command()
@click.argument("event_id")
@db_option
def show(event_id: str, db: Path) -> None:
    """Show an event: each field, its value, and the sentence with the supporting span marked.

    EVENT_ID is a real-world event (``ce...``: every report, why they were merged, each field's
    values by source) or one report's event (``DOC:eN``).
    """
    with _existing_ledger(db) as ledger:
        if ":" not in event_id:  # report events are DOC:eN; a document id may itself start with "ce"
            _show_merged(ledger, ledger.merged_event(event_id))
            return
        event = ledger.event(event_id)
        document = ledger.document(event.doc)
        console.print(f"[bold]{escape(event.id)}[/bold]  {event.type.value} ({event.modality.value})"
                      + ("  [dim]aggregate of several strikes[/dim]" if event.aggregate else ""))
        console.print(f"document {event.doc}" + (f", reported {document.date}" if document.date else "")
                      + (f", {escape(document.publisher)}" if document.publisher else ""))
        if event.source:
            source = event.source
            who = ", ".join(escape(x) for x in (source.name, source.role, source.organisation) if x)
            console.print(f"said by: {who}" + (f" (in {escape(source.venue)})" if source.venue else ""))
        rows = [("trigger", event.trigger.text, event.trigger)] + [
            (f.role, f"{f.hedge} {f.value}" if f.hedge else f.value, f.span) for f in event.fields
        ]
        sentences = {span.sentence: ledger.sentence(event.doc, span.sentence) for _, _, span in rows}
        try:
            merged: CanonicalEvent | None = ledger.merged_event(event.id)
        except NotFoundError:
            merged = None  # the ledger was not resolved yet: `warledger resolve`
    for role, value, span in rows:
        console.print(f"\n[bold]{role}[/bold]: {escape(value)}  [dim]chars {span.start}-{span.end}[/dim]")
        console.print("  " + _marked(sentences[span.sentence], span), soft_wrap=True)
    if merged is not None and len(merged.reports) > 1:
        console.print(f"\none of {len(merged.reports)} reports of real-world event {merged.id}: "
                      f"`warledger show {merged.id}`")


def _show_merged(ledger: Ledger, event: CanonicalEvent) -> None:
    """A real-world event: its reports with why each was merged, then every field's values by source."""
    dates = " – ".join(sorted({d for d in (event.date_start, event.date_end) if d})) or "undated"
    console.print(f"[bold]{event.id}[/bold]  {event.type}, {dates}"
                  + ("  [dim]aggregate of several strikes[/dim]" if event.aggregate else ""))
    console.print(f"\n[bold]{len(event.reports)} reports[/bold]")
    for report in event.reports:
        console.print(f"  {escape(report.event_id)}  {escape(report.source)}"
                      + (f", {report.report_date}" if report.report_date else "")
                      + f"  [dim]story {escape(report.story)}; merged because: {escape(', '.join(report.reasons))}[/dim]")
    for denial in event.denials:
        console.print(f"  [red]denied[/red] by {escape(denial)}")
    for claims in event.fields:
        status = {"contradicted": "[red]contradicted[/red]", "corroborated": "[green]corroborated[/green]"}.get(
            claims.status, "one source"
        )
        console.print(f"\n[bold]{claims.role}[/bold]: {escape(claims.summary)}  ({status})")
        for value in claims.values:
            span = value.field.span
            sentence = ledger.sentence(span.doc, span.sentence)
            said = f", said by {escape(value.attributed_to)}" if value.attributed_to else ""
            console.print(f"  {escape(value.value)} — {escape(value.report.source)}{said}")
            console.print("    " + _marked(sentence, span), soft_wrap=True)
    if event.includes:
        console.print(f"\nincludes the strikes {', '.join(event.includes)}")
    if event.included_in:
        console.print(f"\ncounted in the aggregate {', '.join(event.included_in)}")


def _marked(sentence: Sentence, span: Span) -> str:
    """The sentence in rich markup with the span highlighted and set off by ⟦ ⟧."""
    text = sentence.text
    start = max(0, span.start - sentence.start)
    end = min(len(text), span.end - sentence.start)
    return (
        f"“{escape(text[:start])}[reverse]⟦{escape(text[start:end])}⟧[/reverse]{escape(text[end:])}”"
    )


@main.command()
@db_option
def summary(db: Path) -> None:
    """Print what the ledger holds: documents, events by type, claims and sources."""
    with _existing_ledger(db) as ledger:
        counts = ledger.summary()
    table = Table(title=f"warledger summary: {escape(str(db))}", show_header=False)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("documents", str(counts.documents))
    table.add_row("sentences", str(counts.sentences))
    table.add_row("real-world events", str(counts.real_world_events))
    table.add_row("report events", str(counts.events))
    for event_type, n in counts.events_by_type.items():
        table.add_row(f"  type: {event_type}", str(n))
    for modality, n in counts.events_by_modality.items():
        table.add_row(f"  modality: {modality}", str(n))
    table.add_row("claims", str(counts.claims))
    table.add_row("sources", str(counts.sources))
    for kind, n in counts.mentions_by_kind.items():
        table.add_row(f"mentions: {kind}", str(n))
    console.print(table)


@main.command()
@db_option
def resolve(db: Path) -> None:
    """Group near-duplicate documents into stories and merge reports of one event (ingest runs it too)."""
    with _existing_ledger(db) as ledger:
        done = ledger.resolve()
    console.print(
        f"{done.events} report events -> {done.canonical} real-world events ({done.merged} merged, "
        f"{done.aggregate_links} aggregate links, {done.overrides} analyst overrides kept)"
    )


@main.command()
@click.option("--contradicted", is_flag=True, help="Only fields on which independent sources conflict.")
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
@db_option
def claims(contradicted: bool, output: str, db: Path) -> None:
    """List attributed claims, or with --contradicted the event fields sources disagree on."""
    with _existing_ledger(db) as ledger:
        if contradicted:
            conflicts = ledger.contradicted()
            if output == "json":
                for conflict in conflicts:
                    click.echo(json.dumps({"event": conflict.event_id, **field_claims_dict(conflict.claims)},
                                          ensure_ascii=False))
                return
            table = Table(title=f"{len(conflicts)} contradicted fields")
            for column in ("event", "field", "range", "values by source"):
                table.add_column(column, overflow="fold")
            for conflict in conflicts:
                latest = "; ".join(f"{source}: {v.value}" for source, v in conflict.claims.latest.items())
                table.add_row(conflict.event_id, conflict.claims.role, escape(conflict.claims.summary), escape(latest))
            console.print(table)
            return
        found = ledger.claims()
    if output == "json":
        for claim in found:
            click.echo(json.dumps(claim_dict(claim), ensure_ascii=False))
        return
    table = Table(title=f"{len(found)} claims")
    for column in ("id", "source", "cue", "content", "modality"):
        table.add_column(column, overflow="fold")
    for claim in found:
        table.add_row(claim.id, escape(claim.source.name), escape(claim.cue.text), escape(claim.content.text),
                      claim.modality.value)
    console.print(table)


@main.command()
@db_option
def stories(db: Path) -> None:
    """List stories: documents that are reprints or lightly edited copies of one another."""
    with _existing_ledger(db) as ledger:
        found = ledger.stories()
    table = Table(title=f"{len(found)} stories with more than one document")
    for column in ("story", "documents", "publishers", "dates"):
        table.add_column(column, overflow="fold")
    for story in found:
        table.add_row(story.id, "\n".join(story.doc_ids), escape(", ".join(p for p in story.publishers if p)),
                      ", ".join(str(d) for d in story.dates if d))
    console.print(table)


@main.command()
@click.argument("event_id")
@db_option
def split(event_id: str, db: Path) -> None:
    """Take report event EVENT_ID out of the real-world event it was merged into (kept on re-ingest)."""
    with _existing_ledger(db) as ledger:
        done = ledger.split(event_id)
    console.print(f"split {escape(event_id)}: {done.canonical} real-world events, {done.overrides} overrides kept")


@main.command()
@click.argument("first")
@click.argument("second")
@db_option
def merge(first: str, second: str, db: Path) -> None:
    """Merge two real-world events (or reports) into one (kept on re-ingest)."""
    with _existing_ledger(db) as ledger:
        done = ledger.merge(first, second)
    console.print(f"merged {escape(first)} and {escape(second)}: {done.canonical} real-world events, {done.overrides} overrides kept")


@main.command("eval")
@click.argument("set_name", metavar="SET", type=click.Choice(list(SCORERS)))
@click.option("--data", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The evaluation file (e.g. ../shared/eval/timex/dev.jsonl).")
@click.option("--limit", type=int, help="Score only the first N documents.")
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True)
def evaluate_set(set_name: str, data: Path, limit: int | None, output: str) -> None:
    """Score the extraction pipeline on an evaluation set coded by others."""
    # A spinner on stderr while it runs (some sets take minutes); stdout stays the report alone.
    with errors.status(f"scoring {set_name} on {escape(str(data))}"):
        report = evaluate(set_name, data, limit)
    if not report.documents:
        raise EvaluationError(f"{data}: holds no {set_name} documents to score")
    if output == "json":
        click.echo(json.dumps(report.as_json(), ensure_ascii=False))
        return
    table = Table(title=f"{report.set}: {report.documents} documents in {report.seconds:.1f} s")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for name, value in flatten_figures(report.figures):
        table.add_row(name, f"{value:.3f}" if isinstance(value, float) else str(value))
    console.print(table)
    if report.counts:
        console.print("counts: " + escape(json.dumps(report.counts, ensure_ascii=False)), soft_wrap=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="The port to listen on.")
@click.option("--token", envvar="WARLEDGER_TOKEN", help="Bearer token that POST /api/documents must carry "
              "(default: WARLEDGER_TOKEN); without one the server refuses writes.")
@db_option
def serve(host: str, port: int, token: str | None, db: Path) -> None:
    """Serve the HTTP API (/api, /openapi.json) and the dashboard at http://HOST:PORT/.

    Without a token the ledger at --db must exist; with one a new ledger is made there.
    """
    from warledger.api import serve as serve_api

    if not token:
        # Without a token nothing can ever be written, so a new ledger would stay empty.
        _existing_ledger(db).close()
    serve_api(db, host=host, port=port, token=token)


@main.command("export")
@click.argument("out", type=click.Path(path_type=Path))
@click.option("--format", "output", type=click.Choice([f.value for f in ExportFormat]), required=True,
              help="csv (Excel), geojson (QGIS), parquet (a directory of tables), graphml (Gephi), "
                   "datasette (SQLite plus STEM.metadata.json beside it).")
@db_option
def export_ledger(out: Path, output: str, db: Path) -> None:
    """Write the whole ledger to OUT, which must not exist yet."""
    with _existing_ledger(db) as ledger:
        exported = ledger.export(output, out)
    console.print(f"{exported.records} {exported.unit} -> " + ", ".join(escape(str(p)) for p in exported.paths))


if __name__ == "__main__":
    main()
