"""Messages and violations of the layout checker.

A message is kept as (msgid, values) and translated when it is shown, so a
report comes out in the language current at display time, whenever the
document was checked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from generator.i18n import _


@dataclass(frozen=True)
class Msg:
    """A message id with its values, translated when turned into text."""

    msgid: str
    values: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        return _(self.msgid, **dict(self.values)) if self.values else _(self.msgid)


def _m(msgid: str, **values) -> Msg:
    """Returns a message to translate later; numbers are formatted now ("13", "4.6")."""
    return Msg(msgid, tuple((k, figure(v) if isinstance(v, float) else str(v)) for k, v in values.items()))


@dataclass(frozen=True)
class Text:
    """Parts of a message (Msg or verbatim text) shown joined by ``sep``."""

    parts: tuple = ()
    sep: str = ", "

    def __str__(self) -> str:
        return self.sep.join(str(p) for p in self.parts)


@dataclass(frozen=True)
class Violation:
    """One breach of a rule of nd30.md: its code, the area and element where it is, what was found and what is expected."""

    code: str
    area: str
    where: Text
    found: Text
    expected: Text
    note: bool = False
    """A note is not a violation: what the văn thư completes at issuance (the number and day of a draft)."""
    count: int = 1
    """How many elements show this same fault (one line for a repeated pattern)."""

    def as_dict(self) -> dict[str, str]:
        """Returns the violation as strings in the current language (the area as its stable key)."""
        return {"code": self.code, "severity": "note" if self.note else "violation", "area": self.area,
                "where": str(self.where), "found": str(self.found), "expected": str(self.expected), "count": self.count}


def figure(value: float) -> str:
    """Returns a number for a message: "13" for 13.0, "4.6" for 4.6391."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def decisive(value: float, low: float, high: float) -> tuple[str, str, str]:
    """Returns a value and the bounds of its range printed with the precision that decides them.

    One decimal, or more where one decimal would print a value outside the
    range as one of its bounds ("found 5.2 cm; expected 5.2–8.6 cm" reads
    5.17 against 5.19): at most three.
    """
    for digits in (1, 2, 3):
        shown = [f"{x:.{digits}f}".rstrip("0").rstrip(".") for x in (value, low, high)]
        inside = low <= value <= high
        if inside == (float(shown[1]) <= float(shown[0]) <= float(shown[2])):
            return tuple(shown)
    return tuple(shown)


def quoted(text: str, limit: int = 60) -> str:
    """Returns ``text`` on one line in quotes, cut to ``limit`` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


def joined(*parts, sep=", ") -> Text:
    return Text(tuple(p for p in parts if p), sep)
