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
from collections.abc import Callable
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
        value: MentionValue = _dataclass_converter(TYPES_BY_TAG[raw.pop("type")])(raw)
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


def _to_float(raw: Any) -> Any:
    # JSON writes 3.0 as 3; bool is an int subclass json.loads never gives for a number.
    return float(raw) if type(raw) is int else raw


@cache
def _converter(hint: Any) -> Callable[[Any], Any] | None:
    """What turns plain data into a value of type ``hint``; None when the data already is one.

    Built once per type from the model's type hints, so decoding a value walks no hints.
    """
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        arms = [arm for arm in typing.get_args(hint) if arm is not type(None)]
        if len(arms) != 1:
            raise TypeError(f"ambiguous union {hint}")
        arm = _converter(arms[0])
        return None if arm is None else lambda raw: None if raw is None else arm(raw)
    if typing.get_origin(hint) is tuple:
        item = _converter(typing.get_args(hint)[0])
        return tuple if item is None else lambda raw: tuple(item(x) for x in raw)
    if dataclasses.is_dataclass(hint):
        return _dataclass_converter(hint)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint
    if hint is date:
        return date.fromisoformat
    if hint is float:
        return _to_float
    return None


@cache
def _dataclass_converter(cls: type) -> Callable[[dict[str, Any]], Any]:
    """The dataclass ``cls`` from a dict of its fields, converting only the fields that need it."""
    converting = [
        (name, convert)
        for name, hint in typing.get_type_hints(cls).items()
        if (convert := _converter(hint)) is not None
    ]

    def rebuild(raw: dict[str, Any]) -> Any:
        # ``raw`` is json.loads' own dict: converting in place spares building another.
        for name, convert in converting:
            if name in raw:
                raw[name] = convert(raw[name])
        return cls(**raw)

    return rebuild
