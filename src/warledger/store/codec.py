"""JSON codec for the typed values of mentions and event fields (Actor, Weapon, Place, ...).

A value is written as a JSON object of its dataclass fields plus a ``"type"`` tag; reading
rebuilds the exact dataclass, guided by the model's type hints (enums, dates, nested
dataclasses such as Place's candidates or a Source's span).
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date
from enum import Enum
from functools import cache
from typing import Any

from warledger.errors import StoreError
from warledger.model import (
    Actor,
    MentionValue,
    Place,
    Quantity,
    Source,
    TimeValue,
    Weapon,
)

# Tags are part of the stored format: renaming a class must not change them.
TAGS: dict[type, str] = {
    Actor: "actor",
    Weapon: "weapon",
    Place: "place",
    TimeValue: "time",
    Quantity: "quantity",
    Source: "source",
}
TYPES_BY_TAG: dict[str, type] = {tag: cls for cls, tag in TAGS.items()}
# Values that are already JSON-ready; checked by exact type, so enums (str subclasses) are not.
_SCALARS = frozenset({str, int, float, bool, type(None)})
# Built once: json.dumps with options builds a new encoder on every call. Values are trees.
_JSON = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def encode_value(value: MentionValue) -> str:
    """The JSON text of a typed value, tagged with its type."""
    tag = TAGS.get(type(value))
    if tag is None:
        raise StoreError(f"{type(value).__name__}: not a storable mention value")
    return _JSON.encode({"type": tag, **plain(value)})


def decode_value(text: str) -> MentionValue:
    """The typed value that :func:`encode_value` wrote as ``text``."""
    try:
        raw = json.loads(text)
        cls = TYPES_BY_TAG[raw.pop("type")]
        value: MentionValue = _rebuild(cls, raw)
        return value
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise StoreError(f"stored value {text[:80]!r}: cannot be decoded ({error!r})") from error


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: dataclasses and dicts to dicts, enums to values, dates to ISO
    text, tuples to lists."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    names = _field_names(kind)
    if names is not None:
        # Most fields are scalars: testing them here spares a call per field.
        return {
            name: item if type(item) in _SCALARS else plain(item)
            for name in names
            for item in (getattr(value, name),)
        }
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass type, None for any other type (looked up once per type)."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls))


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _rebuild(hint: Any, raw: Any) -> Any:
    """The Python value of type ``hint`` that :func:`plain` turned into ``raw``."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        if raw is None:
            return None
        arms = [arm for arm in typing.get_args(hint) if arm is not type(None)]
        if len(arms) != 1:
            raise TypeError(f"ambiguous union {hint}")
        return _rebuild(arms[0], raw)
    if typing.get_origin(hint) is tuple:
        item_hint = typing.get_args(hint)[0]
        return tuple(_rebuild(item_hint, item) for item in raw)
    if dataclasses.is_dataclass(hint):
        hints = _hints(hint)
        return hint(**{name: _rebuild(hints[name], item) for name, item in raw.items()})
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(raw)
    if hint is date:
        return date.fromisoformat(raw)
    if hint is float and isinstance(raw, int) and not isinstance(raw, bool):
        return float(raw)
    return raw
