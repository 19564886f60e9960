"""Vietnamese number formatting for the documents: Babel's format_decimal, without loading Babel's locale data.

Babel stays the reference: this module does for the three patterns the
documents use what Babel's NumberPattern.apply does with the vi locale's
symbols, and a test compares the two on a large sample of values. Any other
pattern or locale is passed to Babel itself. Loading Babel's locale data costs
more than rendering a report's numbers, on every run.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

VI = {"decimal": ",", "group": ".", "minus": "-"}
"""The vi locale's number symbols (CLDR, as Babel has them; the test checks them against Babel)."""

PATTERN = re.compile(r"#,##0(?:\.(0*)(#*))?")
"""The patterns the documents use: an integer part of at least one digit in groups of three, then up to
as many decimals as there are 0 and # (at least the 0s): "#,##0.#" (a percentage), "#,##0.00" (lần/tuần)."""
PATTERNS = (None, "#,##0", "#,##0.#", "#,##0.##", "#,##0.###", "#,##0.0", "#,##0.00", "#,##0.000", "#,##0.0#")
"""A sample of them, for the test that holds this module to Babel."""


def _decimals(format: str | None) -> tuple[int, int] | None:  # noqa: A002
    """Returns the (fewest, most) decimals of a pattern of :data:`PATTERN` (Babel's default: 0 to 3); None for another."""
    if format is None:
        return 0, 3
    match = PATTERN.fullmatch(format)
    if match is None:
        return None
    zeros, hashes = match[1] or "", match[2] or ""
    return len(zeros), len(zeros) + len(hashes)


def format_decimal(number, format: str | None = None, locale: str = "vi") -> str:  # noqa: A002 - Babel's signature
    """Returns ``number`` as Babel's ``format_decimal(number, format, locale)`` returns it: 1234.5 → "1.234,5"."""
    decimals = _decimals(format) if locale == "vi" else None
    if decimals is None:
        return _babel(number, format, locale)
    fewest, most = decimals
    if type(number) is int and not fewest:  # a count: Biểu 06 of 10,000 rows has 100,000 of them
        return (VI["minus"] if number < 0 else "") + _grouped(str(abs(number)))
    value = number if isinstance(number, Decimal) else Decimal(str(number))
    try:
        negative = value.is_signed()
        rounded = abs(value).normalize().quantize(Decimal(1).scaleb(-most))
    except InvalidOperation:
        return _babel(number, format, locale)
    whole, _sep, fraction = f"{rounded:f}".partition(".")
    text = _grouped(whole)
    fraction = (fraction or "0").ljust(fewest, "0")
    if most and not (fewest == 0 and int(fraction) == 0):
        while len(fraction) > fewest and fraction.endswith("0"):
            fraction = fraction[:-1]
        text += VI["decimal"] + fraction
    return (VI["minus"] if negative else "") + text


def _grouped(digits: str) -> str:
    """Returns the digits of a whole number with a group mark every three digits: "1234567" → "1.234.567"."""
    if len(digits) <= 3:
        return digits
    head = len(digits) % 3 or 3
    return VI["group"].join([digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)])


def _babel(number, format, locale) -> str:  # noqa: A002
    from babel.numbers import format_decimal as babel_format_decimal

    return babel_format_decimal(number, format=format, locale=locale)
