"""The Vietnamese number formatter of the hot path against Babel, the reference, on a large sample of values and patterns."""
from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_decimal as babel_format_decimal
from babel.numbers import get_decimal_symbol, get_group_symbol, get_minus_sign_symbol
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.numbers import PATTERNS, VI, format_decimal

PATTERN = st.sampled_from(sorted(PATTERNS, key=str))
VALUES = st.one_of(
    st.integers(-10**15, 10**15),
    st.integers(0, 8).flatmap(lambda places: st.decimals(min_value=-10**12, max_value=10**12, allow_nan=False, allow_infinity=False,
                                                         places=places)),
    st.decimals(min_value=-10**6, max_value=10**6, allow_nan=False, allow_infinity=False),
    st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
    st.fractions(max_denominator=1000).map(lambda f: Decimal(f.numerator) / Decimal(f.denominator)),
)


def outcome(fn, *args, **kwargs):
    """Returns what ``fn`` returns, or the name of the exception it raises (Babel refuses some huge numbers)."""
    try:
        return fn(*args, **kwargs)
    except Exception as exc:
        return type(exc).__name__


@pytest.mark.slow
@settings(max_examples=1500, deadline=None)
@given(VALUES, PATTERN)
def test_the_formatter_writes_what_babel_writes(value, pattern):
    assert outcome(format_decimal, value, format=pattern) == outcome(babel_format_decimal, value, format=pattern, locale="vi")


@pytest.mark.parametrize("value", [0, -0.0, Decimal("-0"), Decimal("0.05"), Decimal("0.15"), Decimal("0.25"), Decimal("12.55"),
                                   Decimal("12.45"), Decimal("99.95"), Decimal("1E+3"), Decimal("100.0"), 1000, 999, 1234567,
                                   -1234.5, Decimal("1E+20"), Decimal("123456789012345678901234.5")])
@pytest.mark.parametrize("pattern", sorted(PATTERNS, key=str))
def test_edges_half_even_rounding_negative_zero_and_huge_numbers(value, pattern):
    assert outcome(format_decimal, value, format=pattern) == outcome(babel_format_decimal, value, format=pattern, locale="vi")


def test_the_symbols_are_babels():
    assert VI == {"decimal": get_decimal_symbol("vi"), "group": get_group_symbol("vi"), "minus": get_minus_sign_symbol("vi")}


def test_other_patterns_and_locales_go_to_babel():
    assert format_decimal(1234.5, format="#,##0.00", locale="vi") == "1.234,50"
    assert format_decimal(1234.5, locale="en") == "1,234.5"
