"""The constraints of the models (:mod:`generator.models`), and the validator that builds them from plain data.

Valid input takes the fast path: a few lines of Python per type that accept
only the plain, unambiguous case (an int for a count, "2023-08-28" for a date,
a str for a text) and build the dataclasses directly. Anything else (an error,
or a value that pydantic's lax rules would still accept, like the text "12"
for a Decimal) is handed to pydantic, which validates the same dataclasses
through the markers' ``__get_pydantic_core_schema__`` and either returns the
same objects or raises the errors the clerk's messages are made from. So
pydantic is imported only when something is wrong or unusual, and a
differential test holds the fast path to pydantic's result.
"""
from __future__ import annotations

import dataclasses
import re
import types
import typing
from datetime import date
from decimal import Decimal
from functools import lru_cache


class Invalid(Exception):
    """The data does not fit the model; ``errors`` are pydantic's error dicts (type, loc, input, ctx)."""

    def __init__(self, errors: list[dict]):
        super().__init__(f"{len(errors)} validation errors")
        self.errors = errors


class _Declined(Exception):
    """The fast path leaves this value to pydantic."""


class _Constraint:
    """A marker in ``Annotated[...]`` that sets keys of pydantic-core's schema and checks the value on the fast path."""

    def __init__(self, **schema):
        self.schema = schema

    def __get_pydantic_core_schema__(self, source, handler):
        return {**handler(source), **self.schema}

    def accepts(self, value) -> bool:
        raise NotImplementedError


class _Strict(_Constraint):
    def __init__(self):
        super().__init__(strict=True)

    def accepts(self, value) -> bool:
        return True  # the fast path is strict everywhere


class _NonNegative(_Constraint):
    def __init__(self):
        super().__init__(ge=0)

    def accepts(self, value) -> bool:
        return value >= 0


class Pattern(_Constraint):
    def __init__(self, pattern: str):
        super().__init__(pattern=pattern)
        self.regex = re.compile(pattern)

    def accepts(self, value) -> bool:
        return self.regex.search(value) is not None


class MinLength(_Constraint):
    def __init__(self, length: int):
        super().__init__(min_length=length)
        self.length = length

    def accepts(self, value) -> bool:
        return len(value) >= self.length


STRICT = _Strict()
NON_NEGATIVE = _NonNegative()


class Before:
    """A marker: the value passes through ``before`` first (pydantic's BeforeValidator)."""

    def __init__(self, before):
        self.before = before

    def __get_pydantic_core_schema__(self, source, handler):
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(self.before, handler(source))


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NATURAL = {int: int, str: str, bool: bool, date: str, Decimal: int, list: list, dict: dict}
"""The Python type of the plain YAML value each type is built from on the fast path."""


@lru_cache(maxsize=None)
def _hints(model: type) -> dict:
    return typing.get_type_hints(model, include_extras=True)


def _natural(tp) -> type | None:
    """Returns the one Python type the fast path builds ``tp`` from (Text: str, a model: dict); None when unsure."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _natural(typing.get_args(tp)[0])
    if origin is typing.Literal:
        return str
    if dataclasses.is_dataclass(tp):
        return dict
    return NATURAL.get(origin or tp)


def _fast(tp, value):
    """Returns ``value`` built as ``tp``; raises _Declined for anything but the plain case."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(tp)
        for m in metadata:
            if isinstance(m, Before):
                value = m.before(value)
        value = _fast(base, value)
        if not all(m.accepts(value) for m in metadata if isinstance(m, _Constraint)):
            raise _Declined
        return value
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in typing.get_args(tp):
            return None
        branches = [a for a in typing.get_args(tp) if a is not type(None) and _natural(a) is type(value)]
        if len(branches) != 1:
            raise _Declined
        return _fast(branches[0], value)
    if origin is typing.Literal:
        if type(value) is str and value in typing.get_args(tp):
            return value
        raise _Declined
    if origin is list:
        if type(value) is not list:
            raise _Declined
        (item,) = typing.get_args(tp)
        return [_fast(item, v) for v in value]
    if origin is dict:
        if type(value) is not dict:
            raise _Declined
        k, v = typing.get_args(tp)
        return {_fast(k, key): _fast(v, item) for key, item in value.items()}
    if dataclasses.is_dataclass(tp):
        return _build(tp, value)
    if tp is date:
        if type(value) is str and ISO_DATE.fullmatch(value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise _Declined
    if tp is Decimal:
        if type(value) is int:
            return Decimal(value)
        raise _Declined
    if type(value) is tp:  # int, str, bool
        return value
    raise _Declined


def _build(model: type, data):
    if type(data) is not dict:
        raise _Declined
    hints = _hints(model)
    if any(k not in hints for k in data):
        raise _Declined
    values = {}
    for f in dataclasses.fields(model):
        if f.name in data:
            values[f.name] = _fast(hints[f.name], data[f.name])
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise _Declined
    return model(**values)


@lru_cache(maxsize=None)
def _adapter(model: type):
    from pydantic import TypeAdapter

    return TypeAdapter(model)


def validate_model(model: type, data):
    """Returns the dataclass ``model`` built from plain ``data``; raises Invalid with pydantic's errors when it does not fit."""
    try:
        return _build(model, data)
    except _Declined:
        pass
    from pydantic import ValidationError

    try:
        return _adapter(model).validate_python(data)
    except ValidationError as exc:
        raise Invalid(exc.errors()) from None


def pydantic_only(model: type, data):
    """Returns ``model`` built by pydantic alone (for the differential test of the fast path)."""
    return _adapter(model).validate_python(data)
