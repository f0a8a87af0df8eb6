"""The dashboard in a real browser: the sample corpus plus one hostile report, served by the real
app over loopback HTTP, driven by Playwright through Debian's Chromium (never a downloaded build).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, sync_playwright

from warledger.api import create_app
from warledger.ledger import Ledger
from warledger.resolve.events import resolve_events

from .pages import (
    CHROMIUM,
    CHROMIUM_ARGS,
    CORPUS,
    HOSTILE_TEXT,
    HOSTILE_TITLE,
    VENDOR,
    Dashboard,
    Tab,
    new_tab,
)


def _chromium() -> Path:
    """Debian's Chromium, installed with apt-get when it is missing and this process may do so."""
    if not CHROMIUM.exists() and os.geteuid() == 0 and shutil.which("apt-get"):
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "timeout": 900, "check": False}
        subprocess.run(["apt-get", "update", "-qq"], **quiet)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "chromium"], env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"}, **quiet
        )
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent and could not be installed with apt-get (run `make browser` as root)")
    return CHROMIUM


@pytest.fixture(scope="session")
def ledger_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus and the hostile report, ingested and resolved into one ledger."""
    if not (VENDOR / "leaflet.js").exists():
        pytest.fail(f"the dashboard's vendored assets are missing from {VENDOR}: run `make web`")
    path = tmp_path_factory.mktemp("web") / "ledger.db"
    with Ledger(path) as ledger:
        failed = [o for o in ledger.ingest([CORPUS]) if o.status == "failed"]
        assert not failed, failed
        ledger.ingest_report(HOSTILE_TEXT, date=date(2024, 3, 18), title=HOSTILE_TITLE, publisher="Test Wire")
        resolve_events(ledger.store.connection)
    return path


@pytest.fixture(scope="session")
def dashboard(ledger_db: Path, serve: Callable[[object], AbstractContextManager[str]]) -> Iterator[Dashboard]:
    """The real app serving the ledger from a background uvicorn thread on a free loopback port."""
    with Ledger(ledger_db) as ledger:
        hostile = next(d.id for d in ledger.documents() if d.title == HOSTILE_TITLE)
    with serve(create_app(ledger_db)) as url, httpx.Client(base_url=url, timeout=30) as api:
        yield Dashboard(url, api, hostile)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Chromium driven by Playwright (sync API)."""
    executable = _chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser: Browser, dashboard: Dashboard) -> Iterator[Tab]:
    """A fresh browser tab for a test of the dashboard, dismissing (and recording) any dialog."""
    with new_tab(browser) as opened:
        yield opened
