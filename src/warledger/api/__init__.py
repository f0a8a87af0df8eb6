"""The HTTP API: ``create_app(db_path, token)`` for tests and embedding, ``serve`` for the CLI."""

from warledger.api.app import create_app
from warledger.api.server import serve

__all__ = ["create_app", "serve"]
