"""Each supported format, read through ``read_documents``: which documents and fields come out."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from warledger.errors import EmptyInputError, InputError, MalformedInputError
from warledger.ingest import read_documents, read_text
from warledger.model import Document

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_ec4af2fc4e64a94a.txt"

ARTICLE_PAGE = """<!DOCTYPE html>
<html><head><title>Depot hit near Zaporizhzhia | Frontline Daily</title>
<meta property="og:url" content="https://frontline.example/depot-hit">
<meta property="og:site_name" content="Frontline Daily">
<meta property="article:published_time" content="2024-02-11T06:30:00Z">
</head><body>
<nav><a href="/">Home</a> | <a href="/war">War</a> | <a href="/sport">Sport</a></nav>
<article><h1>Depot hit near Zaporizhzhia</h1>
<p>An ammunition depot near Zaporizhzhia burned for hours after an overnight strike, the regional
administration said on Sunday.</p>
<p>No casualties were reported, and the cause of the blaze is being investigated.</p></article>
<footer>Subscribe to our newsletter</footer>
</body></html>
"""

RSS_FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Border Monitor</title><link>https://monitor.example</link>
<item><title>Shelling in Sumy region</title><link>https://monitor.example/1</link>
<pubDate>Tue, 05 Mar 2024 18:00:00 GMT</pubDate>
<description>&lt;p&gt;Border villages in the &lt;b&gt;Sumy&lt;/b&gt; region
were shelled 40 times.&lt;/p&gt;
&lt;p&gt;Two houses were damaged.&lt;/p&gt;</description></item>
<item><title>Drone downed</title><link>https://monitor.example/2</link>
<pubDate>Wed, 06 Mar 2024 07:15:00 GMT</pubDate>
<description>Air defence downed a reconnaissance drone over Kharkiv.</description></item>
</channel></rss>
"""

