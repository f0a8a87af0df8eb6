"""The FastAPI application: the /api routes, one error mapping, and the dashboard at /."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from warledger.api.access import LedgerAccess
from warledger.api.errors import BodyLimit, install_error_handlers
from warledger.api.routes import router

MAX_BODY_BYTES = 2 * 1024 * 1024


class HeadAsGet:
    """Answers HEAD on /api as GET: FastAPI routes only the methods declared, and the dashboard
    mounted at / would answer 404 for a route that exists. The server sends no body for HEAD.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "HEAD" and scope["path"].startswith("/api/"):
            scope = {**scope, "method": "GET"}
        await self.app(scope, receive, send)


def static_dir() -> Path:
    """Where the dashboard's built files live (src/warledger/web/static)."""
    return Path(str(resources.files("warledger.web").joinpath("static")))


def create_app(db_path: str | Path, token: str | None = None, max_body_bytes: int = MAX_BODY_BYTES) -> FastAPI:
    """The HTTP API over the ledger at ``db_path``; writes need ``token`` as a bearer token."""
    app = FastAPI(
        title="warledger",
        summary="Reporting on armed conflict as a sourced, structured, queryable record.",
        version="0.1.0",
    )
    app.state.ledgers = LedgerAccess(Path(db_path), token or None)
    install_error_handlers(app)
    app.include_router(router)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(HeadAsGet)
    dashboard = static_dir()
    if dashboard.is_dir():
        app.mount("/", StaticFiles(directory=dashboard, html=True), name="dashboard")
    return app
