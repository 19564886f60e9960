"""Messages for the clerk, from the Babel catalogs in generator/locale.

Message ids are English; the Vietnamese catalog is the default language. The
catalogs are read at run time (no compile step), once, on the first message.
"""
from __future__ import annotations

import os
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
    from babel.messages.pofile import read_po

    table: dict[str, str] = {}
    folder = resources.files("generator") / "locale" / lang / "LC_MESSAGES"
    for po in sorted(folder.iterdir(), key=lambda p: p.name):
        if po.name.endswith(".po"):
            with po.open("rb") as f:
                table.update((m.id, m.string) for m in read_po(f, locale=lang) if m.id and m.string)
    return table


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
