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

    def as_dict(self) -> dict[str, str]:
        """Returns the violation as strings in the current language (the area as its stable key)."""
        return {"code": self.code, "area": self.area, "where": str(self.where),
                "found": str(self.found), "expected": str(self.expected)}


def figure(value: float) -> str:
    """Returns a number for a message: "13" for 13.0, "4.6" for 4.6391."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def quoted(text: str, limit: int = 60) -> str:
    """Returns ``text`` on one line in quotes, cut to ``limit`` characters."""
    text = re.sub(r"\s+", " ", text).strip()
    return "“" + (text if len(text) <= limit else text[: limit - 1] + "…") + "”"


def joined(*parts, sep=", ") -> Text:
    return Text(tuple(p for p in parts if p), sep)
