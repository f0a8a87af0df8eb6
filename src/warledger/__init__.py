"""warledger: a sourced, structured, queryable record of reporting on armed conflict."""

from warledger.errors import WarledgerError
from warledger.ledger import Ledger

__all__ = ["Ledger", "WarledgerError"]
