"""A ledger of a few reports written for these tests, served over real HTTP on loopback.

Each server runs uvicorn in a background thread on a socket bound to a free 127.0.0.1 port.
The read-only server has no token (so it refuses writes with 403); the writable one has a copy
of the ledger (an SQLite backup), so what tests post there never changes what the read tests see.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, closing
from datetime import date
from pathlib import Path

import httpx
import pytest

from warledger.api import create_app
from warledger.ledger import Ledger

TOKEN = "correct horse battery staple"

# (report date, publisher, text): each names its place, weapon and actors plainly.
REPORTS = [
    ("2024-03-18", "Kharkiv Daily",
     "Russian forces struck Kharkiv with Iskander-M ballistic missiles on Sunday, killing three civilians, "
     "the regional governor said."),
    ("2024-02-10", "Black Sea Wire",
     "Shahed-136 drones hit Odesa overnight, Ukraine's air force said. Two people were injured in the attack."),
    ("2023-06-01", "Berlin Post",
     "Germany delivered IRIS-T air defence systems to Ukraine on Wednesday, the German defence ministry said."),
    ("2024-01-06", "Border News",
     "Ukrainian forces shelled Belgorod on Friday, Russian officials said. Two people were killed."),
    ("2024-04-02", "Lviv Evening", "Russia fired Kalibr cruise missiles at Lviv on Monday, the mayor said."),
    ("2024-05-20", "Capital Notes", "The Kremlin said Russia would keep attacking Ukrainian energy facilities."),
]


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger holding the reports above."""
    path = tmp_path_factory.mktemp("api") / "ledger.db"
    with Ledger(path) as ledger:
        for day, publisher, text in REPORTS:
            ledger.ingest_report(text, date=date.fromisoformat(day), publisher=publisher)
    return path


@pytest.fixture(scope="session")
def base_url(corpus_db: Path, serve: Callable[[object], AbstractContextManager[str]]) -> Iterator[str]:
    """A server of the corpus ledger with no token configured."""
    with serve(create_app(corpus_db)) as url:
        yield url


@pytest.fixture(scope="session")
def writable_url(
    corpus_db: Path, tmp_path_factory: pytest.TempPathFactory, serve: Callable[[object], AbstractContextManager[str]]
) -> Iterator[str]:
    """A server of a copy of the corpus ledger that accepts writes carrying TOKEN."""
    copy = tmp_path_factory.mktemp("writable") / "ledger.db"
    with closing(sqlite3.connect(corpus_db)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    with serve(create_app(copy, token=TOKEN, max_body_bytes=64 * 1024)) as url:
        yield url


@pytest.fixture(scope="session")
def auth() -> dict[str, str]:
    """The header that lets a request write to the writable server."""
    return {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="session")
def api(base_url: str) -> Iterator[httpx.Client]:
    """An HTTP client of the read-only server."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def writable(writable_url: str) -> Iterator[httpx.Client]:
    """An HTTP client of the writable server."""
    with httpx.Client(base_url=writable_url, timeout=60) as client:
        yield client
