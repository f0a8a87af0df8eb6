"""The one public exception base, :class:`WarledgerError`, and its families.

Lower-level errors (UnicodeDecodeError, json.JSONDecodeError, sqlite3.Error, ...) are translated
into the most specific of these, with a message that names the input and says what to do next.
"""

from __future__ import annotations


class WarledgerError(Exception):
    """Base of every error warledger raises on purpose."""

    exit_code = 1


class InputError(WarledgerError):
    """An input (file, record, request body) cannot be read as a report."""

    exit_code = 2

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input is binary, not text."""


class EncodingError(InputError):
    """The input's encoding cannot be determined or decoded."""


class TooLargeError(InputError):
    """The input exceeds the size limit."""


class MalformedInputError(InputError):
    """The input is not valid for its format (JSON, CSV, HTML, feed, date header)."""


class UnsupportedInputError(InputError):
    """No reader handles this kind of input."""


class ConfigError(WarledgerError):
    """A setting or data file is invalid."""

    exit_code = 2


class StoreError(WarledgerError):
    """The ledger database cannot be opened, read or written."""

    exit_code = 3


class OutputError(WarledgerError):
    """An export cannot be written where it was asked to go."""

    exit_code = 2


class NotFoundError(WarledgerError):
    """A requested record (event, document) does not exist."""

    exit_code = 4


class EvaluationError(WarledgerError):
    """An evaluation set cannot be read or scored."""

    exit_code = 2


class AccessError(WarledgerError):
    """A request may not do what it asks (HTTP API writes)."""

    exit_code = 2


class CredentialsError(AccessError):
    """The request's bearer token is missing or wrong."""


class WritesDisabledError(AccessError):
    """The server has no token configured, so it refuses every write."""


class ClusterError(WarledgerError):
    """The Dask cluster cannot be reached, or lost a worker while extracting."""

    exit_code = 3
