"""Shared fixtures: the real spaCy pipeline and a helper that runs named extractors over a text."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from functools import cache

import pytest
import uvicorn

from warledger.extract.pipeline import DEFAULT_COMPONENTS, Pipeline
from warledger.model import Document, Extraction

ExtractFn = Callable[..., Extraction]


@cache
def _pipeline(components: tuple[str, ...]) -> Pipeline:
    return Pipeline(components)


def run_extractors(
    text: str,
    components: Sequence[str] = DEFAULT_COMPONENTS,
    report_date: date | str | None = None,
) -> Extraction:
    """Run the named extractors (in pipeline order) over ``text`` reported on ``report_date``."""
    if isinstance(report_date, str):
        report_date = date.fromisoformat(report_date)
    ordered = tuple(name for name in DEFAULT_COMPONENTS if name in components)
    return _pipeline(ordered).extract(Document.create(text, date=report_date))


@pytest.fixture(scope="session")
def extract() -> ExtractFn:
    """``extract(text, components=..., report_date=...)`` -> the Extraction of that text."""
    return run_extractors


@contextmanager
def serving(app: object) -> Iterator[str]:
    """Serve an ASGI app from a background uvicorn thread on a free loopback port; yields its URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # Accepted connections inherit it; without it keep-alive requests wait on delayed ACKs (~40 ms).
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start within 15 s"
        time.sleep(0.02)
    host, port = sock.getsockname()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="session")
def serve() -> Callable[[object], AbstractContextManager[str]]:
    """``with serve(app) as url:`` runs the app on loopback for the block."""
    return serving
