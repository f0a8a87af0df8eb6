"""warledger: a sourced, structured, queryable record of reporting on armed conflict.

``Ledger`` is imported on first use, so importing a light module (``warledger.model``) does not
load spaCy and the store.
"""

from typing import Any

__all__ = ["Ledger", "WarledgerError"]


def __getattr__(name: str) -> Any:
    if name == "Ledger":
        from warledger.ledger import Ledger

        return Ledger
    if name == "WarledgerError":
        from warledger.errors import WarledgerError

        return WarledgerError
    raise AttributeError(f"module 'warledger' has no attribute {name!r}")