ATOM_FEED = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Arms Trade Notes</title>
<entry><title>Shipment delivered</title><link href="https://notes.example/shipment"/>
<id>urn:notes:1</id><updated>2024-01-20T12:00:00Z</updated>
<content type="html">&lt;p&gt;A shipment of artillery shells reached the port.&lt;/p&gt;</content>
</entry></feed>
"""


def read_all(*paths: Path, max_bytes: int | None = None) -> list[Document | InputError]:
    """Everything ``read_documents`` yields for ``paths``, as a list."""
    if max_bytes is None:
        return list(read_documents(paths))
    return list(read_documents(paths, max_bytes=max_bytes))


def only_document(path: Path) -> Document:
    """The single document a file holds (fails the test on any error)."""
    [item] = read_all(path)
    assert isinstance(item, Document), item
    return item


def test_the_seed_report_reads_with_its_date_and_the_body_only() -> None:
    document = only_document(SEED)
    assert document.date == date(2024, 3, 18)
    assert document.text.startswith("Since the onset")
    assert document.origin == str(SEED)
    assert document.id == Document.content_id(document.text)


def test_header_lines_after_the_date_fill_title_publisher_and_url(tmp_path: Path) -> None:
    report = tmp_path / "kherson.txt"
    report.write_text(
        "date 2023-11-02\ntitle Ferry crossing shelled\npublisher River Watch\n"
        "url https://river.example/ferry\n\nA ferry crossing near Kherson was shelled at dawn.\n",
        encoding="utf-8",
    )
    document = only_document(report)
    assert (document.date, document.title, document.publisher, document.url) == (
        date(2023, 11, 2),
        "Ferry crossing shelled",
        "River Watch",
        "https://river.example/ferry",
    )
    assert document.text == "A ferry crossing near Kherson was shelled at dawn."


def test_a_text_without_header_has_no_date(tmp_path: Path) -> None:
    report = tmp_path / "note"
    report.write_text("\n  Two drones were shot down over Odesa.  \n", encoding="utf-8")
    document = only_document(report)
    assert (document.text, document.date) == ("Two drones were shot down over Odesa.", None)


def test_key_lines_not_closed_by_a_blank_line_belong_to_the_body(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    report.write_text("date 2024-01-01\ntitle deeds were burned in the raid.\n", encoding="utf-8")
    document = only_document(report)
    assert document.text == "title deeds were burned in the raid."
    assert document.title is None


def test_read_text_honours_the_header_and_lets_arguments_win() -> None:
    document = read_text(
        "date 2024-03-18 Rockets struck Kramatorsk.", title="Kramatorsk", origin="request#7"
    )
    assert (document.text, document.date, document.title, document.origin) == (
        "Rockets struck Kramatorsk.",
        date(2024, 3, 18),
        "Kramatorsk",
        "request#7",
    )
    assert read_text("date 2024-03-18 Rockets struck.", date=date(2024, 3, 19)).date == date(
        2024, 3, 19
    )


def test_read_text_of_blank_text_is_an_empty_input() -> None:
    with pytest.raises(EmptyInputError, match="no report text after the header"):
        read_text("  date 2024-03-18  \n\n")


def test_jsonl_records_become_documents_with_their_line_as_origin(tmp_path: Path) -> None:
    records = tmp_path / "wire.jsonl"
    records.write_text(
        json.dumps({"text": "Kyiv was attacked with ballistic missiles.", "date": "2024-01-02",
                    "title": "Kyiv attack", "publisher": "Wire", "url": "https://wire.example/k"})
        + "\n\n"
        + json.dumps({"text": "Lviv heard explosions.", "date": "2024-01-03T04:10:00+02:00"})
        + "\n",
        encoding="utf-8",
    )
    first, second = read_all(records)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.title, first.publisher, first.url, first.date) == (
        "Kyiv attack", "Wire", "https://wire.example/k", date(2024, 1, 2)
    )
    assert (second.date, second.origin) == (date(2024, 1, 3), f"{records}:3")


def test_csv_rows_become_documents_with_case_insensitive_columns(tmp_path: Path) -> None:
    table = tmp_path / "reports.csv"
    long_text = "Convoys were reported moving north. " * 6000  # above csv's default field limit
    table.write_text(
        'Date,TEXT,Publisher\n2024-02-01,"Shelling hit Nikopol, officials said.",Local Radio\n'
        f'2024-02-02,"{long_text}",\n',
        encoding="utf-8",
    )
    first, second = read_all(table)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert (first.text, first.date, first.publisher, first.origin) == (
        "Shelling hit Nikopol, officials said.", date(2024, 2, 1), "Local Radio", f"{table}#1"
    )
    assert (second.text, second.publisher) == (long_text.strip(), None)


def test_tsv_and_semicolon_separated_files_are_split_on_their_delimiter(tmp_path: Path) -> None:
    (tmp_path / "a.tsv").write_text("text\tdate\nTanks crossed; all returned.\t2024-04-04\n")
    (tmp_path / "b.csv").write_text("text;date\nArtillery duel near Bakhmut, again.;2024-04-05\n")
    texts = [item.text for item in read_all(tmp_path) if isinstance(item, Document)]
    assert texts == ["Tanks crossed; all returned.", "Artillery duel near Bakhmut, again."]


def test_html_gives_the_article_text_and_page_metadata(tmp_path: Path) -> None:
    page = tmp_path / "depot.html"
    page.write_text(ARTICLE_PAGE, encoding="utf-8")
    document = only_document(page)
    assert "ammunition depot near Zaporizhzhia burned" in document.text
    assert "Subscribe" not in document.text and "Sport" not in document.text
    assert (document.title, document.date, document.url, document.publisher) == (
        "Depot hit near Zaporizhzhia",
        date(2024, 2, 11),
        "https://frontline.example/depot-hit",
        "Frontline Daily",
    )


def test_rss_entries_become_documents_with_html_stripped(tmp_path: Path) -> None:
    feed = tmp_path / "monitor.rss"
    feed.write_text(RSS_FEED, encoding="utf-8")
    first, second = read_all(feed)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.text == (
        "Border villages in the Sumy region were shelled 40 times.\nTwo houses were damaged."
    )
    assert (first.title, first.url, first.date, first.publisher, first.origin) == (
        "Shelling in Sumy region", "https://monitor.example/1", date(2024, 3, 5),
        "Border Monitor", f"{feed}#1",
    )
    assert second.date == date(2024, 3, 6)


def test_atom_content_is_read_from_an_xml_file(tmp_path: Path) -> None:
    feed = tmp_path / "notes.xml"
    feed.write_text(ATOM_FEED, encoding="utf-8")
    document = only_document(feed)
    assert (document.text, document.url, document.date, document.publisher) == (
        "A shipment of artillery shells reached the port.",
        "https://notes.example/shipment",
        date(2024, 1, 20),
        "Arms Trade Notes",
    )


@pytest.mark.parametrize(
    ("content", "expected_title"),
    [(ARTICLE_PAGE, "Depot hit near Zaporizhzhia"), (ATOM_FEED, "Shipment delivered")],
)
def test_a_txt_file_holding_html_or_a_feed_is_read_as_such(
    tmp_path: Path, content: str, expected_title: str
) -> None:
    disguised = tmp_path / "download.txt"
    disguised.write_text(content, encoding="utf-8")
    assert only_document(disguised).title == expected_title


def test_a_file_without_extension_holding_json_lines_is_read_as_records(tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.write_text('{"text": "Mines were cleared near Izium."}\n{"text": 5}\n', encoding="utf-8")
    document, error = read_all(export)
    assert isinstance(document, Document) and document.origin == f"{export}:1"
    assert isinstance(error, MalformedInputError) and error.source == f"{export}:2"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_every_supported_encoding_decodes_apostrophes_and_accents(
    tmp_path: Path, encoding: str
) -> None:
    # Latin-1 has no curly apostrophe.
    body = "A café in Kherson." if encoding == "latin-1" else "Shells hit Kharkiv’s main café."
    report = tmp_path / "report.txt"
    report.write_bytes(f"date 2023-01-05\n\n{body}\n".encode(encoding))
    document = only_document(report)
    assert (document.text, document.date) == (body, date(2023, 1, 5))


def test_streamed_formats_decode_legacy_encodings_too(tmp_path: Path) -> None:
    table = tmp_path / "legacy.csv"
    table.write_bytes("text\nThe café near Kharkiv’s station was hit.\n".encode("cp1252"))
    assert only_document(table).text == "The café near Kharkiv’s station was hit."


def test_directories_are_walked_recursively_in_name_order_for_report_files(tmp_path: Path) -> None:
    names = ("b/2.txt", "b/10.txt", "a/z/1.txt", "c.txt", ".hidden/x.txt", "B.txt", "README.md")
    for name in names:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f"Report from {name}.", encoding="utf-8")
    origins = [item.origin for item in read_all(tmp_path) if isinstance(item, Document)]
    expected = ["B.txt", "a/z/1.txt", "b/10.txt", "b/2.txt", "c.txt"]
    assert origins == [str(tmp_path / name) for name in expected]
    assert origins == [item.origin for item in read_all(tmp_path)]
    assert only_document(tmp_path / "README.md").text == "Report from README.md."


def test_a_jsonl_file_over_the_limit_is_read_when_each_record_is_under_it(tmp_path: Path) -> None:
    records = tmp_path / "archive.jsonl"
    lines = [json.dumps({"text": f"Report {n}: a strike was recorded."}) for n in range(100)]
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_documents([records], max_bytes=200))
    assert records.stat().st_size > 200
    assert len(items) == 100 and all(isinstance(item, Document) for item in items)


def test_an_invalid_header_date_names_the_file_and_the_fix(tmp_path: Path) -> None:
    report = tmp_path / "bad.txt"
    report.write_text(" date 2024-02-30 Artillery fire was heard.", encoding="utf-8")
    [error] = read_all(report)
    assert isinstance(error, MalformedInputError)
    assert str(error) == (
        f"{report}: invalid date header '2024-02-30' (day is out of range for month); "
        "write it as YYYY-MM-DD"
    )
