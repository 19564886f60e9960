"""The committed templates are what tools/make_templates.py makes, and they render under the sandbox."""
from __future__ import annotations

import importlib.util
import zipfile

import pytest

from conftest import REPO
from generator.render import environment

spec = importlib.util.spec_from_file_location("make_templates", REPO / "tools" / "make_templates.py")
make_templates = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_templates)


def xml_parts(path):
    """Returns the XML parts of a .docx by name; core properties (dates of saving) are left out."""
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.endswith((".xml", ".rels")) and n != "docProps/core.xml"}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(make_templates.TEMPLATES))
def test_committed_template_is_what_the_script_makes(name, tmp_path):
    make_templates.main(tmp_path)
    assert xml_parts(tmp_path / name) == xml_parts(REPO / "templates" / name), (
        f"templates/{name} differs from what tools/make_templates.py makes: run `python tools/make_templates.py`"
    )


def test_templates_use_only_known_names():
    """Every name each template uses, nested ones included, is in the context of its document."""
    from generator.pipeline import Options, validate_only

    year, documents, _ = validate_only("all", Options(inputs=REPO / "inputs", templates=REPO / "templates"))
    assert documents == ["q1", "q2", "q3", "nam", "ke-hoach"]


def test_sandbox_refuses_reaching_into_python_and_still_renders_plain_names():
    from jinja2.exceptions import SecurityError, UndefinedError

    env = environment()
    assert env.from_string("{{ a }} & {{ b }}").render(a="<x>", b="Lưu & VT") == "&lt;x&gt; & Lưu &amp; VT"
    with pytest.raises(SecurityError):
        env.from_string("{{ a.__class__.__mro__ }}").render(a="x")
    with pytest.raises(UndefinedError):
        env.from_string("{{ missing }}").render()


def test_every_package_and_data_file_is_installed():
    """setup.cfg lists every package of generator/ and the data files they read (pip install . must work)."""
    import configparser

    cfg = configparser.ConfigParser()
    cfg.read(REPO / "setup.cfg", encoding="utf-8")
    listed = {p.strip() for p in cfg["options"]["packages"].split(",")}
    found = {".".join(p.parent.relative_to(REPO).parts) for p in (REPO / "generator").rglob("__init__.py")}
    assert found <= listed, found - listed
    data = cfg["options.package_data"]["generator"]
    for pattern in ("locale/*/LC_MESSAGES/*.po", "skeleton/*.yaml"):
        assert pattern in data
        assert list((REPO / "generator").glob(pattern))
