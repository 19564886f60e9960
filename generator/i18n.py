"""Messages for the clerk, from the Babel catalogs in generator/locale.

Message ids are English; the Vietnamese catalog is the default language. The
catalogs are read at run time (no compile step), once, on the first message.
"""
from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from importlib import resources

LANGUAGES = ("vi", "en")
_language = "vi"


def default_language() -> str:
    """Returns "en" when LANG asks for English, else "vi"."""
    lang = os.environ.get("LANG", "") or ""
    return "en" if lang.lower().startswith("en") else "vi"


def set_language(lang: str | None) -> None:
    global _language
    _language = lang if lang in LANGUAGES else default_language()


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """Returns the msgid → msgstr table of ``lang``, merged from every catalog (domain) of the language.

    An empty msgstr is left out, so that the message falls back to its msgid.
    """
    table: dict[str, str] = {}
    folder = resources.files("generator") / "locale" / lang / "LC_MESSAGES"
    for po in sorted(folder.iterdir(), key=lambda p: p.name):
        if po.name.endswith(".po"):
            table.update(read_po_table(po.read_bytes(), lang))
    return table


PO_LINE = re.compile(r'^(msgid|msgstr)?\s*("(?:[^"\\]|\\.)*")\s*$')
PO_ESCAPE = re.compile(r'\\([\\trn"])')
PO_ESCAPES = {"n": "\n", "t": "\t", "r": "\r"}


def read_po_table(data: bytes, lang: str) -> dict[str, str]:
    """Returns the translated messages of a .po file, as Babel's read_po reads them (a test holds it to Babel).

    The catalogs are read on the first message of every run, so the plain
    msgid/msgstr entries are read here without loading Babel; a catalog with
    anything more (plurals, contexts) is read by Babel.
    """
    text = data.decode("utf-8")
    if "msgid_plural" in text or "msgctxt" in text:
        return _babel_table(data, lang)
    table: dict[str, str] = {}
    entry: dict[str, list[str]] = {}
    part = None

    def close():
        msgid, msgstr = "".join(entry.get("msgid", [])), "".join(entry.get("msgstr", []))
        if msgid and msgstr:
            table[msgid] = msgstr
        entry.clear()

    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):  # comments, flags, obsolete entries (#~): between entries
            if "msgstr" in entry:
                close()
            continue
        match = PO_LINE.match(line)
        if match is None:
            return _babel_table(data, lang)
        if match[1] == "msgid" and "msgstr" in entry:
            close()
        part = match[1] or part
        if part is None:
            return _babel_table(data, lang)
        entry.setdefault(part, []).append(PO_ESCAPE.sub(lambda m: PO_ESCAPES.get(m[1], m[1]), match[2][1:-1]))
    close()
    return table


def _babel_table(data: bytes, lang: str) -> dict[str, str]:
    import io

    from babel.messages.pofile import read_po

    return {m.id: m.string for m in read_po(io.BytesIO(data), locale=lang) if m.id and m.string}


def _(message: str, **values) -> str:
    """Returns ``message`` translated into the current language, with ``%(name)s`` filled from ``values``."""
    text = catalog(_language).get(message, message)
    return text % values if values else text


def gettext(message: str) -> str:
    """Returns ``message`` translated, its placeholders left as they are: for click's own messages."""
    return catalog(_language).get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Returns the form of ``n`` translated (each form is its own msgid: Vietnamese has one form for all)."""
    return gettext(singular if n == 1 else plural)


def N_(message: str) -> str:
    """Returns ``message`` unchanged: marks a message chosen at run time for the catalogs (translated where shown)."""
    return message


def without_diacritics(text: str) -> str:
    """Returns ``text`` with Vietnamese diacritics dropped ("Đường" → "Duong"); other non-ASCII characters vanish.

    For file names and for consoles that cannot show Vietnamese.
    """
    text = text.replace("Đ", "D").replace("đ", "d")
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode()
