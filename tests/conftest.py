"""Shared fixtures: the real spaCy pipeline and a helper that runs named extractors over a text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import cache

import pytest

from warledger.extract.pipeline import DEFAULT_COMPONENTS, Pipeline
from warledger.model import Document, Extraction

ExtractFn = Callable[..., Extraction]


@cache
def _pipeline(components: tuple[str, ...]) -> Pipeline:
    return Pipeline(components)


def run_extractors(
    text: str,
    components: Sequence[str] = DEFAULT_COMPONENTS,
    report_date: date | str | None = None,
) -> Extraction:
    """Run the named extractors (in pipeline order) over ``text`` reported on ``report_date``."""
    if isinstance(report_date, str):
        report_date = date.fromisoformat(report_date)
    ordered = tuple(name for name in DEFAULT_COMPONENTS if name in components)
    return _pipeline(ordered).extract(Document.create(text, date=report_date))


@pytest.fixture(scope="session")
def extract() -> ExtractFn:
    """``extract(text, components=..., report_date=...)`` -> the Extraction of that text."""
    return run_extractors
