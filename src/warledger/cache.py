"""Where warledger keeps what it builds once per machine (the gazetteer index, the unpacked encoder)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """``$WARLEDGER_CACHE_DIR``, else ``~/.cache/warledger``."""
    configured = os.environ.get("WARLEDGER_CACHE_DIR")
    return Path(configured) if configured else Path.home() / ".cache" / "warledger"
