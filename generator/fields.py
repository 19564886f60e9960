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


def _declined(value):
    raise _Declined


@lru_cache(maxsize=None)
def _validator(tp):
    """Returns the fast path's function for ``tp``: value → the value built as ``tp``; it raises _Declined for anything but the plain case.

    Made once per type, so that a Biểu 06 of 10,000 rows does not take the type apart 90,000 times.
    """
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, *metadata = typing.get_args(tp)
        before = [m.before for m in metadata if isinstance(m, Before)]
        checks = tuple(m.accepts for m in metadata if isinstance(m, _Constraint))
        inner = _validator(base)

        def annotated(value):
            for fn in before:
                value = fn(value)
            value = inner(value)
            for accepts in checks:
                if not accepts(value):
                    raise _Declined
            return value
        return annotated
    if origin in (typing.Union, types.UnionType):
        optional = type(None) in typing.get_args(tp)
        by_type: dict = {}
        for arg in typing.get_args(tp):
            if arg is not type(None):
                by_type.setdefault(_natural(arg), []).append(_validator(arg))

        def union(value):
            if value is None and optional:
                return None
            branches = by_type.get(type(value), ())
            if len(branches) != 1:
                raise _Declined
            return branches[0](value)
        return union
    if origin is typing.Literal:
        allowed = frozenset(typing.get_args(tp))

        def literal(value):
            if type(value) is str and value in allowed:
                return value
            raise _Declined
        return literal
    if origin is list:
        item = _validator(typing.get_args(tp)[0])

        def list_of(value):
            if type(value) is not list:
                raise _Declined
            return [item(v) for v in value]
        return list_of
    if origin is dict:
        key, item = (_validator(a) for a in typing.get_args(tp))

        def dict_of(value):
            if type(value) is not dict:
                raise _Declined
            return {key(k): item(v) for k, v in value.items()}
        return dict_of
    if dataclasses.is_dataclass(tp):
        return lambda value: _build(tp, value)
    if tp is date:
        def iso_date(value):
            if type(value) is str and ISO_DATE.fullmatch(value):
                try:
                    return date.fromisoformat(value)
                except ValueError:
                    pass
            raise _Declined
        return iso_date
    if tp is Decimal:
        def decimal(value):
            if type(value) is int:
                return Decimal(value)
            raise _Declined
        return decimal
    if tp in (int, str, bool):
        def exact(value):
            if type(value) is tp:
                return value
            raise _Declined
        return exact
    return _declined


@lru_cache(maxsize=None)
def _plan(model: type) -> tuple:
    """Returns the fields of ``model``: (name, validator, default) each, the default None for a required field or
    else what makes its value; and the set of names."""
    hints = typing.get_type_hints(model, include_extras=True)
    fields = tuple((f.name, _validator(hints[f.name]), _default(f)) for f in dataclasses.fields(model))
    return fields, frozenset(name for name, _v, _d in fields)


def _default(field: dataclasses.Field):
    """Returns what makes the default value of ``field`` (as the dataclass's __init__ makes it); None when it has none."""
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory
    if field.default is not dataclasses.MISSING:
        return lambda: field.default
    return None


def _build(model: type, data):
    if type(data) is not dict:
        raise _Declined
    fields, names = _plan(model)
    if not names.issuperset(data):
        raise _Declined
    values = {}
    for name, validator, default in fields:
        if name in data:
            values[name] = validator(data[name])
        elif default is None:
            raise _Declined
        else:
            values[name] = default()
    # Every field checked and in order, they are set as the dataclass's __init__ sets them, but without the
    # frozen model's check of each assignment: that check was most of the cost of a Biểu 06 row.
    built = object.__new__(model)
    built.__dict__.update(values)
    return built


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
