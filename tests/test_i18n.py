"""Every message the program can say exists, translated, in both catalogs."""
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
