"""What the browser tests share: paths, Chromium's flags, the hostile report, and small
helpers over the served dashboard and a browser tab.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "examples" / "corpus"
VENDOR = ROOT / "src" / "warledger" / "web" / "static" / "vendor"
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1440, "height": 900}

IMG_MARKUP = "<img src=x onerror=alert(1)>"
SCRIPT_MARKUP = "<script>alert(1)</script>"
# A report whose title and text carry markup: the dashboard must show it as characters.
HOSTILE_TITLE = f"Kharkiv strike {SCRIPT_MARKUP}"
# The siren emoji lies outside the BMP: offsets after it differ between code points and UTF-16.
HOSTILE_TEXT = (
    "\N{POLICE CARS REVOLVING LIGHT} Russian forces struck Kharkiv with Shahed drones on Sunday, killing two people, in a strike that "
    f"a channel captioned {IMG_MARKUP} and {SCRIPT_MARKUP} in its post.\n"
    "The regional governor said rescuers were still searching the rubble."
)


@dataclass(frozen=True)
class Dashboard:
    """The served dashboard: its address, an HTTP client of its API, and the hostile report's id."""

    url: str
    api: httpx.Client
    hostile_doc: str

    def count(self, **filters: str) -> int:
        """The API's count of events matching ``filters``."""
        response = self.api.get("/api/events", params={**filters, "limit": 1})
        response.raise_for_status()
        return response.json()["count"]


@dataclass
class Tab:
    """A page of the dashboard, with every dialog and script error it raised."""

    page: Page
    dialogs: list[str]
    errors: list[str]

    def open(self, url: str) -> None:
        """Load ``url`` and wait until every view has drawn the events."""
        self.page.goto(url)
        self.wait_ready()

    def wait_ready(self) -> None:
        """Wait until the last refresh of the views has finished."""
        self.page.wait_for_selector("body[data-state=ready]", timeout=20_000)

    def markers(self) -> int:
        """The number of event markers on the map."""
        return self.page.locator("path.event-marker").count()

    def screenshot(self, name: str, selector: str | None = None) -> Path:
        """Save the page (or one element of it) to build/screenshots/NAME.png."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        target = self.page.locator(selector) if selector else self.page
        target.screenshot(path=str(path))
        return path


@contextmanager
def new_tab(browser: Browser) -> Iterator[Tab]:
    """A fresh browser tab, dismissing (and recording) any dialog and recording script errors."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    opened = Tab(page, [], [])
    page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("pageerror", lambda error: opened.errors.append(str(error)))
    try:
        yield opened
    finally:
        context.close()
