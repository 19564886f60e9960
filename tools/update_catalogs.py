"""Extract the messages of generator/ into the Babel catalogs, keeping the translations already made.

Usage: python tools/update_catalogs.py   (then translate the empty msgstr entries)
"""
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "generator" / "locale"


# The layout checker's messages live in their own catalog, check.po.
CHECKER_FILES = ("check.py", "checker/")


def extracted() -> list[str]:
    found = extract_from_dir(str(ROOT / "generator"), method_map=[("**.py", "python")], keywords={"_": None, "N_": None})
    ids = []
    for file, _line, message, _comments, _context in found:
        if file.startswith(CHECKER_FILES):
            continue
        if message not in ids:
            ids.append(message)
    return ids


def main():
    ids = extracted()
    for lang in ("vi", "en"):
        path = LOCALE / lang / "LC_MESSAGES" / "messages.po"
        old = {}
        if path.exists():
            with path.open("rb") as f:
                old = {m.id: m.string for m in read_po(f) if m.id}
        catalog = Catalog(locale=lang, project="cchc-docs", charset="utf-8")
        for msgid in ids:
            catalog.add(msgid, old.get(msgid) or (msgid if lang == "en" else ""), flags=["python-format"] if "%(" in msgid else [])
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=0, omit_header=False, sort_output=False)


if __name__ == "__main__":
    main()
