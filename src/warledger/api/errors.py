"""Every error the HTTP API returns, mapped once: ``{"error": code, "detail": message}``.

:data:`ERROR_STATUS` maps the :class:`WarledgerError` families to HTTP statuses; FastAPI's
validation errors become 400 (a bad query or path parameter) or 422 (a bad request body), and
Starlette's own HTTP errors (unknown route, wrong method) keep their status.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from warledger.errors import (
    ConfigError,
    CredentialsError,
    InputError,
    NotFoundError,
    StoreError,
    TooLargeError,
    WarledgerError,
    WritesDisabledError,
)

log = logging.getLogger("warledger.api")

# Most specific first: the first family an error belongs to decides its status.
ERROR_STATUS: tuple[tuple[type[WarledgerError], int, str], ...] = (
    (TooLargeError, 413, "too_large"),
    (InputError, 422, "invalid_input"),
    (ConfigError, 400, "bad_parameter"),
    (NotFoundError, 404, "not_found"),
    (CredentialsError, 401, "unauthorized"),
    (WritesDisabledError, 403, "writes_disabled"),
    (StoreError, 503, "store_unavailable"),
    (WarledgerError, 500, "error"),
)

HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed", 413: "too_large"}


def error_response(status: int, code: str, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    """The JSON body every error has."""
    return JSONResponse({"error": code, "detail": detail}, status_code=status, headers=headers)


def status_of(error: WarledgerError) -> tuple[int, str]:
    """The HTTP status and short code of a warledger error."""
    return next((status, code) for family, status, code in ERROR_STATUS if isinstance(error, family))


def install_error_handlers(app: FastAPI) -> None:
    """Register the one mapping of every error to a JSON response."""

    @app.exception_handler(WarledgerError)
    async def warledger_error(request: Request, error: WarledgerError) -> JSONResponse:
        status, code = status_of(error)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return error_response(status, code, str(error), headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        problems = error.errors()
        in_body = any(problem.get("loc", ("",))[0] == "body" for problem in problems)
        status, code = (422, "validation") if in_body else (400, "bad_parameter")
        return error_response(status, code, describe(problems))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        if error.status_code == 400 and request.method == "POST":
            # FastAPI's only 400 is a body it could not decode ("There was an error parsing the
            # body"): a bad body like any other, with what to send instead.
            return error_response(422, "validation", "body: not JSON text in UTF-8; send the report as a UTF-8 JSON object")
        return error_response(
            error.status_code, HTTP_CODES.get(error.status_code, "http_error"), str(error.detail),
            dict(error.headers) if error.headers else None,
        )

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, "internal", "unexpected server error; the server log has the details")


def describe(problems: Sequence[Any]) -> str:
    """One line per invalid parameter: where, and what is wrong with it."""
    lines = []
    for problem in problems:
        where = ".".join(str(part) for part in problem.get("loc", ()))
        lines.append(f"{where}: {problem.get('msg', 'invalid')}")
    return "; ".join(lines) or "invalid request"


class BodyLimit:
    """Refuses request bodies over ``max_bytes`` with 413 before the app reads them.

    A declared Content-Length is checked up front; a body of unknown length is read up to the
    limit and then replayed to the app.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.max_bytes:
                await self._refuse(scope, receive, send)
                return
            if not message.get("more_body", False):
                break
        await self.app(scope, _replay(b"".join(chunks), receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        detail = f"request body over the limit of {self.max_bytes} bytes; split the report or send less"
        await error_response(413, "too_large", detail)(scope, receive, send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


