"""`warledger serve`: the HTTP API and the dashboard under uvicorn."""

from __future__ import annotations

from pathlib import Path

import uvicorn

from warledger.api.app import create_app


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Serve the ledger at ``db_path`` on http://host:port/ until interrupted."""
    uvicorn.run(create_app(db_path, token), host=host, port=port, log_level="info")
