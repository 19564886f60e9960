"""Fill empty Vietnamese msgstr entries from a JSON file of translations.

Usage: python tools/translate.py TRANSLATIONS.json   (keys: msgid, values: Vietnamese)
Prints the msgids still untranslated.
"""
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "generator" / "locale" / "vi" / "LC_MESSAGES" / "messages.po"


def main(path):
    table = json.loads(Path(path).read_text(encoding="utf-8"))
    with PO.open("rb") as f:
        catalog = read_po(f, locale="vi")
    for message in catalog:
        if message.id and not message.string and message.id in table:
            message.string = table[message.id]
    with PO.open("wb") as f:
        write_po(f, catalog, width=0)
    for message in catalog:
        if message.id and not message.string:
            print(message.id)


if __name__ == "__main__":
    main(sys.argv[1])
