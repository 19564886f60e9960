"""Every message the program can say exists, translated, in both catalogs."""
import pytest
from babel.messages.extract import extract_from_dir

from conftest import REPO
from generator import i18n


def used_messages() -> set[str]:
    found = extract_from_dir(str(REPO / "generator"), method_map=[("**.py", "python")], keywords={"_": None, "N_": None})
    return {message for _file, _line, message, _c, _ctx in found if isinstance(message, str)}


def test_every_message_is_translated_in_vietnamese_and_english():
    used = used_messages()
    assert len(used) > 30
    for lang in i18n.LANGUAGES:
        missing = sorted(m for m in used if m not in i18n.catalog(lang))
        assert not missing, f"{lang}: {missing}"


def test_vietnamese_is_the_default_and_english_on_request(monkeypatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    i18n.set_language(None)
    assert i18n._("file not found") == "không tìm thấy tệp"
    i18n.set_language("en")
    assert i18n._("file not found") == "file not found"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    i18n.set_language(None)
    assert i18n._("the file is empty") == "the file is empty"
    i18n.set_language("vi")


def test_translations_keep_every_placeholder():
    import re

    for lang in i18n.LANGUAGES:
        for msgid, msgstr in i18n.catalog(lang).items():
            assert set(re.findall(r"%\(\w+\)s", msgid)) == set(re.findall(r"%\(\w+\)s", msgstr)), (lang, msgid)


PO_SAMPLE = r"""# a comment
#, fuzzy
msgid ""
msgstr ""
"Language: vi\n"

#: a.py:1
msgid "two "
"lines"
msgstr "hai "
"dòng \"trích\" \\ \t tab\n"

#, python-format
msgid "empty %(x)s"
msgstr ""

#, fuzzy
msgid "fuzzy one"
msgstr "còn mờ"
#~ msgid "obsolete"
#~ msgstr "cũ"
msgid "last"
msgstr "cuối"
"""


@pytest.mark.parametrize("po", sorted((REPO / "generator" / "locale").rglob("*.po")), ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_the_catalogs_are_read_as_babel_reads_them(po):
    from generator.i18n import _babel_table, read_po_table

    lang = po.parts[-3]
    assert read_po_table(po.read_bytes(), lang) == _babel_table(po.read_bytes(), lang)


def test_the_catalog_reader_handles_what_babel_handles():
    from generator.i18n import _babel_table, read_po_table

    data = PO_SAMPLE.encode("utf-8")
    table = read_po_table(data, "vi")
    assert table == _babel_table(data, "vi")
    assert table["two lines"] == 'hai dòng "trích" \\ \t tab\n'
