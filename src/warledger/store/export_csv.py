"""The CSV export: one row per event, written for Excel (UTF-8 with a BOM, ISO dates)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from warledger.store.export_rows import EVENT_COLUMNS, event_rows
from warledger.store.sqlite import Store


def write_csv(store: Store, path: Path) -> int:
    """Write every event of ``store`` to ``path`` as CSV; returns the number of rows."""
    names = [column.name for column in EVENT_COLUMNS]
    rows = 0
    # The BOM is how Excel tells UTF-8 from the local code page.
    with path.open("x", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for row in event_rows(store):
            writer.writerow([csv_cell(row[name]) for name in names])
            rows += 1
    return rows


def csv_cell(value: object) -> str:
    """A value as CSV text: ISO dates, true/false, whole numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
