"""How requests reach the ledger: a connection per request, one shared pipeline, the write token.

SQLite connections belong to the thread that opened them and FastAPI runs sync endpoints in a
thread pool, so each pool thread opens the ledger once, on its first request, and keeps it
(opening a current ledger writes nothing but re-runs the idempotent schema script, about a
millisecond of CPU, and a kept connection keeps its page cache). Extraction is serialised
because one spaCy pipeline is shared by every request.
"""

from __future__ import annotations

import hmac
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from warledger.errors import CredentialsError, WritesDisabledError
from warledger.extract.pipeline import Pipeline
from warledger.ledger import Ledger

bearer = HTTPBearer(auto_error=False, description="The token given to `warledger serve --token` or WARLEDGER_TOKEN.")


class LedgerAccess:
    """Opens the ledger for a request and runs ingests one at a time."""

    def __init__(self, path: Path, token: str | None) -> None:
        self.path = path
        self.token = token
        self._pipeline: Pipeline | None = None
        self._ingest_lock = threading.Lock()
        self._local = threading.local()
        # Refuse a path that is not a ledger at start-up rather than on the first request.
        Ledger(self.path).close()

    @contextmanager
    def open(self) -> Iterator[Ledger]:
        """The ledger of the calling thread, opened on the thread's first request."""
        ledger: Ledger | None = getattr(self._local, "ledger", None)
        if ledger is None:
            ledger = self._local.ledger = Ledger(self.path)
        yield ledger

    @contextmanager
    def writing(self) -> Iterator[Ledger]:
        """The ledger with the shared extraction pipeline, held by one writer at a time."""
        with self._ingest_lock:
            if self._pipeline is None:
                self._pipeline = Pipeline()
            with Ledger(self.path, pipeline=self._pipeline) as ledger:
                yield ledger

    def check_token(self, credentials: HTTPAuthorizationCredentials | None) -> None:
        """Refuse a write unless the server has a token and the request carries it."""
        if not self.token:
            raise WritesDisabledError(
                "this server accepts no writes: start it with `warledger serve --token TOKEN` "
                "or set WARLEDGER_TOKEN, then send `Authorization: Bearer TOKEN`"
            )
        given = credentials.credentials if credentials else ""
        if not hmac.compare_digest(given.encode("utf-8"), self.token.encode("utf-8")):
            raise CredentialsError(
                "a valid bearer token is required: send `Authorization: Bearer TOKEN` "
                "with the token the server was started with"
            )


def ledgers(request: Request) -> LedgerAccess:
    """The app's ledger access (a FastAPI dependency)."""
    access: LedgerAccess = request.app.state.ledgers
    return access


def writer(
    access: LedgerAccess = Depends(ledgers),
    credentials: HTTPAuthorizationCredentials | None = Depends(bearer),
) -> LedgerAccess:
    """The ledger access, once the request's bearer token is checked (a FastAPI dependency)."""
    access.check_token(credentials)
    return access
